package render

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzMarkdown: whatever Markdown a description or page holds, its HTML
// can run no script: no script, style or embedding element, no event
// handler or style attribute, and no link or image whose URL has another
// scheme than http, https or mailto. And it is what gomarkdown's renderer
// and the sanitiser gave before markdownHTML replaced them: the sanitiser,
// the tests' oracle, finds nothing to remove.
func FuzzMarkdown(f *testing.F) {
	for _, seed := range markdownCases {
		f.Add(seed)
	}
	for _, seed := range hostilePayloads {
		f.Add(seed)
	}
	md := newMarkdownRenderer()
	policy := sanitiserPolicy()
	f.Fuzz(func(t *testing.T, src string) {
		out := string(md.render(src))
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("render(%q) has a script element: %s", src, out)
		}
		if problem := scriptingMarkup(out); problem != "" {
			t.Fatalf("render(%q) = %s\nhas %s", src, out, problem)
		}
		if clean := strings.TrimSpace(policy.Sanitize(out)); clean != out {
			t.Fatalf("render(%q) = %q\nthe sanitiser changes it to %q", src, out, clean)
		}
		if want := sanitisedMarkdown(policy, src); out != want {
			t.Fatalf("render(%q)\n= %q\nthe old pipeline gave %q", src, out, want)
		}
	})
}

// scriptingMarkup names the first thing in doc that could run script, or
// returns "".
func scriptingMarkup(doc string) string {
	z := html.NewTokenizer(strings.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			switch string(name) {
			case "script", "style", "iframe", "object", "embed", "frame", "base", "form", "svg", "math", "link", "meta":
				return "the element <" + string(name) + ">"
			}
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if problem := scriptingAttr(string(k), string(v)); problem != "" {
					return problem
				}
			}
		}
	}
}

func scriptingAttr(name, value string) string {
	if strings.HasPrefix(name, "on") || name == "style" || name == "srcdoc" || name == "formaction" {
		return "the attribute " + name
	}
	if name != "href" && name != "src" && name != "cite" && name != "action" && name != "poster" {
		return ""
	}
	// Browsers ignore blanks and controls around and inside a scheme.
	url := strings.ToLower(strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, value))
	scheme, _, hasColon := strings.Cut(url, ":")
	if hasColon && !strings.ContainsAny(scheme, "/?#") && scheme != "http" && scheme != "https" && scheme != "mailto" {
		return "a " + scheme + ": URL in " + name
	}
	return ""
}
