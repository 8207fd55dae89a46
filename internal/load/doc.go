// Package load reads a site directory into a valid model.Site.
//
// Files are decoded into a generic TOML tree and read by typed accessors
// that record every problem with its file, line and column, so one run
// reports all of them. Validation then checks the rules that span entries
// and files: unique ids and ranks, references, scorecard ranges and
// equations, sprint logs replayed event by event, carry-over and
// overlapping sprints. A Site that loads is valid; later stages rely on it.
//
// It reads only through the fs.FS it is given (Dir opens one rooted at the
// site) and may import model and the standard library.
package load
