package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/backlogsite/backlogsite/docs"
	"github.com/backlogsite/backlogsite/internal/report"
)

// Every figure on a page explains itself one step away (issue 12): a short
// definition with its inputs, in a <details> that needs no script, and a
// link to the matching section of the "How these figures are computed"
// page, which is docs/reports.md itself (renderDoc), so that the site and
// the documentation say the same thing. The anchors below are that file's
// headings; TestHowAnchorsExist keeps them in step.
const (
	howPath          = "how/index.html"
	howTitle         = "How these figures are computed"
	howScore         = "score"
	howPosition      = "position-and-rank"
	howSize          = "size-done-and-remaining"
	howCommitted     = "committed-added-removed"
	howBurndown      = "burndown"
	howSprintReport  = "sprint-report"
	howPushOut       = "capacity-over-commitment-and-push-out"
	howVelocity      = "velocity"
	howReleaseScope  = "scope-done-and-remaining"
	howCutLine       = "the-capacity-cut-line"
	howReleaseCharts = "release-burnup-and-burndown"
	howForecast      = "forecast"
	howMonteCarlo    = "monte-carlo-odds"
	howQueue         = "forecasts-in-the-queue"
	howHistory       = "forecast-history-and-accuracy"
	howFlow          = "flow"
	howThemes        = "themes"
)

// howAnchors lists the anchors above, for the test.
func howAnchors() []string {
	return []string{howScore, howPosition, howSize, howCommitted, howBurndown, howSprintReport, howPushOut, howVelocity, howReleaseScope,
		howCutLine, howReleaseCharts, howForecast, howMonteCarlo, howQueue, howHistory, howFlow, howThemes}
}

// HowURL links to a section of the "How these figures are computed" page.
func (p *page) HowURL(anchor string) string { return p.Root + howPath + "#" + anchor }

// howPage is the "How these figures are computed" page: docs/reports.md
// without its own title, which the page gives.
func (r *renderer) howPage(p *page) error {
	p.Title, p.Section = howTitle, "how"
	src := docs.Reports()
	if strings.HasPrefix(src, "# ") {
		if i := strings.IndexByte(src, '\n'); i >= 0 {
			src = src[i+1:]
		}
	}
	p.Body = &markdownBody{Content: r.md.renderDoc(src)}
	return nil
}

// explain gives a chart its definition and link; c may be nil (nothing to
// draw).
func explain(c *chartView, p *page, anchor, why string) {
	if c != nil {
		c.Why, c.How = why, p.HowURL(anchor)
	}
}

// withWhy returns s explained by why, linking to anchor.
func withWhy(s statView, p *page, anchor, why string) statView {
	s.Why, s.How = why, p.HowURL(anchor)
	return s
}

// velocityWhy spells out the sprint pace: "mean completed of Sprint 5
// (24), Sprint 6 (33) and Sprint 7 (26)".
func (r *renderer) velocityWhy() string {
	v := r.rep.Velocity
	if v.Average == nil {
		return "No sprint has closed yet, so there is no velocity."
	}
	done := map[string]float64{}
	for _, s := range v.Sprints {
		done[s.ID] = s.Completed
	}
	parts := make([]string, len(v.AverageOf))
	for i, id := range v.AverageOf {
		parts[i] = fmt.Sprintf("%s (%s)", sprintName(r.spr[id], r.sprRep[id]), fmtNum(done[id]))
	}
	return fmt.Sprintf("Velocity %s = the mean completed work of the last %d closed %s: %s.",
		fmtNum(*v.Average), len(parts), pluralWord(len(parts), "sprint", "sprints"), sentenceList(parts))
}

// samplesWhy spells out a forecast's pace: the mean of its samples.
func (r *renderer) samplesWhy(f *report.ReleaseForecast) string {
	// Every release's forecast draws from the same closed sprints, so the
	// sentence is the same on every release page: on a site of a thousand
	// sprints and releases it is 35 KB a page, made once here instead.
	r.samplesOnce.Do(func() {
		for _, rr := range r.rep.Releases {
			if rr.Forecast != nil {
				r.samplesOf, r.samplesText = rr.Forecast, r.samplesWhyOf(rr.Forecast)
				return
			}
		}
	})
	if k := r.samplesOf; k != nil && k.Velocity == f.Velocity && slices.Equal(k.Samples, f.Samples) {
		return r.samplesText
	}
	return r.samplesWhyOf(f)
}

func (r *renderer) samplesWhyOf(f *report.ReleaseForecast) string {
	parts := make([]string, len(f.Samples))
	for i, s := range f.Samples {
		parts[i] = fmt.Sprintf("%s (%s)", sprintName(r.spr[s.ID], r.sprRep[s.ID]), fmtNum(s.Completed))
	}
	return fmt.Sprintf("%s %s a sprint = the mean completed work of %s", fmtNum(f.Velocity), r.info.Unit, sentenceList(parts))
}

// forecastWhy is the forecast date worked out: the running sprint's
// share, the sprints needed and the cadence.
func (r *renderer) forecastWhy(rr *report.ReleaseReport) string {
	f := rr.Forecast
	unit := r.info.Unit
	var b strings.Builder
	fmt.Fprintf(&b, "Forecast %s: %s %s left at %s.", fmtDate(f.Date), fmtNum(rr.Remaining), unit, r.samplesWhy(f))
	if f.RunningSprint != nil {
		id := *f.RunningSprint
		fmt.Fprintf(&b, " %s is %s still ahead (f = %s), so %s more by its end on %s.", sprintName(r.spr[id], r.sprRep[id]),
			fmtPct(f.RunningShare), fmtNum(f.RunningShare), fmtNum(f.RunningShare*f.Velocity), fmtDate(f.Base))
	}
	fmt.Fprintf(&b, " Then %d more %s of %d days: %s + %d × %d days.", f.SprintsNeeded, pluralWord(f.SprintsNeeded, "sprint", "sprints"),
		f.Length, fmtDate(f.Base), f.SprintsNeeded, f.Length)
	return b.String()
}

// oddsWhy is a chance worked out: "4,300 of 10,000 simulated finishes by
// 8 May".
func oddsWhy(share float64, trials int, what string) string {
	return fmt.Sprintf("%s = %s of %s simulated futures %s.", fmtPct(share), fmtCount(int(share*float64(trials)+0.5)), fmtCount(trials), what)
}

// fmtCount writes a count with thousands separators: 10,000.
func fmtCount(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// sentenceList joins "A", "A and B", "A, B and C".
func sentenceList(parts []string) string {
	if n := len(parts); n > 1 {
		return strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	}
	return strings.Join(parts, "")
}

// commitmentText is what a sprint delivered of its commitment, counting
// committed stories only: "23 of 26 points committed (5 of 6 stories); 26
// in all with added work".
func commitmentText(sr *report.SprintReport, unit string) string {
	s := fmt.Sprintf("%s of %s %s committed (%d of %d %s)", fmtNum(sr.CommittedDone), fmtNum(sr.Committed), unit,
		sr.CommittedStoriesDone, sr.CommittedStories, pluralWord(sr.CommittedStories, "story", "stories"))
	if sr.Completed != sr.CommittedDone {
		s += fmt.Sprintf("; %s in all with added work and re-estimates", fmtNum(sr.Completed))
	}
	return s
}

// retrospective is a closed sprint's plan against its capacity and what
// came of it, where an open sprint shows the push-out advice.
func (r *renderer) retrospective(sr *report.SprintReport) string {
	if sr.State != report.SprintClosed {
		return ""
	}
	unit := r.info.Unit
	plan := fmt.Sprintf("Planned %s %s", fmtNum(sr.Committed), unit)
	if sr.Capacity != nil {
		plan += " against a capacity of " + fmtNum(*sr.Capacity)
		if sr.Overcommitted {
			plan += fmt.Sprintf(" (over-committed by %s)", fmtNum(sr.Committed-*sr.Capacity))
		}
	}
	return plan + "; delivered " + commitmentText(sr, unit) + "."
}

// sprintStats are a sprint's tiles: the scope's parts, which add up, then
// what is done and left.
func (r *renderer) sprintStats(p *page, sr *report.SprintReport, c *sprintCard) ([]statView, string) {
	unit := r.info.Unit
	scope, parts := scopeSum(sr)
	capWhy := "No capacity: none is set and no sprint had closed before this one."
	if sr.Capacity != nil {
		capWhy = fmt.Sprintf("Capacity %s: set in the sprint's file, or else the average velocity as of the day before it started.", fmtNum(*sr.Capacity))
	}
	stats := []statView{
		withWhy(statView{Label: "Capacity (" + unit + ")", Value: fmtNumPtr(sr.Capacity)}, p, howPushOut, capWhy),
		withWhy(statView{Label: "Committed", Value: fmtNum(sr.Committed), Class: condStr(sr.Overcommitted, "bad", "")}, p, howCommitted,
			fmt.Sprintf("Committed %s = the estimates, on the first day, of the %d stories not added during the sprint.", fmtNum(sr.Committed), sr.CommittedStories)),
		withWhy(statView{Label: "Added / removed", Value: "+" + fmtNum(sr.Added) + " / −" + fmtNum(sr.Removed)}, p, howCommitted,
			"Added: the estimates of stories added, on the day each was added; removed: of stories removed, on the day each left."),
		withWhy(statView{Label: "Re-estimated", Value: fmtSigned(sr.Reestimated)}, p, howCommitted,
			"Re-estimated = scope − committed − added + removed: what changes of estimates added to the work ("+parts+")."),
		withWhy(statView{Label: "Scope", Value: fmtNum(scope)}, p, howCommitted, parts+"."),
		withWhy(statView{Label: "Completed", Value: fmtNum(sr.Completed), Note: fmt.Sprintf("%d %s done", sr.DoneCount, pluralWord(sr.DoneCount, "story", "stories"))}, p, howSprintReport,
			fmt.Sprintf("Completed %s = the estimates of the stories in the sprint and done at its end (or today); of the commitment: %s.", fmtNum(sr.Completed), commitmentText(sr, unit))),
	}
	if c.HasToday {
		stats = append(stats, withWhy(statView{Label: "Remaining", Value: fmtNum(c.Remaining), Note: "ideal " + fmtNum(c.Ideal), Class: condStr(c.Behind > 0.05, "warn", "good")}, p, howBurndown,
			fmt.Sprintf("Remaining %s = scope − completed. Ideal %s = committed × (1 − working days so far ÷ %d working days).", fmtNum(c.Remaining), fmtNum(c.Ideal), sr.WorkingDays)))
	}
	return stats, parts
}

// scopeSum is a sprint's scope at min(end, A) and the sum it is:
// "30 committed + 3 added − 2 removed + 3 re-estimated = 34 in scope".
func scopeSum(sr *report.SprintReport) (float64, string) {
	scope := sr.Committed
	if n := len(sr.Burndown); n > 0 {
		scope = sr.Burndown[n-1].Scope
	}
	return scope, fmt.Sprintf("%s committed + %s added − %s removed %s %s re-estimated = %s in scope", fmtNum(sr.Committed), fmtNum(sr.Added),
		fmtNum(sr.Removed), signWord(sr.Reestimated), fmtNum(abs(sr.Reestimated)), fmtNum(scope))
}

func signWord(x float64) string {
	if x < 0 {
		return "−"
	}
	return "+"
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func condStr(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// explainSprintCharts explains a sprint burndown (page or dashboard card).
func explainSprintCharts(p *page, burndown *chartView) {
	explain(burndown, p, howBurndown, "Remaining = scope − done at the end of each day. The ideal line runs from the committed work at the start to 0 on the last working day, flat on days off; remaining above it means the sprint is behind. Pins mark scope changes.")
}

// scoreWhy is a feature's score worked out: the equation with its values.
func (r *renderer) scoreWhy(f *report.FeatureReport, b *featureBody) string {
	if f.Score == nil {
		return "No score: the feature is done or dropped and has no scores."
	}
	parts := make([]string, 0, len(b.Scores))
	for _, s := range b.Scores {
		parts = append(parts, s.Key+" "+fmtNumPtr(s.Value))
	}
	why := fmt.Sprintf("Score %s = %s, with %s.", fmtNum(*f.Score), b.Equation, sentenceList(parts))
	if f.LowScore {
		why += " Low: in the lowest quarter of the open features' scores, or below the site's low_score."
	}
	return why
}

// explainTiles words the dashboard sprint card's figures.
func (c *sprintCard) explainTiles() {
	sr := c.S
	c.RemainingWhy = fmt.Sprintf("Remaining %s = scope − done at the end of the latest day; ideal %s = committed %s × (1 − working days so far ÷ %d).",
		fmtNum(c.Remaining), fmtNum(c.Ideal), fmtNum(sr.Committed), sr.WorkingDays)
	c.BehindWhy = fmt.Sprintf("Remaining %s − ideal %s: above the ideal line the sprint is behind, below it ahead.", fmtNum(c.Remaining), fmtNum(c.Ideal))
	c.CommittedWhy = fmt.Sprintf("Committed %s = the estimates, on the first day, of the %d stories in the sprint from its start.", fmtNum(sr.Committed), sr.CommittedStories)
	if sr.Capacity != nil {
		c.CommittedWhy += fmt.Sprintf(" Capacity %s: set in the sprint's file, or else the average velocity before it started.", fmtNum(*sr.Capacity))
	}
}
