package report

import (
	"slices"
	"sort"

	"github.com/backlogsite/backlogsite/internal/model"
)

// Defaults for settings a hand-built Config may leave at zero; the loader
// fills the same values from site.toml (SPEC §2.1).
const (
	defaultVelocityWindow = 3
	defaultTrials         = 10000
)

// AsOf resolves the as-of date A (SPEC §3.1): the --as-of flag (zero when not
// given), else site.toml's as_of, else the latest log date of any sprint, else
// the earliest sprint start. It is zero only for a site with no sprint and no
// as_of; nothing here reads the clock.
func AsOf(site *model.Site, flag model.Date) model.Date {
	if !flag.IsZero() {
		return flag
	}
	if !site.Config.AsOf.IsZero() {
		return site.Config.AsOf
	}
	var latest, earliest model.Date
	for _, s := range site.Sprints {
		for _, e := range s.Log {
			if e.Date > latest {
				latest = e.Date
			}
		}
		if earliest.IsZero() || s.Start < earliest {
			earliest = s.Start
		}
	}
	if !latest.IsZero() {
		return latest
	}
	return earliest
}

// computer holds what every part of Compute shares: the site, A, and the
// story histories built once.
type computer struct {
	site    *model.Site
	cfg     *model.Config
	asOf    model.Date
	sprints []*model.Sprint // start order
	hist    *histories
	// releaseOf maps a feature id to the release listing it.
	releaseOf map[string]*model.Release
	features  map[string]*FeatureReport
	// storiesOf lists each feature's story histories, in the order of the
	// first sprint declaring them, then id.
	storiesOf map[string][]*storyHistory
	closed    []*SprintReport // sprints closed by A, in end order
	completed []float64       // their completed work (closedCompleted)
	// sprintReports are all sprints in start order; basis is the forecast
	// basis as of A (nil when there can be no forecast).
	sprintReports []*SprintReport
	sprintByID    map[string]*SprintReport
	basis         *forecastBasis
	budget        *drawBudget
	errs          model.ErrorList
}

// Compute derives the whole report from a loaded site as of asOf (SPEC §3).
// It is a pure function: no I/O, no clock, same input same output.
//
// asOf is the already resolved A (see AsOf). A zero asOf, which AsOf returns
// only for a site without sprints, is treated as a day before every date:
// every sprint is planned, no story has entered or is done, no sprint has
// closed, so there is no velocity and no forecast.
//
// The error, normally nil, is an ErrorList of problems the loader cannot
// see, such as a scorecard equation that fails for one feature.
func Compute(site *model.Site, asOf model.Date) (*Report, error) {
	c := &computer{
		site:      site,
		cfg:       &site.Config,
		asOf:      asOf,
		sprints:   sprintsInOrder(site),
		releaseOf: map[string]*model.Release{},
		features:  make(map[string]*FeatureReport, len(site.Features)),
		storiesOf: map[string][]*storyHistory{},
		budget:    newDrawBudget(),
	}
	if err := c.checkSpan(); err != nil {
		return nil, err
	}
	c.hist = buildHistories(c.sprints)
	for _, r := range site.Releases {
		for _, id := range r.Features {
			if _, dup := c.releaseOf[id]; !dup {
				c.releaseOf[id] = r
			}
		}
	}
	rep := &Report{AsOf: asOf, Unit: site.Config.Unit, Revisit: []string{}}
	rep.Features = c.computeFeatures()
	rep.Revisit = c.revisit(rep.Features)
	rep.Sprints = c.computeSprints()
	c.sprintReports = rep.Sprints
	c.sprintByID = make(map[string]*SprintReport, len(rep.Sprints))
	for _, sr := range rep.Sprints {
		c.sprintByID[sr.ID] = sr
	}
	c.basis = c.basisAt(asOf, true)
	rep.Velocity = c.velocityReport()
	rep.Releases = c.computeReleases()
	if c.budget.exhausted() {
		c.budgetProblem(rep.Releases)
		return nil, c.errs.Err()
	}
	rep.Accuracy = accuracy(rep.Releases)
	rep.Flow = c.computeFlow()
	if err := c.errs.Err(); err != nil {
		return nil, err
	}
	summarise(rep)
	return rep, nil
}

// checkSpan refuses an as-of date more than model.MaxSpanDays after the
// first sprint starts: the cumulative flow has a point for every day in
// between (the loader bounds the sprints themselves).
func (c *computer) checkSpan() error {
	if len(c.sprints) == 0 || int(c.asOf-c.sprints[0].Start)+1 <= model.MaxSpanDays {
		return nil
	}
	first := c.sprints[0]
	var pos model.Pos // the --as-of flag
	if c.asOf == c.cfg.AsOf {
		pos = c.cfg.AsOfPos
	}
	var errs model.ErrorList
	errs.Add(pos, "the as-of date %s is more than %d years after sprint %q starts (%s): the figures follow every day from the first sprint on and cover at most %d years; choose a date closer to the sprints",
		c.asOf, model.MaxSpanDays/365, first.ID, first.Start, model.MaxSpanDays/365)
	return errs.Err()
}

func (c *computer) velocityWindow() int {
	if c.cfg.VelocityWindow > 0 {
		return c.cfg.VelocityWindow
	}
	return defaultVelocityWindow
}

func (c *computer) trials() int {
	if c.cfg.Trials > 0 {
		return c.cfg.Trials
	}
	return defaultTrials
}

// computeFeatures fills every feature's figures and returns them in
// position order (§3.3, §3.4).
func (c *computer) computeFeatures() []*FeatureReport {
	c.indexFeatureStories()
	out := make([]*FeatureReport, 0, len(c.site.Features))
	for _, f := range c.site.Features {
		fr := c.featureReport(f)
		c.features[f.ID] = fr
		out = append(out, fr)
	}
	// slices.SortStableFunc: sort.SliceStable's reflection swaps showed in
	// serve's rebuild of 10,000 features. Stable, with the same order.
	slices.SortStableFunc(out, func(a, b *FeatureReport) int {
		switch {
		case positionLess(a, b):
			return -1
		case positionLess(b, a):
			return 1
		}
		return 0
	})
	for i, fr := range out {
		fr.Position = i + 1
	}
	c.markLowScores(out)
	return out
}

// positionLess is the product backlog order: ranked features by rank, then
// unranked ones by score descending (features without a score last), then id.
func positionLess(a, b *FeatureReport) bool {
	switch {
	case a.Rank != nil && b.Rank != nil:
		if *a.Rank != *b.Rank {
			return *a.Rank < *b.Rank
		}
	case a.Rank != nil:
		return true
	case b.Rank != nil:
		return false
	default:
		switch {
		case a.Score != nil && b.Score != nil:
			if *a.Score != *b.Score {
				return *a.Score > *b.Score
			}
		case a.Score != nil:
			return true
		case b.Score != nil:
			return false
		}
	}
	return a.ID < b.ID
}

func (c *computer) indexFeatureStories() {
	for _, s := range c.sprints {
		for _, st := range s.Stories {
			if st.Feature == "" {
				continue
			}
			h := c.hist.byID[st.ID]
			// One entry per story id: its first declaration places it.
			if h.decls[0].story != st {
				continue
			}
			c.storiesOf[st.Feature] = append(c.storiesOf[st.Feature], h)
		}
	}
	for _, list := range c.storiesOf {
		sort.SliceStable(list, func(i, j int) bool {
			a, b := list[i].decls[0].sprint.Start, list[j].decls[0].sprint.Start
			if a != b {
				return a < b
			}
			return list[i].id < list[j].id
		})
	}
}

func (c *computer) featureReport(f *model.Feature) *FeatureReport {
	fr := &FeatureReport{
		ID:       f.ID,
		Title:    f.Title,
		Kind:     f.Kind,
		Category: f.Category,
		Themes:   append([]string{}, f.Themes...),
		Feature:  f,
		Stories:  []*FeatureStory{},
	}
	if fr.Kind == "" {
		fr.Kind = model.KindFeature
	}
	if f.Rank > 0 {
		rank := f.Rank
		fr.Rank = &rank
	}
	fr.Score = c.score(f)
	rel := c.releaseOf[f.ID]
	if rel != nil {
		id := rel.ID
		fr.Release = &id
	}

	stories := c.storiesOf[f.ID]
	anyDoneOrStarted, allDone := false, len(stories) > 0
	var size, done float64
	for _, h := range stories {
		est := h.estimateAt(c.asOf)
		size += est
		isDone := h.doneAt(c.asOf)
		if isDone {
			done += est
			anyDoneOrStarted = true
		} else {
			allDone = false
		}
		if h.startedBy(c.asOf) || h.reopenedBy(c.asOf) {
			anyDoneOrStarted = true
		}
		fr.Stories = append(fr.Stories, c.featureStory(h))
	}
	if len(stories) == 0 {
		size = f.Estimate
	}
	switch f.Status {
	case model.StatusDropped:
		// Dropped work is out of every sum; counting stories done before
		// the drop would make done exceed a size of 0.
		size, done = 0, 0
	case model.StatusDone:
		done = size
		fr.DoneDate = f.DoneOn
		if fr.DoneDate.IsZero() && rel != nil {
			fr.DoneDate = rel.Start
		}
	}
	fr.Size, fr.Done, fr.Remaining = size, done, size-done

	fr.Status = f.Status
	if fr.Status == "" {
		switch {
		case allDone:
			fr.Status = model.StatusDone
		case anyDoneOrStarted:
			fr.Status = model.StatusInProgress
		case rel != nil:
			fr.Status = model.StatusPlanned
		default:
			fr.Status = model.StatusProposed
		}
	}
	return fr
}

// featureStory describes one story as of A for the feature page.
func (c *computer) featureStory(h *storyHistory) *FeatureStory {
	last := h.decls[len(h.decls)-1]
	fs := &FeatureStory{
		ID:       h.id,
		Title:    last.story.Title,
		Estimate: h.estimateAt(c.asOf),
		Priority: last.story.Priority,
		Sprints:  make([]string, 0, len(h.decls)),
	}
	for _, sd := range h.decls {
		fs.Sprints = append(fs.Sprints, sd.sprint.ID)
	}
	cur := h.latestDeclBy(c.asOf)
	switch {
	case h.doneAt(c.asOf):
		fs.Status = "done"
	case cur != nil && !cur.removedOn.IsZero() && cur.removedOn <= c.asOf:
		fs.Status = "removed"
	case h.startedBy(c.asOf) || h.reopenedBy(c.asOf):
		fs.Status = "in_progress"
	case h.enteredBy(c.asOf):
		fs.Status = "to_do"
	default:
		fs.Status = "not_started"
	}
	return fs
}

// score evaluates the scorecard for f. A done or dropped feature may omit its
// scores (§2.2); it then has no score rather than an error.
func (c *computer) score(f *model.Feature) *float64 {
	eq := c.cfg.Scorecard.Equation
	if eq == nil {
		return nil
	}
	if f.Status == model.StatusDone || f.Status == model.StatusDropped {
		for _, name := range eq.Names() {
			if _, ok := f.Scores[name]; !ok {
				return nil
			}
		}
	}
	v, err := eq.Eval(f.Scores)
	if err != nil {
		c.errs.Add(f.Pos, "feature %s: scorecard equation: %v", f.ID, err)
		return nil
	}
	return &v
}

// scoredOpen reports whether fr takes part in the low-score and revisit
// rules: it has a score and its reported status is neither done nor dropped.
func scoredOpen(fr *FeatureReport) bool {
	return fr.Score != nil && fr.Status.Open()
}

// nearestRank returns the pct-th percentile (1 ≤ pct ≤ 100) of sorted, which
// is not empty, by nearest rank: the value at position ceil(pct/100·n).
// Integer arithmetic keeps the position exact (0.85 has no exact binary
// form, and 0.85·n may land just above a whole number).
func nearestRank(sorted []float64, pct int) float64 {
	return sorted[(pct*len(sorted)+99)/100-1]
}

func openScores(features []*FeatureReport) []float64 {
	var scores []float64
	for _, fr := range features {
		if scoredOpen(fr) {
			scores = append(scores, *fr.Score)
		}
	}
	sort.Float64s(scores)
	return scores
}

func (c *computer) markLowScores(features []*FeatureReport) {
	scores := openScores(features)
	if len(scores) == 0 {
		return
	}
	threshold := nearestRank(scores, 25)
	fixed := c.cfg.Scorecard.LowScore
	for _, fr := range features {
		if !scoredOpen(fr) {
			continue
		}
		if fixed != nil {
			fr.LowScore = *fixed > *fr.Score
		} else {
			fr.LowScore = *fr.Score <= threshold
		}
	}
}

// revisit lists the features whose rank and score disagree (§3.3). n is the
// number of all features, so "the top half" is the top half of the whole
// backlog as the reader sees it; features is in position order.
func (c *computer) revisit(features []*FeatureReport) []string {
	out := []string{}
	scores := openScores(features)
	if len(scores) == 0 {
		return out
	}
	high := nearestRank(scores, 75)
	n := len(features)
	for _, fr := range features {
		if !scoredOpen(fr) {
			continue
		}
		topHalf := 2*fr.Position <= n
		if fr.LowScore && topHalf || *fr.Score >= high && !topHalf {
			out = append(out, fr.ID)
		}
	}
	return out
}
