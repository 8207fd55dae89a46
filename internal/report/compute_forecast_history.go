package report

import (
	"math/bits"
	"math/rand/v2"

	"github.com/backlogsite/backlogsite/internal/model"
)

// historyStream is the PCG stream of the forecast history ("history!" in
// ASCII), apart from the forecast's so that the history leaves every
// forecast figure as it was.
const historyStream uint64 = 0x686973746f727921

// forecastHistory is the release's forecast after each of its sprints
// closed by A (§3.8), with figures left null where that forecast would be;
// pastForecasts fills in the simulated ones.
func (c *computer) forecastHistory(rr *ReleaseReport) []ForecastPoint {
	out := []ForecastPoint{}
	for _, p := range rr.Burnup {
		sr := c.sprintByID[p.Sprint]
		if sr == nil || sr.State != SprintClosed {
			continue
		}
		out = append(out, ForecastPoint{AsOf: p.Date, Remaining: p.Remaining, Sprint: p.Sprint})
	}
	return out
}

// pastForecasts works out every release's forecast history (§3.8): the
// §3.7 forecast as of each point's date, with f = 0 since a point is taken
// where a sprint closed. The Monte Carlo of all points runs at once
// (historySim).
func (c *computer) pastForecasts(releases []*ReleaseReport) {
	// Every point runs the forecast's full trials, as §3.8 asks ("by the
	// rules of §3.7"). On the L site (200 closed sprints) that adds about
	// 60 ms to a build of about 3 s, well within the 15% the issue allows;
	// capping the trials would have made the history a different figure.
	sim := historySim{trials: c.trials(), seed: c.cfg.Seed, budget: c.budget}
	for _, rr := range releases {
		for i := range rr.ForecastHistory {
			fp := &rr.ForecastHistory[i]
			if !(fp.Remaining > 0) {
				continue
			}
			b := c.basisAt(fp.AsOf, false)
			if b == nil {
				continue
			}
			needed, ok := b.sprintsNeeded(fp.Remaining)
			if !ok {
				continue
			}
			velocity := b.velocity
			fp.Velocity, fp.SprintsNeeded = &velocity, &needed
			fp.Date = b.base + model.Date(needed*b.length)
			sim.points = append(sim.points, &pastSim{
				fp: fp, basis: b, samples: b.samples, n: uint64(len(b.samples)),
				remaining: fp.Remaining, m: b.sprintsTo(rr.Date), maxDraws: b.maxDraws,
			})
		}
	}
	sim.run()
	trials := float64(sim.trials)
	for _, p := range sim.points {
		b := p.basis
		p.fp.P50, p.fp.P85, p.fp.P95 = percentileDates(p.counts.finishes(), sim.trials, b.base, b.length)
		onTime := float64(p.onTime) / trials
		p.fp.OnTime = &onTime
		p.fp.Trials = sim.trials
	}
}

// historySim simulates the finish dates of every past forecast of the
// site, each by the §3.7 rule with its own samples and remaining work.
// A site with a long history has a point per closed sprint, and running
// each as its own simulation drew a random number per draw per point. The
// points therefore share their random numbers: trial t of every point
// reads the same sequence of 64-bit words, each mapped onto that point's
// samples (common random numbers). Each point's draws are still uniform
// and independent from trial to trial; and between points, a forecast
// moves because the data moved, not because of the dice.
type historySim struct {
	points []*pastSim
	trials int
	seed   int64
	budget *drawBudget
}

// pastSim is one point of a historySim and its tallies.
type pastSim struct {
	fp        *ForecastPoint
	basis     *forecastBasis
	samples   []float64
	n         uint64
	remaining float64
	m         int // draws by the release date; -1: the date is before base
	maxDraws  int
	counts    drawCounts
	onTime    int
}

// historyParts is how many goroutines share a history's trials. Report
// may not ask how many cores there are; four keep two or four busy.
const historyParts = 4

// run simulates every trial of every point. The trials are split between
// goroutines, each tallying its own counts, which are summed: a sum of
// counts does not depend on the order of its terms, so every figure is the
// one the trials in order give. Two things depend on that order, and the
// parts keep them: a word Lemire's method rejects is replaced from the
// spare sequence, which is drawn in trial order (a part that meets one, a
// chance below n/2⁶⁴ a draw, makes the whole run again in order); and the
// budget stops at the first trial past it (the parts record each trial's
// draws, and the budget is spent trial by trial from them).
func (hs *historySim) run() {
	if hs.trials < 2*historyParts || len(hs.points) == 0 {
		hs.runInOrder()
		return
	}
	type part struct {
		counts   []drawCounts
		onTime   []int
		drawn    []int // by trial of the part; shorter when the part stopped
		rejected bool
	}
	left := int64(-1) // no budget
	if hs.budget != nil {
		left = hs.budget.left
	}
	parts := make([]part, historyParts)
	done := make(chan struct{})
	for w := range parts {
		first, end := w*hs.trials/historyParts, (w+1)*hs.trials/historyParts
		go func() {
			defer func() { done <- struct{}{} }()
			pt := &parts[w]
			pt.counts = make([]drawCounts, len(hs.points))
			pt.onTime = make([]int, len(hs.points))
			pt.drawn = make([]int, 0, end-first)
			var src rand.PCG
			words := make([]uint64, 0, 64)
			var spent int64
			for t := first; t < end; t++ {
				src.Seed(uint64(hs.seed), splitMix64(historyStream+uint64(t)))
				words = words[:0]
				drawn := len(hs.points)
				for i, p := range hs.points {
					var sum float64
					k := 0
					for sum < p.remaining && k < p.maxDraws {
						if k == len(words) {
							words = append(words, src.Uint64())
						}
						hi, lo := bits.Mul64(words[k], p.n)
						if lo < p.n && lo < -p.n%p.n {
							pt.rejected = true
							return
						}
						sum += p.samples[hi]
						k++
					}
					pt.counts[i].add(k)
					if sum >= p.remaining && k <= p.m {
						pt.onTime[i]++
					}
					drawn += k
				}
				pt.drawn = append(pt.drawn, drawn)
				// This part alone past the budget: the trials in order are
				// past it by this trial or an earlier one.
				if spent += int64(drawn); left >= 0 && spent > left {
					return
				}
			}
		}()
	}
	for range parts {
		<-done
	}
	for _, pt := range parts {
		if pt.rejected {
			hs.runInOrder()
			return
		}
	}
	for _, pt := range parts {
		for _, d := range pt.drawn {
			if !hs.budget.spend(d) {
				return // the report fails: these figures are never shown
			}
		}
	}
	for i, p := range hs.points {
		for _, pt := range parts {
			for k, n := range pt.counts[i] {
				for len(p.counts) <= k {
					p.counts = append(p.counts, 0)
				}
				p.counts[k] += n
			}
			p.onTime += pt.onTime[i]
		}
	}
}

// runInOrder is run on one goroutine, trial after trial.
func (hs *historySim) runInOrder() {
	// Each trial seeds its own sequence, so that how many words one point
	// needed cannot shift the next trial of another: a point's figures do
	// not depend on the points simulated beside it.
	var src rand.PCG
	// spare replaces a word that Lemire's method rejects for one point (a
	// chance below n/2⁶⁴), so the other points keep theirs.
	spare := rand.NewPCG(uint64(hs.seed), ^historyStream)
	words := make([]uint64, 0, 64)
	for t := range hs.trials {
		src.Seed(uint64(hs.seed), splitMix64(historyStream+uint64(t)))
		words = words[:0]
		drawn := len(hs.points)
		for _, p := range hs.points {
			var sum float64
			k := 0
			for sum < p.remaining && k < p.maxDraws {
				if k == len(words) {
					words = append(words, src.Uint64())
				}
				sum += p.samples[sharedIndex(words[k], p.n, spare)]
				k++
			}
			p.counts.add(k)
			if sum >= p.remaining && k <= p.m {
				p.onTime++
			}
			drawn += k
		}
		if !hs.budget.spend(drawn) {
			return // the report fails: these figures are never shown
		}
	}
}

// splitMix64 scrambles x (Steele, Lea and Flood's SplitMix64 finaliser), so
// that trials numbered one apart seed unrelated PCG sequences.
func splitMix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// sharedIndex maps the word w onto [0, n) as boundedIndex does, drawing
// from spare instead of the shared sequence when it must reject.
func sharedIndex(w, n uint64, spare *rand.PCG) uint64 {
	hi, lo := bits.Mul64(w, n)
	if lo < n {
		threshold := -n % n
		for lo < threshold {
			hi, lo = bits.Mul64(spare.Uint64(), n)
		}
	}
	return hi
}

// finished is the date of the first burnup point from which the remaining
// stays 0, when the release has nothing remaining at A (§3.8); zero (null)
// otherwise, and when the last point still has work left: a release whose
// features are done may have a burnup that does not show it yet (a feature
// declared done after that point's date).
func finished(rr *ReleaseReport) model.Date {
	if rr.Remaining > 0 {
		return 0
	}
	var from model.Date
	for i := len(rr.Burnup) - 1; i >= 0 && !(rr.Burnup[i].Remaining > 0); i-- {
		from = rr.Burnup[i].Date
	}
	return from
}

// accuracy measures the forecast history of finished releases against
// their finished dates (§3.8): of the points with a forecast, the share
// whose p50, p85 and p95 dates held (were on or after the finish).
func accuracy(releases []*ReleaseReport) AccuracyReport {
	acc := AccuracyReport{Releases: []string{}}
	var held [3]int
	for _, rr := range releases {
		if rr.Finished.IsZero() {
			continue
		}
		acc.Releases = append(acc.Releases, rr.ID)
		for _, fp := range rr.ForecastHistory {
			if fp.P50.IsZero() {
				continue
			}
			acc.Forecasts++
			for i, d := range [3]model.Date{fp.P50, fp.P85, fp.P95} {
				if d >= rr.Finished {
					held[i]++
				}
			}
		}
	}
	if acc.Forecasts > 0 {
		share := func(n int) *float64 { v := float64(n) / float64(acc.Forecasts); return &v }
		acc.P50Held, acc.P85Held, acc.P95Held = share(held[0]), share(held[1]), share(held[2])
	}
	return acc
}
