package importer

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func sprint(name, start, end string) SprintInfo {
	return SprintInfo{Name: name, Start: day(start), End: day(end)}
}

// story is an item of epic E-1 with points, created on 2026-03-01 unless
// changed.
func story(key string, points float64, status Status, sprints ...string) Item {
	return Item{Key: key, Title: "Story " + key, Parent: "E-1", Kind: KindFeature, Priority: Medium,
		Points: points, HasPoints: true, Status: status, Created: day("2026-03-01"), Sprints: sprints}
}

func epic(key string, versions ...string) Item {
	return Item{Key: key, Title: "Epic " + key, Epic: true, Kind: KindFeature, Priority: High, Created: day("2026-02-20"), Versions: versions}
}

// describe is a sprint in one line: dates, stories and log.
func describe(s Sprint) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s..%s [", s.ID, s.Start, s.End)
	for i, st := range s.Stories {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s:%s", st.ID, formatNumber(st.Estimate))
	}
	b.WriteByte(']')
	for _, e := range s.Log {
		fmt.Fprintf(&b, " %s", e.Date)
		for _, l := range []struct {
			what string
			ids  []string
		}{{"added", e.Added}, {"started", e.Started}, {"done", e.Done}} {
			if len(l.ids) > 0 {
				fmt.Fprintf(&b, " %s=%s", l.what, strings.Join(l.ids, ","))
			}
		}
	}
	return b.String()
}

func sprintLines(s *Site) []string {
	var out []string
	for _, sp := range s.Sprints {
		out = append(out, describe(sp))
	}
	return out
}

// sameLines fails t when got differs from want, showing both.
func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n%s\nwant\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// notesSay fails t for each part no note of s says.
func notesSay(t *testing.T, s *Site, parts ...string) {
	t.Helper()
	for _, n := range parts {
		if !hasNote(s, n) {
			t.Errorf("no note %q in %+v", n, s.Notes)
		}
	}
}

func hasNote(s *Site, part string) bool {
	return slices.ContainsFunc(s.Notes, func(n Note) bool { return strings.Contains(n.Text, part) })
}

func TestAssembleStories(t *testing.T) {
	resolvedIn := func(it Item, d string) Item { it.Resolved = day(d); return it }
	startedOn := func(it Item, d string) Item { it.Started = day(d); return it }
	created := func(it Item, d string) Item { it.Created = day(d); return it }
	b := &Backlog{
		Source: "Jira", SprintsKnown: true, Latest: day("2026-03-25"),
		Sprints: []SprintInfo{sprint("Sprint 2", "2026-03-16", "2026-03-27"), sprint("Sprint 1", "2026-03-02", "2026-03-13")},
		Items: []Item{
			epic("E-1"),
			resolvedIn(story("S-1", 3, Done, "Sprint 1"), "2026-03-04"),
			startedOn(story("S-2", 5, InProgress, "Sprint 2", "Sprint 1"), "2026-03-10"),
			resolvedIn(created(story("S-3", 2, Done, "Sprint 2"), "2026-03-18"), "2026-03-19"),
			resolvedIn(story("S-4", 8, Dropped, "Sprint 2"), "2026-03-20"),
			story("S-5", 13, ToDo),
			resolvedIn(story("S-6", 1, Done, "Sprint 1"), "2026-03-20"), // after its sprint
		},
	}
	s := Assemble(b, Options{})
	want := []string{
		"Sprint-1 2026-03-02..2026-03-13 [S-1:3 S-2:5 S-6:1] 2026-03-04 done=S-1 2026-03-10 started=S-2 2026-03-13 done=S-6",
		"Sprint-2 2026-03-16..2026-03-27 [S-2:5 S-3:2] 2026-03-18 added=S-3 2026-03-19 done=S-3",
	}
	sameLines(t, "sprints", sprintLines(s), want)
	if len(s.Features) != 1 || s.Features[0].Estimate != 24 {
		t.Errorf("features %+v; want one, estimated 3+5+2+13+1", s.Features)
	}
	notesSay(t, s, "1 story was in more than one sprint", "1 issue resolved as not to be done is left out",
		"1 issue of epics with stories in sprints was in no sprint", "13 points of open work",
		"1 story was resolved outside the dates", "the as-of date is 2026-03-25")
}

func TestAssembleLaysOutSprintsWithoutAFile(t *testing.T) {
	b := &Backlog{Source: "Jira", Latest: day("2026-04-01"), Items: []Item{
		epic("E-1"),
		story("S-1", 3, ToDo, "Team Sprint 10"),
		story("S-2", 3, ToDo, "Team Sprint 9"),
	}}
	b.Items[2].Created = day("2026-01-07") // a Wednesday
	s := Assemble(b, Options{SprintLength: 7})
	want := []string{"Team-Sprint-9 2026-01-05..2026-01-11 [S-2:3]", "Team-Sprint-10 2026-01-12..2026-01-18 [S-1:3]"}
	if got := sprintLines(s); !slices.Equal(got, want) {
		t.Errorf("guessed layout:\n%s", strings.Join(got, "\n"))
	}
	if !hasNote(s, "no sprints file: 2 sprints laid out every 7 days from 2026-01-05, the Monday before") {
		t.Errorf("notes %+v", s.Notes)
	}
	s = Assemble(b, Options{FirstSprint: day("2026-02-02")})
	if got := sprintLines(s); got[0] != "Team-Sprint-9 2026-02-02..2026-02-15 [S-2:3]" {
		t.Errorf("--first-sprint layout: %q", got)
	}
}

func TestAssembleSeparatesOverlappingSprints(t *testing.T) {
	b := &Backlog{Source: "Jira", SprintsKnown: true, Latest: day("2026-04-01"),
		Sprints: []SprintInfo{
			sprint("A", "2026-03-02", "2026-03-16"), // completed the day B started
			sprint("B", "2026-03-16", "2026-03-27"),
			sprint("C", "2026-03-16", "2026-03-20"), // a parallel sprint
			{Name: "D"},                             // a future sprint without dates
			sprint("Unused", "2026-01-05", "2026-01-16"),
		},
		Items: []Item{epic("E-1"), story("S-1", 1, ToDo, "A"), story("S-2", 1, ToDo, "B"), story("S-3", 1, ToDo, "C"), story("S-4", 1, ToDo, "D", "Nowhere")},
	}
	s := Assemble(b, Options{})
	var got []string
	for _, sp := range s.Sprints {
		got = append(got, fmt.Sprintf("%s %s..%s", sp.ID, sp.Start, sp.End))
	}
	want := []string{"A 2026-03-02..2026-03-15", "C 2026-03-16..2026-03-20", "B 2026-03-21..2026-03-27", "D 2026-03-28..2026-04-10"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	notesSay(t, s, "2 sprints overlapped", "1 sprint of the sprints file has no dates", "1 sprint named by issues is not in the sprints file", "1 sprint of the sprints file holds no issue")
}

func TestAssembleKeepsKnownEnds(t *testing.T) {
	// Milestones as sprints: only the due dates are known, so a guessed
	// start moves, never a due date.
	b := &Backlog{Source: "GitHub", SprintsKnown: true, Latest: day("2026-04-01"),
		Sprints: []SprintInfo{{Name: "M1", End: day("2026-03-13")}, {Name: "M2", End: day("2026-03-20")}},
		Items:   []Item{epic("E-1"), story("S-1", 1, ToDo, "M1"), story("S-2", 1, ToDo, "M2")},
	}
	s := Assemble(b, Options{})
	var got []string
	for _, sp := range s.Sprints {
		got = append(got, fmt.Sprintf("%s %s..%s", sp.ID, sp.Start, sp.End))
	}
	sameLines(t, "sprints", got, []string{"M1 2026-02-28..2026-03-13", "M2 2026-03-14..2026-03-20"})
}

func TestAssembleReleases(t *testing.T) {
	inVersion := func(it Item, v ...string) Item { it.Versions = v; return it }
	child := func(key, parent string, points float64, sprints ...string) Item {
		it := story(key, points, ToDo, sprints...)
		it.Parent = parent
		return it
	}
	b := &Backlog{Source: "Jira", SprintsKnown: true, VersionsKnown: true, Latest: day("2026-04-01"),
		Sprints: []SprintInfo{sprint("S1", "2026-03-02", "2026-03-13"), sprint("S2", "2026-03-16", "2026-03-27")},
		Versions: []VersionInfo{
			{Name: "1.0", Start: day("2026-03-02"), Date: day("2026-03-27")},
			{Name: "1.1"},
			{Name: "Old", Date: day("2025-01-01")},
			{Name: "Next", Planned: true, Date: day("2026-06-30")},
		},
		Items: []Item{
			epic("E-1", "1.0"),
			epic("E-2"),
			epic("E-3", "1.0", "2.0"), // several: the latest in version order
			child("S-1", "E-1", 3, "S1"),
			child("S-2", "E-1", 5, "S2"),
			inVersion(child("S-3", "E-2", 2, "S2"), "1.1"),
			inVersion(child("S-4", "E-2", 1), "1.1"),
			inVersion(child("S-5", "E-2", 1), "1.0"),
			child("S-6", "E-3", 8),
		},
	}
	s := Assemble(b, Options{})
	var got []string
	for _, r := range s.Releases {
		got = append(got, fmt.Sprintf("%s %s..%s capacity=%s %v", r.ID, r.Start, r.Date, formatNumber(r.Capacity), r.Features))
	}
	want := []string{
		"1.0 2026-03-02..2026-03-27 capacity=8 [E-1]",
		"1.1 2026-03-16..2026-03-27 capacity=2 [E-2]",
		"Next 2026-04-01..2026-06-30 capacity=0 []",
		"2.0 2026-02-20..2026-04-01 capacity=8 [E-3]",
	}
	sameLines(t, "releases", got, want)
	if r1, r2 := s.Sprints[0].Release, s.Sprints[1].Release; r1 != "1.0" || r2 != "1.0" {
		t.Errorf("sprint releases %q %q: S2 holds 5 points of 1.0 and 2 of 1.1", r1, r2)
	}
	notesSay(t, s, "1 epic has no release of its own", "1 release has no start or release date", "1 version named by issues is not in the versions file",
		"capacity is its scope", "2 releases have no start or release date and no story in a sprint", "1 version has no feature and no planned date: left out")
}

func TestAssembleFeatures(t *testing.T) {
	bug := Item{Key: "P-9", Title: "Crash", Kind: KindBug, Priority: Critical, Status: InProgress, Created: day("2026-03-01"), Rank: "0|b"}
	done := epic("E-1")
	done.Status, done.Resolved, done.Rank = Done, day("2026-03-05"), "0|a"
	dropped := epic("E-2")
	dropped.Status = Dropped
	started := epic("E-3")
	orphanChild := story("S-1", 3, Done, "S1")
	orphanChild.Parent = "X-404"
	b := &Backlog{Source: "Jira", SprintsKnown: true, Sprints: []SprintInfo{sprint("S1", "2026-03-02", "2026-03-13")},
		Items: []Item{bug, done, dropped, started, story("S-2", 2, Done), orphanChild}}
	b.Items[4].Parent = "E-3"
	s := Assemble(b, Options{AsOf: day("2026-03-20")})
	var got []string
	for _, f := range s.Features {
		got = append(got, fmt.Sprintf("%s kind=%s rank=%d status=%s done_on=%s estimate=%s score=%d", f.ID, f.Kind, f.Rank, f.Status, f.DoneOn, formatNumber(f.Estimate), f.Score))
	}
	want := []string{
		"E-1 kind=feature rank=1 status=done done_on=2026-03-05 estimate=0 score=3",
		"P-9 kind=bug rank=2 status=in_progress done_on= estimate=0 score=4",
		"E-2 kind=feature rank=0 status=dropped done_on= estimate=0 score=3",
		"E-3 kind=feature rank=0 status=in_progress done_on= estimate=2 score=3",
		"S-1 kind=feature rank=0 status=done done_on= estimate=3 score=2",
	}
	sameLines(t, "features", got, want)
	if !hasNote(s, "1 issue names an epic that is not in the export") || hasNote(s, "as-of") {
		t.Errorf("notes %+v", s.Notes)
	}
}
