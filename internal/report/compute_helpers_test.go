package report

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/model"
)

// siteBuilder builds Sites in Go for compute tests, so that they do not
// depend on the loader. It fills what the loader would: defaults, sorted
// sprints and logs.
type siteBuilder struct {
	t    testing.TB
	site *model.Site
}

func newSiteBuilder(t testing.TB) *siteBuilder {
	t.Helper()
	metrics := []model.Metric{{Key: "value", Min: 1, Max: 10}, {Key: "effort", Min: 1, Max: 10}}
	eq, err := model.ParseEquation("value / effort", func(k string) bool { return k == "value" || k == "effort" })
	if err != nil {
		t.Fatal(err)
	}
	site := &model.Site{Config: model.Config{
		Title:          "test",
		Unit:           model.UnitPoints,
		Holidays:       map[model.Date]bool{},
		VelocityWindow: 3,
		Trials:         10000,
		Seed:           1,
		Scorecard:      model.Scorecard{Preset: "value-effort", Equation: eq, Metrics: metrics},
	}}
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday} {
		site.Config.WorkingDays[wd] = true
	}
	return &siteBuilder{t: t, site: site}
}

// day parses a YYYY-MM-DD date and fails the test on a typo.
func day(t testing.TB, s string) model.Date {
	t.Helper()
	d, err := model.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (b *siteBuilder) d(s string) model.Date { return day(b.t, s) }

func (b *siteBuilder) feature(id string, mods ...func(*model.Feature)) *model.Feature {
	f := &model.Feature{ID: id, Title: "Feature " + id, Kind: model.KindFeature, Scores: map[string]float64{}}
	for _, m := range mods {
		m(f)
	}
	b.site.Features = append(b.site.Features, f)
	return f
}

func scores(value, effort float64) func(*model.Feature) {
	return func(f *model.Feature) { f.Scores = map[string]float64{"value": value, "effort": effort} }
}
func rank(r int) func(*model.Feature)            { return func(f *model.Feature) { f.Rank = r } }
func estimate(e float64) func(*model.Feature)    { return func(f *model.Feature) { f.Estimate = e } }
func status(s model.Status) func(*model.Feature) { return func(f *model.Feature) { f.Status = s } }
func kind(k model.Kind) func(*model.Feature)     { return func(f *model.Feature) { f.Kind = k } }
func category(c string) func(*model.Feature)     { return func(f *model.Feature) { f.Category = c } }
func themes(ts ...string) func(*model.Feature)   { return func(f *model.Feature) { f.Themes = ts } }
func title(s string) func(*model.Feature)        { return func(f *model.Feature) { f.Title = s } }
func doneOn(d model.Date) func(*model.Feature)   { return func(f *model.Feature) { f.DoneOn = d } }
func noScores() func(*model.Feature)             { return func(f *model.Feature) { f.Scores = nil } }
func withScore(k string, v float64) func(*model.Feature) {
	return func(f *model.Feature) {
		if f.Scores == nil {
			f.Scores = map[string]float64{}
		}
		f.Scores[k] = v
	}
}

func (b *siteBuilder) release(id, start, date string, capacity float64, features ...string) *model.Release {
	r := &model.Release{ID: id, Name: id, Start: b.d(start), Date: b.d(date), Capacity: capacity, Features: features}
	b.site.Releases = append(b.site.Releases, r)
	sort.SliceStable(b.site.Releases, func(i, j int) bool { return b.site.Releases[i].Start < b.site.Releases[j].Start })
	return r
}

func (b *siteBuilder) sprint(id, release, start, end string) *model.Sprint {
	s := &model.Sprint{ID: id, Name: id, Release: release, Start: b.d(start), End: b.d(end), DaysOff: map[model.Date]bool{}}
	b.site.Sprints = append(b.site.Sprints, s)
	sort.SliceStable(b.site.Sprints, func(i, j int) bool { return b.site.Sprints[i].Start < b.site.Sprints[j].Start })
	return s
}

func (b *siteBuilder) story(s *model.Sprint, id, feature string, est float64, priority model.Priority) *model.Story {
	if priority == "" {
		priority = model.PriorityMedium
	}
	st := &model.Story{ID: id, Feature: feature, Title: "Story " + id, Estimate: est, Priority: priority, Sprint: s}
	s.Stories = append(s.Stories, st)
	return st
}

// storySpec is a story of medium priority for siteBuilder.stories.
type storySpec struct {
	id, feature string
	estimate    float64
}

// stories declares several stories in s, in order.
func (b *siteBuilder) stories(s *model.Sprint, specs ...storySpec) {
	for _, sp := range specs {
		b.story(s, sp.id, sp.feature, sp.estimate, "")
	}
}

// log appends an entry dated date; e carries the events.
func (b *siteBuilder) log(s *model.Sprint, date string, e model.LogEntry) {
	e.Date = b.d(date)
	s.Log = append(s.Log, &e)
	sort.SliceStable(s.Log, func(i, j int) bool { return s.Log[i].Date < s.Log[j].Date })
}

func ptr[T any](v T) *T { return &v }

func (b *siteBuilder) compute(asOf string) *Report {
	b.t.Helper()
	var a model.Date
	if asOf != "" {
		a = b.d(asOf)
	}
	rep, err := Compute(b.site, AsOf(b.site, a))
	if err != nil {
		b.t.Fatalf("Compute: %v", err)
	}
	return rep
}

// compareJSON checks that every value in want is in got: numbers within
// 1e-9, everything else equal. Keys only in got (extensions) are ignored.
func compareJSON(path string, want, got any) []string {
	var diffs []string
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want object, got %v", path, got)}
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s.%s: missing", path, k))
				continue
			}
			diffs = append(diffs, compareJSON(path+"."+k, w[k], gv)...)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want array, got %v", path, got)}
		}
		if len(g) != len(w) {
			diffs = append(diffs, fmt.Sprintf("%s: want %d elements, got %d: %v", path, len(w), len(g), g))
		}
		for i := range min(len(w), len(g)) {
			diffs = append(diffs, compareJSON(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(g-w) > 1e-9 {
			diffs = append(diffs, fmt.Sprintf("%s: want %v, got %v", path, w, got))
		}
	default:
		if want != got {
			diffs = append(diffs, fmt.Sprintf("%s: want %#v, got %#v", path, want, got))
		}
	}
	return diffs
}

// reportAsJSONValue round-trips r through ReportJSON into generic values.
func reportAsJSONValue(t testing.TB, r *Report) any {
	t.Helper()
	b, err := JSON(r)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}
