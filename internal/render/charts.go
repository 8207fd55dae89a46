package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

// chartView is one chart on a page: the ECharts option (as JSON, started by
// the theme's site.js) and the same figures as an accessible table.
//
// Conventions shared with site.js, so that no JavaScript ever travels inside
// the option (go-echarts' FuncStr markers are never produced):
//   - a string value starting with "--" names a CSS custom property of the
//     theme; site.js substitutes its current value (light or dark);
//   - the custom series with id "bs-timeline" is drawn by site.js's
//     timeline renderer;
//   - data-format on the container selects value formatting ("percent").
type chartView struct {
	ID     string // container id; the option is in the element ID+"-data"
	Title  string
	Label  string // one-sentence summary for screen readers
	Small  bool   // thumbnail size (dashboard)
	Tall   bool
	Format string
	Option json.RawMessage
	Table  dataTable
}

// dataTable is the table behind a chart.
type dataTable struct {
	Caption string
	Head    []string
	Rows    [][]string
}

// echartsOption is the top-level ECharts option built from go-echarts' option
// types. go-echarts' own chart types are not used: their rendering helpers
// write user text into script unescaped, and their JSON carries defaults we
// do not want in the page.
type echartsOption struct {
	Aria      *opts.Aria            `json:"aria"`
	Animation *bool                 `json:"animation,omitempty"`
	Legend    *opts.Legend          `json:"legend,omitempty"`
	Tooltip   *opts.Tooltip         `json:"tooltip,omitempty"`
	Grid      *opts.Grid            `json:"grid,omitempty"`
	XAxis     []opts.XAxis          `json:"xAxis,omitempty"`
	YAxis     []opts.YAxis          `json:"yAxis,omitempty"`
	DataZoom  []opts.DataZoom       `json:"dataZoom,omitempty"`
	Series    []charts.SingleSeries `json:"series"`
}

// chartNum rounds a figure for plotting: charts and their tooltips show
// values, not float noise. report.json keeps full precision.
func chartNum(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	// Beyond 2^52 a float64 has no fractions to round, and x*100 could
	// overflow to ±Inf, which encoding/json refuses.
	if math.Abs(x) >= 1<<52 {
		return x
	}
	return math.Round(x*100) / 100
}

func newOption() *echartsOption {
	return &echartsOption{
		Aria:    &opts.Aria{Enabled: opts.Bool(true)},
		Tooltip: &opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"},
		Legend:  &opts.Legend{Show: opts.Bool(true), Top: "0", Left: "0", Type: "scroll"},
		Grid:    &opts.Grid{Left: "8", Right: "16", Top: "36", Bottom: "8", ContainLabel: opts.Bool(true)},
	}
}

// finish marshals the option. encoding/json rejects NaN and infinities and
// escapes <, > and & as \u003c…, so no input text can close the
// <script type="application/json"> block that carries it.
func (o *echartsOption) finish(c *chartView) (*chartView, error) {
	b, err := json.Marshal(o)
	if err != nil {
		return nil, fmt.Errorf("chart %s: %w", c.ID, err)
	}
	// Belt and braces: encoding/json never leaves these raw.
	if bytes.ContainsAny(b, "<>&") {
		return nil, fmt.Errorf("chart %s: option is not safe to embed", c.ID)
	}
	c.Option = defuseFuncMarkers(b)
	return c, nil
}

// valueAxis is a y axis without a name: the unit goes in the chart title,
// where it cannot collide with the legend.
// funcMarker is go-echarts' marker for a JavaScript function inside an
// option (types.FuncStr). This package never produces one, and input text
// that contains it is escaped so that no tool that post-processes
// go-echarts JSON could turn input into code.
var funcMarker = []byte("__f__")

// defuseFuncMarkers rewrites every "__f__" in marshalled JSON as
// "_\u005ff__": the same string once parsed, but never the marker's bytes.
// The marker can only occur inside JSON strings (no key contains it), where
// the escape is valid.
func defuseFuncMarkers(b []byte) []byte {
	if !bytes.Contains(b, funcMarker) {
		return b
	}
	return bytes.ReplaceAll(b, funcMarker, []byte(`_\u005ff__`))
}

func valueAxis() opts.YAxis {
	return opts.YAxis{Type: "value", SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: "--chart-grid"}}}
}

func lineSeries(name string, data any, color string) charts.SingleSeries {
	return charts.SingleSeries{
		Name: name, Type: "line", Data: data, Color: color,
		ShowSymbol: opts.Bool(true), Symbol: "circle", SymbolSize: 6,
		LineStyle: &opts.LineStyle{Width: 2.5, Color: color},
		ItemStyle: &opts.ItemStyle{Color: color},
	}
}

func barSeries(name string, data any, color string) charts.SingleSeries {
	return charts.SingleSeries{
		Name: name, Type: "bar", Data: data, Color: color, BarMaxWidth: "28",
		ItemStyle: &opts.ItemStyle{Color: color, BorderRadius: "3"},
	}
}

// vline is a dashed vertical line across a chart with a label (a date
// marker: target, as-of, a forecast percentile).
type vline struct {
	name  string
	x     string // an x-axis value (a date)
	color string
}

// markLinesX draws lines at the top end of the y axis, labelled there;
// lines that fall on one x share one label ("Target 8 May · 50%"), which
// would otherwise be drawn over each other. The first line at an x gives
// the colour. position is where labels go on the line ("insideEndTop"; on
// an inverse y axis "start" is the top).
func markLinesX(position string, lines ...vline) *opts.MarkLines {
	var merged []vline
	at := map[string]int{}
	for _, l := range lines {
		if i, ok := at[l.x]; ok {
			merged[i].name += " · " + l.name
			continue
		}
		at[l.x] = len(merged)
		merged = append(merged, l)
	}
	data := make([]any, len(merged))
	for i, l := range merged {
		data[i] = map[string]any{
			"name": l.name, "xAxis": l.x,
			"lineStyle": map[string]any{"color": l.color, "type": "dashed", "width": 1.5},
			// On the page's background, the label stays legible over a
			// bar or a line.
			"label": map[string]any{"formatter": l.name, "color": l.color, "position": position,
				"backgroundColor": "--surface", "padding": []int{1, 3}, "borderRadius": 3},
		}
	}
	return &opts.MarkLines{Data: data, MarkLineStyle: opts.MarkLineStyle{Symbol: []string{"none", "none"}}}
}

// markLine label formatters above are ECharts string templates without
// placeholders: plain text, never code.

// --- sprint charts ----------------------------------------------------------

// sprintDays lists every calendar day of a sprint with whether it is a
// working day and the ideal remaining line for the whole sprint, including
// days after the as-of date (the report's burndown stops at A).
type sprintDay struct {
	Date    model.Date
	Working bool
	Ideal   float64
	Point   *report.BurndownPoint
}

func sprintDays(site *model.Site, sp *model.Sprint, sr *report.SprintReport) []sprintDay {
	if sp == nil || sr == nil || sr.End < sr.Start || sr.Start.DaysUntil(sr.End) > 3660 {
		return nil
	}
	byDate := map[model.Date]*report.BurndownPoint{}
	for i := range sr.Burndown {
		byDate[sr.Burndown[i].Date] = &sr.Burndown[i]
	}
	n := 0
	for d := sr.Start; d <= sr.End; d++ {
		if sp.IsWorkingDay(&site.Config, d) {
			n++
		}
	}
	var days []sprintDay
	w := 0
	for d := sr.Start; d <= sr.End; d++ {
		working := sp.IsWorkingDay(&site.Config, d)
		if working {
			w++
		}
		// The same ideal as the report's, for the days after the as-of date.
		day := sprintDay{Date: d, Working: working, Ideal: report.IdealRemaining(sr.Committed, w, n), Point: byDate[d]}
		if day.Point != nil {
			day.Working, day.Ideal = day.Point.Working, day.Point.Ideal
		}
		days = append(days, day)
	}
	return days
}

// scopeChange explains a change of a sprint's scope on one day, from the log.
type scopeChange struct {
	Date  model.Date
	Delta float64
	Text  string
}

func sprintScopeChanges(sp *model.Sprint, sr *report.SprintReport) []scopeChange {
	if sp == nil || sr == nil {
		return nil
	}
	var out []scopeChange
	prev := sr.Committed
	for i, p := range sr.Burndown {
		if i > 0 {
			prev = sr.Burndown[i-1].Scope
		}
		delta := p.Scope - prev
		if math.Abs(delta) < 1e-9 {
			continue
		}
		var parts []string
		for _, e := range sp.Log {
			if e.Date != p.Date {
				continue
			}
			if len(e.Added) > 0 {
				parts = append(parts, "added "+strings.Join(e.Added, ", "))
			}
			if len(e.Removed) > 0 {
				parts = append(parts, "removed "+strings.Join(e.Removed, ", "))
			}
			if len(e.Estimates) > 0 {
				var re []string
				for _, r := range e.Estimates {
					re = append(re, r.Story+" → "+fmtNum(r.Estimate))
				}
				parts = append(parts, "re-estimated "+strings.Join(re, ", "))
			}
			if e.Note != "" {
				parts = append(parts, "“"+e.Note+"”")
			}
		}
		if len(parts) == 0 {
			parts = append(parts, "scope changed")
		}
		out = append(out, scopeChange{Date: p.Date, Delta: delta, Text: strings.Join(parts, "; ")})
	}
	return out
}

func dayLabel(d model.Date) string { return d.Format("Mon 2 Jan") }

// nonWorkingAreas shades runs of non-working days on a category axis.
func nonWorkingAreas(days []sprintDay) *opts.MarkAreas {
	var data []any
	for i := 0; i < len(days); i++ {
		if days[i].Working {
			continue
		}
		j := i
		for j+1 < len(days) && !days[j+1].Working {
			j++
		}
		data = append(data, []map[string]any{
			{"name": "Non-working", "xAxis": dayLabel(days[i].Date)},
			{"xAxis": dayLabel(days[j].Date)},
		})
		i = j
	}
	if len(data) == 0 {
		return nil
	}
	return &opts.MarkAreas{Data: data, MarkAreaStyle: opts.MarkAreaStyle{
		ItemStyle: &opts.ItemStyle{Color: "--chart-shade"},
		Label:     &opts.Label{Show: opts.Bool(false)},
	}}
}

func sprintBurndownChart(id string, site *model.Site, sp *model.Sprint, sr *report.SprintReport, small bool) (*chartView, error) {
	days := sprintDays(site, sp, sr)
	if len(days) == 0 {
		return nil, nil
	}
	unit := string(site.Config.Unit)
	cats := make([]string, len(days))
	remaining := make([]any, len(days))
	ideal := make([]any, len(days))
	scope := make([]any, len(days))
	tbl := dataTable{Caption: "Burndown of " + sprintName(sp, sr) + " (" + unit + ")", Head: []string{"Day", "Working day", "Scope", "Done", "Remaining", "Ideal"}}
	for i, d := range days {
		cats[i] = dayLabel(d.Date)
		ideal[i] = chartNum(d.Ideal)
		if d.Point != nil {
			remaining[i] = chartNum(d.Point.Remaining)
			scope[i] = chartNum(d.Point.Scope)
			tbl.Rows = append(tbl.Rows, []string{d.Date.String(), yesNo(d.Working), fmtNum(d.Point.Scope), fmtNum(d.Point.Done), fmtNum(d.Point.Remaining), fmtNum(d.Ideal)})
		}
	}
	o := newOption()
	o.XAxis = []opts.XAxis{{Type: "category", Data: cats, AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}}
	o.YAxis = []opts.YAxis{valueAxis()}
	rem := lineSeries("Remaining", remaining, "--c-remaining")
	rem.AreaStyle = &opts.AreaStyle{Color: "--c-remaining-fill"}
	rem.MarkAreas = nonWorkingAreas(days)
	if !small {
		var pts []any
		for _, c := range sprintScopeChanges(sp, sr) {
			var y float64
			for _, d := range days {
				if d.Date == c.Date && d.Point != nil {
					y = chartNum(d.Point.Remaining)
				}
			}
			sign := "+"
			if c.Delta < 0 {
				sign = "−"
			}
			pts = append(pts, map[string]any{
				"name":  dayLabel(c.Date) + ": scope " + sign + fmtNum(math.Abs(c.Delta)) + " — " + c.Text,
				"coord": []any{dayLabel(c.Date), y}, "value": sign + fmtNum(math.Abs(c.Delta)),
				"itemStyle": map[string]any{"color": "--c-warn"},
			})
		}
		if len(pts) > 0 {
			rem.MarkPoints = &opts.MarkPoints{Data: pts, MarkPointStyle: opts.MarkPointStyle{Symbol: []string{"pin"}, SymbolSize: 34}}
		}
	}
	idl := lineSeries("Ideal", ideal, "--c-ideal")
	idl.LineStyle.Type = "dashed"
	idl.LineStyle.Width = 1.5
	idl.ShowSymbol = opts.Bool(false)
	o.Series = []charts.SingleSeries{rem, idl}
	if !small {
		sc := lineSeries("Scope", scope, "--c-scope")
		sc.Step = "end"
		sc.LineStyle.Width = 1.5
		sc.ShowSymbol = opts.Bool(false)
		o.Series = append(o.Series, sc)
	} else {
		o.Legend = nil
		o.Grid.Top = "12"
	}
	c := &chartView{ID: id, Title: "Burndown (" + unit + ")", Small: small, Table: tbl,
		Label: fmt.Sprintf("Burndown of %s: remaining work per day against the ideal line.", sprintName(sp, sr))}
	return o.finish(c)
}

func sprintBurnupChart(id string, site *model.Site, sp *model.Sprint, sr *report.SprintReport) (*chartView, error) {
	days := sprintDays(site, sp, sr)
	if len(days) == 0 || len(sr.Burndown) == 0 {
		// A sprint that has not started has nothing done to draw: an empty
		// frame would look broken (its burndown still shows the plan).
		return nil, nil
	}
	unit := string(site.Config.Unit)
	cats := make([]string, len(days))
	done := make([]any, len(days))
	scope := make([]any, len(days))
	tbl := dataTable{Caption: "Burnup of " + sprintName(sp, sr) + " (" + unit + ")", Head: []string{"Day", "Scope", "Done"}}
	for i, d := range days {
		cats[i] = dayLabel(d.Date)
		if d.Point != nil {
			done[i] = chartNum(d.Point.Done)
			scope[i] = chartNum(d.Point.Scope)
			tbl.Rows = append(tbl.Rows, []string{d.Date.String(), fmtNum(d.Point.Scope), fmtNum(d.Point.Done)})
		}
	}
	o := newOption()
	o.XAxis = []opts.XAxis{{Type: "category", Data: cats, AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}}
	o.YAxis = []opts.YAxis{valueAxis()}
	sc := lineSeries("Scope", scope, "--c-scope")
	sc.Step = "end"
	sc.MarkAreas = nonWorkingAreas(days)
	dn := lineSeries("Done", done, "--c-done")
	dn.AreaStyle = &opts.AreaStyle{Color: "--c-done-fill"}
	o.Series = []charts.SingleSeries{sc, dn}
	c := &chartView{ID: id, Title: "Burnup (" + unit + ")", Table: tbl,
		Label: fmt.Sprintf("Burnup of %s: scope and done work per day.", sprintName(sp, sr))}
	return o.finish(c)
}

// --- release charts ---------------------------------------------------------

func timeAxis() opts.XAxis {
	return opts.XAxis{Type: "time", AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}, SplitLine: &opts.SplitLine{Show: opts.Bool(false)}}
}

func releaseMarkLines(rr *report.ReleaseReport, asOf model.Date) *opts.MarkLines {
	lines := []vline{{"Target " + rr.Date.Format("2 Jan"), rr.Date.String(), "--c-target"}}
	if !asOf.IsZero() {
		lines = append(lines, vline{"As of " + asOf.Format("2 Jan"), asOf.String(), "--c-muted"})
	}
	// Where the projection ends: its last sprint may add only a sliver,
	// and without the line a late forecast can look on time.
	if f := rr.Forecast; f != nil && !f.Date.IsZero() && len(f.Projection) > 0 {
		color := "--c-done"
		if f.Date > rr.Date {
			color = "--c-late"
		}
		lines = append(lines, vline{"Forecast " + f.Date.Format("2 Jan"), f.Date.String(), color})
	}
	return markLinesX("insideEndTop", lines...)
}

func releaseBurnupChart(id string, site *model.Site, rr *report.ReleaseReport, asOf model.Date) (*chartView, error) {
	if len(rr.Burnup) == 0 {
		return nil, nil
	}
	unit := string(site.Config.Unit)
	var scope, done, proj []any
	tbl := dataTable{Caption: "Burnup of release " + rr.Name + " (" + unit + ")", Head: []string{"Sprint", "Date", "Scope", "Done", "Remaining", "Scope added"}}
	for _, p := range rr.Burnup {
		scope = append(scope, []any{p.Date.String(), chartNum(p.Scope)})
		done = append(done, []any{p.Date.String(), chartNum(p.Done)})
		tbl.Rows = append(tbl.Rows, []string{p.Sprint, p.Date.String(), fmtNum(p.Scope), fmtNum(p.Done), fmtNum(p.Remaining), fmtSigned(p.Added)})
	}
	pp := projection(rr)
	last := rr.Burnup[len(rr.Burnup)-1]
	for i, p := range pp {
		proj = append(proj, []any{p.Date.String(), chartNum(p.Done)})
		if i > 0 {
			tbl.Rows = append(tbl.Rows, []string{"forecast", p.Date.String(), fmtNum(last.Scope), fmtNum(p.Done), fmtNum(last.Scope - p.Done), ""})
		}
	}
	o := newOption()
	o.XAxis = []opts.XAxis{timeAxis()}
	o.YAxis = []opts.YAxis{valueAxis()}
	sc := lineSeries("Scope", scope, "--c-scope")
	sc.Step = "end"
	sc.MarkLines = releaseMarkLines(rr, asOf)
	dn := lineSeries("Done", done, "--c-done")
	dn.AreaStyle = &opts.AreaStyle{Color: "--c-done-fill"}
	o.Series = []charts.SingleSeries{sc, dn}
	if len(proj) > 1 {
		ps := lineSeries("Projected done (velocity "+fmtNum(rr.Forecast.Velocity)+")", proj, "--c-done")
		ps.LineStyle.Type = "dashed"
		ps.LineStyle.Width = 2
		ps.Symbol = "emptyCircle"
		sl := lineSeries("Scope today", []any{[]any{last.Date.String(), chartNum(last.Scope)}, []any{pp[len(pp)-1].Date.String(), chartNum(last.Scope)}}, "--c-scope")
		sl.LineStyle.Type = "dotted"
		sl.LineStyle.Width = 1.5
		sl.ShowSymbol = opts.Bool(false)
		o.Series = append(o.Series, ps, sl)
	}
	c := &chartView{ID: id, Title: "Release burnup (" + unit + ")", Table: tbl,
		Label: fmt.Sprintf("Burnup of release %s: scope and done per sprint, with the velocity projection.", rr.Name)}
	return o.finish(c)
}

func releaseBurndownChart(id string, site *model.Site, rr *report.ReleaseReport, asOf model.Date) (*chartView, error) {
	if len(rr.Burnup) == 0 {
		return nil, nil
	}
	unit := string(site.Config.Unit)
	var rem, added, proj []any
	tbl := dataTable{Caption: "Burndown of release " + rr.Name + " (" + unit + ")", Head: []string{"Sprint", "Date", "Remaining", "Scope added"}}
	for _, p := range rr.Burnup {
		rem = append(rem, []any{p.Date.String(), chartNum(p.Remaining)})
		added = append(added, []any{p.Date.String(), chartNum(p.Added)})
		tbl.Rows = append(tbl.Rows, []string{p.Sprint, p.Date.String(), fmtNum(p.Remaining), fmtSigned(p.Added)})
	}
	last := rr.Burnup[len(rr.Burnup)-1]
	for i, p := range projection(rr) {
		proj = append(proj, []any{p.Date.String(), chartNum(last.Scope - p.Done)})
		if i > 0 {
			tbl.Rows = append(tbl.Rows, []string{"forecast", p.Date.String(), fmtNum(last.Scope - p.Done), ""})
		}
	}
	o := newOption()
	o.XAxis = []opts.XAxis{timeAxis()}
	o.YAxis = []opts.YAxis{valueAxis()}
	rs := lineSeries("Remaining", rem, "--c-remaining")
	rs.AreaStyle = &opts.AreaStyle{Color: "--c-remaining-fill"}
	rs.MarkLines = releaseMarkLines(rr, asOf)
	as := barSeries("Scope added", added, "--c-warn")
	as.BarMaxWidth = "18"
	o.Series = []charts.SingleSeries{rs, as}
	if len(proj) > 1 {
		ps := lineSeries("Projected remaining", proj, "--c-remaining")
		ps.LineStyle.Type = "dashed"
		ps.LineStyle.Width = 2
		ps.Symbol = "emptyCircle"
		o.Series = append(o.Series, ps)
	}
	c := &chartView{ID: id, Title: "Release burndown (" + unit + ")", Table: tbl,
		Label: fmt.Sprintf("Burndown of release %s: remaining work per sprint, scope added as bars, and the projection.", rr.Name)}
	return o.finish(c)
}

func monteCarloChart(id string, rr *report.ReleaseReport) (*chartView, error) {
	f := rr.Forecast
	if f == nil || len(f.Histogram) == 0 {
		return nil, nil
	}
	total := 0
	for _, h := range f.Histogram {
		total += h.Trials
	}
	if total == 0 {
		return nil, nil
	}
	var bars []any
	tbl := dataTable{Caption: "Monte Carlo finish dates of release " + rr.Name, Head: []string{"Finish date", "Trials", "Share", "Cumulative"}}
	cum := 0
	for _, h := range f.Histogram {
		cum += h.Trials
		share := float64(h.Trials) / float64(total)
		color := "--c-done"
		if h.Date > rr.Date {
			color = "--c-late"
		}
		bars = append(bars, map[string]any{"value": []any{h.Date.String(), chartNum(share * 100)}, "itemStyle": map[string]any{"color": color}})
		tbl.Rows = append(tbl.Rows, []string{h.Date.String(), fmt.Sprint(h.Trials), fmtPct(share), fmtPct(float64(cum) / float64(total))})
	}
	o := newOption()
	o.Legend = nil
	o.Grid.Top = "40"
	o.Tooltip.Trigger = "item"
	// Frame the histogram one cadence either side of the finishes and the
	// target, so that a single-date forecast is not stretched over hours.
	pad := f.Length
	if pad <= 0 {
		pad = 7
	}
	lo, hi := f.Histogram[0].Date, f.Histogram[len(f.Histogram)-1].Date
	if rr.Date < lo {
		lo = rr.Date
	}
	if rr.Date > hi {
		hi = rr.Date
	}
	x := timeAxis()
	x.Min, x.Max = lo.AddDays(-pad).String(), hi.AddDays(pad).String()
	o.XAxis = []opts.XAxis{x}
	o.YAxis = []opts.YAxis{valueAxis()}
	s := barSeries("Trials finishing", bars, "--c-done")
	s.BarMaxWidth = "36"
	s.MarkLines = markLinesX("insideEndTop",
		vline{"Target " + rr.Date.Format("2 Jan"), rr.Date.String(), "--c-target"},
		vline{"50%", f.P50.String(), "--c-muted"},
		vline{"85%", f.P85.String(), "--c-muted"},
		vline{"95%", f.P95.String(), "--c-muted"})
	o.Series = []charts.SingleSeries{s}
	c := &chartView{ID: id, Title: "When will it be done? (share of simulated finishes)", Format: "percent", Table: tbl,
		Label: fmt.Sprintf("Histogram of simulated finish dates of release %s: 50%% by %s, 85%% by %s, 95%% by %s; target %s.",
			rr.Name, fmtDate(f.P50), fmtDate(f.P85), fmtDate(f.P95), fmtDate(rr.Date))}
	return o.finish(c)
}

// --- velocity ---------------------------------------------------------------

func velocityChart(id string, site *model.Site, rep *report.Report, small bool) (*chartView, error) {
	v := rep.Velocity
	if len(v.Sprints) == 0 {
		return nil, nil
	}
	unit := string(site.Config.Unit)
	window := v.Window
	if window <= 0 {
		window = 1
	}
	names := map[string]string{}
	for _, sp := range site.Sprints {
		names[sp.ID] = sp.Name
	}
	var cats []string
	var committed, completed, avg []any
	tbl := dataTable{Caption: "Velocity per closed sprint (" + unit + ")", Head: []string{"Sprint", "Committed", "Completed", fmt.Sprintf("Average of last %d", window)}}
	for _, s := range v.Sprints {
		label := s.ID
		if n := names[s.ID]; n != "" && n != s.ID && !small {
			label = n
		}
		cats = append(cats, label)
		committed = append(committed, chartNum(s.Committed))
		completed = append(completed, chartNum(s.Completed))
		a := s.RollingAverage
		avg = append(avg, chartNum(a))
		tbl.Rows = append(tbl.Rows, []string{label, fmtNum(s.Committed), fmtNum(s.Completed), fmtNum(a)})
	}
	o := newOption()
	o.XAxis = []opts.XAxis{{Type: "category", Data: cats}}
	o.YAxis = []opts.YAxis{valueAxis()}
	cs := barSeries("Committed", committed, "--c-committed")
	ds := barSeries("Completed", completed, "--c-done")
	as := lineSeries(fmt.Sprintf("Average of last %d", window), avg, "--c-scope")
	as.Smooth = opts.Bool(false)
	o.Series = []charts.SingleSeries{cs, ds, as}
	if small {
		o.Grid.Top = "30"
	}
	c := &chartView{ID: id, Title: "Velocity (" + unit + " per sprint)", Small: small, Table: tbl,
		Label: "Committed and completed work per closed sprint, with the rolling average velocity."}
	return o.finish(c)
}

// --- roadmap ----------------------------------------------------------------

func roadmapChart(id string, site *model.Site, rep *report.Report) (*chartView, error) {
	if len(rep.Releases) == 0 && len(rep.Sprints) == 0 {
		return nil, nil
	}
	lanes := []string{}
	var items []any
	tbl := dataTable{Caption: "Roadmap", Head: []string{"Item", "Kind", "Start", "End", "State"}}
	for _, rr := range rep.Releases {
		lane := len(lanes)
		lanes = append(lanes, rr.Name)
		state := "release"
		if rr.Remaining == 0 && rr.Scope > 0 {
			state = "done"
		}
		items = append(items, map[string]any{"name": rr.Name, "value": []any{lane, rr.Start.String(), rr.Date.AddDays(1).String(), rr.Name, state}})
		end := rr.Date
		if fd := headlineForecast(rr); fd > rr.Date {
			items = append(items, map[string]any{"name": rr.Name + " forecast", "value": []any{lane, rr.Date.AddDays(1).String(), fd.AddDays(1).String(), "late: " + fd.Format("2 Jan"), "late"}})
			end = fd
		}
		tbl.Rows = append(tbl.Rows, []string{rr.Name, "release", rr.Start.String(), end.String(), stateText(state, rr)})
	}
	if len(rep.Sprints) > 0 {
		lane := len(lanes)
		lanes = append(lanes, "Sprints")
		names := map[string]string{}
		for _, sp := range site.Sprints {
			names[sp.ID] = sp.Name
		}
		for _, sr := range rep.Sprints {
			name := names[sr.ID]
			if name == "" {
				name = sr.ID
			}
			items = append(items, map[string]any{"name": name, "value": []any{lane, sr.Start.String(), sr.End.AddDays(1).String(), name, sr.State}})
			tbl.Rows = append(tbl.Rows, []string{name, "sprint", sr.Start.String(), sr.End.String(), string(sr.State)})
		}
	}
	o := newOption()
	o.Legend = nil
	o.Grid.Top = "28"
	o.Tooltip.Trigger = "item"
	x := timeAxis()
	x.SplitLine = &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: "--chart-grid"}}
	o.XAxis = []opts.XAxis{x}
	o.YAxis = []opts.YAxis{{Type: "category", Data: lanes, Inverse: opts.Bool(true), SplitLine: &opts.SplitLine{Show: opts.Bool(false)}}}
	o.DataZoom = []opts.DataZoom{{Type: "inside", FilterMode: "weakFilter"}}
	s := charts.SingleSeries{Name: "Roadmap", Type: "custom", Id: "bs-timeline", Data: items,
		Encode: &opts.Encode{X: []int{1, 2}, Y: 0, Tooltip: []int{1, 2}}}
	if !rep.AsOf.IsZero() {
		// Above the lanes: inside them the label would cover a bar.
		s.MarkLines = markLinesX("start", vline{"As of " + rep.AsOf.Format("2 Jan"), rep.AsOf.String(), "--c-target"})
	}
	o.Series = []charts.SingleSeries{s}
	c := &chartView{ID: id, Title: "Timeline", Tall: len(lanes) > 4, Table: tbl,
		Label: "Releases and sprints on a timeline, with the as-of date marked."}
	return o.finish(c)
}

func stateText(state string, rr *report.ReleaseReport) string {
	if state == "done" {
		return "done"
	}
	if f := rr.Forecast; f != nil {
		if f.Queue != nil {
			return "forecast " + dateOrNone(f.Queue.Date) + " in the queue, " + f.Date.String() + " alone"
		}
		return "forecast " + f.Date.String()
	}
	return "planned"
}

// headlineForecast is the forecast date the pages lead with: in the queue
// when releases are ahead, else the release's own; zero when there is none.
func headlineForecast(rr *report.ReleaseReport) model.Date {
	switch f := rr.Forecast; {
	case f == nil:
		return 0
	case f.Queue != nil && !f.Queue.Date.IsZero():
		return f.Queue.Date
	}
	// A queue beyond the sprint bound has no date; the release's own is
	// then the latest known, and still shows a slip.
	return rr.Forecast.Date
}

func dateOrNone(d model.Date) string {
	if d.IsZero() {
		return "none"
	}
	return d.String()
}

// --- categories and themes --------------------------------------------------

// groupView is a category's or theme's totals as the themes page shows
// them; the method names are the ones templates (and sites' layouts) use.
type groupView struct {
	*report.GroupTotals
	Name      string                  // "(none)" for features without a category
	LowScores []*report.FeatureReport // the first few, for the table
}

func (g *groupView) Count() int         { return g.Features }
func (g *groupView) LowCount() int      { return g.LowScore }
func (g *groupView) Progress() float64  { return g.GroupTotals.Progress }
func (g *groupView) AvgScore() *float64 { return g.AverageScore }

func groupChart(id, title, what string, groups []*groupView, unit string) (*chartView, error) {
	if len(groups) == 0 {
		return nil, nil
	}
	// Horizontal bars read best with the largest group first at the top.
	sorted := append([]*groupView(nil), groups...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Size > sorted[j].Size })
	if len(sorted) > 40 {
		sorted = sorted[:40]
	}
	var cats []string
	var done, rem []any
	tbl := dataTable{Caption: title + " (" + unit + ")", Head: []string{what, "Features", "Size", "Done", "Remaining"}}
	for _, g := range sorted {
		cats = append(cats, g.Name)
		done = append(done, chartNum(g.Done))
		rem = append(rem, chartNum(g.Size-g.Done))
		tbl.Rows = append(tbl.Rows, []string{g.Name, fmt.Sprint(g.Features), fmtNum(g.Size), fmtNum(g.Done), fmtNum(g.Size - g.Done)})
	}
	o := newOption()
	o.Tooltip.AxisPointer = &opts.AxisPointer{Type: "shadow"}
	o.YAxis = []opts.YAxis{{Type: "category", Data: cats, Inverse: opts.Bool(true)}}
	o.XAxis = []opts.XAxis{{Type: "value", SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: "--chart-grid"}}}}
	d := barSeries("Done", done, "--c-done")
	d.Stack = "size"
	r := barSeries("Remaining", rem, "--c-remaining")
	r.Stack = "size"
	o.Series = []charts.SingleSeries{d, r}
	c := &chartView{ID: id, Title: title, Tall: len(sorted) > 8, Table: tbl,
		Label: title + ": done and remaining size per " + strings.ToLower(what) + "."}
	return o.finish(c)
}

// --- backlog scatter --------------------------------------------------------

// scatterAxes picks which score metrics the value/effort scatter plots: the
// first metric as value (y) and the last as effort (x), which is what every
// preset means (value/effort, business value/job size, reach/effort).
func scatterAxes(sc *model.Scorecard) (y, x *model.Metric) {
	if len(sc.Metrics) < 2 {
		return nil, nil
	}
	return &sc.Metrics[0], &sc.Metrics[len(sc.Metrics)-1]
}

func backlogScatterChart(id string, site *model.Site, rep *report.Report, feats map[string]*model.Feature) (*chartView, error) {
	ym, xm := scatterAxes(&site.Config.Scorecard)
	if ym == nil {
		return nil, nil
	}
	type key struct{ x, y float64 }
	type cell struct {
		ids   []string
		title string
		low   bool
	}
	cells := map[key]*cell{}
	var order []key
	for _, fr := range rep.Features {
		f := feats[fr.ID]
		if f == nil || fr.Status == model.StatusDone || fr.Status == model.StatusDropped {
			continue
		}
		xv, okx := f.Scores[xm.Key]
		yv, oky := f.Scores[ym.Key]
		if !okx || !oky {
			continue
		}
		k := key{chartNum(xv), chartNum(yv)}
		c := cells[k]
		if c == nil {
			c = &cell{title: fr.Title}
			cells[k] = c
			order = append(order, k)
		}
		c.ids = append(c.ids, fr.ID)
		c.low = c.low || fr.LowScore
	}
	if len(order) == 0 {
		return nil, nil
	}
	tbl := dataTable{Caption: ym.DisplayLabel() + " against " + xm.DisplayLabel() + " of open features", Head: []string{xm.DisplayLabel(), ym.DisplayLabel(), "Features"}}
	var normal, low []any
	for _, k := range order {
		c := cells[k]
		name := c.ids[0] + " " + c.title
		if len(c.ids) > 1 {
			shown := c.ids
			if len(shown) > 4 {
				shown = shown[:4]
			}
			name = fmt.Sprintf("%d features: %s", len(c.ids), strings.Join(shown, ", "))
			if len(c.ids) > 4 {
				name += ", …"
			}
		}
		size := 12 + 5*math.Sqrt(float64(len(c.ids)-1))
		pt := map[string]any{"name": name, "value": []any{k.x, k.y}, "symbolSize": chartNum(math.Min(size, 40))}
		if c.low {
			low = append(low, pt)
		} else {
			normal = append(normal, pt)
		}
		tbl.Rows = append(tbl.Rows, []string{fmtNum(k.x), fmtNum(k.y), strings.Join(c.ids, ", ")})
	}
	o := newOption()
	o.Tooltip.Trigger = "item"
	x := opts.XAxis{Type: "value", Name: xm.DisplayLabel(), NameLocation: "middle", NameGap: 28,
		SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: "--chart-grid"}}}
	y := valueAxis()
	// A metric's own range frames the plot when it is a rating scale; wide
	// ranges (RICE reach up to 1e9) are left to ECharts to fit the data.
	if xm.Max-xm.Min <= 100 {
		x.Max = xm.Max
	}
	if ym.Max-ym.Min <= 100 {
		y.Max = ym.Max
	}
	y.Name, y.NameLocation, y.NameGap = ym.DisplayLabel(), "middle", 30
	o.XAxis = []opts.XAxis{x}
	o.YAxis = []opts.YAxis{y}
	o.Grid.Bottom = "28"
	o.Grid.Left = "28"
	s1 := charts.SingleSeries{Name: "Open features", Type: "scatter", Data: normal, ItemStyle: &opts.ItemStyle{Color: "--c-done", Opacity: opts.Float(0.75)}}
	s2 := charts.SingleSeries{Name: "Low score", Type: "scatter", Data: low, ItemStyle: &opts.ItemStyle{Color: "--c-late", Opacity: opts.Float(0.8)}}
	o.Series = []charts.SingleSeries{s1, s2}
	c := &chartView{ID: id, Title: ym.DisplayLabel() + " vs " + xm.DisplayLabel(), Table: tbl,
		Label: "Scatter of open features by " + ym.DisplayLabel() + " and " + xm.DisplayLabel() + "; low-score features highlighted."}
	return o.finish(c)
}

// projection is the release's velocity projection, nil when there is none.
func projection(rr *report.ReleaseReport) []report.ProjectionPoint {
	if rr.Forecast == nil {
		return nil
	}
	return rr.Forecast.Projection
}
