package importer

import (
	"strconv"
	"strings"
)

// EntryReader reads a JSON list of named entries (sprints, versions,
// milestones) with ReadJSONList: an entry without a name is a problem and is
// left out, and the others are handed to a function with an Entry through
// which their dates are read.
type EntryReader[T any] struct {
	What    string // "sprint": how a problem names an entry
	Key     string // the array's key in a paged object, "" for a bare array
	Name    func(T) string
	Title   bool // the name is a "title" (in problems)
	Parse   func(string) (Date, bool)
	Example string // a date as the file writes them, for problems
}

// Read calls fn for each named entry of src, in order.
func (r EntryReader[T]) Read(src Source, ps *Problems, fn func(v T, e *Entry)) {
	for _, d := range ReadJSONList[T](src, r.Key, ps) {
		name := strings.TrimSpace(r.Name(d.Value))
		if name == "" {
			field := "name"
			if r.Title {
				field = "title"
			}
			ps.Add(src.Path, d.Line, "a %s has no %s", r.What, field)
			continue
		}
		fn(d.Value, &Entry{Name: name, what: r.What + " " + strconv.Quote(name), path: src.Path, line: d.Line, ps: ps, parse: r.Parse, example: r.Example})
	}
}

// Entry is one entry being read.
type Entry struct {
	Name                string
	what, path, example string
	line                int
	ps                  *Problems
	parse               func(string) (Date, bool)
	failed              bool
}

// Date reads the date in a field; a bad one is a problem and fails the
// entry. An empty field is no date.
func (e *Entry) Date(field, s string) Date {
	if s == "" {
		return Date{}
	}
	d, ok := e.parse(s)
	if !ok {
		e.ps.Add(e.path, e.line, "%s: %s %q is not a date like %s", e.what, field, s, e.example)
		e.failed = true
	}
	return d
}

// Failed reports whether a field of the entry could not be read: the entry
// is then left out.
func (e *Entry) Failed() bool { return e.failed }
