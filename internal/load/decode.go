package load

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/backlogsite/backlogsite/internal/model"
)

// tomlFile is one parsed input file: its generic tree, where each key was
// written, and the problems found while reading it.
type tomlFile struct {
	loc  *locator
	errs *model.ErrorList
	// problems counts the file's problems; past maxFileProblems they are
	// summed up in more instead of listed.
	problems int
	more     *model.Error
}

// maxFileProblems bounds the problems listed for one file. A file with a
// systematic mistake (an array of a million numbers where strings belong)
// would otherwise list one per value, which no one reads and which costs
// more memory than the file.
const maxFileProblems = 1000

// add records a problem of the file, or counts it once the file has
// maxFileProblems of them.
func (f *tomlFile) add(pos model.Pos, format string, args ...any) {
	if f.problems++; f.problems <= maxFileProblems {
		f.errs.Add(pos, format, args...)
		return
	}
	if f.more == nil {
		f.more = &model.Error{Pos: pos}
		*f.errs = append(*f.errs, f.more)
	}
	f.more.Msg = fmt.Sprintf("and %d more problems in this file (only the first %d are listed)", f.problems-maxFileProblems, maxFileProblems)
}

// parseTOML checks and decodes src into a generic tree (scanTOML, then
// decodeTOML).
func parseTOML(file, src string, lim limits, errs *model.ErrorList) (map[string]any, *tomlFile) {
	src, _, ok := scanTOML(file, src, lim, errs)
	if !ok {
		return nil, nil
	}
	return decodeTOML(file, src, errs)
}

// scanTOML reports what makes src unfit to parse: invalid UTF-8, control
// characters, nesting and more values than lim allows. It returns src
// without its byte-order mark (not text: columns on line 1 count without
// it) and the number of values, what parsing it will cost.
func scanTOML(file, src string, lim limits, errs *model.ErrorList) (string, int, bool) {
	if !checkText(file, src, errs) {
		return "", 0, false
	}
	src = strings.TrimPrefix(src, "\ufeff")
	values, ok := checkTOMLShape(file, src, lim.values, errs)
	return src, values, ok
}

// decodeTOML decodes src into a generic tree. Decoding into map[string]any
// (rather than typed structs) never stops at the first type mismatch, so
// every problem of a file is reported at once, each at its own key.
func decodeTOML(file, src string, errs *model.ErrorList) (map[string]any, *tomlFile) {
	tree, ok := fastTOML(src)
	if ok {
		return tree, &tomlFile{loc: newLocator(file, src), errs: errs}
	}
	if err := safeDecode(src, &tree); err != nil {
		var pe toml.ParseError
		pos := model.Pos{Path: file, Line: 1}
		msg := err.Error()
		if errors.As(err, &pe) {
			pos.Line, pos.Col = pe.Position.Line, pe.Position.Col
			msg = pe.Message
			if strings.Contains(msg, "has already been defined") {
				// The parser points past the value; the key starts the line.
				pos.Col = firstNonBlankCol(src, pos.Line)
			}
		}
		if pos.Line < 1 {
			pos.Line, pos.Col = 1, 0
		}
		msg = strings.TrimSuffix(strings.TrimPrefix(msg, "toml: "), ".")
		errs.Add(pos, "invalid TOML: %s%s", lowerFirst(printable(msg)), parseHint(msg))
		return nil, nil
	}
	return tree, &tomlFile{loc: newLocator(file, src), errs: errs}
}

// parseHint adds advice to the parser's messages where the mistake behind
// them is a common one.
func parseHint(msg string) string {
	if strings.Contains(msg, "strings cannot contain newlines") {
		return " (is the closing quote missing? Text over several lines goes between triple quotes: \"\"\"…\"\"\")"
	}
	return ""
}

// printable makes a parser message safe for a terminal: the parser quotes
// input characters verbatim and writes the end of the file as a NUL.
func printable(msg string) string {
	var b strings.Builder
	for _, r := range msg {
		switch {
		case r == 0:
			b.WriteString("end of file")
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// firstNonBlankCol is the column of the first non-blank byte of a line.
func firstNonBlankCol(src string, line int) int {
	lines := strings.SplitN(src, "\n", line+1)
	if line < 1 || line > len(lines) {
		return 0
	}
	text := lines[line-1]
	return len(text) - len(strings.TrimLeft(text, " \t")) + 1
}

// safeDecode turns a panic inside the TOML parser into an error: no input
// may crash a build.
func safeDecode(src string, v any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the TOML parser failed on this file (%v)", r)
		}
	}()
	_, err = toml.Decode(src, v)
	return err
}

// checkText reports invalid UTF-8 and NUL bytes (binary files) with their
// position, before the TOML parser sees them.
func checkText(file, src string, errs *model.ErrorList) bool {
	line, col := 1, 1
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			errs.Add(model.Pos{Path: file, Line: line, Col: col}, "invalid UTF-8: the file must be UTF-8 text")
			return false
		case r == 0:
			errs.Add(model.Pos{Path: file, Line: line, Col: col}, "NUL byte: the file must be UTF-8 text, not binary")
			return false
		case r == '\n':
			line, col = line+1, 1
		default:
			col += size
		}
		i += size
	}
	return true
}

// Limits on how deeply values nest and how many parts a dotted key has. Real
// backlogs need three or four; the TOML parser's time and memory grow with
// the square of both, so a small hostile file could exhaust memory.
const (
	maxTOMLDepth    = 32
	maxTOMLKeyParts = 32
)

// checkTOMLShape reports, before parsing, control characters (with a better
// position than the parser gives), nesting beyond the limits above and more
// than maxValues values; it returns how many values there are. It knows
// just enough TOML to skip strings and comments, and counts a value at each
// =, [ and , outside them: exact for keys and array elements, close enough
// for a bound.
func checkTOMLShape(file, src string, maxValues int, errs *model.ErrorList) (int, bool) {
	line, lineStart := 1, 0
	depth, dots, values := 0, 0, 0
	at := func(i int) model.Pos { return model.Pos{Path: file, Line: line, Col: i - lineStart + 1} }
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\n':
			line, lineStart, dots = line+1, i+1, 0
		case c < 0x20 && c != '\t' && c != '\r' || c == 0x7f:
			errs.Add(at(i), "control character U+%04X is not allowed in a TOML file", c)
			return values, false
		case c == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			end, ok := skipTOMLString(src, i, &line, &lineStart, file, errs)
			if !ok {
				return values, false
			}
			i = end
		case c == '[' || c == '{':
			if depth++; depth > maxTOMLDepth {
				errs.Add(at(i), "arrays and inline tables nest more than %d deep", maxTOMLDepth)
				return values, false
			}
			dots = 0
		case c == ']' || c == '}':
			depth = max(depth-1, 0)
		case c == '.':
			if dots++; dots >= maxTOMLKeyParts {
				errs.Add(at(i), "a dotted key has more than %d parts", maxTOMLKeyParts)
				return values, false
			}
		}
		if c == '=' || c == ',' || c == '[' {
			dots = 0
			if values++; values > maxValues {
				errs.Add(at(i), "more than %d values (keys and array elements) in one file: split it into several files (the limit keeps the memory a build takes bounded)", maxValues)
				return values, false
			}
		}
	}
	return values, true
}

// skipTOMLString skips the string starting at src[i], counting its lines,
// and returns the index of its last byte. A one-line string left open ends
// before its newline: the parser reports it, and the caller counts the
// line.
func skipTOMLString(src string, i int, line, lineStart *int, file string, errs *model.ErrorList) (int, bool) {
	c := src[i]
	quote := string(c)
	if strings.HasPrefix(src[i:], quote+quote+quote) {
		quote += quote + quote
	}
	j := i + len(quote)
	for j < len(src) && !strings.HasPrefix(src[j:], quote) {
		switch b := src[j]; {
		case b == '\n' && len(quote) == 1:
			return j - 1, true
		case b == '\n':
			*line, *lineStart = *line+1, j+1
		case b < 0x20 && b != '\t' && b != '\r' || b == 0x7f:
			errs.Add(model.Pos{Path: file, Line: *line, Col: j - *lineStart + 1},
				"control character U+%04X is not allowed in a TOML file (write it as an escape such as \\u%04X)", b, b)
			return 0, false
		case b == '\\' && c == '"' && j+1 < len(src) && src[j+1] != '\n':
			j++ // an escaped character, perhaps a quote
		}
		j++
	}
	j += len(quote)
	for k := 0; k < 2 && len(quote) == 3 && j < len(src) && src[j] == c; k++ {
		j++ // up to two quotes end the content just before the delimiter
	}
	return min(j, len(src)) - 1, true
}

func lowerFirst(s string) string {
	if s == "" || strings.HasPrefix(s, "TOML") {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	return strings.ToLower(string(r)) + s[size:]
}

// table reads one TOML table with typed accessors. Each accessor marks its
// key as known; done reports every key that no accessor asked for, so typos
// never pass silently.
type table struct {
	f    *tomlFile
	m    map[string]any
	path []any
	what string // how messages name the table: `feature "F-1"`, "[calendar]"
	used keySet
}

// keySet is the keys of a table that were read. A table has a handful of
// keys and there is one per feature, story and log entry: a map each was a
// tenth of a large site's load; past smallKeys it is a map, so that a table
// with very many keys stays linear.
type keySet struct {
	small []string
	big   map[string]bool
}

const smallKeys = 16

func (s *keySet) add(k string) {
	if s.big != nil {
		s.big[k] = true
		return
	}
	if s.has(k) {
		return
	}
	if s.small == nil {
		s.small = make([]string, 0, smallKeys)
	}
	if len(s.small) < smallKeys {
		s.small = append(s.small, k)
		return
	}
	s.big = make(map[string]bool, 2*smallKeys)
	for _, x := range s.small {
		s.big[x] = true
	}
	s.big[k] = true
	s.small = nil
}

func (s *keySet) has(k string) bool {
	if s.big != nil {
		return s.big[k]
	}
	for _, x := range s.small {
		if x == k {
			return true
		}
	}
	return false
}

func (s *keySet) list() []string {
	if s.big == nil {
		return append([]string(nil), s.small...)
	}
	out := make([]string, 0, len(s.big))
	for k := range s.big {
		out = append(out, k)
	}
	return out
}

func (f *tomlFile) root(m map[string]any) *table {
	return &table{f: f, m: m}
}

func (t *table) sub(key string, m map[string]any, what string, extra ...any) *table {
	path := append(append(append([]any{}, t.path...), key), extra...)
	return &table{f: t.f, m: m, path: path, what: what}
}

// pos is where key (and optionally an element of it) is written.
func (t *table) pos(parts ...any) model.Pos {
	return t.f.loc.pos(append(append([]any{}, t.path...), parts...)...)
}

// posOf defers pos until a problem needs it: locating a key costs a walk
// of the file, which a valid file never needs.
func (t *table) posOf(parts ...any) func() model.Pos {
	return func() model.Pos { return t.pos(parts...) }
}

// at is where this table begins.
func (t *table) at() model.Pos { return t.f.loc.pos(t.path...) }

func (t *table) errorf(pos model.Pos, format string, args ...any) {
	if t.what != "" {
		format = t.what + ": " + format
	}
	t.f.add(pos, format, args...)
}

func (t *table) get(key string) (any, bool) {
	t.used.add(key)
	v, ok := t.m[key]
	return v, ok
}

func (t *table) has(key string) bool {
	_, ok := t.m[key]
	return ok
}

// done reports unknown keys, in the order they are written.
func (t *table) done() {
	var unknown []string
	for k := range t.m {
		if !t.used.has(k) {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	for _, k := range unknown {
		known := t.used.list()
		sort.Strings(known)
		msg := fmt.Sprintf("unknown key %q", k)
		if s := closest(k, known); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		t.errorf(t.pos(k), "%s", msg)
	}
}

// closest suggests the known key nearest to a typo, if one is near enough.
func closest(k string, known []string) string {
	best, bestD := "", 3
	for _, c := range known {
		if d := editDistance(strings.ToLower(k), c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func tomlType(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", truncate(x, 40))
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date-time"
	case []map[string]any:
		return "an array of tables"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// str reads an optional string.
func (t *table) str(key string) string {
	v, ok := t.get(key)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		t.errorf(t.pos(key), "%s must be a string, not %s", key, tomlType(v))
	}
	return s
}

// requiredStr reads a string that must be present and not blank.
func (t *table) requiredStr(key string) string {
	if !t.has(key) {
		t.get(key)
		t.errorf(t.at(), "%s is required", key)
		return ""
	}
	s := t.str(key)
	if _, isStr := t.m[key].(string); isStr && strings.TrimSpace(s) == "" {
		t.errorf(t.pos(key), "%s must not be empty", key)
	}
	return s
}

var idPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// maxIDLength bounds ids and page names: they name folders of the site
// (features/F-1/), and file systems refuse a name part beyond 255 bytes,
// some (encrypted home folders) beyond 143; a reader on Windows may have
// 260 for the whole path. A 300-character id passed check and failed the
// build.
const maxIDLength = 100

// id reads a required identifier (SPEC §2: used in URLs).
func (t *table) id(key string) string {
	s := t.requiredStr(key)
	switch {
	case s != "" && !idPattern.MatchString(s):
		t.errorf(t.pos(key), "%s %q must match [A-Za-z0-9][A-Za-z0-9._-]* (it is used in URLs)", key, s)
		return ""
	case len(s) > maxIDLength:
		t.errorf(t.pos(key), "%s %q is %d characters long; ids name the site's folders, so they have at most %d", key, truncate(s, 40), len(s), maxIDLength)
		return ""
	}
	return s
}

// identify reads an entry's id and names the entry by it in the messages
// that follow: `sprint "S-1": end … is before start …`.
func (t *table) identify(kind string) string {
	t.what = kind
	id := t.id("id")
	if id != "" {
		t.what = fmt.Sprintf("%s %q", kind, id)
	}
	return id
}

// nameOr reads the optional name, which defaults to the id.
func (t *table) nameOr(id string) string {
	if name := t.str("name"); name != "" {
		return name
	}
	return id
}

// span reads two required dates of which the second may not come first.
func (t *table) span(startKey, endKey string) (start, end model.Date) {
	start, end = t.requiredDate(startKey), t.requiredDate(endKey)
	if !start.IsZero() && !end.IsZero() && end < start {
		t.errorf(t.pos(endKey), "%s %s is before %s %s", endKey, end, startKey, start)
	}
	return start, end
}

// oneOf reads an optional string from a fixed set.
func (t *table) oneOf(key, def string, allowed ...string) string {
	return oneOf(t, key, def, allowed...)
}

// oneOf reads an optional string that must be one of allowed, as the
// model's type for it (a Kind, a Status, a Priority).
func oneOf[T ~string](t *table, key string, def T, allowed ...T) T {
	return oneOfHinted(t, key, def, nil, allowed...)
}

// oneOfHinted is oneOf whose error ends with hint(value) where a mistake
// is common enough to guess what was meant (nil: no hint).
func oneOfHinted[T ~string](t *table, key string, def T, hint func(string) string, allowed ...T) T {
	if !t.has(key) {
		t.get(key)
		return def
	}
	s := t.str(key)
	if _, isStr := t.m[key].(string); !isStr {
		return def
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		if s == string(a) {
			return a
		}
		names[i] = string(a)
	}
	guess := ""
	if hint != nil {
		guess = hint(s)
	}
	t.errorf(t.pos(key), "%s %q is not one of %s%s", key, s, strings.Join(names, ", "), guess)
	return def
}

// number reads an optional finite number (integer or float).
func (t *table) number(key string) (float64, bool) {
	v, ok := t.get(key)
	if !ok {
		return 0, false
	}
	return t.numberValue(key, v, t.posOf(key))
}

func (t *table) numberValue(name string, v any, pos func() model.Pos) (float64, bool) {
	var f float64
	switch x := v.(type) {
	case int64:
		f = float64(x)
	case float64:
		f = x
	default:
		t.errorf(pos(), "%s must be a number, not %s", name, tomlType(v))
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		t.errorf(pos(), "%s must be a finite number, not %v", name, f)
		return 0, false
	}
	if math.Abs(f) > maxNumber {
		t.errorf(pos(), "%s is too large (%s; numbers must be between -1e15 and 1e15)", name, model.FormatNumber(f))
		return 0, false
	}
	return f, true
}

// maxNumber bounds every number of the input. Sums of estimates and
// capacities must stay finite: encoding/json refuses +Inf, so a few values
// near the float64 limit would otherwise fail the build without naming the
// file, long after loading. 1e15 is far beyond any backlog and keeps
// integers exact.
const maxNumber = 1e15

// estimate reads an optional non-negative finite number.
func (t *table) estimate(key string) (float64, bool) {
	f, ok := t.number(key)
	if ok && f < 0 {
		t.errorf(t.pos(key), "%s must not be negative (%s)", key, model.FormatNumber(f))
		return 0, false
	}
	return f, ok
}

// boolean reads an optional boolean; false when it is not given.
func (t *table) boolean(key string) bool {
	v, ok := t.get(key)
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		t.errorf(t.pos(key), "%s must be true or false, not %s", key, tomlType(v))
	}
	return b
}

// integer reads an optional integer.
func (t *table) integer(key string) (int64, bool) {
	v, ok := t.get(key)
	if !ok {
		return 0, false
	}
	n, isInt := v.(int64)
	if !isInt {
		t.errorf(t.pos(key), "%s must be a whole number, not %s", key, tomlType(v))
		return 0, false
	}
	return n, true
}

// date reads an optional TOML local date.
func (t *table) date(key string) model.Date {
	v, ok := t.get(key)
	if !ok {
		return 0
	}
	return t.dateValue(key, v, t.posOf(key))
}

func (t *table) requiredDate(key string) model.Date {
	if !t.has(key) {
		t.get(key)
		t.errorf(t.at(), "%s is required", key)
		return 0
	}
	return t.date(key)
}

func (t *table) dateValue(name string, v any, pos func() model.Pos) model.Date {
	switch x := v.(type) {
	case time.Time:
		if x.Location().String() != "date-local" {
			t.errorf(pos(), "%s must be a date like 2026-03-02, without a time or time zone", name)
			return 0
		}
		d := model.MakeDate(x.Date())
		if y := x.Year(); y < 1 {
			t.errorf(pos(), "%s: year %d is out of range", name, y)
			return 0
		}
		return d
	case string:
		if _, err := model.ParseDate(x); err == nil {
			t.errorf(pos(), "%s must be a TOML date, written without quotes: %s", name, x)
			return 0
		}
	}
	t.errorf(pos(), "%s must be a date like 2026-03-02, not %s", name, tomlType(v))
	return 0
}

// array reads an optional array.
func (t *table) array(key string) []any {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	a, isArray := v.([]any)
	if !isArray {
		t.errorf(t.pos(key), "%s must be an array, not %s", key, tomlType(v))
	}
	return a
}

// strings reads an optional array of non-empty strings.
func (t *table) strings(key string) []string {
	a := t.array(key)
	out := make([]string, 0, len(a))
	for i, v := range a {
		s, ok := v.(string)
		switch {
		case !ok:
			t.errorf(t.pos(key, i), "%s[%d] must be a string, not %s", key, i, tomlType(v))
		case strings.TrimSpace(s) == "":
			t.errorf(t.pos(key, i), "%s[%d] must not be empty", key, i)
		default:
			out = append(out, s)
		}
	}
	return out
}

// dates reads an optional array of dates.
func (t *table) dates(key string) []model.Date {
	a := t.array(key)
	out := make([]model.Date, 0, len(a))
	for i, v := range a {
		if d := t.dateValue(fmt.Sprintf("%s[%d]", key, i), v, t.posOf(key, i)); !d.IsZero() {
			out = append(out, d)
		}
	}
	return out
}

// table reads an optional sub-table.
func (t *table) table(key, what string) *table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	m, isTable := v.(map[string]any)
	if !isTable {
		t.errorf(t.pos(key), "%s must be a table, not %s", key, tomlType(v))
		return nil
	}
	return t.sub(key, m, what)
}

// tables reads an optional array of tables ([[key]]).
func (t *table) tables(key string) []*table {
	v, ok := t.get(key)
	if !ok {
		return nil
	}
	a, isArray := v.([]map[string]any)
	if list, ok := v.([]any); ok {
		// An inline array of inline tables (key = [{...}, {...}]) is the
		// same data written on fewer lines.
		a, isArray = make([]map[string]any, 0, len(list)), true
		for i, e := range list {
			m, isTable := e.(map[string]any)
			if !isTable {
				t.errorf(t.pos(key, i), "%s[%d] must be a table, not %s", key, i, tomlType(e))
				isArray = false
				continue
			}
			a = append(a, m)
		}
		if !isArray {
			return nil
		}
	}
	if !isArray {
		t.errorf(t.pos(key), "%s must be an array of tables ([[%s]]), not %s", key, key, tomlType(v))
		return nil
	}
	out := make([]*table, len(a))
	for i, m := range a {
		out[i] = t.sub(key, m, "", i)
	}
	return out
}
