package report

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/model"
)

// degenerateSite has releases releases of 999 points each and one closed
// sprint that did 1: every trial of every forecast simulates about 1,000
// sprints (issue 15: 60 such releases at 100,000 trials took 38 s).
func degenerateSite(t *testing.T, releases, trials int) *siteBuilder {
	b := newSiteBuilder(t)
	b.site.Config.Trials = trials
	b.site.Config.Pos = model.Pos{Path: "site.toml", Line: 1, Col: 1}
	b.site.Config.TrialsPos = model.Pos{Path: "site.toml", Line: 5, Col: 1}
	b.feature("F-0", scores(1, 1))
	s := b.sprint("S-1", "", "2026-01-05", "2026-01-16")
	b.story(s, "ST-1", "F-0", 1, "")
	b.log(s, "2026-01-16", model.LogEntry{Done: []string{"ST-1"}})
	for i := 1; i <= releases; i++ {
		id := fmt.Sprintf("F-%d", i)
		b.feature(id, scores(1, 1), estimate(999))
		b.release(fmt.Sprintf("R-%d", i), "2026-01-01", "2060-01-01", 1000, id)
	}
	return b
}

func TestForecastBudgetRefusesCostlySites(t *testing.T) {
	b := degenerateSite(t, 60, 100_000)
	start := time.Now()
	_, err := Compute(b.site, b.d("2026-01-20"))
	// Far above the half second the budget stands for, far below the 38 s
	// it took without one: only a lost bound fails this on a busy machine.
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("refusing the site took %v", elapsed)
	}
	var list model.ErrorList
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("want one problem, got %v", err)
	}
	want := "site.toml:5:1: [forecast]: 100000 trials are too many for this site: its forecasts (60 releases, their queue and 0 past forecasts)"
	if got := list[0].Error(); !strings.HasPrefix(got, want) {
		t.Errorf("got %q, want it to start with %q", got, want)
	}
}

// Without trials in site.toml, the problem is at the top of site.toml and
// says the number is the default.
func TestForecastBudgetNamesTheDefault(t *testing.T) {
	b := degenerateSite(t, 12, 10_000)
	b.site.Config.TrialsPos = model.Pos{}
	_, err := Compute(b.site, b.d("2026-01-20"))
	want := "site.toml:1:1: [forecast]: 10000 trials (the default) are too many for this site"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("got %v, want a problem starting with %q", err, want)
	}
}

// Each simulation stops at the first trial past the budget, so a site
// asking for too much costs the budget and one trial more, not what it
// asked for.
func TestForecastBudgetStopsEachSimulation(t *testing.T) {
	const left = 50_000
	samples := []float64{0, 0, 0, 1}
	mc := monteCarlo{samples: samples, remaining: 1e6, cum: []float64{1e6}, m: 1000, trials: 100_000, maxDraws: MaxForecastSprints, seed: 1,
		budget: &drawBudget{left: left}}
	qs := queueSim{samples: samples, ends: []float64{1e6, 2e6}, m: []int{1000, 1000}, cum: [][]float64{{1e6}, {2e6}}, trials: 100_000, maxDraws: MaxForecastSprints, seed: 1,
		budget: &drawBudget{left: left}}
	past := &pastSim{samples: samples, n: uint64(len(samples)), remaining: 1e6, m: 1000, maxDraws: MaxForecastSprints}
	hs := historySim{points: []*pastSim{past}, trials: 100_000, seed: 1, budget: &drawBudget{left: left}}
	for name, sim := range map[string]struct {
		run    func()
		budget *drawBudget
	}{
		"release": {func() { mc.run() }, mc.budget},
		"queue":   {func() { qs.run() }, qs.budget},
		"history": {func() { hs.run() }, hs.budget},
	} {
		sim.run()
		if !sim.budget.exhausted() || sim.budget.left < -(MaxForecastSprints+2) {
			t.Errorf("%s: %d left of the budget, want it exhausted by one trial at most", name, sim.budget.left)
		}
	}
}
