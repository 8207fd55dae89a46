package report

import (
	"math/rand/v2"
	"sort"

	"github.com/backlogsite/backlogsite/internal/model"
)

// queueStream is the second PCG seed word of the queue simulation
// ("queueing" in ASCII). It differs from forecastStream so that adding the
// queue forecast left every SPEC Monte Carlo figure exactly as it was.
const queueStream uint64 = 0x7175657565696e67

// queueForecasts adds to every release with a forecast the forecast in the
// queue (an extension; docs/reports.md, "Forecasts in the queue"). §3.7
// forecasts each release as if the team worked on nothing else, so a
// release due after an unfinished one looks safer than it is.
//
// Queue order is by target date, then start, then id. A release's queue is
// itself and every earlier release in that order with remaining > 0. The
// deterministic forecast is the §3.7 rule applied to the queue's total. The
// Monte Carlo draws one sequence per trial, shared by all releases, so
// that in every trial a release finishes no earlier than those ahead of it:
// release i finishes at the first draw where the running sum reaches the
// remaining work of the queue through i. Where sampling noise would make
// the queue look better than the release alone, the standalone figure
// stands (noLaterThanAlone).
func (c *computer) queueForecasts(releases []*ReleaseReport) {
	order := append([]*ReleaseReport(nil), releases...)
	sort.SliceStable(order, func(i, j int) bool { return queueLess(order[i], order[j]) })

	var queue []*ReleaseReport
	last := -1
	for _, rr := range order {
		if !(rr.Remaining > 0) {
			continue
		}
		queue = append(queue, rr)
		if rr.Forecast != nil && len(queue) > 1 {
			last = len(queue) - 1
		}
	}
	if last < 0 {
		return
	}
	// Releases after the last one needing a queue forecast would only add
	// draws.
	queue = queue[:last+1]

	// Every forecast rests on the same basis (it depends on the sprints
	// only), so the queue shares its samples, base, cadence and running
	// sprint: one model for a release alone and in the queue.
	b := c.basis
	sim, features := c.queueSimulation(queue)
	res := sim.run()

	trials := float64(sim.trials)
	for i, rr := range queue {
		fc := rr.Forecast
		if i == 0 || fc == nil {
			continue
		}
		q := &QueueForecast{
			After:     make([]string, 0, i),
			Remaining: sim.ends[i],
			OnTime:    float64(res[i].onTime) / trials,
			Features:  make([]FeatureOnTime, 0, len(features[i])),
		}
		for _, a := range queue[:i] {
			q.After = append(q.After, a.ID)
		}
		if n, ok := b.sprintsNeeded(sim.ends[i]); ok {
			q.SprintsNeeded = &n
			q.Date = b.base + model.Date(n*b.length)
		}
		q.P50, q.P85, q.P95 = percentileDates(res[i].finishes, sim.trials, b.base, b.length)
		covered := sim.trials
		for j, fr := range features[i] {
			covered -= res[i].coveredExactly[j]
			share := float64(covered) / trials
			if !(fr.Remaining > 0) {
				share = 1 // nothing left: done whatever the queue (§3.7)
			}
			q.Features = append(q.Features, FeatureOnTime{ID: fr.ID, OnTime: share})
		}
		q.Histogram = make([]FinishCount, 0, len(res[i].finishes))
		for _, kc := range res[i].finishes {
			q.Histogram = append(q.Histogram, FinishCount{Date: b.base + model.Date(kc.draws*b.length), Trials: kc.trials})
		}
		noLaterThanAlone(q, fc)
		q.CutLineOnTime = cutLineOnTime(rr, q.Features)
		fc.Queue = q
	}
}

// queueSimulation sets up the Monte Carlo of queue (releases in queue
// order) on the forecast basis, and returns it with each release's
// features in release order.
func (c *computer) queueSimulation(queue []*ReleaseReport) (*queueSim, [][]*FeatureReport) {
	b := c.basis
	sim := &queueSim{
		samples:  b.samples,
		share:    b.share,
		trials:   c.trials(),
		maxDraws: b.maxDraws,
		seed:     c.cfg.Seed,
		budget:   c.budget,
	}
	features := make([][]*FeatureReport, len(queue))
	var ahead float64
	for i, rr := range queue {
		features[i] = c.releaseFeatures(rr.Release)
		// A feature is covered once the draws reach the work ahead of its
		// release plus its release's running remaining through it; a
		// feature with nothing remaining through it is covered from the
		// start, as in §3.7 where its running sum is 0.
		thresholds := make([]float64, len(features[i]))
		var running float64
		for j, fr := range features[i] {
			running += fr.Remaining
			if running > 0 {
				thresholds[j] = ahead + running
			}
		}
		ahead += rr.Remaining
		sim.ends = append(sim.ends, ahead)
		sim.m = append(sim.m, b.sprintsTo(rr.Date))
		sim.cum = append(sim.cum, thresholds)
	}
	return sim, features
}

// noLaterThanAlone keeps the queue forecast from being more hopeful than
// the release on its own. Work ahead can only delay a release (in any one
// sequence of draws the queue finishes no earlier), but the two simulations
// draw from different streams, so when little is left ahead their sampling
// noise could show, say, 63% in the queue beside 62% alone. Where it would,
// the standalone figure stands: odds are the smaller of the two, dates the
// later. Both lists are ordered, so the result still is.
func noLaterThanAlone(q *QueueForecast, fc *ReleaseForecast) {
	q.P50, q.P85, q.P95 = max(q.P50, fc.P50), max(q.P85, fc.P85), max(q.P95, fc.P95)
	q.OnTime = min(q.OnTime, fc.OnTime)
	for j := range q.Features {
		if j < len(fc.Features) && fc.Features[j].ID == q.Features[j].ID {
			q.Features[j].OnTime = min(q.Features[j].OnTime, fc.Features[j].OnTime)
		}
	}
}

// queueLess is the queue order: by target date, then start, then id.
func queueLess(a, b *ReleaseReport) bool {
	if a.Date != b.Date {
		return a.Date < b.Date
	}
	if a.Start != b.Start {
		return a.Start < b.Start
	}
	return a.ID < b.ID
}

// percentileDates returns the nearest-rank 50th, 85th and 95th percentile
// finish dates of trials (§3.7): the date of the trial at place
// ceil(p·trials) in finish order.
func percentileDates(finishes []finishCount, trials int, base model.Date, length int) (p50, p85, p95 model.Date) {
	seen := 0
	for _, kc := range finishes {
		d := base + model.Date(kc.draws*length)
		for _, p := range [...]struct {
			pct int
			dst *model.Date
		}{{50, &p50}, {85, &p85}, {95, &p95}} {
			if pos := (p.pct*trials + 99) / 100; seen < pos && pos <= seen+kc.trials {
				*p.dst = d
			}
		}
		seen += kc.trials
	}
	return p50, p85, p95
}

// queueSim is the queue's Monte Carlo over all queued releases at once,
// kept apart from the report types like monteCarlo.
type queueSim struct {
	samples []float64   // completed of the sampled sprints; not empty
	share   float64     // f: each trial first counts share · x₀ when > 0
	ends    []float64   // remaining of the queue through release i; rising, > 0
	m       []int       // per release: draws that fit between base and its date; -1: none
	cum     [][]float64 // per release: the threshold covering each feature
	trials  int
	// maxDraws bounds a trial's draws, as in monteCarlo: the whole queue
	// costs at most what one release's simulation costs.
	maxDraws int
	seed     int64
	budget   *drawBudget
}

func (qs *queueSim) run() []monteCarloResult {
	src := rand.NewPCG(uint64(qs.seed), queueStream)
	n := uint64(len(qs.samples))
	nr := len(qs.ends)
	res := make([]monteCarloResult, nr)
	byDraws := make([]drawCounts, nr)
	for i := range res {
		res[i].coveredExactly = make([]int, len(qs.cum[i])+1)
	}
	finish := make([]int, nr)
	// prefix[k] is the sum of the trial's head and first k draws.
	prefix := make([]float64, qs.maxDraws+1)
	for range qs.trials {
		var sum float64
		if qs.share > 0 {
			sum = qs.share * qs.samples[boundedIndex(src, n)]
		}
		prefix[0] = sum
		k, next := 0, 0
		for ; next < nr && sum >= qs.ends[next]; next++ {
			finish[next] = 0
		}
		for next < nr && k < qs.maxDraws {
			sum += qs.samples[boundedIndex(src, n)]
			k++
			prefix[k] = sum
			for next < nr && sum >= qs.ends[next] {
				finish[next] = k
				next++
			}
		}
		// Cut off by maxDraws: the rest "finish" there, a lower bound, as
		// a cut-off trial does in monteCarlo.
		for ; next < nr; next++ {
			finish[next] = k
		}
		for i := range nr {
			qs.tally(&res[i], &byDraws[i], i, finish[i], sum, prefix[:k+1])
		}
		if !qs.budget.spend(k + nr) {
			break // the report fails: these figures are never shown
		}
	}
	for i := range res {
		res[i].finishes = byDraws[i].finishes()
	}
	return res
}

// tally counts one trial for release i: its finish, whether that is on
// time, and how many features the draws up to its date cover. A trial that
// stopped before m draws reached the whole queue, so drawing on could not
// uncover anything (as in monteCarlo); a date before base covers nothing.
func (qs *queueSim) tally(r *monteCarloResult, byDraws *drawCounts, i, finish int, sum float64, prefix []float64) {
	byDraws.add(finish)
	m := qs.m[i]
	if m < 0 {
		r.coveredExactly[0]++
		return
	}
	if sum >= qs.ends[i] && finish <= m {
		r.onTime++
	}
	sumM := prefix[min(m, len(prefix)-1)]
	cum := qs.cum[i]
	covered := sort.Search(len(cum), func(j int) bool { return cum[j] > sumM })
	r.coveredExactly[covered]++
}
