package report

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
)

func TestAsOf(t *testing.T) {
	d := func(s string) model.Date { return day(t, s) }
	withSprints := func(b *siteBuilder) {
		s1 := b.sprint("S-1", "", "2026-01-05", "2026-01-16")
		b.sprint("S-2", "", "2026-01-19", "2026-01-30")
		b.log(s1, "2026-01-07", model.LogEntry{})
		b.log(s1, "2026-01-09", model.LogEntry{})
	}
	tests := []struct {
		name  string
		build func(b *siteBuilder)
		flag  model.Date
		want  model.Date
	}{
		{"flag wins", func(b *siteBuilder) { withSprints(b); b.site.Config.AsOf = d("2026-02-01") }, d("2026-03-01"), d("2026-03-01")},
		{"as_of", func(b *siteBuilder) { withSprints(b); b.site.Config.AsOf = d("2026-02-01") }, 0, d("2026-02-01")},
		{"latest log date", withSprints, 0, d("2026-01-09")},
		{"earliest sprint start", func(b *siteBuilder) {
			b.sprint("S-2", "", "2026-01-19", "2026-01-30")
			b.sprint("S-1", "", "2026-01-05", "2026-01-16")
		}, 0, d("2026-01-05")},
		{"none", func(*siteBuilder) {}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newSiteBuilder(t)
			tt.build(b)
			if got := AsOf(b.site, tt.flag); got != tt.want {
				t.Errorf("AsOf = %v, want %v", got, tt.want)
			}
		})
	}
}

func featureIDs(fs []*FeatureReport) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func TestProductBacklogOrder(t *testing.T) {
	tests := []struct {
		name  string
		build func(b *siteBuilder)
		want  []string
	}{
		{"ranks with gaps", func(b *siteBuilder) {
			b.feature("C", rank(9), scores(1, 1))
			b.feature("A", rank(5), scores(1, 1))
			b.feature("B", rank(2), scores(1, 1))
		}, []string{"B", "A", "C"}},
		{"ranked before unranked whatever the score", func(b *siteBuilder) {
			b.feature("U", scores(10, 1))
			b.feature("R", rank(7), scores(1, 10))
		}, []string{"R", "U"}},
		{"unranked backlog by score, null scores last", func(b *siteBuilder) {
			b.feature("D", status(model.StatusDropped), noScores())
			b.feature("X", scores(2, 1))
			b.feature("Y", scores(9, 1))
			b.feature("A", status(model.StatusDone), noScores())
			b.feature("Z", scores(5, 1))
		}, []string{"Y", "Z", "X", "A", "D"}},
		{"ties in score by id", func(b *siteBuilder) {
			b.feature("F-3", scores(4, 2))
			b.feature("F-1", scores(2, 1))
			b.feature("F-2", scores(6, 3))
			b.feature("F-0", scores(1, 1))
		}, []string{"F-1", "F-2", "F-3", "F-0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newSiteBuilder(t)
			tt.build(b)
			rep := b.compute("2026-01-01")
			if got := featureIDs(rep.Features); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("order = %v, want %v", got, tt.want)
			}
			for i, f := range rep.Features {
				if f.Position != i+1 {
					t.Errorf("%s: position %d, want %d", f.ID, f.Position, i+1)
				}
			}
		})
	}
}

func TestLowScoreAndRevisit(t *testing.T) {
	tests := []struct {
		name        string
		build       func(b *siteBuilder)
		wantLow     []string
		wantRevisit []string
	}{
		{
			// Open scores 1..8: the 25th percentile is the 2nd value (2),
			// the 75th the 6th (6); n = 9 features, top half is 1..4.
			name: "percentiles, done features excluded but counted in n",
			build: func(b *siteBuilder) {
				b.feature("P1", rank(1), scores(1, 1))
				b.feature("P2", rank(2), scores(8, 1))
				b.feature("P3", rank(3), scores(3, 1))
				b.feature("P4", rank(4), scores(4, 1))
				b.feature("P5", rank(5), scores(5, 1))
				b.feature("P6", rank(6), scores(6, 1))
				b.feature("P7", rank(7), scores(7, 1))
				b.feature("P8", rank(8), scores(2, 1))
				b.feature("P9", rank(9), status(model.StatusDone), scores(1, 10))
			},
			wantLow:     []string{"P1", "P8"},
			wantRevisit: []string{"P1", "P6", "P7"},
		},
		{
			name: "fixed threshold is strict",
			build: func(b *siteBuilder) {
				b.site.Config.Scorecard.LowScore = ptr(3.0)
				b.feature("A", rank(1), scores(2, 1))
				b.feature("B", rank(2), scores(3, 1))
				b.feature("C", rank(3), scores(9, 1))
				b.feature("D", rank(4), scores(4, 1))
			},
			// The 75th percentile of 2, 3, 4, 9 is 4: D is high and low-ranked.
			wantLow:     []string{"A"},
			wantRevisit: []string{"A", "C", "D"},
		},
		{
			name: "ties at the percentile are all low",
			build: func(b *siteBuilder) {
				b.feature("A", scores(2, 1))
				b.feature("B", scores(2, 1))
				b.feature("C", scores(2, 1))
				b.feature("D", scores(2, 1))
			},
			wantLow:     []string{"A", "B", "C", "D"},
			wantRevisit: []string{"A", "B", "C", "D"},
		},
		{
			name:        "nothing scored",
			build:       func(b *siteBuilder) { b.feature("A", status(model.StatusDropped), noScores()) },
			wantLow:     []string{},
			wantRevisit: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newSiteBuilder(t)
			tt.build(b)
			rep := b.compute("2026-01-01")
			low := []string{}
			for _, f := range rep.Features {
				if f.LowScore {
					low = append(low, f.ID)
				}
			}
			if !reflect.DeepEqual(low, tt.wantLow) {
				t.Errorf("low_score = %v, want %v", low, tt.wantLow)
			}
			if !reflect.DeepEqual(rep.Revisit, tt.wantRevisit) {
				t.Errorf("revisit = %v, want %v", rep.Revisit, tt.wantRevisit)
			}
		})
	}
}

func TestScoreErrorNamesTheFeature(t *testing.T) {
	b := newSiteBuilder(t)
	f := b.feature("F-9", scores(3, 0))
	f.Pos = model.Pos{Path: "site/backlog/a.toml", Line: 12, Col: 1}
	b.feature("F-done", status(model.StatusDone), noScores(), withScore("value", 1))
	_, err := Compute(b.site, day(t, "2026-01-01"))
	var list model.ErrorList
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("err = %v, want one error", err)
	}
	if got := list[0].Error(); !strings.HasPrefix(got, "site/backlog/a.toml:12:1: feature F-9") || !strings.Contains(got, "division by zero") {
		t.Errorf("error = %q", got)
	}
}

// storyCase is a one-sprint site with feature F and the given log; it checks
// the sprint's burndown and the feature's figures as of asOf.
func TestStoryHistory(t *testing.T) {
	type point struct{ scope, done float64 }
	tests := []struct {
		name      string
		build     func(b *siteBuilder, s *model.Sprint)
		asOf      string
		burndown  []point // from 2026-01-05 (Monday)
		size      float64
		done      float64
		status    model.Status
		completed float64
		added     float64
		removed   float64
		notDone   []string
	}{
		{
			name: "done and reopened the same day in one entry",
			build: func(b *siteBuilder, s *model.Sprint) {
				b.story(s, "A", "F", 3, "")
				b.log(s, "2026-01-06", model.LogEntry{Done: []string{"A"}, Reopened: []string{"A"}})
			},
			asOf: "2026-01-07", burndown: []point{{3, 0}, {3, 0}, {3, 0}},
			size: 3, done: 0, status: model.StatusInProgress, notDone: []string{"A"},
		},
		{
			name: "reopened then done again the same day, two entries",
			build: func(b *siteBuilder, s *model.Sprint) {
				b.story(s, "A", "F", 3, "")
				b.log(s, "2026-01-05", model.LogEntry{Done: []string{"A"}})
				b.log(s, "2026-01-06", model.LogEntry{Reopened: []string{"A"}})
				b.log(s, "2026-01-06", model.LogEntry{Done: []string{"A"}})
			},
			asOf: "2026-01-06", burndown: []point{{3, 3}, {3, 3}},
			size: 3, done: 3, status: model.StatusDone, completed: 3, notDone: []string{},
		},
		{
			name: "re-estimated after done",
			build: func(b *siteBuilder, s *model.Sprint) {
				b.story(s, "A", "F", 3, "")
				b.story(s, "B", "F", 2, "")
				b.log(s, "2026-01-05", model.LogEntry{Done: []string{"A"}})
				b.log(s, "2026-01-07", model.LogEntry{Estimates: []model.Reestimate{{Story: "A", Estimate: 5}}})
			},
			asOf: "2026-01-07", burndown: []point{{5, 3}, {5, 3}, {7, 5}},
			size: 7, done: 5, status: model.StatusInProgress, completed: 5, notDone: []string{"B"},
		},
		{
			name: "added and removed on different days",
			build: func(b *siteBuilder, s *model.Sprint) {
				b.story(s, "A", "F", 3, "")
				b.story(s, "B", "F", 2, "")
				b.log(s, "2026-01-06", model.LogEntry{Added: []string{"B"}})
				b.log(s, "2026-01-07", model.LogEntry{Estimates: []model.Reestimate{{Story: "B", Estimate: 4}}})
				b.log(s, "2026-01-08", model.LogEntry{Removed: []string{"B"}})
			},
			asOf: "2026-01-09", burndown: []point{{3, 0}, {5, 0}, {7, 0}, {3, 0}, {3, 0}},
			size: 7, status: model.StatusPlanned, added: 2, removed: 4, notDone: []string{"A"},
		},
		{
			name: "added and removed the same day",
			build: func(b *siteBuilder, s *model.Sprint) {
				b.story(s, "A", "F", 3, "")
				b.story(s, "B", "F", 2, "")
				b.log(s, "2026-01-06", model.LogEntry{Added: []string{"B"}, Removed: []string{"B"}})
			},
			asOf: "2026-01-06", burndown: []point{{3, 0}, {3, 0}},
			size: 5, status: model.StatusPlanned, added: 2, removed: 2, notDone: []string{"A"},
		},
		{
			name: "a committed story removed after work started",
			build: func(b *siteBuilder, s *model.Sprint) {
				b.story(s, "A", "F", 3, "")
				b.story(s, "B", "F", 2, "")
				b.log(s, "2026-01-05", model.LogEntry{Started: []string{"B"}})
				b.log(s, "2026-01-06", model.LogEntry{Removed: []string{"B"}})
			},
			asOf: "2026-01-06", burndown: []point{{5, 0}, {3, 0}},
			size: 5, status: model.StatusInProgress, removed: 2, notDone: []string{"A"},
		},
		{
			name: "events after A do not count",
			build: func(b *siteBuilder, s *model.Sprint) {
				b.story(s, "A", "F", 3, "")
				b.log(s, "2026-01-08", model.LogEntry{Done: []string{"A"}})
			},
			asOf: "2026-01-06", burndown: []point{{3, 0}, {3, 0}},
			size: 3, status: model.StatusPlanned, notDone: []string{"A"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newSiteBuilder(t)
			b.feature("F", scores(1, 1), estimate(100))
			b.release("R", "2026-01-01", "2026-03-01", 100, "F")
			s := b.sprint("S", "R", "2026-01-05", "2026-01-16")
			tt.build(b, s)
			rep := b.compute(tt.asOf)
			sr := rep.Sprints[0]
			var got []point
			for _, p := range sr.Burndown {
				got = append(got, point{p.Scope, p.Done})
				if p.Remaining != p.Scope-p.Done {
					t.Errorf("%v: remaining %v", p.Date, p.Remaining)
				}
			}
			if !reflect.DeepEqual(got, tt.burndown) {
				t.Errorf("burndown = %v, want %v", got, tt.burndown)
			}
			f := rep.Features[0]
			if f.Size != tt.size || f.Done != tt.done || f.Remaining != tt.size-tt.done || f.Status != tt.status {
				t.Errorf("feature size/done/remaining/status = %v/%v/%v/%s, want %v/%v/%v/%s",
					f.Size, f.Done, f.Remaining, f.Status, tt.size, tt.done, tt.size-tt.done, tt.status)
			}
			if sr.Completed != tt.completed || sr.Added != tt.added || sr.Removed != tt.removed {
				t.Errorf("completed/added/removed = %v/%v/%v, want %v/%v/%v",
					sr.Completed, sr.Added, sr.Removed, tt.completed, tt.added, tt.removed)
			}
			if !reflect.DeepEqual(sr.NotCompleted, tt.notDone) {
				t.Errorf("not_completed = %v, want %v", sr.NotCompleted, tt.notDone)
			}
		})
	}
}

func TestCarriedOverTwice(t *testing.T) {
	b := newSiteBuilder(t)
	b.feature("F", scores(1, 1), estimate(50))
	b.release("R", "2026-01-05", "2026-03-31", 100, "F")
	s1 := b.sprint("S-1", "R", "2026-01-05", "2026-01-09")
	s2 := b.sprint("S-2", "R", "2026-01-12", "2026-01-16")
	s3 := b.sprint("S-3", "R", "2026-01-19", "2026-01-23")
	b.story(s1, "A", "F", 8, model.PriorityLow)
	b.log(s1, "2026-01-06", model.LogEntry{Started: []string{"A"}, Estimates: []model.Reestimate{{Story: "A", Estimate: 10}}})
	b.story(s2, "A", "F", 6, model.PriorityMedium)
	b.story(s3, "A", "F", 2, model.PriorityHigh)
	b.log(s3, "2026-01-21", model.LogEntry{Done: []string{"A"}})

	check := func(asOf string, size, done float64, wantStatus model.Status, burnup []BurnupPoint) {
		t.Helper()
		rep := b.compute(asOf)
		f := rep.Features[0]
		if f.Size != size || f.Done != done || f.Status != wantStatus {
			t.Errorf("as of %s: size/done/status = %v/%v/%s, want %v/%v/%s", asOf, f.Size, f.Done, f.Status, size, done, wantStatus)
		}
		if len(f.Stories) != 1 || !reflect.DeepEqual(f.Stories[0].Sprints, []string{"S-1", "S-2", "S-3"}) || f.Stories[0].Priority != model.PriorityHigh {
			t.Errorf("as of %s: feature stories = %+v", asOf, f.Stories[0])
		}
		if got := rep.Releases[0].Burnup; !reflect.DeepEqual(got, burnup) {
			t.Errorf("as of %s: burnup = %+v, want %+v", asOf, got, burnup)
		}
	}
	d := func(s string) model.Date { return day(t, s) }
	// Before S-2 starts, the estimate is S-1's, re-estimated.
	check("2026-01-09", 10, 0, model.StatusInProgress, []BurnupPoint{{"S-1", d("2026-01-09"), 10, 0, 10, 0}})
	check("2026-01-13", 6, 0, model.StatusInProgress, []BurnupPoint{
		{"S-1", d("2026-01-09"), 10, 0, 10, 0},
		{"S-2", d("2026-01-13"), 6, 0, 6, -4},
	})
	check("2026-01-23", 2, 2, model.StatusDone, []BurnupPoint{
		{"S-1", d("2026-01-09"), 10, 0, 10, 0},
		{"S-2", d("2026-01-16"), 6, 0, 6, -4},
		{"S-3", d("2026-01-23"), 2, 2, 0, -4},
	})

	rep := b.compute("2026-01-23")
	wantCarry := [][2]string{{"", "S-2"}, {"S-1", "S-3"}, {"S-2", ""}}
	for i, sr := range rep.Sprints {
		ss := sr.Stories[0]
		if ss.CarriedFrom != wantCarry[i][0] || ss.CarriedTo != wantCarry[i][1] {
			t.Errorf("%s: carried from %q to %q, want %q", sr.ID, ss.CarriedFrom, ss.CarriedTo, wantCarry[i])
		}
		if want := []string{"A"}; i < 2 && !reflect.DeepEqual(sr.NotCompleted, want) {
			t.Errorf("%s: not completed %v", sr.ID, sr.NotCompleted)
		}
	}
	if c := rep.Sprints[0].Committed; c != 8 {
		t.Errorf("S-1 committed = %v, want the estimate at start, 8", c)
	}
	if got := rep.Sprints[2].Completed; got != 2 {
		t.Errorf("S-3 completed = %v, want 2", got)
	}
	// Before its first sprint starts, a story has its first declared estimate.
	rep = b.compute("2026-01-02")
	if f := rep.Features[0]; f.Size != 8 || f.Status != model.StatusPlanned || f.Stories[0].Status != "not_started" {
		t.Errorf("before any sprint: size %v status %s story %s", f.Size, f.Status, f.Stories[0].Status)
	}
}

func TestFeatureStatusAndDone(t *testing.T) {
	b := newSiteBuilder(t)
	b.feature("declared-done", status(model.StatusDone), estimate(5), noScores())
	b.feature("done-no-date", status(model.StatusDone), estimate(4), scores(1, 1))
	b.feature("dropped", status(model.StatusDropped), estimate(8), noScores())
	b.feature("all-done", scores(1, 1), estimate(99))
	b.feature("started", scores(1, 1))
	b.feature("planned", scores(1, 1), estimate(3))
	b.feature("proposed", scores(1, 1), estimate(3))
	b.feature("declared", status(model.StatusInProgress), scores(1, 1), estimate(3))
	b.release("R", "2026-01-01", "2026-02-27", 100, "declared-done", "done-no-date", "dropped", "all-done", "started", "planned")
	s := b.sprint("S", "R", "2026-01-05", "2026-01-16")
	b.story(s, "A", "all-done", 2, "")
	b.story(s, "B", "all-done", 3, "")
	b.story(s, "C", "started", 5, "")
	b.story(s, "D", "dropped", 5, "")
	b.story(s, "E", "declared-done", 1, "")
	b.log(s, "2026-01-06", model.LogEntry{Started: []string{"C"}, Done: []string{"A", "B", "D"}})
	rep := b.compute("2026-01-07")
	type fig struct {
		status           model.Status
		size, done, rest float64
	}
	want := map[string]fig{
		"declared-done": {model.StatusDone, 1, 1, 0},
		"done-no-date":  {model.StatusDone, 4, 4, 0},
		"dropped":       {model.StatusDropped, 0, 0, 0},
		"all-done":      {model.StatusDone, 5, 5, 0},
		"started":       {model.StatusInProgress, 5, 0, 5},
		"planned":       {model.StatusPlanned, 3, 0, 3},
		"proposed":      {model.StatusProposed, 3, 0, 3},
		"declared":      {model.StatusInProgress, 3, 0, 3},
	}
	for _, f := range rep.Features {
		if got := (fig{f.Status, f.Size, f.Done, f.Remaining}); got != want[f.ID] {
			t.Errorf("%s: %+v, want %+v", f.ID, got, want[f.ID])
		}
	}
	for _, f := range rep.Features {
		switch f.ID {
		case "done-no-date":
			if f.DoneDate != day(t, "2026-01-01") {
				t.Errorf("done date without done_on = %v, want the release start", f.DoneDate)
			}
		case "declared-done":
			if f.Score != nil {
				t.Errorf("done feature without scores has score %v", *f.Score)
			}
		}
	}
}
