package load

import (
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// fastTOML decodes the plain TOML that backlogs are made of (top-level
// keys, [table] and [[array]] headers of one bare key, bare and quoted
// keys, one-line strings, decimal numbers, local dates, arrays and one-line inline tables)
// into exactly the tree toml.Decode gives, at a fraction of its cost:
// the TOML parser was most of a large site's load. It returns false for
// anything else, valid or not — other syntax, a repeated key or table, a
// number out of range — and the caller decodes the file with toml.Decode,
// which says what is wrong where. FuzzFastTOML holds it to toml.Decode.
func fastTOML(src string) (map[string]any, bool) {
	p := fastParser{src: src}
	root := map[string]any{}
	cur := root
	// arrays are the top-level keys made by [[key]] headers, tables those
	// made by [key]: a header may only extend the former.
	var arrays, tables map[string]bool
	for {
		p.skipBlank()
		if p.i >= len(p.src) {
			return root, true
		}
		switch p.src[p.i] {
		case '[':
			array := strings.HasPrefix(p.src[p.i:], "[[")
			if array {
				p.i += 2
			} else {
				p.i++
			}
			p.skipSpace()
			key, ok := p.bareKey()
			if !ok {
				return nil, false
			}
			p.skipSpace()
			if array && !strings.HasPrefix(p.src[p.i:], "]]") || !array && !strings.HasPrefix(p.src[p.i:], "]") {
				return nil, false
			}
			if array {
				p.i += 2
			} else {
				p.i++
			}
			if !p.endOfLine() {
				return nil, false
			}
			cur = map[string]any{}
			old, exists := root[key]
			switch {
			case array && exists && arrays[key]:
				root[key] = append(old.([]map[string]any), cur)
			case exists:
				return nil, false
			case array:
				root[key] = []map[string]any{cur}
				if arrays == nil {
					arrays = map[string]bool{}
				}
				arrays[key] = true
			default:
				root[key] = cur
				if tables == nil {
					tables = map[string]bool{}
				}
				tables[key] = true
			}
		default:
			if !p.keyValue(cur) || !p.endOfLine() {
				return nil, false
			}
		}
	}
}

type fastParser struct {
	src string
	i   int
}

func (p *fastParser) take(c byte) bool {
	if p.i < len(p.src) && p.src[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *fastParser) skipSpace() {
	for p.i < len(p.src) && (p.src[p.i] == ' ' || p.src[p.i] == '\t') {
		p.i++
	}
}

// comment skips a comment, if one starts here; false when it holds a
// character TOML does not allow in one.
func (p *fastParser) comment() bool {
	if p.i >= len(p.src) || p.src[p.i] != '#' {
		return true
	}
	for p.i++; p.i < len(p.src) && p.src[p.i] != '\n'; p.i++ {
		if strings.HasPrefix(p.src[p.i:], "\r\n") {
			return true
		}
		if c := p.src[p.i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// newline skips "\n" or "\r\n".
func (p *fastParser) newline() bool {
	if strings.HasPrefix(p.src[p.i:], "\r\n") {
		p.i += 2
		return true
	}
	return p.take('\n')
}

// skipBlank skips blank and comment lines (a bad comment is left for
// bareKey to refuse).
func (p *fastParser) skipBlank() {
	for {
		start := p.i
		p.skipSpace()
		if !p.comment() {
			p.i = start
			return
		}
		if p.i >= len(p.src) {
			return
		}
		if !p.newline() {
			p.i = start
			p.skipSpace()
			return
		}
	}
}

// endOfLine skips the rest of a line holding at most a comment.
func (p *fastParser) endOfLine() bool {
	p.skipSpace()
	if !p.comment() {
		return false
	}
	return p.i >= len(p.src) || p.newline()
}

// skipWhitespace skips spaces, newlines and comments, as an array allows
// between its values.
func (p *fastParser) skipWhitespace() bool {
	for {
		p.skipSpace()
		if !p.comment() {
			return false
		}
		if p.i >= len(p.src) || !p.newline() {
			return true
		}
	}
}

// key reads a bare or quoted key (not a dotted one).
func (p *fastParser) key() (string, bool) {
	if p.i < len(p.src) && (p.src[p.i] == '"' || p.src[p.i] == '\'') {
		if strings.HasPrefix(p.src[p.i:], `"""`) || strings.HasPrefix(p.src[p.i:], "'''") {
			return "", false
		}
		var v any
		var ok bool
		if p.src[p.i] == '"' {
			v, ok = p.basicString()
		} else {
			v, ok = p.literalString()
		}
		if !ok {
			return "", false
		}
		return v.(string), true
	}
	return p.bareKey()
}

func (p *fastParser) bareKey() (string, bool) {
	start := p.i
	for p.i < len(p.src) && isBareKeyByte(p.src[p.i]) {
		p.i++
	}
	return p.src[start:p.i], p.i > start
}

func (p *fastParser) value() (any, bool) {
	if p.i >= len(p.src) {
		return nil, false
	}
	switch c := p.src[p.i]; {
	case c == '"':
		if strings.HasPrefix(p.src[p.i:], `"""`) {
			return nil, false
		}
		return p.basicString()
	case c == '\'':
		if strings.HasPrefix(p.src[p.i:], `'''`) {
			return nil, false
		}
		return p.literalString()
	case c == '[':
		return p.array()
	case c == '{':
		return p.inlineTable()
	case strings.HasPrefix(p.src[p.i:], "true"):
		p.i += 4
		return true, p.delimited()
	case strings.HasPrefix(p.src[p.i:], "false"):
		p.i += 5
		return false, p.delimited()
	case c == '+' || c == '-' || '0' <= c && c <= '9':
		if v, ok := p.date(); ok {
			return v, true
		}
		return p.number()
	}
	return nil, false
}

// delimited reports whether a scalar ends here, as the lexer sees it.
func (p *fastParser) delimited() bool {
	if p.i >= len(p.src) {
		return true
	}
	switch p.src[p.i] {
	case ' ', '\t', '\n', '\r', ',', ']', '}', '#':
		return true
	}
	return false
}

func (p *fastParser) basicString() (any, bool) {
	p.i++ // "
	start := p.i
	var b *strings.Builder
	for p.i < len(p.src) {
		c := p.src[p.i]
		switch {
		case c == '"':
			var s string
			if b == nil {
				s = p.src[start:p.i]
			} else {
				b.WriteString(p.src[start:p.i])
				s = b.String()
			}
			p.i++
			return s, true
		case c == '\\':
			if b == nil {
				b = &strings.Builder{}
				// A basic string ends on its line and decodes to at most
				// its source's length: one allocation instead of doubling
				// through a long description's dozens of \n.
				end := strings.IndexByte(p.src[p.i:], '\n')
				if end < 0 {
					end = len(p.src) - p.i
				}
				b.Grow(p.i - start + end)
			}
			b.WriteString(p.src[start:p.i])
			if !p.escape(b) {
				return nil, false
			}
			start = p.i
		case c < 0x20 && c != '\t' || c == 0x7f:
			return nil, false
		default:
			p.i++
		}
	}
	return nil, false
}

// escape decodes the escape sequence at p.i into b: the escapes of TOML
// 1.0 only (whatever the parser makes of others, it makes it).
func (p *fastParser) escape(b *strings.Builder) bool {
	if p.i+1 >= len(p.src) {
		return false
	}
	c := p.src[p.i+1]
	p.i += 2
	switch c {
	case 'b':
		b.WriteByte('\b')
	case 't':
		b.WriteByte('\t')
	case 'n':
		b.WriteByte('\n')
	case 'f':
		b.WriteByte('\f')
	case 'r':
		b.WriteByte('\r')
	case '"':
		b.WriteByte('"')
	case '\\':
		b.WriteByte('\\')
	case 'u', 'U':
		n := 4
		if c == 'U' {
			n = 8
		}
		if p.i+n > len(p.src) {
			return false
		}
		hex := p.src[p.i : p.i+n]
		for i := 0; i < n; i++ {
			if !isHex(hex[i]) {
				return false
			}
		}
		r, err := strconv.ParseUint(hex, 16, 32)
		if err != nil || !utf8.ValidRune(rune(r)) {
			return false
		}
		b.WriteRune(rune(r))
		p.i += n
	default:
		return false
	}
	return true
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func (p *fastParser) literalString() (any, bool) {
	p.i++ // '
	start := p.i
	for ; p.i < len(p.src); p.i++ {
		switch c := p.src[p.i]; {
		case c == '\'':
			s := p.src[start:p.i]
			p.i++
			return s, true
		case c < 0x20 && c != '\t' || c == 0x7f:
			return nil, false
		}
	}
	return nil, false
}

func (p *fastParser) array() (any, bool) {
	p.i++ // [
	arr := make([]any, 0, 2)
	for {
		if !p.skipWhitespace() {
			return nil, false
		}
		if p.take(']') {
			return arr, true
		}
		v, ok := p.value()
		if !ok {
			return nil, false
		}
		arr = append(arr, v)
		if !p.skipWhitespace() {
			return nil, false
		}
		if p.take(']') {
			return arr, true
		}
		if !p.take(',') {
			return nil, false
		}
	}
}

// keyValue reads one key = value into t; false for anything else, and
// for a key t already has.
func (p *fastParser) keyValue(t map[string]any) bool {
	key, ok := p.key()
	if !ok {
		return false
	}
	p.skipSpace()
	if !p.take('=') {
		return false
	}
	p.skipSpace()
	v, ok := p.value()
	if !ok {
		return false
	}
	if _, dup := t[key]; dup {
		return false
	}
	t[key] = v
	return true
}

func (p *fastParser) inlineTable() (any, bool) {
	p.i++ // {
	t := map[string]any{}
	p.skipSpace()
	if p.take('}') {
		return t, true
	}
	for {
		p.skipSpace()
		if !p.keyValue(t) {
			return nil, false
		}
		p.skipSpace()
		if p.take('}') {
			return t, true
		}
		if !p.take(',') {
			return nil, false
		}
	}
}

// date reads a local date (YYYY-MM-DD) standing alone; a date with a time
// is left to the parser.
func (p *fastParser) date() (any, bool) {
	s := p.src[p.i:]
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return nil, false
	}
	for _, k := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
		if s[k] < '0' || s[k] > '9' {
			return nil, false
		}
	}
	if len(s) > 10 {
		switch s[10] {
		case ' ', '\t', '\n', '\r', ',', ']', '}', '#':
		default:
			return nil, false
		}
		if s[10] == ' ' && len(s) > 11 && '0' <= s[11] && s[11] <= '9' {
			return nil, false // a date and a time
		}
	}
	y, _ := strconv.Atoi(s[0:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:10])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, tomlLocalDate())
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return nil, false
	}
	p.i += 10
	return t, true
}

// tomlLocalDate is the location the parser gives local dates.
var tomlLocalDate = sync.OnceValue(func() *time.Location {
	var v map[string]any
	if _, err := toml.Decode("d = 2000-01-01", &v); err != nil {
		panic(err)
	}
	return v["d"].(time.Time).Location()
})

// number reads a decimal integer or float without underscores, as int64
// or float64.
func (p *fastParser) number() (any, bool) {
	start := p.i
	if p.src[p.i] == '+' || p.src[p.i] == '-' {
		p.i++
	}
	digits := func() int {
		n := 0
		for p.i < len(p.src) && '0' <= p.src[p.i] && p.src[p.i] <= '9' {
			p.i++
			n++
		}
		return n
	}
	intStart := p.i
	n := digits()
	if n == 0 || n > 1 && p.src[intStart] == '0' {
		return nil, false
	}
	float := false
	if p.take('.') {
		if digits() == 0 {
			return nil, false
		}
		float = true
	}
	if p.i < len(p.src) && (p.src[p.i] == 'e' || p.src[p.i] == 'E') {
		p.i++
		if p.i < len(p.src) && (p.src[p.i] == '+' || p.src[p.i] == '-') {
			p.i++
		}
		if digits() == 0 {
			return nil, false
		}
		float = true
	}
	if !p.delimited() {
		return nil, false
	}
	s := p.src[start:p.i]
	if float {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, false
		}
		return f, true
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, false
	}
	return v, true
}
