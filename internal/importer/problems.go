package importer

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is a part of an export that could not be read: a row, an entry of
// a JSON file, or the whole file (Line 0).
type Problem struct {
	Path string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line == 0 {
		return p.Path + ": " + p.Msg
	}
	return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Msg)
}

// Problems collects every problem of one import, so that a user fixes them
// all in one round instead of one per run.
type Problems []Problem

// Add records a problem at path:line.
func (ps *Problems) Add(path string, line int, format string, args ...any) {
	*ps = append(*ps, Problem{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Sorted returns the problems ordered by file, line and message, without
// exact repeats.
func (ps Problems) Sorted() Problems {
	out := slices.Clone(ps)
	slices.SortFunc(out, func(a, b Problem) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), strings.Compare(a.Msg, b.Msg))
	})
	return slices.Compact(out)
}

// Error lists the problems one per line, sorted.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps.Sorted() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}
