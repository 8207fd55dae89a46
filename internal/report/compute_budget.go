package report

import "fmt"

// MaxSimulatedSprints bounds the Monte Carlo work of one report: the
// sprints drawn by every trial of every release's forecast, of the queue
// and of the forecast history, plus one per trial and release for its
// tally. It is about half a second of work. The trials are bounded by the
// loader and each trial by MaxForecastSprints, but not their product with
// the number of releases and past forecasts: 100,000 trials of 60 releases
// whose history says each needs close to 1,000 sprints took 38 s, paid
// again on every save while serve or watch runs. The largest synthetic site
// (167 releases, 1,000 sprints of history) needs 70 million at the default
// 10,000 trials; a normal site needs a few million.
const MaxSimulatedSprints = 100_000_000

// drawBudget counts simulated sprints against MaxSimulatedSprints. The
// count depends only on the input, never on timing, so check and build
// agree on whether a site stays within it. A nil budget is unlimited (the
// simulations' own tests).
type drawBudget struct {
	left int64
}

func newDrawBudget() *drawBudget { return &drawBudget{left: MaxSimulatedSprints} }

// spend takes n simulated sprints and reports whether the budget still
// holds: a simulation stops at the first trial that exhausts it.
func (b *drawBudget) spend(n int) bool {
	if b == nil {
		return true
	}
	b.left -= int64(n)
	return b.left >= 0
}

func (b *drawBudget) exhausted() bool { return b != nil && b.left < 0 }

// budgetProblem reports a site whose forecasts would exceed the budget, at
// [forecast] trials, the setting that scales them all.
func (c *computer) budgetProblem(releases []*ReleaseReport) {
	points := 0
	for _, rr := range releases {
		points += len(rr.ForecastHistory)
	}
	pos, trials := c.cfg.TrialsPos, fmt.Sprintf("%d trials", c.trials())
	if pos.Path == "" {
		pos, trials = c.cfg.Pos, trials+" (the default)"
	}
	c.errs.Add(pos, "[forecast]: %s are too many for this site: its forecasts (%d releases, their queue and %d past forecasts) would simulate more than %d sprints; "+
		"lower trials (a trial simulates up to %d sprints when the sampled sprints did little against the work left)",
		trials, len(releases), points, MaxSimulatedSprints, MaxForecastSprints)
}
