package render

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/backlogsite/backlogsite/internal/report"
)

// The Flow page (issue 13): how work moves through the team, story by
// story, whatever the sprints: cumulative flow, cycle time, throughput and
// aging work in progress, and how good past forecasts turned out.

// flowChartLimit bounds the dots of a flow chart and the rows of its data
// table: a 10,000-feature site has tens of thousands of stories, which no
// chart can show one by one. The charts then show the latest (cycle time)
// or the oldest (aging) and say so; report.json has every one.
const flowChartLimit = 1000

type flowBody struct {
	CFD        *chartView
	CFDStories *chartView // the same diagram counted in stories
	Cycle      *chartView
	Throughput *chartView
	Aging      *chartView
	Accuracy   accuracyView
	Unit       string
}

func (r *renderer) flowPage(p *page) error {
	p.Title = "Flow"
	f := r.rep.Flow
	b := &flowBody{Accuracy: r.accuracy(p), Unit: r.info.Unit}
	var err error
	if b.CFD, err = cfdChart("chart-cfd-1", f.Cumulative, r.info.Unit, false); err != nil {
		return err
	}
	if b.CFDStories, err = cfdChart("chart-cfd-1-stories", f.Cumulative, r.info.Unit, true); err != nil {
		return err
	}
	explain(b.CFD, p, howFlow, "Each day from the first sprint's start: the stories that had entered a sprint and were not dropped, as to do, in progress (started, not done) and done, stacked. A widening middle band means work is started faster than it is finished.")
	if b.Cycle, err = cycleChart("chart-cycle-2", p, f); err != nil {
		return err
	}
	if f.CycleDays != nil {
		explain(b.Cycle, p, howFlow, fmt.Sprintf("Each dot is a story done by %s: the calendar days from its first start to its last done, both counted. The lines are percentiles of all %d: half took %d days or less, 85%% %d or less, 95%% %d or less.",
			fmtDate(r.rep.AsOf), len(f.Cycle), f.CycleDays.P50, f.CycleDays.P85, f.CycleDays.P95))
	}
	if b.Throughput, err = r.throughputChart("chart-throughput-3"); err != nil {
		return err
	}
	explain(b.Throughput, p, howFlow, "For each sprint that has started: how many stories in it were done at its end (or today), and their estimates (completed work; a closed sprint's is its velocity).")
	if b.Aging, err = agingChart("chart-aging-4", p, f); err != nil {
		return err
	}
	if f.CycleDays != nil {
		explain(b.Aging, p, howFlow, fmt.Sprintf("Each bar is a story started and not done by %s, with its age: the calendar days since its first start, both counted. Red bars are older than %d days, the 85th percentile cycle time: most stories were done sooner.",
			fmtDate(r.rep.AsOf), f.CycleDays.P85))
	}
	p.Body = b
	return nil
}

// cfdChart is the cumulative flow diagram, in the site's unit or counted in
// stories.
func cfdChart(id string, pts []report.FlowPoint, unit string, stories bool) (*chartView, error) {
	if len(pts) == 0 {
		return nil, nil
	}
	what := unit
	if stories {
		what = "stories"
	}
	var todo, prog, done []any
	// One table for both diagrams: each unit's three columns.
	tbl := dataTable{Caption: "Cumulative flow (" + unit + " and stories)", Head: []string{"Date",
		"To do (" + unit + ")", "In progress (" + unit + ")", "Done (" + unit + ")", "To do (stories)", "In progress (stories)", "Done (stories)"}}
	first := max(len(pts)-flowChartLimit, 0) // the table's rows: the latest days
	for k, p := range pts {
		d := p.Date.String()
		t, i, n := p.ToDo, p.InProgress, p.Done
		if stories {
			t, i, n = float64(p.ToDoCount), float64(p.InProgressCount), float64(p.DoneCount)
		}
		todo = append(todo, []any{d, chartNum(t)})
		prog = append(prog, []any{d, chartNum(i)})
		done = append(done, []any{d, chartNum(n)})
		if k >= first {
			tbl.Rows = append(tbl.Rows, []string{d, fmtNum(p.ToDo), fmtNum(p.InProgress), fmtNum(p.Done),
				strconv.Itoa(p.ToDoCount), strconv.Itoa(p.InProgressCount), strconv.Itoa(p.DoneCount)})
		}
	}
	o := newOption()
	o.XAxis = []opts.XAxis{timeAxis()}
	o.YAxis = []opts.YAxis{valueAxis()}
	band := func(name string, data []any, color string) charts.SingleSeries {
		s := lineSeries(name, data, color)
		s.Stack, s.ShowSymbol = "flow", opts.Bool(false)
		s.LineStyle.Width = 1
		s.AreaStyle = &opts.AreaStyle{Color: color, Opacity: opts.Float(0.55)}
		return s
	}
	o.Series = []charts.SingleSeries{band("Done", done, "--c-done"), band("In progress", prog, "--c-warn"), band("To do", todo, "--c-ideal")}
	c := &chartView{ID: id, Title: "Cumulative flow: to do, in progress and done", Table: tbl,
		Label: "Cumulative flow diagram: to do, in progress and done per day, stacked, in " + what + "."}
	return o.finish(c)
}

// cycleChart plots each done story's cycle time at its finish date, with
// the percentile lines; a dot links to its story's feature.
func cycleChart(id string, p *page, f report.FlowReport) (*chartView, error) {
	if len(f.Cycle) == 0 || f.CycleDays == nil {
		return nil, nil
	}
	cycle := latestCycle(f.Cycle)
	var dots []any
	tbl := dataTable{Caption: "Cycle time of done stories (calendar days)", Head: []string{"Story", "Feature", "Started", "Finished", "Cycle days"}}
	for _, c := range cycle {
		pt := map[string]any{"value": []any{c.Finished.String(), c.CycleDays}, "name": c.Story}
		feature := ""
		if c.Feature != nil {
			feature = *c.Feature
			pt["name"] = c.Story + " · " + feature
			pt["link"] = p.FeatureURL(feature)
		}
		dots = append(dots, pt)
		tbl.Rows = append(tbl.Rows, []string{c.Story, feature, c.Started.String(), c.Finished.String(), strconv.Itoa(c.CycleDays)})
	}
	o := newOption()
	o.Tooltip.Trigger = "item"
	o.Legend = nil
	o.XAxis = []opts.XAxis{timeAxis()}
	y := valueAxis()
	y.Name, y.NameLocation, y.NameGap = "days", "end", 8
	o.YAxis = []opts.YAxis{y}
	s := charts.SingleSeries{Name: "Cycle time", Type: "scatter", Data: dots, SymbolSize: 9,
		ItemStyle: &opts.ItemStyle{Color: "--c-done", Opacity: opts.Float(0.7)}}
	pc := f.CycleDays
	s.MarkLines = markLinesOn("yAxis", "insideEndTop",
		vline{fmt.Sprintf("50%%: %d %s", pc.P50, pluralWord(pc.P50, "day", "days")), strconv.Itoa(pc.P50), "--c-muted"},
		vline{fmt.Sprintf("85%%: %d %s", pc.P85, pluralWord(pc.P85, "day", "days")), strconv.Itoa(pc.P85), "--c-late"},
		vline{fmt.Sprintf("95%%: %d %s", pc.P95, pluralWord(pc.P95, "day", "days")), strconv.Itoa(pc.P95), "--c-late"})
	o.Series = []charts.SingleSeries{s}
	title := "Cycle time (days from start to done)"
	if len(cycle) < len(f.Cycle) {
		title = fmt.Sprintf("Cycle time of the latest %d of %d done stories", len(cycle), len(f.Cycle))
	}
	c := &chartView{ID: id, Title: title, Table: tbl,
		Label: fmt.Sprintf("Cycle time per done story by finish date; 50%% within %d days, 85%% within %d, 95%% within %d.", pc.P50, pc.P85, pc.P95)}
	return o.finish(c)
}

// latestCycle is the most recently finished stories, at most
// flowChartLimit, in finish order.
func latestCycle(all []report.CycleStory) []report.CycleStory {
	out := append([]report.CycleStory(nil), all...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Finished < out[j].Finished })
	if len(out) > flowChartLimit {
		out = out[len(out)-flowChartLimit:]
	}
	return out
}

// throughputChart is each started sprint's stories done and work completed.
func (r *renderer) throughputChart(id string) (*chartView, error) {
	unit := r.info.Unit
	var cats []string
	var stories, work []any
	tbl := dataTable{Caption: "Throughput per sprint", Head: []string{"Sprint", "State", "Stories done", "Completed (" + unit + ")"}}
	for _, sr := range r.rep.Sprints {
		if sr.State == report.SprintPlanned {
			continue
		}
		name := sprintName(r.spr[sr.ID], sr)
		cats = append(cats, name)
		stories = append(stories, sr.DoneCount)
		work = append(work, chartNum(sr.Completed))
		tbl.Rows = append(tbl.Rows, []string{name, string(sr.State), strconv.Itoa(sr.DoneCount), fmtNum(sr.Completed)})
	}
	if len(cats) == 0 {
		return nil, nil
	}
	o := newOption()
	o.XAxis = []opts.XAxis{{Type: "category", Data: cats, AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}}
	left, right := valueAxis(), valueAxis()
	left.Name, left.NameLocation, left.NameGap = "stories", "end", 8
	right.Name, right.NameLocation, right.NameGap = unit, "end", 8
	right.SplitLine = &opts.SplitLine{Show: opts.Bool(false)}
	o.YAxis = []opts.YAxis{left, right}
	o.Grid.Top = "48"
	sb := barSeries("Stories done", stories, "--c-done")
	wl := lineSeries("Completed ("+unit+")", work, "--c-scope")
	wl.YAxisIndex = 1
	o.Series = []charts.SingleSeries{sb, wl}
	c := &chartView{ID: id, Title: "Throughput per sprint", Table: tbl,
		Label: "Stories done and work completed per sprint."}
	return o.finish(c)
}

// agingChart is the work in progress by age, oldest first, stories older
// than the 85th percentile cycle time in red.
func agingChart(id string, p *page, f report.FlowReport) (*chartView, error) {
	if len(f.Aging) == 0 {
		return nil, nil
	}
	aging := append([]report.AgingStory(nil), f.Aging...)
	sort.SliceStable(aging, func(i, j int) bool { return aging[i].AgeDays > aging[j].AgeDays })
	if len(aging) > flowChartLimit {
		aging = aging[:flowChartLimit]
	}
	var cats []string
	var bars []any
	tbl := dataTable{Caption: "Work in progress by age (calendar days)", Head: []string{"Story", "Feature", "Started", "Age (days)", "Older than 85% of cycle times"}}
	for _, a := range aging {
		color, feature := "--c-warn", ""
		if a.OverP85 {
			color = "--c-late"
		}
		bar := map[string]any{"value": a.AgeDays, "itemStyle": map[string]any{"color": color}}
		if a.Feature != nil {
			feature = *a.Feature
			bar["link"] = p.FeatureURL(feature)
		}
		cats = append(cats, a.Story)
		bars = append(bars, bar)
		tbl.Rows = append(tbl.Rows, []string{a.Story, feature, a.Started.String(), strconv.Itoa(a.AgeDays), yesNo(a.OverP85)})
	}
	o := newOption()
	o.Legend = nil
	o.Grid.Top = "28"
	o.XAxis = []opts.XAxis{{Type: "category", Data: cats, AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}}
	y := valueAxis()
	s := barSeries("Age (days)", bars, "--c-warn")
	if pc := f.CycleDays; pc != nil {
		// Room for the 85th percentile's line above younger stories.
		y.Max = max(aging[0].AgeDays, pc.P85) + 1
		s.MarkLines = markLinesOn("yAxis", "insideEndTop",
			vline{fmt.Sprintf("85%% of stories done within %d %s", pc.P85, pluralWord(pc.P85, "day", "days")), strconv.Itoa(pc.P85), "--c-late"})
	}
	o.YAxis = []opts.YAxis{y}
	o.Series = []charts.SingleSeries{s}
	title := "Aging work in progress (days since started)"
	if len(aging) < len(f.Aging) {
		title = fmt.Sprintf("Aging work in progress: the oldest %d of %d stories", len(aging), len(f.Aging))
	}
	c := &chartView{ID: id, Title: title, Table: tbl,
		Label: "Stories in progress by age in days, oldest first; those older than the 85th percentile cycle time in red."}
	return o.finish(c)
}

// accuracyView is how past forecasts held, in words (§3.8 accuracy).
type accuracyView struct {
	Text string // "Of 2 forecasts made at sprint closes for releases that have since finished, the 85% date held 1 time (50%)."
	Why  string
	How  string // the Flow page's accuracy section
}

func (r *renderer) accuracy(p *page) accuracyView {
	a := r.rep.Accuracy
	v := accuracyView{How: p.Href("flow/index.html") + "#accuracy"}
	if len(a.Releases) == 0 {
		v.Text = "No release has finished yet, so there is no record yet of how our forecasts turned out."
		return v
	}
	names := r.releaseNames(a.Releases)
	if a.Forecasts == 0 || a.P85Held == nil {
		v.Text = fmt.Sprintf("%s finished, but no forecast had been made for it before, so there is no record yet of how our forecasts turned out.", names)
		return v
	}
	held := func(s *float64) int { return int(*s*float64(a.Forecasts) + 0.5) }
	// "Forecasts made at sprint closes": a reader who knows one release
	// has finished would otherwise wonder where two forecasts came from.
	v.Text = fmt.Sprintf("Of %d %s made at sprint closes for releases that have since finished, the 85%% date held %d %s (%s).", a.Forecasts,
		pluralWord(a.Forecasts, "forecast", "forecasts"), held(a.P85Held), pluralWord(held(a.P85Held), "time", "times"), fmtPct(*a.P85Held))
	v.Why = fmt.Sprintf("Over the forecast history of %s, a date held when the release finished on or before it: the 50%% date held %d %s (%s), the 85%% %d (%s), the 95%% %d (%s). A forecast process to trust has its 85%% date holding about 85%% of the time.",
		names, held(a.P50Held), pluralWord(held(a.P50Held), "time", "times"), fmtPct(*a.P50Held), held(a.P85Held), fmtPct(*a.P85Held), held(a.P95Held), fmtPct(*a.P95Held))
	return v
}
