package importer

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// DefaultSprintLength is the sprint length, in days, when none is given.
const DefaultSprintLength = 14

// assembler holds one import while Assemble makes its guesses.
type assembler struct {
	b      *Backlog
	opt    Options
	asOf   Date
	length int
	notes  []Note

	feats    []*feat
	featOf   map[string]*feat // by feature id
	sprints  []*sprintPlan    // in start order
	byName   map[string]*sprintPlan
	releases []*releasePlan // in version order
	// What the README lists: issues whose story needed a guess.
	carried, noPoints, moved, dropped, startGuess []string
}

// feat is a feature being assembled: an epic and the items whose stories
// deliver it, or an item without an epic standing for itself.
type feat struct {
	item     *Item
	children []*Item
	sprinted bool // some child became a story in a sprint
	release  *releasePlan
}

// Assemble turns a Backlog into a Site, writing every guess it makes down
// as a Note. It does not fail: what cannot be known is guessed and said.
func Assemble(b *Backlog, opt Options) *Site {
	a := &assembler{b: b, opt: opt, length: opt.SprintLength, featOf: map[string]*feat{}, byName: map[string]*sprintPlan{}}
	if a.length <= 0 {
		a.length = DefaultSprintLength
	}
	a.notes = append(a.notes, b.Notes...)
	a.asOf = opt.AsOf
	if a.asOf.IsZero() && !b.Latest.IsZero() {
		a.asOf = b.Latest
		a.note(nil, "the as-of date is %s, the latest day the export shows anything happen; the day you exported may be later: set as_of in site.toml (or import with --as-of)", a.asOf)
	}
	a.buildFeatures()
	a.layOutSprints()
	for _, f := range a.feats {
		for _, it := range f.children {
			a.placeStory(f, it)
		}
	}
	a.buildReleases()
	a.assignSprintReleases()
	a.storyNotes()
	return a.site()
}

// note records a guess; items are listed in the README, in natural order.
func (a *assembler) note(items []string, format string, args ...any) {
	items = slices.Clone(items)
	slices.SortFunc(items, NaturalCompare)
	a.notes = append(a.notes, Note{Text: fmt.Sprintf(format, args...), Items: items})
}

// buildFeatures makes a feature of every epic and of every other item
// without an epic; items with an epic become that epic's children.
func (a *assembler) buildFeatures() {
	items := a.b.Items
	epics := map[string]*feat{}
	for i := range items {
		if it := &items[i]; it.Epic {
			f := &feat{item: it}
			epics[it.Key] = f
			a.addFeat(f)
		}
	}
	var lost []string
	for i := range items {
		it := &items[i]
		if it.Epic {
			continue
		}
		if f := epics[it.Parent]; f != nil {
			f.children = append(f.children, it)
			continue
		}
		if it.Parent != "" {
			lost = append(lost, it.Key)
		}
		a.addFeat(&feat{item: it, children: []*Item{it}})
	}
	if len(lost) > 0 {
		a.note(lost, "%s %s an epic that is not in the export: each is a feature of its own", Plural(len(lost), "issue"), Agree(len(lost), "names", "name"))
	}
}

func (a *assembler) addFeat(f *feat) {
	a.feats = append(a.feats, f)
	a.featOf[f.item.Key] = f
}

// storyNotes writes down the guesses placeStory made, one note each.
func (a *assembler) storyNotes() {
	if len(a.carried) > 0 {
		a.note(a.carried, "%s %s in more than one sprint: each is carried over with its whole estimate, since the export does not say what was left of it", Plural(len(a.carried), "story"), Agree(len(a.carried), "was", "were"))
	}
	if len(a.moved) > 0 {
		a.note(a.moved, "%s %s resolved outside the dates of the last sprint %s in: each is done on that sprint's nearest day", Plural(len(a.moved), "story"), Agree(len(a.moved), "was", "were"), Agree(len(a.moved), "it was", "they were"))
	}
	if len(a.startGuess) > 0 {
		a.note(a.startGuess, "%s in progress %s no date work began: each is started on the first day of its first sprint", Plural(len(a.startGuess), "story"), Agree(len(a.startGuess), "has", "have"))
	}
	if len(a.dropped) > 0 {
		a.note(a.dropped, "%s resolved as not to be done %s left out of the sprints", Plural(len(a.dropped), "issue"), Agree(len(a.dropped), "is", "are"))
	}
	var noPoints []string
	for _, f := range a.feats {
		for _, it := range f.children {
			if !it.HasPoints && it.Status != Dropped {
				noPoints = append(noPoints, it.Key)
			}
		}
	}
	if len(noPoints) > 0 {
		a.note(noPoints, "%s %s no estimate: each counts 0 points until estimated", Plural(len(noPoints), "issue"), Agree(len(noPoints), "has", "have"))
	}
	a.unsprintedNote()
}

// unsprintedNote says which work the site cannot count: the site sizes a
// feature by its stories once it has any, and an issue in no sprint is no
// story.
func (a *assembler) unsprintedNote() {
	var keys []string
	var points float64
	for _, f := range a.feats {
		if !f.sprinted {
			continue
		}
		for _, it := range f.children {
			if it.Status != Dropped && len(a.sprintsOf(it)) == 0 {
				keys = append(keys, it.Key)
				if it.Status != Done {
					points += it.Points
				}
			}
		}
	}
	if len(keys) > 0 {
		a.note(keys, "%s of epics with stories in sprints %s in no sprint: the site sizes a feature by its sprint stories, so %s points of open work are in no release's scope yet", Plural(len(keys), "issue"), Agree(len(keys), "was", "were"), formatNumber(points))
	}
}

// site writes the assembled plan out in the site's terms.
func (a *assembler) site() *Site {
	s := &Site{
		Title:      cmp.Or(a.opt.Title, a.b.Title, "Imported from "+a.b.Source),
		AsOf:       a.asOf,
		ScoreLabel: cmp.Or(a.b.PriorityLabel, "Priority (1 = low, 4 = critical)"),
		Source:     a.b.Source,
		Inputs:     a.b.Inputs,
	}
	s.Description = fmt.Sprintf("Imported from %s by `backlogsite import`. The README.md of the site directory says what the export could not tell.", a.b.Source)
	s.Features = a.features()
	for _, r := range a.releases {
		s.Releases = append(s.Releases, r.out)
	}
	for _, p := range a.sprints {
		if len(p.stories) > 0 {
			s.Sprints = append(s.Sprints, p.out())
		}
	}
	s.Notes = a.notes
	return s
}

// backlogOrder is the order of the tool's backlog: ranked items first, by
// rank, then by priority, then by key.
func backlogOrder(x, y *feat) int {
	rx, ry := x.item.Rank, y.item.Rank
	unranked := func(r string) int {
		if r == "" {
			return 1
		}
		return 0
	}
	return cmp.Or(cmp.Compare(unranked(rx), unranked(ry)), strings.Compare(rx, ry),
		cmp.Compare(y.item.Priority.score(), x.item.Priority.score()), NaturalCompare(x.item.Key, y.item.Key))
}

// features lists the features in product backlog order; those the tool
// ranked keep their place as rank.
func (a *assembler) features() []Feature {
	ordered := slices.Clone(a.feats)
	slices.SortStableFunc(ordered, backlogOrder)
	out := make([]Feature, 0, len(ordered))
	for i, f := range ordered {
		ft := a.feature(f)
		if f.item.Rank != "" {
			ft.Rank = i + 1
		}
		out = append(out, ft)
	}
	return out
}

func (a *assembler) feature(f *feat) Feature {
	it := f.item
	ft := Feature{
		File:        filePrefix(it.Key),
		ID:          it.Key,
		Title:       it.Title,
		Kind:        it.Kind,
		Category:    it.Category,
		Themes:      it.Themes,
		Estimate:    f.estimate(),
		Score:       it.Priority.score(),
		Description: it.Description,
	}
	if strings.Contains(ft.Description, "\n") && !strings.HasSuffix(ft.Description, "\n") {
		// A text of several lines is written between lines of """; ending
		// it with a line break keeps the closing quotes on their own line.
		ft.Description += "\n"
	}
	switch {
	case it.Status == Done:
		ft.Status, ft.DoneOn = "done", it.Resolved
	case it.Status == Dropped:
		ft.Status = "dropped"
	case !f.sprinted && f.childrenStarted():
		// The site only sees progress through sprint stories; without any,
		// say what the tool showed.
		ft.Status = "in_progress"
	}
	return ft
}

// estimate is the feature's size before any story: an epic's is the sum of
// its issues' points (its own when they have none), an issue's its points.
func (f *feat) estimate() float64 {
	var sum float64
	found := false
	for _, it := range f.children {
		if it.Status != Dropped && it.HasPoints {
			sum += it.Points
			found = true
		}
	}
	if !found || !f.item.Epic {
		return f.item.Points
	}
	return sum
}

func (f *feat) childrenStarted() bool {
	for _, it := range f.children {
		if it != f.item && (it.Status == Done || it.Status == InProgress) {
			return true
		}
	}
	return f.item.Status == InProgress
}

// size is the feature's size as the site computes it: its stories'
// estimates once it has any, else its estimate; nothing when dropped.
func (a *assembler) size(f *feat) float64 {
	if f.item.Status == Dropped {
		return 0
	}
	if !f.sprinted {
		return f.estimate()
	}
	var sum float64
	for _, it := range f.children {
		if it.Status != Dropped && len(a.sprintsOf(it)) > 0 {
			sum += it.Points
		}
	}
	return sum
}

// filePrefix names the backlog file of a key: the project of PAY-12.
func filePrefix(key string) string {
	if i := strings.LastIndexByte(key, '-'); i > 0 {
		return key[:i]
	}
	return "backlog"
}
