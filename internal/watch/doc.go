// Package watch turns saves under a site directory into rebuilds: a
// recursive watcher that follows folders created and removed later, skips
// editor leftovers (model.IsEditorLeftover) and the output folder, and
// turns a burst of file events (an editor's save is several) into one
// rebuild. It also says how a rebuild went, in the same words for watch
// and serve: the problems of a failed build, what changed, how long it took.
//
// It may import model, fsnotify and the standard library.
package watch
