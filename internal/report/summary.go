package report

import (
	"math"
	"sort"

	"github.com/backlogsite/backlogsite/internal/model"
)

// The figures of this file summarise the others for the dashboard, the
// themes page and the charts (docs/reports.md, "Summaries"). They are
// extensions of SPEC §3: no figure here contradicts one there, and each is
// computed here so that a page never adds up numbers of its own.

// GroupTotals sums the features of one category or one theme.
type GroupTotals struct {
	// Name is the category or theme; "" for features without a category.
	Name     string  `json:"name"`
	Features int     `json:"features"`
	Open     int     `json:"open"` // neither done nor dropped
	Size     float64 `json:"size"`
	Done     float64 `json:"done"`
	// Progress is done / size, 0 when the size is 0.
	Progress float64 `json:"progress"`
	// AverageScore is the mean score of the features that have one.
	AverageScore *float64 `json:"average_score"`
	LowScore     int      `json:"low_score"` // features flagged low_score
	scoreSum     float64
	scored       int
}

// ProjectionPoint is one point of a release's velocity projection.
type ProjectionPoint struct {
	Date model.Date `json:"date"`
	Done float64    `json:"done"`
}

// Dashboard is what the dashboard says beside the charts.
type Dashboard struct {
	// Focus is the sprint the dashboard shows: the active sprint, else the
	// last closed one, else the first planned one ("" without sprints).
	Focus string `json:"focus"`
	// FocusState is why: "active", "last" or "next".
	FocusState string   `json:"focus_state"`
	Counts     Counts   `json:"counts"`
	Changes    *Changes `json:"changes"` // nil when Focus has no sprint before it
}

// Counts are the dashboard's totals.
type Counts struct {
	Features int `json:"features"`
	Open     int `json:"open"`
	Done     int `json:"done"`
	Dropped  int `json:"dropped"`
	Releases int `json:"releases"`
	Sprints  int `json:"sprints"`
	Revisit  int `json:"revisit"`
}

// Changes compares the focus sprint with the sprint before it.
type Changes struct {
	Since           string   `json:"since"` // the sprint before the focus
	CarriedOver     []string `json:"carried_over"`
	CarriedOverSize float64  `json:"carried_over_size"`
	// Velocity is the completed work of the last two closed sprints, older
	// first (empty when fewer than two have closed).
	Velocity []SprintVelocity `json:"velocity"`
	// Scope lists the releases the focus sprint works on whose scope
	// changed between their last two burnup points.
	Scope []ScopeChange `json:"scope"`
	// FeaturesDone are the features done after Since ended, up to A.
	FeaturesDone []string `json:"features_done"`
}

// ScopeChange is a release's change of scope in the focus sprint.
type ScopeChange struct {
	Release string  `json:"release"`
	Change  float64 `json:"change"`
	Scope   float64 `json:"scope"` // after the change
}

// summarise fills the summaries from the figures already computed.
func summarise(rep *Report) {
	rep.Categories, rep.Themes = groupTotals(rep.Features)
	rollingVelocity(&rep.Velocity)
	for _, rr := range rep.Releases {
		if rr.Forecast != nil {
			rr.Forecast.Projection = releaseProjection(rr)
		}
		if rr.Overdue {
			rr.OverdueDays = rr.Date.DaysUntil(rep.AsOf)
		}
	}
	for _, sr := range rep.Sprints {
		sr.PushOutOpen = pushOutOpen(sr)
	}
	flowPercentiles(&rep.Flow)
	rep.Dashboard = dashboard(rep)
}

// pushOutOpen is the advice push_out still gives: all of it before the
// sprint starts, the stories neither done nor removed while it runs, and
// none once it is over, when pushing out is no longer a choice.
func pushOutOpen(sr *SprintReport) []string {
	switch sr.State {
	case SprintPlanned:
		return append([]string{}, sr.PushOut...)
	case SprintClosed:
		return []string{}
	}
	status := make(map[string]string, len(sr.Stories))
	for _, st := range sr.Stories {
		status[st.ID] = st.Status
	}
	out := []string{}
	for _, id := range sr.PushOut {
		if s := status[id]; s != "done" && s != "removed" {
			out = append(out, id)
		}
	}
	return out
}

// flowPercentiles adds the cycle-time percentiles the Flow page draws and
// marks the stories in progress for longer than the 85th.
func flowPercentiles(flow *FlowReport) {
	if len(flow.Cycle) == 0 {
		return
	}
	days := make([]float64, len(flow.Cycle))
	for i, c := range flow.Cycle {
		days[i] = float64(c.CycleDays)
	}
	sort.Float64s(days)
	p := &DayPercentiles{P50: int(nearestRank(days, 50)), P85: int(nearestRank(days, 85)), P95: int(nearestRank(days, 95))}
	flow.CycleDays = p
	for i := range flow.Aging {
		flow.Aging[i].OverP85 = flow.Aging[i].AgeDays > p.P85
	}
}

func groupTotals(features []*FeatureReport) (categories, themes []*GroupTotals) {
	cats, ths := map[string]*GroupTotals{}, map[string]*GroupTotals{}
	add := func(m map[string]*GroupTotals, name string, f *FeatureReport) {
		g := m[name]
		if g == nil {
			g = &GroupTotals{Name: name}
			m[name] = g
		}
		g.Features++
		if f.Status.Open() {
			g.Open++
		}
		g.Size += f.Size
		g.Done += f.Done
		if f.Score != nil {
			g.scoreSum += *f.Score
			g.scored++
		}
		if f.LowScore {
			g.LowScore++
		}
	}
	for _, f := range features {
		add(cats, f.Category, f)
		for _, t := range f.Themes {
			add(ths, t, f)
		}
	}
	return sortedGroups(cats), sortedGroups(ths)
}

func sortedGroups(m map[string]*GroupTotals) []*GroupTotals {
	out := make([]*GroupTotals, 0, len(m))
	for _, g := range m {
		if g.Size > 0 {
			g.Progress = g.Done / g.Size
		}
		if g.scored > 0 {
			a := g.scoreSum / float64(g.scored)
			g.AverageScore = &a
		}
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// rollingVelocity gives each closed sprint the average completed work of
// the velocity window ending with it: the line of the velocity chart. The
// last of them is the average as of A, whose sprints AverageOf names.
func rollingVelocity(v *VelocityReport) {
	window := max(v.Window, 1)
	v.AverageOf = []string{}
	for _, s := range v.Sprints[max(len(v.Sprints)-window, 0):] {
		v.AverageOf = append(v.AverageOf, s.ID)
	}
	for i := range v.Sprints {
		sum, k := 0.0, 0
		for j := i; j >= 0 && k < window; j-- {
			sum += v.Sprints[j].Completed
			k++
		}
		v.Sprints[i].RollingAverage = sum / float64(k)
	}
}

// maxProjectedSprints bounds the projection a chart draws; a forecast
// further out is shown as a date, not as hundreds of points.
const maxProjectedSprints = 500

// releaseProjection is the velocity forecast's path from the last burnup
// point to the forecast date: the running sprint's share f · velocity by
// the base date, then one velocity per future sprint. It aims at the done
// work plus the forecast's remaining, so that it reaches that on the
// forecast date exactly: the chart and the date tell one story.
func releaseProjection(rr *ReleaseReport) []ProjectionPoint {
	f := rr.Forecast
	if f == nil || f.Length <= 0 || f.SprintsNeeded > maxProjectedSprints || len(rr.Burnup) == 0 {
		return nil
	}
	last := rr.Burnup[len(rr.Burnup)-1]
	target := last.Done + rr.Remaining
	out := []ProjectionPoint{{Date: last.Date, Done: last.Done}}
	done := last.Done
	if f.Base > last.Date {
		done = math.Min(done+f.RunningShare*f.Velocity, target)
		if f.SprintsNeeded == 0 {
			done = target
		}
		out = append(out, ProjectionPoint{Date: f.Base, Done: done})
	}
	for k := 1; k <= f.SprintsNeeded; k++ {
		done = math.Min(done+f.Velocity, target)
		if k == f.SprintsNeeded {
			done = target // the rounding up of sprints_needed covers the rest
		}
		out = append(out, ProjectionPoint{Date: f.Base.AddDays(k * f.Length), Done: done})
	}
	if len(out) == 1 {
		return nil
	}
	return out
}

func dashboard(rep *Report) Dashboard {
	d := Dashboard{Counts: Counts{Releases: len(rep.Releases), Sprints: len(rep.Sprints), Revisit: len(rep.Revisit)}}
	for _, f := range rep.Features {
		d.Counts.Features++
		switch f.Status {
		case model.StatusDone:
			d.Counts.Done++
		case model.StatusDropped:
			d.Counts.Dropped++
		default:
			d.Counts.Open++
		}
	}
	focus := focusSprint(rep.Sprints, &d)
	if focus > 0 {
		d.Changes = changes(rep, rep.Sprints[focus-1], rep.Sprints[focus])
	}
	return d
}

// focusSprint picks the dashboard's sprint and returns its index, -1 when
// there is none.
func focusSprint(sprints []*SprintReport, d *Dashboard) int {
	pick := func(i int, state string) int {
		d.Focus, d.FocusState = sprints[i].ID, state
		return i
	}
	for i, s := range sprints {
		if s.State == SprintActive {
			return pick(i, "active")
		}
	}
	for i := len(sprints) - 1; i >= 0; i-- {
		if sprints[i].State == SprintClosed {
			return pick(i, "last")
		}
	}
	if len(sprints) > 0 {
		return pick(0, "next")
	}
	return -1
}

func changes(rep *Report, prev, cur *SprintReport) *Changes {
	c := &Changes{Since: prev.ID, CarriedOver: []string{}, Velocity: []SprintVelocity{}, Scope: []ScopeChange{}, FeaturesDone: []string{}}
	for _, st := range cur.Stories {
		if st.CarriedFrom == prev.ID {
			c.CarriedOver = append(c.CarriedOver, st.ID)
			c.CarriedOverSize += st.Estimate
		}
	}
	if v := rep.Velocity.Sprints; len(v) >= 2 {
		c.Velocity = append(c.Velocity, v[len(v)-2], v[len(v)-1])
	}
	for _, rr := range rep.Releases {
		// Only releases the focus sprint works on changed since the
		// sprint before it; a finished release's last change is old news.
		n := len(rr.Burnup)
		if n < 2 || rr.Burnup[n-1].Sprint != cur.ID {
			continue
		}
		d := rr.Burnup[n-1].Scope - rr.Burnup[n-2].Scope
		if math.Abs(d) < 1e-9 {
			continue
		}
		c.Scope = append(c.Scope, ScopeChange{Release: rr.ID, Change: d, Scope: rr.Burnup[n-1].Scope})
	}
	for _, f := range rep.Features {
		if f.Status == model.StatusDone && !f.DoneDate.IsZero() && f.DoneDate > prev.End && f.DoneDate <= rep.AsOf {
			c.FeaturesDone = append(c.FeaturesDone, f.ID)
		}
	}
	return c
}

// ProgressPercent is part of whole in percent, for progress bars and the
// public report's progress: below 100 while anything remains (at most
// 99.9), so that a nearly finished item never reads "100% done"; 0 when
// whole is not positive or either is not a number.
func ProgressPercent(part, whole float64) float64 {
	if whole <= 0 || math.IsNaN(part) || math.IsNaN(whole) {
		return 0
	}
	p := part / whole * 100
	if part < whole {
		p = math.Min(p, 99.9)
	}
	return math.Max(0, math.Min(100, p))
}
