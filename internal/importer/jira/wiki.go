package jira

import (
	"regexp"
	"strings"
)

// Jira exports descriptions in its wiki markup, where "# step" is a
// numbered list and "h3. Why" a heading; shown as Markdown, the first would
// become a heading and the second stay as written. wikiToMarkdown converts
// the markup that changes the shape of a text: headings, lists, quotes,
// code blocks, links, monospace and bold. Anything else is kept as written.
func wikiToMarkdown(s string) string {
	var out []string
	code, quote := false, false
	for _, line := range strings.Split(s, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case codeFence.MatchString(trimmed):
			code = !code
			out = append(out, "```")
			continue
		case code:
			out = append(out, line)
			continue
		case trimmed == "{quote}":
			quote = !quote
			continue
		}
		line = wikiLine(line)
		if quote {
			line = "> " + line
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

var (
	codeFence  = regexp.MustCompile(`^\{(code|noformat)(:[^}]*)?\}$`)
	heading    = regexp.MustCompile(`^h([1-6])\.\s+(.*)$`)
	listItem   = regexp.MustCompile(`^([#*-]+)\s+(.*)$`)
	inlineQ    = regexp.MustCompile(`^\{quote\}(.*)\{quote\}$`)
	monospace  = regexp.MustCompile(`\{\{([^}]+)\}\}`)
	namedLink  = regexp.MustCompile(`\[([^|\]\[]+)\|([a-z]+://[^\]\s]+)\]`)
	bareLink   = regexp.MustCompile(`\[([a-z]+://[^\]\s|]+)\]`)
	strongText = regexp.MustCompile(`(^|[\s(])\*([^*\s][^*]*[^*\s]|[^*\s])\*([\s).,;:!?]|$)`)
)

func wikiLine(line string) string {
	t := strings.TrimSpace(line)
	if m := heading.FindStringSubmatch(t); m != nil {
		return strings.Repeat("#", int(m[1][0]-'0')) + " " + inline(m[2])
	}
	if m := inlineQ.FindStringSubmatch(t); m != nil {
		return "> " + inline(m[1])
	}
	if m := listItem.FindStringSubmatch(t); m != nil && uniform(m[1]) {
		depth := len(m[1]) - 1
		if m[1][0] == '#' {
			return strings.Repeat("   ", depth) + "1. " + inline(m[2])
		}
		return strings.Repeat("  ", depth) + "- " + inline(m[2])
	}
	return inline(line)
}

// uniform: a list marker is one character repeated ("**", "##").
func uniform(marker string) bool { return strings.Count(marker, marker[:1]) == len(marker) }

func inline(s string) string {
	s = monospace.ReplaceAllString(s, "`$1`")
	s = namedLink.ReplaceAllString(s, "[$1]($2)")
	s = bareLink.ReplaceAllString(s, "<$1>")
	return strongText.ReplaceAllString(s, "$1**$2**$3")
}
