package importer

import (
	"cmp"
	"slices"
)

// releasePlan is a release being assembled.
type releasePlan struct {
	info  VersionInfo
	feats []*feat
	out   Release
}

// buildReleases makes a release of every version some feature is in (and
// of every planned version of a versions file), with its dates and a
// capacity equal to its scope: the tools have no release capacity.
func (a *assembler) buildReleases() {
	byName := a.versions()
	var inferred []string
	for _, f := range a.feats {
		name, fromChildren := f.releaseName()
		if name == "" {
			continue
		}
		if fromChildren {
			inferred = append(inferred, f.item.Key)
		}
		f.release = byName[name]
		f.release.feats = append(f.release.feats, f)
	}
	if len(inferred) > 0 {
		a.note(inferred, "%s %s no release of %s own: each is in the release most of its issues are in", Plural(len(inferred), "epic"), Agree(len(inferred), "has", "have"), Agree(len(inferred), "its", "their"))
	}
	ids := newIDs("release")
	var fromSprints, guessed, empty []string
	for _, r := range a.releases {
		if len(r.feats) == 0 && (!r.info.Planned || r.info.Date.IsZero()) {
			empty = append(empty, r.info.Name)
			continue
		}
		r.out = Release{ID: ids.make(r.info.Name), Name: r.info.Name, Description: r.info.Description}
		switch a.releaseDates(r) {
		case datesFromSprints:
			fromSprints = append(fromSprints, r.info.Name)
		case datesGuessed:
			guessed = append(guessed, r.info.Name)
		}
		a.releaseScope(r)
	}
	a.releases = slices.DeleteFunc(a.releases, func(r *releasePlan) bool { return r.out.ID == "" })
	if len(empty) > 0 {
		a.note(empty, "%s %s no feature and no planned date: left out", Plural(len(empty), "version"), Agree(len(empty), "has", "have"))
	}
	if len(fromSprints) > 0 {
		a.note(fromSprints, "%s %s no start or release date in the export: taken from the first and last sprint its stories ran in", Plural(len(fromSprints), "release"), Agree(len(fromSprints), "has", "have"))
	}
	if len(guessed) > 0 {
		a.note(guessed, "%s %s no start or release date and no story in a sprint: a missing start is the day the first issue was created, a missing release date the as-of date; set them in releases/", Plural(len(guessed), "release"), Agree(len(guessed), "has", "have"))
	}
	if len(a.releases) > 0 {
		a.note(nil, "every release's capacity is its scope (the sum of its features' sizes): %s has no release capacity; set capacity in releases/ to see the cut line", a.b.Source)
	}
}

// versions lists the known versions in the export's order, then those only
// the issues name, in natural order.
func (a *assembler) versions() map[string]*releasePlan {
	byName := map[string]*releasePlan{}
	add := func(info VersionInfo) {
		if byName[info.Name] == nil {
			r := &releasePlan{info: info}
			byName[info.Name] = r
			a.releases = append(a.releases, r)
		}
	}
	for _, v := range a.b.Versions {
		add(v)
	}
	var extra []string
	for _, f := range a.feats {
		for _, it := range append([]*Item{f.item}, f.children...) {
			for _, v := range it.Versions {
				if byName[v] == nil && !slices.Contains(extra, v) {
					extra = append(extra, v)
				}
			}
		}
	}
	slices.SortFunc(extra, NaturalCompare)
	for _, v := range extra {
		add(VersionInfo{Name: v})
	}
	if a.b.VersionsKnown && len(extra) > 0 {
		a.note(extra, "%s named by issues %s not in the versions file: %s dates come from the sprints", Plural(len(extra), "version"), Agree(len(extra), "is", "are"), Agree(len(extra), "its", "their"))
	}
	return byName
}

// releaseName is the release of a feature: its own (the latest one when it
// has several), else, for an epic, the one most of its issues are in (the
// earlier on a tie).
func (f *feat) releaseName() (name string, fromChildren bool) {
	if n := len(f.item.Versions); n > 0 {
		return f.item.Versions[n-1], false
	}
	if !f.item.Epic {
		return "", false
	}
	votes := map[string]int{}
	var order []string
	for _, it := range f.children {
		for _, v := range it.Versions {
			if votes[v] == 0 {
				order = append(order, v)
			}
			votes[v]++
		}
	}
	best := ""
	for _, v := range order {
		if votes[v] > votes[best] {
			best = v
		}
	}
	return best, best != ""
}

type dateSource int

const (
	datesGiven dateSource = iota
	datesFromSprints
	datesGuessed
)

// releaseDates fills in the dates the export left out.
func (a *assembler) releaseDates(r *releasePlan) dateSource {
	start, date := r.info.Start, r.info.Date
	src := datesGiven
	if start.IsZero() || date.IsZero() {
		first, last := a.sprintSpan(r)
		src = datesFromSprints
		if first.IsZero() {
			first, last = a.createdSpan(r), a.asOf
			src = datesGuessed
		}
		start, date = cmp.Or(start, first), cmp.Or(date, MaxDate(last, first))
	}
	if date.Before(start) {
		start = date
	}
	r.out.Start, r.out.Date = start, date
	return src
}

// sprintSpan is the first start and last end of the sprints the release's
// stories ran in.
func (a *assembler) sprintSpan(r *releasePlan) (first, last Date) {
	for _, f := range r.feats {
		for _, it := range f.children {
			if it.Status == Dropped {
				continue
			}
			for _, p := range a.sprintsOf(it) {
				first, last = MinDate(first, p.start), MaxDate(last, p.end)
			}
		}
	}
	return first, last
}

func (a *assembler) createdSpan(r *releasePlan) Date {
	var first Date
	for _, f := range r.feats {
		first = MinDate(first, f.item.Created)
	}
	return cmp.Or(first, a.asOf)
}

// releaseScope lists the release's features in backlog order and sets its
// capacity to their total size.
func (a *assembler) releaseScope(r *releasePlan) {
	feats := slices.Clone(r.feats)
	slices.SortStableFunc(feats, backlogOrder)
	for _, f := range feats {
		r.out.Features = append(r.out.Features, f.item.Key)
		r.out.Capacity += a.size(f)
	}
}

// assignSprintReleases gives each sprint the release most of its points
// (then stories) went to: the site draws a release's burnup from the
// sprints that name it, and Jira does not tie sprints to versions.
func (a *assembler) assignSprintReleases() {
	for _, p := range a.sprints {
		points := map[*releasePlan]float64{}
		stories := map[*releasePlan]int{}
		for _, st := range p.stories {
			if r := a.featOf[st.Feature].release; r != nil {
				points[r] += st.Estimate
				stories[r]++
			}
		}
		for _, r := range a.releases {
			if stories[r] == 0 {
				continue
			}
			if p.release == nil || cmp.Or(cmp.Compare(points[r], points[p.release]), cmp.Compare(stories[r], stories[p.release])) > 0 {
				p.release = r
			}
		}
	}
	if len(a.sprints) > 0 && len(a.releases) > 0 {
		a.note(nil, "each sprint serves the release most of its story points went to (%s does not tie sprints to releases); a release's burnup is drawn from its sprints", a.b.Source)
	}
}
