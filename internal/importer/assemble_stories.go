package importer

import "cmp"

// placeStory declares an item as a story in every sprint it ran in and logs
// what the export tells of it: added when it was created after its sprint
// began, done on its resolution day in its last sprint, started when in
// progress.
func (a *assembler) placeStory(f *feat, it *Item) {
	plans := a.sprintsOf(it)
	if len(plans) == 0 {
		return
	}
	if it.Status == Dropped {
		// Declared, it would count in its feature's size for good.
		a.dropped = append(a.dropped, it.Key)
		return
	}
	f.sprinted = true
	story := Story{ID: it.Key, Feature: f.item.Key, Title: it.Title, Estimate: it.Points, Priority: cmp.Or(it.Priority, Medium)}
	for _, p := range plans {
		p.stories = append(p.stories, story)
		if a.addedIn(it, p) {
			e := p.event(it.Created)
			e.Added = append(e.Added, it.Key)
		}
	}
	if len(plans) > 1 {
		a.carried = append(a.carried, it.Key)
	}
	switch it.Status {
	case Done:
		a.markDone(it, plans[len(plans)-1])
	case InProgress:
		a.markStarted(it, plans)
	}
}

// addedIn: an issue created after its sprint began cannot have been
// committed at the start; it was added the day it was created.
func (a *assembler) addedIn(it *Item, p *sprintPlan) bool {
	return !p.laidOut && it.Created.After(p.start) && !it.Created.After(p.end)
}

// firstDay is the first day an item is in scope in a sprint.
func (a *assembler) firstDay(it *Item, p *sprintPlan) Date {
	if a.addedIn(it, p) {
		return it.Created
	}
	return p.start
}

func (a *assembler) markDone(it *Item, last *sprintPlan) {
	day := Clamp(it.Resolved, a.firstDay(it, last), last.end)
	if it.Resolved.IsZero() {
		day = last.end
	}
	if day != it.Resolved {
		a.moved = append(a.moved, it.Key)
	}
	e := last.event(day)
	e.Done = append(e.Done, it.Key)
}

// markStarted logs the start of work in the sprint it happened in: the
// export's date when it has one, else the first day of the first sprint.
func (a *assembler) markStarted(it *Item, plans []*sprintPlan) {
	when := it.Started
	if when.IsZero() {
		when = plans[0].start
		a.startGuess = append(a.startGuess, it.Key)
	}
	p := plans[0]
	for _, q := range plans {
		if !q.start.After(when) {
			p = q
		}
	}
	lo := a.firstDay(it, p)
	if !a.asOf.IsZero() && lo.After(a.asOf) {
		return // a sprint that has not begun: nothing has started in it
	}
	hi := p.end
	if !a.asOf.IsZero() {
		hi = MinDate(hi, a.asOf)
	}
	e := p.event(Clamp(when, lo, hi))
	e.Started = append(e.Started, it.Key)
}
