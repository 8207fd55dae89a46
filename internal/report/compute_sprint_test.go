package report

import (
	"reflect"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
)

func TestSprintStateAndWorkingDays(t *testing.T) {
	tests := []struct {
		asOf      string
		state     SprintState
		points    int
		daysLeft  int
		lastIdeal float64
	}{
		{"2026-01-04", SprintPlanned, 0, 9, 0},
		{"2026-01-05", SprintActive, 1, 8, 9 * (1 - 1.0/9)},
		{"2026-01-09", SprintActive, 5, 5, 9 * (1 - 4.0/9)},
		{"2026-01-16", SprintClosed, 12, 0, 0},
		{"2026-02-01", SprintClosed, 12, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			b := newSiteBuilder(t)
			// 2026-01-05 is a Monday; a holiday on Wednesday 7th.
			b.site.Config.Holidays[b.d("2026-01-07")] = true
			s := b.sprint("S", "", "2026-01-05", "2026-01-16")
			b.story(s, "A", "", 9, "")
			sr := b.compute(tt.asOf).Sprints[0]
			if sr.State != tt.state || len(sr.Burndown) != tt.points || sr.WorkingDays != 9 || sr.DaysLeft != tt.daysLeft {
				t.Fatalf("state %s, %d points, N %d, left %d; want %s, %d, 9, %d",
					sr.State, len(sr.Burndown), sr.WorkingDays, sr.DaysLeft, tt.state, tt.points, tt.daysLeft)
			}
			if n := len(sr.Burndown); n > 0 && sr.Burndown[n-1].Ideal != tt.lastIdeal {
				t.Errorf("last ideal %v, want %v", sr.Burndown[n-1].Ideal, tt.lastIdeal)
			}
			if tt.state == SprintPlanned && (sr.Completed != 0 || len(sr.NotCompleted) != 0 || sr.Committed != 9) {
				t.Errorf("planned sprint: completed %v not completed %v committed %v", sr.Completed, sr.NotCompleted, sr.Committed)
			}
		})
	}
}

func TestSprintWithoutWorkingDays(t *testing.T) {
	b := newSiteBuilder(t)
	// A weekend sprint, and a one-day sprint whose only day is off.
	s1 := b.sprint("WE", "", "2026-01-10", "2026-01-11")
	b.story(s1, "A", "", 4, "")
	s2 := b.sprint("OFF", "", "2026-01-12", "2026-01-12")
	s2.DaysOff[b.d("2026-01-12")] = true
	b.story(s2, "B", "", 2, "")
	b.log(s2, "2026-01-12", model.LogEntry{Done: []string{"B"}})
	rep := b.compute("2026-01-20")
	for _, sr := range rep.Sprints {
		if sr.WorkingDays != 0 {
			t.Errorf("%s: N = %d", sr.ID, sr.WorkingDays)
		}
		for _, p := range sr.Burndown {
			if p.Working || p.Ideal != sr.Committed {
				t.Errorf("%s %v: working %v ideal %v, want false and committed %v", sr.ID, p.Date, p.Working, p.Ideal, sr.Committed)
			}
		}
	}
	if got := rep.Sprints[1].Completed; got != 2 {
		t.Errorf("work done on a day off still counts: completed %v, want 2", got)
	}
}

func TestCapacityAndPushOut(t *testing.T) {
	tests := []struct {
		name          string
		capacity      *float64
		history       []float64 // completed of earlier one-week sprints
		window        int
		wantCapacity  *float64
		wantOver      bool
		wantPushOut   []string
		wantVelocity  *float64
		wantCommitted float64
	}{
		{name: "fits", capacity: ptr(20.0), wantCapacity: ptr(20.0), wantPushOut: []string{}, wantCommitted: 20},
		{name: "no capacity, no history", wantPushOut: []string{}, wantCommitted: 20},
		{
			// Sorted low (L 5), medium by estimate (M2 5, M1 3), high (H2 2,
			// H1 1), critical; taken until 20 − sum ≤ 9: L, M2, M1.
			name: "given capacity", capacity: ptr(9.0), wantCapacity: ptr(9.0), wantOver: true,
			wantPushOut: []string{"L", "M2", "M1"}, wantCommitted: 20,
		},
		{
			name: "default capacity from the window", history: []float64{100, 10, 14}, window: 2,
			wantCapacity: ptr(12.0), wantOver: true, wantPushOut: []string{"L", "M2"}, wantVelocity: ptr(12.0), wantCommitted: 20,
		},
		{
			name: "all velocities zero", history: []float64{0, 0}, window: 3,
			wantCapacity: ptr(0.0), wantOver: true, wantPushOut: []string{"L", "M2", "M1", "H2", "H1", "C"},
			wantVelocity: ptr(0.0), wantCommitted: 20,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newSiteBuilder(t)
			if tt.window > 0 {
				b.site.Config.VelocityWindow = tt.window
			}
			start := b.d("2026-03-02")
			for i, done := range tt.history {
				st := start.AddDays(-7 * (len(tt.history) - i))
				s := b.sprint("H"+string(rune('0'+i)), "", st.String(), st.AddDays(4).String())
				b.story(s, "HS"+string(rune('0'+i)), "", done, "")
				b.log(s, st.AddDays(1).String(), model.LogEntry{Done: []string{"HS" + string(rune('0'+i))}})
			}
			s := b.sprint("S", "", "2026-03-02", "2026-03-06")
			s.Capacity = tt.capacity
			b.story(s, "C", "", 4, model.PriorityCritical)
			b.story(s, "H2", "", 2, model.PriorityHigh)
			b.story(s, "M1", "", 3, model.PriorityMedium)
			b.story(s, "L", "", 5, model.PriorityLow)
			b.story(s, "H1", "", 1, model.PriorityHigh)
			b.story(s, "M2", "", 5, model.PriorityMedium)
			b.story(s, "X", "", 7, model.PriorityLow) // added: never pushed out
			b.log(s, "2026-03-03", model.LogEntry{Added: []string{"X"}})
			rep := b.compute("2026-03-02")
			sr := rep.Sprints[len(rep.Sprints)-1]
			if !reflect.DeepEqual(sr.Capacity, tt.wantCapacity) || sr.Overcommitted != tt.wantOver ||
				!reflect.DeepEqual(sr.PushOut, tt.wantPushOut) || sr.Committed != tt.wantCommitted {
				t.Errorf("capacity %v over %v push_out %v committed %v; want %v %v %v %v",
					deref(sr.Capacity), sr.Overcommitted, sr.PushOut, sr.Committed,
					deref(tt.wantCapacity), tt.wantOver, tt.wantPushOut, tt.wantCommitted)
			}
			if !reflect.DeepEqual(rep.Velocity.Average, tt.wantVelocity) {
				t.Errorf("average velocity %v, want %v", deref(rep.Velocity.Average), deref(tt.wantVelocity))
			}
		})
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestPushOutTieBreaks(t *testing.T) {
	b := newSiteBuilder(t)
	s := b.sprint("S", "", "2026-03-02", "2026-03-06")
	s.Capacity = ptr(0.0)
	b.story(s, "B", "", 2, model.PriorityLow)
	b.story(s, "A", "", 2, model.PriorityLow)
	b.story(s, "C", "", 3, model.PriorityLow)
	b.story(s, "Z", "", 0, model.PriorityLow)
	// Re-estimated on the first day: the estimate at start counts.
	b.log(s, "2026-03-02", model.LogEntry{Estimates: []model.Reestimate{{Story: "Z", Estimate: 9}}})
	sr := b.compute("2026-03-02").Sprints[0]
	if want := []string{"Z", "C", "A", "B"}; !reflect.DeepEqual(sr.PushOut, want) {
		t.Errorf("push_out = %v, want %v", sr.PushOut, want)
	}
}

func TestVelocityOnlyCountsClosedSprints(t *testing.T) {
	b := newSiteBuilder(t)
	b.site.Config.VelocityWindow = 5
	s1 := b.sprint("S-1", "", "2026-01-05", "2026-01-09")
	b.story(s1, "A", "", 3, "")
	b.log(s1, "2026-01-06", model.LogEntry{Done: []string{"A"}})
	s2 := b.sprint("S-2", "", "2026-01-12", "2026-01-16")
	b.story(s2, "B", "", 5, "")
	b.log(s2, "2026-01-13", model.LogEntry{Done: []string{"B"}})
	s3 := b.sprint("S-3", "", "2026-01-19", "2026-01-23")
	b.story(s3, "C", "", 40, "")
	rep := b.compute("2026-01-13")
	want := []SprintVelocity{{ID: "S-1", Committed: 3, Completed: 3, RollingAverage: 3}}
	if !reflect.DeepEqual(rep.Velocity.Sprints, want) || *rep.Velocity.Average != 3 || rep.Velocity.Window != 5 {
		t.Errorf("velocity = %+v average %v", rep.Velocity.Sprints, deref(rep.Velocity.Average))
	}
	// S-3's default capacity: S-2 has not closed by A, so only S-1 counts.
	if c := rep.Sprints[2].Capacity; c == nil || *c != 3 {
		t.Errorf("planned sprint capacity = %v, want 3", deref(c))
	}
	if c := rep.Sprints[1].Completed; c != 5 {
		t.Errorf("active sprint completed = %v, want 5", c)
	}
}

// TestReestimatedAndDoneCount checks §3.5 reestimated and §3.8 done_count
// on one sprint (Mon 5 – Fri 16 Jan 2026) as of different days. A (5) and B
// (3) are committed; C (2) is added on the 6th; A is re-estimated to 8 on
// the 7th and done on the 8th; B is done on the 9th and reopened on the
// 12th; C is done on the 9th and removed on the 13th; D (4) is added on the
// 14th and re-estimated to 1 the same day.
func TestReestimatedAndDoneCount(t *testing.T) {
	tests := []struct {
		asOf        string
		reestimated float64
		doneCount   int
		scope       float64 // the last burndown point's
	}{
		{"2026-01-02", 0, 0, 0},  // planned: nothing has happened, later events do not count yet
		{"2026-01-05", 0, 0, 8},  // first day
		{"2026-01-07", 3, 0, 13}, // A 5 → 8; C added counts in added, not here
		{"2026-01-09", 3, 3, 13}, // A, B and C done
		{"2026-01-12", 3, 2, 13}, // B reopened: not done any more
		{"2026-01-13", 3, 1, 11}, // C removed: out of scope, its 2 in removed
		{"2026-01-14", 3, 1, 12}, // D added and re-estimated to 1 that day: added counts 1
		{"2026-01-16", 3, 1, 12}, // A on the last day: closed
		{"2026-02-01", 3, 1, 12}, // long after: the same as at the end
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			b := newSiteBuilder(t)
			s := b.sprint("S", "", "2026-01-05", "2026-01-16")
			b.stories(s, storySpec{"A", "", 5}, storySpec{"B", "", 3}, storySpec{"C", "", 2}, storySpec{"D", "", 4})
			b.log(s, "2026-01-06", model.LogEntry{Added: []string{"C"}})
			b.log(s, "2026-01-07", model.LogEntry{Estimates: []model.Reestimate{{Story: "A", Estimate: 8}}})
			b.log(s, "2026-01-08", model.LogEntry{Done: []string{"A"}})
			b.log(s, "2026-01-09", model.LogEntry{Done: []string{"B", "C"}})
			b.log(s, "2026-01-12", model.LogEntry{Reopened: []string{"B"}})
			b.log(s, "2026-01-13", model.LogEntry{Removed: []string{"C"}})
			b.log(s, "2026-01-14", model.LogEntry{Added: []string{"D"}, Estimates: []model.Reestimate{{Story: "D", Estimate: 1}}})
			sr := b.compute(tt.asOf).Sprints[0]
			if sr.Reestimated != tt.reestimated || sr.DoneCount != tt.doneCount {
				t.Errorf("reestimated %v done_count %d, want %v and %d", sr.Reestimated, sr.DoneCount, tt.reestimated, tt.doneCount)
			}
			var scope float64
			if n := len(sr.Burndown); n > 0 {
				scope = sr.Burndown[n-1].Scope
			}
			if scope != tt.scope {
				t.Errorf("scope %v, want %v", scope, tt.scope)
			}
			if n := len(sr.Burndown); n > 0 && sr.Committed+sr.Added-sr.Removed+sr.Reestimated != scope {
				t.Errorf("committed %v + added %v − removed %v + reestimated %v ≠ scope %v",
					sr.Committed, sr.Added, sr.Removed, sr.Reestimated, scope)
			}
		})
	}
}

func TestOverdue(t *testing.T) {
	tests := []struct {
		asOf    string
		done    bool
		overdue bool
	}{
		{"2026-01-15", false, false}, // before the date
		{"2026-01-16", false, false}, // on the date: not late yet
		{"2026-01-17", false, true},  // the day after, with work left
		{"2026-01-17", true, false},  // the day after, all done
	}
	for _, tt := range tests {
		b := newSiteBuilder(t)
		b.feature("F", estimate(5), scores(1, 1))
		b.release("R", "2026-01-05", "2026-01-16", 10, "F")
		s := b.sprint("S", "R", "2026-01-05", "2026-01-16")
		b.story(s, "A", "F", 5, "")
		if tt.done {
			b.log(s, "2026-01-09", model.LogEntry{Done: []string{"A"}})
		}
		if got := b.compute(tt.asOf).Releases[0].Overdue; got != tt.overdue {
			t.Errorf("as of %s, done %v: overdue %v, want %v", tt.asOf, tt.done, got, tt.overdue)
		}
	}
}
