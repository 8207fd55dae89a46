// Package plandiff compares two plans, the reports of two versions of one
// site computed as of the same date, and says what the change does for a
// reader: each release's scope against its capacity, its cut line, forecast
// and odds; features added, removed, moved in rank or across a cut line, and
// rescored; sprint commitments against capacity.
//
// It is pure, like report: two Reports in, a Diff out. Formatting the Diff
// is the caller's business (the diff command prints it as Markdown or JSON).
package plandiff

import (
	"math"
	"slices"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

// Diff is what changed between two plans. A release, feature or sprint is
// listed only when something a reader sees of it changed; Old is nil for
// one added, New for one removed.
type Diff struct {
	AsOf     model.Date    `json:"as_of"`
	Unit     model.Unit    `json:"unit"`
	Changed  bool          `json:"changed"`
	Releases []ReleaseDiff `json:"releases"` // new start order, then removed ones
	Features []FeatureDiff `json:"features"` // new position order, then removed ones
	Sprints  []SprintDiff  `json:"sprints"`  // new start order, then removed ones
}

// Item is one release or sprint before and after.
type Item[S any] struct {
	ID  string `json:"id"`
	Old *S     `json:"old"`
	New *S     `json:"new"`
}

// ReleaseDiff is one release before and after.
type ReleaseDiff = Item[ReleaseState]

// ReleaseState is what the diff shows of a release.
type ReleaseState struct {
	Name      string     `json:"name"`
	Date      model.Date `json:"date"`
	Capacity  float64    `json:"capacity"`
	Scope     float64    `json:"scope"`
	Remaining float64    `json:"remaining"`
	// CutAfter is the last feature above the capacity cut line, nil when
	// none fits; Over counts the features below it.
	CutAfter *string `json:"cut_after"`
	Over     int     `json:"over"`
	// Forecast is the velocity forecast date, P85 the Monte Carlo one, and
	// OnTime the chance of making the release date; zero and nil when the
	// release has no forecast.
	Forecast model.Date `json:"forecast"`
	P85      model.Date `json:"p85"`
	OnTime   *float64   `json:"on_time"`
}

// FeatureDiff is one feature before and after, with what changed.
type FeatureDiff struct {
	ID      string        `json:"id"`
	Changes []Change      `json:"changes"`
	Old     *FeatureState `json:"old"`
	New     *FeatureState `json:"new"`
}

// FeatureState is what the diff shows of a feature.
type FeatureState struct {
	Title    string       `json:"title"`
	Status   model.Status `json:"status"`
	Position int          `json:"position"`
	Score    *float64     `json:"score"`
	Size     float64      `json:"size"`
	Release  *string      `json:"release"`
	// ReleaseRank is the feature's place in its release backlog (1, 2 …),
	// 0 outside a release; Line is "above" or "below" the release's
	// capacity cut line, "" outside a release.
	ReleaseRank int    `json:"release_rank"`
	Line        string `json:"line"`
}

// Change names one way a feature changed.
type Change string

// The changes of a feature, in the order a FeatureDiff lists them.
const (
	Added    Change = "added"
	Removed  Change = "removed"
	Moved    Change = "moved"    // its place in the product backlog, among the features on both sides
	Release  Change = "release"  // moved to another release, or into or out of one
	Reranked Change = "reranked" // its place in the release backlog, among the features on both sides
	CutLine  Change = "cut_line" // crossed its release's cut line
	Score    Change = "score"
	Size     Change = "size"
	Status   Change = "status"
)

// SprintDiff is one sprint before and after.
type SprintDiff = Item[SprintState]

// SprintState is a sprint's commitment against its capacity.
type SprintState struct {
	Name          string             `json:"name"`
	State         report.SprintState `json:"state"`
	Start         model.Date         `json:"start"`
	End           model.Date         `json:"end"`
	Capacity      *float64           `json:"capacity"`
	Committed     float64            `json:"committed"`
	Overcommitted bool               `json:"overcommitted"`
}

// Compare returns what changed from old to new. Both should be computed as
// of the same date, so that the diff shows the change and not the passing
// of time; the Diff's date is new's.
func Compare(old, new *report.Report) *Diff {
	d := &Diff{AsOf: new.AsOf, Unit: new.Unit}
	d.Releases = compareReleases(old, new)
	d.Features = compareFeatures(old, new)
	d.Sprints = compareSprints(old, new)
	d.Changed = len(d.Releases)+len(d.Features)+len(d.Sprints) > 0
	return d
}

// pair lists the ids of both sides, new ones in their order, then those
// only in old in theirs, with each side's item (nil where missing).
func pair[T any](olds, news []T, id func(T) string) (ids []string, o, n map[string]T) {
	o, n = map[string]T{}, map[string]T{}
	for _, x := range olds {
		o[id(x)] = x
	}
	for _, x := range news {
		n[id(x)] = x
		ids = append(ids, id(x))
	}
	for _, x := range olds {
		if _, ok := n[id(x)]; !ok {
			ids = append(ids, id(x))
		}
	}
	return ids, o, n
}

// compareItems lists the items whose state differs, or that are on one
// side only. state maps a missing item (nil) to nil.
func compareItems[R, S any](olds, news []R, id func(R) string, state func(R) *S, same func(a, b *S) bool) []Item[S] {
	ids, o, n := pair(olds, news, id)
	out := []Item[S]{}
	for _, k := range ids {
		a, b := state(o[k]), state(n[k])
		if a == nil || b == nil || !same(a, b) {
			out = append(out, Item[S]{ID: k, Old: a, New: b})
		}
	}
	return out
}

func compareReleases(old, new *report.Report) []ReleaseDiff {
	return compareItems(old.Releases, new.Releases, func(r *report.ReleaseReport) string { return r.ID },
		releaseState, (*ReleaseState).same)
}

func releaseState(r *report.ReleaseReport) *ReleaseState {
	if r == nil {
		return nil
	}
	s := &ReleaseState{Name: r.Name, Date: r.Date, Capacity: r.Capacity, Scope: r.Scope,
		Remaining: r.Remaining, CutAfter: r.CutAfter, Over: len(r.Over)}
	if f := r.Forecast; f != nil {
		odds := f.OnTime
		s.Forecast, s.P85, s.OnTime = f.Date, f.P85, &odds
	}
	return s
}

func (a *ReleaseState) same(b *ReleaseState) bool {
	return a.Name == b.Name && a.Date == b.Date && sameNum(a.Capacity, b.Capacity) &&
		sameNum(a.Scope, b.Scope) && sameNum(a.Remaining, b.Remaining) &&
		sameStr(a.CutAfter, b.CutAfter) && a.Over == b.Over &&
		a.Forecast == b.Forecast && a.P85 == b.P85 && sameOdds(a.OnTime, b.OnTime)
}

func compareSprints(old, new *report.Report) []SprintDiff {
	return compareItems(old.Sprints, new.Sprints, func(s *report.SprintReport) string { return s.ID },
		sprintState, (*SprintState).same)
}

func sprintState(s *report.SprintReport) *SprintState {
	if s == nil {
		return nil
	}
	return &SprintState{Name: s.Name, State: s.State, Start: s.Start, End: s.End,
		Capacity: s.Capacity, Committed: s.Committed, Overcommitted: s.Overcommitted}
}

func (a *SprintState) same(b *SprintState) bool {
	return a.Name == b.Name && a.State == b.State && a.Start == b.Start && a.End == b.End &&
		sameNumPtr(a.Capacity, b.Capacity) && sameNum(a.Committed, b.Committed) &&
		a.Overcommitted == b.Overcommitted
}

// sameNum compares figures that both sides computed by the same sums: what
// differs beyond a billionth is float noise from adding in another order.
func sameNum(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func sameNumPtr(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return sameNum(*a, *b)
}

// sameOdds compares chances as a reader sees them, in whole percent: a
// change below that is no change to the plan.
func sameOdds(a, b *float64) bool {
	if a == nil || b == nil {
		return a == b
	}
	return math.Round(*a*100) == math.Round(*b*100)
}

func sameStr(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// keep reports which of ids (in one order) keep their relative order in
// another, given each id's place there: the longest increasing run of
// places. The others are the fewest that moved, so that one feature ranked
// up is one move and not a shift of every feature it passed.
func keep(ids []string, place map[string]int) map[string]bool {
	// Patience sorting: tails[k] ends the best run of length k+1 found so
	// far; prev links each element to the one before it in its run.
	var tails []int
	prev := make([]int, len(ids))
	for i, id := range ids {
		k, _ := slices.BinarySearchFunc(tails, place[id], func(t, p int) int { return place[ids[t]] - p })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	kept := map[string]bool{}
	if len(tails) == 0 {
		return kept
	}
	for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
		kept[ids[i]] = true
	}
	return kept
}
