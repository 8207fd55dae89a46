package report

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/backlogsite/backlogsite/internal/model"
)

const (
	// forecastStream is the second PCG seed word ("backlogs" in ASCII): the
	// site's seed picks the first, so `seed = 1` means the same sequence on
	// every machine and every Go release (PCG's output is specified).
	forecastStream uint64 = 0x6261636b6c6f6773

	// maxForecastSprints bounds a forecast: a deterministic forecast needing
	// more sprints is null, and a Monte Carlo trial stops drawing there. A
	// thousand sprints are decades of work at any cadence a team plans with,
	// so no realistic answer changes, while a history of zeros or a tiny
	// velocity against a huge backlog can no longer make the simulation run
	// for minutes (the bound keeps the worst case near 30 ms per release).
	MaxForecastSprints = 1000

	// lastDate is 9999-12-31, the last date that can be written YYYY-MM-DD;
	// forecasts never go beyond it.
	lastDate model.Date = 3652059
)

// forecastBasis is what a forecast as of one day rests on (§3.7): the
// sampled sprints and their mean, the base date, the cadence and the share
// of the running sprint still ahead. Everything but the remaining work is
// the same for every release, so it is worked out once per day.
type forecastBasis struct {
	sampled  []*SprintReport // the sprints sampled, in end order
	samples  []float64       // their completed
	velocity float64         // the mean of samples
	base     model.Date
	length   int
	// running is the sprint active on the day, share (f) the part of its
	// working days still ahead; nil and 0 when none is active.
	running  *SprintReport
	share    float64
	maxDraws int
}

// basisAt is the basis of a forecast as of d ≤ A, or nil when there can be
// none: no sprint closed by d, or every sample 0. The running sprint counts
// only when withRunning is set: a forecast history point is taken at a
// sprint's end, where none runs (§3.8 says f = 0).
func (c *computer) basisAt(d model.Date, withRunning bool) *forecastBasis {
	// c.closed is in end order, so the sprints closed by d are a prefix.
	n := sort.Search(len(c.closed), func(i int) bool { return c.closed[i].End > d })
	if n == 0 {
		return nil
	}
	b := &forecastBasis{sampled: c.closed[:n], samples: c.closedCompleted()[:n]}
	if h := c.cfg.ForecastHistory; h > 0 && n > h {
		b.sampled, b.samples = b.sampled[n-h:], b.samples[n-h:]
	}
	var sum float64
	for _, x := range b.samples {
		sum += x
	}
	b.velocity = sum / float64(len(b.samples))
	for _, s := range c.sprints {
		if s.Start <= d && s.End > b.base {
			b.base = s.End
		}
	}
	b.length = c.cadence(c.closed[n-1].Sprint)
	if !(b.velocity > 0) || b.base.IsZero() || b.length <= 0 {
		return nil
	}
	b.maxDraws = min(MaxForecastSprints, int(lastDate-b.base)/b.length)
	if withRunning {
		for _, sr := range c.sprintReports {
			if sr.Start <= d && d < sr.End && sr.WorkingDays > 0 {
				b.running = sr
				b.share = float64(sr.DaysLeft) / float64(sr.WorkingDays)
			}
		}
	}
	return b
}

// closedCompleted is the completed work of every closed sprint, in end
// order. The forecast of each day samples a prefix of it (a window with
// history): shared, not copied per day, which on a site with thousands of
// closed sprints made the forecast history's samples hundreds of
// megabytes, and its simulation slow with cache misses.
func (c *computer) closedCompleted() []float64 {
	if len(c.completed) != len(c.closed) {
		c.completed = make([]float64, len(c.closed))
		for i, sr := range c.closed {
			c.completed[i] = sr.Completed
		}
	}
	return c.completed
}

// sprintsNeeded is the velocity forecast of remaining work (§3.7): none
// when the running sprint's share covers it, else whole sprints at the
// velocity for the rest. ok is false beyond maxDraws.
func (b *forecastBasis) sprintsNeeded(remaining float64) (n int, ok bool) {
	ahead := b.share * b.velocity
	if remaining <= ahead {
		return 0, true
	}
	needed := math.Ceil((remaining - ahead) / b.velocity)
	if !(needed <= float64(b.maxDraws)) {
		return 0, false
	}
	return int(needed), true
}

// sprintsTo is m, the whole sprints that fit between base and date, or -1
// when date is before base and no sprint does.
func (b *forecastBasis) sprintsTo(date model.Date) int {
	if date < b.base {
		return -1
	}
	return int(date-b.base) / b.length
}

// simulation is a monteCarlo over this basis; cum may be nil when only the
// finish dates are needed.
func (b *forecastBasis) simulation(remaining float64, date model.Date, cum []float64, trials int, seed int64) monteCarlo {
	return monteCarlo{
		samples:   b.samples,
		share:     b.share,
		remaining: remaining,
		cum:       cum,
		m:         b.sprintsTo(date),
		trials:    trials,
		maxDraws:  b.maxDraws,
		seed:      seed,
	}
}

// forecast computes the velocity and Monte Carlo forecast of a release
// (§3.7), or nil when there is nothing to forecast or nothing to forecast
// it with. features are the release's features in release order.
func (c *computer) forecast(rr *ReleaseReport, features []*FeatureReport) *ReleaseForecast {
	b := c.basis
	if !(rr.Remaining > 0) || b == nil {
		return nil
	}
	needed, ok := b.sprintsNeeded(rr.Remaining)
	if !ok {
		return nil
	}
	fc := &ReleaseForecast{
		Velocity:      b.velocity,
		SprintsNeeded: needed,
		Date:          b.base + model.Date(needed*b.length),
		Base:          b.base,
		Length:        b.length,
		Trials:        c.trials(),
		Samples:       make([]SampledSprint, 0, len(b.sampled)),
		RunningShare:  b.share,
		Features:      make([]FeatureOnTime, 0, len(features)),
		Histogram:     []FinishCount{},
	}
	for _, sr := range b.sampled {
		fc.Samples = append(fc.Samples, SampledSprint{ID: sr.ID, Completed: sr.Completed})
	}
	if b.running != nil {
		id := b.running.ID
		fc.RunningSprint = &id
	}
	if m := b.sprintsTo(rr.Date); m >= 0 {
		fc.SprintsToDate = &m
	}
	var running float64
	cum := make([]float64, 0, len(features))
	for _, fr := range features {
		running += fr.Remaining
		cum = append(cum, running)
	}
	mc := b.simulation(rr.Remaining, rr.Date, cum, fc.Trials, c.cfg.Seed)
	mc.budget = c.budget
	res := mc.run()
	for _, kc := range res.finishes {
		d := b.base + model.Date(kc.draws*b.length)
		fc.Histogram = append(fc.Histogram, FinishCount{Date: d, Trials: kc.trials})
	}
	fc.P50, fc.P85, fc.P95 = percentileDates(res.finishes, mc.trials, b.base, b.length)
	trials := float64(mc.trials)
	fc.OnTime = float64(res.onTime) / trials
	fc.ByDate = res.byDate
	// Feature j is on time in every trial covering more than j features. A
	// feature with nothing left is done whatever the draws (§3.7).
	covered := mc.trials
	for j, fr := range features {
		covered -= res.coveredExactly[j]
		share := float64(covered) / trials
		if !(fr.Remaining > 0) {
			share = 1
		}
		fc.Features = append(fc.Features, FeatureOnTime{ID: fr.ID, OnTime: share})
		fr.OnTime = &share
	}
	fc.CutLineOnTime = cutLineOnTime(rr, fc.Features)
	if c.cfg.ForecastStories {
		fc.Stories = c.storyForecast(b, rr, features)
	}
	return fc
}

// storyForecast is the forecast of rr in story counts ([forecast] unit =
// "stories"): the same sampled sprints, each counted by the stories it
// finished (done_count, §3.8), against the release's open stories. A
// feature not split into stories yet counts as one. Nil when the sampled
// sprints finished no story, or beyond the sprints a forecast may need.
func (c *computer) storyForecast(b *forecastBasis, rr *ReleaseReport, features []*FeatureReport) *StoryForecast {
	left := 0
	for _, fr := range features {
		if !(fr.Remaining > 0) {
			continue
		}
		if len(fr.Stories) == 0 {
			left++
		}
		for _, st := range fr.Stories {
			if st.Status != "done" && st.Status != "removed" {
				left++
			}
		}
	}
	sb := *b
	sb.samples = make([]float64, len(b.sampled))
	var sum float64
	for i, sr := range b.sampled {
		sb.samples[i] = float64(sr.DoneCount)
		sum += sb.samples[i]
	}
	sb.velocity = sum / float64(len(sb.samples))
	if left == 0 || !(sb.velocity > 0) {
		return nil
	}
	needed, ok := sb.sprintsNeeded(float64(left))
	if !ok {
		return nil
	}
	sf := &StoryForecast{Remaining: left, Velocity: sb.velocity, SprintsNeeded: needed,
		Date: sb.base + model.Date(needed*sb.length), Trials: c.trials()}
	mc := sb.simulation(float64(left), rr.Date, nil, sf.Trials, c.cfg.Seed)
	mc.budget = c.budget
	res := mc.run()
	sf.P50, sf.P85, sf.P95 = percentileDates(res.finishes, mc.trials, sb.base, sb.length)
	sf.OnTime = float64(res.onTime) / float64(mc.trials)
	return sf
}

// cutLineOnTime is the odds of the release's cut_after feature in odds, or
// nil when no feature fits.
func cutLineOnTime(rr *ReleaseReport, odds []FeatureOnTime) *float64 {
	if rr.CutAfter == nil {
		return nil
	}
	for _, fo := range odds {
		if fo.ID == *rr.CutAfter {
			v := fo.OnTime
			return &v
		}
	}
	return nil
}

// cadence is the sprint length in days for forecasts: from the start of
// last, the latest closed sprint, to the start of the sprint after it, or
// that sprint's own length when none follows.
func (c *computer) cadence(last *model.Sprint) int {
	for _, s := range c.sprints {
		if s.Start > last.Start {
			return int(s.Start - last.Start)
		}
	}
	return int(last.End-last.Start) + 1
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// monteCarlo is one release's simulation (§3.7), kept apart from the report
// types so that it can be benchmarked and tested on its own.
type monteCarlo struct {
	samples   []float64 // completed of the sampled sprints; not empty
	share     float64   // f: each trial first counts share · x₀ when > 0
	remaining float64   // > 0
	// cum holds the running sums of remaining in release order. When nil,
	// only the finish dates are wanted, and a trial stops at its finish.
	cum      []float64
	m        int // draws that fit between base and the release date; -1: none
	trials   int
	maxDraws int
	seed     int64
	budget   *drawBudget
}

type finishCount struct {
	draws  int
	trials int
}

type monteCarloResult struct {
	finishes []finishCount // by draws, ascending
	onTime   int           // trials that finished within m draws
	// coveredExactly[j] counts trials whose first m draws cover exactly the
	// first j features (j = len(cum): all of them).
	coveredExactly []int
	byDate         WorkByDate
}

func (mc *monteCarlo) run() monteCarloResult {
	src := rand.NewPCG(uint64(mc.seed), forecastStream)
	n := uint64(len(mc.samples))
	var byDraws drawCounts
	res := monteCarloResult{coveredExactly: make([]int, len(mc.cum)+1)}
	// With the date before base, nothing gets done by it in any trial.
	var sums []float64
	if mc.cum != nil && mc.m >= 0 {
		sums = make([]float64, 0, mc.trials)
	}
	for range mc.trials {
		var head float64
		if mc.share > 0 {
			head = mc.share * mc.samples[boundedIndex(src, n)]
		}
		sum, sumM := head, head
		k, finish := 0, -1
		if sum >= mc.remaining {
			finish = 0
		}
		// With features to cover, a trial draws on to m even after its
		// finish: how much gets done by the date is asked of every trial.
		for (finish < 0 || mc.cum != nil && k < mc.m) && k < mc.maxDraws {
			sum += mc.samples[boundedIndex(src, n)]
			k++
			if k == mc.m {
				sumM = sum
			}
			if finish < 0 && sum >= mc.remaining {
				finish = k
			}
		}
		switch {
		case mc.m < 0:
			sumM = 0 // the date is before base: nothing gets done by it
		case k < mc.m:
			sumM = sum // cut off by maxDraws: what it reached, a lower bound
		}
		if finish < 0 {
			finish = k // cut off: it "finishes" at the bound, never on time
		} else if finish <= mc.m {
			res.onTime++
		}
		byDraws.add(finish)
		if mc.cum != nil {
			covered := sort.Search(len(mc.cum), func(j int) bool { return mc.cum[j] > sumM })
			res.coveredExactly[covered]++
		}
		if sums != nil {
			sums = append(sums, sumM)
		}
		if !mc.budget.spend(k + 1) {
			break // the report fails: these figures are never shown
		}
	}
	res.finishes = byDraws.finishes()
	if sums != nil {
		res.byDate = workByDate(sums)
	}
	return res
}

// drawCounts counts trials by their number of draws. A slice, not a map:
// it is bumped once per trial, and draws are small numbers.
type drawCounts []int

func (dc *drawCounts) add(k int) {
	for len(*dc) <= k {
		*dc = append(*dc, 0)
	}
	(*dc)[k]++
}

// finishes lists the counts in draw order, leaving out draws no trial had.
func (dc drawCounts) finishes() []finishCount {
	var out []finishCount
	for k, t := range dc {
		if t > 0 {
			out = append(out, finishCount{k, t})
		}
	}
	return out
}

// workByDate reads the §3.8 by_date figures from the trials' amounts done
// by the date: pX is reached in at least X% of trials, the nearest-rank
// (100 − X)th percentile.
func workByDate(sums []float64) WorkByDate {
	slices.Sort(sums)
	return WorkByDate{P50: nearestRank(sums, 50), P85: nearestRank(sums, 15), P95: nearestRank(sums, 5)}
}

// boundedIndex draws uniformly from [0, n) with Lemire's multiply-and-reject
// method, written out here so that the sequence depends only on PCG (whose
// output is specified) and not on how math/rand implements IntN.
func boundedIndex(src *rand.PCG, n uint64) uint64 {
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		threshold := -n % n
		for lo < threshold {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return hi
}
