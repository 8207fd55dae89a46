package importer

import (
	"strings"
	"unicode"
)

// CleanText prepares a description for the site: Windows and old Mac line
// breaks become \n, control characters other than tab and line break go
// (a TOML string could hold them escaped, but nobody means them), and
// blank lines around the text are trimmed.
func CleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\uFEFF') {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// CleanLine prepares a title: one line, single spaces, no control
// characters.
func CleanLine(s string) string {
	return strings.Join(strings.Fields(CleanText(s)), " ")
}
