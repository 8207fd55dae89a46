package report

import (
	"sort"

	"github.com/backlogsite/backlogsite/internal/model"
)

// storyHistory gathers everything the logs say about one story id across all
// the sprints declaring it, so that the §3.4 definitions (estimate at d, done
// at d, entered by d) are answered from one place and agree everywhere: the
// sprint burndown, the feature sizes and the release burnup.
type storyHistory struct {
	id    string
	decls []*storyDecl // in sprint start order
	// status holds the done and reopened events in the order they apply.
	status []statusEvent
	// startedOn is the first day a started event applies (zero: never).
	startedOn model.Date
}

// storyDecl is one sprint's declaration of a story and what that sprint's log
// did to it.
type storyDecl struct {
	story     *model.Story
	sprint    *model.Sprint
	addedOn   model.Date // zero for a committed story
	removedOn model.Date
	// reestimates apply in this order; their dates never decrease.
	reestimates []datedEstimate
	prev, next  *storyDecl // the same story in the previous and next sprint
}

type datedEstimate struct {
	date     model.Date
	estimate float64
}

type statusEvent struct {
	date model.Date
	done bool // false: reopened
}

func (sd *storyDecl) committed() bool { return sd.addedOn.IsZero() }

// inScope reports whether the story is in its sprint's scope at the end of
// day d (§3.5): events apply at the end of their day, so a story added on d
// is in scope on d and a story removed on d is not.
func (sd *storyDecl) inScope(d model.Date) bool {
	if sd.committed() {
		if d < sd.sprint.Start {
			return false
		}
	} else if d < sd.addedOn {
		return false
	}
	return sd.removedOn.IsZero() || d < sd.removedOn
}

// entered reports whether this declaration brought the story into a sprint
// by the end of day d (§3.4).
func (sd *storyDecl) entered(d model.Date) bool { return sd.enteredOn() <= d }

// enteredOn is the first day this declaration has the story entered.
func (sd *storyDecl) enteredOn() model.Date {
	if sd.committed() {
		return sd.sprint.Start
	}
	return sd.addedOn
}

// estimateAt is the §3.4 estimate at day d: the declaration of the latest
// sprint that started by d (the first declaration before any did), changed
// by that sprint's re-estimates dated by d.
func (h *storyHistory) estimateAt(d model.Date) float64 {
	decl := h.decls[0]
	for _, sd := range h.decls[1:] {
		if sd.sprint.Start <= d {
			decl = sd
		}
	}
	est := decl.story.Estimate
	for _, re := range decl.reestimates {
		if re.date > d {
			break
		}
		est = re.estimate
	}
	return est
}

// doneAt reports whether the latest done or reopened event dated by d is done.
func (h *storyHistory) doneAt(d model.Date) bool {
	done := false
	for _, ev := range h.status {
		if ev.date > d {
			break
		}
		done = ev.done
	}
	return done
}

// reopenedBy reports whether a reopened event is dated by d: such a story has
// had work on it even without a started event.
func (h *storyHistory) reopenedBy(d model.Date) bool {
	for _, ev := range h.status {
		if ev.date > d {
			break
		}
		if !ev.done {
			return true
		}
	}
	return false
}

// firstDone is the date of the story's earliest done event; zero: none.
func (h *storyHistory) firstDone() model.Date {
	for _, ev := range h.status {
		if ev.done {
			return ev.date
		}
	}
	return 0
}

// lastDoneBy is the date of the story's latest done event dated by d.
func (h *storyHistory) lastDoneBy(d model.Date) model.Date {
	var last model.Date
	for _, ev := range h.status {
		if ev.date > d {
			break
		}
		if ev.done {
			last = ev.date
		}
	}
	return last
}

// droppedOn is the day the story is dropped from (§3.8): a day it is
// removed on when no sprint starting after it declares the story again;
// zero when it never is.
func (h *storyHistory) droppedOn() model.Date {
	for _, sd := range h.decls {
		r := sd.removedOn
		if r.IsZero() {
			continue
		}
		again := false
		for _, later := range h.decls {
			again = again || later.sprint.Start > r
		}
		if !again {
			return r
		}
	}
	return 0
}

func (h *storyHistory) startedBy(d model.Date) bool {
	return !h.startedOn.IsZero() && h.startedOn <= d
}

func (h *storyHistory) enteredBy(d model.Date) bool {
	for _, sd := range h.decls {
		if sd.entered(d) {
			return true
		}
	}
	return false
}

// latestDeclBy is the declaration of the latest sprint started by d, or nil.
func (h *storyHistory) latestDeclBy(d model.Date) *storyDecl {
	var decl *storyDecl
	for _, sd := range h.decls {
		if sd.sprint.Start <= d {
			decl = sd
		}
	}
	return decl
}

// histories indexes every story of the site by id. The loader has already
// checked the log rules (§2.4); this only orders what it finds.
type histories struct {
	byID map[string]*storyHistory
	// decls maps each sprint's stories, in file order, to their declaration.
	decls map[*model.Sprint][]*storyDecl
}

// sprintsInOrder returns the site's sprints by start, then id. The loader
// sorts them already; sorting a copy again keeps Compute correct for
// hand-built sites and costs nothing measurable.
func sprintsInOrder(site *model.Site) []*model.Sprint {
	sprints := append([]*model.Sprint(nil), site.Sprints...)
	sort.SliceStable(sprints, func(i, j int) bool {
		if sprints[i].Start != sprints[j].Start {
			return sprints[i].Start < sprints[j].Start
		}
		return sprints[i].ID < sprints[j].ID
	})
	return sprints
}

// logInOrder returns a sprint's log by date, same-day entries in file order.
func logInOrder(s *model.Sprint) []*model.LogEntry {
	log := append([]*model.LogEntry(nil), s.Log...)
	sort.SliceStable(log, func(i, j int) bool { return log[i].Date < log[j].Date })
	return log
}

func buildHistories(sprints []*model.Sprint) *histories {
	hs := &histories{byID: map[string]*storyHistory{}, decls: map[*model.Sprint][]*storyDecl{}}
	for _, s := range sprints {
		byID := make(map[string]*storyDecl, len(s.Stories))
		decls := make([]*storyDecl, 0, len(s.Stories))
		for _, st := range s.Stories {
			sd := &storyDecl{story: st, sprint: s}
			h := hs.byID[st.ID]
			if h == nil {
				h = &storyHistory{id: st.ID}
				hs.byID[st.ID] = h
			}
			if n := len(h.decls); n > 0 {
				sd.prev = h.decls[n-1]
				h.decls[n-1].next = sd
			}
			h.decls = append(h.decls, sd)
			byID[st.ID] = sd
			decls = append(decls, sd)
		}
		hs.decls[s] = decls
		// Events gives the order within one entry (§2.4).
		for _, e := range logInOrder(s) {
			for _, ev := range e.Events() {
				hs.apply(ev, byID)
			}
		}
	}
	// Sprints declaring one story never overlap, so events appended sprint
	// by sprint are already in date order; the stable sort only protects
	// hand-built sites that break that rule from a wrong answer.
	for _, h := range hs.byID {
		sort.SliceStable(h.status, func(i, j int) bool { return h.status[i].date < h.status[j].date })
	}
	return hs
}

// apply records one event of a sprint's log; byID holds that sprint's
// declarations.
func (hs *histories) apply(ev model.Event, byID map[string]*storyDecl) {
	sd, h := byID[ev.Story], hs.byID[ev.Story]
	switch ev.Kind {
	case model.EventAdded:
		if sd != nil {
			sd.addedOn = ev.Date
		}
	case model.EventEstimated:
		if sd != nil {
			sd.reestimates = append(sd.reestimates, datedEstimate{ev.Date, ev.Estimate})
		}
	case model.EventStarted:
		if h != nil && (h.startedOn.IsZero() || ev.Date < h.startedOn) {
			h.startedOn = ev.Date
		}
	case model.EventDone, model.EventReopened:
		if h != nil {
			h.status = append(h.status, statusEvent{ev.Date, ev.Kind == model.EventDone})
		}
	case model.EventRemoved:
		if sd != nil {
			sd.removedOn = ev.Date
		}
	}
}
