package report

import (
	"sort"

	"github.com/backlogsite/backlogsite/internal/model"
)

// computeReleases fills every release in start order (§3.7). It runs after
// features and sprints, whose figures it sums.
func (c *computer) computeReleases() []*ReleaseReport {
	releases := append([]*model.Release(nil), c.site.Releases...)
	sort.SliceStable(releases, func(i, j int) bool {
		if releases[i].Start != releases[j].Start {
			return releases[i].Start < releases[j].Start
		}
		return releases[i].ID < releases[j].ID
	})
	out := make([]*ReleaseReport, 0, len(releases))
	for _, r := range releases {
		out = append(out, c.releaseReport(r))
	}
	c.queueForecasts(out)
	c.pastForecasts(out)
	return out
}

func (c *computer) releaseReport(r *model.Release) *ReleaseReport {
	rr := &ReleaseReport{
		ID:       r.ID,
		Name:     r.Name,
		Start:    r.Start,
		Date:     r.Date,
		Capacity: r.Capacity,
		Fits:     []string{},
		Over:     []string{},
		Burnup:   []BurnupPoint{},
		Sprints:  []string{},
		Release:  r,
	}
	if rr.Name == "" {
		rr.Name = r.ID
	}
	features := c.releaseFeatures(r)
	var running float64
	over := false
	for _, fr := range features {
		rr.Scope += fr.Size
		rr.Done += fr.Done
		rr.Remaining += fr.Remaining
		running += fr.Size
		// Linear rank, no skipping: once one feature is over, so is the rest.
		if !over && running > r.Capacity {
			over = true
		}
		if over {
			rr.Over = append(rr.Over, fr.ID)
		} else {
			rr.Fits = append(rr.Fits, fr.ID)
		}
	}
	rr.Overdue = r.Date < c.asOf && rr.Remaining > 0
	if n := len(rr.Fits); n > 0 {
		last := rr.Fits[n-1]
		rr.CutAfter = &last
	}

	var prevScope float64
	for _, s := range c.sprints {
		if s.Release != r.ID {
			continue
		}
		rr.Sprints = append(rr.Sprints, s.ID)
		if s.Start > c.asOf {
			continue
		}
		e := min(s.End, c.asOf)
		scope, done := c.releaseSums(features, e)
		added := 0.0
		if len(rr.Burnup) > 0 {
			added = scope - prevScope
		}
		rr.Burnup = append(rr.Burnup, BurnupPoint{
			Sprint: s.ID, Date: e, Scope: scope, Done: done, Remaining: scope - done, Added: added,
		})
		prevScope = scope
	}

	rr.Forecast = c.forecast(rr, features)
	rr.ForecastHistory = c.forecastHistory(rr)
	rr.Finished = finished(rr)
	return rr
}

// releaseFeatures returns the reports of a release's features in release
// order, skipping ids that name no feature (the loader reports those).
func (c *computer) releaseFeatures(r *model.Release) []*FeatureReport {
	out := make([]*FeatureReport, 0, len(r.Features))
	seen := map[string]bool{}
	for _, id := range r.Features {
		fr := c.features[id]
		if fr == nil || seen[id] || c.releaseOf[id] != r {
			continue
		}
		seen[id] = true
		out = append(out, fr)
	}
	return out
}

// releaseSums returns scope(e) and done(e) of a release's burnup (§3.7).
// A dropped feature counts 0 on both, as its size does.
func (c *computer) releaseSums(features []*FeatureReport, e model.Date) (scope, done float64) {
	for _, fr := range features {
		f := fr.Feature
		if f.Status == model.StatusDropped {
			continue
		}
		var fScope, fDone float64
		entered := false
		for _, h := range c.storiesOf[f.ID] {
			if !h.enteredBy(e) {
				continue
			}
			entered = true
			est := h.estimateAt(e)
			fScope += est
			if h.doneAt(e) {
				fDone += est
			}
		}
		if !entered {
			fScope = f.Estimate
		}
		if f.Status == model.StatusDone && !fr.DoneDate.IsZero() && fr.DoneDate <= e {
			fDone = fScope
		}
		scope += fScope
		done += fDone
	}
	return scope, done
}
