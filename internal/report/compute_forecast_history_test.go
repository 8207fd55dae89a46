package report

import (
	"reflect"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
)

// historySite is release R (due 30 Jan 2026) with feature F1 of stories A
// (4) and B (6), over one-week sprints S1 (5 – 9 Jan), S2 (12 – 16 Jan)
// and S3 (19 – 23 Jan). S1 completes A and X (8, no feature): 12; S2
// completes X2 (6); B carries over to S3 and is done there on the 21st.
// With gainScope, S3 also gets C (5, F1) added on the 22nd and not done.
func historySite(t *testing.T, gainScope bool) *siteBuilder {
	b := newSiteBuilder(t)
	b.feature("F1", scores(1, 1), estimate(10))
	b.release("R", "2026-01-05", "2026-01-30", 100, "F1")
	s1 := b.sprint("S1", "R", "2026-01-05", "2026-01-09")
	b.story(s1, "A", "F1", 4, "")
	b.story(s1, "B", "F1", 6, "")
	b.story(s1, "X", "", 8, "")
	b.log(s1, "2026-01-07", model.LogEntry{Done: []string{"A"}})
	b.log(s1, "2026-01-08", model.LogEntry{Done: []string{"X"}})
	s2 := b.sprint("S2", "R", "2026-01-12", "2026-01-16")
	b.story(s2, "B", "F1", 6, "")
	b.story(s2, "X2", "", 6, "")
	b.log(s2, "2026-01-13", model.LogEntry{Done: []string{"X2"}})
	s3 := b.sprint("S3", "R", "2026-01-19", "2026-01-23")
	b.story(s3, "B", "F1", 6, "")
	b.log(s3, "2026-01-21", model.LogEntry{Done: []string{"B"}})
	if gainScope {
		b.story(s3, "C", "F1", 5, "")
		b.log(s3, "2026-01-22", model.LogEntry{Added: []string{"C"}})
	}
	return b
}

func TestForecastHistory(t *testing.T) {
	d := func(s string) model.Date { return day(t, s) }
	// point is a history entry whose simulation is deterministic: every
	// sample covers the remaining work in the same number of sprints.
	point := func(asOf string, remaining float64, sprint string, velocity float64, needed int, date string) ForecastPoint {
		return ForecastPoint{
			AsOf: d(asOf), Remaining: remaining, Sprint: sprint, Velocity: ptr(velocity), SprintsNeeded: ptr(needed),
			Date: d(date), P50: d(date), P85: d(date), P95: d(date), OnTime: ptr(1.0), Trials: 10000,
		}
	}
	tests := []struct {
		name      string
		asOf      string
		gainScope bool
		history   []ForecastPoint
		finished  model.Date
		accuracy  AccuracyReport
	}{
		{
			// S1 active: no sprint of R has closed.
			name: "no closed sprint", asOf: "2026-01-08",
			history: []ForecastPoint{}, accuracy: AccuracyReport{Releases: []string{}},
		},
		{
			// As of S1's end: samples [12], 6 left, one sprint of 7 days.
			name: "one point", asOf: "2026-01-09",
			history:  []ForecastPoint{point("2026-01-09", 6, "S1", 12, 1, "2026-01-16")},
			accuracy: AccuracyReport{Releases: []string{}},
		},
		{
			// Finished on 23 Jan: the forecast of the 9th (16 Jan) was too
			// early, that of the 16th (samples [12, 6], 23 Jan) held. The
			// last point has nothing left, so no forecast.
			name: "finished", asOf: "2026-01-23",
			history: []ForecastPoint{
				point("2026-01-09", 6, "S1", 12, 1, "2026-01-16"),
				point("2026-01-16", 6, "S2", 9, 1, "2026-01-23"),
				{AsOf: d("2026-01-23"), Remaining: 0, Sprint: "S3"},
			},
			finished: d("2026-01-23"),
			accuracy: AccuracyReport{Forecasts: 2, P50Held: ptr(0.5), P85Held: ptr(0.5), P95Held: ptr(0.5), Releases: []string{"R"}},
		},
		{
			// Scope gained after it was done: not finished, and no
			// accuracy to speak of. As of S3's end: samples [12, 6, 6],
			// velocity 8, 5 left; no sprint follows S3, so the cadence is
			// its own 5 days.
			name: "finished, then gained scope", asOf: "2026-01-23", gainScope: true,
			history: []ForecastPoint{
				point("2026-01-09", 6, "S1", 12, 1, "2026-01-16"),
				point("2026-01-16", 6, "S2", 9, 1, "2026-01-23"),
				point("2026-01-23", 5, "S3", 8, 1, "2026-01-28"),
			},
			accuracy: AccuracyReport{Releases: []string{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := historySite(t, tt.gainScope).compute(tt.asOf)
			rr := rep.Releases[0]
			if !reflect.DeepEqual(rr.ForecastHistory, tt.history) {
				t.Errorf("history %+v\nwant    %+v", rr.ForecastHistory, tt.history)
			}
			if rr.Finished != tt.finished {
				t.Errorf("finished %v, want %v", rr.Finished, tt.finished)
			}
			if !reflect.DeepEqual(rep.Accuracy, tt.accuracy) {
				t.Errorf("accuracy %+v, want %+v", rep.Accuracy, tt.accuracy)
			}
		})
	}
}

// A release without sprints has an empty history, and one whose remaining
// is 0 without a burnup point showing it is not finished: there is no date
// to give.
func TestFinishedWithoutBurnup(t *testing.T) {
	b := newSiteBuilder(t)
	b.feature("F", scores(1, 1), status(model.StatusDone), estimate(3))
	b.release("R", "2026-01-05", "2026-01-30", 10, "F")
	rr := b.compute("2026-01-20").Releases[0]
	if rr.Remaining != 0 || !rr.Finished.IsZero() || rr.ForecastHistory == nil || len(rr.ForecastHistory) != 0 {
		t.Errorf("remaining %v finished %v history %v", rr.Remaining, rr.Finished, rr.ForecastHistory)
	}
}

// TestHistorySimSharesDraws: points with the same samples and remaining
// work see the same trials, and a point's figures do not depend on the
// points simulated beside it.
func TestHistorySimSharesDraws(t *testing.T) {
	samples := []float64{1, 2, 3, 4, 5}
	mk := func(remaining float64) *pastSim {
		return &pastSim{samples: samples, n: 5, remaining: remaining, m: 2, maxDraws: MaxForecastSprints}
	}
	a, b, c := mk(9), mk(9), mk(30)
	(&historySim{points: []*pastSim{a, b, c}, trials: 1000, seed: 1}).run()
	alone := mk(9)
	(&historySim{points: []*pastSim{alone}, trials: 1000, seed: 1}).run()
	if !reflect.DeepEqual(a.counts, b.counts) || !reflect.DeepEqual(a.counts, alone.counts) || a.onTime != alone.onTime {
		t.Errorf("counts %v %v alone %v; on time %d alone %d", a.counts, b.counts, alone.counts, a.onTime, alone.onTime)
	}
	total := 0
	for _, n := range c.counts {
		total += n
	}
	if total != 1000 || c.onTime != 0 {
		t.Errorf("30 in 2 draws of at most 5: %d trials, %d on time", total, c.onTime)
	}
}

// TestHistorySimPartsMatchOrder: the trials split between goroutines give
// the counts of the trials run in order, and spend the budget as they do.
func TestHistorySimPartsMatchOrder(t *testing.T) {
	mk := func() []*pastSim {
		var ps []*pastSim
		for i, s := range [][]float64{{1, 2, 3, 4, 5}, {0, 0, 7}, {3}, {0, 1, 1, 2, 3, 5, 8, 13}} {
			ps = append(ps, &pastSim{samples: s, n: uint64(len(s)), remaining: float64(5 + 7*i), m: 3 + i, maxDraws: 40})
		}
		return ps
	}
	for _, left := range []int64{-1, 1_000, 1 << 40} {
		run := func(inOrder bool) ([]*pastSim, *drawBudget) {
			ps := mk()
			var b *drawBudget
			if left >= 0 {
				b = &drawBudget{left: left}
			}
			hs := &historySim{points: ps, trials: 997, seed: 7, budget: b}
			if inOrder {
				hs.runInOrder()
			} else {
				hs.run()
			}
			return ps, b
		}
		par, pb := run(false)
		seq, sb := run(true)
		if !reflect.DeepEqual(pb, sb) {
			t.Errorf("budget %d: parts leave %v, in order %v", left, pb, sb)
		}
		if sb.exhausted() {
			continue // the figures are never shown
		}
		for i := range seq {
			if !reflect.DeepEqual(par[i].counts, seq[i].counts) || par[i].onTime != seq[i].onTime {
				t.Errorf("budget %d, point %d: parts %v %d, in order %v %d", left, i, par[i].counts, par[i].onTime, seq[i].counts, seq[i].onTime)
			}
		}
	}
}
