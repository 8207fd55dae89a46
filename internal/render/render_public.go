package render

import (
	"context"
	"fmt"
	"html/template"
	"net/url"

	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/report"
)

// The public roadmap (docs/github-pages.md, "Audiences") is rendered from an
// audience.View alone. The renderer it runs on is given the view's site,
// which has no feature, release or sprint, and a report with no figure but
// the as-of date: the internal pages' code, were any of it reached, would
// find nothing to show. Public pages have templates of their own
// (publicKinds), so that the internal pages keep theirs unchanged.

// publicKinds are the page templates of the public roadmap; markdown pages
// use "page".
var publicKinds = []string{"public-home", "public-roadmap", "public-release", "public-feature", "public-404"}

// RenderPublic writes the public roadmap of a view to out.
func RenderPublic(ctx context.Context, v *audience.View, out output.Output, opts Options) (*Result, error) {
	pg, err := PreparePublic(ctx, v, opts)
	if err != nil {
		return nil, err
	}
	co := &output.Counting{Out: out}
	if err := runJobs(ctx, pg.jobs, co, opts.Workers); err != nil {
		return nil, err
	}
	files, pages, bytes := co.Totals()
	return &Result{Pages: pages, Files: files, Bytes: bytes}, nil
}

// PreparePublic is Prepare for the public roadmap of a view.
func PreparePublic(ctx context.Context, v *audience.View, opts Options) (*Pages, error) {
	if v == nil || v.Site == nil || v.Report == nil {
		return nil, fmt.Errorf("render: no public view")
	}
	opts.public = v.Report
	return prepare(ctx, v.Site, &report.Report{AsOf: v.Report.AsOf, Unit: v.Report.Unit}, opts)
}

// publicInfo indexes the public report and sets the navigation of the
// public roadmap.
func (r *renderer) publicInfo(info *siteInfo) {
	r.pubFeat = make(map[string]*audience.Feature, len(r.public.Features))
	for _, f := range r.public.Features {
		r.pubFeat[f.ID] = f
	}
	r.pubRel = make(map[string]*audience.Release, len(r.public.Releases))
	for _, pr := range r.public.Releases {
		r.pubRel[pr.ID] = pr
	}
	info.Public = true
	info.Nav = []navItem{
		{"dashboard", "Overview", "index.html"},
		{"roadmap", "Roadmap", "roadmap/index.html"},
	}
}

// publicJobs lists every file of the public roadmap, in a fixed order.
func (r *renderer) publicJobs() ([]job, error) {
	pub := r.public
	var jobs []job
	add := func(j job) { jobs = append(jobs, j) }
	add(r.pageJob("index.html", "public-home", r.publicHome))
	add(r.pageJob("roadmap/index.html", "public-roadmap", r.publicRoadmap))
	for _, pr := range pub.Releases {
		pr := pr
		add(r.pageJob(releasePath(pr.ID), "public-release", func(p *page) error { return r.publicReleasePage(p, pr) }))
	}
	for _, pf := range pub.Features {
		pf := pf
		add(r.pageJob("features/"+url.PathEscape(pf.ID)+"/index.html", "public-feature", func(p *page) error { return r.publicFeaturePage(p, pf) }))
	}
	jobs = append(jobs, r.markdownPageJobs()...)
	add(r.pageJob("404.html", "public-404", func(p *page) error { p.Title = "Page not found"; return nil }))
	add(job{name: ".nojekyll", make: func() ([]byte, error) { return []byte{}, nil }})
	if r.baseURL != "" {
		add(job{name: "sitemap.xml", make: r.publicSitemap})
	}
	add(job{name: "data/report.json", make: func() ([]byte, error) { return audience.JSON(pub) }})
	add(job{name: "data/backlog.csv", make: func() ([]byte, error) { return audience.BacklogCSV(pub), nil }})
	add(job{name: "feed.xml", make: r.publicFeed})
	add(job{name: "releases.ics", make: r.publicCalendar})
	for _, pr := range pub.Releases {
		pr := pr
		add(job{name: "badges/" + pr.ID + ".svg", make: func() ([]byte, error) { return badge(badgeRelease(pr)), nil }})
	}
	return r.withCopiedFiles(jobs)
}

// publicRelease is a public release as its card and page show it.
type publicRelease struct {
	R         *audience.Release
	Progress  float64
	OddsText  string // "73% likely by 29 May", "Finished 3 Apr"
	OddsClass string
	Forecast  string // the forecast in words
	Features  []*audience.Feature
}

func (r *renderer) publicRelease(pr *audience.Release) *publicRelease {
	c := &publicRelease{R: pr, Progress: pr.Progress}
	for _, id := range pr.Features {
		if f := r.publicFeature(id); f != nil {
			c.Features = append(c.Features, f)
		}
	}
	switch f := pr.Forecast; {
	case !pr.Finished.IsZero():
		c.OddsText, c.OddsClass = "Finished "+fmtDateShort(pr.Finished), "good"
		c.Forecast = "Finished on " + fmtDate(pr.Finished) + "."
	case pr.Progress >= 100:
		c.OddsText, c.OddsClass = "All done", "good"
		c.Forecast = "Everything planned for it is done."
	case f != nil:
		c.OddsText, c.OddsClass = fmtPct(f.OnTime)+" likely by "+fmtDateShort(pr.Date), oddsClass(f.OnTime)
		queued := ""
		if f.Queued {
			queued = ", after the releases due before it"
		}
		c.Forecast = fmt.Sprintf("Expected around %s%s. In simulations replaying the team's past pace, %s; %s finish by the target date.",
			fmtDate(f.Date), queued, finishesText(f), fmtPct(f.OnTime))
	default:
		c.OddsText, c.OddsClass = "No forecast yet", "muted"
		c.Forecast = "No forecast yet: there is no track record to project."
	}
	if pr.Overdue && pr.Finished.IsZero() {
		c.OddsText, c.OddsClass = "Overdue by "+daysWord(pr.OverdueDays), "bad"
		c.Forecast = fmt.Sprintf("%s past its target of %s. %s", daysWord(pr.OverdueDays), fmtDate(pr.Date), c.Forecast)
	}
	return c
}

// finishesText says when the simulations finish, naming a date once when
// percentiles share it, as the internal pages' "finishes" template does.
func finishesText(f *audience.Forecast) string {
	switch {
	case f.P50 == f.P85 && f.P85 == f.P95:
		return "95% finish by " + fmtDate(f.P95)
	case f.P50 == f.P85:
		return "85% finish by " + fmtDate(f.P85) + " and 95% by " + fmtDate(f.P95)
	case f.P85 == f.P95:
		return "half finish by " + fmtDate(f.P50) + " and 95% by " + fmtDate(f.P95)
	}
	return "half finish by " + fmtDate(f.P50) + ", 85% by " + fmtDate(f.P85) + " and 95% by " + fmtDate(f.P95)
}

func (r *renderer) publicFeature(id string) *audience.Feature { return r.pubFeat[id] }

func (r *renderer) publicReleaseByID(id string) *audience.Release { return r.pubRel[id] }

type publicHomeBody struct {
	Releases []*publicRelease
	Counts   audience.Counts
	// Later are the first listLimit open public features in no public
	// release; LaterMore counts the rest, which the roadmap lists.
	Later     []*audience.Feature
	LaterMore int
	Chart     *chartView
}

func (r *renderer) publicHome(p *page) error {
	p.Title = "Overview"
	b := &publicHomeBody{Counts: r.public.Counts}
	for _, pr := range r.public.Releases {
		b.Releases = append(b.Releases, r.publicRelease(pr))
	}
	b.Later = r.publicLater()
	if len(b.Later) > listLimit {
		b.Later, b.LaterMore = b.Later[:listLimit], len(b.Later)-listLimit
	}
	var err error
	b.Chart, err = publicRoadmapChart("chart-roadmap-1", r.public, true)
	p.Body = b
	return err
}

// publicLater are the open public features no public release holds yet.
func (r *renderer) publicLater() []*audience.Feature {
	var out []*audience.Feature
	for _, f := range r.public.Features {
		if f.Release == nil && f.Status.Open() {
			out = append(out, f)
		}
	}
	return out
}

type publicRoadmapBody struct {
	Chart    *chartView
	Releases []*publicRelease
	Later    []*audience.Feature
}

func (r *renderer) publicRoadmap(p *page) error {
	p.Title = "Roadmap"
	b := &publicRoadmapBody{Later: r.publicLater()}
	for _, pr := range r.public.Releases {
		b.Releases = append(b.Releases, r.publicRelease(pr))
	}
	var err error
	b.Chart, err = publicRoadmapChart("chart-roadmap-1", r.public, false)
	p.Body = b
	return err
}

type publicReleaseBody struct {
	C           *publicRelease
	Description template.HTML
}

func (r *renderer) publicReleasePage(p *page, pr *audience.Release) error {
	p.Title = pr.Name
	p.Body = &publicReleaseBody{C: r.publicRelease(pr), Description: r.md.render(pr.Description)}
	return nil
}

type publicFeatureBody struct {
	F           *audience.Feature
	Release     *audience.Release
	Description template.HTML
}

func (r *renderer) publicFeaturePage(p *page, f *audience.Feature) error {
	p.Title = f.Title
	b := &publicFeatureBody{F: f, Description: r.md.render(f.Description)}
	if f.Release != nil {
		b.Release = r.publicReleaseByID(*f.Release)
	}
	p.Body = b
	return nil
}

// publicRoadmapChart is the public releases on a timeline: each from its
// start to its target date, with a red extension to its forecast when that
// is later.
func publicRoadmapChart(id string, pub *audience.Report, small bool) (*chartView, error) {
	if len(pub.Releases) == 0 {
		return nil, nil
	}
	lanes := []string{}
	var items []any
	tbl := dataTable{Caption: "Roadmap", Head: []string{"Release", "Start", "Target", "Forecast"}}
	for _, pr := range pub.Releases {
		lane := len(lanes)
		lanes = append(lanes, pr.Name)
		state := "release"
		if !pr.Finished.IsZero() || pr.Progress >= 100 {
			state = "done"
		}
		items = append(items, map[string]any{"name": pr.Name, "value": []any{lane, pr.Start.String(), pr.Date.AddDays(1).String(), releaseBarLabel(state), state}})
		forecast := "–"
		if f := pr.Forecast; f != nil {
			forecast = f.Date.String()
			if f.Date > pr.Date {
				items = append(items, map[string]any{"name": pr.Name + " forecast", "value": []any{lane, pr.Date.AddDays(1).String(), f.Date.AddDays(1).String(), barLate, "late"}})
			}
		}
		tbl.Rows = append(tbl.Rows, []string{pr.Name, pr.Start.String(), pr.Date.String(), forecast})
	}
	o := timelineOption(lanes, items, pub.AsOf)
	c := &chartView{ID: id, Title: "Timeline", Small: small, Tall: len(lanes) > 4 && !small, Table: tbl,
		Label: "Releases on a timeline from start to target date, a later forecast in red, with the as-of date marked."}
	return o.finish(c)
}

func (r *renderer) publicSitemap() ([]byte, error) {
	names := []string{"index.html", "roadmap/index.html"}
	for _, f := range r.public.Features {
		names = append(names, "features/"+url.PathEscape(f.ID)+"/index.html")
	}
	for _, x := range r.public.Releases {
		names = append(names, releasePath(x.ID))
	}
	for _, pg := range r.site.Pages {
		names = append(names, pageDir(pg.Slug)+"index.html")
	}
	return r.sitemapOf(names), nil
}

// badgeRelease is what a release's badge reads, from the public figures.
func badgeRelease(pr *audience.Release) *report.ReleaseReport {
	rr := &report.ReleaseReport{Name: pr.Name, Finished: pr.Finished}
	if f := pr.Forecast; f != nil {
		rr.Forecast = &report.ReleaseForecast{Date: f.Date, OnTime: f.OnTime}
	}
	return rr
}

// publicCalendar is releases.ics of the public roadmap: each public
// release's date and forecast, with the public figures only.
func (r *renderer) publicCalendar() ([]byte, error) {
	stamp := r.public.AsOf
	if stamp.IsZero() {
		stamp = model.MakeDate(1970, 1, 1)
	}
	c := r.newCalendar()
	for _, pr := range r.public.Releases {
		desc := fmt.Sprintf("Release date of %s. As of %s: %s%% done.", pr.Name, fmtDate(r.public.AsOf), fmtNum(pr.Progress))
		if !pr.Finished.IsZero() {
			desc += " Finished on " + fmtDate(pr.Finished) + "."
		}
		r.event(c, "release/"+pr.ID, pr.ID, stamp, pr.Date, pr.Name+": release date", desc, "CONFIRMED")
		if f := pr.Forecast; f != nil {
			desc := fmt.Sprintf("A forecast, not a date anyone committed to (as of %s). P85 %s; chance of making the release date, %s: %s.",
				fmtDate(r.public.AsOf), fmtDate(f.P85), fmtDate(pr.Date), fmtPct(f.OnTime))
			r.event(c, "forecast/"+pr.ID, pr.ID, stamp, f.Date, "Forecast: "+pr.Name+" done", desc, "TENTATIVE")
		}
	}
	c.line("END", "VCALENDAR")
	return c.b.Bytes(), nil
}

// publicFeed is feed.xml of the public roadmap: one entry per public
// release as of the build's figures, so that a reader sees a new entry
// whenever the as-of date moves.
func (r *renderer) publicFeed() ([]byte, error) {
	updated := r.public.AsOf
	if updated.IsZero() {
		updated = model.MakeDate(1970, 1, 1)
	}
	entries := make([]feedEntry, 0, len(r.public.Releases))
	for _, pr := range r.public.Releases {
		c := r.publicRelease(pr)
		entries = append(entries, feedEntry{
			key:     "public/release/" + pr.ID + "/" + updated.String(),
			title:   pr.Name + ": " + c.OddsText,
			link:    r.link(releasePath(pr.ID)),
			summary: fmt.Sprintf("%s%% done. %s", fmtNum(pr.Progress), c.Forecast),
			updated: updated,
		})
	}
	return r.atomFeed("public-feed", "Release forecasts of ", updated, entries), nil
}
