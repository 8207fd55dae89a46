// Package output is where a build's files go: a directory or memory, the
// one check of output names and of output folders that build, watch and
// serve share, and the swap that replaces a published folder by a new one.
//
// It may import the standard library only.
package output
