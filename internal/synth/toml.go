package synth

import (
	"strconv"
	"unicode/utf8"
)

// tomlWriter appends TOML to a byte slice. It knows only the handful of value
// shapes the site format uses; going through an encoder with reflection
// would dominate the time of writing an XL site.
type tomlWriter struct {
	b []byte
}

func (w *tomlWriter) line(s string) {
	w.b = append(w.b, s...)
	w.b = append(w.b, '\n')
}

func (w *tomlWriter) key(k string) {
	w.b = append(w.b, k...)
	w.b = append(w.b, " = "...)
}

func (w *tomlWriter) str(k, v string) {
	w.key(k)
	w.b = appendString(w.b, v)
	w.b = append(w.b, '\n')
}

func (w *tomlWriter) num(k string, v float64) {
	w.key(k)
	w.b = appendNumber(w.b, v)
	w.b = append(w.b, '\n')
}

func (w *tomlWriter) int(k string, v int) {
	w.key(k)
	w.b = strconv.AppendInt(w.b, int64(v), 10)
	w.b = append(w.b, '\n')
}

func (w *tomlWriter) date(k string, d day) {
	w.key(k)
	w.b = d.append(w.b)
	w.b = append(w.b, '\n')
}

func (w *tomlWriter) strs(k string, vs []string) {
	w.key(k)
	w.b = append(w.b, '[')
	for i, v := range vs {
		if i > 0 {
			w.b = append(w.b, ", "...)
		}
		w.b = appendString(w.b, v)
	}
	w.b = append(w.b, "]\n"...)
}

func (w *tomlWriter) dates(k string, ds []day) {
	w.key(k)
	w.b = append(w.b, '[')
	for i, d := range ds {
		if i > 0 {
			w.b = append(w.b, ", "...)
		}
		w.b = d.append(w.b)
	}
	w.b = append(w.b, "]\n"...)
}

// appendString appends s as a TOML basic string. TOML knows fewer escapes than
// Go (no \x, no \a, no \v), so strconv.Quote cannot be used as it is.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"':
				b = append(b, '\\', '"')
			case '\\':
				b = append(b, '\\', '\\')
			case '\b':
				b = append(b, '\\', 'b')
			case '\t':
				b = append(b, '\\', 't')
			case '\n':
				b = append(b, '\\', 'n')
			case '\f':
				b = append(b, '\\', 'f')
			case '\r':
				b = append(b, '\\', 'r')
			default:
				if c < 0x20 || c == 0x7f {
					b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
				} else {
					b = append(b, c)
				}
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\uFFFD`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// appendNumber writes v without an exponent, which TOML integers and plain
// decimals both accept.
func appendNumber(b []byte, v float64) []byte {
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}
