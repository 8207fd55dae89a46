package synth

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The second-to-last sprint, the one active at as_of, starts on this Monday;
// earlier sprints reach back from it, so small sites look current.
var anchor = mkday(2026, time.March, 2)

// cadence is the days from one sprint start to the next unless
// Config.OneWeekSprints.
const cadence = 14

type gen struct {
	c        Config
	r        *rand.Rand
	features []*feature
	releases []*release
	sprints  []*sprint
	holidays []day
	holiday  map[day]bool
	asOf     day // 0 when there is no sprint
	stories  int // stories created so far: the next story id
}

type feature struct {
	id, title, kind, status, category, description string
	themes, acceptance                             []string
	rank                                           int
	doneOn                                         day
	estimate                                       float64
	value, effort                                  int
	scored, sayKind                                bool // sayKind: write the default kind
	release                                        *release
	toWrite                                        int // stories still to be written for it
	size                                           float64
}

type release struct {
	id, name, description string
	start, date           day
	capacity              float64
	features              []*feature
	cursor                int // the feature whose stories are written next
	sprints               []*sprint
}

type story struct {
	id, title, priority string
	feat                *feature
	started             bool
	sayPriority         bool    // write the default priority
	est                 float64 // as last declared, then re-estimated
}

// decl is a story as declared in one sprint.
type decl struct {
	s     *story
	est   float64
	added bool
	at    int // working day index of the add
}

type reest struct {
	id  string
	est float64
}

type entry struct {
	added, started, done, reopened, removed []string
	estimates                               []reest
	note                                    string
}

func (e *entry) empty() bool {
	return len(e.added)+len(e.started)+len(e.done)+len(e.reopened)+len(e.removed)+len(e.estimates) == 0 && e.note == ""
}

type sprint struct {
	n          int // 1-based
	id         string
	rel        *release
	start, end day
	daysOff    []day
	capacity   float64
	hasCap     bool
	goal       string
	decls      []decl
	days       []day    // working days
	log        []*entry // by working day index; nil when nothing happened
	carry      []*story // not done at the end: declared again in the next sprint
}

func newGen(c Config) *gen {
	return &gen{c: c, r: rand.New(rand.NewPCG(c.Seed, 0x5eed_ba5e_10c5_17e5)), holiday: map[day]bool{}}
}

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func pick[T any](g *gen, xs []T) T { return xs[g.r.IntN(len(xs))] }

// distinct picks k different elements of xs (k ≤ len(xs)), or nil for none.
func (g *gen) distinct(xs []string, k int) []string {
	if k == 0 {
		return nil
	}
	out := make([]string, 0, k)
	for len(out) < k {
		if x := pick(g, xs); !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// article returns noun with "a" or "an" in front.
func article(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an " + noun
	}
	return "a " + noun
}

func (g *gen) run() {
	g.calendar()
	g.makeFeatures()
	g.makeReleases()
	for _, s := range g.sprints {
		g.simulate(s)
	}
	g.sizeReleases()
	g.rankFeatures()
}

// calendar lays out the sprints, the holidays of every year they touch, the
// days off, and as_of.
func (g *gen) calendar() {
	n := g.c.Sprints
	if n == 0 {
		return
	}
	cadence := g.cadence()
	first := anchor
	if n >= 2 {
		first = anchor - day(cadence*(n-2))
	}
	for y := first.year(); y <= (first + day(cadence*n)).year(); y++ {
		for _, h := range []day{mkday(y, time.January, 1), mkday(y, time.May, 1), mkday(y, time.December, 25), mkday(y, time.December, 26)} {
			g.holidays = append(g.holidays, h)
			g.holiday[h] = true
		}
	}
	for i := range n {
		s := &sprint{n: i + 1, id: "S-" + strconv.Itoa(i+1), start: first + day(cadence*i)}
		s.end = s.start + day(cadence) - 3 // the last Friday
		var weekdays []day
		for d := s.start; d <= s.end; d++ {
			if w := d.weekday(); w != time.Saturday && w != time.Sunday && !g.holiday[d] {
				weekdays = append(weekdays, d)
			}
		}
		if len(weekdays) > 2 && g.chance(0.1) {
			s.daysOff = []day{weekdays[g.r.IntN(len(weekdays))]}
		}
		for _, d := range weekdays {
			if len(s.daysOff) == 0 || d != s.daysOff[0] {
				s.days = append(s.days, d)
			}
		}
		g.sprints = append(g.sprints, s)
	}
	if a := g.active(); a != nil {
		g.asOf = a.start
		if len(a.days) > 0 {
			g.asOf = a.days[len(a.days)/2]
		}
	}
}

func (g *gen) cadence() int {
	if g.c.OneWeekSprints {
		return 7
	}
	return cadence
}

// active is the sprint as_of falls in: the second-to-last, so that the last
// one is planned.
func (g *gen) active() *sprint {
	switch n := len(g.sprints); n {
	case 0:
		return nil
	case 1:
		return g.sprints[0]
	default:
		return g.sprints[n-2]
	}
}

var (
	categories = []string{"Mobile", "Web", "Payments", "Platform", "Search", "Admin", "API", "Data", "Growth"}
	themes     = []string{"Retention", "Growth", "Reliability", "Compliance", "Performance", "Onboarding", "Monetisation", "Accessibility"}
	adjectives = []string{"Offline", "Bulk", "Faster", "Scheduled", "Shared", "Secure", "Smarter", "Self-service", "Real-time", "Audited", "Localised", "Accessible"}
	objects    = []string{"reading", "export", "search", "payments", "invoices", "notifications", "sign-in", "workspaces", "reports", "onboarding", "sync", "uploads", "comments", "billing", "dashboards", "permissions", "backups", "checkout"}
	roles      = []string{"commuter", "buyer", "admin", "new user", "support agent", "team lead", "developer", "finance clerk", "guest", "power user"}
	actions    = []string{"open", "export", "find", "share", "undo changes to", "filter", "pay for", "archive", "restore", "review", "print", "rename"}
	things     = []string{"saved articles", "invoices", "reports", "a workspace", "my notifications", "past orders", "a draft", "team members", "receipts", "attachments", "search results", "backups"}
	criteria   = []string{"Works without a network connection", "Loads in under two seconds on 3G", "Screen readers announce every control", "Audit log records who changed what", "Errors explain what to do next", "Available in all supported languages", "Undo is possible for one minute", "Admins can switch it off per workspace"}
	notes      = []string{"Payments API was down all afternoon", "Half the team at the all-hands", "Release candidate cut", "CI queue backed up for hours", "Pairing day: fewer starts, more finishes", "Customer escalation took most of the morning", "Design review moved to Thursday"}
	// odd are titles with characters that must be escaped or encoded: the
	// files are also a test of everything that reads them.
	odd = []string{`Import "legacy" CSV files`, `Paths like C:\exports\2026 break sync`, "Café menu in Ελληνικά and 日本語", `Notes with <b>tags</b> & "quotes"`, "Tab\tseparated export", `Emoji 🚀 in titles`}
)

var fib = []float64{1, 2, 3, 5, 8, 13, 20, 40}

func (g *gen) makeFeatures() {
	n := g.c.Features
	g.features = make([]*feature, n)
	firstStart := anchor
	if len(g.sprints) > 0 {
		firstStart = g.sprints[0].start
	}
	for i := range n {
		f := &feature{id: "F-" + strconv.Itoa(i+1), kind: "feature"}
		if g.chance(0.01) {
			f.title = pick(g, odd)
		} else {
			f.title = pick(g, adjectives) + " " + pick(g, objects)
		}
		switch u := g.r.Float64(); {
		case u < 0.12:
			f.kind = "bug"
		case u < 0.20:
			f.kind = "tech"
		default:
			f.sayKind = g.chance(0.5)
		}
		switch u := g.r.Float64(); {
		case u < 0.03:
			f.status = "done"
			f.doneOn = firstStart - day(1+g.r.IntN(365))
		case u < 0.05:
			f.status = "dropped"
		}
		if g.chance(0.9) {
			f.category = pick(g, categories)
		}
		f.themes = g.distinct(themes, g.r.IntN(3))
		f.estimate = fib[g.r.IntN(len(fib))]
		// Done and dropped features need no scores; some keep them anyway.
		if f.status == "" || g.chance(0.5) {
			f.scored = true
			f.value = 1 + g.r.IntN(10)
			f.effort = 1 + g.r.IntN(10)
		}
		f.acceptance = g.distinct(criteria, g.r.IntN(4))
		if g.chance(0.7) {
			c := g.distinct(criteria, 2)
			f.description = "**Why:** " + pick(g, roles) + "s ask for " + f.title + ".\n\n" +
				"- " + c[0] + "\n- " + c[1] + "\n\n" +
				"See [the discovery notes](https://example.com/notes/" + f.id + ")."
		}
		if g.c.LongDescriptions > 0 {
			f.description = g.longDescription(f)
		}
		g.features[i] = f
	}
}

// makeReleases groups consecutive sprints into releases and pulls into each
// release a little more than its sprints can deliver.
func (g *gen) makeReleases() {
	nr := g.c.Releases
	if nr == 0 {
		return
	}
	g.releases = make([]*release, nr)
	for i := range nr {
		g.releases[i] = &release{}
	}
	for k, s := range g.sprints {
		r := g.releases[k*nr/len(g.sprints)]
		s.rel = r
		r.sprints = append(r.sprints, s)
	}
	perYear := map[int]int{}
	for _, r := range g.releases {
		r.start = r.sprints[0].start
		r.date = r.sprints[len(r.sprints)-1].end
		y := r.start.year()
		perYear[y]++
		r.id = strconv.Itoa(y) + "." + strconv.Itoa(perYear[y])
		r.name = "Release " + r.id
		r.description = "Release **" + r.id + "**: " + strconv.Itoa(len(r.sprints)) + " sprints ending " + r.date.String() + "."
	}
	pool := g.r.Perm(len(g.features))
	next := 0
	for _, r := range g.releases {
		stories := float64(len(r.sprints) * g.c.StoriesPerSprint)
		want := int(math.Ceil(stories/2.5*1.2)) + 1
		for ; want > 0 && next < len(pool); next++ {
			f := g.features[pool[next]]
			if f.status == "done" {
				continue
			}
			f.release = r
			f.toWrite = 1 + g.r.IntN(4)
			r.features = append(r.features, f)
			want--
		}
	}
}

// nextFeature names the feature of a new story: the release's features are
// worked on in their rank order.
func (g *gen) nextFeature(r *release) *feature {
	if r == nil || g.chance(0.05) {
		return nil
	}
	for r.cursor < len(r.features) {
		f := r.features[r.cursor]
		if f.status == "dropped" || f.toWrite == 0 {
			r.cursor++
			continue
		}
		f.toWrite--
		return f
	}
	return nil
}

func (g *gen) newStory(s *sprint) *story {
	g.stories++
	st := &story{id: "ST-" + strconv.Itoa(g.stories), est: fib[g.r.IntN(6)], priority: "medium"}
	st.feat = g.nextFeature(s.rel)
	switch {
	case g.chance(0.01):
		st.title = pick(g, odd)
	case st.feat != nil:
		st.title = "As " + article(pick(g, roles)) + " I can " + pick(g, actions) + " " + pick(g, things) + " (" + st.feat.title + ")"
	default:
		st.title = "As " + article(pick(g, roles)) + " I can " + pick(g, actions) + " " + pick(g, things)
	}
	switch u := g.r.Float64(); {
	case u < 0.1:
		st.priority = "critical"
	case u < 0.35:
		st.priority = "high"
	case u < 0.8:
		st.priority = "medium"
	default:
		st.priority = "low"
	}
	st.sayPriority = st.priority != "medium" || g.chance(0.5)
	return st
}

type outcome int

const (
	open outcome = iota
	finished
	dropped
)

// simulate declares the sprint's stories and writes its log. A closed
// sprint's log covers all its working days, the active sprint's stops at
// as_of, and a planned sprint has none.
func (g *gen) simulate(s *sprint) {
	var prev *sprint
	if s.n >= 2 {
		prev = g.sprints[s.n-2]
	}
	limit := len(s.days) // working days whose events are kept
	switch {
	case s.start > g.asOf:
		limit = 0
	case s.end > g.asOf:
		limit = 0
		for limit < len(s.days) && s.days[limit] <= g.asOf {
			limit++
		}
	}
	s.log = make([]*entry, len(s.days))
	ev := func(i int) *entry {
		if s.log[i] == nil {
			s.log[i] = &entry{}
		}
		return s.log[i]
	}
	closed := s.end <= g.asOf

	var carried []*story
	if prev != nil {
		carried = prev.carry
	}
	for _, st := range carried {
		s.decls = append(s.decls, decl{s: st, est: st.est})
	}
	fresh := max(g.c.StoriesPerSprint-len(carried), (g.c.StoriesPerSprint+1)/2)
	var committedSum float64
	for range fresh {
		if limit > 0 && len(s.days) >= 2 && g.chance(0.1) {
			// Scope added mid-sprint; not known yet if after as_of.
			a := 1 + g.r.IntN(len(s.days)-1)
			if a >= limit {
				continue
			}
			st := g.newStory(s)
			s.decls = append(s.decls, decl{s: st, est: st.est, added: true, at: a})
			ev(a).added = append(ev(a).added, st.id)
			continue
		}
		st := g.newStory(s)
		s.decls = append(s.decls, decl{s: st, est: st.est})
	}
	for _, d := range s.decls {
		if !d.added {
			committedSum += d.est
		}
	}
	for _, d := range s.decls {
		out := g.fate(s, d.s, d.at, limit, ev)
		if closed && out == open && s.n < len(g.sprints) && g.sprints[s.n].start <= g.asOf {
			// Declared again in the next sprint with what is left.
			if d.s.started {
				d.s.est = max(0.5, math.Round(d.s.est*(0.3+0.5*g.r.Float64())*2)/2)
			}
			s.carry = append(s.carry, d.s)
		}
	}
	if len(s.days) > 0 && limit > 0 && g.chance(0.3) {
		ev(g.r.IntN(limit)).note = pick(g, notes)
	}
	if g.chance(0.7) {
		s.hasCap = true
		s.capacity = math.Round(committedSum * (0.85 + 0.3*g.r.Float64()))
	}
	s.goal = "Keep the lights on"
	for _, d := range s.decls {
		if d.s.feat != nil {
			s.goal = "Deliver " + d.s.feat.title
			break
		}
	}
}

// fate decides what happens to one story in its sprint, from working day lo
// on, and logs the events dated before limit. Days are drawn over the whole
// sprint and then cut at limit, so the active sprint looks like a closed one
// stopped half-way.
func (g *gen) fate(s *sprint, st *story, lo, limit int, ev func(int) *entry) outcome {
	n := len(s.days)
	if lo >= n || limit == 0 {
		return open
	}
	span := n - lo
	started := func(i int) {
		if !st.started && i < limit {
			ev(i).started = append(ev(i).started, st.id)
			st.started = true
		}
	}
	reestimate := func(from, to int) { // a day in [from, to]
		i := from + g.r.IntN(to-from+1)
		if i >= limit {
			return
		}
		k := 0
		for k < len(fib)-1 && fib[k] < st.est {
			k++
		}
		if k > 0 && g.chance(0.4) {
			k--
		} else if k < len(fib)-1 {
			k++
		}
		st.est = fib[k]
		ev(i).estimates = append(ev(i).estimates, reest{st.id, st.est})
	}
	switch u := g.r.Float64(); {
	case u < 0.03:
		r := lo + g.r.IntN(span)
		if g.chance(0.3) {
			started(lo + g.r.IntN(r-lo+1))
		}
		if r >= limit {
			return open
		}
		ev(r).removed = append(ev(r).removed, st.id)
		return dropped
	case u < 0.88:
		// The later of two days: most work finishes late in a sprint.
		d := lo + max(g.r.IntN(span), g.r.IntN(span))
		started(lo + g.r.IntN(d-lo+1))
		if g.chance(0.08) {
			reestimate(lo, d)
		}
		if d >= limit {
			return open
		}
		ev(d).done = append(ev(d).done, st.id)
		if d <= n-3 && g.chance(0.04) {
			// Reopened on a later day and done again later still: on one
			// day done would apply before reopened.
			r := d + 1 + g.r.IntN(n-2-d)
			f := r + 1 + g.r.IntN(n-1-r)
			if r >= limit {
				return finished
			}
			ev(r).reopened = append(ev(r).reopened, st.id)
			if f >= limit {
				return open
			}
			ev(f).done = append(ev(f).done, st.id)
		}
		return finished
	default:
		if g.chance(0.6) {
			started(lo + g.r.IntN(span))
		}
		if g.chance(0.15) {
			reestimate(lo, n-1)
		}
		return open
	}
}

// sizeReleases sets each release's capacity a little below its scope so that
// the last features fall over the cut line.
func (g *gen) sizeReleases() {
	// A story's current estimate is that of its latest declaration.
	last := map[*story]bool{}
	for _, f := range g.features {
		if f.release == nil && f.status != "dropped" {
			f.size = f.estimate
		}
	}
	for i := len(g.sprints) - 1; i >= 0; i-- {
		for _, d := range g.sprints[i].decls {
			if d.s.feat == nil || last[d.s] {
				continue
			}
			last[d.s] = true
			d.s.feat.size += d.s.est
		}
	}
	has := map[*feature]bool{}
	for st := range last {
		has[st.feat] = true
	}
	for _, r := range g.releases {
		scope := 0.0
		for _, f := range r.features {
			switch {
			case f.status == "dropped":
				f.size = 0
			case !has[f]:
				f.size = f.estimate
			}
			scope += f.size
		}
		r.capacity = max(1, math.Floor(scope*(0.8+0.12*g.r.Float64())))
	}
}

// rankFeatures ranks the features of releases not yet shipped, in release
// order, and then a random few of the unscheduled backlog: a fifth in all.
func (g *gen) rankFeatures() {
	want := len(g.features) / 5
	rank := 0
	for _, r := range g.releases {
		if r.date < g.asOf {
			continue
		}
		for _, f := range r.features {
			if rank < want && f.status == "" {
				rank++
				f.rank = rank
			}
		}
	}
	for _, i := range g.r.Perm(len(g.features)) {
		if rank >= want {
			break
		}
		if f := g.features[i]; f.release == nil && f.status == "" {
			rank++
			f.rank = rank
		}
	}
}

// longDescription writes a description of n sections in the Markdown
// people paste into tickets: headings, emphasis, links, lists, code and
// tables, so that Markdown rendering weighs as it does on such backlogs.
func (g *gen) longDescription(f *feature) string {
	var b strings.Builder
	b.WriteString("**Why:** " + pick(g, roles) + "s ask for " + f.title + ".\n")
	for i := range g.c.LongDescriptions {
		b.WriteString("\n## " + pick(g, []string{"Context", "Problem", "Proposal", "Risks", "Notes"}) + " " + strconv.Itoa(i+1) + "\n\n")
		b.WriteString("As " + article(pick(g, roles)) + " I want to " + pick(g, actions) + " " + pick(g, things) +
			" so that *" + strings.ToLower(pick(g, criteria)) + "*. Today this takes `" + pick(g, objects) +
			"` several steps; see [the research](https://example.com/research/" + f.id + "/" + strconv.Itoa(i) +
			") and the _support tickets_ linked there. " + pick(g, notes) + ".\n\n")
		for _, c := range g.distinct(criteria, 3) {
			b.WriteString("- " + c + "\n")
		}
		switch i % 3 {
		case 0:
			b.WriteString("\n```\nGET /api/" + pick(g, objects) + "?id=" + f.id + "\n```\n")
		case 1:
			b.WriteString("\n| Step | Today | Target |\n|---|---|---|\n")
			for k := range 3 {
				b.WriteString("| " + strconv.Itoa(k+1) + " | " + strconv.Itoa(2+g.r.IntN(9)) + " clicks | 1 click |\n")
			}
		default:
			b.WriteString("\n1. " + pick(g, actions) + " " + pick(g, things) + "\n2. " + pick(g, actions) + " " + pick(g, things) + "\n\n> " + pick(g, notes) + ".\n")
		}
	}
	return b.String()
}
