package report

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
)

// queueRelease is one release of queueSite: its features' remaining work
// (a negative entry is a feature with status done, estimate 5).
type queueRelease struct {
	id, start, date string
	remaining       []float64
}

// queueSite is forecastSite with several releases: closed sprints
// completing the given amounts on a two-week cadence from 2026-01-05, in no
// release, and releases whose features are sized by their remaining work.
func queueSite(t *testing.T, completed []float64, releases ...queueRelease) *siteBuilder {
	b := newSiteBuilder(t)
	for _, r := range releases {
		var ids []string
		for j, rem := range r.remaining {
			id := fmt.Sprintf("%s-F%d", r.id, j)
			if rem < 0 {
				b.feature(id, scores(1, 1), estimate(5), status(model.StatusDone))
			} else {
				b.feature(id, scores(1, 1), estimate(rem))
			}
			ids = append(ids, id)
		}
		b.release(r.id, r.start, r.date, 1000, ids...)
	}
	start := b.d("2026-01-05")
	for i, c := range completed {
		st := start.AddDays(14 * i)
		s := b.sprint(fmt.Sprintf("S%d", i), "", st.String(), st.AddDays(11).String())
		id := fmt.Sprintf("ST%d", i)
		b.story(s, id, "", c, "")
		b.log(s, st.AddDays(2).String(), model.LogEntry{Done: []string{id}})
	}
	return b
}

func releaseByID(t *testing.T, rep *Report, id string) *ReleaseReport {
	t.Helper()
	for _, rr := range rep.Releases {
		if rr.ID == id {
			return rr
		}
	}
	t.Fatalf("no release %s", id)
	return nil
}

func TestQueueForecast(t *testing.T) {
	d := func(s string) model.Date { return day(t, s) }

	t.Run("two releases", func(t *testing.T) {
		// Velocity 10 every sprint; base 01-30, cadence 12 days (no sprint
		// follows the last closed one). R2 starts first but is due later,
		// so R1 is ahead of it. Alone R2's 15 need 2 sprints (02-23); after
		// R1's 15 the queue's 30 need 3 (03-07), past R2's date 03-05,
		// where 2 whole sprints (20) fit: R2's done feature and its first
		// (15 + 5) are covered, not its second (15 + 15).
		b := queueSite(t, []float64{10, 10},
			queueRelease{"R1", "2026-01-10", "2026-02-24", []float64{15}},
			queueRelease{"R2", "2026-01-05", "2026-03-05", []float64{-1, 5, 10}})
		rep := b.compute("2026-02-01")
		r1, r2 := releaseByID(t, rep, "R1"), releaseByID(t, rep, "R2")
		if r1.Forecast == nil || r2.Forecast == nil {
			t.Fatal("no forecast")
		}
		if r1.Forecast.Queue != nil {
			t.Errorf("R1 is first in the queue but has a queue forecast: %+v", r1.Forecast.Queue)
		}
		fc := r2.Forecast
		if fc.Date != d("2026-02-23") || fc.OnTime != 1 {
			t.Errorf("standalone R2: date %v on_time %v; want 2026-02-23 and 1", fc.Date, fc.OnTime)
		}
		want := &QueueForecast{
			After: []string{"R1"}, Remaining: 30, SprintsNeeded: ptr(3), Date: d("2026-03-07"),
			P50: d("2026-03-07"), P85: d("2026-03-07"), P95: d("2026-03-07"), OnTime: 0,
			Features:      []FeatureOnTime{{"R2-F0", 1}, {"R2-F1", 1}, {"R2-F2", 0}},
			CutLineOnTime: ptr(0.0), // everything fits the capacity: the last feature's odds
			// Every trial draws 10 a sprint: all finish on the date.
			Histogram: []FinishCount{{d("2026-03-07"), 10000}},
		}
		if !reflect.DeepEqual(fc.Queue, want) {
			t.Errorf("queue = %+v\nwant    %+v", fc.Queue, want)
		}
		// The SPEC's per-feature odds stay the standalone ones.
		if got := rep.Features; got[len(got)-1].OnTime == nil {
			t.Error("feature on_time lost")
		}
		for _, fo := range fc.Features {
			if fo.OnTime != 1 {
				t.Errorf("standalone %s on_time %v, want 1", fo.ID, fo.OnTime)
			}
		}
	})

	t.Run("queue odds at most the standalone odds", func(t *testing.T) {
		b := queueSite(t, []float64{2, 12, 0, 7, 9, 20, 5},
			queueRelease{"R1", "2026-04-01", "2026-05-15", []float64{10, 8}},
			queueRelease{"R2", "2026-05-18", "2026-07-10", []float64{12, 20}})
		rep := b.compute("2026-04-20")
		fc := releaseByID(t, rep, "R2").Forecast
		q := fc.Queue
		if q == nil {
			t.Fatal("no queue forecast")
		}
		if !(q.OnTime < fc.OnTime && q.P50 >= fc.P50 && q.P85 >= fc.P85 && q.P95 >= fc.P95 && q.Date >= fc.Date) {
			t.Errorf("queue %+v\nnot behind standalone %+v", q, fc)
		}
		if q.OnTime <= 0 || q.OnTime >= 1 {
			t.Errorf("queue on_time %v, want strictly between 0 and 1 for this history", q.OnTime)
		}
		if q.Features[1].OnTime != q.OnTime || q.Features[0].OnTime < q.Features[1].OnTime {
			t.Errorf("feature odds %v, release %v", q.Features, q.OnTime)
		}
	})

	t.Run("no earlier release", func(t *testing.T) {
		b := queueSite(t, []float64{10, 10},
			queueRelease{"R1", "2026-01-05", "2026-03-05", []float64{15}},
			queueRelease{"R2", "2026-01-05", "2026-04-05", []float64{0}})
		rep := b.compute("2026-02-01")
		if q := releaseByID(t, rep, "R1").Forecast.Queue; q != nil {
			t.Errorf("queue forecast with nothing ahead: %+v", q)
		}
		if fc := releaseByID(t, rep, "R2").Forecast; fc != nil {
			t.Errorf("forecast of a finished release: %+v", fc)
		}
	})

	t.Run("earlier release finished", func(t *testing.T) {
		b := queueSite(t, []float64{10, 10},
			queueRelease{"R1", "2026-01-05", "2026-02-05", []float64{-1, 0}},
			queueRelease{"R2", "2026-01-05", "2026-03-05", []float64{15}})
		if q := releaseByID(t, b.compute("2026-02-01"), "R2").Forecast.Queue; q != nil {
			t.Errorf("queue forecast behind a finished release: %+v", q)
		}
	})

	t.Run("order by date, then start, then id; finished ones skipped", func(t *testing.T) {
		b := queueSite(t, []float64{10, 10},
			queueRelease{"Rb", "2026-01-05", "2026-03-05", []float64{1}},
			queueRelease{"Ra", "2026-01-05", "2026-03-05", []float64{2}},
			queueRelease{"Rc", "2026-01-01", "2026-03-05", []float64{4}},
			queueRelease{"Rd", "2026-01-01", "2026-02-05", []float64{0}},
			queueRelease{"Re", "2026-01-01", "2026-02-06", []float64{8}})
		rep := b.compute("2026-02-01")
		for id, want := range map[string][]string{
			"Re": nil, "Rc": {"Re"}, "Ra": {"Re", "Rc"}, "Rb": {"Re", "Rc", "Ra"},
		} {
			q := releaseByID(t, rep, id).Forecast.Queue
			switch {
			case want == nil && q != nil:
				t.Errorf("%s: queue after %v, want none", id, q.After)
			case want != nil && (q == nil || !reflect.DeepEqual(q.After, want)):
				t.Errorf("%s: queue %+v, want after %v", id, q, want)
			}
		}
		if q := releaseByID(t, rep, "Rb").Forecast.Queue; q.Remaining != 15 {
			t.Errorf("Rb queue remaining %v, want 15", q.Remaining)
		}
	})

	t.Run("queue beyond the sprint bound", func(t *testing.T) {
		// R1 alone needs a hundred million sprints: neither it nor the
		// queue behind it has a forecast date, and every trial stops at
		// the bound.
		b := queueSite(t, []float64{10, 10},
			queueRelease{"R1", "2026-01-05", "2026-02-05", []float64{1e9}},
			queueRelease{"R2", "2026-01-05", "2026-03-05", []float64{15}})
		b.site.Config.Trials = 200
		rep := b.compute("2026-02-01")
		if fc := releaseByID(t, rep, "R1").Forecast; fc != nil {
			t.Errorf("R1 forecast %+v", fc)
		}
		q := releaseByID(t, rep, "R2").Forecast.Queue
		if q == nil {
			t.Fatal("no queue forecast")
		}
		bound := d("2026-01-30") + model.Date(MaxForecastSprints*12)
		if q.SprintsNeeded != nil || !q.Date.IsZero() || q.OnTime != 0 || q.P50 != bound || q.P95 != bound {
			t.Errorf("queue %+v; want no date, on_time 0, percentiles at the bound %v", q, bound)
		}
		if js := string(mustJSON(t, q)); !strings.Contains(js, `"sprints_needed":null`) || !strings.Contains(js, `"date":null`) {
			t.Errorf("json %s", js)
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestQueueForecastDeterministic(t *testing.T) {
	rels := []queueRelease{
		{"R1", "2026-04-01", "2026-05-15", []float64{10, 8}},
		{"R2", "2026-05-18", "2026-07-10", []float64{12, 20}},
		{"R3", "2026-07-13", "2026-09-04", []float64{30}},
	}
	b := queueSite(t, []float64{2, 12, 0, 7, 9, 20, 5}, rels...)
	rep1, rep2 := b.compute("2026-04-20"), b.compute("2026-04-20")
	if !reflect.DeepEqual(reportAsJSONValue(t, rep1), reportAsJSONValue(t, rep2)) {
		t.Error("two runs differ")
	}
	q2, q3 := releaseByID(t, rep1, "R2").Forecast.Queue, releaseByID(t, rep1, "R3").Forecast.Queue
	// One sequence of draws per trial: a release never finishes before the
	// one ahead of it.
	if !(q2.P50 <= q3.P50 && q2.P85 <= q3.P85 && q2.P95 <= q3.P95) {
		t.Errorf("R3 %v %v %v before R2 %v %v %v", q3.P50, q3.P85, q3.P95, q2.P50, q2.P85, q2.P95)
	}

	// The SPEC figures are those of each release on its own: dropping the
	// releases ahead of R3 leaves its forecast, queue aside, as it was.
	alone := queueSite(t, []float64{2, 12, 0, 7, 9, 20, 5}, rels[2])
	got := *releaseByID(t, rep1, "R3").Forecast
	got.Queue = nil
	if want := releaseByID(t, alone.compute("2026-04-20"), "R3").Forecast; !reflect.DeepEqual(&got, want) {
		t.Errorf("standalone forecast changed by the queue:\n%+v\n%+v", got, *want)
	}

	b.site.Config.Seed = 2
	if reflect.DeepEqual(releaseByID(t, b.compute("2026-04-20"), "R3").Forecast.Queue, q3) {
		t.Error("seed 2 gives the same queue forecast as seed 1")
	}
}

// TestQueueSimSequence pins the queue generator, like TestMonteCarloSequence.
func TestQueueSimSequence(t *testing.T) {
	qs := queueSim{samples: []float64{1, 2, 3, 4, 5}, ends: []float64{4, 9}, m: []int{1, 3},
		cum: [][]float64{{4}, {6, 9}}, trials: 1000, maxDraws: MaxForecastSprints, seed: 1}
	var got [][]int
	for _, r := range qs.run() {
		row := []int{r.onTime}
		for _, f := range r.finishes {
			row = append(row, f.draws, f.trials)
		}
		got = append(got, append(row, r.coveredExactly...))
	}
	// Per release: on time, (draws, trials) of the finishes, coveredExactly.
	want := [][]int{
		{386, 1, 386, 2, 477, 3, 129, 4, 8, 614, 386},
		{560, 2, 118, 3, 442, 4, 309, 5, 113, 6, 14, 7, 4, 96, 344, 560},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

// TestQueueProperties checks the queue forecasts of random sites against
// their definition and against the standalone forecasts: never more likely,
// never earlier.
func TestQueueProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(20260501, 7))
	seen := 0
	for i := range 400 {
		site, flag := randomSite(t, rng)
		rep, err := Compute(site, AsOf(site, flag))
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]*FeatureReport{}
		for _, f := range rep.Features {
			byID[f.ID] = f
		}
		order := append([]*ReleaseReport(nil), rep.Releases...)
		sort.SliceStable(order, func(a, b int) bool { return queueLess(order[a], order[b]) })
		var ahead []string
		var aheadRemaining float64
		for _, rr := range order {
			fc := rr.Forecast
			if fc != nil {
				checkQueue(t, fmt.Sprintf("site %d %s", i, rr.ID), byID, rr, ahead, aheadRemaining)
				if fc.Queue != nil {
					seen++
				}
			}
			if rr.Remaining > 0 {
				ahead = append(ahead, rr.ID)
				aheadRemaining += rr.Remaining
			}
		}
	}
	t.Logf("%d queue forecasts", seen)
	if seen < 20 {
		t.Errorf("only %d queue forecasts in 400 random sites", seen)
	}
}

func checkQueue(t *testing.T, name string, byID map[string]*FeatureReport, rr *ReleaseReport, ahead []string, aheadRemaining float64) {
	t.Helper()
	fc, q := rr.Forecast, rr.Forecast.Queue
	if len(ahead) == 0 {
		if q != nil {
			t.Errorf("%s: queue after %v with nothing ahead", name, q.After)
		}
		return
	}
	if q == nil {
		t.Errorf("%s: no queue forecast behind %v", name, ahead)
		return
	}
	if !reflect.DeepEqual(q.After, ahead) || q.Remaining != aheadRemaining+rr.Remaining {
		t.Errorf("%s: after %v remaining %v; want %v and %v", name, q.After, q.Remaining, ahead, aheadRemaining+rr.Remaining)
	}
	if q.SprintsNeeded != nil {
		if *q.SprintsNeeded < fc.SprintsNeeded || q.Date != fc.Base+model.Date(*q.SprintsNeeded*fc.Length) {
			t.Errorf("%s: queue needs %d sprints (%v), alone %d", name, *q.SprintsNeeded, q.Date, fc.SprintsNeeded)
		}
	}
	if !(q.P50 <= q.P85 && q.P85 <= q.P95 && q.P50 >= fc.Base) {
		t.Errorf("%s: percentiles %v %v %v", name, q.P50, q.P85, q.P95)
	}
	if len(q.Features) != len(fc.Features) {
		t.Fatalf("%s: %d feature odds, standalone %d", name, len(q.Features), len(fc.Features))
	}
	for j, fo := range q.Features {
		if fo.ID != fc.Features[j].ID {
			t.Errorf("%s: feature odds %v", name, q.Features)
		}
	}
	checkFeatureOdds(t, name, q.Features, q.OnTime, byID)

	if q.OnTime > fc.OnTime || q.P50 < fc.P50 || q.P85 < fc.P85 || q.P95 < fc.P95 {
		t.Errorf("%s: queue %v %v %v %v ahead of standalone %v %v %v %v", name,
			q.OnTime, q.P50, q.P85, q.P95, fc.OnTime, fc.P50, fc.P85, fc.P95)
	}
	for j, fo := range q.Features {
		if fo.OnTime > fc.Features[j].OnTime {
			t.Errorf("%s: %s queue odds %v above standalone %v", name, fo.ID, fo.OnTime, fc.Features[j].OnTime)
		}
	}
}

func TestNoLaterThanAlone(t *testing.T) {
	d := func(s string) model.Date { return day(t, s) }
	fc := &ReleaseForecast{P50: d("2026-05-10"), P85: d("2026-05-24"), P95: d("2026-05-24"), OnTime: 0.616,
		Features: []FeatureOnTime{{"A", 1}, {"B", 0.616}}}
	q := &QueueForecast{P50: d("2026-04-28"), P85: d("2026-05-24"), P95: d("2026-06-07"), OnTime: 0.63,
		Features: []FeatureOnTime{{"A", 0.9}, {"B", 0.63}}}
	noLaterThanAlone(q, fc)
	want := &QueueForecast{P50: d("2026-05-10"), P85: d("2026-05-24"), P95: d("2026-06-07"), OnTime: 0.616,
		Features: []FeatureOnTime{{"A", 0.9}, {"B", 0.616}}}
	if !reflect.DeepEqual(q, want) {
		t.Errorf("got  %+v\nwant %+v", q, want)
	}
}

// BenchmarkQueueSim is the worst case the draw bound allows for a queue of
// 50 releases of 40 features: a history of zeros with one tiny sprint, so
// that every trial draws up to the bound.
func BenchmarkQueueSim(b *testing.B) {
	samples := make([]float64, 100)
	samples[0] = 0.001
	qs := queueSim{samples: samples, trials: 10000, maxDraws: MaxForecastSprints, seed: 1}
	var ahead float64
	for i := range 50 {
		cum := make([]float64, 40)
		for j := range cum {
			cum[j] = ahead + float64(j+1)
		}
		ahead += 40
		qs.ends = append(qs.ends, ahead)
		qs.m = append(qs.m, 6*(i+1))
		qs.cum = append(qs.cum, cum)
	}
	for b.Loop() {
		qs.run()
	}
}
