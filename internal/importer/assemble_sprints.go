package importer

import (
	"cmp"
	"slices"
	"time"
)

// sprintPlan is a sprint being assembled.
type sprintPlan struct {
	info       SprintInfo
	id         string
	start, end Date
	stories    []Story
	events     map[Date]*LogEntry
	release    *releasePlan
	// laidOut sprints have made-up dates, too loose to tell an issue
	// created during the sprint from one created before it.
	laidOut bool
	// startGuessed: only the end was known (a milestone's due date).
	startGuessed bool
}

func (p *sprintPlan) event(d Date) *LogEntry {
	if p.events == nil {
		p.events = map[Date]*LogEntry{}
	}
	e := p.events[d]
	if e == nil {
		e = &LogEntry{Date: d}
		p.events[d] = e
	}
	return e
}

func (p *sprintPlan) out() Sprint {
	s := Sprint{ID: p.id, Name: p.info.Name, Start: p.start, End: p.end, Goal: p.info.Goal, Stories: p.stories}
	if p.release != nil {
		s.Release = p.release.out.ID
	}
	slices.SortFunc(s.Stories, func(x, y Story) int { return NaturalCompare(x.ID, y.ID) })
	for _, e := range p.events {
		for _, l := range [][]string{e.Added, e.Started, e.Done} {
			slices.SortFunc(l, NaturalCompare)
		}
		s.Log = append(s.Log, *e)
	}
	slices.SortFunc(s.Log, func(x, y LogEntry) int { return cmp.Compare(x.Date.n, y.Date.n) })
	return s
}

// layOutSprints decides every sprint's dates: those of the sprints file, or,
// without one, a row of --sprint-length sprints from --first-sprint. Only
// sprints some story ran in are kept.
func (a *assembler) layOutSprints() {
	used := map[string]bool{}
	for _, f := range a.feats {
		for _, it := range f.children {
			for _, name := range it.Sprints {
				used[name] = true
			}
		}
	}
	var plans []*sprintPlan
	if a.b.SprintsKnown {
		plans = a.knownSprints(used)
	} else {
		plans = a.laidOutSprints(used)
	}
	slices.SortStableFunc(plans, func(x, y *sprintPlan) int {
		return cmp.Or(cmp.Compare(x.start.n, y.start.n), cmp.Compare(x.end.n, y.end.n), NaturalCompare(x.info.Name, y.info.Name))
	})
	a.separate(plans)
	ids := newIDs("sprint")
	for _, p := range plans {
		p.id = ids.make(p.info.Name)
		a.byName[p.info.Name] = p
	}
	a.sprints = plans
}

// laidOutSprints places the sprint names the issues list, in natural
// order, one after the other.
func (a *assembler) laidOutSprints(used map[string]bool) []*sprintPlan {
	names := make([]string, 0, len(used))
	for n := range used {
		names = append(names, n)
	}
	if len(names) == 0 {
		return nil
	}
	slices.SortFunc(names, NaturalCompare)
	first := a.opt.FirstSprint
	if first.IsZero() {
		first = a.guessFirstSprint(used)
		a.note(nil, "no sprints file: %s laid out every %d days from %s, the Monday before the first issue of a sprint was created (use --sprints, or --first-sprint and --sprint-length)", Plural(len(names), "sprint"), a.length, first)
	} else {
		a.note(nil, "no sprints file: %s laid out every %d days from %s (--first-sprint, --sprint-length)", Plural(len(names), "sprint"), a.length, first)
	}
	plans := make([]*sprintPlan, len(names))
	for i, n := range names {
		start := first.AddDays(i * a.length)
		plans[i] = &sprintPlan{info: SprintInfo{Name: n}, start: start, end: start.AddDays(a.length - 1), laidOut: true}
	}
	return plans
}

func (a *assembler) guessFirstSprint(used map[string]bool) Date {
	var first Date
	for _, f := range a.feats {
		for _, it := range f.children {
			for _, n := range it.Sprints {
				if used[n] {
					first = MinDate(first, it.Created)
				}
			}
		}
	}
	if first.IsZero() {
		first = a.asOf
	}
	if first.IsZero() {
		return MustDate(2026, time.January, 5)
	}
	return first.AddDays(-((int(first.Weekday()) + 6) % 7))
}

// knownSprints takes the sprints of the sprints file that some issue ran
// in; undated ones follow the last dated one.
func (a *assembler) knownSprints(used map[string]bool) []*sprintPlan {
	var plans, undated []*sprintPlan
	seen := map[string]bool{}
	var unused []string
	last := Date{}
	for _, info := range a.b.Sprints {
		if seen[info.Name] {
			continue
		}
		seen[info.Name] = true
		if !used[info.Name] {
			unused = append(unused, info.Name)
			continue
		}
		p := &sprintPlan{info: info, start: info.Start, end: info.End}
		switch {
		case p.start.IsZero() && p.end.IsZero():
			undated = append(undated, p)
			continue
		case p.start.IsZero():
			p.start, p.startGuessed = p.end.AddDays(1-a.length), true
		case p.end.IsZero() || p.end.Before(p.start):
			p.end = p.start.AddDays(a.length - 1)
		}
		last = MaxDate(last, p.end)
		plans = append(plans, p)
	}
	a.missingSprints(used, seen)
	if len(unused) > 0 {
		a.note(unused, "%s of the sprints file %s no issue of the export and %s left out", Plural(len(unused), "sprint"), Agree(len(unused), "holds", "hold"), Agree(len(unused), "is", "are"))
	}
	if len(undated) > 0 {
		if last.IsZero() {
			last = a.guessFirstSprint(used).AddDays(-1)
		}
		names := make([]string, len(undated))
		for i, p := range undated {
			p.start = last.AddDays(1 + i*a.length)
			p.end = p.start.AddDays(a.length - 1)
			names[i] = p.info.Name
		}
		a.note(names, "%s of the sprints file %s no dates: laid out every %d days after the last dated sprint", Plural(len(undated), "sprint"), Agree(len(undated), "has", "have"), a.length)
	}
	return append(plans, undated...)
}

func (a *assembler) missingSprints(used, known map[string]bool) {
	var missing []string
	for n := range used {
		if !known[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		slices.SortFunc(missing, NaturalCompare)
		a.note(missing, "%s named by issues %s not in the sprints file: the issues are imported as if they had not been in %s", Plural(len(missing), "sprint"), Agree(len(missing), "is", "are"), Agree(len(missing), "it", "them"))
	}
}

// separate makes sprints follow each other: the site's team runs one sprint
// at a time, while Jira often starts a sprint on the day the last one
// closed, or closes one days after the next began.
func (a *assembler) separate(plans []*sprintPlan) {
	var moved []string
	for i := 1; i < len(plans); i++ {
		prev, cur := plans[i-1], plans[i]
		switch {
		case cur.start.After(prev.end):
			continue
		case cur.start.After(prev.start) && !cur.startGuessed:
			// Jira: the previous sprint was completed after this one began.
			prev.end = cur.start.AddDays(-1)
			moved = append(moved, prev.info.Name)
		default:
			cur.start = prev.end.AddDays(1)
			cur.end = MaxDate(cur.end, cur.start)
			moved = append(moved, cur.info.Name)
		}
	}
	if len(moved) > 0 {
		a.note(moved, "%s overlapped the next or the previous one: the end of the earlier (or the start of the later) is moved so that one sprint follows the other", Plural(len(moved), "sprint"))
	}
}

// sprintsOf returns the sprints an item ran in, in start order.
func (a *assembler) sprintsOf(it *Item) []*sprintPlan {
	var out []*sprintPlan
	for _, n := range it.Sprints {
		if p := a.byName[n]; p != nil && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(x, y *sprintPlan) int { return cmp.Compare(x.start.n, y.start.n) })
	return out
}
