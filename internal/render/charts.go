package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

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
//   - data-format on the container selects value formatting ("percent";
//     "date": y values are milliseconds since 1970, labelled as dates).
type chartView struct {
	ID     string // container id; the option is in the element ID+"-data"
	Title  string
	Label  string // one-sentence summary for screen readers
	Small  bool   // thumbnail size (dashboard)
	Tall   bool
	Format string
	Option json.RawMessage
	Table  dataTable
	// Why defines what the chart shows; How links to its section of the
	// "How these figures are computed" page (set by explain).
	Why, How string
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
	return markLinesOn("xAxis", position, lines...)
}

// mergeByX joins the names of lines at one x ("Target 8 May · 50%"), in
// order, the first line giving the colour.
func mergeByX(lines []vline) []vline {
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
	return merged
}

// markLinesOn is markLinesX on either axis: "xAxis" draws vertical lines,
// "yAxis" horizontal ones (vline.x is then a y value).
func markLinesOn(axis, position string, lines ...vline) *opts.MarkLines {
	merged := mergeByX(lines)
	data := make([]any, len(merged))
	for i, l := range merged {
		data[i] = map[string]any{
			"name": l.name, axis: l.x,
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

// startLabel is the sprint charts' first category: the sprint's start,
// before the first day's events.
const startLabel = "Start"

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
	// The lines start before the first day's events, where the team
	// stands at the committed work (events apply at the end of a day): the
	// ideal runs from there to 0 and no sprint looks behind on its first
	// morning.
	c0 := chartNum(sr.Committed)
	cats := []string{startLabel}
	ideal := []any{c0}
	remaining, scope := []any{nil}, []any{nil}
	tbl := dataTable{Caption: "Burndown of " + sprintName(sp, sr) + " (" + unit + ")", Head: []string{"Day", "Working day", "Scope", "Done", "Remaining", "Ideal"}}
	if len(sr.Burndown) > 0 {
		remaining[0], scope[0] = c0, c0
		tbl.Rows = append(tbl.Rows, []string{"start", "", fmtNum(sr.Committed), "0", fmtNum(sr.Committed), fmtNum(sr.Committed)})
	}
	for _, d := range days {
		cats = append(cats, dayLabel(d.Date))
		ideal = append(ideal, chartNum(d.Ideal))
		if d.Point != nil {
			remaining = append(remaining, chartNum(d.Point.Remaining))
			scope = append(scope, chartNum(d.Point.Scope))
			tbl.Rows = append(tbl.Rows, []string{d.Date.String(), yesNo(d.Working), fmtNum(d.Point.Scope), fmtNum(d.Point.Done), fmtNum(d.Point.Remaining), fmtNum(d.Ideal)})
		} else {
			remaining, scope = append(remaining, nil), append(scope, nil)
		}
	}
	o := newOption()
	o.XAxis = []opts.XAxis{{Type: "category", Data: cats, AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}}
	o.YAxis = []opts.YAxis{valueAxis()}
	rem := lineSeries("Remaining", remaining, "--c-remaining")
	rem.AreaStyle = &opts.AreaStyle{Color: "--c-remaining-fill"}
	rem.MarkAreas = nonWorkingAreas(days)
	if !small {
		rem.MarkPoints = scopeChangePins(sp, sr, days)
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

// scopeChangePins marks each change of a sprint's scope on its remaining
// line, with the change and the log's words for it.
func scopeChangePins(sp *model.Sprint, sr *report.SprintReport, days []sprintDay) *opts.MarkPoints {
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
	if len(pts) == 0 {
		return nil
	}
	return &opts.MarkPoints{Data: pts, MarkPointStyle: opts.MarkPointStyle{Symbol: []string{"pin"}, SymbolSize: 34}}
}

func sprintBurnupChart(id string, site *model.Site, sp *model.Sprint, sr *report.SprintReport) (*chartView, error) {
	days := sprintDays(site, sp, sr)
	if len(days) == 0 || len(sr.Burndown) == 0 {
		// A sprint that has not started has nothing done to draw: an empty
		// frame would look broken (its burndown still shows the plan).
		return nil, nil
	}
	unit := string(site.Config.Unit)
	cats := []string{startLabel}
	done := []any{0}
	scope := []any{chartNum(sr.Committed)}
	tbl := dataTable{Caption: "Burnup of " + sprintName(sp, sr) + " (" + unit + ")", Head: []string{"Day", "Scope", "Done"}}
	tbl.Rows = append(tbl.Rows, []string{"start", fmtNum(sr.Committed), "0"})
	for _, d := range days {
		cats = append(cats, dayLabel(d.Date))
		if d.Point != nil {
			done = append(done, chartNum(d.Point.Done))
			scope = append(scope, chartNum(d.Point.Scope))
			tbl.Rows = append(tbl.Rows, []string{d.Date.String(), fmtNum(d.Point.Scope), fmtNum(d.Point.Done)})
		} else {
			done, scope = append(done, nil), append(scope, nil)
		}
	}
	o := newOption()
	o.XAxis = []opts.XAxis{{Type: "category", Data: cats, AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true)}}}
	o.YAxis = []opts.YAxis{valueAxis()}
	// Scope and done are drawn alike, point to point: done is at most
	// scope at every point, so it can never cross above it in between.
	sc := lineSeries("Scope", scope, "--c-scope")
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

// releaseMarkers are a release chart's date markers: its target, the as-of
// date and where the velocity projection ends. Their names leave the date
// to markLinesInRows, which names it once for markers on one day
// ("Target · Forecast 8 May").
func releaseMarkers(rr *report.ReleaseReport, asOf model.Date) []vline {
	lines := []vline{{"Target", rr.Date.String(), "--c-target"}}
	if !asOf.IsZero() {
		lines = append(lines, vline{"As of", asOf.String(), "--c-muted"})
	}
	// Where the projection ends: its last sprint may add only a sliver,
	// and without the line a late forecast can look on time.
	if f := rr.Forecast; f != nil && !f.Date.IsZero() && len(f.Projection) > 0 {
		color := "--c-done"
		if f.Date > rr.Date {
			color = "--c-late"
		}
		lines = append(lines, vline{"Forecast", f.Date.String(), color})
	}
	return lines
}

// releaseDataSpan is the first and last date a release chart plots: its
// burnup and its projection.
func releaseDataSpan(rr *report.ReleaseReport) (first, last model.Date) {
	first, last = rr.Burnup[0].Date, rr.Burnup[0].Date
	for _, p := range rr.Burnup {
		first, last = min(first, p.Date), max(last, p.Date)
	}
	for _, p := range projection(rr) {
		first, last = min(first, p.Date), max(last, p.Date)
	}
	return first, last
}

// releaseTimeAxis is the release charts' x axis and its span: the data's,
// stretched to the target when the data stop before it, as for a release
// forecast early (the target's line would fall off the axis). The as-of
// date is not stretched to: on a finished release's chart it would leave
// weeks of empty plot. The start is ECharts' own (a bar series pads it).
func releaseTimeAxis(rr *report.ReleaseReport) (x opts.XAxis, lo, hi model.Date) {
	x = timeAxis()
	lo, hi = releaseDataSpan(rr)
	if rr.Date > hi {
		hi = rr.Date
		x.Max = hi.String()
	}
	return x, lo, hi
}

// withMarkers draws a release chart's markers on s, their labels in rows
// above the plot (see markLinesInRows), and moves the plot down to make
// room for the rows.
func withMarkers(o *echartsOption, s *charts.SingleSeries, rr *report.ReleaseReport, asOf, lo, hi model.Date) {
	var rows int
	s.MarkLines, rows = markLinesInRows(lo, hi, releaseMarkers(rr, asOf)...)
	o.Grid.Top = fmt.Sprint(36 + markerRowHeight*rows)
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
			end := pp[len(pp)-1].Done
			tbl.Rows = append(tbl.Rows, []string{"forecast", p.Date.String(), fmtNum(end), fmtNum(p.Done), fmtNum(end - p.Done), ""})
		}
	}
	o := newOption()
	x, lo, hi := releaseTimeAxis(rr)
	o.XAxis = []opts.XAxis{x}
	o.YAxis = []opts.YAxis{valueAxis()}
	// Drawn alike, point to point, so that done never crosses above scope.
	sc := lineSeries("Scope", scope, "--c-scope")
	withMarkers(o, &sc, rr, asOf, lo, hi)
	dn := lineSeries("Done", done, "--c-done")
	dn.AreaStyle = &opts.AreaStyle{Color: "--c-done-fill"}
	o.Series = []charts.SingleSeries{sc, dn}
	if len(proj) > 1 {
		ps := lineSeries("Projected done (velocity "+fmtNum(rr.Forecast.Velocity)+")", proj, "--c-done")
		ps.LineStyle.Type = "dashed"
		ps.LineStyle.Width = 2
		ps.Symbol = "emptyCircle"
		end := pp[len(pp)-1]
		sl := lineSeries("Scope to finish", []any{[]any{last.Date.String(), chartNum(end.Done)}, []any{end.Date.String(), chartNum(end.Done)}}, "--c-scope")
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
	pp := projection(rr)
	for i, p := range pp {
		// What is left of the work the projection aims at.
		left := pp[len(pp)-1].Done - p.Done
		proj = append(proj, []any{p.Date.String(), chartNum(left)})
		if i > 0 {
			tbl.Rows = append(tbl.Rows, []string{"forecast", p.Date.String(), fmtNum(left), ""})
		}
	}
	o := newOption()
	x, lo, hi := releaseTimeAxis(rr)
	o.XAxis = []opts.XAxis{x}
	o.YAxis = []opts.YAxis{valueAxis()}
	rs := lineSeries("Remaining", rem, "--c-remaining")
	rs.AreaStyle = &opts.AreaStyle{Color: "--c-remaining-fill"}
	withMarkers(o, &rs, rr, asOf, lo, hi)
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

// finishChart is a Monte Carlo forecast's finish dates: the share of
// trials finishing on each date as bars, on a % axis, and the cumulative
// share as a "likely by" line that crosses 50%, 85% and 95% at the dates
// marked. The markers' labels sit in rows of their own above the plot, so
// they never cover each other or a bar, however close the dates.
func finishChart(id, title, name string, hist []report.FinishCount, target model.Date, pcts [3]model.Date, length int) (*chartView, error) {
	total := 0
	for _, h := range hist {
		total += h.Trials
	}
	if total == 0 {
		return nil, nil
	}
	var bars, line []any
	tbl := dataTable{Caption: "Simulated finish dates of release " + name, Head: []string{"Finish date", "Trials", "Share", "Likely by (cumulative)"}}
	cum := 0
	for _, h := range hist {
		cum += h.Trials
		share, upTo := float64(h.Trials)/float64(total), float64(cum)/float64(total)
		color := "--c-done"
		if h.Date > target {
			color = "--c-late"
		}
		bars = append(bars, map[string]any{"value": []any{h.Date.String(), chartNum(share * 100)}, "itemStyle": map[string]any{"color": color}})
		line = append(line, []any{h.Date.String(), chartNum(upTo * 100)})
		tbl.Rows = append(tbl.Rows, []string{h.Date.String(), fmt.Sprint(h.Trials), fmtPct(share), fmtPct(upTo)})
	}
	o := newOption()
	o.Tooltip.Trigger = "axis"
	// Frame the finishes and the target one cadence either side, so that
	// a single-date forecast is not stretched over hours.
	pad := length
	if pad <= 0 {
		pad = 7
	}
	lo, hi := min(hist[0].Date, target), max(hist[len(hist)-1].Date, target)
	x := timeAxis()
	x.Min, x.Max = lo.AddDays(-pad).String(), hi.AddDays(pad).String()
	o.XAxis = []opts.XAxis{x}
	y := valueAxis()
	y.Min, y.Max = 0, 100
	y.AxisLabel = &opts.AxisLabel{Formatter: "{value}%"}
	o.YAxis = []opts.YAxis{y}
	s := barSeries("Finish on the date", bars, "--c-done")
	s.BarMaxWidth = "36"
	marks := []vline{{"Target", target.String(), "--c-target"},
		{"50%", pcts[0].String(), "--c-muted"}, {"85%", pcts[1].String(), "--c-muted"}, {"95%", pcts[2].String(), "--c-muted"}}
	var rows int
	s.MarkLines, rows = markLinesInRows(lo.AddDays(-pad), hi.AddDays(pad), marks...)
	o.Grid.Top = fmt.Sprint(36 + markerRowHeight*rows)
	ls := lineSeries("Likely by (cumulative)", line, "--c-remaining")
	ls.Step = "end"
	ls.LineStyle.Width = 2
	ls.SymbolSize = 4
	o.Series = []charts.SingleSeries{s, ls}
	c := &chartView{ID: id, Title: title, Format: "percent", Table: tbl,
		Label: fmt.Sprintf("Simulated finish dates of release %s: 50%% by %s, 85%% by %s, 95%% by %s; target %s.",
			name, fmtDate(pcts[0]), fmtDate(pcts[1]), fmtDate(pcts[2]), fmtDate(target))}
	return o.finish(c)
}

// markerRowHeight is the height in pixels of a row of marker labels above
// a plot: a 12 px label with its padding, and a little air.
const markerRowHeight = 18

// The labels' rows are planned for the narrowest plot a chart gets, a
// 320 px phone's (narrowPlot pixels): labels apart there stay apart on a
// wider plot, where their lines only move further apart. A label's width
// is guessed generously from its length (labelCharWidth a character, and
// labelPad for its padding and the gap to the next label).
const (
	narrowPlot     = 200
	labelCharWidth = 7
	labelPad       = 14
)

// markerLabel is a date marker as markLinesInRows draws it: its line, its
// label (the names of the markers on its date, and the date), the row
// above the plot the label stands in (0 is nearest the plot) and how the
// label aligns on its line.
type markerLabel struct {
	vline
	row   int
	align string // "left", "center" or "right"
}

// placeMarkerLabels merges the markers on one date into one label, leaves
// out those outside [lo, hi] (the axis cannot draw them) and gives each
// label a row and an alignment, in date order. A label is centred on its
// line where it fits the plot so, and otherwise runs from its line
// inwards, so that the chart's edge does not cut it (one too long for
// either side is placed the way it runs least beyond the plot). Labels
// share a row when they cannot overlap, even on the narrowest plot.
func placeMarkerLabels(lo, hi model.Date, lines []vline) []markerLabel {
	type dated struct {
		vline
		d model.Date
	}
	var marks []dated
	for _, l := range mergeByX(lines) {
		d, err := model.ParseDate(l.x)
		if err != nil || d < lo || d > hi {
			continue
		}
		l.name += " " + d.Format("2 Jan")
		marks = append(marks, dated{l, d})
	}
	sort.SliceStable(marks, func(i, j int) bool { return marks[i].d < marks[j].d })
	labels := make([]markerLabel, len(marks))
	var rowEnds []float64 // the right end of the last label in each row
	for i, m := range marks {
		frac := 0.5
		if hi > lo {
			frac = float64(lo.DaysUntil(m.d)) / float64(lo.DaysUntil(hi))
		}
		at := frac * narrowPlot
		width := float64(utf8.RuneCountInString(m.name)*labelCharWidth + labelPad)
		// Centred if it fits, else the way it runs least beyond the plot.
		align, from := "", 0.0
		least := math.Inf(1)
		for _, a := range []struct {
			align string
			from  float64
		}{{"center", at - width/2}, {"left", at}, {"right", at - width}} {
			if over := math.Max(0, -a.from) + math.Max(0, a.from+width-narrowPlot); over < least {
				align, from, least = a.align, a.from, over
			}
		}
		row := 0
		for row < len(rowEnds) && rowEnds[row] > from {
			row++
		}
		if row == len(rowEnds) {
			rowEnds = append(rowEnds, 0)
		}
		rowEnds[row] = from + width
		labels[i] = markerLabel{vline: m.vline, row: row, align: align}
	}
	return labels
}

// markLinesInRows draws vertical date markers on a time axis spanning
// [lo, hi] with their labels above the plot, placed by placeMarkerLabels
// so that they never cover each other, a series or an axis label, and
// returns how many rows of labels there are.
func markLinesInRows(lo, hi model.Date, lines ...vline) (*opts.MarkLines, int) {
	labels := placeMarkerLabels(lo, hi, lines)
	placed := make([]vline, len(labels))
	rows := 0
	for i, l := range labels {
		placed[i] = l.vline
		rows = max(rows, l.row+1)
	}
	ml := markLinesX("end", placed...)
	for i, d := range ml.Data {
		label := d.(map[string]any)["label"].(map[string]any)
		label["distance"] = 4 + markerRowHeight*labels[i].row
		label["align"] = labels[i].align
	}
	return ml, rows
}

// forecastHistoryChart is how a release's forecast moved (§3.8
// forecast_history): at each sprint's close, the velocity date as a line
// and the band from the 50% to the 85% date, against the target.
func forecastHistoryChart(id string, rr *report.ReleaseReport) (*chartView, error) {
	var velocity, p50, p85, base, band, target []any
	lo, hi := rr.Date, rr.Date
	tbl := dataTable{Caption: "How the forecast of " + rr.Name + " moved", Head: []string{"Sprint closed", "Date", "Remaining", "Velocity date", "50%", "85%", "95%", "On time"}}
	for _, fp := range rr.ForecastHistory {
		d := fp.AsOf.String()
		onTime := "–"
		if fp.OnTime != nil {
			onTime = fmtPct(*fp.OnTime)
		}
		tbl.Rows = append(tbl.Rows, []string{fp.Sprint, d, fmtNum(fp.Remaining), dateOrNone(fp.Date), dateOrNone(fp.P50), dateOrNone(fp.P85), dateOrNone(fp.P95), onTime})
		target = append(target, []any{d, dayMillis(rr.Date)})
		if fp.P50.IsZero() {
			continue
		}
		lo, hi = min(lo, fp.P50, fp.Date), max(hi, fp.P85, fp.Date)
		// Every y is a number of milliseconds: the band is p50 plus
		// (p85 − p50) stacked, and a stack adds numbers, not date strings.
		velocity = append(velocity, []any{d, dayMillis(fp.Date)})
		p50 = append(p50, []any{d, dayMillis(fp.P50)})
		p85 = append(p85, []any{d, dayMillis(fp.P85)})
		base = append(base, []any{d, dayMillis(fp.P50)})
		band = append(band, []any{d, dayMillis(fp.P85) - dayMillis(fp.P50)})
	}
	if len(velocity) == 0 {
		return nil, nil
	}
	o := newOption()
	o.XAxis = []opts.XAxis{timeAxis()}
	// An explicit range: the stack's first series starts from 0 (1970).
	// A value axis of milliseconds that site.js labels as dates
	// (data-format "date"): ECharts stacks only on value axes.
	o.YAxis = []opts.YAxis{{Type: "value", Min: dayMillis(lo.AddDays(-7)), Max: dayMillis(hi.AddDays(7)), MinInterval: 7 * 86400000,
		AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true), ShowMinLabel: opts.Bool(false), ShowMaxLabel: opts.Bool(false)}, SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: "--chart-grid"}}}}
	// The band's series have no symbols, so the item tooltips of the
	// lines never show their milliseconds.
	o.Tooltip.Trigger = "item"
	hidden := func(s charts.SingleSeries) charts.SingleSeries {
		s.ShowSymbol = opts.Bool(false)
		s.LineStyle.Opacity = opts.Float(0)
		s.Stack = "band"
		return s
	}
	bs := hidden(lineSeries("", base, "--c-remaining"))
	bb := hidden(lineSeries("", band, "--c-remaining"))
	bb.AreaStyle = &opts.AreaStyle{Color: "--c-remaining-fill", Opacity: opts.Float(1)}
	ts := lineSeries("Target", target, "--c-target")
	ts.LineStyle.Type = "dashed"
	ts.ShowSymbol = opts.Bool(false)
	// The band's two edges share its colour: the 50% line is thin and
	// dashed with hollow dots, the 85% line solid, so they are told apart
	// without colour (in the legend too).
	l50 := lineSeries("50% date", p50, "--c-remaining")
	l50.LineStyle.Width = 1.5
	l50.LineStyle.Type = "dashed"
	l50.Symbol = "emptyCircle"
	l85 := lineSeries("85% date", p85, "--c-remaining")
	vs := lineSeries("Velocity date", velocity, "--c-scope")
	vs.LineStyle.Type = "dotted"
	o.Series = []charts.SingleSeries{bs, bb, ts, l50, l85, vs}
	o.Legend.Data = []string{"Target", "50% date", "85% date", "Velocity date"}
	c := &chartView{ID: id, Title: "Forecast dates after each sprint", Table: tbl, Format: "date",
		Label: fmt.Sprintf("Forecast dates of release %s after each of its sprints closed, against its target %s.", rr.Name, fmtDate(rr.Date))}
	return o.finish(c)
}

// dayMillis is a date as a chart's time axis reads numbers: milliseconds
// since 1970, at noon UTC, which is the same calendar day in every time
// zone a reader may be in.
func dayMillis(d model.Date) int64 {
	return (int64(d-model.MakeDate(1970, 1, 1))*24 + 12) * 3600000
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
		items = append(items, map[string]any{"name": rr.Name, "value": []any{lane, rr.Start.String(), rr.Date.AddDays(1).String(), releaseBarLabel(state), state}})
		end := rr.Date
		if fd := headlineForecast(rr); fd > rr.Date {
			label := barLate
			if rr.Overdue {
				label = barOverdue
			}
			items = append(items, map[string]any{"name": rr.Name + " forecast", "value": []any{lane, rr.Date.AddDays(1).String(), fd.AddDays(1).String(), label, "late"}})
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
		sprintNames := make([]string, len(rep.Sprints))
		for i, sr := range rep.Sprints {
			sprintNames[i] = names[sr.ID]
			if sprintNames[i] == "" {
				sprintNames[i] = sr.ID
			}
		}
		// The lane is "Sprints": a bar says which one ("4" of "Sprint 4"),
		// which a short sprint's bar has room for.
		labels := distinctTails(sprintNames)
		for i, sr := range rep.Sprints {
			name := sprintNames[i]
			items = append(items, map[string]any{"name": name, "value": []any{lane, sr.Start.String(), sr.End.AddDays(1).String(), labels[i], sr.State}})
			tbl.Rows = append(tbl.Rows, []string{name, "sprint", sr.Start.String(), sr.End.String(), string(sr.State)})
		}
	}
	o := timelineOption(lanes, items, rep.AsOf)
	c := &chartView{ID: id, Title: "Timeline", Tall: len(lanes) > 4, Table: tbl,
		Label: "Releases and sprints on a timeline, with the as-of date marked."}
	return o.finish(c)
}

// A release's bars on a timeline say what they are in one short word: the
// lane beside them names the release (an axis label, never cut), and a
// name would not fit inside a bar on a phone, where a six-week release on
// a half-year roadmap is some 40 px wide. The tooltip (site.js) names the
// release in full: "Spring release · plan: 16 Feb → 8 May".
const (
	barPlan    = "plan"    // start to target
	barDone    = "done"    // start to target, finished
	barLate    = "late"    // target to a later forecast
	barOverdue = "overdue" // target, passed, to the forecast
)

// releaseBarLabel is the label of a release's bar from start to target,
// by the timeline's state of it ("release" or "done").
func releaseBarLabel(state string) string {
	if state == "done" {
		return barDone
	}
	return barPlan
}

// distinctTails drops the words that all names start with ("Sprint" of
// "Sprint 1", "Sprint 2"), leaving what tells them apart. Names are
// left whole when there are fewer than two or one of them would be left
// empty.
func distinctTails(names []string) []string {
	if len(names) < 2 {
		return names
	}
	words := make([][]string, len(names))
	for i, n := range names {
		words[i] = strings.Fields(n)
	}
	common := len(words[0])
	for _, w := range words[1:] {
		k := 0
		for k < common && k < len(w) && w[k] == words[0][k] {
			k++
		}
		common = k
	}
	out := make([]string, len(names))
	for i, w := range words {
		if common == 0 || common >= len(w) {
			return names
		}
		out[i] = strings.Join(w[common:], " ")
	}
	return out
}

// timelineOption is the option of a roadmap timeline: one lane a name,
// items drawn by the theme's custom "bs-timeline" series from their
// [lane, start, end, label, state] values, and the as-of date marked.
func timelineOption(lanes []string, items []any, asOf model.Date) *echartsOption {
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
	if !asOf.IsZero() {
		// Above the lanes: inside them the label would cover a bar.
		s.MarkLines = markLinesX("start", vline{"As of " + asOf.Format("2 Jan"), asOf.String(), "--c-target"})
	}
	o.Series = []charts.SingleSeries{s}
	return o
}

func stateText(state string, rr *report.ReleaseReport) string {
	if state == "done" {
		return "done"
	}
	if rr.Overdue {
		return fmt.Sprintf("overdue by %s; forecast %s", daysWord(rr.OverdueDays), dateOrNone(headlineForecast(rr)))
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

// axisName is a metric's label short enough to sit along a phone-sized
// axis: a label often spells out its scale in parentheses ("Effort (1 = a
// day or two, 20 = a whole quarter)"), which ECharts clips at both ends and
// runs into the legend. The full label stays in the chart's How? text and
// its data table.
func axisName(m *model.Metric) string {
	const maxRunes = 24
	name := m.DisplayLabel()
	if i := strings.Index(name, " ("); i > 0 {
		name = strings.TrimSpace(name[:i])
	}
	r := []rune(name)
	if len(r) <= maxRunes {
		return name
	}
	cut := string(r[:maxRunes])
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:-") + "…"
}

// scatterWhy names both axes in full, scales included, which the axes
// themselves cannot hold.
func scatterWhy(site *model.Site) string {
	ym, xm := scatterAxes(&site.Config.Scorecard)
	if ym == nil {
		return ""
	}
	return "Each dot is an open feature with both scores, placed by " + xm.DisplayLabel() + " across and " + ym.DisplayLabel() +
		" up; features with the same two scores share one bigger dot. Low score marks the features whose score is low."
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
	x := opts.XAxis{Type: "value", Name: axisName(xm), NameLocation: "middle", NameGap: 28,
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
	y.Name, y.NameLocation, y.NameGap = axisName(ym), "middle", 30
	o.XAxis = []opts.XAxis{x}
	o.YAxis = []opts.YAxis{y}
	o.Grid.Bottom = "28"
	o.Grid.Left = "28"
	s1 := charts.SingleSeries{Name: "Open features", Type: "scatter", Data: normal, ItemStyle: &opts.ItemStyle{Color: "--c-done", Opacity: opts.Float(0.75)}}
	s2 := charts.SingleSeries{Name: "Low score", Type: "scatter", Data: low, ItemStyle: &opts.ItemStyle{Color: "--c-late", Opacity: opts.Float(0.8)}}
	o.Series = []charts.SingleSeries{s1, s2}
	c := &chartView{ID: id, Title: axisName(ym) + " vs " + axisName(xm), Table: tbl,
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
