package plandiff

import (
	"github.com/backlogsite/backlogsite/internal/report"
)

// featureStates returns each feature's state in one report, by id.
func featureStates(rep *report.Report) map[string]*FeatureState {
	rank, line := map[string]int{}, map[string]string{}
	for _, r := range rep.Releases {
		for i, id := range r.Fits {
			rank[id], line[id] = i+1, "above"
		}
		for i, id := range r.Over {
			rank[id], line[id] = len(r.Fits)+i+1, "below"
		}
	}
	out := make(map[string]*FeatureState, len(rep.Features))
	for _, f := range rep.Features {
		s := &FeatureState{Title: f.Title, Status: f.Status, Position: f.Position,
			Score: f.Score, Size: f.Size, Release: f.Release}
		if f.Release != nil {
			s.ReleaseRank, s.Line = rank[f.ID], line[f.ID]
		}
		out[f.ID] = s
	}
	return out
}

func compareFeatures(old, new *report.Report) []FeatureDiff {
	ids, _, _ := pair(old.Features, new.Features, func(f *report.FeatureReport) string { return f.ID })
	o, n := featureStates(old), featureStates(new)
	moved := movedInBacklog(old, n)
	reranked := movedInReleases(old, o, n)
	out := []FeatureDiff{}
	for _, id := range ids {
		a, b := o[id], n[id]
		var changes []Change
		switch {
		case a == nil:
			changes = []Change{Added}
		case b == nil:
			changes = []Change{Removed}
		default:
			changes = featureChanges(a, b, moved[id], reranked[id])
		}
		if len(changes) > 0 {
			out = append(out, FeatureDiff{ID: id, Changes: changes, Old: a, New: b})
		}
	}
	return out
}

// featureChanges lists what changed of a feature on both sides.
func featureChanges(a, b *FeatureState, moved, reranked bool) []Change {
	var out []Change
	add := func(c Change, changed bool) {
		if changed {
			out = append(out, c)
		}
	}
	sameRelease := sameStr(a.Release, b.Release)
	add(Moved, moved)
	add(Release, !sameRelease)
	add(Reranked, sameRelease && reranked)
	add(CutLine, sameRelease && a.Line != b.Line)
	add(Score, !sameNumPtr(a.Score, b.Score))
	add(Size, !sameNum(a.Size, b.Size))
	add(Status, a.Status != b.Status)
	return out
}

// movedInBacklog marks the features on both sides whose place among the
// others in the product backlog changed.
func movedInBacklog(old *report.Report, n map[string]*FeatureState) map[string]bool {
	var common []string
	for _, f := range old.Features {
		if n[f.ID] != nil {
			common = append(common, f.ID)
		}
	}
	place := map[string]int{}
	for _, id := range common {
		place[id] = n[id].Position
	}
	return movedOf(common, place)
}

// movedInReleases does the same within each release backlog, for the
// features in that release on both sides.
func movedInReleases(old *report.Report, o, n map[string]*FeatureState) map[string]bool {
	out := map[string]bool{}
	for _, r := range old.Releases {
		var common []string
		place := map[string]int{}
		for _, id := range append(append([]string{}, r.Fits...), r.Over...) {
			if b := n[id]; b != nil && sameStr(o[id].Release, b.Release) {
				common = append(common, id)
				place[id] = b.ReleaseRank
			}
		}
		for id := range movedOf(common, place) {
			out[id] = true
		}
	}
	return out
}

// movedOf returns the ids (in their old order) that are not among the
// longest run keeping its order in the new places.
func movedOf(ids []string, place map[string]int) map[string]bool {
	kept := keep(ids, place)
	out := map[string]bool{}
	for _, id := range ids {
		if !kept[id] {
			out[id] = true
		}
	}
	return out
}
