package model

import (
	"sort"
	"testing"
)

func TestPriorityUrgencyIsTheOneOrdering(t *testing.T) {
	ps := []Priority{PriorityLow, "", PriorityCritical, PriorityMedium, PriorityHigh}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Urgency() < ps[j].Urgency() })
	want := []Priority{PriorityCritical, PriorityHigh, "", PriorityMedium, PriorityLow}
	for i := range want {
		if ps[i] != want[i] {
			t.Fatalf("ordered by urgency: %q, want %q (an unknown priority counts as medium)", ps, want)
		}
	}
}

func TestStatusOpen(t *testing.T) {
	for s, want := range map[Status]bool{StatusProposed: true, StatusPlanned: true, StatusInProgress: true, StatusDone: false, StatusDropped: false} {
		if s.Open() != want {
			t.Errorf("%s.Open() = %v", s, !want)
		}
	}
}
