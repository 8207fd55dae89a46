// Package output is where a build's files go: a directory or memory, the
// one check of output names and of output folders that build, watch and
// serve share, and the two ways a build replaces a published folder: in
// place, changing only what changed (Update), or by a new folder
// exchanged for it (Publish).
//
// It may import the standard library, and golang.org/x/sys/unix on Linux
// for openat2, which resolves a path without passing through a link in
// one system call.
package output
