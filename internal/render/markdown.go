package render

import (
	"html/template"
	"regexp"
	"strings"

	"github.com/gomarkdown/markdown"
	mdhtml "github.com/gomarkdown/markdown/html"
	"github.com/gomarkdown/markdown/parser"
	"github.com/microcosm-cc/bluemonday"
)

// markdownRenderer turns input Markdown into HTML that can run no script.
// It is built once per build and is safe for concurrent use: the parser and
// HTML renderer are created per call (they keep per-document state), and a
// bluemonday policy is read-only once built.
type markdownRenderer struct {
	policy *bluemonday.Policy
}

func newMarkdownRenderer() *markdownRenderer {
	// The UGC policy keeps ordinary formatting (tables, code, lists, links,
	// images) and drops everything that can run script or restyle the page;
	// it also limits URL schemes to http, https and mailto, plus relative
	// URLs. It is the second of two locks: gomarkdown already skips raw HTML
	// and unsafe links, and the sanitiser guarantees the result no matter
	// what the Markdown library's escaping misses.
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(false)
	p.RequireNoReferrerOnLinks(true)
	// Heading ids from Markdown could shadow the page's own element ids
	// (chart data blocks are found by id).
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("code")
	return &markdownRenderer{policy: p}
}

// render converts Markdown to sanitised HTML. Empty input gives "".
func (m *markdownRenderer) render(src string) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	ext := parser.CommonExtensions &^ (parser.MathJax | parser.HeadingIDs | parser.AutoHeadingIDs)
	p := parser.NewWithExtensions(ext)
	r := mdhtml.NewRenderer(mdhtml.RendererOptions{
		Flags: mdhtml.SkipHTML | mdhtml.NofollowLinks | mdhtml.NoreferrerLinks,
	})
	out := markdown.ToHTML([]byte(src), p, r)
	// The sanitised string is trusted from here on: html/template would
	// otherwise escape the markup itself.
	return template.HTML(strings.TrimSpace(string(m.policy.SanitizeBytes(out))))
}

// mdLinkToDoc matches a Markdown link to another file of docs/ ("[format.md](format.md#sitetoml)"):
// those files are not part of a site.
var mdLinkToDoc = regexp.MustCompile(`\[([^\]]+)\]\([A-Za-z0-9_-]+\.md(#[^)]*)?\)`)

// renderDoc converts trusted documentation (docs/reports.md) to HTML for
// the "How these figures are computed" page: unlike input Markdown its
// headings keep their ids, which every explanation on the site links to.
// Links to the other files of docs/ become their text.
func (m *markdownRenderer) renderDoc(src string) template.HTML {
	src = mdLinkToDoc.ReplaceAllString(src, "$1")
	p := parser.NewWithExtensions((parser.CommonExtensions | parser.AutoHeadingIDs) &^ parser.MathJax)
	r := mdhtml.NewRenderer(mdhtml.RendererOptions{Flags: mdhtml.SkipHTML | mdhtml.Safelink})
	policy := bluemonday.UGCPolicy()
	policy.AllowAttrs("id").Matching(regexp.MustCompile(`^[a-z0-9-]+$`)).OnElements("h2", "h3", "h4")
	out := markdown.ToHTML([]byte(src), p, r)
	return template.HTML(strings.TrimSpace(string(policy.SanitizeBytes(out))))
}
