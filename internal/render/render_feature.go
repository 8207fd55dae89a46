package render

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

// Feature pages are nearly all of a large site's pages (10,000 of 10,245
// on a 10,000-feature site), and executing feature.html through
// html/template's reflection was most of a build's rendering time. When
// the site overrides none of the templates a feature page is made from
// (base.html, partials.html, feature.html), the page is written by
// featureHTML below instead: the same bytes, in a tenth of the time.
// TestFeatureHTMLMatchesTemplate renders every feature page of several
// sites, hostile text included, both ways and requires identical output,
// so a change to one of those templates that is not made here too fails
// the tests rather than drifting.

// featureTemplates are the templates a feature page is executed from.
var featureTemplates = []string{"base.html", "partials.html", "feature.html"}

// usesThemeFeaturePage reports whether the site leaves the feature page's
// templates to the default theme.
func (r *renderer) usesThemeFeaturePage() bool {
	for _, l := range r.site.LayoutFiles {
		for _, t := range featureTemplates {
			if l == t {
				return false
			}
		}
	}
	return true
}

// featureJob makes one feature's page.
func (r *renderer) featureJob(fr *report.FeatureReport, direct bool) job {
	name := "features/" + fr.ID + "/index.html"
	build := func(p *page) error { return r.featurePage(p, fr) }
	if !direct {
		return r.pageJob(name, "feature", build)
	}
	return r.pageJobWriting(name, "feature", build, func(buf *bytes.Buffer, p *page) error {
		if err := featureHTML(buf, p); err != nil {
			return fmt.Errorf("feature page: %w", err)
		}
		return nil
	})
}

// featureHTML writes what base.html executing feature.html gives for p.
func featureHTML(buf *bytes.Buffer, p *page) error {
	w := htmlWriter{buf}
	if err := w.pageHead(p); err != nil {
		return err
	}
	w.featureContent(p, p.Body.(*featureBody))
	return w.pageFoot(p)
}

// htmlWriter writes markup with html/template's escaping for each context
// the default theme uses: text (element content, <title> and quoted
// attributes) and whole URL attribute values.
type htmlWriter struct{ *bytes.Buffer }

// text writes s escaped as html/template escapes a string in element
// content, RCDATA or a quoted attribute value: the same table for all
// three, which escapes + too, and turns NUL into U+FFFD.
func (w htmlWriter) text(s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		w.WriteString(s[start:i])
		w.WriteString(repl)
		start = i + 1
	}
	w.WriteString(s[start:])
}

// url writes s as html/template writes a value filling a whole URL
// attribute: a scheme other than http, https or mailto is replaced by
// "#ZgotmplZ", bytes outside URLs are percent-encoded (existing escapes
// kept), and the result is escaped for the attribute.
func (w htmlWriter) url(s string) {
	if scheme, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(scheme, "/") &&
		!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https") && !strings.EqualFold(scheme, "mailto") {
		s = "#ZgotmplZ"
	}
	var enc strings.Builder
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]):
			continue
		}
		if enc.Len() == 0 {
			enc.Grow(len(s) + 16)
		}
		enc.WriteString(s[start:i])
		enc.WriteByte('%')
		enc.WriteByte("0123456789abcdef"[c>>4])
		enc.WriteByte("0123456789abcdef"[c&15])
		start = i + 1
	}
	if start > 0 {
		enc.WriteString(s[start:])
		s = enc.String()
	}
	w.text(s)
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// pageHead is base.html up to its content block, for a feature page.
func (w htmlWriter) pageHead(p *page) error {
	scripts, err := p.ScriptsHTML()
	if err != nil {
		return err
	}
	nav, err := p.NavHTML()
	if err != nil {
		return err
	}
	w.WriteString(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>`)
	w.text(p.Title)
	w.WriteString(" · ")
	w.text(p.Site.Title)
	w.WriteString("</title>")
	// feature.html's "description".
	f := p.Body.(*featureBody)
	w.WriteString("\n<meta name=\"description\" content=\"")
	w.text(f.F.ID)
	w.WriteString(" ")
	w.text(f.F.Title)
	w.WriteString(": ")
	w.text(statusLabel(string(f.F.Status)))
	w.WriteString(" ")
	w.text(string(f.F.Kind))
	w.WriteString(" of ")
	w.text(p.Site.Title)
	w.WriteString(", ")
	w.text(fmtNum(f.Progress))
	w.WriteString("% done.\">")
	if p.Canonical != "" {
		w.WriteString("\n<link rel=\"canonical\" href=\"")
		w.url(p.Canonical)
		w.WriteString("\">")
	}
	w.WriteString("\n<link rel=\"icon\" href=\"")
	w.url(p.Favicon())
	w.WriteString("\" type=\"image/svg+xml\">")
	w.WriteString("\n<link rel=\"alternate\" type=\"application/atom+xml\" href=\"")
	w.url(p.Href("feed.xml"))
	w.WriteString("\" title=\"")
	w.text(p.Site.Title)
	w.WriteString("\">")
	w.WriteString("\n<link rel=\"stylesheet\" href=\"")
	w.url(p.Asset("style.css"))
	w.WriteString("\">")
	w.WriteString(string(scripts))
	w.WriteString("\n</head>\n<body class=\"page-")
	w.text(p.Kind)
	w.WriteString("\" data-root=\"")
	w.text(p.Root)
	w.WriteString(`">
<a class="skip" href="#main">Skip to content</a>
<header class="masthead">
  <div class="masthead-inner">
    <a class="brand" href="`)
	w.url(p.Href("index.html"))
	w.WriteString(`">`)
	w.text(p.Site.Title)
	w.WriteString(`</a>
    <nav class="nav" aria-label="Site">
      <ul>`)
	w.WriteString(string(nav))
	w.WriteString("\n      </ul>\n    </nav>")
	if !p.Site.AsOf.IsZero() {
		w.WriteString("\n    <p class=\"asof\" title=\"Every figure on this site is as of this date\">As of <time datetime=\"")
		w.text(p.Site.AsOf.String())
		w.WriteString("\">")
		w.text(fmtDate(p.Site.AsOf))
		w.WriteString("</time></p>")
	}
	w.WriteString("\n  </div>\n</header>\n<main id=\"main\" class=\"main\">\n")
	return nil
}

// pageFoot is base.html after its content block.
func (w htmlWriter) pageFoot(p *page) error {
	footer, err := p.FooterHTML()
	if err != nil {
		return err
	}
	w.WriteString("\n</main>\n")
	w.WriteString(string(footer))
	w.WriteString("\n</body>\n</html>\n")
	return nil
}

// status is partials.html's "status".
func (w htmlWriter) status(s string) {
	w.WriteString(`<span class="badge status-`)
	w.text(s)
	w.WriteString(`">`)
	w.text(statusLabel(s))
	w.WriteString("</span>")
}

// progress is partials.html's "progress".
func (w htmlWriter) progress(pct float64) {
	w.WriteString(`<span class="progress" role="img" aria-label="`)
	w.text(fmtNum(pct))
	w.WriteString(`% done"><span class="progress-bar `)
	w.text(widthClass(pct))
	w.WriteString(`"></span></span>`)
}

// stat is partials.html's "stat".
func (w htmlWriter) stat(s statView) {
	w.WriteString(`<div class="stat`)
	if s.Class != "" {
		w.WriteString(" stat-")
		w.text(s.Class)
	}
	w.WriteString(`"><span class="stat-label">`)
	w.text(s.Label)
	w.WriteString(`</span><span class="stat-value">`)
	if s.Href != "" {
		w.WriteString(`<a href="`)
		w.url(s.Href)
		w.WriteString(`">`)
		w.text(s.Value)
		w.WriteString("</a>")
	} else {
		w.text(s.Value)
	}
	w.WriteString("</span>")
	if s.Note != "" {
		w.WriteString(`<span class="stat-note">`)
		w.text(s.Note)
		w.WriteString("</span>")
	}
	if s.Why != "" {
		w.WriteString(`<details class="why"><summary>How?</summary><p>`)
		w.text(s.Why)
		if s.How != "" {
			w.WriteString(` <a href="`)
			w.url(s.How)
			w.WriteString(`">How these figures are computed</a>`)
		}
		w.WriteString("</p></details>")
	}
	w.WriteString("</div>")
}

// featureContent is feature.html's "content". It is long on purpose: it is
// the template written as Go, statement by statement in the template's
// order, so that the two read side by side (TestFeatureHTMLMatchesTemplate
// holds them to the same bytes). Split, it would no longer mirror it.
func (w htmlWriter) featureContent(p *page, b *featureBody) {
	f := b.F
	w.WriteString("\n<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"")
	w.url(p.Href("backlog/index.html"))
	w.WriteString("\">Backlog</a> › <span class=\"mono\">")
	w.text(f.ID)
	w.WriteString("</span></nav>\n<div class=\"page-head\">\n  <h1>")
	w.text(f.Title)
	w.WriteString("</h1>\n  <p class=\"tags\">")
	w.status(string(f.Status))
	w.WriteString(` <span class="kind kind-`)
	w.text(string(f.Kind))
	w.WriteString(`">`)
	w.text(string(f.Kind))
	w.WriteString("</span>")
	if f.Category != "" {
		w.WriteString(` <a class="tag" href="`)
		w.url(p.BacklogURL("category", f.Category))
		w.WriteString(`">`)
		w.text(f.Category)
		w.WriteString("</a>")
	}
	for _, t := range f.Themes {
		w.WriteString(` <a class="tag tag-theme" href="`)
		w.url(p.BacklogURL("theme", t))
		w.WriteString(`">`)
		w.text(t)
		w.WriteString("</a>")
	}
	if f.LowScore {
		w.WriteString(` <span class="flag flag-bad">low score</span>`)
	}
	w.WriteString("</p>\n</div>\n\n<div class=\"stats\">")
	for _, s := range b.Stats {
		w.WriteString("\n  ")
		w.stat(s)
	}
	w.WriteString("\n</div>\n<div class=\"meter meter-lg\">")
	w.progress(b.Progress)
	w.WriteString(`<span class="meter-text">`)
	w.text(fmtNum(b.Progress))
	w.WriteString(`% done</span></div>

<div class="two-col">
<div>
  <section aria-labelledby="desc-h">
    <h2 id="desc-h" class="section-title">Description</h2>`)
	if b.Description != "" {
		w.WriteString(`<div class="prose">`)
		w.WriteString(string(b.Description)) // sanitised HTML
		w.WriteString("</div>")
	} else {
		w.WriteString(`<p class="muted">No description.</p>`)
	}
	w.WriteString(`
  </section>
  <section aria-labelledby="ac-h">
    <h2 id="ac-h" class="section-title">Acceptance criteria</h2>`)
	if b.Decl != nil {
		if len(b.Decl.Acceptance) > 0 {
			// Ticked only once the feature is done.
			w.WriteString("\n    <ul class=\"checklist")
			if f.Status != model.StatusDone {
				w.WriteString(" checklist-open")
			}
			w.WriteString("\">")
			for _, a := range b.Decl.Acceptance {
				w.WriteString("<li>")
				w.text(a)
				w.WriteString("</li>")
			}
			w.WriteString("</ul>")
		} else {
			w.WriteString(`<p class="muted">None written yet.</p>`)
		}
	}
	w.WriteString(`
  </section>
</div>
<aside>
  <section class="card" aria-labelledby="score-h">
    <h2 id="score-h">Scorecard</h2>
    <table class="data compact">
      <caption class="visually-hidden">Scorecard of `)
	w.text(f.ID)
	w.WriteString(`</caption>
      <thead><tr><th scope="col">Metric</th><th scope="col" class="num">Value</th><th scope="col" class="num">Range</th></tr></thead>
      <tbody>`)
	for _, s := range b.Scores {
		w.WriteString("\n        <tr><th scope=\"row\">")
		w.text(s.Label)
		w.WriteString(` <span class="muted mono">`)
		w.text(s.Key)
		w.WriteString(`</span></th><td class="num">`)
		w.text(fmtNumPtr(s.Value))
		w.WriteString(`</td><td class="num muted">`)
		w.text(fmtNum(s.Min))
		w.WriteString("–")
		w.text(fmtNum(s.Max))
		w.WriteString("</td></tr>")
	}
	w.WriteString(`
      </tbody>
      <tfoot><tr><th scope="row">Score</th><td class="num"><strong>`)
	w.text(fmtNumPtr(f.Score))
	w.WriteString("</strong></td><td></td></tr></tfoot>\n    </table>")
	if b.Equation != "" {
		w.WriteString(`<p class="muted">Score = <code>`)
		w.text(b.Equation)
		w.WriteString("</code></p>")
	}
	w.WriteString(`
  </section>
  <section class="card" aria-labelledby="rel-h">
    <h2 id="rel-h">Release</h2>`)
	w.featureRelease(p, b)
	w.WriteString(`
  </section>
</aside>
</div>

<section aria-labelledby="stories-h">
  <h2 id="stories-h" class="section-title">Stories</h2>`)
	if len(b.Stories) > 0 {
		w.WriteString(`
  <div class="table-wrap">
  <table class="data sortable cards">
    <caption class="visually-hidden">Stories of `)
		w.text(f.ID)
		w.WriteString(` across sprints</caption>
    <thead><tr><th scope="col">Story</th><th scope="col">Title</th><th scope="col">Priority</th><th scope="col" class="num">Estimate</th><th scope="col">Status</th><th scope="col">Sprints</th></tr></thead>
    <tbody>`)
		for _, row := range b.Stories {
			w.WriteString("\n      <tr><td class=\"mono\" data-label=\"Story\">")
			w.text(row.S.ID)
			w.WriteString(`</td><td class="card-title">`)
			w.text(row.S.Title)
			w.WriteString(`</td><td data-label="Priority"><span class="prio prio-`)
			w.text(string(row.S.Priority))
			w.WriteString(`">`)
			w.text(string(row.S.Priority))
			w.WriteString(`</span></td><td class="num" data-label="Estimate">`)
			w.text(fmtNum(row.S.Estimate))
			w.WriteString(`</td><td data-label="Status">`)
			w.status(row.S.Status)
			w.WriteString("</td>\n      <td data-label=\"Sprints\">")
			for i, s := range row.Sprints {
				if i > 0 {
					w.WriteString(" → ")
				}
				w.WriteString(`<a href="`)
				w.url(p.SprintURL(s.ID))
				w.WriteString(`">`)
				w.text(s.Name)
				w.WriteString("</a>")
			}
			w.WriteString("</td></tr>")
		}
		w.WriteString("\n    </tbody>\n  </table>\n  </div>")
	} else {
		w.WriteString(`<p class="muted">Not broken into stories yet; its size is the feature estimate.</p>`)
	}
	w.WriteString("\n</section>\n")
}

// featureRelease is the release card's body on a feature page.
func (w htmlWriter) featureRelease(p *page, b *featureBody) {
	rr := b.Release
	if rr == nil {
		w.WriteString(`<p class="muted">Not in any release yet.</p>`)
		return
	}
	w.WriteString("\n    <p><a href=\"")
	w.url(p.ReleaseURL(rr.ID))
	w.WriteString(`">`)
	w.text(rr.Name)
	w.WriteString("</a>, target ")
	w.text(fmtDate(rr.Date))
	w.WriteString(".</p>")
	switch b.InFit {
	case "over":
		w.WriteString(`<p><span class="flag flag-bad">below the capacity cut</span> The release is full before this feature.</p>`)
	case "fits":
		w.WriteString(`<p><span class="flag flag-good">fits</span> within the release capacity.</p>`)
	}
	switch {
	case b.QueueOnTime != nil:
		w.WriteString("<p>")
		w.text(fmtPct(*b.QueueOnTime))
		w.WriteString(" likely to be done by ")
		w.text(fmtDateShort(rr.Date))
		w.WriteString(" ")
		w.text(b.QueueIf)
		if b.OnTime != nil {
			w.WriteString(" (")
			w.text(fmtPct(*b.OnTime))
			w.WriteString(" if the team worked on ")
			w.text(rr.Name)
			w.WriteString(" alone)")
		}
		w.WriteString(".</p>")
	case b.OnTime != nil:
		w.WriteString("<p>")
		w.text(fmtPct(*b.OnTime))
		w.WriteString(" likely to be done by ")
		w.text(fmtDateShort(rr.Date))
		w.WriteString(".</p>")
	}
}
