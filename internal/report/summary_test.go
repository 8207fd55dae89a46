package report

import (
	"reflect"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
)

// commitmentSite is one sprint of 2026-01-05..16 with a capacity of 5:
// committed A (3, low), B (2, low) and C (4, critical), D added on the 6th;
// A is done on the 6th, B removed on the 7th, D done on the 8th, and C
// re-estimated to 6 on the 7th.
func commitmentSite(t *testing.T) *siteBuilder {
	b := newSiteBuilder(t)
	s := b.sprint("S", "", "2026-01-05", "2026-01-16")
	s.Capacity = ptr(5.0)
	b.story(s, "A", "", 3, model.PriorityLow)
	b.story(s, "B", "", 2, model.PriorityLow)
	b.story(s, "C", "", 4, model.PriorityCritical)
	b.story(s, "D", "", 1, "")
	b.log(s, "2026-01-06", model.LogEntry{Added: []string{"D"}, Done: []string{"A"}})
	b.log(s, "2026-01-07", model.LogEntry{Removed: []string{"B"}, Estimates: []model.Reestimate{{Story: "C", Estimate: 6}}})
	b.log(s, "2026-01-08", model.LogEntry{Done: []string{"D"}})
	return b
}

func TestCommittedDoneAndPushOutOpen(t *testing.T) {
	tests := []struct {
		asOf          string
		state         SprintState
		storiesDone   int
		committedDone float64
		pushOutOpen   []string
	}{
		// Before the start the whole push-out list is advice.
		{"2026-01-04", SprintPlanned, 0, 0, []string{"A", "B"}},
		// A is done and B removed: pushing either out is no choice left.
		{"2026-01-07", SprintActive, 1, 3, []string{}},
		{"2026-01-05", SprintActive, 0, 0, []string{"A", "B"}},
		// Over: completed counts D (added), the commitment only A.
		{"2026-01-20", SprintClosed, 1, 3, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			sr := commitmentSite(t).compute(tt.asOf).Sprints[0]
			if sr.State != tt.state || sr.CommittedStories != 3 {
				t.Fatalf("state %s, committed stories %d", sr.State, sr.CommittedStories)
			}
			if !reflect.DeepEqual(sr.PushOut, []string{"A", "B"}) {
				t.Fatalf("push_out %v", sr.PushOut)
			}
			if sr.CommittedStoriesDone != tt.storiesDone || sr.CommittedDone != tt.committedDone || !reflect.DeepEqual(sr.PushOutOpen, tt.pushOutOpen) {
				t.Errorf("committed done %d stories, %v; push_out_open %v; want %d, %v, %v",
					sr.CommittedStoriesDone, sr.CommittedDone, sr.PushOutOpen, tt.storiesDone, tt.committedDone, tt.pushOutOpen)
			}
		})
	}
	// The dashboard's old "completed 26 of 26 committed" mixed added work
	// into the commitment: here completed is 4 (A and D), of the 9
	// committed only A's 3 were delivered.
	sr := commitmentSite(t).compute("2026-01-20").Sprints[0]
	if sr.Completed != 4 || sr.Committed != 9 || sr.CommittedDone != 3 || sr.CommittedStories != 3 {
		t.Errorf("completed %v committed %v committed done %v of %d stories", sr.Completed, sr.Committed, sr.CommittedDone, sr.CommittedStories)
	}
}

func TestOverdueDaysAndAverageOf(t *testing.T) {
	b := queueSite(t, []float64{10, 12, 14}, queueRelease{"R", "2026-01-05", "2026-02-06", []float64{50}})
	b.site.Config.VelocityWindow = 2
	rep := b.compute("2026-02-20")
	rr := releaseByID(t, rep, "R")
	if !rr.Overdue || rr.OverdueDays != 14 {
		t.Errorf("overdue %v by %d days, want 14", rr.Overdue, rr.OverdueDays)
	}
	if got := rep.Velocity.AverageOf; !reflect.DeepEqual(got, []string{"S1", "S2"}) || *rep.Velocity.Average != 13 {
		t.Errorf("average %v of %v", *rep.Velocity.Average, got)
	}
	if rr := releaseByID(t, b.compute("2026-02-06"), "R"); rr.OverdueDays != 0 {
		t.Errorf("on its date: overdue %v by %d", rr.Overdue, rr.OverdueDays)
	}
}

// TestProjectionCountsTheRunningSprint is the Spring release of issue 12:
// the forecast counts the running sprint's share, so the projection must
// too, or its line meets the scope a sprint before the date on the page.
func TestProjectionCountsTheRunningSprint(t *testing.T) {
	d := func(s string) model.Date { return day(t, s) }
	// Velocity 10, cadence 14 days; the sprint of 01-19..30 runs on the
	// 28th with 2 of its 10 working days ahead (f = 0.2): 2 more by the
	// 30th, then 10 a sprint for the 13 left: 2 sprints, 02-27.
	b := queueSite(t, []float64{10}, queueRelease{"R", "2026-01-05", "2026-03-31", []float64{13}})
	s := b.sprint("S1", "", "2026-01-19", "2026-01-30")
	b.story(s, "ST1", "", 5, "")
	for _, sp := range b.site.Sprints {
		sp.Release = "R"
	}
	rep := b.compute("2026-01-28")
	fc := releaseByID(t, rep, "R").Forecast
	if fc.RunningShare != 0.2 || fc.SprintsNeeded != 2 || fc.Date != d("2026-02-27") {
		t.Fatalf("f %v, %d sprints, date %v", fc.RunningShare, fc.SprintsNeeded, fc.Date)
	}
	rr := releaseByID(t, rep, "R")
	last := rr.Burnup[len(rr.Burnup)-1]
	want := []ProjectionPoint{
		{d("2026-01-28"), last.Done},
		{d("2026-01-30"), last.Done + 2},
		{d("2026-02-13"), last.Done + 12},
		{d("2026-02-27"), last.Done + rr.Remaining},
	}
	if !reflect.DeepEqual(fc.Projection, want) {
		t.Errorf("projection %v\nwant       %v", fc.Projection, want)
	}
}

func TestCyclePercentilesMarkOldWork(t *testing.T) {
	b := newSiteBuilder(t)
	s := b.sprint("S", "", "2026-01-05", "2026-01-30")
	for _, id := range []string{"A", "B", "C", "D"} {
		b.story(s, id, "", 1, "")
	}
	// Cycle times 1, 2, 3 and 10 days; D is in progress for 3 days.
	b.log(s, "2026-01-05", model.LogEntry{Started: []string{"A", "B", "C"}, Done: []string{"A"}})
	b.log(s, "2026-01-06", model.LogEntry{Done: []string{"B"}})
	b.log(s, "2026-01-07", model.LogEntry{Done: []string{"C"}})
	rep := b.compute("2026-01-12")
	if rep.Flow.CycleDays == nil || *rep.Flow.CycleDays != (DayPercentiles{2, 3, 3}) {
		t.Fatalf("percentiles %+v", rep.Flow.CycleDays)
	}
	b.log(s, "2026-01-10", model.LogEntry{Started: []string{"D"}})
	rep = b.compute("2026-01-12")
	if a := rep.Flow.Aging; len(a) != 1 || a[0].AgeDays != 3 || a[0].OverP85 {
		t.Errorf("aging %+v: 3 days is not over the 85th percentile of 3", a)
	}
	rep = b.compute("2026-01-13")
	if a := rep.Flow.Aging; len(a) != 1 || !a[0].OverP85 {
		t.Errorf("aging %+v: 4 days is over it", a)
	}
	if rep := newSiteBuilder(t).compute(""); rep.Flow.CycleDays != nil {
		t.Errorf("no story done, percentiles %+v", rep.Flow.CycleDays)
	}
}
