package report

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
)

// randomSite builds a valid site (SPEC §2.4 rules hold by construction: the
// log is produced by simulating each sprint day by day) with gaps in ranks,
// declared statuses, carry-overs, re-estimates after done, stories added and
// removed, days off and holidays. It returns the site and an as-of flag,
// zero about half the time so that AsOf resolves it.
func randomSite(t testing.TB, rng *rand.Rand) (*model.Site, model.Date) {
	b := newSiteBuilder(t)
	cfg := &b.site.Config
	for wd := range cfg.WorkingDays {
		cfg.WorkingDays[wd] = rng.IntN(10) < 8
	}
	origin := b.d("2026-01-05").AddDays(rng.IntN(7))
	for range rng.IntN(4) {
		cfg.Holidays[origin.AddDays(rng.IntN(120))] = true
	}
	cfg.VelocityWindow = 1 + rng.IntN(4)
	cfg.Trials = 500
	cfg.Seed = rng.Int64N(1000)
	if rng.IntN(4) == 0 {
		cfg.Scorecard.LowScore = ptr(float64(rng.IntN(5)))
	}
	estimate := func(max int) float64 {
		if rng.IntN(4) == 0 {
			return float64(rng.IntN(max*4)) / 4
		}
		return float64(rng.IntN(max + 1))
	}

	// Features, ranks with gaps.
	nf := rng.IntN(13)
	ranks := rng.Perm(30)
	var features []*model.Feature
	for i := range nf {
		f := b.feature(fmt.Sprintf("F-%d", i), scores(float64(1+rng.IntN(10)), float64(1+rng.IntN(10))))
		if rng.IntN(2) == 0 {
			f.Rank = ranks[i] + 1
		}
		f.Estimate = estimate(20)
		switch rng.IntN(10) {
		case 0:
			f.Status = model.StatusDone
			if rng.IntN(2) == 0 {
				f.DoneOn = origin.AddDays(rng.IntN(90))
			}
		case 1:
			f.Status = model.StatusDropped
		case 2:
			f.Status = model.StatusInProgress
		}
		if (f.Status == model.StatusDone || f.Status == model.StatusDropped) && rng.IntN(2) == 0 {
			f.Scores = nil
		}
		features = append(features, f)
	}

	// Releases take features in random order; some stay unscheduled.
	order := rng.Perm(nf)
	var releases []*model.Release
	for i := range rng.IntN(4) {
		start := origin.AddDays(rng.IntN(60) - 10)
		r := b.release(fmt.Sprintf("R-%d", i), start.String(), start.AddDays(rng.IntN(120)).String(), float64(rng.IntN(60)))
		releases = append(releases, r)
	}
	if len(releases) > 0 {
		for _, i := range order {
			if rng.IntN(4) > 0 {
				r := releases[rng.IntN(len(releases))]
				r.Features = append(r.Features, features[i].ID)
			}
		}
	}

	// Sprints, simulated day by day.
	type live struct {
		st                          *model.Story
		addOn                       model.Date
		inScope, done, removed, go_ bool
	}
	var carry []*model.Story // not done at the end of their last sprint
	nextStory := 0
	start := origin
	for i := range rng.IntN(9) {
		length := 1 + rng.IntN(15)
		rel := ""
		if len(releases) > 0 && rng.IntN(4) > 0 {
			rel = releases[rng.IntN(len(releases))].ID
		}
		s := b.sprint(fmt.Sprintf("S-%d", i), rel, start.String(), start.AddDays(length-1).String())
		if rng.IntN(2) == 0 {
			s.Capacity = ptr(estimate(30))
		}
		for range rng.IntN(3) {
			s.DaysOff[start.AddDays(rng.IntN(length))] = true
		}
		var stories []*live
		for _, prev := range carry {
			if rng.IntN(10) < 6 {
				st := b.story(s, prev.ID, prev.Feature, estimate(8), prev.Priority)
				stories = append(stories, &live{st: st, inScope: true})
			}
		}
		for range rng.IntN(7) {
			feature := ""
			if nf > 0 && rng.IntN(5) > 0 {
				feature = features[rng.IntN(nf)].ID
			}
			priority := []model.Priority{model.PriorityLow, model.PriorityMedium, model.PriorityHigh, model.PriorityCritical}[rng.IntN(4)]
			st := b.story(s, fmt.Sprintf("ST-%d", nextStory), feature, estimate(8), priority)
			nextStory++
			l := &live{st: st, inScope: true}
			if rng.IntN(5) == 0 {
				l.inScope, l.addOn = false, start.AddDays(rng.IntN(length))
			}
			stories = append(stories, l)
		}
		for d := start; d <= s.End; d++ {
			var e model.LogEntry
			for _, l := range stories {
				if l.addOn == d {
					l.inScope = true
					e.Added = append(e.Added, l.st.ID)
				}
			}
			for _, l := range stories {
				if l.inScope && !l.removed && rng.IntN(20) == 0 {
					e.Estimates = append(e.Estimates, model.Reestimate{Story: l.st.ID, Estimate: estimate(8)})
				}
			}
			for _, l := range stories {
				if l.inScope && !l.removed && !l.done && !l.go_ && rng.IntN(6) == 0 {
					l.go_ = true
					e.Started = append(e.Started, l.st.ID)
				}
			}
			for _, l := range stories {
				if l.inScope && !l.removed && !l.done && rng.IntN(6) == 0 {
					l.done = true
					e.Done = append(e.Done, l.st.ID)
				}
			}
			for _, l := range stories {
				if l.done && !l.removed && rng.IntN(15) == 0 {
					l.done = false
					e.Reopened = append(e.Reopened, l.st.ID)
				}
			}
			for _, l := range stories {
				if l.inScope && !l.removed && rng.IntN(30) == 0 {
					l.removed = true
					e.Removed = append(e.Removed, l.st.ID)
				}
			}
			if !reflect.DeepEqual(e, model.LogEntry{}) {
				b.log(s, d.String(), e)
			}
		}
		carry = carry[:0]
		for _, l := range stories {
			if !l.done && !l.removed {
				carry = append(carry, l.st)
			}
		}
		start = s.End.AddDays(1 + rng.IntN(5))
	}

	var flag model.Date
	if rng.IntN(2) == 0 {
		flag = origin.AddDays(rng.IntN(160) - 15)
	}
	return b.site, flag
}

func TestComputeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(20260305, 1))
	for i := range 400 {
		site, flag := randomSite(t, rng)
		asOf := AsOf(site, flag)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			rep, err := Compute(site, asOf)
			if err != nil {
				t.Fatal(err)
			}
			out, err := JSON(rep)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := Compute(site, asOf)
			if out2, _ := JSON(again); !bytes.Equal(out, out2) {
				t.Fatal("two runs differ")
			}
			checkProperties(t, site, rep)
			checkFlow(t, site, rep, asOf)
			checkHistory(t, rep)
		})
	}
}

func checkProperties(t *testing.T, site *model.Site, rep *Report) {
	t.Helper()
	for i, f := range rep.Features {
		if f.Position != i+1 {
			t.Errorf("%s: position %d at index %d", f.ID, f.Position, i)
		}
		if i > 0 && positionLess(f, rep.Features[i-1]) {
			t.Errorf("%s before %s", rep.Features[i-1].ID, f.ID)
		}
		if f.Remaining != f.Size-f.Done || f.Done > f.Size || f.Done < 0 {
			t.Errorf("%s: size %v done %v remaining %v", f.ID, f.Size, f.Done, f.Remaining)
		}
	}

	for _, sr := range rep.Sprints {
		prev := sr.Committed
		for i, p := range sr.Burndown {
			if p.Remaining != p.Scope-p.Done {
				t.Errorf("%s %v: remaining %v ≠ scope %v − done %v", sr.ID, p.Date, p.Remaining, p.Scope, p.Done)
			}
			if p.Date != sr.Start.AddDays(i) {
				t.Errorf("%s: point %d dated %v", sr.ID, i, p.Date)
			}
			switch {
			case !p.Working && p.Ideal != prev:
				t.Errorf("%s %v: ideal moved on a non-working day: %v → %v", sr.ID, p.Date, prev, p.Ideal)
			case p.Working && sr.Committed > 0 && !(p.Ideal < prev):
				t.Errorf("%s %v: ideal did not fall on a working day: %v → %v", sr.ID, p.Date, prev, p.Ideal)
			case p.Ideal < 0:
				t.Errorf("%s %v: ideal %v below 0", sr.ID, p.Date, p.Ideal)
			}
			prev = p.Ideal
		}
		n := len(sr.Burndown)
		if sr.State == SprintClosed {
			if n != int(sr.End-sr.Start)+1 {
				t.Errorf("%s: closed with %d points", sr.ID, n)
			}
			if sr.WorkingDays > 0 && sr.Burndown[n-1].Ideal != 0 {
				t.Errorf("%s: closed sprint's ideal ends at %v", sr.ID, sr.Burndown[n-1].Ideal)
			}
		}
		if n > 0 && sr.Completed != sr.Burndown[n-1].Done {
			t.Errorf("%s: completed %v, last done %v", sr.ID, sr.Completed, sr.Burndown[n-1].Done)
		}
		checkSprintSums(t, sr)
		if sr.Overcommitted != (sr.Capacity != nil && sr.Committed > *sr.Capacity) {
			t.Errorf("%s: overcommitted %v", sr.ID, sr.Overcommitted)
		}
		if !sr.Overcommitted && len(sr.PushOut) > 0 {
			t.Errorf("%s: push_out %v without overcommitment", sr.ID, sr.PushOut)
		}
	}

	byID := map[string]*FeatureReport{}
	for _, f := range rep.Features {
		byID[f.ID] = f
	}
	for _, rr := range rep.Releases {
		var ids []string
		var running float64
		for _, id := range rr.Release.Features {
			if byID[id] == nil {
				continue
			}
			ids = append(ids, id)
		}
		got := append(append([]string{}, rr.Fits...), rr.Over...)
		if len(ids) == 0 && len(got) == 0 {
			ids = got
		}
		if !reflect.DeepEqual(got, ids) {
			t.Errorf("%s: fits %v + over %v ≠ features %v", rr.ID, rr.Fits, rr.Over, ids)
		}
		for _, id := range rr.Fits {
			running += byID[id].Size
		}
		if running > rr.Capacity {
			t.Errorf("%s: fits sum %v over capacity %v", rr.ID, running, rr.Capacity)
		}
		for _, p := range rr.Burnup {
			if p.Remaining != p.Scope-p.Done {
				t.Errorf("%s %s: burnup remaining %v ≠ %v − %v", rr.ID, p.Sprint, p.Remaining, p.Scope, p.Done)
			}
			// The charts draw done and scope alike between points
			// (render tests that), so done stays below scope throughout.
			if p.Done > p.Scope+1e-9 {
				t.Errorf("%s %s: burnup done %v above scope %v", rr.ID, p.Sprint, p.Done, p.Scope)
			}
		}
		fc := rr.Forecast
		if fc == nil {
			continue
		}
		if len(fc.Features) != len(ids) {
			t.Errorf("%s: forecast for %d features of %d", rr.ID, len(fc.Features), len(ids))
		}
		checkFeatureOdds(t, rr.ID, fc.Features, fc.OnTime, byID)
		if (fc.CutLineOnTime == nil) != (rr.CutAfter == nil) ||
			fc.CutLineOnTime != nil && *fc.CutLineOnTime != *byID[*rr.CutAfter].OnTime {
			t.Errorf("%s: cut line odds %v, cut after %v", rr.ID, fc.CutLineOnTime, rr.CutAfter)
		}
		if !(fc.P50 <= fc.P85 && fc.P85 <= fc.P95 && fc.P50 >= fc.Base) ||
			fc.Date != fc.Base+model.Date(fc.SprintsNeeded*fc.Length) {
			t.Errorf("%s: base %v date %v p50 %v p85 %v p95 %v", rr.ID, fc.Base, fc.Date, fc.P50, fc.P85, fc.P95)
		}
		if fc.SprintsNeeded == 0 && !(rr.Remaining <= fc.RunningShare*fc.Velocity) {
			t.Errorf("%s: no sprint needed for %v with f %v at velocity %v", rr.ID, rr.Remaining, fc.RunningShare, fc.Velocity)
		}
		if bd := fc.ByDate; !(0 <= bd.P95 && bd.P95 <= bd.P85 && bd.P85 <= bd.P50) {
			t.Errorf("%s: by_date %+v out of order", rr.ID, bd)
		}
		total := 0
		for _, h := range fc.Histogram {
			total += h.Trials
		}
		if total != site.Config.Trials {
			t.Errorf("%s: histogram holds %d trials", rr.ID, total)
		}
		checkProjection(t, rr)
	}
}

// checkProjection: the projected lines of a release's charts tell the
// forecast's story (issue 12): they end on the velocity date, having done
// the remaining work, and the projected done never passes the scope it
// aims at nor falls back.
func checkProjection(t *testing.T, rr *ReleaseReport) {
	fc, pp := rr.Forecast, rr.Forecast.Projection
	if len(rr.Burnup) == 0 || fc.SprintsNeeded > maxProjectedSprints {
		if len(pp) != 0 {
			t.Errorf("%s: projection %v without a burnup to start from", rr.ID, pp)
		}
		return
	}
	last := rr.Burnup[len(rr.Burnup)-1]
	target := last.Done + rr.Remaining
	if len(pp) == 0 {
		if fc.Date > last.Date {
			t.Errorf("%s: no projection to %v", rr.ID, fc.Date)
		}
		return
	}
	end := pp[len(pp)-1]
	if end.Date != fc.Date || math.Abs(end.Done-target) > 1e-9 {
		t.Errorf("%s: projection ends %v at %v; forecast %v, target %v", rr.ID, end.Date, end.Done, fc.Date, target)
	}
	for i, p := range pp {
		if p.Done > target+1e-9 || i > 0 && (p.Done < pp[i-1].Done || p.Date <= pp[i-1].Date) {
			t.Errorf("%s: projection %v", rr.ID, pp)
		}
	}
}

// checkFlow holds the flow to its definition (§3.8): a point per day from
// the first sprint's start to A; on each day the bands add up to the
// estimates of the stories entered and not dropped, and the counts to their
// number; cycle and age are at least a day.
func checkFlow(t *testing.T, site *model.Site, rep *Report, asOf model.Date) {
	t.Helper()
	sprints := sprintsInOrder(site)
	hist := buildHistories(sprints)
	want := 0
	if len(sprints) > 0 && sprints[0].Start <= asOf {
		want = int(asOf-sprints[0].Start) + 1
	}
	if len(rep.Flow.Cumulative) != want {
		t.Fatalf("%d cumulative points, want %d", len(rep.Flow.Cumulative), want)
	}
	for i, p := range rep.Flow.Cumulative {
		if p.Date != sprints[0].Start.AddDays(i) {
			t.Errorf("point %d dated %v", i, p.Date)
		}
		var scope float64
		n := 0
		for _, h := range hist.byID {
			if r := h.droppedOn(); h.enteredBy(p.Date) && (r.IsZero() || r > p.Date) {
				scope += h.estimateAt(p.Date)
				n++
			}
		}
		sum := p.ToDo + p.InProgress + p.Done
		if math.Abs(sum-scope) > 1e-9 || p.ToDoCount+p.InProgressCount+p.DoneCount != n ||
			p.ToDo < 0 || p.InProgress < 0 || p.Done < 0 {
			t.Errorf("%v: bands %+v add up to %v, want %v over %d stories", p.Date, p, sum, scope, n)
		}
	}
	for _, c := range rep.Flow.Cycle {
		if c.CycleDays < 1 || c.Finished < c.Started || c.Finished > asOf || c.CycleDays != int(c.Finished-c.Started)+1 {
			t.Errorf("cycle %+v", c)
		}
	}
	for _, a := range rep.Flow.Aging {
		if a.AgeDays < 1 || a.AgeDays != int(asOf-a.Started)+1 {
			t.Errorf("aging %+v", a)
		}
	}
}

// checkHistory: a forecast history point per closed sprint of the release,
// in order, with ordered dates or none at all; finished only when nothing
// remains, from a point on which remaining stays 0; accuracy counts the
// points with a p50 of finished releases.
func checkHistory(t *testing.T, rep *Report) {
	t.Helper()
	state := map[string]SprintState{}
	for _, sr := range rep.Sprints {
		state[sr.ID] = sr.State
	}
	forecasts := 0
	for _, rr := range rep.Releases {
		var closed []string
		for _, p := range rr.Burnup {
			if state[p.Sprint] == SprintClosed {
				closed = append(closed, p.Sprint)
			}
		}
		if len(rr.ForecastHistory) != len(closed) {
			t.Errorf("%s: %d history points for %d closed sprints", rr.ID, len(rr.ForecastHistory), len(closed))
			continue
		}
		for i, fp := range rr.ForecastHistory {
			if fp.Sprint != closed[i] || i > 0 && fp.AsOf <= rr.ForecastHistory[i-1].AsOf {
				t.Errorf("%s: point %d %+v", rr.ID, i, fp)
			}
			if fp.P50.IsZero() != (fp.OnTime == nil) || fp.P50.IsZero() != fp.Date.IsZero() ||
				!fp.P50.IsZero() && !(fp.P50 <= fp.P85 && fp.P85 <= fp.P95) || !(fp.Remaining > 0) && !fp.P50.IsZero() {
				t.Errorf("%s: point %+v", rr.ID, fp)
			}
		}
		if rr.Finished.IsZero() {
			continue
		}
		if rr.Remaining > 0 {
			t.Errorf("%s: finished %v with %v remaining", rr.ID, rr.Finished, rr.Remaining)
		}
		for _, p := range rr.Burnup {
			if p.Date >= rr.Finished && p.Remaining > 0 {
				t.Errorf("%s: finished %v, but %v remaining on %v", rr.ID, rr.Finished, p.Remaining, p.Date)
			}
		}
		for _, fp := range rr.ForecastHistory {
			if !fp.P50.IsZero() {
				forecasts++
			}
		}
	}
	acc := rep.Accuracy
	if acc.Forecasts != forecasts || (forecasts == 0) != (acc.P50Held == nil) {
		t.Errorf("accuracy %+v over %d forecasts", acc, forecasts)
	}
}

// checkFeatureOdds: a feature with nothing left has odds 1; the others'
// odds fall down the release order, and the last of them is the release's.
func checkFeatureOdds(t *testing.T, name string, odds []FeatureOnTime, release float64, byID map[string]*FeatureReport) {
	t.Helper()
	prev, last := 1.0, -1.0
	for _, fo := range odds {
		if !(byID[fo.ID].Remaining > 0) {
			if fo.OnTime != 1 {
				t.Errorf("%s: %s has nothing left but odds %v", name, fo.ID, fo.OnTime)
			}
			continue
		}
		if fo.OnTime > prev {
			t.Errorf("%s: on-time odds rise to %v at %s: %v", name, fo.OnTime, fo.ID, odds)
		}
		prev, last = fo.OnTime, fo.OnTime
	}
	if last >= 0 && last != release {
		t.Errorf("%s: last open feature on time %v, release %v", name, last, release)
	}
}

// checkSprintSums: the sprint cards add up to the last burndown scope (0
// for a planned sprint), and done_count counts the stories done in scope.
func checkSprintSums(t *testing.T, sr *SprintReport) {
	if sr.CommittedDone > sr.Committed+1e-9 || sr.CommittedStoriesDone > sr.CommittedStories || sr.CommittedStoriesDone > sr.DoneCount {
		t.Errorf("%s: committed done %v of %v, stories %d of %d (%d done in all)", sr.ID, sr.CommittedDone, sr.Committed,
			sr.CommittedStoriesDone, sr.CommittedStories, sr.DoneCount)
	}
	for _, id := range sr.PushOutOpen {
		if !slices.Contains(sr.PushOut, id) || sr.State == SprintClosed {
			t.Errorf("%s (%s): push_out_open %v, push_out %v", sr.ID, sr.State, sr.PushOutOpen, sr.PushOut)
		}
	}
	t.Helper()
	var scope float64
	if n := len(sr.Burndown); n > 0 {
		scope = sr.Burndown[n-1].Scope
	}
	if sr.State == SprintPlanned {
		if sr.Reestimated != 0 || sr.DoneCount != 0 || sr.Added != 0 || sr.Removed != 0 {
			t.Errorf("%s: planned with reestimated %v done_count %d added %v removed %v", sr.ID, sr.Reestimated, sr.DoneCount, sr.Added, sr.Removed)
		}
	} else if sum := sr.Committed + sr.Added - sr.Removed + sr.Reestimated; math.Abs(sum-scope) > 1e-9 {
		t.Errorf("%s: committed %v + added %v − removed %v + reestimated %v = %v, scope %v",
			sr.ID, sr.Committed, sr.Added, sr.Removed, sr.Reestimated, sum, scope)
	}
	done := 0
	for _, st := range sr.Stories {
		if st.Status == "done" {
			done++
		}
	}
	if done != sr.DoneCount {
		t.Errorf("%s: done_count %d, %d stories done", sr.ID, sr.DoneCount, done)
	}
}

// BenchmarkMonteCarlo is one release forecast from a 100-sprint history
// with the default 10,000 trials.
func BenchmarkMonteCarlo(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	samples := make([]float64, 100)
	for i := range samples {
		samples[i] = float64(15 + rng.IntN(25))
	}
	cum := make([]float64, 40)
	var running float64
	for i := range cum {
		running += float64(1 + rng.IntN(20))
		cum[i] = running
	}
	mc := monteCarlo{samples: samples, remaining: running, cum: cum, m: 12, trials: 10000, maxDraws: MaxForecastSprints, seed: 1}
	b.ReportAllocs()
	for b.Loop() {
		mc.run()
	}
}

// BenchmarkMonteCarloBound is the worst case the draw bound allows: a
// history of zeros with one tiny sprint against a huge backlog.
func BenchmarkMonteCarloBound(b *testing.B) {
	samples := make([]float64, 100)
	samples[0] = 0.001
	mc := monteCarlo{samples: samples, remaining: 1e6, cum: []float64{1e6}, m: 12, trials: 10000, maxDraws: MaxForecastSprints, seed: 1}
	for b.Loop() {
		mc.run()
	}
}

// BenchmarkCompute is the whole compute stage for a large random history.
func BenchmarkCompute(b *testing.B) {
	bl := newSiteBuilder(b)
	start := bl.d("2024-01-01")
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 200 {
		bl.feature(fmt.Sprintf("F-%d", i), scores(float64(1+rng.IntN(10)), float64(1+rng.IntN(10))), estimate(float64(rng.IntN(20))))
	}
	var ids []string
	for i := range 60 {
		ids = append(ids, fmt.Sprintf("F-%d", i))
	}
	bl.release("R", start.String(), start.AddDays(2000).String(), 500, ids...)
	for i := range 100 {
		st := start.AddDays(14 * i)
		s := bl.sprint(fmt.Sprintf("S-%d", i), "R", st.String(), st.AddDays(11).String())
		for j := range 10 {
			id := fmt.Sprintf("ST-%d-%d", i, j)
			bl.story(s, id, fmt.Sprintf("F-%d", rng.IntN(60)), float64(1+rng.IntN(8)), "")
			if rng.IntN(3) > 0 {
				bl.log(s, st.AddDays(1+rng.IntN(10)).String(), model.LogEntry{Done: []string{id}})
			}
		}
	}
	asOf := start.AddDays(14*99 + 5)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Compute(bl.site, asOf); err != nil {
			b.Fatal(err)
		}
	}
}
