package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

func mustDate(t *testing.T, s string) model.Date {
	t.Helper()
	d, err := model.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestPlaceMarkerLabels: the labels of date markers above a plot never
// overlap (even on a phone's plot), never run off the chart's edge, and
// markers on one date share one label that names the date once.
func TestPlaceMarkerLabels(t *testing.T) {
	type want struct {
		name  string
		row   int
		align string
	}
	target := func(d string) vline { return vline{"Target", d, "--c-target"} }
	asOf := func(d string) vline { return vline{"As of", d, "--c-muted"} }
	forecast := func(d string) vline { return vline{"Forecast", d, "--c-late"} }
	for _, tc := range []struct {
		name   string
		lo, hi string
		lines  []vline
		want   []want
	}{
		{"target and forecast coincide, as-of near them", "2026-02-20", "2026-05-08",
			[]vline{target("2026-05-08"), asOf("2026-04-22"), forecast("2026-05-08")},
			[]want{{"As of 22 Apr", 0, "right"}, {"Target · Forecast 8 May", 1, "right"}}},
		{"forecast after the target: three rows, the later labels ending on their lines", "2026-02-20", "2026-05-22",
			[]vline{target("2026-05-08"), asOf("2026-04-22"), forecast("2026-05-22")},
			[]want{{"As of 22 Apr", 0, "center"}, {"Target 8 May", 1, "right"}, {"Forecast 22 May", 2, "right"}}},
		{"a label too long for either side runs least beyond the plot", "2026-03-27", "2026-05-01",
			[]vline{target("2026-04-10"), {"50%", "2026-04-17", "--c-muted"}, {"85%", "2026-04-17", "--c-muted"}, {"95%", "2026-04-17", "--c-muted"}},
			[]want{{"Target 10 Apr", 0, "center"}, {"50% · 85% · 95% 17 Apr", 1, "center"}}},
		{"as-of on the target's day shares its label", "2026-02-20", "2026-05-08",
			[]vline{target("2026-05-08"), asOf("2026-05-08")},
			[]want{{"Target · As of 8 May", 0, "right"}}},
		{"short labels far apart share a row", "2026-01-01", "2026-06-30",
			[]vline{target("2026-01-02"), {"95%", "2026-06-30", "--c-muted"}},
			[]want{{"Target 2 Jan", 0, "left"}, {"95% 30 Jun", 0, "right"}}},
		{"a marker in the middle is centred", "2026-01-01", "2026-03-02",
			[]vline{asOf("2026-01-31")},
			[]want{{"As of 31 Jan", 0, "center"}}},
		{"markers off the axis are left out", "2026-01-05", "2026-02-13",
			[]vline{target("2026-02-13"), asOf("2026-04-22"), {"Before", "2026-01-01", "--c-muted"}},
			[]want{{"Target 13 Feb", 0, "right"}}},
		{"an axis of one day centres its label", "2026-05-08", "2026-05-08",
			[]vline{target("2026-05-08")},
			[]want{{"Target 8 May", 0, "center"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := placeMarkerLabels(mustDate(t, tc.lo), mustDate(t, tc.hi), tc.lines)
			if len(got) != len(tc.want) {
				t.Fatalf("%d labels %+v, want %d", len(got), got, len(tc.want))
			}
			for i, w := range tc.want {
				if g := got[i]; g.name != w.name || g.row != w.row || g.align != w.align {
					t.Errorf("label %d: %q row %d %s, want %q row %d %s", i, g.name, g.row, g.align, w.name, w.row, w.align)
				}
			}
		})
	}
}

// TestMarkLinesInRows: each label stands in its row above the plot, and the
// chart is told how many rows to make room for.
func TestMarkLinesInRows(t *testing.T) {
	ml, rows := markLinesInRows(mustDate(t, "2026-02-20"), mustDate(t, "2026-05-08"),
		vline{"Target", "2026-05-08", "--c-target"}, vline{"As of", "2026-04-22", "--c-muted"})
	if rows != 2 {
		t.Errorf("%d rows, want 2", rows)
	}
	got, err := json.Marshal(ml.Data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"align":"right","backgroundColor":"--surface","borderRadius":3,"color":"--c-muted","distance":4,"formatter":"As of 22 Apr","padding":[1,3],"position":"end"`,
		`"distance":22,"formatter":"Target 8 May"`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("mark lines lack %s:\n%s", want, got)
		}
	}
}

// TestReleaseChartReachesTarget: a release forecast to finish before its
// target still shows the target's line, at the end of the axis; otherwise
// the axis ends with the data.
func TestReleaseChartReachesTarget(t *testing.T) {
	rr := &report.ReleaseReport{Name: "R", Date: mustDate(t, "2026-07-03"),
		Burnup: []report.BurnupPoint{{Date: mustDate(t, "2026-05-22")}, {Date: mustDate(t, "2026-06-05")}}}
	x, lo, hi := releaseTimeAxis(rr)
	if x.Max != "2026-07-03" || lo.String() != "2026-05-22" || hi.String() != "2026-07-03" {
		t.Errorf("axis max %v, span %s–%s; want the target 2026-07-03 as the end", x.Max, lo, hi)
	}
	rr.Date = mustDate(t, "2026-06-01")
	x, _, hi = releaseTimeAxis(rr)
	if x.Max != nil || hi.String() != "2026-06-05" {
		t.Errorf("axis max %v, end %s; want ECharts' own, at the last point 2026-06-05", x.Max, hi)
	}
}

// TestDistinctTails: a sprint's bar names what tells it apart from the
// others on its lane, and whole names stay when nothing is shared.
func TestDistinctTails(t *testing.T) {
	for _, tc := range []struct {
		in, want []string
	}{
		{[]string{"Sprint 1", "Sprint 2", "Sprint 10"}, []string{"1", "2", "10"}},
		{[]string{"Q1 Sprint 1", "Q1  Sprint 2"}, []string{"1", "2"}},
		{[]string{"Sprint 1", "Sprint 2b rework"}, []string{"1", "2b rework"}},
		{[]string{"Sprint 1"}, []string{"Sprint 1"}},
		{[]string{"Sprint 1", "Sprint"}, []string{"Sprint 1", "Sprint"}},
		{[]string{"Aurora", "Borealis"}, []string{"Aurora", "Borealis"}},
		{[]string{"S-1", "S-2"}, []string{"S-1", "S-2"}},
		{nil, nil},
	} {
		if got := distinctTails(tc.in); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("distinctTails(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestRoadmapBarLabels: a release's bars say in one short word what they
// are (its lane names it), so that they fit a short bar on a phone; the
// data table keeps the names, dates and states.
func TestRoadmapBarLabels(t *testing.T) {
	d := func(s string) model.Date { return mustDate(t, s) }
	rep := &report.Report{AsOf: d("2026-04-22"), Releases: []*report.ReleaseReport{
		{Name: "Winter release", Start: d("2026-01-05"), Date: d("2026-02-13"), Scope: 87, Done: 87},
		{Name: "Spring release", Start: d("2026-02-16"), Date: d("2026-05-08"), Scope: 162, Remaining: 28,
			Forecast: &report.ReleaseForecast{Date: d("2026-05-22")}},
		{Name: "Late one", Start: d("2026-01-05"), Date: d("2026-04-10"), Scope: 10, Remaining: 4, Overdue: true, OverdueDays: 12,
			Forecast: &report.ReleaseForecast{Date: d("2026-05-08")}},
		{Name: "Summer release", Start: d("2026-05-11"), Date: d("2026-07-03"), Scope: 104, Remaining: 104},
	}, Sprints: []*report.SprintReport{
		{ID: "S-1", State: "closed", Start: d("2026-01-05"), End: d("2026-01-16")},
		{ID: "S-2", State: "active", Start: d("2026-04-13"), End: d("2026-04-24")},
	}}
	site := &model.Site{Sprints: []*model.Sprint{{ID: "S-1", Name: "Sprint 1"}, {ID: "S-2", Name: "Sprint 2"}}}
	c, err := roadmapChart("r", site, rep)
	if err != nil {
		t.Fatal(err)
	}
	var o struct {
		Series []struct {
			Data []struct {
				Name  string `json:"name"`
				Value []any  `json:"value"`
			} `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal(c.Option, &o); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range o.Series[0].Data {
		got = append(got, it.Name+"="+it.Value[3].(string))
	}
	want := []string{"Winter release=done", "Spring release=plan", "Spring release forecast=late",
		"Late one=plan", "Late one forecast=overdue", "Summer release=plan", "Sprint 1=1", "Sprint 2=2"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("bars %q,\nwant %q", got, want)
	}
	if r := c.Table.Rows[1]; r[0] != "Spring release" || r[3] != "2026-05-22" {
		t.Errorf("table row %q, want Spring release ending on its forecast", r)
	}
}

// TestAxisName: the scatter's axes carry a metric's label without the
// scale spelled out in parentheses, cut at a word when still long, so the
// name fits a 390 px chart instead of being clipped at both ends.
func TestAxisName(t *testing.T) {
	for _, tc := range []struct {
		m    model.Metric
		want string
	}{
		{model.Metric{Key: "value", Label: "Customer value (1 = nice to have, 10 = people switch apps for it)"}, "Customer value"},
		{model.Metric{Key: "effort", Label: "Effort (1 = a day or two, 20 = a whole quarter)"}, "Effort"},
		{model.Metric{Key: "reach"}, "reach"},
		{model.Metric{Key: "x", Label: "(scale only)"}, "(scale only)"},
		{model.Metric{Key: "v", Label: "How much the customers of the shop value it"}, "How much the customers…"},
		{model.Metric{Key: "v", Label: "Kundenzufriedenheitsverbesserungspotenzial"}, "Kundenzufriedenheitsverb…"},
	} {
		if got := axisName(&tc.m); got != tc.want {
			t.Errorf("axisName(%q) = %q, want %q", tc.m.Label, got, tc.want)
		}
	}
}
