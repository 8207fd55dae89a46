package render

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
	"github.com/backlogsite/backlogsite/internal/synth"
)

// TestBurnupChartsProperties draws the burnups of 400 random synthetic
// sites (issue 12's acceptance): at every drawn point done is at most
// scope, and both lines are drawn alike in between, so done never shows
// above scope; the projection ends on the forecast date at the scope it
// aims at.
func TestBurnupChartsProperties(t *testing.T) {
	n := 400
	if testing.Short() {
		n = 100
	}
	projected := 0
	for seed := 1; seed <= n; seed++ {
		cfg := synth.Config{Features: 4 + seed%12, Sprints: 2 + seed%7, StoriesPerSprint: 2 + seed%5, Releases: 1 + seed%3, Seed: uint64(seed)}
		site, err := load.FS(synth.FS(cfg), fmt.Sprint("synth-", seed))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		rep, err := report.Compute(site, report.AsOf(site, 0))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		projected += checkBurnupCharts(t, seed, site, rep)
	}
	// The sites must reach what the test is about.
	if projected < n/4 {
		t.Errorf("only %d of %d sites have a projected burnup", projected, n)
	}
}

// checkBurnupCharts checks one site's burnups and returns how many of them
// draw a projection.
func checkBurnupCharts(t *testing.T, seed int, site *model.Site, rep *report.Report) (projected int) {
	for _, rr := range rep.Releases {
		c, err := releaseBurnupChart("c", site, rr, rep.AsOf)
		if err != nil || c == nil {
			continue
		}
		o := decodeOption(t, c)
		checkDoneBelowScope(t, fmt.Sprintf("seed %d release %s", seed, rr.ID), o)
		if f := rr.Forecast; f != nil && len(f.Projection) > 0 {
			projected++
			proj := seriesData(o, "Projected done")
			end := proj[len(proj)-1].([]any)
			if end[0] != f.Date.String() {
				t.Errorf("seed %d release %s: projection ends %v, forecast %v", seed, rr.ID, end[0], f.Date)
			}
			goal := seriesData(o, "Scope to finish")[0].([]any)[1].(float64)
			for _, p := range proj {
				if v := p.([]any)[1].(float64); v > goal {
					t.Errorf("seed %d release %s: projected done %v above %v", seed, rr.ID, v, goal)
				}
			}
		}
	}
	spr := map[string]*model.Sprint{}
	for _, s := range site.Sprints {
		spr[s.ID] = s
	}
	for _, sr := range rep.Sprints {
		c, err := sprintBurnupChart("c", site, spr[sr.ID], sr)
		if err != nil {
			t.Fatal(err)
		}
		if c != nil {
			checkDoneBelowScope(t, fmt.Sprintf("seed %d sprint %s", seed, sr.ID), decodeOption(t, c))
		}
	}
	return projected
}

func decodeOption(t *testing.T, c *chartView) map[string]any {
	var o map[string]any
	if err := json.Unmarshal(c.Option, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

func seriesData(o map[string]any, name string) []any {
	for _, s := range o["series"].([]any) {
		if m := s.(map[string]any); strings.HasPrefix(m["name"].(string), name) {
			d, _ := m["data"].([]any)
			return d
		}
	}
	return nil
}

func checkDoneBelowScope(t *testing.T, where string, o map[string]any) {
	var scope, done map[string]any
	for _, s := range o["series"].([]any) {
		switch m := s.(map[string]any); m["name"] {
		case "Scope":
			scope = m
		case "Done":
			done = m
		}
	}
	if scope["step"] != done["step"] || scope["smooth"] != done["smooth"] {
		t.Errorf("%s: scope drawn with step %v smooth %v, done with %v %v", where, scope["step"], scope["smooth"], done["step"], done["smooth"])
	}
	sd, dd := scope["data"].([]any), done["data"].([]any)
	if len(sd) != len(dd) {
		t.Fatalf("%s: %d scope points, %d done", where, len(sd), len(dd))
	}
	for i := range sd {
		s, d := pointValue(sd[i]), pointValue(dd[i])
		if s == nil || d == nil {
			continue
		}
		if *d > *s {
			t.Errorf("%s: point %d done %v above scope %v", where, i, *d, *s)
		}
	}
}

// pointValue reads a point of a line: a number, or [x, y].
func pointValue(v any) *float64 {
	switch x := v.(type) {
	case float64:
		return &x
	case []any:
		return pointValue(x[len(x)-1])
	}
	return nil
}
