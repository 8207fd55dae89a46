package importer

import (
	"slices"
	"testing"
)

func TestIDs(t *testing.T) {
	s := newIDs("sprint")
	for _, tc := range []struct{ name, want string }{
		{"PAY Sprint 12", "PAY-Sprint-12"},
		{"pay sprint 12", "pay-sprint-12-2"}, // differs only in case: one folder on macOS
		{"2026.1", "2026.1"},
		{"  Été / 2026  ", "t-2026"},
		{"☕", "sprint"},
		{"☕", "sprint-2"},
		{"-v1.0-", "v1.0"},
	} {
		got := s.make(tc.name)
		if got != tc.want {
			t.Errorf("make(%q) = %q, want %q", tc.name, got, tc.want)
		}
		if !IsIdent(got) {
			t.Errorf("%q is not an identifier", got)
		}
	}
}

func TestNaturalCompare(t *testing.T) {
	got := []string{"Sprint 10", "Sprint 9", "PAY-10", "PAY-2", "Sprint 09", "a", "A"}
	slices.SortFunc(got, NaturalCompare)
	want := []string{"A", "PAY-2", "PAY-10", "Sprint 09", "Sprint 9", "Sprint 10", "a"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
