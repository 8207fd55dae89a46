package load

import (
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/backlogsite/backlogsite/internal/model"
)

// validate checks the rules that span entries and files (SPEC §2): unique
// ids and ranks, references, scorecard values, sprint logs replayed in
// order, carry-over and overlapping sprints. Then it puts entities in their
// canonical order.
func (ld *loader) validate() {
	ld.checkLinks()
	features := ld.validateFeatures()
	ld.validateReleases(features)
	ld.validateSprints(features)

	s := ld.site
	sort.SliceStable(s.Releases, func(i, j int) bool {
		a, b := s.Releases[i], s.Releases[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.ID < b.ID
	})
	sort.SliceStable(s.Pages, func(i, j int) bool {
		a, b := s.Pages[i], s.Pages[j]
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.Slug < b.Slug
	})
}

// firstSeen remembers where an id was first declared, for duplicate errors.
// Positions are resolved only when reported: locating keys costs a walk of
// the file, which a valid site never needs.
type firstSeen map[string]func() model.Pos

func (seen firstSeen) check(id string, pos func() model.Pos, t *table, kind string) bool {
	if id == "" {
		return false
	}
	if first, dup := seen[id]; dup {
		t.f.add(pos(), "%s id %q is already used at %s", kind, id, first())
		return false
	}
	seen[id] = pos
	return true
}

// foldedIDs catches ids of one kind that differ only in case: each names a
// folder of the output (features/F-1/), and such folders are one folder on
// the case-insensitive disks of macOS and Windows, where a reader may open
// the site.
type foldedIDs map[string]struct {
	id  string
	pos func() model.Pos
}

func (seen foldedIDs) check(id string, pos func() model.Pos, t *table, kind string) {
	key := strings.ToLower(id)
	// releases/index.html and sprints/index.html list every release and
	// sprint: an item's folder of that name cannot sit beside them.
	if key == "index.html" && kind != "feature" {
		t.f.add(pos(), "%s id %q is taken by the page that lists every %s; choose another id", kind, id, kind)
		return
	}
	if first, dup := seen[key]; dup && first.id != id {
		t.f.add(pos(), "%s id %q differs from %q (%s) only in case; ids name the site's folders, which would collide on macOS and Windows", kind, id, first.id, first.pos())
		return
	}
	if id != "" {
		seen[key] = struct {
			id  string
			pos func() model.Pos
		}{id, pos}
	}
}

// caseHints suggests, for an unknown reference, the id it differs from only
// in case: ids are case-sensitive, and f-101 for F-101 is a likely slip.
// The index is built on the first unknown reference, which a valid site
// never has.
type caseHints[T any] struct {
	known  map[string]T
	folded map[string]string
}

func hintsFor[T any](known map[string]T) *caseHints[T] { return &caseHints[T]{known: known} }

func (h *caseHints[T]) hint(ref string) string {
	if h.folded == nil {
		h.folded = make(map[string]string, len(h.known))
		for id := range h.known {
			key := strings.ToLower(id)
			if other, taken := h.folded[key]; !taken || id < other {
				h.folded[key] = id
			}
		}
	}
	if id, ok := h.folded[strings.ToLower(ref)]; ok && id != ref {
		return fmt.Sprintf(" (did you mean %q?)", id)
	}
	return ""
}

// unknownStory names a story a log entry refers to but the sprint does
// not declare.
func unknownStory(id string, hints *caseHints[*storyState]) string {
	if h := hints.hint(id); h != "" {
		return fmt.Sprintf("unknown story %q (not declared in this file; %s", id, strings.TrimPrefix(h, " ("))
	}
	return fmt.Sprintf("unknown story %q (not declared in this file)", id)
}

func (ld *loader) validateFeatures() map[string]*model.Feature {
	// Sized up front: growing them shows in the profile of serve's
	// rebuild of a 10,000-feature site.
	n := len(ld.site.Features)
	byID := make(map[string]*model.Feature, n)
	ids, folded := make(firstSeen, n), make(foldedIDs, n)
	ranks := map[int]*model.Feature{}
	sc := &ld.site.Config.Scorecard
	metrics := map[string]model.Metric{}
	for _, m := range sc.Metrics {
		metrics[m.Key] = m
	}
	for _, f := range ld.site.Features {
		t := ld.features[f]
		if ids.check(f.ID, t.posOf("id"), t, "feature") {
			byID[f.ID] = f
			folded.check(f.ID, t.posOf("id"), t, "feature")
		}
		if f.Rank > 0 {
			if other, dup := ranks[f.Rank]; dup {
				t.errorf(t.pos("rank"), "rank %d is already taken by feature %q (%s); ranks must be unique", f.Rank, other.ID, ld.features[other].pos("rank"))
			} else {
				ranks[f.Rank] = f
			}
		}
		if !ld.unparsed["site"] { // without site.toml there is no scorecard to check against
			ld.validateScores(f, t, metrics)
		}
	}
	return byID
}

func (ld *loader) validateScores(f *model.Feature, t *table, metrics map[string]model.Metric) {
	sc := &ld.site.Config.Scorecard
	keys := make([]string, 0, len(f.Scores))
	for k := range f.Scores {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	valid := true
	for _, k := range keys {
		m, ok := metrics[k]
		v := f.Scores[k]
		switch {
		case !ok:
			t.errorf(t.pos("scores", k), "scores.%s is not a metric of the scorecard (metrics: %s)", k, metricKeys(sc.Metrics))
			valid = false
		case v < m.Min || v > m.Max:
			t.errorf(t.pos("scores", k), "scores.%s = %s is outside %s..%s", k, model.FormatNumber(v), model.FormatNumber(m.Min), model.FormatNumber(m.Max))
			valid = false
		}
	}
	// Done and dropped work need not be scored (SPEC §2.2).
	exempt := f.Status == model.StatusDone || f.Status == model.StatusDropped
	// A score written but invalid (a string, NaN) is reported at its value;
	// so is scores that is not a table. Neither is also "missing".
	given, isTable := t.m["scores"].(map[string]any)
	if t.has("scores") && !isTable {
		return
	}
	var missing, invalid []string
	for _, m := range sc.Metrics {
		if _, ok := f.Scores[m.Key]; !ok {
			if _, written := given[m.Key]; written {
				invalid = append(invalid, m.Key)
			} else {
				missing = append(missing, m.Key)
			}
		}
	}
	if len(invalid) > 0 {
		return
	}
	if len(missing) > 0 {
		if !exempt {
			at := t.pos("scores")
			if !t.has("scores") {
				at = t.at()
			}
			t.errorf(at, "scores must give %s (every metric of the scorecard, unless the feature is done or dropped)", strings.Join(missing, ", "))
		}
		return
	}
	if valid && sc.Equation != nil {
		if _, err := sc.Equation.Eval(f.Scores); err != nil {
			t.errorf(t.pos("scores"), "score equation %q fails: %v", sc.Equation.Source, err)
		}
	}
}

func metricKeys(ms []model.Metric) string {
	keys := make([]string, len(ms))
	for i, m := range ms {
		keys[i] = m.Key
	}
	return strings.Join(keys, ", ")
}

func (ld *loader) validateReleases(features map[string]*model.Feature) {
	ids, folded := firstSeen{}, foldedIDs{}
	inRelease := map[string]func() model.Pos{}
	hints := hintsFor(features)
	for _, r := range ld.site.Releases {
		t := ld.releases[r]
		if ids.check(r.ID, t.posOf("id"), t, "release") {
			folded.check(r.ID, t.posOf("id"), t, "release")
		}
		inThis := map[string]bool{}
		for i, id := range r.Features {
			pos := t.posOf("features", i)
			switch first, dup := inRelease[id]; {
			case features[id] == nil:
				if !ld.unparsed["backlog"] {
					t.errorf(pos(), "unknown feature %q%s", id, hints.hint(id))
				}
			case inThis[id]:
				t.errorf(pos(), "feature %q is listed twice", id)
			case dup:
				t.errorf(pos(), "feature %q is already in another release (%s); a feature is in at most one release", id, first())
			default:
				inRelease[id] = pos
			}
			inThis[id] = true
		}
	}
}

func (ld *loader) validateSprints(features map[string]*model.Feature) {
	s := ld.site
	releases := map[string]bool{}
	for _, r := range s.Releases {
		releases[r.ID] = true
	}
	releaseHints, featureHints := hintsFor(releases), hintsFor(features)
	ids, folded := firstSeen{}, foldedIDs{}
	for _, sp := range s.Sprints {
		t := ld.sprints[sp]
		if ids.check(sp.ID, t.posOf("id"), t, "sprint") {
			folded.check(sp.ID, t.posOf("id"), t, "sprint")
		}
		if sp.Release != "" && !releases[sp.Release] && !ld.unparsed["releases"] {
			t.errorf(t.pos("release"), "unknown release %q%s", sp.Release, releaseHints.hint(sp.Release))
		}
		storyIDs := firstSeen{}
		for _, st := range sp.Stories {
			stT := ld.stories[st]
			storyIDs.check(st.ID, stT.posOf("id"), stT, "story")
			if st.Feature != "" && features[st.Feature] == nil && !ld.unparsed["backlog"] {
				stT.errorf(stT.pos("feature"), "unknown feature %q%s", st.Feature, featureHints.hint(st.Feature))
			}
		}
		ld.replayLog(sp)
	}

	sort.SliceStable(s.Sprints, func(i, j int) bool {
		a, b := s.Sprints[i], s.Sprints[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.ID < b.ID
	})
	var first, latest *model.Sprint // the first sprint; the one ending last among those started so far
	for _, sp := range s.Sprints {
		if sp.Start.IsZero() || sp.End.IsZero() {
			continue
		}
		if first == nil {
			first = sp
		}
		ld.checkSprintSpan(sp, first)
		if latest != nil && sp.Start <= latest.End {
			t := ld.sprints[sp]
			t.errorf(t.pos("start"), "starts %s, but sprint %q (%s) runs until %s; sprints must not overlap", sp.Start, latest.ID, latest.Pos, latest.End)
		}
		if latest == nil || sp.End > latest.End {
			latest = sp
		}
	}
	ld.validateCarryOver()
}

// maxSprintDays bounds a sprint's length: its burndown and charts have a
// point for every day of it.
const maxSprintDays = 366

// checkSprintSpan reports a sprint longer than a year, or ending more than
// model.MaxSpanDays after the first sprint starts: the figures follow
// every day of a sprint and of the site, and a sprint ending in 9999 made
// a tiny site take a minute to check.
func (ld *loader) checkSprintSpan(sp, first *model.Sprint) {
	t := ld.sprints[sp]
	if days := int(sp.End-sp.Start) + 1; days > maxSprintDays {
		t.errorf(t.pos("end"), "lasts %d days (%s to %s); a sprint lasts at most %d days", days, sp.Start, sp.End, maxSprintDays)
		return
	}
	if int(sp.End-first.Start)+1 > model.MaxSpanDays {
		t.errorf(t.pos("end"), "ends %s, more than %d years after sprint %q (%s) starts on %s; a site's sprints span at most %d years",
			sp.End, model.MaxSpanDays/365, first.ID, first.Pos, first.Start, model.MaxSpanDays/365)
	}
}

// replayEvent applies one event of a log entry to the stories' states.
func (ld *loader) replayEvent(t *table, ev model.Event, states map[string]*storyState, addDay map[string]model.Date, removedCount map[string]int,
	lookup func(list string, i int, id string) *storyState, hints *caseHints[*storyState]) {
	key, i, id := ev.Kind.Key(), ev.Index, ev.Story
	switch ev.Kind {
	case model.EventAdded:
		if st := lookup(key, i, id); st != nil {
			if st.addCount++; st.addCount > 1 {
				t.errorf(t.pos(key, i), "added: story %q is added a second time; a story is added at most once", id)
				return
			}
			st.inScope = true
			st.addedOn = ev.Date
		}
	case model.EventEstimated:
		if st := states[id]; st == nil {
			t.errorf(t.pos(key, id), "estimates: %s", unknownStory(id, hints))
		} else if st.removed {
			t.errorf(t.pos(key, id), "estimates: story %q was removed from the sprint earlier; no event may follow its removal", id)
		}
	case model.EventStarted:
		lookup(key, i, id)
	case model.EventDone:
		st := lookup(key, i, id)
		switch {
		case st == nil:
		case st.done:
			t.errorf(t.pos(key, i), "done: story %q is already done", id)
		case !st.inScope:
			t.errorf(t.pos(key, i), "done: story %q is not in the sprint yet (it is added on %s)", id, addDay[id])
		default:
			st.done = true
		}
	case model.EventReopened:
		if st := lookup(key, i, id); st != nil {
			if !st.done {
				t.errorf(t.pos(key, i), "reopened: story %q is not done", id)
			}
			st.done = false
		}
	case model.EventRemoved:
		if removedCount[id]++; removedCount[id] > 1 && states[id] != nil {
			t.errorf(t.pos(key, i), "removed: story %q is removed a second time; a story is removed at most once", id)
			return
		}
		st := lookup(key, i, id)
		switch {
		case st == nil:
		case !st.inScope:
			t.errorf(t.pos(key, i), "removed: story %q is not in the sprint yet (it is added on %s)", id, addDay[id])
		default:
			st.removed = true
		}
	}
}

// storyState is a story's state while a sprint log is replayed.
type storyState struct {
	story    *model.Story
	inScope  bool
	done     bool
	removed  bool
	addedOn  model.Date // zero for committed stories
	addCount int
}

// replayLog applies the sprint's log in order (SPEC §2.4) and reports each
// event that cannot happen: unknown stories, done twice, reopened while not
// done, anything after removal, added or removed twice.
func (ld *loader) replayLog(sp *model.Sprint) {
	states := map[string]*storyState{}
	for _, st := range sp.Stories {
		if states[st.ID] == nil {
			states[st.ID] = &storyState{story: st, inScope: true}
		}
	}
	// Added stories are in scope only from their add day.
	addDay := map[string]model.Date{}
	for _, e := range sp.Log {
		for _, id := range e.Added {
			if st := states[id]; st != nil {
				st.inScope = false
				if _, seen := addDay[id]; !seen {
					addDay[id] = e.Date
				}
			}
		}
	}
	removedCount := map[string]int{}
	hints := hintsFor(states)
	for _, e := range sp.Log {
		t := ld.logs[e]
		if !e.Date.IsZero() && !sp.Start.IsZero() && !sp.End.IsZero() && (e.Date < sp.Start || e.Date > sp.End) {
			t.errorf(t.pos("date"), "date %s is outside the sprint (%s to %s)", e.Date, sp.Start, sp.End)
		}
		lookup := func(list string, i int, id string) *storyState {
			st := states[id]
			if st == nil {
				t.errorf(t.pos(list, i), "%s: %s", list, unknownStory(id, hints))
				return nil
			}
			if st.removed {
				t.errorf(t.pos(list, i), "%s: story %q was removed from the sprint earlier; no event may follow its removal", list, id)
				return nil
			}
			return st
		}
		for _, ev := range e.Events() {
			ld.replayEvent(t, ev, states, addDay, removedCount, lookup, hints)
		}
	}
	for id, st := range states {
		if st.done && !st.removed {
			ld.finalDone[storyKey{sp, id}] = true
		}
	}
}

type storyKey struct {
	sprint *model.Sprint
	id     string
}

// validateCarryOver checks stories declared in several sprints: a story done
// in one sprint must not appear in a later one, and it delivers one feature.
func (ld *loader) validateCarryOver() {
	byID := map[string][]*model.Story{}
	var order []string
	for _, sp := range ld.site.Sprints { // in start order
		for _, st := range sp.Stories {
			if st.ID == "" {
				continue
			}
			if byID[st.ID] == nil {
				order = append(order, st.ID)
			}
			byID[st.ID] = append(byID[st.ID], st)
		}
	}
	for _, id := range order {
		decls := byID[id]
		for i := 1; i < len(decls); i++ {
			prev, cur := decls[i-1], decls[i]
			if prev.Sprint == cur.Sprint {
				continue // a duplicate inside one file, reported already
			}
			t := ld.stories[cur]
			if ld.finalDone[storyKey{prev.Sprint, id}] {
				t.errorf(t.pos("id"), "was done in sprint %q (%s); a story done in one sprint must not appear in a later one", prev.Sprint.ID, prev.Pos)
			}
			if prev.Feature != cur.Feature {
				t.errorf(t.pos("feature"), "delivers %s here but %s in sprint %q (%s); a carried-over story keeps its feature",
					featureRef(cur.Feature), featureRef(prev.Feature), prev.Sprint.ID, prev.Pos)
			}
		}
	}
}

func featureRef(id string) string {
	if id == "" {
		return "no feature"
	}
	return fmt.Sprintf("feature %q", id)
}

// checkLinks refuses input reached through a symbolic link that leads
// outside the site directory. The site is built in CI from anyone's pull
// request and published: static/ is copied and layouts/ executed verbatim,
// pages are rendered, and parser messages quote their file, so such a link
// (to ~/.netrc, /proc/self/environ, a mounted secret) would publish a file
// that is not part of the site. Links that stay inside the site are fine.
// The problems the loader found in such a file are dropped: they may quote
// it.
func (ld *loader) checkLinks() {
	// The folders themselves too: read through an os.Root, a folder that
	// is a link out of the site cannot even be listed, so none of its files
	// would name the link.
	names := []string{"site.toml", "backlog", "releases", "sprints", "pages", "static", "layouts"}
	for _, dir := range []string{"backlog", "releases", "sprints", "pages"} {
		entries, _ := fs.ReadDir(ld.fsys, dir)
		for _, e := range entries {
			names = append(names, dir+"/"+e.Name())
		}
	}
	for _, s := range ld.site.StaticFiles {
		names = append(names, "static/"+s)
	}
	for _, l := range ld.site.LayoutFiles {
		names = append(names, "layouts/"+l)
	}
	read := map[string]bool{}  // files read through a link that leaves
	links := map[string]bool{} // the links that leave
	for _, name := range names {
		if link := leavingLink(ld.fsys, name); link != "" {
			read[ld.display(name)] = true
			links[ld.display(link)] = true
		}
	}
	if len(links) == 0 {
		return
	}
	kept := ld.errs[:0]
	for _, e := range ld.errs {
		if !read[e.Pos.Path] && !links[e.Pos.Path] {
			kept = append(kept, e)
		}
	}
	ld.errs = kept
	for link := range links {
		ld.errs.Add(model.Pos{Path: link}, "not a path inside the site: this symbolic link leads outside the site directory, and nothing outside the site is read")
	}
}

// leavingLink resolves name in fsys one path element at a time, as the
// operating system would, and returns the first symbolic link on the way
// that is absolute or climbs above the root of fsys, or "" when there is
// none. A file system without links never leaves.
func leavingLink(fsys fs.FS, name string) string {
	rest := strings.Split(name, "/")
	cur := ""
	for hops := 0; len(rest) > 0; {
		next := path.Join(cur, rest[0])
		rest = rest[1:]
		fi, err := fs.Lstat(fsys, next)
		if err != nil {
			return "" // missing: the loader reports it if it matters
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			cur = next
			continue
		}
		if hops++; hops > 40 {
			return next // a loop, or a chain no one means
		}
		target, err := fs.ReadLink(fsys, next)
		if err != nil || target == "" || path.IsAbs(target) || filepath.IsAbs(target) || filepath.VolumeName(target) != "" {
			return next
		}
		resolved := path.Join(cur, filepath.ToSlash(target))
		if resolved == ".." || strings.HasPrefix(resolved, "../") {
			return next
		}
		cur = ""
		if resolved != "." {
			rest = append(strings.Split(resolved, "/"), rest...)
		}
	}
	return ""
}
