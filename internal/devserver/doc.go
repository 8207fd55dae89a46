// Package devserver is the live server behind `backlogsite serve`: the last
// good build in memory (pages rendered on demand), a rebuild on every save
// through watch, an event stream that reloads open pages or swaps their
// styles, and an overlay with the problems of a failed build.
//
// It may import generator (Open), load (its Cache), model, render, watch and the standard
// library; it never writes to disk.
package devserver
