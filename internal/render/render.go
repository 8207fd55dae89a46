package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	themefs "github.com/backlogsite/backlogsite/themes"

	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/report"
)

// Options tune Render.
type Options struct {
	// BaseURL, when set, replaces site.toml's base_url. It is only used for
	// sitemap.xml and canonical links; every link between pages is relative.
	BaseURL string
	// Workers bounds how many pages render and write at once; 0 means
	// twice GOMAXPROCS.
	Workers int
	// Templates, when set, carries parsed templates from one build to the
	// next (the live server's rebuilds).
	Templates *TemplateCache

	// public is the public report when the render is the public roadmap
	// (set by PreparePublic only).
	public *audience.Report
	// Descriptions, when set, holds the feature descriptions rendered
	// while the report was computed (StartDescriptions).
	Descriptions *Descriptions
}

// Result counts what a render or build wrote.
type Result struct {
	Pages int   // HTML pages
	Files int   // every file, pages included
	Bytes int64 // total size
}

// Render writes the whole site for a loaded site and its computed report to
// out: pages, assets, static files, data/report.json and data/backlog.csv.
// It reads nothing but the theme, site.Dir/layouts and site.Dir/static.
func Render(ctx context.Context, site *model.Site, rep *report.Report, out output.Output, opts Options) (*Result, error) {
	pg, err := Prepare(ctx, site, rep, opts)
	if err != nil {
		return nil, err
	}
	co := &output.Counting{Out: out}
	// A full render keeps nothing: each file goes to out as it is made, so
	// memory does not grow with the site (File would memoise every page).
	if err := runJobs(ctx, pg.jobs, co, opts.Workers); err != nil {
		return nil, err
	}
	files, pages, bytes := co.Totals()
	return &Result{Pages: pages, Files: files, Bytes: bytes}, nil
}

func themeFS(name string) (fs.FS, error) {
	switch name {
	case "", "default":
		return themefs.Default(), nil
	}
	return nil, fmt.Errorf("unknown theme %q (the only theme is \"default\")", name)
}

// job produces one output file: pages with render, other files with make.
type job struct {
	name string
	make func() ([]byte, error)
	// render appends a page to a buffer the caller owns. Pages are
	// rendered into one buffer per worker, reused from page to page and
	// written from there: a fresh slice per page allocated more than the
	// rest of rendering put together.
	render func(buf *bytes.Buffer) error
	// big marks the few files that take far longer than a page (the data
	// files, the backlog page and its rows): they start first, so that the
	// last of them does not run alone while the other workers idle.
	big bool
	// src is the input the file comes from (an entry, a page, a static
	// file), where a problem with its name is reported; zero for a file
	// backlogsite makes on its own.
	src model.Pos
}

// bytes returns the file's content in a slice of its own.
func (j job) bytes() ([]byte, error) {
	if j.render == nil {
		return j.make()
	}
	var buf bytes.Buffer
	if err := j.render(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// runJobs renders with a bounded pool of workers and stops at the first
// error. The error reported is the first in job order among the jobs that
// failed, not a cancellation, so it does not depend on scheduling as long as
// one job fails.
func runJobs(ctx context.Context, jobs []job, out output.Output, workers int) error {
	if workers <= 0 {
		// A worker spends much of its time in the kernel creating folders
		// and files, often waiting there for a lock another worker holds;
		// with twice as many workers as threads running Go code, another
		// renders meanwhile. On the 10,000-page site this made the write
		// a tenth faster than one worker per thread.
		workers = 2 * runtime.GOMAXPROCS(0)
	}
	if workers > len(jobs) {
		workers = len(jobs)
	}
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for i := range next {
				if ctx.Err() != nil {
					continue // skipped: an error or the caller stopped the render
				}
				var data []byte
				var err error
				if jobs[i].render != nil {
					if buf.Cap() > 1<<20 {
						// A page far bigger than the rest would pin
						// its memory for the rest of the build.
						buf = bytes.Buffer{}
					}
					buf.Reset()
					err = jobs[i].render(&buf)
					data = buf.Bytes()
				} else {
					data, err = jobs[i].make()
				}
				if err == nil {
					err = out.WriteFile(jobs[i].name, data)
				}
				if err != nil {
					errs[i] = fmt.Errorf("%s: %w", jobs[i].name, err)
					cancel()
				}
			}
		}()
	}
	order := make([]int, 0, len(jobs))
	for i, j := range jobs {
		if j.big {
			order = append(order, i)
		}
	}
	for i, j := range jobs {
		if !j.big {
			order = append(order, i)
		}
	}
feed:
	for _, i := range order {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return parent.Err()
}

// renderer holds everything one build shares between pages. It is read-only
// once built, so workers use it concurrently.
type renderer struct {
	site    *model.Site
	rep     *report.Report
	theme   fs.FS
	md      *markdownRenderer
	baseURL string // absolute, ending in "/"; "" when none
	tmpl    map[string]*template.Template
	info    *siteInfo
	// basePath is where the site lives on its host, for 404.html; "" when
	// base_url does not say.
	basePath string

	feat    map[string]*model.Feature
	featRep map[string]*report.FeatureReport
	rel     map[string]*model.Release
	relRep  map[string]*report.ReleaseReport
	spr     map[string]*model.Sprint
	sprRep  map[string]*report.SprintReport

	// chromeCache holds the parts of chromeSource as HTML by part and
	// key: a handful of variants shared by thousands of pages.
	chromeTmpl  *template.Template
	chromeMu    sync.Mutex
	chromeCache map[[2]string]template.HTML

	relIdxMu sync.Mutex
	relIdx   map[*report.ReleaseReport]*releaseIndex

	// samplesText is samplesWhy of samplesOf, the forecast of the first
	// release that has one (set once, by samplesWhy).
	samplesOnce sync.Once
	samplesOf   *report.ReleaseForecast
	samplesText string

	// public is set when this is the public roadmap: its pages and files
	// are made from it alone (render_public.go), pubFeat and pubRel index it.
	public  *audience.Report
	pubFeat map[string]*audience.Feature
	pubRel  map[string]*audience.Release
	desc    *Descriptions // nil: descriptions render with their pages
}

// pageKinds are the page templates of a theme; each is parsed together with
// base.html and partials.html.
var pageKinds = []string{
	"dashboard", "backlog", "feature", "releases", "release", "sprints", "sprint",
	"velocity", "roadmap", "themes", "flow", "page", "404",
}

func newRenderer(site *model.Site, rep *report.Report, theme fs.FS, opts Options) (*renderer, error) {
	r := &renderer{
		site: site, rep: rep, theme: theme, md: newMarkdownRenderer(), desc: opts.Descriptions,
		// Sized up front: growing them shows in the profile of serve's
		// rebuild of a 10,000-feature site.
		feat: make(map[string]*model.Feature, len(site.Features)), featRep: make(map[string]*report.FeatureReport, len(rep.Features)),
		rel: make(map[string]*model.Release, len(site.Releases)), relRep: make(map[string]*report.ReleaseReport, len(rep.Releases)),
		spr: make(map[string]*model.Sprint, len(site.Sprints)), sprRep: make(map[string]*report.SprintReport, len(rep.Sprints)),
		public: opts.public,
	}
	for _, f := range site.Features {
		r.feat[f.ID] = f
	}
	for _, f := range rep.Features {
		r.featRep[f.ID] = f
	}
	for _, x := range site.Releases {
		r.rel[x.ID] = x
	}
	for _, x := range rep.Releases {
		r.relRep[x.ID] = x
	}
	for _, x := range site.Sprints {
		r.spr[x.ID] = x
	}
	for _, x := range rep.Sprints {
		r.sprRep[x.ID] = x
	}
	base := opts.BaseURL
	if base == "" {
		base = site.Config.BaseURL
	} else if problems := model.BaseURLProblems(base); len(problems) > 0 {
		// site.toml's base_url was checked by Load; an override is checked here,
		// where every caller's passes, not only the command line's.
		return nil, errors.New(strings.Join(problems, "; "))
	}
	r.baseURL = absoluteBase(base)
	r.basePath = basePath(base)
	if err := r.parseTemplates(opts.Templates); err != nil {
		return nil, err
	}
	r.chromeTmpl = template.Must(template.New("chrome").Funcs(templateFuncs()).Parse(chromeSource))
	r.chromeCache = map[[2]string]template.HTML{}
	r.relIdx = map[*report.ReleaseReport]*releaseIndex{}
	r.info = r.siteInfo()
	return r, nil
}

// absoluteBase returns base_url normalised to end in "/" when it is an
// absolute http(s) URL, and "" otherwise (a relative base_url cannot make
// the absolute links sitemaps and canonical links need).
func absoluteBase(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	u.RawQuery, u.Fragment = "", ""
	out := u.String()
	if !strings.HasSuffix(out, "/") {
		out += "/"
	}
	return out
}

// checkLayoutNames rejects a file in layouts/ that overrides nothing: a
// typo in its name would otherwise be ignored without a word.
func (r *renderer) checkLayoutNames() error {
	known := map[string]bool{"base.html": true, "partials.html": true}
	names := []string{"base.html", "partials.html"}
	for _, kind := range append(append([]string{}, pageKinds...), publicKinds...) {
		known[kind+".html"] = true
		names = append(names, kind+".html")
	}
	var errs model.ErrorList
	for _, l := range r.site.LayoutFiles {
		if !known[l] {
			errs.Add(model.Pos{Path: filepath.Join(r.site.Dir, "layouts", l)},
				"no theme template is called %q, so this file would override nothing (templates: %s)", l, strings.Join(names, ", "))
		}
	}
	return errs.Err()
}

// templateSource reads a template: the site's layouts/<name> when the site
// overrides it, else the theme's.
func (r *renderer) templateSource(name string) (string, error) {
	for _, l := range r.site.LayoutFiles {
		if l == name {
			b, err := r.siteFile("layouts/" + name)
			if err != nil {
				return "", err
			}
			return string(b), nil
		}
	}
	b, err := fs.ReadFile(r.theme, "templates/"+name)
	if err != nil {
		return "", fmt.Errorf("theme: %w", err)
	}
	return string(b), nil
}

// siteFile reads a file of the site (a layout or a static file) through
// the file system the loader read the site from.
func (r *renderer) siteFile(name string) ([]byte, error) {
	if r.site.Files == nil {
		return nil, fmt.Errorf("%s: the site has no file system to read it from", filepath.Join(r.site.Dir, filepath.FromSlash(name)))
	}
	b, err := fs.ReadFile(r.site.Files, name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			// Name the file as the user knows it, not as the root does.
			return nil, fmt.Errorf("%s: %v", filepath.Join(r.site.Dir, filepath.FromSlash(name)), pe.Err)
		}
		return nil, err
	}
	return b, nil
}

func (r *renderer) templatePath(name string) string {
	for _, l := range r.site.LayoutFiles {
		if l == name {
			return filepath.Join(r.site.Dir, "layouts", filepath.FromSlash(name))
		}
	}
	return "theme templates/" + name
}

// parseTemplates parses every template once per build (or not at all when
// opts.Templates holds the same sources): base and partials once, then one
// clone per page kind.
func (r *renderer) parseTemplates(cache *TemplateCache) error {
	if err := r.checkLayoutNames(); err != nil {
		return err
	}
	kinds := pageKinds
	if r.public != nil {
		kinds = append(append([]string{}, pageKinds...), publicKinds...)
	}
	names := make([]string, 0, 2+len(kinds))
	names = append(names, "base.html", "partials.html")
	for _, kind := range kinds {
		names = append(names, kind+".html")
	}
	srcs := make(map[string]string, len(names))
	var key strings.Builder
	key.WriteString(r.site.Config.Theme)
	for _, name := range names {
		src, err := r.templateSource(name)
		if err != nil {
			return err
		}
		srcs[name] = src
		// Where a template comes from matters too: its parse errors name
		// the file.
		fmt.Fprintf(&key, "\x00%s\x00%s\x00%d\x00", name, r.templatePath(name), len(src))
		key.WriteString(src)
	}
	if t := cache.get(key.String()); t != nil {
		r.tmpl = t
		return nil
	}
	common := template.New("theme").Funcs(templateFuncs())
	for _, name := range []string{"base.html", "partials.html"} {
		if _, err := common.New(name).Parse(srcs[name]); err != nil {
			return fmt.Errorf("%s: %w", r.templatePath(name), err)
		}
	}
	r.tmpl = map[string]*template.Template{}
	for _, kind := range kinds {
		name := kind + ".html"
		t, err := common.Clone()
		if err != nil {
			return err
		}
		if _, err := t.New(name).Parse(srcs[name]); err != nil {
			return fmt.Errorf("%s: %w", r.templatePath(name), err)
		}
		r.tmpl[kind] = t
	}
	cache.put(key.String(), r.tmpl)
	return nil
}

// templateFuncs are the helpers every template may use; a function rather
// than a package variable so that no build can alter another's.
func templateFuncs() template.FuncMap {
	return template.FuncMap{
		"num":       fmtNum,
		"nump":      fmtNumPtr,
		"signed":    fmtSigned,
		"pct":       fmtPct,
		"date":      fmtDate,
		"dateShort": fmtDateShort,
		"status":    func(v any) string { return statusLabel(textOf(v)) },
		"percent":   percent,
		"join":      strings.Join,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"deref": func(p *float64) float64 {
			if p == nil {
				return 0
			}
			return *p
		},
		"str": func(p *string) string {
			if p == nil {
				return ""
			}
			return *p
		},
		"neg": func(x float64) float64 { return -x },
		"cond": func(c bool, a, b string) string {
			if c {
				return a
			}
			return b
		},
		"oddsClass": oddsClass,
		"units":     unitWord,
		"isnil": func(v any) bool {
			rv := reflect.ValueOf(v)
			return v == nil || (rv.Kind() == reflect.Pointer && rv.IsNil())
		},
		"intp": func(p *int) string {
			if p == nil {
				return ""
			}
			return strconv.Itoa(*p)
		},
		"sub":  func(a, b float64) float64 { return a - b },
		"sub2": func(a, b int) int { return a - b },
		"mul":  func(a, b float64) float64 { return a * b },
		"div": func(a, b float64) float64 {
			if b == 0 {
				return 0
			}
			return a / b
		},
		// dict passes several values to a partial template.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"widthClass": widthClass,
	}
}

// widthClass is the class that draws a progress bar p% wide. Widths are
// classes, not inline styles, so the CSP needs no style exception for them.
func widthClass(p float64) string {
	return "w" + strconv.Itoa(int(p/5+0.5)*5)
}

// siteInfo is what every page shows about the site.
type siteInfo struct {
	Title       string
	Description template.HTML
	Unit        string
	AsOf        model.Date
	Nav         []navItem
	Pages       []navItem
	// Summary is Description as plain text, cut to a meta description's
	// length; Favicon is the site path of the icon: the site's own
	// static/favicon.svg, or else the theme's.
	Summary string
	Favicon string
	// Public marks the public roadmap, whose footer links only what it has.
	Public bool
}

type navItem struct {
	Key   string
	Label string
	Path  string
}

func (r *renderer) siteInfo() *siteInfo {
	unit := string(r.site.Config.Unit)
	if unit == "" {
		unit = string(model.UnitPoints)
	}
	info := &siteInfo{
		Title:       r.site.Config.Title,
		Description: r.md.render(r.site.Config.Description),
		Unit:        unit,
		AsOf:        r.rep.AsOf,
		Nav: []navItem{
			{"dashboard", "Dashboard", "index.html"},
			{"backlog", "Backlog", "backlog/index.html"},
			{"releases", "Releases", "releases/index.html"},
			{"sprints", "Sprints", "sprints/index.html"},
			{"velocity", "Velocity", "velocity/index.html"},
			{"roadmap", "Roadmap", "roadmap/index.html"},
			{"flow", "Flow", "flow/index.html"},
			{"themes", "Themes", "themes/index.html"},
		},
	}
	if r.public != nil {
		r.publicInfo(info)
	}
	for _, p := range r.site.Pages {
		info.Pages = append(info.Pages, navItem{Key: "page:" + p.Slug, Label: p.Title, Path: pageDir(p.Slug) + "index.html"})
	}
	info.Summary = plainSummary(string(info.Description), 160)
	info.Favicon = "assets/favicon.svg"
	for _, s := range r.site.StaticFiles {
		if s == "favicon.svg" {
			info.Favicon = s
		}
	}
	return info
}

var tagRe = regexp.MustCompile(`<[^>]*>`)

// plainSummary is rendered HTML as one line of plain text of at most max
// bytes, cut at a space.
func plainSummary(h string, max int) string {
	t := strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(h, " "))), " ")
	if len(t) <= max {
		return t
	}
	cut := strings.LastIndexByte(t[:max], ' ')
	if cut <= 0 {
		cut = max
		for cut > 0 && !utf8.RuneStart(t[cut]) {
			cut--
		}
	}
	return strings.TrimRight(t[:cut], " ,;:.") + "…"
}

// chromeSource holds the parts of the theme's base.html that are the same
// on every page at one depth (and in one section, for the navigation). They
// are executed once per variant and cached (page.NavHTML, ScriptsHTML,
// FooterHTML) instead of on each of thousands of pages. The text is what
// base.html had in their place, so the markup and its escaping are
// unchanged.
const chromeSource = `{{define "nav"}}
      {{- range .Site.Nav}}
        <li><a href="{{$.Href .Path}}"{{if eq .Key $.Section}} aria-current="page"{{end}}>{{.Label}}</a></li>
      {{- end}}
      {{- range .Site.Pages}}
        <li><a href="{{$.Href .Path}}"{{if eq .Key $.Section}} aria-current="page"{{end}}>{{.Label}}</a></li>
      {{- end}}
{{- end}}
{{- define "scripts"}}
{{- range .Scripts}}
<script src="{{.}}" defer></script>
{{- end}}
<script src="{{.Asset "site.js"}}" defer></script>
{{- end}}
{{- define "footer"}}<footer class="footer">
  <p>{{.Site.Title}} ·{{if not .Site.AsOf.IsZero}} figures as of {{date .Site.AsOf}} ·{{end}} estimates in {{.Site.Unit}} ·
  <a href="{{.Href "how/index.html"}}">How these figures are computed</a> ·
  <a href="{{.Href "data/report.json"}}">report.json</a> ·
  <a href="{{.Href "data/backlog.csv"}}">backlog.csv</a></p>
  <p class="muted">Made with backlogsite. Charts by Apache ECharts.</p>
</footer>
{{- end}}
{{- define "footer-public"}}<footer class="footer">
  <p>{{.Site.Title}} ·{{if not .Site.AsOf.IsZero}} as of {{date .Site.AsOf}} ·{{end}}
  <a href="{{.Href "data/report.json"}}">report.json</a> ·
  <a href="{{.Href "data/backlog.csv"}}">backlog.csv</a> ·
  <a href="{{.Href "feed.xml"}}">feed</a> ·
  <a href="{{.Href "releases.ics"}}">calendar</a></p>
  <p class="muted">Made with backlogsite. Charts by Apache ECharts.</p>
</footer>
{{- end}}`

// NavHTML is the list items of the site navigation for this page, the
// current entry marked: what ranging over .Site.Nav and .Site.Pages with
// .Href gives.
func (p *page) NavHTML() (template.HTML, error) { return p.chrome("nav", p.Root+"\x00"+p.Section) }

// ScriptsHTML is the script elements of this page: its own .Scripts, then
// site.js, which loads the chart library (assets/echarts.min.js) only when a
// chart comes near the viewport.
func (p *page) ScriptsHTML() (template.HTML, error) {
	return p.chrome("scripts", p.Root+"\x00"+strings.Join(p.Scripts, "\x00"))
}

// FooterHTML is the theme's page footer.
func (p *page) FooterHTML() (template.HTML, error) {
	if p.Site.Public {
		return p.chrome("footer-public", p.Root)
	}
	return p.chrome("footer", p.Root)
}

// chrome executes one part of chromeSource for p, or returns it as made
// for an earlier page with the same key (the values the part reads).
func (p *page) chrome(name, key string) (template.HTML, error) {
	r := p.r
	k := [2]string{name, key}
	r.chromeMu.Lock()
	h, ok := r.chromeCache[k]
	r.chromeMu.Unlock()
	if ok {
		return h, nil
	}
	var b strings.Builder
	if err := r.chromeTmpl.ExecuteTemplate(&b, name, p); err != nil {
		return "", err
	}
	h = template.HTML(b.String())
	r.chromeMu.Lock()
	r.chromeCache[k] = h
	r.chromeMu.Unlock()
	return h, nil
}

// page is what a template executes with.
type page struct {
	r         *renderer
	Site      *siteInfo
	Path      string // output path, "backlog/index.html"
	Root      string // relative path back to the site root: "", "../", "../../"
	Title     string
	Kind      string // the page template: "dashboard", "sprint", …
	Section   string // the navigation entry that is current
	Canonical string // absolute URL, or "" without base_url
	Scripts   []string
	// NearStyle is the stylesheet again, relative to the page itself, on
	// the not-found page (see newPage); "" elsewhere.
	NearStyle string
	Body      any
}

// Href makes a site path (always ending in a file name, so that links work
// from file:// where directories do not open their index.html) relative to
// the page.
func (p *page) Href(sitePath string) string { return p.Root + sitePath }

// Asset is the relative URL of a theme asset.
func (p *page) Asset(name string) string { return p.Root + "assets/" + name }

// Favicon is the relative URL of the site's icon.
func (p *page) Favicon() string { return p.Root + p.Site.Favicon }

// FeatureURL, ReleaseURL and SprintURL link to an item's page. Ids are
// escaped even though the loader restricts them to URL-safe characters.
func (p *page) FeatureURL(id string) string {
	return p.Root + "features/" + url.PathEscape(id) + "/index.html"
}
func (p *page) ReleaseURL(id string) string {
	return p.Root + "releases/" + url.PathEscape(id) + "/index.html"
}
func (p *page) SprintURL(id string) string {
	return p.Root + "sprints/" + url.PathEscape(id) + "/index.html"
}

// BacklogURL links to the backlog showing the features of one category,
// theme or release (key "category", "theme" or "release"): the filters the
// backlog page restores from its address.
func (p *page) BacklogURL(key, value string) string {
	return p.Root + "backlog/index.html?" + key + "=" + url.QueryEscape(value)
}

func pageDir(slug string) string { return url.PathEscape(slug) + "/" }

// rootFor returns the relative prefix from a page at name back to the root.
func rootFor(name string) string {
	return strings.Repeat("../", strings.Count(name, "/"))
}

func (r *renderer) newPage(name, title, section string) *page {
	p := &page{r: r, Site: r.info, Path: name, Root: rootFor(name), Title: title, Section: section}
	if r.baseURL != "" && name != "404.html" {
		p.Canonical = r.baseURL + strings.TrimSuffix(name, "index.html")
	}
	// Hosts serve 404.html at whatever address was missing, however deep,
	// where relative links would point nowhere: the not-found page links
	// from the site's path on its host, base_url's or else the host's root.
	// It also loads its stylesheet and site.js from next to itself, for a
	// 404.html opened from a folder on disk: whichever copy is there
	// applies, and the script that loads makes the links start where it
	// came from.
	if name == "404.html" {
		p.Root = r.basePath
		if p.Root == "" {
			p.Root = "/"
		}
		p.NearStyle = "assets/style.css"
		p.Scripts = []string{"assets/site.js"}
	}
	return p
}

// basePath is the path part of base_url ("/roadmap/" for
// https://acme.github.io/roadmap/ or for /roadmap), or "" when unknown.
func basePath(base string) string {
	base = strings.TrimSpace(base)
	u, err := url.Parse(base)
	if err != nil || base == "" {
		return ""
	}
	p := u.EscapedPath()
	switch {
	case u.Scheme == "http" || u.Scheme == "https":
		if u.Host == "" {
			return ""
		}
	case u.Scheme != "" || u.Host != "" || !strings.HasPrefix(p, "/"):
		return ""
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return p
}

// execute writes the page p of a kind to buf.
func (r *renderer) execute(buf *bytes.Buffer, kind string, p *page) error {
	if err := r.tmpl[kind].ExecuteTemplate(buf, "base.html", p); err != nil {
		return fmt.Errorf("template %s: %w", kind, err)
	}
	return nil
}

// pageJob wraps a page builder as a job that executes the kind's template.
func (r *renderer) pageJob(name, kind string, build func(p *page) error) job {
	return r.pageJobWriting(name, kind, build, func(buf *bytes.Buffer, p *page) error { return r.execute(buf, kind, p) })
}

// pageJobWriting wraps a page builder as a job that writes the built page
// with write.
func (r *renderer) pageJobWriting(name, kind string, build func(p *page) error, write func(*bytes.Buffer, *page) error) job {
	return job{name: name, render: func(buf *bytes.Buffer) error {
		p := r.newPage(name, "", sectionOf(kind))
		p.Kind = kind
		if err := build(p); err != nil {
			return err
		}
		return write(buf, p)
	}}
}

// sectionOf maps a page kind to the navigation entry it belongs under.
func sectionOf(kind string) string {
	switch kind {
	case "feature":
		return "backlog"
	case "release":
		return "releases"
	case "sprint":
		return "sprints"
	case "public-home", "public-404":
		return "dashboard"
	case "public-roadmap", "public-release", "public-feature":
		return "roadmap"
	}
	return kind
}

// jobs lists every file of the site, in a fixed order.
func (r *renderer) jobs() ([]job, error) {
	if r.public != nil {
		return r.publicJobs()
	}
	var jobs []job
	add := func(j job) { jobs = append(jobs, j) }

	add(r.pageJob("index.html", "dashboard", r.dashboardPage))
	backlog := r.pageJob("backlog/index.html", "backlog", r.backlogPage)
	backlog.big = true
	add(backlog)
	add(job{name: "backlog/rows.js", make: r.backlogRowsJS, big: true})
	direct := r.usesThemeFeaturePage()
	for _, fr := range r.rep.Features {
		j := r.featureJob(fr, direct)
		j.src = r.feat[fr.ID].Pos
		add(j)
	}
	add(r.pageJob("releases/index.html", "releases", r.releasesPage))
	for _, rr := range r.rep.Releases {
		rr := rr
		j := r.pageJob("releases/"+rr.ID+"/index.html", "release", func(p *page) error { return r.releasePage(p, rr) })
		j.src = rr.Release.Pos
		add(j)
	}
	add(r.pageJob("sprints/index.html", "sprints", r.sprintsPage))
	for _, sr := range r.rep.Sprints {
		sr := sr
		j := r.pageJob("sprints/"+sr.ID+"/index.html", "sprint", func(p *page) error { return r.sprintPage(p, sr) })
		j.src = r.spr[sr.ID].Pos
		add(j)
	}
	add(r.pageJob("velocity/index.html", "velocity", r.velocityPage))
	add(r.pageJob("roadmap/index.html", "roadmap", r.roadmapPage))
	add(r.pageJob("flow/index.html", "flow", r.flowPage))
	add(r.pageJob("themes/index.html", "themes", r.themesPage))
	add(r.pageJob(howPath, "page", r.howPage))
	jobs = append(jobs, r.markdownPageJobs()...)
	add(r.pageJob("404.html", "404", func(p *page) error { p.Title = "Page not found"; return nil }))
	add(job{name: ".nojekyll", make: func() ([]byte, error) { return []byte{}, nil }})
	if r.baseURL != "" {
		add(job{name: "sitemap.xml", make: r.sitemap})
	}
	add(job{name: "data/report.json", make: func() ([]byte, error) { return report.JSON(r.rep) }, big: true})
	add(job{name: "data/backlog.csv", make: func() ([]byte, error) { return report.BacklogCSV(r.rep), nil }, big: true})
	jobs = append(jobs, r.followJobs()...)
	for _, name := range report.FlowCSVNames() {
		add(job{name: "data/" + name, make: func() ([]byte, error) { return report.FlowCSV(r.rep, name), nil }})
	}
	return r.withCopiedFiles(jobs)
}

// markdownPageJobs are the site's Markdown pages (pages/*.md), which both
// audiences publish.
func (r *renderer) markdownPageJobs() []job {
	var jobs []job
	for _, pg := range r.site.Pages {
		j := r.pageJob(pageDir(pg.Slug)+"index.html", "page", func(p *page) error { return r.markdownPage(p, pg) })
		j.name, j.src = pg.Slug+"/index.html", pg.Pos
		jobs = append(jobs, j)
	}
	return jobs
}

// withCopiedFiles completes an audience's jobs with the files copied as
// they are, and checks every name. Two jobs for one name would make the
// output depend on scheduling, and a bad name must fail before anything
// is written.
func (r *renderer) withCopiedFiles(jobs []job) ([]job, error) {
	files, err := r.copiedFileJobs()
	if err != nil {
		return nil, err
	}
	jobs = append(jobs, files...)
	if err := checkNames(jobs); err != nil {
		return nil, err
	}
	return jobs, nil
}

// copiedFileJobs are the files both audiences copy as they are: the
// theme's assets, then the site's static/ files.
func (r *renderer) copiedFileJobs() ([]job, error) {
	assets, err := fs.Glob(r.theme, "assets/*")
	if err != nil {
		return nil, err
	}
	sort.Strings(assets)
	var jobs []job
	for _, a := range assets {
		jobs = append(jobs, job{name: a, make: func() ([]byte, error) { return fs.ReadFile(r.theme, a) }})
	}
	for _, s := range r.site.StaticFiles {
		jobs = append(jobs, job{name: s, make: func() ([]byte, error) {
			return r.siteFile("static/" + s)
		}, src: model.Pos{Path: filepath.Join(r.site.Dir, "static", filepath.FromSlash(s))}})
	}
	return jobs, nil
}

func (r *renderer) sitemap() ([]byte, error) {
	var names []string
	names = append(names, "index.html", "backlog/index.html", "releases/index.html", "sprints/index.html",
		"velocity/index.html", "roadmap/index.html", "flow/index.html", "themes/index.html", howPath)
	for _, f := range r.rep.Features {
		names = append(names, "features/"+url.PathEscape(f.ID)+"/index.html")
	}
	for _, x := range r.rep.Releases {
		names = append(names, "releases/"+url.PathEscape(x.ID)+"/index.html")
	}
	for _, x := range r.rep.Sprints {
		names = append(names, "sprints/"+url.PathEscape(x.ID)+"/index.html")
	}
	for _, pg := range r.site.Pages {
		names = append(names, pageDir(pg.Slug)+"index.html")
	}
	return r.sitemapOf(names), nil
}

// sitemapOf is sitemap.xml listing the pages names.
func (r *renderer) sitemapOf(names []string) []byte {
	sort.Strings(names)
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, n := range names {
		b.WriteString("  <url><loc>")
		template.HTMLEscape(&b, []byte(r.baseURL+strings.TrimSuffix(n, "index.html")))
		b.WriteString("</loc></url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// chartIDs hands out deterministic element ids for the charts of one page.
type chartIDs struct{ n int }

func (c *chartIDs) next(prefix string) string {
	c.n++
	return fmt.Sprintf("chart-%s-%d", prefix, c.n)
}

// addChart appends a chart when it has something to draw.
func addChart(list *[]*chartView, c *chartView, err error) error {
	if err != nil {
		return err
	}
	if c != nil {
		*list = append(*list, c)
	}
	return nil
}
