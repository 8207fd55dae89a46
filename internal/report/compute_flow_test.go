package report

import (
	"reflect"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
)

// flowSite has two one-week sprints, S1 (Mon 5 – Fri 9 Jan 2026) and S2
// (12 – 16 Jan), whose stories cover the §3.8 cases: A is reopened and
// done again; B is started in S1 and done in S2 after carrying over at a
// smaller estimate; C is removed from S1 and declared again in S2 (not
// dropped); D is never started; E is added to S2 and removed (dropped); F
// is in progress; G is started and removed (dropped).
func flowSite(t *testing.T) *siteBuilder {
	b := newSiteBuilder(t)
	s1 := b.sprint("S1", "", "2026-01-05", "2026-01-09")
	b.stories(s1, storySpec{"A", "FA", 3}, storySpec{"B", "", 2}, storySpec{"C", "", 5}, storySpec{"D", "", 1})
	b.log(s1, "2026-01-06", model.LogEntry{Started: []string{"A"}})
	b.log(s1, "2026-01-07", model.LogEntry{Done: []string{"A"}, Started: []string{"B"}})
	b.log(s1, "2026-01-08", model.LogEntry{Reopened: []string{"A"}, Removed: []string{"C"}})
	b.log(s1, "2026-01-09", model.LogEntry{Done: []string{"A"}})
	s2 := b.sprint("S2", "", "2026-01-12", "2026-01-16")
	b.stories(s2, storySpec{"B", "", 1}, storySpec{"C", "", 4}, storySpec{"E", "", 2}, storySpec{"F", "", 3}, storySpec{"G", "", 1})
	b.log(s2, "2026-01-12", model.LogEntry{Started: []string{"F"}})
	b.log(s2, "2026-01-13", model.LogEntry{Added: []string{"E"}, Started: []string{"C", "G"}})
	b.log(s2, "2026-01-14", model.LogEntry{Done: []string{"B"}, Removed: []string{"E"}})
	b.log(s2, "2026-01-15", model.LogEntry{Done: []string{"C"}, Removed: []string{"G"}})
	return b
}

func TestCumulativeFlow(t *testing.T) {
	// to do, in progress, done (sums, then counts), worked out by hand.
	type bands struct {
		toDo, inProgress, done    float64
		nToDo, nInProgress, nDone int
	}
	want := []bands{
		{11, 0, 0, 4, 0, 0}, // 5 Jan: A B C D entered
		{8, 3, 0, 3, 1, 0},  // A started
		{6, 2, 3, 2, 1, 1},  // A done, B started
		{6, 5, 0, 2, 2, 0},  // A reopened: in progress again; C removed but declared again later
		{6, 2, 3, 2, 1, 1},  // A done again
		{6, 2, 3, 2, 1, 1},  // Saturday
		{6, 2, 3, 2, 1, 1},  // Sunday
		{6, 4, 3, 3, 2, 1},  // S2: B 1, C 4, F 3 started, G 1 to do
		{3, 9, 3, 2, 4, 1},  // E added; C and G started
		{1, 8, 4, 1, 3, 2},  // B done; E dropped
		{1, 3, 8, 1, 1, 3},  // C done; G dropped
		{1, 3, 8, 1, 1, 3},  // 16 Jan
	}
	rep := flowSite(t).compute("2026-01-16")
	if len(rep.Flow.Cumulative) != len(want) {
		t.Fatalf("%d points, want %d", len(rep.Flow.Cumulative), len(want))
	}
	for i, p := range rep.Flow.Cumulative {
		got := bands{p.ToDo, p.InProgress, p.Done, p.ToDoCount, p.InProgressCount, p.DoneCount}
		if p.Date != day(t, "2026-01-05").AddDays(i) || got != want[i] {
			t.Errorf("%v: %+v, want %+v", p.Date, got, want[i])
		}
	}
}

func TestCycleAndAging(t *testing.T) {
	d := func(s string) model.Date { return day(t, s) }
	tests := []struct {
		asOf  string
		cycle []CycleStory
		aging []AgingStory
	}{
		{"2026-01-04", []CycleStory{}, []AgingStory{}}, // before any sprint
		{
			// A is not done on the 8th: in progress since its first start.
			"2026-01-08", []CycleStory{},
			[]AgingStory{{"A", ptr("FA"), d("2026-01-06"), 3, false}, {"B", nil, d("2026-01-07"), 2, false}},
		},
		{
			// Cycle time runs from the first start to the last done.
			"2026-01-16",
			[]CycleStory{
				{"A", ptr("FA"), d("2026-01-06"), d("2026-01-09"), 4},
				{"B", nil, d("2026-01-07"), d("2026-01-14"), 8},
				{"C", nil, d("2026-01-13"), d("2026-01-15"), 3},
			},
			// G was started and dropped: not aging.
			[]AgingStory{{"F", nil, d("2026-01-12"), 5, false}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.asOf, func(t *testing.T) {
			flow := flowSite(t).compute(tt.asOf).Flow
			if !reflect.DeepEqual(flow.Cycle, tt.cycle) {
				t.Errorf("cycle %+v\nwant  %+v", flow.Cycle, tt.cycle)
			}
			if !reflect.DeepEqual(flow.Aging, tt.aging) {
				t.Errorf("aging %+v\nwant  %+v", flow.Aging, tt.aging)
			}
			if tt.asOf < "2026-01-05" && len(flow.Cumulative) != 0 {
				t.Errorf("%d cumulative points before the first sprint", len(flow.Cumulative))
			}
		})
	}
}

func TestFlowWithoutSprints(t *testing.T) {
	b := newSiteBuilder(t)
	b.feature("F", scores(1, 1), estimate(3))
	flow := b.compute("2026-01-05").Flow
	if flow.Cumulative == nil || flow.Cycle == nil || flow.Aging == nil ||
		len(flow.Cumulative)+len(flow.Cycle)+len(flow.Aging) != 0 {
		t.Errorf("flow of a site without sprints: %+v, want empty lists", flow)
	}
}
