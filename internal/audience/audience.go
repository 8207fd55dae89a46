package audience

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

// Audience is who a build is for.
type Audience string

// Audiences: the internal build is the full site; the public build the
// public roadmap.
const (
	Internal Audience = "internal"
	Public   Audience = "public"
)

// Parse reads the --audience flag.
func Parse(s string) (Audience, bool) {
	switch a := Audience(s); a {
	case Internal, Public:
		return a, true
	}
	return "", false
}

// Built names what a build for a makes of the site in dir, for the
// terminal: the public roadmap says so, so that no one mistakes it for the
// full site.
func (a Audience) Built(dir string) string {
	if a == Public {
		return "the public roadmap of " + dir
	}
	return dir
}

// View is a site as its public readers see it. Site holds the public pages
// and the site settings only: no feature, release or sprint (they are in
// Report, projected), so nothing that reads Site can find one.
type View struct {
	Site   *model.Site
	Report *Report
}

// Report is data/report.json of a public build: the public subset of the
// full report, with the SPEC's field names (docs/reports.md, "The public
// report").
type Report struct {
	AsOf model.Date `json:"as_of"`
	// Unit is set only with [publish.public] sizes: without it, no figure
	// is in units.
	Unit     model.Unit `json:"unit,omitempty"`
	Features []*Feature `json:"features"` // by id; in position order with scores
	Releases []*Release `json:"releases"` // in start order
	Counts   Counts     `json:"counts"`
	// Switches are the [publish.public] switches this report was made with.
	Switches model.PublicSwitches `json:"-"`
}

// Counts are the public features by state.
type Counts struct {
	Features int `json:"features"`
	Open     int `json:"open"` // neither done nor dropped
	Done     int `json:"done"`
	Releases int `json:"releases"`
}

// Feature is one public feature.
type Feature struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Kind     model.Kind   `json:"kind"`
	Status   model.Status `json:"status"`
	Release  *string      `json:"release"` // a public release, else null
	Category string       `json:"category"`
	Themes   []string     `json:"themes"`
	// Progress is done / size in percent: the share of its work done.
	Progress float64 `json:"progress"`
	// OnTime is the chance that it is done by its release's date; null
	// when its release has no forecast.
	OnTime *float64 `json:"on_time"`

	// With [publish.public] scores.
	Position *int     `json:"position,omitempty"`
	Rank     *int     `json:"rank,omitempty"`
	Score    *float64 `json:"score,omitempty"`
	// With [publish.public] sizes.
	Size      *float64 `json:"size,omitempty"`
	Done      *float64 `json:"done,omitempty"`
	Remaining *float64 `json:"remaining,omitempty"`

	Acceptance  []string `json:"-"`
	Description string   `json:"-"` // Markdown
}

// Release is one public release.
type Release struct {
	ID    string     `json:"id"`
	Name  string     `json:"name"`
	Start model.Date `json:"start"`
	Date  model.Date `json:"date"`
	// Progress is the share of the release's scope done, in percent,
	// counting every feature of it, internal ones too.
	Progress float64 `json:"progress"`
	Overdue  bool    `json:"overdue"`
	// OverdueDays is how late an overdue release is, in days.
	OverdueDays int        `json:"overdue_days"`
	Finished    model.Date `json:"finished"`
	// Features are its public features, in release order.
	Features []string  `json:"features"`
	Forecast *Forecast `json:"forecast"`

	// With [publish.public] sizes.
	Capacity  *float64 `json:"capacity,omitempty"`
	Scope     *float64 `json:"scope,omitempty"`
	Done      *float64 `json:"done,omitempty"`
	Remaining *float64 `json:"remaining,omitempty"`

	Description string `json:"-"` // Markdown
}

// Forecast is a release's forecast (SPEC §3.7) without its velocity: the
// dates and the odds.
type Forecast struct {
	Date   model.Date `json:"date"`
	P50    model.Date `json:"p50"`
	P85    model.Date `json:"p85"`
	P95    model.Date `json:"p95"`
	OnTime float64    `json:"on_time"`
	// Features are the odds of the release's public features only.
	Features []report.FeatureOnTime `json:"features"`
	Trials   int                    `json:"trials"`
	// Queued says the figures are the forecast in the queue: the team
	// finishes the unfinished releases due before this one first (they are
	// not named: some may be internal). The internal site leads with the
	// same figures.
	Queued bool `json:"queued"`
}

// Project makes the public view of a site and the report computed on the
// whole of it. The report must be the full one: figures of public releases
// count internal work, which a report of the public part alone would miss.
func Project(site *model.Site, rep *report.Report) *View {
	sw := site.Config.Publish.Public
	public := map[string]bool{}
	for _, f := range site.Features {
		if !f.Visibility.Internal() {
			public[f.ID] = true
		}
	}
	publicRelease := map[string]bool{}
	for _, r := range site.Releases {
		if !r.Visibility.Internal() {
			publicRelease[r.ID] = true
		}
	}
	decl := make(map[string]*model.Feature, len(site.Features))
	for _, f := range site.Features {
		decl[f.ID] = f
	}

	// A release with unfinished releases due before it is forecast in the
	// queue; those are the odds the internal site leads with, so the public
	// ones are the same.
	queuedOdds := map[string]float64{}
	for _, rr := range rep.Releases {
		if q := queue(rr); q != nil {
			for _, fo := range q.Features {
				queuedOdds[fo.ID] = fo.OnTime
			}
		}
	}

	out := &Report{AsOf: rep.AsOf, Features: []*Feature{}, Releases: []*Release{}, Switches: sw}
	if sw.Sizes {
		out.Unit = rep.Unit
	}
	for _, fr := range rep.Features {
		if !public[fr.ID] {
			continue
		}
		f := decl[fr.ID]
		pf := &Feature{
			ID: fr.ID, Title: fr.Title, Kind: fr.Kind, Status: fr.Status,
			Category: fr.Category, Themes: append([]string{}, fr.Themes...),
			Progress: percent(fr.Done, fr.Size, fr.Status),
		}
		if f != nil {
			pf.Acceptance = append([]string{}, f.Acceptance...)
			pf.Description = f.Description
		}
		if fr.Release != nil && publicRelease[*fr.Release] {
			id := *fr.Release
			pf.Release = &id
			pf.OnTime = copyFloat(fr.OnTime)
			if p, ok := queuedOdds[fr.ID]; ok {
				pf.OnTime = ptr(p)
			}
		}
		if sw.Scores {
			pos := fr.Position
			pf.Position = &pos
			if fr.Rank != nil {
				r := *fr.Rank
				pf.Rank = &r
			}
			pf.Score = copyFloat(fr.Score)
		}
		if sw.Sizes {
			pf.Size, pf.Done, pf.Remaining = ptr(fr.Size), ptr(fr.Done), ptr(fr.Remaining)
		}
		out.Features = append(out.Features, pf)
		out.Counts.Features++
		switch {
		case fr.Status == model.StatusDone:
			out.Counts.Done++
		case fr.Status.Open():
			out.Counts.Open++
		}
	}
	if !sw.Scores {
		// Position order is the product backlog's ranking.
		sort.Slice(out.Features, func(i, j int) bool { return out.Features[i].ID < out.Features[j].ID })
	}

	for _, rr := range rep.Releases {
		if !publicRelease[rr.ID] {
			continue
		}
		pr := &Release{
			ID: rr.ID, Name: rr.Name, Start: rr.Start, Date: rr.Date,
			Progress: percent(rr.Done, rr.Scope, ""),
			Overdue:  rr.Overdue, OverdueDays: rr.OverdueDays, Finished: rr.Finished,
			Features: []string{},
		}
		if rr.Release != nil {
			pr.Description = rr.Release.Description
			for _, id := range rr.Release.Features {
				if public[id] {
					pr.Features = append(pr.Features, id)
				}
			}
		}
		if f := rr.Forecast; f != nil {
			pf := &Forecast{Date: f.Date, P50: f.P50, P85: f.P85, P95: f.P95, OnTime: f.OnTime, Trials: f.Trials,
				Features: []report.FeatureOnTime{}}
			odds := f.Features
			if q := queue(rr); q != nil {
				pf.Date, pf.P50, pf.P85, pf.P95, pf.OnTime, pf.Queued = q.Date, q.P50, q.P85, q.P95, q.OnTime, true
				odds = q.Features
			}
			for _, fo := range odds {
				if public[fo.ID] {
					pf.Features = append(pf.Features, fo)
				}
			}
			pr.Forecast = pf
		}
		if sw.Sizes {
			pr.Capacity, pr.Scope, pr.Done, pr.Remaining = ptr(rr.Capacity), ptr(rr.Scope), ptr(rr.Done), ptr(rr.Remaining)
		}
		out.Releases = append(out.Releases, pr)
	}
	out.Counts.Releases = len(out.Releases)

	return &View{Site: publicSite(site), Report: out}
}

// queue is a release's forecast in the queue when it leads (it has a date:
// a queue beyond the sprint bound has none, and the release's own forecast
// then stands), else nil.
func queue(rr *report.ReleaseReport) *report.QueueForecast {
	if rr.Forecast == nil || rr.Forecast.Queue == nil || rr.Forecast.Queue.Date.IsZero() {
		return nil
	}
	return rr.Forecast.Queue
}

// publicSite is the site without its backlog, releases, sprints and
// internal pages. The scorecard goes too unless scores are public: its
// metric labels describe how features are weighed.
func publicSite(site *model.Site) *model.Site {
	s := &model.Site{
		Dir:         site.Dir,
		Config:      site.Config,
		StaticFiles: site.StaticFiles,
		LayoutFiles: site.LayoutFiles,
		Files:       site.Files,
	}
	if !site.Config.Publish.Public.Scores {
		s.Config.Scorecard = model.Scorecard{}
	}
	if d := site.Config.Publish.Public.Description; d != "" {
		s.Config.Description = d
	}
	for _, p := range site.Pages {
		if !p.Visibility.Internal() {
			s.Pages = append(s.Pages, p)
		}
	}
	return s
}

// percent is report.ProgressPercent, except that a feature declared done
// is done whatever its size.
func percent(part, whole float64, status model.Status) float64 {
	if status == model.StatusDone {
		return 100
	}
	return report.ProgressPercent(part, whole)
}

func ptr(x float64) *float64 { return &x }

func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	return ptr(*p)
}

// JSON encodes the public report as data/report.json, as report.JSON does
// the full one.
func JSON(r *Report) ([]byte, error) {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// BacklogCSV is data/backlog.csv of a public build: the public features
// with the columns of the full file that the public report has.
func BacklogCSV(r *Report) []byte {
	head := []string{"id", "title", "kind", "status", "release", "category", "themes", "progress", "on_time"}
	if r.Switches.Scores {
		head = append(head, "position", "rank", "score")
	}
	if r.Switches.Sizes {
		head = append(head, "size", "done", "remaining")
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	// Writes to a bytes.Buffer cannot fail.
	writeRow := func(cells []string) { _ = w.Write(cells) }
	writeRow(head)
	for _, f := range r.Features {
		row := []string{
			report.CSVText(f.ID), report.CSVText(f.Title), report.CSVText(string(f.Kind)), report.CSVText(string(f.Status)),
			report.CSVText(deref(f.Release)), report.CSVText(f.Category), report.CSVText(strings.Join(f.Themes, "; ")),
			number(f.Progress), numberOrEmpty(f.OnTime),
		}
		if r.Switches.Scores {
			row = append(row, numberOrEmpty(intFloat(f.Position)), numberOrEmpty(intFloat(f.Rank)), numberOrEmpty(f.Score))
		}
		if r.Switches.Sizes {
			row = append(row, numberOrEmpty(f.Size), numberOrEmpty(f.Done), numberOrEmpty(f.Remaining))
		}
		writeRow(row)
	}
	w.Flush()
	return b.Bytes()
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func numberOrEmpty(p *float64) string {
	if p == nil {
		return ""
	}
	return number(*p)
}

func intFloat(p *int) *float64 {
	if p == nil {
		return nil
	}
	return ptr(float64(*p))
}
