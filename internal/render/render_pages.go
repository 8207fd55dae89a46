package render

import (
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

// ---- shared pieces -----------------------------------------------------------

// releaseCard is a release at a glance (dashboard, releases index).
type releaseCard struct {
	R         *report.ReleaseReport
	Name      string
	Progress  float64 // 0–100
	CapFit    bool
	OverBy    float64
	OddsText  string // "73% likely by 29 May"; in the queue when Queue is set
	OddsClass string // good, warn, bad
	Forecast  string // "Forecast 17 Apr 2026 at 8.5 points a sprint"

	// Queue is the forecast behind the unfinished releases due first; when
	// set it is the headline and the standalone figures stand beside it.
	Queue      *report.QueueForecast
	QueueIf    string // "if Spring release is finished first"
	QueueAlone string // "100% if the team worked on Summer release alone"
	QueueNote  string // OddsText, QueueIf and (QueueAlone), as one sentence
	QueueDate  string // the queue's velocity forecast, in words
	QueueAhead string // the releases ahead, by name: "Winter release and Spring release"
	// QueueAheadAll names every release ahead when QueueAhead only counts
	// them ("" otherwise).
	QueueAheadAll string
	// AheadRemaining is the remaining work of the releases ahead.
	AheadRemaining float64
	// LateText says how late an overdue release is ("14 days late");
	// OverdueNote adds the forecast ("14 days past its target of 8 May;
	// forecast 22 May").
	LateText, OverdueNote string
}

func (r *renderer) releaseCard(rr *report.ReleaseReport) *releaseCard {
	c := &releaseCard{R: rr, Name: rr.Name, Progress: percent(rr.Done, rr.Scope), CapFit: rr.Scope <= rr.Capacity}
	if rr.Name == "" {
		c.Name = rr.ID
	}
	if !c.CapFit {
		c.OverBy = rr.Scope - rr.Capacity
	}
	switch f := rr.Forecast; {
	case f != nil && f.Queue != nil:
		q := f.Queue
		c.Queue = q
		c.OddsText = fmtPct(q.OnTime) + " likely by " + fmtDateShort(rr.Date)
		c.OddsClass = oddsClass(q.OnTime)
		ahead := r.releaseNames(q.After)
		if len(q.After) > maxNamedAhead {
			// A queue of dozens of releases would bury every sentence
			// naming it; the release page lists them in its forecast.
			c.QueueAheadAll = ahead
			ahead = fmt.Sprintf("the %d unfinished releases ahead", len(q.After))
		}
		c.QueueAhead = ahead
		for _, id := range q.After {
			if a := r.relRep[id]; a != nil {
				c.AheadRemaining += a.Remaining
			}
		}
		c.QueueIf = "if " + ahead + " " + pluralWord(len(q.After), "is", "are") + " finished first"
		c.QueueAlone = fmtPct(f.OnTime) + " if the team worked on " + c.Name + " alone"
		c.QueueNote = c.OddsText + " " + c.QueueIf + " (" + c.QueueAlone + ")"
		c.QueueDate = fmtDate(q.Date)
		if q.Date.IsZero() {
			c.QueueDate = fmt.Sprintf("beyond %d sprints", report.MaxForecastSprints)
			c.Forecast = fmt.Sprintf("No forecast after %s: it would take more than %d sprints; %s alone", ahead, report.MaxForecastSprints, fmtDate(f.Date))
		} else {
			c.Forecast = fmt.Sprintf("Forecast %s after %s (%s alone) at %s %s a sprint", fmtDate(q.Date), ahead, fmtDate(f.Date), fmtNum(f.Velocity), r.info.Unit)
		}
	case f != nil:
		c.OddsText = fmtPct(f.OnTime) + " likely by " + fmtDateShort(rr.Date)
		c.OddsClass = oddsClass(f.OnTime)
		c.Forecast = fmt.Sprintf("Forecast %s at %s %s a sprint", fmtDate(f.Date), fmtNum(f.Velocity), r.info.Unit)
	case rr.Remaining == 0 && rr.Scope > 0 && !rr.Finished.IsZero():
		c.OddsText, c.OddsClass = "Finished "+fmtDateShort(rr.Finished), "good"
	case rr.Remaining == 0 && rr.Scope > 0:
		c.OddsText, c.OddsClass = "All scope done", "good"
	case len(rr.Fits)+len(rr.Over) == 0:
		c.OddsText, c.OddsClass = "No features yet", "muted"
		c.Forecast = "No feature is planned for it yet"
	default:
		c.OddsText, c.OddsClass = "No forecast yet", "muted"
		c.Forecast = "No forecast: no sprint has closed, so there is no velocity to project"
		if rr.Remaining == 0 {
			c.Forecast = "Nothing left to do"
		}
	}
	if rr.Overdue {
		r.overdueCard(c)
	}
	return c
}

// overdueCard words an overdue release: its odds of making a date already
// past would read "0% likely by 19 Oct", so it says how late it is and
// when it is now forecast instead.
func (r *renderer) overdueCard(c *releaseCard) {
	rr := c.R
	c.LateText = daysWord(rr.OverdueDays) + " late"
	c.OddsText, c.OddsClass = "Overdue by "+daysWord(rr.OverdueDays), "bad"
	forecast := "no forecast yet"
	if d := headlineForecast(rr); !d.IsZero() {
		forecast = "forecast " + fmtDate(d)
	}
	c.OverdueNote = fmt.Sprintf("%s past its target of %s with %s %s left; %s.", daysWord(rr.OverdueDays), fmtDate(rr.Date), fmtNum(rr.Remaining), r.info.Unit, forecast)
	if c.Queue != nil {
		c.QueueNote = ""
	}
}

// maxNamedAhead is how many releases ahead in the queue a sentence names
// one by one.
const maxNamedAhead = 3

// releaseNames names releases for a sentence: "A", "A and B", "A, B and C".
func (r *renderer) releaseNames(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id
		if rr := r.relRep[id]; rr != nil && rr.Name != "" {
			names[i] = rr.Name
		}
	}
	return sentenceList(names)
}

func oddsClass(p float64) string {
	switch {
	case p >= 0.8:
		return "good"
	case p >= 0.5:
		return "warn"
	}
	return "bad"
}

// sprintCard is the current sprint on the dashboard and sprint pages.
type sprintCard struct {
	S           *report.SprintReport
	Sprint      *model.Sprint
	Name        string
	Heading     string // "Active sprint", "Last sprint", "Next sprint"
	Release     string
	Remaining   float64
	Ideal       float64
	Behind      float64 // remaining − ideal (positive: behind)
	HasToday    bool
	Progress    float64
	Burndown    *chartView
	Overloaded  bool
	CapacityTxt string
	SumLine     string // the scope as the sum of its parts
	// RemainingWhy, BehindWhy and CommittedWhy explain the card's tiles.
	RemainingWhy, BehindWhy, CommittedWhy string
}

func (r *renderer) sprintCard(sr *report.SprintReport, ids *chartIDs, small bool) (*sprintCard, error) {
	sp := r.spr[sr.ID]
	c := &sprintCard{S: sr, Sprint: sp, Name: sprintName(sp, sr)}
	if sr.Release != nil {
		c.Release = *sr.Release
	}
	if n := len(sr.Burndown); n > 0 {
		last := sr.Burndown[n-1]
		c.Remaining, c.Ideal, c.HasToday = last.Remaining, last.Ideal, true
		c.Behind = last.Remaining - last.Ideal
		c.Progress = percent(last.Done, last.Scope)
	} else {
		c.Remaining = sr.Committed
	}
	if sr.Capacity != nil {
		c.CapacityTxt = fmtNum(*sr.Capacity)
	}
	_, c.SumLine = scopeSum(sr)
	c.explainTiles()
	ch, err := sprintBurndownChart(ids.next("burndown"), r.site, sp, sr, small)
	if err != nil {
		return nil, err
	}
	c.Burndown = ch
	return c, nil
}

// currentSprint is the active sprint, else the latest closed one, else the
// first planned one.
func (r *renderer) currentSprint() (*report.SprintReport, string) {
	d := r.rep.Dashboard
	heading := map[string]string{"active": "Active sprint", "last": "Last sprint", "next": "Next sprint"}[d.FocusState]
	return r.sprRep[d.Focus], heading
}

// ---- dashboard -------------------------------------------------------------

type dashboardBody struct {
	Current  *sprintCard
	Releases []*releaseCard
	Velocity *chartView
	Average  *float64
	Window   int
	Changes  *changeSummary
	Counts   struct{ Features, Open, Done, Releases, Sprints int }
	Revisit  int
	// VelocityWhy spells out the average; Accuracy is how past forecasts
	// held, beside the releases' forecasts.
	VelocityWhy string
	Accuracy    accuracyView
}

type changeSummary struct {
	Since     string // "Sprint 2 (ended 6 Mar 2026)"
	SinceID   string
	Items     []changeItem
	Completed []*report.FeatureReport
}

type changeItem struct {
	Label string
	Value string
	Class string
}

func (r *renderer) dashboardPage(p *page) error {
	p.Title = "Dashboard"
	b := &dashboardBody{Window: r.rep.Velocity.Window, Average: r.rep.Velocity.Average, VelocityWhy: r.velocityWhy(), Accuracy: r.accuracy(p)}
	ids := &chartIDs{}
	if sr, heading := r.currentSprint(); sr != nil {
		c, err := r.sprintCard(sr, ids, true)
		if err != nil {
			return err
		}
		c.Heading = heading
		explainSprintCharts(p, c.Burndown)
		b.Current = c
		b.Changes = r.changes(r.rep.Dashboard.Changes)
	}
	for _, rr := range r.rep.Releases {
		b.Releases = append(b.Releases, r.releaseCard(rr))
	}
	v, err := velocityChart(ids.next("velocity"), r.site, r.rep, true)
	if err != nil {
		return err
	}
	b.Velocity = v
	explain(v, p, howVelocity, b.VelocityWhy)
	c := r.rep.Dashboard.Counts
	b.Counts.Features, b.Counts.Open, b.Counts.Done = c.Features, c.Open, c.Done
	b.Counts.Releases, b.Counts.Sprints = c.Releases, c.Sprints
	b.Revisit = c.Revisit
	p.Body = b
	return nil
}

// changes words the report's comparison of the dashboard's sprint with
// the sprint before it.
func (r *renderer) changes(c *report.Changes) *changeSummary {
	if c == nil {
		return nil
	}
	prev := r.sprRep[c.Since]
	cs := &changeSummary{SinceID: prev.ID,
		Since: fmt.Sprintf("%s (ended %s)", sprintName(r.spr[prev.ID], prev), fmtDate(prev.End))}
	unit := r.info.Unit
	cs.Items = append(cs.Items, changeItem{Label: sprintName(r.spr[prev.ID], prev) + " completed", Value: commitmentText(prev, unit)})
	if n := len(c.CarriedOver); n > 0 {
		cs.Items = append(cs.Items, changeItem{Label: "Carried over", Class: "warn",
			Value: fmt.Sprintf("%d %s (%s %s): %s", n, pluralWord(n, "story", "stories"), fmtNum(c.CarriedOverSize), unit, strings.Join(c.CarriedOver, ", "))})
	}
	if len(c.Velocity) == 2 {
		prev, last := c.Velocity[0], c.Velocity[1]
		cls := ""
		if last.Completed < prev.Completed {
			cls = "warn"
		}
		// Each sprint's own completed work: "Velocity" elsewhere on the
		// page is the rolling average.
		cs.Items = append(cs.Items, changeItem{Label: "Completed per sprint", Class: cls,
			Value: fmt.Sprintf("%s %s in %s → %s in %s", fmtNum(prev.Completed), unit, sprintName(r.spr[prev.ID], r.sprRep[prev.ID]),
				fmtNum(last.Completed), sprintName(r.spr[last.ID], r.sprRep[last.ID]))})
	}
	for _, sc := range c.Scope {
		cls := ""
		if sc.Change > 0 {
			cls = "warn"
		}
		cs.Items = append(cs.Items, changeItem{Label: "Scope of " + r.relRep[sc.Release].Name, Class: cls,
			Value: fmt.Sprintf("%s %s (now %s)", fmtSigned(sc.Change), unit, fmtNum(sc.Scope))})
	}
	for _, id := range c.FeaturesDone {
		cs.Completed = append(cs.Completed, r.featRep[id])
	}
	return cs
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ---- product backlog -------------------------------------------------------

type backlogBody struct {
	Open, Done, Dropped []*backlogRow
	OpenTotal           int
	DoneTotal           int
	DroppedTotal        int
	Statuses            []string
	Releases            []option
	Categories          []string
	Themes              []string
	Scatter             *chartView
	Revisit             []*backlogRow
	RevisitTotal        int
	LowThreshold        string
	Equation            string
	PageSize            int
}

type option struct{ Value, Label string }

type backlogRow struct {
	F           *report.FeatureReport
	ReleaseName string
	Progress    float64
}

// backlogPageRows is how many rows of each table the HTML itself carries:
// enough to read without JavaScript, few enough that a 10,000-feature
// backlog stays a small page (at 100 a table, parsing and laying out its
// HTML was a phone's longest task). site.js pages through the rest from
// rows.js, as many a page.
const backlogPageRows = 50

func (r *renderer) backlogRow(f *report.FeatureReport) *backlogRow {
	row := &backlogRow{F: f, Progress: percent(f.Done, f.Size)}
	if f.Release != nil {
		row.ReleaseName = *f.Release
		if rr := r.relRep[*f.Release]; rr != nil && rr.Name != "" {
			row.ReleaseName = rr.Name
		}
	}
	return row
}

func (r *renderer) backlogPage(p *page) error {
	p.Title = "Product backlog"
	p.Scripts = []string{"rows.js"}
	b := &backlogBody{PageSize: backlogPageRows}
	statuses, cats, themes := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, f := range r.rep.Features {
		statuses[string(f.Status)] = true
		if f.Category != "" {
			cats[f.Category] = true
		}
		for _, t := range f.Themes {
			themes[t] = true
		}
		switch f.Status {
		case model.StatusDone:
			b.DoneTotal++
			if len(b.Done) < backlogPageRows {
				b.Done = append(b.Done, r.backlogRow(f))
			}
		case model.StatusDropped:
			b.DroppedTotal++
			if len(b.Dropped) < backlogPageRows {
				b.Dropped = append(b.Dropped, r.backlogRow(f))
			}
		default:
			b.OpenTotal++
			if len(b.Open) < backlogPageRows {
				b.Open = append(b.Open, r.backlogRow(f))
			}
		}
	}
	for _, s := range []string{string(model.StatusProposed), string(model.StatusPlanned), string(model.StatusInProgress)} {
		if statuses[s] {
			b.Statuses = append(b.Statuses, s)
		}
	}
	for _, rr := range r.rep.Releases {
		b.Releases = append(b.Releases, option{rr.ID, rr.Name})
	}
	b.Categories, b.Themes = sortedKeys(cats), sortedKeys(themes)
	b.RevisitTotal = len(r.rep.Revisit)
	for _, id := range r.rep.Revisit {
		if f := r.featRep[id]; f != nil && len(b.Revisit) < listLimit {
			b.Revisit = append(b.Revisit, r.backlogRow(f))
		}
	}
	if sc := r.site.Config.Scorecard; sc.LowScore != nil {
		b.LowThreshold = "below " + fmtNum(*sc.LowScore)
	} else {
		b.LowThreshold = "in the lowest quarter of open features"
	}
	if eq := r.site.Config.Scorecard.Equation; eq != nil {
		b.Equation = eq.Source
	}
	sc, err := backlogScatterChart("chart-scatter-1", r.site, r.rep, r.feat)
	if err != nil {
		return err
	}
	explain(sc, p, howScore, scatterWhy(r.site))
	b.Scatter = sc
	p.Body = b
	return nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ---- feature ---------------------------------------------------------------

type featureBody struct {
	F           *report.FeatureReport
	Decl        *model.Feature
	Description template.HTML
	Progress    float64
	Scores      []scoreRow
	Equation    string
	Release     *report.ReleaseReport
	OnTime      *float64
	// QueueOnTime is the feature's odds when the releases ahead of its
	// release are finished first (QueueIf); nil when none is ahead.
	QueueOnTime *float64
	QueueIf     string
	Stories     []featureStoryRow
	InFit       string // "fits", "over", ""
	// Stats are the figures at the head of the page, made here rather than
	// with dict, cond and print in the template (a third of its cost).
	Stats []statView
}

// statView is one figure of a row of stats (the "stat" partial).
type statView struct {
	Label string
	Value string
	Note  string
	Class string
	// Why defines the figure with its inputs; How links to its section
	// of the "How these figures are computed" page.
	Why, How string
	// Href, when set, makes the value a link to the features it counts.
	Href string
}

type scoreRow struct {
	Key, Label string
	Value      *float64
	Min, Max   float64
}

type featureStoryRow struct {
	S       *report.FeatureStory
	Sprints []sprintRef
}

type sprintRef struct{ ID, Name string }

func (r *renderer) featurePage(p *page, fr *report.FeatureReport) error {
	p.Title = fr.Title
	f := r.feat[fr.ID]
	b := &featureBody{F: fr, Decl: f, Progress: percent(fr.Done, fr.Size)}
	if f != nil {
		b.Description = r.description(f)
	}
	sc := r.site.Config.Scorecard
	if sc.Equation != nil {
		b.Equation = sc.Equation.Source
	}
	for _, m := range sc.Metrics {
		row := scoreRow{Key: m.Key, Label: m.DisplayLabel(), Min: m.Min, Max: m.Max}
		if f != nil {
			if v, ok := f.Scores[m.Key]; ok {
				v := v
				row.Value = &v
			}
		}
		b.Scores = append(b.Scores, row)
	}
	if fr.Release != nil {
		if rr := r.relRep[*fr.Release]; rr != nil {
			ri := r.releaseIndex(rr)
			b.Release = rr
			b.InFit = ri.inFit[fr.ID]
			b.OnTime = fr.OnTime
			if v, ok := ri.queueOnTime[fr.ID]; ok {
				b.QueueOnTime = &v
				b.QueueIf = ri.queueIf
			}
			if v, ok := ri.onTime[fr.ID]; ok && b.OnTime == nil {
				b.OnTime = &v
			}
			if fr.Status == model.StatusDropped {
				b.OnTime, b.QueueOnTime = nil, nil
			}
		}
	}
	b.Stats = r.featureStats(p, fr, b)
	if b.InFit == "over" || (b.Release != nil && b.Release.Overdue) || fr.Status == model.StatusDone {
		// The stats qualify these odds; a bare "85% likely" beside them
		// would contradict the cut line, the passed date or the done work.
		b.OnTime, b.QueueOnTime = nil, nil
	}
	for _, st := range fr.Stories {
		row := featureStoryRow{S: st}
		for _, id := range st.Sprints {
			row.Sprints = append(row.Sprints, sprintRef{ID: id, Name: sprintName(r.spr[id], r.sprRep[id])})
		}
		b.Stories = append(b.Stories, row)
	}
	p.Body = b
	return nil
}

// featureStats are the stats of a feature page.
func (r *renderer) featureStats(p *page, f *report.FeatureReport, b *featureBody) []statView {
	stats := make([]statView, 3, 4)
	stats[0] = withWhy(statView{Label: "Position", Value: strconv.Itoa(f.Position), Note: "unranked"}, p, howPosition,
		"Position in the product backlog: ranked features first, by rank; then the others, highest score first; ties by id.")
	if f.Rank != nil {
		stats[0].Note = "rank " + strconv.Itoa(*f.Rank)
	}
	stats[1] = withWhy(statView{Label: "Score", Value: fmtNumPtr(f.Score)}, p, howScore, r.scoreWhy(f, b))
	if f.LowScore {
		stats[1].Class = "warn"
	}
	stats[2] = withWhy(statView{Label: "Size (" + r.info.Unit + ")", Value: fmtNum(f.Size),
		Note: fmtNum(f.Done) + " done, " + fmtNum(f.Remaining) + " to go"}, p, howSize, sizeWhy(f))
	if s, ok := r.featureOddsStat(p, f, b); ok {
		stats = append(stats, s)
	}
	return stats
}

// sizeWhy says where a feature's size comes from.
func sizeWhy(f *report.FeatureReport) string {
	switch {
	case f.Status == model.StatusDropped:
		return "A dropped feature has size 0."
	case len(f.Stories) == 0:
		return fmt.Sprintf("Size %s = the feature's own estimate: it has no stories yet.", fmtNum(f.Size))
	}
	return fmt.Sprintf("Size %s = the current estimates of its %d %s added up; done %s = those of the done ones.",
		fmtNum(f.Size), len(f.Stories), pluralWord(len(f.Stories), "story", "stories"), fmtNum(f.Done))
}

// featureOddsStat is a feature's chance of being done by its release date,
// qualified wherever a bare figure would mislead.
func (r *renderer) featureOddsStat(p *page, f *report.FeatureReport, b *featureBody) (statView, bool) {
	if f.Status == model.StatusDropped || b.Release == nil {
		return statView{}, false // no chance to report for work that will not be done
	}
	rr := b.Release
	s := statView{Label: "By " + fmtDate(rr.Date)}
	share, when, anchor := b.OnTime, "", howMonteCarlo
	if b.QueueOnTime != nil {
		share, when, anchor = b.QueueOnTime, " "+b.QueueIf, howQueue
	}
	trials := 0
	if rr.Forecast != nil {
		trials = rr.Forecast.Trials
	}
	switch {
	case f.Remaining == 0 && f.Size > 0:
		s.Value, s.Class, s.Note = "Done", "good", "nothing left to do"
	case rr.Overdue:
		s.Value, s.Class, s.Note = "Late", "bad", "the release date has passed"
	case b.InFit == "over":
		s.Value, s.Class, s.Note = "Over capacity", "bad", "below the release's capacity cut line"
		if share != nil {
			s = withWhy(s, p, howCutLine, "The release is full before this feature: it does not fit its capacity, whatever the odds. Were the team to work on it anyway, "+
				oddsWhy(*share, trials, "finish it and everything ranked above it by the date"+when))
		}
	case share == nil:
		s.Value, s.Note = "–", "no forecast yet"
	default:
		s.Value, s.Class, s.Note = fmtPct(*share), oddsClass(*share), "chance to be done"+when
		if b.QueueOnTime != nil && b.OnTime != nil {
			s.Note += "; " + fmtPct(*b.OnTime) + " alone"
		}
		s = withWhy(s, p, anchor, oddsWhy(*share, trials, "finish it and everything ranked above it by the date"+when))
	}
	return s, true
}

// releaseIndex is what feature pages look up in their release, by feature
// id, made once per release instead of scanning its lists for every
// feature.
type releaseIndex struct {
	inFit       map[string]string // "fits", "over"
	onTime      map[string]float64
	queueOnTime map[string]float64
	queueIf     string
}

func (r *renderer) releaseIndex(rr *report.ReleaseReport) *releaseIndex {
	r.relIdxMu.Lock()
	defer r.relIdxMu.Unlock()
	if ri := r.relIdx[rr]; ri != nil {
		return ri
	}
	ri := &releaseIndex{inFit: map[string]string{}, onTime: map[string]float64{}, queueOnTime: map[string]float64{}}
	// In the order the pages used to scan them: a later entry wins.
	for _, id := range rr.Fits {
		ri.inFit[id] = "fits"
	}
	for _, id := range rr.Over {
		ri.inFit[id] = "over"
	}
	if rr.Forecast != nil {
		if rr.Forecast.Queue != nil {
			for _, fo := range rr.Forecast.Queue.Features {
				ri.queueOnTime[fo.ID] = fo.OnTime
			}
			ri.queueIf = r.releaseCard(rr).QueueIf
		}
		for _, fo := range rr.Forecast.Features {
			ri.onTime[fo.ID] = fo.OnTime
		}
	}
	r.relIdx[rr] = ri
	return ri
}

// ---- releases --------------------------------------------------------------

type releasesBody struct {
	Cards    []*releaseCard
	Gantt    *chartView
	Queued   bool // some release has a queue forecast
	Accuracy accuracyView
}

func (r *renderer) releasesPage(p *page) error {
	p.Title = "Releases"
	b := &releasesBody{Accuracy: r.accuracy(p)}
	for _, rr := range r.rep.Releases {
		c := r.releaseCard(rr)
		b.Cards = append(b.Cards, c)
		b.Queued = b.Queued || c.Queue != nil
	}
	p.Body = b
	return nil
}

// ---- sprints ---------------------------------------------------------------

type sprintsBody struct {
	Rows []sprintListRow
}

type sprintListRow struct {
	S           *report.SprintReport
	Name        string
	Goal        string
	ReleaseName string
	Progress    float64
}

func (r *renderer) sprintsPage(p *page) error {
	p.Title = "Sprints"
	b := &sprintsBody{}
	for i := len(r.rep.Sprints) - 1; i >= 0; i-- {
		sr := r.rep.Sprints[i]
		row := sprintListRow{S: sr, Name: sprintName(r.spr[sr.ID], sr)}
		if sp := r.spr[sr.ID]; sp != nil {
			row.Goal = sp.Goal
		}
		if sr.Release != nil {
			row.ReleaseName = *sr.Release
			if rr := r.relRep[*sr.Release]; rr != nil {
				row.ReleaseName = rr.Name
			}
		}
		if n := len(sr.Burndown); n > 0 {
			row.Progress = percent(sr.Burndown[n-1].Done, sr.Burndown[n-1].Scope)
		}
		b.Rows = append(b.Rows, row)
	}
	p.Body = b
	return nil
}

type sprintBody struct {
	Card         *sprintCard
	S            *report.SprintReport
	Sprint       *model.Sprint
	Description  template.HTML
	ReleaseName  string
	Burnup       *chartView
	Stories      []*report.SprintStory
	Completed    []*report.SprintStory
	NotCompleted []*report.SprintStory
	Added        []*report.SprintStory
	Removed      []*report.SprintStory
	// PushOut is the push-out advice still open (push_out_open).
	PushOut     []*report.SprintStory
	PushOutSize float64
	Stats       []statView
	SumLine     string // "30 committed + 3 added − 2 removed + 3 re-estimated = 34 in scope"
	Retro       string // a closed sprint's plan against what it did
	Log         []logRow
	Changes     []scopeChange
	Prev, Next  *sprintRef
}

type logRow struct {
	Date   model.Date
	Events []logEvent
	Note   string
}

// eventLabel is the sprint log's word for a kind of event.
func eventLabel(k model.EventKind) string {
	if k == model.EventEstimated {
		return "re-estimated"
	}
	return k.Key()
}

type logEvent struct {
	Kind  string
	Label string
	IDs   []string
}

func (r *renderer) sprintPage(p *page, sr *report.SprintReport) error {
	sp := r.spr[sr.ID]
	p.Title = sprintName(sp, sr)
	ids := &chartIDs{}
	card, err := r.sprintCard(sr, ids, false)
	if err != nil {
		return err
	}
	explainSprintCharts(p, card.Burndown)
	b := &sprintBody{Card: card, S: sr, Sprint: sp}
	if sp != nil {
		b.Description = r.md.render(sp.Description)
	}
	if sr.Release != nil {
		b.ReleaseName = *sr.Release
		if rr := r.relRep[*sr.Release]; rr != nil {
			b.ReleaseName = rr.Name
		}
	}
	bu, err := sprintBurnupChart(ids.next("burnup"), r.site, sp, sr)
	if err != nil {
		return err
	}
	b.Burnup = bu
	explain(bu, p, howBurndown, "The same days as the burndown: scope and done work rising, both drawn point to point, so done is never above scope. The gap between them is what is left.")
	stories := append([]*report.SprintStory(nil), sr.Stories...)
	if len(stories) == 0 && sp != nil {
		for _, st := range sp.Stories {
			stories = append(stories, &report.SprintStory{ID: st.ID, Title: st.Title, Feature: st.Feature,
				Priority: st.Priority, Estimate: st.Estimate, Committed: true})
		}
	}
	sort.SliceStable(stories, func(i, j int) bool { return stories[i].Priority.Urgency() < stories[j].Priority.Urgency() })
	b.Stories = stories
	byID := map[string]*report.SprintStory{}
	for _, st := range stories {
		byID[st.ID] = st
		switch {
		case st.Status == "removed":
			b.Removed = append(b.Removed, st)
		case st.Status == "done":
			b.Completed = append(b.Completed, st)
		}
		if !st.AddedOn.IsZero() {
			b.Added = append(b.Added, st)
		}
	}
	for _, id := range sr.NotCompleted {
		if st := byID[id]; st != nil {
			b.NotCompleted = append(b.NotCompleted, st)
		}
	}
	for _, id := range sr.PushOutOpen {
		if st := byID[id]; st != nil {
			b.PushOut = append(b.PushOut, st)
			b.PushOutSize += st.Estimate
		}
	}
	b.Stats, b.SumLine = r.sprintStats(p, sr, card)
	b.Retro = r.retrospective(sr)
	b.Log = logRows(sp)
	b.Changes = sprintScopeChanges(sp, sr)
	for i, s := range r.rep.Sprints {
		if s != sr {
			continue
		}
		if i > 0 {
			o := r.rep.Sprints[i-1]
			b.Prev = &sprintRef{ID: o.ID, Name: sprintName(r.spr[o.ID], o)}
		}
		if i+1 < len(r.rep.Sprints) {
			o := r.rep.Sprints[i+1]
			b.Next = &sprintRef{ID: o.ID, Name: sprintName(r.spr[o.ID], o)}
		}
	}
	p.Body = b
	return nil
}

// logRows lists a sprint's log, one row per entry, its events grouped by
// kind in the order they apply.
func logRows(sp *model.Sprint) []logRow {
	if sp == nil {
		return nil
	}
	var rows []logRow
	for _, e := range sp.Log {
		row := logRow{Date: e.Date, Note: e.Note}
		for _, ev := range e.Events() {
			text := ev.Story
			if ev.Kind == model.EventEstimated {
				text += " → " + fmtNum(ev.Estimate)
			}
			n := len(row.Events)
			if n == 0 || row.Events[n-1].Kind != ev.Kind.Key() {
				row.Events = append(row.Events, logEvent{Kind: ev.Kind.Key(), Label: eventLabel(ev.Kind)})
				n++
			}
			row.Events[n-1].IDs = append(row.Events[n-1].IDs, text)
		}
		rows = append(rows, row)
	}
	return rows
}

// ---- velocity, roadmap, themes, pages --------------------------------------

type velocityBody struct {
	Why     string // the average spelled out
	Chart   *chartView
	V       report.VelocityReport
	Names   map[string]string
	Average *float64
}

func (r *renderer) velocityPage(p *page) error {
	p.Title = "Velocity"
	c, err := velocityChart("chart-velocity-1", r.site, r.rep, false)
	if err != nil {
		return err
	}
	explain(c, p, howVelocity, "For every closed sprint: the work committed at its start and the work completed by its end (added work included). The line is the average of the last sprints, as the capacity of the next sprint uses it.")
	b := &velocityBody{Chart: c, V: r.rep.Velocity, Average: r.rep.Velocity.Average, Names: map[string]string{}, Why: r.velocityWhy()}
	for _, s := range r.rep.Velocity.Sprints {
		b.Names[s.ID] = sprintName(r.spr[s.ID], r.sprRep[s.ID])
	}
	p.Body = b
	return nil
}

type roadmapBody struct {
	Accuracy accuracyView
	Chart    *chartView
	Releases []*releaseCard
	Sprints  []sprintListRow
	Queued   bool // some release has a queue forecast
}

func (r *renderer) roadmapPage(p *page) error {
	p.Title = "Roadmap"
	c, err := roadmapChart("chart-roadmap-1", r.site, r.rep)
	if err != nil {
		return err
	}
	explain(c, p, howForecast, "Each release from its start to its target date; a red extension runs to its forecast when that is later (in the queue when releases are ahead of it). Sprints are in the last lane, the line is the as-of date.")
	b := &roadmapBody{Chart: c, Accuracy: r.accuracy(p)}
	for _, rr := range r.rep.Releases {
		rc := r.releaseCard(rr)
		b.Releases = append(b.Releases, rc)
		b.Queued = b.Queued || rc.Queue != nil
	}
	p.Body = b
	return nil
}

type themesBody struct {
	Categories   []*groupView
	Themes       []*groupView
	CatChart     *chartView
	ThemeChart   *chartView
	Low          []*backlogRow
	LowTotal     int
	Revisit      []*backlogRow
	RevisitTotal int
}

// listLimit caps the feature lists of a report page: a 10,000-feature
// backlog has thousands of low-score features, and the backlog page (with
// its filters) is where to go through all of them.
const listLimit = 50

func (r *renderer) themesPage(p *page) error {
	p.Title = "Categories and themes"
	b := &themesBody{}
	for _, f := range r.rep.Features {
		if f.LowScore {
			b.LowTotal++
			if len(b.Low) < listLimit {
				b.Low = append(b.Low, r.backlogRow(f))
			}
		}
	}
	b.RevisitTotal = len(r.rep.Revisit)
	for _, id := range r.rep.Revisit {
		if f := r.featRep[id]; f != nil && len(b.Revisit) < listLimit {
			b.Revisit = append(b.Revisit, r.backlogRow(f))
		}
	}
	b.Categories = groupViews(r.rep.Categories, r.rep.Features, func(f *report.FeatureReport, name string) bool { return f.Category == name })
	b.Themes = groupViews(r.rep.Themes, r.rep.Features, func(f *report.FeatureReport, name string) bool { return slices.Contains(f.Themes, name) })
	unit := r.info.Unit
	var err error
	if b.CatChart, err = groupChart("chart-categories-1", "Size by category", "Category", b.Categories, unit); err != nil {
		return err
	}
	if b.ThemeChart, err = groupChart("chart-themes-2", "Size by theme", "Theme", b.Themes, unit); err != nil {
		return err
	}
	explain(b.CatChart, p, howThemes, "The size of the features of each category, done and remaining; each feature is in one category.")
	explain(b.ThemeChart, p, howThemes, "The size of the features of each theme, done and remaining; a feature with several themes counts once in each.")
	p.Body = b
	return nil
}

// groupViews pairs each group's totals with its first low-score features,
// in position order, for the table.
func groupViews(groups []*report.GroupTotals, features []*report.FeatureReport, in func(*report.FeatureReport, string) bool) []*groupView {
	out := make([]*groupView, 0, len(groups))
	for _, g := range groups {
		v := &groupView{GroupTotals: g, Name: g.Name}
		if v.Name == "" {
			v.Name = "(none)"
		}
		for _, f := range features {
			if len(v.LowScores) == lowScoresShown || v.LowCount() == len(v.LowScores) {
				break
			}
			if f.LowScore && in(f, g.Name) {
				v.LowScores = append(v.LowScores, f)
			}
		}
		out = append(out, v)
	}
	return out
}

// lowScoresShown is how many low-score features a group's row names.
const lowScoresShown = 5

type markdownBody struct {
	Content template.HTML
}

func (r *renderer) markdownPage(p *page, pg *model.Page) error {
	p.Title = pg.Title
	p.Section = "page:" + pg.Slug
	p.Body = &markdownBody{Content: r.md.render(pg.Body)}
	return nil
}
