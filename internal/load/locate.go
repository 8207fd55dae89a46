package load

import (
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/backlogsite/backlogsite/internal/model"
)

// locator finds where keys and array elements of one TOML file are written.
//
// BurntSushi/toml reports positions only for syntax errors: its per-key
// positions are private and forget which [[feature]] of many a key belongs
// to. The checks after parsing still need "file:line:col" for every problem,
// so this scanner walks the source (it is already known to be valid TOML)
// and records the position of every key, table header and array element
// under a path such as feature[3].scores.value or log[2].done[1].
//
// A valid file needs only its table headers located (each entity remembers
// where it starts), so the first walk records headers alone; every key and
// element is recorded by a second walk on the first question about one,
// which only a file with a problem asks. That halves the locator's share of
// loading a large site.
type locator struct {
	file       string
	src        string
	lineStarts []int32
	at         map[string]int // path → byte offset
	// elems holds where the elements of each array start, by the array's
	// path: four bytes an element rather than a map entry of a hundred,
	// which an array of a million numbers with a problem would fill.
	elems    map[string][]int32
	fullOnce sync.Once
}

// pathSep joins path parts; it cannot occur in a TOML key we accept.
const pathSep = "\x00"

// keyPath builds a locator path from keys (string) and indexes (int).
func keyPath(parts ...any) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(pathSep)
		}
		switch v := p.(type) {
		case string:
			b.WriteString(v)
		case int:
			b.WriteByte('#')
			b.WriteString(strconv.Itoa(v))
		}
	}
	return b.String()
}

// newLocator locates the table headers of src, a file of at most 2 GiB
// (the loader reads far less).
func newLocator(file, src string) *locator {
	l := &locator{file: file, src: src, at: map[string]int{}, elems: map[string][]int32{}, lineStarts: []int32{0}}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			l.lineStarts = append(l.lineStarts, int32(i+1))
		}
	}
	s := &tomlScanner{l: l, src: l.src, arrays: map[string]int{}}
	s.document()
	return l
}

// locateAll records every key and element, once.
func (l *locator) locateAll() {
	l.fullOnce.Do(func() {
		s := &tomlScanner{l: l, src: l.src, arrays: map[string]int{}, everything: true}
		s.document()
	})
}

// pos returns the position of the longest known prefix of the path: the
// element itself when it was written, else its key, else its table.
func (l *locator) pos(parts ...any) model.Pos {
	if len(parts) == 0 {
		return model.Pos{Path: l.file, Line: 1, Col: 1}
	}
	if off, ok := l.at[keyPath(parts...)]; ok {
		return l.posAt(off)
	}
	l.locateAll()
	for n := len(parts); n > 0; n-- {
		if off, ok := l.offset(parts[:n]); ok {
			return l.posAt(off)
		}
	}
	return model.Pos{Path: l.file, Line: 1, Col: 1}
}

// offset is where the exact path was written, once everything is located.
func (l *locator) offset(parts []any) (int, bool) {
	if off, ok := l.at[keyPath(parts...)]; ok {
		return off, true
	}
	if n := len(parts); n > 0 {
		if i, isIndex := parts[n-1].(int); isIndex {
			if offs := l.elems[keyPath(parts[:n-1]...)]; i >= 0 && i < len(offs) {
				return int(offs[i]), true
			}
		}
	}
	return 0, false
}

// has reports whether the exact path was written in the file.
func (l *locator) has(parts ...any) bool {
	l.locateAll()
	_, ok := l.offset(parts)
	return ok
}

func (l *locator) posAt(off int) model.Pos {
	line := sort.Search(len(l.lineStarts), func(i int) bool { return int(l.lineStarts[i]) > off }) - 1
	return model.Pos{Path: l.file, Line: line + 1, Col: off - int(l.lineStarts[line]) + 1}
}

type tomlScanner struct {
	l      *locator
	src    string
	i      int
	arrays map[string]int // array-of-tables header → entries seen
	// everything records keys and array elements too, not only headers.
	everything bool
}

func (s *tomlScanner) peek(k int) byte {
	if s.i+k < len(s.src) {
		return s.src[s.i+k]
	}
	return 0
}

// skipSpace skips blanks, and newlines and comments when multiline is set.
func (s *tomlScanner) skipSpace(multiline bool) {
	for s.i < len(s.src) {
		switch c := s.src[s.i]; {
		case c == ' ' || c == '\t':
			s.i++
		case c == '#':
			for s.i < len(s.src) && s.src[s.i] != '\n' {
				s.i++
			}
		case multiline && (c == '\n' || c == '\r'):
			s.i++
		default:
			return
		}
	}
}

func (s *tomlScanner) document() {
	var table []any
	for s.i < len(s.src) {
		start := s.i
		s.skipSpace(true)
		if s.i >= len(s.src) {
			return
		}
		if s.src[s.i] == '[' {
			array := s.peek(1) == '['
			at := s.i
			if array {
				s.i += 2
			} else {
				s.i++
			}
			keys := s.key()
			table = table[:0]
			for i, k := range keys {
				table = append(table, k)
				// [feature.scores] after [[feature]] belongs to the latest feature.
				if n, ok := s.arrays[keyPath(table...)]; ok && !(array && i == len(keys)-1) {
					table = append(table, n-1)
				}
			}
			if array {
				name := keyPath(table...)
				n := s.arrays[name]
				s.arrays[name] = n + 1
				if n == 0 { // the array as a whole is where it is first written
					s.l.at[name] = at
				}
				table = append(table, n)
			}
			s.l.at[keyPath(table...)] = at
			s.toLineEnd()
		} else {
			at := s.i
			keys := s.key()
			var path []any
			if s.everything {
				path = append(append([]any{}, table...), stringsToAny(keys)...)
				s.l.at[keyPath(path...)] = at
			}
			s.skipSpace(false)
			if s.peek(0) == '=' {
				s.i++
			}
			s.value(path)
			s.toLineEnd()
		}
		if s.i == start { // never loop without progress, whatever the input
			s.i++
		}
	}
}

func stringsToAny(keys []string) []any {
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = k
	}
	return out
}

func (s *tomlScanner) toLineEnd() {
	for s.i < len(s.src) && s.src[s.i] != '\n' {
		s.i++
	}
}

// key reads a dotted key of bare and quoted parts.
func (s *tomlScanner) key() []string {
	var keys []string
	for {
		s.skipSpace(false)
		switch c := s.peek(0); {
		case c == '"' || c == '\'':
			start := s.i
			s.stringValue()
			keys = append(keys, unquoteTOMLKey(s.src[start:s.i]))
		default:
			start := s.i
			for s.i < len(s.src) && isBareKeyByte(s.src[s.i]) {
				s.i++
			}
			keys = append(keys, s.src[start:s.i])
		}
		s.skipSpace(false)
		if s.peek(0) != '.' {
			return keys
		}
		s.i++
	}
}

func isBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func unquoteTOMLKey(q string) string {
	if strings.HasPrefix(q, "'") {
		return strings.Trim(q, "'")
	}
	if v, err := strconv.Unquote(q); err == nil {
		return v
	}
	return strings.Trim(q, `"`)
}

// value skips one value, recording the positions of array elements and of
// inline-table keys under path.
func (s *tomlScanner) value(path []any) {
	s.skipSpace(false)
	switch s.peek(0) {
	case '"', '\'':
		s.stringValue()
	case '[':
		s.i++
		var offsets []int32
		for n := 0; s.i < len(s.src); n++ {
			s.skipSpace(true)
			if s.peek(0) == ']' || s.i >= len(s.src) {
				break
			}
			// Only an element with keys or elements of its own needs a
			// path for them.
			var elem []any
			if s.everything {
				offsets = append(offsets, int32(s.i))
				if c := s.peek(0); c == '[' || c == '{' {
					elem = append(append([]any{}, path...), n)
				}
			}
			start := s.i
			s.value(elem)
			s.skipSpace(true)
			if s.peek(0) == ',' {
				s.i++
			} else if s.i == start {
				s.i++
			}
		}
		if s.everything {
			s.l.elems[keyPath(path...)] = offsets
		}
		s.i = min(s.i+1, len(s.src))
	case '{':
		s.i++
		for s.i < len(s.src) {
			s.skipSpace(false)
			if s.peek(0) == '}' {
				break
			}
			start := s.i
			keys := s.key()
			var sub []any
			if s.everything {
				sub = append(append([]any{}, path...), stringsToAny(keys)...)
				s.l.at[keyPath(sub...)] = start
			}
			s.skipSpace(false)
			if s.peek(0) == '=' {
				s.i++
			}
			s.value(sub)
			s.skipSpace(false)
			if s.peek(0) == ',' {
				s.i++
			} else if s.i == start {
				s.i++
			}
		}
		s.i = min(s.i+1, len(s.src))
	default:
		for s.i < len(s.src) && strings.IndexByte(",]}\n#", s.src[s.i]) < 0 {
			s.i++
		}
	}
}

// stringValue skips a basic, literal or multi-line string. It never moves
// past the end of the source, even on an unterminated string.
func (s *tomlScanner) stringValue() {
	defer func() { s.i = min(s.i, len(s.src)) }()
	q := s.src[s.i]
	triple := func() bool { return s.peek(0) == q && s.peek(1) == q && s.peek(2) == q }
	if triple() {
		s.i += 3
		for s.i < len(s.src) {
			if q == '"' && s.src[s.i] == '\\' {
				s.i += 2
				continue
			}
			if triple() {
				s.i += 3
				// Up to two quotes may close the content just before the delimiter.
				for k := 0; k < 2 && s.peek(0) == q; k++ {
					s.i++
				}
				return
			}
			s.i++
		}
		return
	}
	s.i++
	for s.i < len(s.src) && s.src[s.i] != q && s.src[s.i] != '\n' {
		if q == '"' && s.src[s.i] == '\\' {
			s.i++
		}
		s.i++
	}
	s.i++
}
