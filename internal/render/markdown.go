package render

import (
	"html/template"
	"regexp"
	"strings"
	"sync"

	"github.com/gomarkdown/markdown"
	mdhtml "github.com/gomarkdown/markdown/html"
	"github.com/gomarkdown/markdown/parser"
	"github.com/microcosm-cc/bluemonday"
)

// markdownRenderer turns input Markdown into HTML that can run no script.
// It is built once per build and is safe for concurrent use: a parser is
// created per call (gomarkdown's keeps per-document state and refuses a
// second document), and the buffers a call writes into are pooled, since a
// build renders ten thousand descriptions on several goroutines.
type markdownRenderer struct {
	scratch sync.Pool // *markdownScratch
}

// markdownScratch is one call's input copy (the parser's nodes point into
// it) and output buffer, both reused once the HTML is copied out.
type markdownScratch struct {
	in  []byte
	out markdownHTML
}

// descriptionExtensions are gomarkdown's common extensions without math
// and heading ids: heading ids from Markdown could shadow the page's own
// element ids (chart data blocks are found by id).
const descriptionExtensions = parser.CommonExtensions &^ (parser.MathJax | parser.HeadingIDs | parser.AutoHeadingIDs)

func newMarkdownRenderer() *markdownRenderer {
	return &markdownRenderer{scratch: sync.Pool{New: func() any { return new(markdownScratch) }}}
}

// render converts Markdown to HTML that can run no script (see
// markdownHTML for how, and for what tests hold it to). Empty input gives "".
func (m *markdownRenderer) render(src string) template.HTML {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	s := m.scratch.Get().(*markdownScratch)
	defer m.scratch.Put(s)
	s.in = append(s.in[:0], src...)
	doc := parser.NewWithExtensions(descriptionExtensions).Parse(s.in)
	// The HTML is trusted from here on: html/template would otherwise
	// escape the markup itself.
	return template.HTML(string(s.out.document(doc)))
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
