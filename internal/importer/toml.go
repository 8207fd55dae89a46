package importer

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The TOML is written by hand rather than by an encoder: the site's files
// are read and edited by people, and the format's conventions (aligned =
// signs, one table per entry, long arrays wrapped, descriptions as
// multi-line strings) are what an encoder does not give.

// lineWidth is where a long array wraps.
const lineWidth = 80

// field is one key = value line: value is already TOML, or, for an array
// of strings, list holds the strings.
type field struct {
	key, value string
	list       []string
}

// writeFields writes the fields with their = signs aligned, as the site's
// files are written by hand. Arrays too long for one line are wrapped.
func writeFields(b *strings.Builder, fields []field) {
	width := 0
	for _, f := range fields {
		width = max(width, len(f.key))
	}
	for _, f := range fields {
		v := f.value
		if f.list != nil {
			v = stringArray(f.list, width+3)
		}
		fmt.Fprintf(b, "%-*s = %s\n", width, f.key, v)
	}
}

// strField is a string field, multi-line when the text has a line break.
func strField(key, s string) field {
	if strings.ContainsRune(s, '\n') {
		return field{key: key, value: multiline(s)}
	}
	return field{key: key, value: quote(s)}
}

// quote is s as a TOML basic string. Invalid UTF-8 becomes U+FFFD (a TOML
// file is UTF-8); control characters are escaped; other text, non-ASCII
// included, is kept as it is.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case isControl(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// multiline is s as a TOML multi-line basic string opening on its own line.
// A quote that would close the string early (a third in a row, or the last
// character) is escaped; text not ending in a line break ends with a
// line-ending backslash, so the closing quotes stand on their own line
// without adding a newline to the value.
func multiline(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.WriteString("\"\"\"\n")
	quotes := 0
	for i, r := range s {
		switch {
		case r == '"':
			if quotes == 2 || i == len(s)-1 {
				b.WriteString(`\"`)
				quotes = 0
				continue
			}
			b.WriteByte('"')
			quotes++
			continue
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case isControl(r):
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
		quotes = 0
	}
	if !strings.HasSuffix(s, "\n") {
		b.WriteString("\\\n")
	}
	b.WriteString(`"""`)
	return b.String()
}

// isControl: TOML strings may hold no control character but tab (and line
// breaks in multi-line strings); DEL counts as one.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// formatNumber writes an estimate: whole numbers as integers, fractions
// with as many digits as they need.
func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case f == math.Trunc(f) && math.Abs(f) < 1e15:
		return strconv.FormatInt(int64(f), 10)
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// stringArray is an array of strings, on one line when it fits after the
// aligned key (indent is that key's width plus " = "), else one line per
// row of items.
func stringArray(items []string, indent int) string {
	quoted := make([]string, len(items))
	for i, s := range items {
		quoted[i] = quote(s)
	}
	one := "[" + strings.Join(quoted, ", ") + "]"
	if indent+len(one) <= lineWidth {
		return one
	}
	var b strings.Builder
	b.WriteString("[\n")
	line := ""
	for _, q := range quoted {
		if line != "" && 2+len(line)+1+len(q)+1 > lineWidth {
			b.WriteString("  " + line + "\n")
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += q + ","
	}
	b.WriteString("  " + line + "\n]")
	return b.String()
}
