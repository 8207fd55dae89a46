package report

import (
	"cmp"
	"math"
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
			ByDate:        WorkByDate{20, 20, 20},
			Features:      []FeatureOnTime{{"F0", 1}, {"F1", 1}, {"F2", 0}},
			Base:          d("2026-01-30"),
			Length:        12,
			Samples:       []SampledSprint{{"Sa", 10}, {"Sb", 10}},
			SprintsToDate: ptr(2),
			Trials:        10000,
			CutLineOnTime: ptr(0.0),
			Histogram:     []FinishCount{{d("2026-03-07"), 10000}},
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

	t.Run("cut line odds", func(t *testing.T) {
		// Capacity 20: F0 (done, 0) and F1 (15) fit, F2 (10) is over. Two
		// sprints by the date cover F1 (20 ≥ 15): the part above the line
		// is on time although the release is not.
		b := forecastSite(t, []float64{10, 10}, [2]float64{15, 10}, "2026-02-24")
		b.site.Releases[0].Capacity = 20
		fc := b.compute("2026-02-01").Releases[0].Forecast
		if fc.CutLineOnTime == nil || *fc.CutLineOnTime != 1 || fc.OnTime != 0 {
			t.Errorf("cut line odds %v, release %v; want 1 and 0", fc.CutLineOnTime, fc.OnTime)
		}
		b.site.Releases[0].Capacity = 0 // F0's 0 still fits: only F1 and F2 are over
		fc = b.compute("2026-02-01").Releases[0].Forecast
		if fc.CutLineOnTime == nil || *fc.CutLineOnTime != 1 {
			t.Errorf("cut line odds %v with only the done feature above the line", fc.CutLineOnTime)
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

// TestForecastOneModel checks the §3.7 rules of issue 12 on hand-computed
// cases. Closed sprints Sa (5–16 Jan), Sb (19–30 Jan) and Sc (2–13 Feb)
// complete the given amounts on a two-week cadence; a running sprint Sr
// (16–27 Feb, ten working days, nothing done) follows unless told
// otherwise. Remaining work is F1 + F2.
func TestForecastOneModel(t *testing.T) {
	tests := []struct {
		name      string
		completed []float64
		remaining [2]float64
		date      string // the release date
		asOf      string
		history   int
		noRunning bool
		offDays   int // days off at the end of Sr

		wantNil      bool
		length       int // the cadence when not 14 days
		velocity     float64
		share        float64
		needed       int
		base         string
		p50          string
		onTime       float64
		sprintsToDay *int
		byDate       WorkByDate
	}{
		{
			// Base is Sr's end; 6 of its 10 working days are ahead (Mon 23
			// – Fri 27 and Fri 20): f = 0.6, 6 more by 27 Feb. 30 − 6 = 24
			// needs ceil(24/10) = 3 sprints: 27 Feb + 42 days = 10 Apr.
			name: "running sprint counts", completed: []float64{10, 10, 10}, remaining: [2]float64{20, 10},
			date: "2026-03-27", asOf: "2026-02-19",
			velocity: 10, share: 0.6, needed: 3, base: "2026-02-27", p50: "2026-04-10", onTime: 0,
			sprintsToDay: ptr(2), byDate: WorkByDate{26, 26, 26},
		},
		{
			// f · velocity = 6 covers the 5 left: no further sprint.
			name: "the running sprint finishes it", completed: []float64{10, 10, 10}, remaining: [2]float64{3, 2},
			date: "2026-03-27", asOf: "2026-02-19",
			velocity: 10, share: 0.6, needed: 0, base: "2026-02-27", p50: "2026-02-27", onTime: 1,
			sprintsToDay: ptr(2), byDate: WorkByDate{26, 26, 26},
		},
		{
			// A on the running sprint's last day: it is closed, f = 0, and
			// it is a sample too: mean (10+10+10+0)/4 = 7.5. No sprint
			// follows it, so the cadence is its own 12 days.
			name: "A on the last day", completed: []float64{10, 10, 10}, remaining: [2]float64{20, 10},
			date: "2026-03-27", asOf: "2026-02-27", length: 12,
			velocity: 7.5, share: 0, needed: 4, base: "2026-02-27", onTime: 0,
			sprintsToDay: ptr(2),
		},
		{
			// The running sprint's remaining days are all off: f = 0/10.
			name: "no working day left", completed: []float64{10, 10, 10}, remaining: [2]float64{20, 10},
			date: "2026-03-27", asOf: "2026-02-24", offDays: 3,
			velocity: 10, share: 0, needed: 3, base: "2026-02-27", p50: "2026-04-10", onTime: 0,
			sprintsToDay: ptr(2), byDate: WorkByDate{20, 20, 20},
		},
		{
			// Release date before base: odds 0, nothing done by the date,
			// although the running sprint's share alone covers the work.
			name: "date before base", completed: []float64{10, 10, 10}, remaining: [2]float64{3, 2},
			date: "2026-02-25", asOf: "2026-02-19",
			velocity: 10, share: 0.6, needed: 0, base: "2026-02-27", p50: "2026-02-27", onTime: 0,
		},
		{
			name: "all samples 0", completed: []float64{0, 0, 0}, remaining: [2]float64{20, 10},
			date: "2026-03-27", asOf: "2026-02-19", wantNil: true,
		},
		{
			// The latest sample is 0, the earlier ones are not: history 1
			// leaves only the 0.
			name: "history of zeros only", completed: []float64{10, 10, 0}, remaining: [2]float64{20, 10},
			date: "2026-03-27", asOf: "2026-02-19", history: 1, wantNil: true,
		},
		{
			// history 2 samples Sb and Sc: mean (20 + 5)/2 = 12.5, against
			// (10 + 20 + 5)/3 for all. Three draws by the date (42 days at a
			// 12-day cadence) reach 30 unless all are 5: 7/8 of trials.
			name: "history 2", completed: []float64{10, 20, 5}, remaining: [2]float64{20, 10},
			date: "2026-03-27", asOf: "2026-02-13", history: 2, noRunning: true, length: 12,
			velocity: 12.5, share: 0, needed: 3, base: "2026-02-13", onTime: 0.875, sprintsToDay: ptr(3),
		},
		{
			name: "history larger than the history there is", completed: []float64{10, 20, 6}, remaining: [2]float64{20, 10},
			date: "2026-03-27", asOf: "2026-02-13", history: 50, noRunning: true, length: 12,
			velocity: 12, share: 0, needed: 3, base: "2026-02-13", sprintsToDay: ptr(3), onTime: -1,
		},
		{
			name: "no closed sprint", completed: nil, remaining: [2]float64{20, 10},
			date: "2026-03-27", asOf: "2026-02-19", wantNil: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := forecastSite(t, tt.completed, tt.remaining, tt.date)
			b.site.Config.ForecastHistory = tt.history
			if !tt.noRunning {
				s := b.sprint("Sr", "", "2026-02-16", "2026-02-27")
				b.story(s, "STr", "", 10, "")
				for i := range tt.offDays {
					s.DaysOff[b.d("2026-02-27").AddDays(-i)] = true
				}
			}
			fc := b.compute(tt.asOf).Releases[0].Forecast
			if tt.wantNil || fc == nil {
				if !tt.wantNil || fc != nil {
					t.Fatalf("forecast %+v, want nil: %v", fc, tt.wantNil)
				}
				return
			}
			if fc.Velocity != tt.velocity || fc.RunningShare != tt.share || fc.SprintsNeeded != tt.needed ||
				fc.Base != b.d(tt.base) || fc.Date != fc.Base+model.Date(cmp.Or(tt.length, 14)*tt.needed) {
				t.Errorf("velocity %v f %v needed %d base %v date %v; want %v %v %d %v",
					fc.Velocity, fc.RunningShare, fc.SprintsNeeded, fc.Base, fc.Date, tt.velocity, tt.share, tt.needed, tt.base)
			}
			if tt.p50 != "" && fc.P50 != b.d(tt.p50) {
				t.Errorf("p50 %v, want %v", fc.P50, tt.p50)
			}
			// Odds strictly between 0 and 1 are a sample: within 0.02.
			if tt.onTime >= 0 && math.Abs(fc.OnTime-tt.onTime) > 0.02 || (tt.onTime == 0 || tt.onTime == 1) && fc.OnTime != tt.onTime {
				t.Errorf("on time %v, want %v", fc.OnTime, tt.onTime)
			}
			if !reflect.DeepEqual(fc.SprintsToDate, tt.sprintsToDay) {
				t.Errorf("sprints to date %v, want %v", fc.SprintsToDate, tt.sprintsToDay)
			}
			if tt.byDate != (WorkByDate{}) && fc.ByDate != tt.byDate {
				t.Errorf("by date %+v, want %+v", fc.ByDate, tt.byDate)
			}
			if (fc.RunningSprint != nil) != (tt.share > 0 || tt.name == "no working day left") {
				t.Errorf("running sprint %v with f %v", fc.RunningSprint, fc.RunningShare)
			}
			if got := fc.Features[0]; got != (FeatureOnTime{"F0", 1}) {
				t.Errorf("done feature odds %v, want 1", got)
			}
		})
	}
}

// TestStoryForecast: with [forecast] unit = "stories" the same sampled
// sprints are counted by the stories they finished. Each sprint of
// forecastSite finishes one story; F1 and F2 are not split into stories
// yet, so each counts as one: 2 stories at 1 a sprint need 2 sprints after
// 01-30 (cadence 12 days), and the two whole sprints before 02-24 finish
// both in every trial.
func TestStoryForecast(t *testing.T) {
	d := func(s string) model.Date { return day(t, s) }
	b := forecastSite(t, []float64{10, 10}, [2]float64{15, 10}, "2026-02-24")
	if fc := b.compute("2026-02-01").Releases[0].Forecast; fc == nil || fc.Stories != nil {
		t.Fatalf("without the setting: forecast %v, want one without stories", fc)
	}
	b.site.Config.ForecastStories = true
	fc := b.compute("2026-02-01").Releases[0].Forecast
	if fc == nil || fc.Stories == nil {
		t.Fatalf("no story forecast: %+v", fc)
	}
	want := StoryForecast{Remaining: 2, Velocity: 1, SprintsNeeded: 2, Date: d("2026-02-23"),
		P50: d("2026-02-23"), P85: d("2026-02-23"), P95: d("2026-02-23"), OnTime: 1, Trials: defaultTrials}
	if *fc.Stories != want {
		t.Errorf("story forecast = %+v, want %+v", *fc.Stories, want)
	}
	// The points forecast is the same as without the setting.
	if fc.Velocity != 10 || fc.SprintsNeeded != 3 {
		t.Errorf("points forecast changed: velocity %v, %d sprints", fc.Velocity, fc.SprintsNeeded)
	}

	// Sprints that finished no story give no story forecast.
	b = forecastSite(t, []float64{10, 10}, [2]float64{15, 10}, "2026-02-24")
	b.site.Config.ForecastStories = true
	for _, s := range b.site.Sprints {
		s.Log = nil
	}
	if fc := b.compute("2026-02-01").Releases[0].Forecast; fc != nil && fc.Stories != nil {
		t.Errorf("story forecast without finished stories: %+v", fc.Stories)
	}
}
