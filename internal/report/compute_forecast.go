package report

import (
	"math"
	"math/bits"
	"math/rand/v2"
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

// forecast computes the velocity and Monte Carlo forecast of a release
// (§3.7), or nil when there is nothing to forecast or no velocity to do it
// with. features are the release's features in release order.
func (c *computer) forecast(rr *ReleaseReport, features []*FeatureReport) *ReleaseForecast {
	if !(rr.Remaining > 0) || len(c.closed) == 0 {
		return nil
	}
	v := c.averageVelocity(c.asOf)
	if v == nil || !(*v > 0) {
		return nil
	}
	var base model.Date
	for _, s := range c.sprints {
		if s.Start <= c.asOf && s.End > base {
			base = s.End
		}
	}
	length := c.cadence()
	if base.IsZero() || length <= 0 {
		return nil
	}
	maxDraws := MaxForecastSprints
	if fit := int(lastDate-base) / length; fit < maxDraws {
		maxDraws = fit
	}
	needed := math.Ceil(rr.Remaining / *v)
	if !(needed <= float64(maxDraws)) {
		return nil
	}
	fc := &ReleaseForecast{
		Velocity:      *v,
		SprintsNeeded: int(needed),
		Date:          base + model.Date(int(needed)*length),
		Base:          base,
		Length:        length,
		Features:      make([]FeatureOnTime, 0, len(features)),
		Histogram:     []FinishCount{},
	}

	mc := monteCarlo{
		remaining: rr.Remaining,
		trials:    c.trials(),
		maxDraws:  maxDraws,
		seed:      c.cfg.Seed,
		m:         max(floorDiv(int(rr.Date-base), length), 0),
	}
	for _, sr := range c.closed {
		mc.samples = append(mc.samples, sr.Completed)
	}
	var running float64
	for _, fr := range features {
		running += fr.Remaining
		mc.cum = append(mc.cum, running)
	}
	res := mc.run()

	trials := float64(mc.trials)
	seen := 0
	for _, kc := range res.finishes {
		d := base + model.Date(kc.draws*length)
		fc.Histogram = append(fc.Histogram, FinishCount{Date: d, Trials: kc.trials})
		for _, p := range [...]struct {
			pct int
			dst *model.Date
		}{{50, &fc.P50}, {85, &fc.P85}, {95, &fc.P95}} {
			if pos := (p.pct*mc.trials + 99) / 100; seen < pos && pos <= seen+kc.trials {
				*p.dst = d
			}
		}
		seen += kc.trials
	}
	fc.OnTime = float64(res.onTime) / trials
	// Feature j is on time in every trial covering more than j features.
	covered := mc.trials
	for j, fr := range features {
		covered -= res.coveredExactly[j]
		share := float64(covered) / trials
		fc.Features = append(fc.Features, FeatureOnTime{ID: fr.ID, OnTime: share})
		fr.OnTime = &share
	}
	return fc
}

// cadence is the sprint length in days for forecasts: from the start of the
// latest closed sprint to the start of the sprint after it, or that sprint's
// own length when none follows.
func (c *computer) cadence() int {
	last := c.closed[len(c.closed)-1].Sprint
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
	samples   []float64 // completed of every sprint closed by A; not empty
	remaining float64   // > 0
	cum       []float64 // running sums of remaining in release order
	m         int       // draws that fit between base and the release date
	trials    int
	maxDraws  int
	seed      int64
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
}

func (mc *monteCarlo) run() monteCarloResult {
	src := rand.NewPCG(uint64(mc.seed), forecastStream)
	n := uint64(len(mc.samples))
	byDraws := map[int]int{}
	res := monteCarloResult{coveredExactly: make([]int, len(mc.cum)+1)}
	for range mc.trials {
		var sum, sumM float64
		k := 0
		for sum < mc.remaining && k < mc.maxDraws {
			sum += mc.samples[boundedIndex(src, n)]
			k++
			if k == mc.m {
				sumM = sum
			}
		}
		// A trial that finished before m draws would only add non-negative
		// draws up to m, and every running sum is at most remaining, so
		// drawing on could not change which features are covered: the sum
		// at the finish stands for the sum of the first m draws. A trial cut
		// off by maxDraws uses what it reached (a lower bound).
		if k < mc.m {
			sumM = sum
		}
		finished := sum >= mc.remaining
		if finished && k <= mc.m {
			res.onTime++
		}
		byDraws[k]++
		covered := sort.Search(len(mc.cum), func(j int) bool { return mc.cum[j] > sumM })
		res.coveredExactly[covered]++
	}
	for k, t := range byDraws {
		res.finishes = append(res.finishes, finishCount{k, t})
	}
	sort.Slice(res.finishes, func(i, j int) bool { return res.finishes[i].draws < res.finishes[j].draws })
	return res
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
