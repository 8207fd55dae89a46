package synth

import (
	"bytes"
	"fmt"
	"math"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// This file is an independent checker of SPEC §2 on generated files. It
// shares no code with the generator: it parses the TOML with BurntSushi and
// replays every sprint log by the SPEC's rules.

type tSite struct {
	Title       string    `toml:"title"`
	Description string    `toml:"description"`
	BaseURL     string    `toml:"base_url"`
	Unit        string    `toml:"unit"`
	AsOf        time.Time `toml:"as_of"`
	Theme       string    `toml:"theme"`
	Calendar    struct {
		WorkingDays []string    `toml:"working_days"`
		Holidays    []time.Time `toml:"holidays"`
	} `toml:"calendar"`
	Velocity struct {
		Window int `toml:"window"`
	} `toml:"velocity"`
	Forecast struct {
		Trials int   `toml:"trials"`
		Seed   int64 `toml:"seed"`
	} `toml:"forecast"`
	Scorecard struct {
		Preset string `toml:"preset"`
	} `toml:"scorecard"`
}

type tFeature struct {
	ID          string             `toml:"id"`
	Title       string             `toml:"title"`
	Kind        string             `toml:"kind"`
	Rank        int                `toml:"rank"`
	Status      string             `toml:"status"`
	DoneOn      time.Time          `toml:"done_on"`
	Category    string             `toml:"category"`
	Themes      []string           `toml:"themes"`
	Estimate    float64            `toml:"estimate"`
	Scores      map[string]float64 `toml:"scores"`
	Acceptance  []string           `toml:"acceptance"`
	Description string             `toml:"description"`
}

type tBacklog struct {
	Feature []tFeature `toml:"feature"`
}

type tRelease struct {
	ID          string    `toml:"id"`
	Name        string    `toml:"name"`
	Start       time.Time `toml:"start"`
	Date        time.Time `toml:"date"`
	Capacity    *float64  `toml:"capacity"`
	Features    []string  `toml:"features"`
	Description string    `toml:"description"`
}

type tStory struct {
	ID       string   `toml:"id"`
	Feature  string   `toml:"feature"`
	Title    string   `toml:"title"`
	Estimate *float64 `toml:"estimate"`
	Priority string   `toml:"priority"`
}

type tLog struct {
	Date      time.Time          `toml:"date"`
	Done      []string           `toml:"done"`
	Started   []string           `toml:"started"`
	Added     []string           `toml:"added"`
	Removed   []string           `toml:"removed"`
	Reopened  []string           `toml:"reopened"`
	Estimates map[string]float64 `toml:"estimates"`
	Note      string             `toml:"note"`
}

type tSprint struct {
	ID       string      `toml:"id"`
	Name     string      `toml:"name"`
	Release  string      `toml:"release"`
	Start    time.Time   `toml:"start"`
	End      time.Time   `toml:"end"`
	Capacity *float64    `toml:"capacity"`
	Goal     string      `toml:"goal"`
	DaysOff  []time.Time `toml:"days_off"`
	Story    []tStory    `toml:"story"`
	Log      []tLog      `toml:"log"`

	file  string
	final map[string]string // story id → "done", "removed" or "open" at the end of its log
}

// civil drops whatever location the decoder gave a local date.
func civil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// stats counts what a realistic site should contain.
type stats struct {
	added, removed, reopened, reestimated, carried, daysOff, notes, ranked, bugs, tech, done, dropped, odd int
}

type checker struct {
	problems []string
	st       stats
}

func (c *checker) errorf(format string, args ...any) {
	if len(c.problems) < 50 {
		c.problems = append(c.problems, fmt.Sprintf(format, args...))
	}
}

func (c *checker) decode(name string, src []byte, v any) {
	md, err := toml.NewDecoder(bytes.NewReader(src)).Decode(v)
	if err != nil {
		c.errorf("%s: %v", name, err)
		return
	}
	if u := md.Undecoded(); len(u) > 0 {
		c.errorf("%s: unknown keys %v", name, u)
	}
}

// check validates a whole site and returns its problems.
func check(files map[string][]byte) (problems []string, st stats) {
	c := &checker{}
	var site tSite
	c.decode("site.toml", files["site.toml"], &site)
	if site.Title == "" {
		c.errorf("site.toml: no title")
	}
	if site.Scorecard.Preset != "value-effort" {
		c.errorf("site.toml: preset %q", site.Scorecard.Preset)
	}
	holiday := map[time.Time]bool{}
	for _, h := range site.Calendar.Holidays {
		holiday[civil(h)] = true
	}
	asOf := civil(site.AsOf)

	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)

	features := map[string]*tFeature{}
	ranks := map[int]string{}
	var releases []*tRelease
	var sprints []*tSprint
	for _, name := range names {
		src := files[name]
		switch dir := path.Dir(name); {
		case name == "site.toml":
		case dir == "backlog" && strings.HasSuffix(name, ".toml"):
			var b tBacklog
			c.decode(name, src, &b)
			for i := range b.Feature {
				c.feature(name, &b.Feature[i], features, ranks)
			}
		case dir == "releases" && strings.HasSuffix(name, ".toml"):
			r := &tRelease{}
			c.decode(name, src, r)
			releases = append(releases, r)
		case dir == "sprints" && strings.HasSuffix(name, ".toml"):
			s := &tSprint{file: name}
			c.decode(name, src, s)
			sprints = append(sprints, s)
		case dir == "pages" && strings.HasSuffix(name, ".md"):
			parts := strings.SplitN(string(src), "+++\n", 3)
			var front struct {
				Title  string `toml:"title"`
				Weight int    `toml:"weight"`
			}
			if len(parts) != 3 || parts[0] != "" {
				c.errorf("%s: no +++ front matter", name)
			} else {
				c.decode(name, []byte(parts[1]), &front)
			}
		default:
			c.errorf("%s: unexpected file", name)
		}
	}

	releaseOf := map[string]*tRelease{}
	inRelease := map[string]string{}
	for _, r := range releases {
		if !idRE.MatchString(r.ID) || releaseOf[r.ID] != nil {
			c.errorf("release %q: bad or duplicate id", r.ID)
		}
		releaseOf[r.ID] = r
		if r.Start.IsZero() || r.Date.IsZero() || r.Capacity == nil {
			c.errorf("release %s: missing start, date or capacity", r.ID)
			continue
		}
		if civil(r.Date).Before(civil(r.Start)) || *r.Capacity < 0 {
			c.errorf("release %s: date before start or negative capacity", r.ID)
		}
		for _, f := range r.Features {
			if features[f] == nil {
				c.errorf("release %s: unknown feature %s", r.ID, f)
			}
			if other, ok := inRelease[f]; ok {
				c.errorf("feature %s in releases %s and %s", f, other, r.ID)
			}
			inRelease[f] = r.ID
		}
	}

	slices.SortStableFunc(sprints, func(a, b *tSprint) int { return a.Start.Compare(b.Start) })
	sprintIDs := map[string]bool{}
	for i, s := range sprints {
		if !idRE.MatchString(s.ID) || sprintIDs[s.ID] {
			c.errorf("%s: bad or duplicate sprint id %q", s.file, s.ID)
		}
		sprintIDs[s.ID] = true
		if s.Start.IsZero() || s.End.IsZero() || civil(s.End).Before(civil(s.Start)) {
			c.errorf("%s: bad start or end", s.file)
			continue
		}
		if i > 0 && !civil(sprints[i-1].End).Before(civil(s.Start)) {
			c.errorf("%s: overlaps %s", s.file, sprints[i-1].file)
		}
		if s.Release != "" {
			r := releaseOf[s.Release]
			if r == nil {
				c.errorf("%s: unknown release %s", s.file, s.Release)
			} else if civil(s.Start).Before(civil(r.Start)) || civil(r.Date).Before(civil(s.End)) {
				c.errorf("%s: outside its release %s", s.file, r.ID)
			}
		}
		c.sprint(s, features, holiday)
	}
	c.carryOver(sprints)
	c.asOf(sprints, asOf)
	c.capacities(releases, sprints, features, asOf)
	return c.problems, c.st
}

func (c *checker) feature(file string, f *tFeature, features map[string]*tFeature, ranks map[int]string) {
	if !idRE.MatchString(f.ID) || features[f.ID] != nil {
		c.errorf("%s: bad or duplicate feature id %q", file, f.ID)
	}
	features[f.ID] = f
	if f.Title == "" {
		c.errorf("%s: feature %s has no title", file, f.ID)
	}
	if strings.ContainsAny(f.Title, "\"\\") {
		c.st.odd++
	}
	switch f.Kind {
	case "", "feature":
	case "bug":
		c.st.bugs++
	case "tech":
		c.st.tech++
	default:
		c.errorf("%s: feature %s: kind %q", file, f.ID, f.Kind)
	}
	switch f.Status {
	case "", "proposed", "planned", "in_progress":
	case "done":
		c.st.done++
	case "dropped":
		c.st.dropped++
	default:
		c.errorf("%s: feature %s: status %q", file, f.ID, f.Status)
	}
	if !f.DoneOn.IsZero() && f.Status != "done" {
		c.errorf("%s: feature %s: done_on without status done", file, f.ID)
	}
	if f.Rank != 0 {
		c.st.ranked++
		if f.Rank < 0 || ranks[f.Rank] != "" {
			c.errorf("%s: feature %s: rank %d negative or taken by %s", file, f.ID, f.Rank, ranks[f.Rank])
		}
		ranks[f.Rank] = f.ID
	}
	if f.Estimate < 0 {
		c.errorf("%s: feature %s: negative estimate", file, f.ID)
	}
	for k := range f.Scores {
		if k != "value" && k != "effort" {
			c.errorf("%s: feature %s: unknown metric %s", file, f.ID, k)
		}
	}
	for _, k := range []string{"value", "effort"} {
		v, ok := f.Scores[k]
		if !ok && f.Status != "done" && f.Status != "dropped" {
			c.errorf("%s: feature %s: no %s", file, f.ID, k)
		}
		if ok && (v < 1 || v > 10) {
			c.errorf("%s: feature %s: %s %v out of 1–10", file, f.ID, k, v)
		}
	}
}

type storyState struct {
	added, removed, done bool
	inScope              bool
	adds, removes        int
}

// sprint checks one sprint's stories and replays its log.
func (c *checker) sprint(s *tSprint, features map[string]*tFeature, holiday map[time.Time]bool) {
	start, end := civil(s.Start), civil(s.End)
	off := map[time.Time]bool{}
	for _, d := range s.DaysOff {
		d = civil(d)
		off[d] = true
		c.st.daysOff++
		if d.Before(start) || d.After(end) {
			c.errorf("%s: day off %s outside the sprint", s.file, d.Format(time.DateOnly))
		}
	}
	state := map[string]*storyState{}
	for _, st := range s.Story {
		if !idRE.MatchString(st.ID) || state[st.ID] != nil {
			c.errorf("%s: bad or duplicate story id %q", s.file, st.ID)
		}
		state[st.ID] = &storyState{}
		if st.Title == "" || st.Estimate == nil || *st.Estimate < 0 {
			c.errorf("%s: story %s: missing title or bad estimate", s.file, st.ID)
		}
		if st.Feature != "" && features[st.Feature] == nil {
			c.errorf("%s: story %s: unknown feature %s", s.file, st.ID, st.Feature)
		}
		switch st.Priority {
		case "", "critical", "high", "medium", "low":
		default:
			c.errorf("%s: story %s: priority %q", s.file, st.ID, st.Priority)
		}
	}
	// Added or committed is a property of the whole log.
	for _, l := range s.Log {
		for _, id := range l.Added {
			if st := state[id]; st != nil {
				st.added = true
			}
		}
	}
	for _, st := range state {
		st.inScope = !st.added
	}
	logs := slices.Clone(s.Log)
	slices.SortStableFunc(logs, func(a, b tLog) int { return a.Date.Compare(b.Date) })
	for _, l := range logs {
		d := civil(l.Date)
		where := s.file + " " + d.Format(time.DateOnly)
		if d.Before(start) || d.After(end) {
			c.errorf("%s: log date outside the sprint", where)
		}
		// Not a SPEC rule, but the generator promises it.
		if w := d.Weekday(); w == time.Saturday || w == time.Sunday || holiday[d] || off[d] {
			c.errorf("%s: events on a non-working day", where)
		}
		if l.Note != "" {
			c.st.notes++
		}
		get := func(id, event string) *storyState {
			st := state[id]
			if st == nil {
				c.errorf("%s: %s names undeclared story %s", where, event, id)
				return nil
			}
			if st.removed {
				c.errorf("%s: %s on %s after its removal", where, event, id)
				return nil
			}
			return st
		}
		for _, id := range l.Added {
			if st := get(id, "added"); st != nil {
				st.adds++
				st.inScope = true
				c.st.added++
				if st.adds > 1 {
					c.errorf("%s: %s added twice", where, id)
				}
			}
		}
		ids := make([]string, 0, len(l.Estimates))
		for id := range l.Estimates {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			if st := get(id, "estimates"); st != nil {
				c.st.reestimated++
				if l.Estimates[id] < 0 || !st.inScope {
					c.errorf("%s: bad re-estimate of %s", where, id)
				}
			}
		}
		for _, id := range l.Started {
			if st := get(id, "started"); st != nil && !st.inScope {
				c.errorf("%s: %s started before it is in scope", where, id)
			}
		}
		for _, id := range l.Done {
			if st := get(id, "done"); st != nil {
				if st.done || !st.inScope {
					c.errorf("%s: done on %s which is done or not in scope", where, id)
				}
				st.done = true
			}
		}
		for _, id := range l.Reopened {
			if st := get(id, "reopened"); st != nil {
				c.st.reopened++
				if !st.done {
					c.errorf("%s: reopened %s which is not done", where, id)
				}
				st.done = false
			}
		}
		for _, id := range l.Removed {
			if st := get(id, "removed"); st != nil {
				c.st.removed++
				st.removes++
				st.removed = true
			}
		}
	}
	s.final = map[string]string{}
	for id, st := range state {
		switch {
		case st.removed:
			s.final[id] = "removed"
		case st.done:
			s.final[id] = "done"
		default:
			s.final[id] = "open"
		}
	}
}

// carryOver checks stories declared in more than one sprint: SPEC §2.4, and
// the generator's stricter promise that carry-over goes to the very next
// sprint as a committed story.
func (c *checker) carryOver(sprints []*tSprint) {
	last := map[string]int{} // story id → index of the latest sprint declaring it
	for i, s := range sprints {
		added := map[string]bool{}
		for _, l := range s.Log {
			for _, id := range l.Added {
				added[id] = true
			}
		}
		for _, st := range s.Story {
			j, ok := last[st.ID]
			last[st.ID] = i
			if !ok {
				continue
			}
			c.st.carried++
			p := sprints[j]
			if p.final[st.ID] != "open" {
				c.errorf("%s: story %s is %s at the end of %s", s.file, st.ID, p.final[st.ID], p.file)
			}
			if j != i-1 || added[st.ID] {
				c.errorf("%s: story %s carried from %s, not the sprint before, or added", s.file, st.ID, p.file)
			}
			if !civil(p.End).Before(civil(s.Start)) {
				c.errorf("%s: story %s in overlapping sprints", s.file, st.ID)
			}
		}
	}
}

// asOf checks that as_of falls in the second-to-last sprint and that nothing
// is carried out of a sprint that has not ended.
func (c *checker) asOf(sprints []*tSprint, asOf time.Time) {
	n := len(sprints)
	if n == 0 {
		return
	}
	active := sprints[max(0, n-2)]
	if asOf.Before(civil(active.Start)) || !asOf.Before(civil(active.End)) {
		c.errorf("as_of %s not inside %s", asOf.Format(time.DateOnly), active.file)
	}
	if n >= 2 {
		last := sprints[n-1]
		if !civil(last.Start).After(asOf) || len(last.Log) > 0 {
			c.errorf("%s: not planned", last.file)
		}
		for _, st := range last.Story {
			if _, ok := active.final[st.ID]; ok {
				c.errorf("%s: %s carried out of the active sprint", last.file, st.ID)
			}
		}
	}
	for _, s := range sprints {
		for _, l := range s.Log {
			if civil(l.Date).After(asOf) {
				c.errorf("%s: log after as_of", s.file)
			}
		}
	}
}

// capacities checks that every release's capacity is a bit below its scope,
// with feature sizes as SPEC §3.4 defines them at as_of.
func (c *checker) capacities(releases []*tRelease, sprints []*tSprint, features map[string]*tFeature, asOf time.Time) {
	type declared struct {
		est     float64
		feature string
		s       *tSprint
	}
	// The latest declaring sprint that started by as_of, else the first.
	chosen := map[string]declared{}
	for _, s := range sprints {
		for _, st := range s.Story {
			if _, ok := chosen[st.ID]; !ok || !civil(s.Start).After(asOf) {
				chosen[st.ID] = declared{*st.Estimate, st.Feature, s}
			}
		}
	}
	current := map[string]float64{}
	featureOf := map[string]string{}
	for id, d := range chosen {
		current[id] = d.est
		featureOf[id] = d.feature
		logs := slices.Clone(d.s.Log)
		slices.SortStableFunc(logs, func(a, b tLog) int { return a.Date.Compare(b.Date) })
		for _, l := range logs {
			if v, ok := l.Estimates[id]; ok && !civil(l.Date).After(asOf) {
				current[id] = v
			}
		}
	}
	size := map[string]float64{}
	has := map[string]bool{}
	for id, f := range featureOf {
		if f != "" {
			size[f] += current[id]
			has[f] = true
		}
	}
	for _, r := range releases {
		scope := 0.0
		for _, id := range r.Features {
			f := features[id]
			switch {
			case f == nil || f.Status == "dropped":
			case has[id]:
				scope += size[id]
			default:
				scope += f.Estimate
			}
		}
		if scope > 0 && (*r.Capacity >= scope || *r.Capacity < 0.5*scope) {
			c.errorf("release %s: capacity %v not a bit below scope %v", r.ID, *r.Capacity, scope)
		}
		if math.IsNaN(scope) {
			c.errorf("release %s: scope NaN", r.ID)
		}
	}
}

func checkSite(t *testing.T, c Config) stats {
	t.Helper()
	problems, st := check(Files(c))
	for _, p := range problems {
		t.Error(p)
	}
	return st
}
