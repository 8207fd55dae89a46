package render

import (
	"bytes"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/gomarkdown/markdown/ast"
	mdhtml "github.com/gomarkdown/markdown/html"
)

// markdownHTML writes a parsed Markdown document as HTML that can run no
// script, without a sanitiser: every element and attribute it writes is
// one of a fixed few, every text and attribute value is escaped, raw HTML
// is dropped and a link or image keeps its URL only when the URL is
// relative or http, https or mailto.
//
// The bytes are those gomarkdown's HTML renderer followed by bluemonday's
// UGC policy (as newMarkdownRenderer configured it) gave, which is what
// descriptions were rendered with before: the same line breaks, the same
// escaping (&#34; and &#39;), links with rel="noreferrer", no start
// attribute on ordered lists, titles and alt texts only when the policy's
// Paragraph pattern allows them. Tests hold it to that pipeline
// (TestMarkdownMatchesSanitiser, FuzzMarkdown).
type markdownHTML struct {
	buf []byte
}

// paragraphText is what bluemonday's UGC policy lets through as an alt or
// title attribute (bluemonday.Paragraph).
var paragraphText = regexp.MustCompile(`^[\p{L}\p{N}\s\-_',\[\]!\./\\\(\)]*$`)

// codeClass is what the policy lets through as a code element's class
// (bluemonday.SpaceSeparatedTokens).
var codeClass = regexp.MustCompile(`^([\s\p{L}\p{N}_-]+)$`)

func (w *markdownHTML) str(s string) { w.buf = append(w.buf, s...) }

// cr starts a new line unless nothing is written yet, as gomarkdown's
// renderer does between blocks.
func (w *markdownHTML) cr() {
	if len(w.buf) > 0 {
		w.buf = append(w.buf, '\n')
	}
}

// text writes s escaped the way an HTML tokenizer reads it back: & < > " '
// as entities, and a carriage return (with the line feed after it) as a
// line feed.
func (w *markdownHTML) text(s []byte) {
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '\r':
			esc = "\n"
			if i+1 < len(s) && s[i+1] == '\n' {
				w.buf = append(w.buf, s[start:i]...)
				start = i + 1
				continue
			}
		default:
			continue
		}
		w.buf = append(w.buf, s[start:i]...)
		w.buf = append(w.buf, esc...)
		start = i + 1
	}
	w.buf = append(w.buf, s[start:]...)
}

func (w *markdownHTML) attr(name string, value []byte) {
	w.buf = append(w.buf, ' ')
	w.buf = append(w.buf, name...)
	w.buf = append(w.buf, `="`...)
	w.text(value)
	w.buf = append(w.buf, '"')
}

// document writes doc and returns the HTML without surrounding blanks.
func (w *markdownHTML) document(doc ast.Node) []byte {
	w.buf = w.buf[:0]
	w.node(doc)
	return bytes.TrimSpace(w.buf)
}

func (w *markdownHTML) children(n ast.Node) {
	for _, c := range n.GetChildren() {
		w.node(c)
	}
}

// node writes n and what it holds. A kind of node the parser only makes
// with extensions descriptions do not enable is written as its content.
func (w *markdownHTML) node(n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		if _, inLink := n.Parent.(*ast.Link); inLink {
			w.text(unescapeEntities(n.Literal))
		} else {
			w.text(n.Literal)
		}
	case *ast.Softbreak:
		w.cr()
	case *ast.Hardbreak:
		w.str("<br>")
		w.cr()
	case *ast.NonBlockingSpace:
		w.str("\u00a0")
	case *ast.Emph:
		w.wrapped(n, "<em>", "</em>")
	case *ast.Strong:
		w.wrapped(n, "<strong>", "</strong>")
	case *ast.Del:
		w.wrapped(n, "<del>", "</del>")
	case *ast.Code:
		w.str("<code>")
		w.text(n.Literal)
		w.str("</code>")
	case *ast.Link:
		w.link(n)
	case *ast.Image:
		w.image(n)
	case *ast.HTMLSpan, *ast.HTMLBlock, *ast.ReferenceDefinition:
		// Raw HTML is never written; a reference definition has no output.
	case *ast.Paragraph:
		w.paragraph(n)
	case *ast.Heading:
		level := n.Level
		if level < 1 || level > 5 {
			level = 6
		}
		w.cr()
		w.str("<h")
		w.buf = strconv.AppendInt(w.buf, int64(level), 10)
		w.str(">")
		w.children(n)
		w.str("</h")
		w.buf = strconv.AppendInt(w.buf, int64(level), 10)
		w.str(">")
		w.crAfterBlock(n)
	case *ast.HorizontalRule:
		w.cr()
		w.str("<hr>")
		w.cr()
	case *ast.BlockQuote:
		w.block(n, "<blockquote>", "</blockquote>")
	case *ast.CodeBlock:
		w.cr()
		w.str("<pre><code")
		if info := n.Info; len(info) > 0 {
			if end := bytes.IndexAny(info, "\t "); end >= 0 {
				info = info[:end]
			}
			class := "language-" + string(info)
			if codeClass.MatchString(class) {
				w.attr("class", []byte(class))
			}
		}
		w.str(">")
		w.text(n.Literal)
		w.str("</code></pre>")
		if _, inItem := n.Parent.(*ast.ListItem); !inItem {
			w.cr()
		}
	case *ast.List:
		w.list(n)
	case *ast.ListItem:
		w.listItem(n)
	case *ast.Table:
		w.block(n, "<table>", "</table>")
	case *ast.TableHeader:
		w.block(n, "<thead>", "</thead>")
	case *ast.TableBody:
		w.cr()
		w.str("<tbody>")
		if len(n.Children) == 0 {
			w.cr()
		}
		w.children(n)
		w.str("</tbody>")
		w.cr()
	case *ast.TableFooter:
		w.block(n, "<tfoot>", "</tfoot>")
	case *ast.TableRow:
		w.block(n, "<tr>", "</tr>")
	case *ast.TableCell:
		w.tableCell(n)
	default:
		w.children(n)
	}
}

func (w *markdownHTML) wrapped(n ast.Node, open, close string) {
	w.str(open)
	w.children(n)
	w.str(close)
}

// block writes an element whose tags each start or end a line.
func (w *markdownHTML) block(n ast.Node, open, close string) {
	w.cr()
	w.str(open)
	w.children(n)
	w.str(close)
	w.cr()
}

// crAfterBlock ends the line after a block, except after the last block of
// a list item, which the item's closing tag follows directly.
func (w *markdownHTML) crAfterBlock(n ast.Node) {
	if _, inItem := n.GetParent().(*ast.ListItem); !inItem || ast.GetNextNode(n) != nil {
		w.cr()
	}
}

func (w *markdownHTML) paragraph(p *ast.Paragraph) {
	if mdhtml.SkipParagraphTags(p) {
		w.children(p)
		return
	}
	prev := ast.GetPrevNode(p)
	for {
		if _, hidden := prev.(*ast.ReferenceDefinition); !hidden {
			break
		}
		prev = ast.GetPrevNode(prev)
	}
	switch prev.(type) {
	case nil:
		switch p.Parent.(type) {
		case *ast.BlockQuote, *ast.Aside:
			w.cr()
		}
	case *ast.HTMLBlock, *ast.List, *ast.Paragraph, *ast.Heading, *ast.CaptionFigure,
		*ast.CodeBlock, *ast.BlockQuote, *ast.Aside, *ast.HorizontalRule:
		w.cr()
	}
	w.str("<p>")
	w.children(p)
	w.str("</p>")
	w.crAfterBlock(p)
}

func listTag(flags ast.ListType) string {
	switch {
	case flags&ast.ListTypeDefinition != 0:
		return "dl"
	case flags&ast.ListTypeOrdered != 0:
		return "ol"
	}
	return "ul"
}

func listItemTag(flags ast.ListType) string {
	switch {
	case flags&ast.ListTypeTerm != 0:
		return "dt"
	case flags&ast.ListTypeDefinition != 0:
		return "dd"
	}
	return "li"
}

// list writes a list without the number an ordered one starts at: the
// policy never allowed the start attribute.
func (w *markdownHTML) list(l *ast.List) {
	w.cr()
	if _, inItem := l.Parent.(*ast.ListItem); inItem && mdhtml.IsListTight(l.Parent.GetParent()) {
		w.cr()
	}
	tag := listTag(l.ListFlags)
	w.str("<")
	w.str(tag)
	w.str(">")
	w.cr()
	w.children(l)
	w.str("</")
	w.str(tag)
	w.str(">")
	switch l.Parent.(type) {
	case *ast.ListItem:
		if ast.GetNextNode(l) != nil {
			w.cr()
		}
	case *ast.Document, *ast.BlockQuote, *ast.Aside:
		w.cr()
	}
}

func (w *markdownHTML) listItem(item *ast.ListItem) {
	if mdhtml.ListItemOpenCR(item) {
		w.cr()
	}
	tag := listItemTag(item.ListFlags)
	w.str("<")
	w.str(tag)
	w.str(">")
	w.children(item)
	w.str("</")
	w.str(tag)
	w.str(">")
	w.cr()
}

func (w *markdownHTML) tableCell(c *ast.TableCell) {
	open, close := "<td", "</td>"
	if c.IsHeader {
		open, close = "<th", "</th>"
	}
	if ast.GetPrevNode(c) == nil {
		w.cr()
	}
	w.str(open)
	if align := c.Align.String(); align != "" {
		w.attr("align", []byte(align))
	}
	if c.ColSpan > 0 {
		w.str(` colspan="`)
		w.buf = strconv.AppendInt(w.buf, int64(c.ColSpan), 10)
		w.str(`"`)
	}
	w.str(">")
	w.children(c)
	w.str(close)
	w.cr()
}

// link writes a link whose URL is safe as a link with rel="noreferrer",
// and any other as its text (with the title, if it has one the policy
// allows, on an a element that links nowhere).
func (w *markdownHTML) link(l *ast.Link) {
	href, safe := safeURL(unescapeEntities(l.Destination))
	keepTitle := len(l.Title) > 0 && paragraphText.Match(lineFeeds(l.Title))
	if !safe && !keepTitle {
		w.children(l)
		return
	}
	w.str("<a")
	if safe {
		w.attr("href", []byte(href))
	}
	if keepTitle {
		w.attr("title", l.Title)
	}
	if safe {
		w.str(` rel="noreferrer"`)
	}
	w.str(">")
	w.children(l)
	w.str("</a>")
}

// image writes an image whose URL is safe, and its alt text and title when
// the policy allows them; an image with none of the three is left out.
func (w *markdownHTML) image(img *ast.Image) {
	src, safe := safeURL(unescapeEntities(img.Destination))
	alt := lineFeeds(altText(nil, img))
	keepAlt := paragraphText.Match(alt)
	keepTitle := len(img.Title) > 0 && paragraphText.Match(lineFeeds(img.Title))
	if !safe && !keepAlt && !keepTitle {
		return
	}
	w.str("<img")
	if safe {
		w.attr("src", []byte(src))
	}
	if keepAlt {
		w.attr("alt", alt)
	}
	if keepTitle {
		w.attr("title", img.Title)
	}
	w.str("/>")
}

// altText appends the text n's descendants show (no markup) to alt, as
// gomarkdown writes an image's alt attribute: breaks as line feeds, a
// nested image as its own text.
func altText(alt []byte, n ast.Node) []byte {
	for _, c := range n.GetChildren() {
		switch c := c.(type) {
		case *ast.Text:
			if _, inLink := c.Parent.(*ast.Link); inLink {
				alt = append(alt, unescapeEntities(c.Literal)...)
			} else {
				alt = append(alt, c.Literal...)
			}
		case *ast.Code:
			alt = append(alt, c.Literal...)
		case *ast.Softbreak, *ast.Hardbreak:
			alt = append(alt, '\n')
		case *ast.NonBlockingSpace:
			alt = append(alt, "\u00a0"...)
		case *ast.HTMLSpan:
		default:
			alt = altText(alt, c)
		}
	}
	return alt
}

// safeURL returns dest as the policy wrote it (parsed and printed again by
// net/url) when it is a relative URL or an http, https or mailto one.
// Blanks inside, a parse error or any other scheme (javascript:, data:,
// vbscript:, …) make it unsafe.
func safeURL(dest []byte) (string, bool) {
	s := strings.TrimSpace(string(lineFeeds(dest)))
	if strings.ContainsAny(s, " \t\n") {
		return "", false
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", false
	}
	switch u.Scheme {
	case "http", "https", "mailto":
	case "":
		if u.String() == "" {
			return "", false
		}
	default:
		return "", false
	}
	return u.String(), true
}

// lineFeeds returns s with each carriage return, and the line feed after
// one, as a line feed: what an HTML tokenizer reads.
func lineFeeds(s []byte) []byte {
	if bytes.IndexByte(s, '\r') < 0 {
		return s
	}
	s = bytes.ReplaceAll(s, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(s, []byte("\r"), []byte("\n"))
}

// entity is a character reference ended by a semicolon.
var entity = regexp.MustCompile(`&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)

// unescapeEntities decodes the semicolon-ended character references of a
// link's text or URL once, as gomarkdown's renderer does (its own copy is
// unexported); a legacy name without the semicolon stays as it is.
func unescapeEntities(s []byte) []byte {
	if bytes.IndexByte(s, '&') < 0 {
		return s
	}
	return entity.ReplaceAllFunc(s, func(ref []byte) []byte {
		decoded := html.UnescapeString(string(ref))
		if len(decoded) > 1 && decoded[len(decoded)-1] == ';' {
			return ref
		}
		return []byte(decoded)
	})
}
