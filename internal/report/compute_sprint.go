package report

import (
	"sort"

	"github.com/backlogsite/backlogsite/internal/model"
)

// SprintState is where a sprint is as of A (§3.5).
type SprintState string

// Sprint states.
const (
	SprintPlanned SprintState = "planned"
	SprintActive  SprintState = "active"
	SprintClosed  SprintState = "closed"
)

// computeSprints fills every sprint in start order. Capacities default to
// the velocity as of the day before each start, which needs the completed
// figures of earlier sprints: computing in start order provides them.
func (c *computer) computeSprints() []*SprintReport {
	out := make([]*SprintReport, 0, len(c.sprints))
	for _, s := range c.sprints {
		sr := c.sprintReport(s)
		out = append(out, sr)
		if sr.State == SprintClosed {
			c.closed = append(c.closed, sr)
		}
	}
	// Sprints never overlap, so start order is end order; sorting keeps the
	// velocity window right for hand-built sites that bend the rule.
	sort.SliceStable(c.closed, func(i, j int) bool { return c.closed[i].End < c.closed[j].End })
	return out
}

func (c *computer) sprintReport(s *model.Sprint) *SprintReport {
	sr := &SprintReport{
		ID:           s.ID,
		Name:         s.Name,
		Start:        s.Start,
		End:          s.End,
		Sprint:       s,
		PushOut:      []string{},
		NotCompleted: []string{},
		Burndown:     []BurndownPoint{},
		Stories:      []*SprintStory{},
	}
	if sr.Name == "" {
		sr.Name = s.ID
	}
	if s.Release != "" {
		rel := s.Release
		sr.Release = &rel
	}
	switch {
	case c.asOf < s.Start:
		sr.State = SprintPlanned
	case c.asOf >= s.End:
		sr.State = SprintClosed
	default:
		sr.State = SprintActive
	}

	decls := c.hist.decls[s]
	last := min(s.End, c.asOf)
	c.scopeChanges(sr, decls, last)
	for d := s.Start; d <= s.End; d++ {
		if s.IsWorkingDay(c.cfg, d) {
			sr.WorkingDays++
			if d > c.asOf {
				sr.DaysLeft++
			}
		}
	}

	worked := 0
	for d := s.Start; d <= last; d++ {
		working := s.IsWorkingDay(c.cfg, d)
		if working {
			worked++
		}
		scope, done := c.sprintSums(decls, d)
		sr.Burndown = append(sr.Burndown, BurndownPoint{
			Date:      d,
			Working:   working,
			Scope:     scope,
			Done:      done,
			Remaining: scope - done,
			Ideal:     IdealRemaining(sr.Committed, worked, sr.WorkingDays),
		})
	}
	if last >= s.Start {
		var scope float64
		scope, sr.Completed = c.sprintSums(decls, last)
		sr.Reestimated = scope - sr.Committed - sr.Added + sr.Removed
	}
	for _, sd := range decls {
		h := c.hist.byID[sd.story.ID]
		if sd.committed() {
			sr.CommittedStories++
		}
		if sd.inScope(last) {
			if h.doneAt(last) {
				sr.DoneCount++
				if sd.committed() {
					sr.CommittedStoriesDone++
					sr.CommittedDone += h.estimateAt(s.Start)
				}
			} else {
				sr.NotCompleted = append(sr.NotCompleted, sd.story.ID)
			}
		}
		sr.Stories = append(sr.Stories, c.sprintStory(sd, last))
	}
	c.sprintCapacity(sr, decls)
	return sr
}

// sprintCapacity fills capacity, overcommitted and push_out (§3.5).
func (c *computer) sprintCapacity(sr *SprintReport, decls []*storyDecl) {
	s := sr.Sprint
	if s.Capacity != nil {
		capacity := *s.Capacity
		sr.Capacity = &capacity
	} else {
		sr.Capacity = c.averageVelocity(s.Start - 1)
	}
	if sr.Capacity != nil && sr.Committed > *sr.Capacity {
		sr.Overcommitted = true
		sr.PushOut = c.pushOut(decls, s.Start, sr.Committed, *sr.Capacity)
	}
}

// scopeChanges sums committed, added and removed (§3.5). Added and removed
// are as of last = min(end, A) like every figure: an event dated after A
// has not happened, and counting it would leave reestimated to make up the
// difference.
func (c *computer) scopeChanges(sr *SprintReport, decls []*storyDecl, last model.Date) {
	for _, sd := range decls {
		h := c.hist.byID[sd.story.ID]
		if sd.committed() {
			sr.Committed += h.estimateAt(sd.sprint.Start)
		} else if sd.addedOn <= last {
			sr.Added += h.estimateAt(sd.addedOn)
		}
		if !sd.removedOn.IsZero() && sd.removedOn <= last {
			sr.Removed += h.estimateAt(sd.removedOn)
		}
	}
}

// IdealRemaining is the ideal burndown after worked of n working days. A sprint with
// no working day has no time in which to burn anything, so its ideal line
// stays at committed instead of dividing by zero.
func IdealRemaining(committed float64, worked, n int) float64 {
	if n == 0 {
		return committed
	}
	return committed * (1 - float64(worked)/float64(n))
}

// sprintSums returns scope(d) and done(d) of one sprint (§3.5).
func (c *computer) sprintSums(decls []*storyDecl, d model.Date) (scope, done float64) {
	for _, sd := range decls {
		if !sd.inScope(d) {
			continue
		}
		h := c.hist.byID[sd.story.ID]
		est := h.estimateAt(d)
		scope += est
		if h.doneAt(d) {
			done += est
		}
	}
	return scope, done
}

// pushOut picks the committed stories to move to a later sprint: least
// critical first, then largest, then id, until the rest fits capacity.
func (c *computer) pushOut(decls []*storyDecl, start model.Date, committed, capacity float64) []string {
	type cand struct {
		id       string
		priority int
		estimate float64
	}
	var cands []cand
	for _, sd := range decls {
		if sd.committed() {
			cands = append(cands, cand{sd.story.ID, sd.story.Priority.Urgency(), c.hist.byID[sd.story.ID].estimateAt(start)})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.priority != b.priority {
			return a.priority > b.priority // least urgent first
		}
		if a.estimate != b.estimate {
			return a.estimate > b.estimate
		}
		return a.id < b.id
	})
	out := []string{}
	var sum float64
	for _, cd := range cands {
		if committed-sum <= capacity {
			break
		}
		out = append(out, cd.id)
		sum += cd.estimate
	}
	return out
}

// sprintStory describes one story of a sprint as of e = min(end, A); for a
// planned sprint, as of its start.
func (c *computer) sprintStory(sd *storyDecl, e model.Date) *SprintStory {
	s := sd.sprint
	h := c.hist.byID[sd.story.ID]
	at := max(e, s.Start)
	ss := &SprintStory{
		ID:        sd.story.ID,
		Title:     sd.story.Title,
		Feature:   sd.story.Feature,
		Priority:  sd.story.Priority,
		Estimate:  h.estimateAt(at),
		Committed: sd.committed(),
		AddedOn:   sd.addedOn,
	}
	if !sd.removedOn.IsZero() && sd.removedOn <= e {
		ss.RemovedOn = sd.removedOn
	}
	if !ss.AddedOn.IsZero() && ss.AddedOn > e {
		// Not added yet as of A: the page should not announce the future.
		ss.AddedOn = 0
	}
	switch {
	case !ss.RemovedOn.IsZero():
		ss.Status = "removed"
	case h.doneAt(e) && e >= s.Start:
		ss.Status = "done"
	case e >= s.Start && (h.startedBy(e) || h.reopenedBy(e)):
		ss.Status = "in_progress"
	default:
		ss.Status = "not_started"
	}
	if sd.prev != nil {
		ss.CarriedFrom = sd.prev.sprint.ID
	}
	if sd.next != nil {
		ss.CarriedTo = sd.next.sprint.ID
	}
	return ss
}

// averageVelocity is the mean completed of the last window sprints with
// end ≤ d (§3.6), nil when there is none. Only sprints closed by A count:
// for a planned sprint the sprints between A and its start have not
// finished, and their partial figures are not a velocity.
func (c *computer) averageVelocity(d model.Date) *float64 {
	var picked []*SprintReport
	for _, sr := range c.closed {
		if sr.End <= d {
			picked = append(picked, sr)
		}
	}
	if len(picked) == 0 {
		return nil
	}
	if w := c.velocityWindow(); len(picked) > w {
		picked = picked[len(picked)-w:]
	}
	var sum float64
	for _, sr := range picked {
		sum += sr.Completed
	}
	avg := sum / float64(len(picked))
	return &avg
}

func (c *computer) velocityReport() VelocityReport {
	v := VelocityReport{Window: c.velocityWindow(), Sprints: []SprintVelocity{}}
	for _, sr := range c.closed {
		v.Sprints = append(v.Sprints, SprintVelocity{ID: sr.ID, Committed: sr.Committed, Completed: sr.Completed})
	}
	v.Average = c.averageVelocity(c.asOf)
	return v
}
