package render

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/report"
)

func TestFmtNum(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {3, "3"}, {8.5, "8.5"}, {11.555555555555555, "11.6"}, {1.444444444444445, "1.4"},
		{40, "40"}, {0.4, "0.4"}, {0.025, "0.025"}, {0.123456, "0.12"}, {-11, "−11"}, {1e9, "1000000000"},
		{8.25, "8.3"}, {-8.25, "−8.3"}, {9.96, "10"}, {-9.95, "−10"}, {99.95, "100"}, {999.94, "999.9"},
		{1000000000000002.5, "1000000000000002.5"}, {1000000000000019.5, "1000000000000019.5"}, {1e15, "1000000000000000"},
		{27.666666666666668, "27.7"}, {1.05, "1.1"}, {2.5, "2.5"}, {-1.04, "−1"}, {29.049999999999997, "29.1"},
		{9999999999999.95, "10000000000000"}, {123456789012.35, "123456789012.4"}, {99999999999999.95, "100000000000000"},
	} {
		if got := fmtNum(c.in); got != c.want {
			t.Errorf("fmtNum(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFmtPct(t *testing.T) {
	for _, c := range []struct {
		in   float64
		want string
	}{{0, "0%"}, {1, "100%"}, {0.73, "73%"}, {0.001, "<1%"}, {0.999, ">99%"}, {0.5, "50%"}} {
		if got := fmtPct(c.in); got != c.want {
			t.Errorf("fmtPct(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMarkdownSanitises(t *testing.T) {
	md := newMarkdownRenderer()
	for _, c := range []struct{ in, mustNot, must string }{
		{"<script>alert(1)</script>hi", "<script", "hi"},
		{"<img src=x onerror=alert(1)>", "onerror", ""},
		{"[a](javascript:alert(1))", "javascript:", ""},
		{"[a](JaVaScRiPt:alert(1))", "avascript", ""},
		{"[a](vbscript:msgbox)", "vbscript:", ""},
		{"[a](data:text/html;base64,PHNjcmlwdD4=)", "data:", ""},
		{"![i](javascript:alert(1))", "javascript:", ""},
		{"<a href=\"javascript:x\">x</a>", "javascript:", ""},
		{"**bold** and [link](https://example.com/)", "<script", `<a href="https://example.com/"`},
		{"<iframe src=x></iframe>", "<iframe", ""},
		{"| a | b |\n|---|---|\n| 1 | 2 |\n", "<script", "<table>"},
		{"```\n</code><script>x</script>\n```", "<script>", "&lt;script&gt;"},
	} {
		got := string(md.render(c.in))
		if strings.Contains(strings.ToLower(got), c.mustNot) {
			t.Errorf("render(%q) = %q contains %q", c.in, got, c.mustNot)
		}
		if c.must != "" && !strings.Contains(got, c.must) {
			t.Errorf("render(%q) = %q lacks %q", c.in, got, c.must)
		}
	}
}

// Relative links are links, written with ./ or not: [f](a.pdf) became the
// plain text f (issue 15), since the Markdown renderer's own allow-list
// only knew ./, ../, / and #. The sanitiser still removes every scheme but
// http, https and mailto.
func TestMarkdownRelativeLinks(t *testing.T) {
	md := newMarkdownRenderer()
	for in, want := range map[string]string{
		"[f](a.pdf)":             `<p><a href="a.pdf" rel="noreferrer">f</a></p>`,
		"[f](docs/a.pdf)":        `<p><a href="docs/a.pdf" rel="noreferrer">f</a></p>`,
		"[f](./a.pdf)":           `<p><a href="./a.pdf" rel="noreferrer">f</a></p>`,
		"[top](#top)":            `<p><a href="#top" rel="noreferrer">top</a></p>`,
		"[q](?page=2)":           `<p><a href="?page=2" rel="noreferrer">q</a></p>`,
		"[x](javascript:alert)":  `<p>x</p>`,
		"[x](java\tscript:a)":    `<p>x</p>`,
		"[x](  JAVASCRIPT:a())":  `<p>x</p>`,
		"[x](<javascript:a()>)":  `<p>x</p>`,
		"[x](ftp://example.com)": `<p>x</p>`,
	} {
		if got := string(md.render(in)); got != want {
			t.Errorf("render(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestChartJSONCannotCloseScript(t *testing.T) {
	o := newOption()
	o.Series = append(o.Series, lineSeries("</script><script>alert(1)</script>", []any{1.0}, "--c-done"))
	c, err := o.finish(&chartView{ID: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(c.Option, "<>&") {
		t.Fatalf("option JSON has raw markup characters: %s", c.Option)
	}
	var back map[string]any
	if err := json.Unmarshal(c.Option, &back); err != nil {
		t.Fatal(err)
	}
	name := back["series"].([]any)[0].(map[string]any)["name"]
	if name != "</script><script>alert(1)</script>" {
		t.Errorf("series name did not round-trip: %v", name)
	}
}

func TestChartRejectsNaN(t *testing.T) {
	o := newOption()
	o.Series = append(o.Series, lineSeries("x", []any{nanValue()}, "--c-done"))
	if _, err := o.finish(&chartView{ID: "x"}); err == nil {
		t.Error("NaN in a chart option was accepted")
	}
}

func nanValue() float64 {
	zero := 0.0
	return zero / zero
}

func TestFuncMarkersDefused(t *testing.T) {
	in := []byte(`{"name":"__f__function(){}__f__"}`)
	out := defuseFuncMarkers(in)
	if bytes.Contains(out, funcMarker) {
		t.Fatalf("marker left in %s", out)
	}
	var v map[string]string
	if err := json.Unmarshal(out, &v); err != nil || v["name"] != "__f__function(){}__f__" {
		t.Errorf("defused JSON reads back as %q, %v", v["name"], err)
	}
}

// TestRenderDeterministic renders the worked example with one worker and
// with many, in two time zones: the bytes must not change.
func TestRenderDeterministic(t *testing.T) {
	render := func(workers int) map[string][]byte {
		site, err := load.Dir(sitetest.Tiny())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := report.Compute(site, report.AsOf(site, 0))
		if err != nil {
			t.Fatal(err)
		}
		out := &output.Mem{}
		if _, err := Render(context.Background(), site, rep, out, Options{Workers: workers}); err != nil {
			t.Fatal(err)
		}
		m := map[string][]byte{}
		for _, n := range out.Names() {
			m[n], _ = out.File(n)
		}
		return m
	}
	a := render(1)
	saved := time.Local
	time.Local = time.FixedZone("UTC-11", -11*3600)
	b := render(8)
	time.Local = time.FixedZone("UTC+14", 14*3600)
	c := render(3)
	time.Local = saved
	for _, other := range []map[string][]byte{b, c} {
		if len(other) != len(a) {
			t.Fatalf("file counts differ: %d vs %d", len(a), len(other))
		}
		for n, data := range a {
			if !bytes.Equal(data, other[n]) {
				t.Errorf("%s differs between renders", n)
			}
		}
	}
}

// TestMarkLinesShareALabel: date markers that fall on one day are drawn as
// one line with one label, so their labels never overlap; the first marker
// keeps its colour.
func TestMarkLinesShareALabel(t *testing.T) {
	ml := markLinesX("insideEndTop",
		vline{"Target 8 May", "2026-05-08", "--c-target"},
		vline{"50%", "2026-05-22", "--c-muted"},
		vline{"85%", "2026-05-22", "--c-muted"},
		vline{"95%", "2026-05-08", "--c-muted"})
	got, err := json.Marshal(ml.Data)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"formatter":"Target 8 May · 95%"`, `"formatter":"50% · 85%"`, `"color":"--c-target","formatter":"Target`} {
		if !strings.Contains(string(got), want) {
			t.Errorf("mark lines lack %s:\n%s", want, got)
		}
	}
	if n := len(ml.Data); n != 2 {
		t.Errorf("%d lines, want 2", n)
	}
}

// TestSprintChartIdealWithoutWorkingDays: the burndown chart's ideal line
// for the days after the as-of date is the report's, also for a sprint
// whose every day is off (it stays at committed, and did drop to 0).
func TestSprintChartIdealWithoutWorkingDays(t *testing.T) {
	start, _ := model.ParseDate("2026-03-02")
	site := &model.Site{Config: model.Config{WorkingDays: [7]bool{time.Monday: true, time.Tuesday: true}}}
	sp := &model.Sprint{ID: "S-1", Start: start, End: start.AddDays(6), DaysOff: map[model.Date]bool{start: true, start.AddDays(1): true}}
	sr := &report.SprintReport{ID: "S-1", Start: sp.Start, End: sp.End, Committed: 13,
		Burndown: []report.BurndownPoint{{Date: start, Ideal: 13}}}
	days := sprintDays(site, sp, sr)
	if len(days) != 7 {
		t.Fatalf("%d days, want 7", len(days))
	}
	for _, d := range days {
		if d.Ideal != 13 {
			t.Errorf("%s: ideal %v, want 13 (no working day to burn in)", d.Date, d.Ideal)
		}
	}
}
