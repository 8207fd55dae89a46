package report

import (
	"reflect"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
)

func TestCapacityFit(t *testing.T) {
	tests := []struct {
		name     string
		capacity float64
		sizes    []float64
		fits     []string
		over     []string
		cutAfter *string
	}{
		{"all fit, exactly", 10, []float64{4, 6}, []string{"F0", "F1"}, []string{}, ptr("F1")},
		{"no skipping past the first that does not fit", 10, []float64{4, 7, 1, 0}, []string{"F0"}, []string{"F1", "F2", "F3"}, ptr("F0")},
		{"none fits", 3, []float64{4, 1}, []string{}, []string{"F0", "F1"}, nil},
		{"empty release", 3, nil, []string{}, []string{}, nil},
		{"zero capacity, zero sizes fit", 0, []float64{0, 0, 1}, []string{"F0", "F1"}, []string{"F2"}, ptr("F1")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newSiteBuilder(t)
			var ids []string
			for i, size := range tt.sizes {
				id := "F" + string(rune('0'+i))
				b.feature(id, scores(1, 1), estimate(size))
				ids = append(ids, id)
			}
			b.release("R", "2026-01-05", "2026-02-27", tt.capacity, ids...)
			rr := b.compute("2026-01-05").Releases[0]
			if !reflect.DeepEqual(rr.Fits, tt.fits) || !reflect.DeepEqual(rr.Over, tt.over) || !reflect.DeepEqual(rr.CutAfter, tt.cutAfter) {
				t.Errorf("fits %v over %v cut_after %v; want %v %v %v", rr.Fits, rr.Over, rr.CutAfter, tt.fits, tt.over, tt.cutAfter)
			}
			if rr.Forecast != nil {
				t.Errorf("release with no closed sprint has a forecast: %+v", rr.Forecast)
			}
		})
	}
}

func TestBurnupDeclaredDoneAfterE(t *testing.T) {
	b := newSiteBuilder(t)
	b.feature("D", status(model.StatusDone), doneOn(b.d("2026-01-14")), estimate(4), noScores())
	b.feature("X", status(model.StatusDropped), noScores())
	b.feature("S", scores(1, 1), estimate(10))
	b.release("R", "2026-01-05", "2026-02-27", 100, "D", "X", "S")
	s1 := b.sprint("S-1", "R", "2026-01-05", "2026-01-09")
	b.sprint("S-other", "", "2026-01-12", "2026-01-13")
	s2 := b.sprint("S-2", "R", "2026-01-14", "2026-01-20")
	b.sprint("S-3", "R", "2026-01-21", "2026-01-27")
	b.story(s1, "A", "S", 3, "")
	b.story(s1, "DX", "X", 5, "") // a dropped feature's story counts nowhere
	b.log(s1, "2026-01-06", model.LogEntry{Done: []string{"A", "DX"}})
	b.story(s2, "B", "S", 2, "")
	rr := b.compute("2026-01-15").Releases[0]
	d := func(s string) model.Date { return day(t, s) }
	want := []BurnupPoint{
		{"S-1", d("2026-01-09"), 4 + 3, 3, 4, 0},
		{"S-2", d("2026-01-15"), 4 + 5, 4 + 3, 2, 2},
	}
	if !reflect.DeepEqual(rr.Burnup, want) {
		t.Errorf("burnup = %+v, want %+v", rr.Burnup, want)
	}
	if !reflect.DeepEqual(rr.Sprints, []string{"S-1", "S-2", "S-3"}) {
		t.Errorf("sprints = %v", rr.Sprints)
	}
	if rr.Scope != 9 || rr.Done != 7 || rr.Remaining != 2 {
		t.Errorf("scope/done/remaining = %v/%v/%v", rr.Scope, rr.Done, rr.Remaining)
	}
}

// forecastSite is a release with closed sprints completing the given
// amounts (two-week cadence from 2026-01-05) and remaining work in two
// features.
func forecastSite(t *testing.T, completed []float64, remaining [2]float64, releaseDate string) *siteBuilder {
	b := newSiteBuilder(t)
	b.feature("F1", scores(1, 1), estimate(remaining[0]))
	b.feature("F2", scores(1, 1), estimate(remaining[1]))
	b.feature("F0", scores(1, 1), status(model.StatusDone))
	b.release("R", "2026-01-05", releaseDate, 1000, "F0", "F1", "F2")
	start := b.d("2026-01-05")
	for i, c := range completed {
		st := start.AddDays(14 * i)
		s := b.sprint("S"+string(rune('a'+i)), "", st.String(), st.AddDays(11).String())
		id := "ST" + string(rune('a'+i))
		b.story(s, id, "", c, "")
		b.log(s, st.AddDays(2).String(), model.LogEntry{Done: []string{id}})
	}
	return b
}

func TestForecast(t *testing.T) {
	t.Run("all velocities zero", func(t *testing.T) {
		b := forecastSite(t, []float64{0, 0, 0}, [2]float64{5, 5}, "2026-06-01")
		if fc := b.compute("2026-03-01").Releases[0].Forecast; fc != nil {
			t.Errorf("forecast with zero velocity: %+v", fc)
		}
	})
	t.Run("nothing remaining", func(t *testing.T) {
		b := forecastSite(t, []float64{5}, [2]float64{0, 0}, "2026-06-01")
		if fc := b.compute("2026-03-01").Releases[0].Forecast; fc != nil {
			t.Errorf("forecast with nothing remaining: %+v", fc)
		}
	})
	t.Run("beyond the sprint bound", func(t *testing.T) {
		b := forecastSite(t, []float64{1}, [2]float64{1e9, 0}, "2026-06-01")
		if fc := b.compute("2026-03-01").Releases[0].Forecast; fc != nil {
			t.Errorf("forecast of a billion sprints: %+v", fc)
		}
	})

	t.Run("constant velocity", func(t *testing.T) {
		// Sprints 01-05..01-16 and 01-19..01-30 complete 10 each. No sprint
		// follows the last closed one, so the cadence is its length, 12
		// days. Remaining 25 needs 3 sprints after 01-30. The release date
		// 02-24 leaves floor(25/12) = 2 whole sprints: 20 covers F1 (15),
		// not F2 (15 + 10).
		b := forecastSite(t, []float64{10, 10}, [2]float64{15, 10}, "2026-02-24")
		rep := b.compute("2026-02-01")
		fc := rep.Releases[0].Forecast
		d := func(s string) model.Date { return day(t, s) }
		if fc == nil {
			t.Fatal("no forecast")
		}
		want := ReleaseForecast{
			Velocity: 10, SprintsNeeded: 3, Date: d("2026-03-07"),
			P50: d("2026-03-07"), P85: d("2026-03-07"), P95: d("2026-03-07"), OnTime: 0,
			Features:  []FeatureOnTime{{"F0", 1}, {"F1", 1}, {"F2", 0}},
			Base:      d("2026-01-30"),
			Length:    12,
			Histogram: []FinishCount{{d("2026-03-07"), 10000}},
		}
		if !reflect.DeepEqual(*fc, want) {
			t.Errorf("forecast = %+v\nwant       %+v", *fc, want)
		}
		for _, f := range rep.Features {
			if f.OnTime == nil {
				t.Errorf("%s: no on_time", f.ID)
			}
		}
	})

	t.Run("cadence from the next sprint, base from the active one", func(t *testing.T) {
		b := forecastSite(t, []float64{10, 10}, [2]float64{15, 10}, "2026-03-10")
		// A one-week sprint starting 9 days after the last closed one.
		s := b.sprint("Sn", "", "2026-02-08", "2026-02-14")
		b.story(s, "N", "", 4, "")
		fc := b.compute("2026-02-09").Releases[0].Forecast
		if fc.Base != day(t, "2026-02-14") || fc.Length != 20 {
			t.Errorf("base %v length %d; want 2026-02-14 and 20 (01-19 to 02-08)", fc.Base, fc.Length)
		}
	})

	t.Run("release date before base", func(t *testing.T) {
		b := forecastSite(t, []float64{10, 10}, [2]float64{15, 10}, "2026-01-20")
		fc := b.compute("2026-02-01").Releases[0].Forecast
		want := []FeatureOnTime{{"F0", 1}, {"F1", 0}, {"F2", 0}}
		if fc.OnTime != 0 || !reflect.DeepEqual(fc.Features, want) {
			t.Errorf("on_time %v features %v", fc.OnTime, fc.Features)
		}
	})
}

func TestMonteCarlo(t *testing.T) {
	b := forecastSite(t, []float64{2, 12, 0, 7, 9, 20, 5}, [2]float64{30, 25}, "2026-07-01")
	rep1 := b.compute("2026-04-20")
	fc := rep1.Releases[0].Forecast
	if fc == nil {
		t.Fatal("no forecast")
	}
	if !(fc.P50 <= fc.P85 && fc.P85 <= fc.P95) {
		t.Errorf("percentiles out of order: %v %v %v", fc.P50, fc.P85, fc.P95)
	}
	total := 0
	for i, h := range fc.Histogram {
		total += h.Trials
		if i > 0 && h.Date <= fc.Histogram[i-1].Date {
			t.Errorf("histogram not in date order")
		}
		if (h.Date-fc.Base)%model.Date(fc.Length) != 0 {
			t.Errorf("finish %v is not base + k·length", h.Date)
		}
	}
	if total != 10000 {
		t.Errorf("histogram counts %d trials", total)
	}
	if got := fc.Features[len(fc.Features)-1].OnTime; got != fc.OnTime {
		t.Errorf("last feature on_time %v, release %v", got, fc.OnTime)
	}
	if fc.OnTime <= 0 || fc.OnTime >= 1 {
		t.Errorf("on_time %v, want strictly between 0 and 1 for this history", fc.OnTime)
	}
	// Same input, same output; another seed, another sample.
	rep2 := b.compute("2026-04-20")
	if !reflect.DeepEqual(rep1.Releases[0].Forecast, rep2.Releases[0].Forecast) {
		t.Error("two runs differ")
	}
	b.site.Config.Seed = 2
	if reflect.DeepEqual(b.compute("2026-04-20").Releases[0].Forecast.Histogram, fc.Histogram) {
		t.Error("seed 2 gives the same histogram as seed 1")
	}
}

// TestMonteCarloSequence pins the generator: changing it would change
// every published forecast, which must be a deliberate decision.
func TestMonteCarloSequence(t *testing.T) {
	mc := monteCarlo{samples: []float64{1, 2, 3, 4, 5}, remaining: 9, cum: []float64{4, 9}, m: 2, trials: 1000, maxDraws: MaxForecastSprints, seed: 1}
	res := mc.run()
	got := []int{}
	for _, f := range res.finishes {
		got = append(got, f.draws, f.trials)
	}
	want := []int{2, 109, 3, 453, 4, 321, 5, 99, 6, 18}
	if !reflect.DeepEqual(got, want) || res.onTime != 109 {
		t.Errorf("finishes (draws, trials) = %v on time %d\nwant %v", got, res.onTime, want)
	}
}

func TestMonteCarloBoundedTrials(t *testing.T) {
	// Mostly zeros: each trial needs many draws, and some would need more
	// than the bound; it must stop there.
	samples := make([]float64, 1000)
	samples[0] = 1
	mc := monteCarlo{samples: samples, remaining: 50, cum: []float64{50}, m: 3, trials: 50, maxDraws: MaxForecastSprints, seed: 1}
	res := mc.run()
	n := 0
	for _, f := range res.finishes {
		if f.draws > MaxForecastSprints {
			t.Errorf("a trial drew %d times", f.draws)
		}
		n += f.trials
	}
	if n != 50 || res.finishes[len(res.finishes)-1].draws != MaxForecastSprints {
		t.Errorf("finishes %v", res.finishes)
	}
}

func TestLastDate(t *testing.T) {
	if got := model.MakeDate(9999, 12, 31); got != lastDate {
		t.Errorf("MakeDate(9999-12-31) = %d, lastDate = %d", got, lastDate)
	}
}
