package plandiff

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

func ptr[T any](v T) *T { return &v }

// plan is a small report written by hand: features in backlog order
// ("F-1" …, each of size 5 in release R unless edited), one release R of
// capacity 10 and one sprint S.
func plan(edits ...func(*report.Report)) *report.Report {
	asOf, _ := model.ParseDate("2026-03-02")
	date, _ := model.ParseDate("2026-04-03")
	rep := &report.Report{AsOf: asOf, Unit: model.UnitPoints}
	for i, id := range []string{"F-1", "F-2", "F-3", "F-4"} {
		rep.Features = append(rep.Features, &report.FeatureReport{ID: id, Title: "Feature " + id,
			Status: model.StatusPlanned, Position: i + 1, Score: ptr(float64(4 - i)), Size: 5, Release: ptr("R")})
	}
	rep.Releases = []*report.ReleaseReport{{ID: "R", Name: "Spring", Date: date, Capacity: 10,
		Forecast: &report.ReleaseForecast{Date: date, P85: date, OnTime: 0.8}}}
	rep.Sprints = []*report.SprintReport{{ID: "S", Name: "S", State: report.SprintPlanned, Capacity: ptr(20.0), Committed: 18}}
	for _, e := range edits {
		e(rep)
	}
	relayout(rep)
	return rep
}

// relayout recomputes what the edits would have changed: positions follow
// the slice order, the release's scope and cut line its features.
func relayout(rep *report.Report) {
	r := rep.Releases[0]
	r.Fits, r.Over, r.Scope, r.CutAfter = []string{}, []string{}, 0, nil
	for i, f := range rep.Features {
		f.Position = i + 1
		if f.Release == nil || *f.Release != r.ID {
			continue
		}
		r.Scope += f.Size
		if len(r.Over) == 0 && r.Scope <= r.Capacity {
			r.Fits = append(r.Fits, f.ID)
			r.CutAfter = ptr(f.ID)
		} else {
			r.Over = append(r.Over, f.ID)
		}
	}
	r.Remaining = r.Scope
}

func feature(rep *report.Report, id string) *report.FeatureReport {
	for _, f := range rep.Features {
		if f.ID == id {
			return f
		}
	}
	panic("no feature " + id)
}

// moveTo puts a feature at a 1-based place in the backlog.
func moveTo(id string, place int) func(*report.Report) {
	return func(rep *report.Report) {
		f := feature(rep, id)
		var rest []*report.FeatureReport
		for _, g := range rep.Features {
			if g != f {
				rest = append(rest, g)
			}
		}
		rep.Features = append(rest[:place-1:place-1], append([]*report.FeatureReport{f}, rest[place-1:]...)...)
	}
}

// summary is a diff in one line per item, for the table's expectations.
func summary(d *Diff) []string {
	var out []string
	for _, r := range d.Releases {
		out = append(out, "release "+r.ID+" "+sides(r.Old != nil, r.New != nil))
	}
	for _, f := range d.Features {
		var cs []string
		for _, c := range f.Changes {
			cs = append(cs, string(c))
		}
		out = append(out, "feature "+f.ID+" "+strings.Join(cs, ","))
	}
	for _, s := range d.Sprints {
		out = append(out, "sprint "+s.ID+" "+sides(s.Old != nil, s.New != nil))
	}
	return out
}

func sides(old, new bool) string {
	switch {
	case !old:
		return "added"
	case !new:
		return "removed"
	}
	return "changed"
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name string
		old  []func(*report.Report)
		new  []func(*report.Report)
		want []string
	}{
		{name: "nothing changed"},
		{
			name: "a feature added above the others pushes one below the cut line",
			new: []func(*report.Report){func(rep *report.Report) {
				f := &report.FeatureReport{ID: "F-9", Title: "New", Status: model.StatusPlanned, Size: 5, Release: ptr("R")}
				rep.Features = append([]*report.FeatureReport{f}, rep.Features...)
			}},
			// F-2 crosses the line; nobody moved relative to the others.
			want: []string{"release R changed", "feature F-9 added", "feature F-2 cut_line"},
		},
		{
			name: "a feature ranked up is the only one that moved",
			new:  []func(*report.Report){moveTo("F-4", 1)},
			want: []string{"release R changed", "feature F-4 moved,reranked,cut_line", "feature F-2 cut_line"},
		},
		{
			name: "a feature removed",
			new: []func(*report.Report){func(rep *report.Report) {
				rep.Features = rep.Features[1:]
			}},
			want: []string{"release R changed", "feature F-3 cut_line", "feature F-1 removed"},
		},
		{
			name: "a feature taken out of the release and rescored",
			new: []func(*report.Report){func(rep *report.Report) {
				f := feature(rep, "F-1")
				f.Release, f.Score, f.Status = nil, ptr(9.5), model.StatusProposed
			}},
			want: []string{"release R changed", "feature F-1 release,score,status", "feature F-3 cut_line"},
		},
		{
			name: "a re-estimate",
			new:  []func(*report.Report){func(rep *report.Report) { feature(rep, "F-4").Size = 8 }},
			want: []string{"release R changed", "feature F-4 size"},
		},
		{
			name: "odds that move less than a percent are the same plan",
			new:  []func(*report.Report){func(rep *report.Report) { rep.Releases[0].Forecast.OnTime = 0.803 }},
		},
		{
			name: "odds that move a percent are a change",
			new:  []func(*report.Report){func(rep *report.Report) { rep.Releases[0].Forecast.OnTime = 0.79 }},
			want: []string{"release R changed"},
		},
		{
			name: "float noise in a sum is no change",
			new:  []func(*report.Report){func(rep *report.Report) { rep.Sprints[0].Committed = 18.000000000000004 }},
		},
		{
			name: "a sprint committing more than its capacity, and one added",
			new: []func(*report.Report){func(rep *report.Report) {
				rep.Sprints[0].Committed, rep.Sprints[0].Overcommitted = 24, true
				rep.Sprints = append(rep.Sprints, &report.SprintReport{ID: "T", Committed: 3})
			}},
			want: []string{"sprint S changed", "sprint T added"},
		},
		{
			name: "a release removed leaves its features outside any release",
			new: []func(*report.Report){func(rep *report.Report) {
				rep.Releases = append(rep.Releases, &report.ReleaseReport{ID: "Q"})
			}},
			old: []func(*report.Report){func(rep *report.Report) {
				rep.Releases = append(rep.Releases, &report.ReleaseReport{ID: "P"})
			}},
			want: []string{"release Q added", "release P removed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Compare(plan(tt.old...), plan(tt.new...))
			if got := summary(d); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if d.Changed != (len(tt.want) > 0) {
				t.Errorf("changed = %v", d.Changed)
			}
		})
	}
}

func TestCompareStates(t *testing.T) {
	d := Compare(plan(), plan(moveTo("F-4", 1)))
	f := d.Features[0]
	if f.Old.Position != 4 || f.New.Position != 1 || f.Old.Line != "below" || f.New.Line != "above" ||
		f.Old.ReleaseRank != 4 || f.New.ReleaseRank != 1 {
		t.Errorf("F-4: old %+v, new %+v", f.Old, f.New)
	}
	r := d.Releases[0]
	if *r.Old.CutAfter != "F-2" || *r.New.CutAfter != "F-1" || r.Old.Over != 2 || r.New.Over != 2 {
		t.Errorf("release: old %+v, new %+v", r.Old, r.New)
	}
}

// TestCompareJSON pins the shape tools read: empty lists, not null, when
// nothing changed.
func TestCompareJSON(t *testing.T) {
	b, err := json.Marshal(Compare(plan(), plan()))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"as_of":"2026-03-02","unit":"points","changed":false,"releases":[],"features":[],"sprints":[]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
}

func TestKeep(t *testing.T) {
	tests := []struct {
		order []string
		place []int
		moved string
	}{
		{[]string{"a", "b", "c", "d"}, []int{1, 2, 3, 4}, ""},
		{[]string{"a", "b", "c", "d"}, []int{2, 3, 4, 1}, "d"},
		{[]string{"a", "b", "c", "d"}, []int{4, 1, 2, 3}, "a"},
		{[]string{"a", "b", "c", "d"}, []int{1, 3, 2, 4}, "b"},
		{[]string{"a", "b", "c", "d"}, []int{4, 3, 2, 1}, "abc"},
		{nil, nil, ""},
	}
	for _, tt := range tests {
		place := map[string]int{}
		for i, id := range tt.order {
			place[id] = tt.place[i]
		}
		moved := movedOf(tt.order, place)
		var got string
		for _, id := range tt.order {
			if moved[id] {
				got += id
			}
		}
		if got != tt.moved {
			t.Errorf("%v to %v: moved %q, want %q", tt.order, tt.place, got, tt.moved)
		}
	}
}
