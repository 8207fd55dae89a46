package jira

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/backlogsite/backlogsite/internal/importer/importertest"
)

// This file writes testdata/import/jira at the repository root: the export
// of a made-up team ("Harbour", a ferry booking app) over a year of
// two-week sprints, with what real exports have: carried-over stories,
// bugs added mid-sprint, sub-tasks, won't-do resolutions, issues without
// points, multi-line wiki-markup descriptions with commas and quotes,
// Nordic place names, a BOM and CRLF line ends. TestFixture keeps the
// committed files equal to what it writes.

// gIssue is one issue of the made-up export.
type gIssue struct {
	typ, summary, description, priority, status, category, resolution string
	created, resolved, changed, updated                               time.Time
	points                                                            float64
	hasPoints                                                         bool
	sprints                                                           []int
	epic, parent                                                      *gIssue
	labels, components, versions                                      []string
	rank                                                              int
	assignee                                                          string
	key                                                               string
	id                                                                int
}

type gSprint struct {
	n                 int
	start, end, close time.Time
	goal              string
	state             string
}

type gVersion struct {
	name, description string
	start, release    time.Time
	released          bool
}

type jiraGen struct {
	r        *rand.Rand
	asOf     time.Time
	versions []gVersion
	sprints  []gSprint
	issues   []*gIssue
	epics    []*gIssue
}

// gStart() is the first day of the first sprint.
func gStart() time.Time { return time.Date(2025, time.June, 2, 8, 30, 0, 0, time.UTC) }

func routes() []string {
	return []string{"Ærøskøbing–Svendborg", "Helsingør–Helsingborg", "Fåborg–Søby", "Göteborg–Frederikshavn", "Rødby–Puttgarden", "Tårs–Spodsbjerg", "Køge–Rønne", "Hundested–Grenaa"}
}

func people() []string {
	return []string{"Åsa Lindqvist", "Jørgen Møller", "Nanna Østergaard", "Chloé Martin", "Tomás Ruiz", "Priya Natarajan", "Mikkel Brandt", "Zoë Fischer"}
}

func personas() []string {
	return []string{"foot passenger", "driver with a car", "commuter", "family", "harbour agent", "operator", "cyclist", "accessibility user"}
}

func labelSet() []string {
	return []string{"mobile", "web", "accessibility", "performance", "security", "i18n", "quick-win", "customer-request"}
}

// epicNames(): component, then the epics of each release in rank order.
func epicNames() []struct{ component, title string } {
	return []struct{ component, title string }{
		{"Booking", "Timetable search across all routes"}, {"Payments", "Card payments with 3-D Secure"}, {"Tickets", "Mobile boarding pass"},
		{"Accounts", "Sign in with Apple and Google"}, {"Booking", "Vehicle booking with length and height"}, {"Operator console", "Departure manifest for crews"},
		{"Payments", "MobilePay and Vipps"}, {"Booking", "Round trips and open returns"}, {"Tickets", "Wallet passes for iOS and Android"},
		{"Platform", "Move booking API to the new cluster"}, {"Accounts", "Family accounts"}, {"Operator console", "Cancel a departure, notify everyone"},
		{"Booking", "Seat and cabin maps"}, {"Booking", "Multi-leg journeys, one ticket"}, {"Payments", "Refunds without a phone call"},
		{"Tickets", "Commuter passes: 10 and 40 trips"}, {"Accounts", "Saved vehicles and passengers"}, {"Operator console", "Live capacity per departure"},
		{"Platform", "Accessibility audit fixes (WCAG 2.2 AA)"}, {"Booking", "Waiting list for full departures"}, {"Payments", "Invoices for business customers"},
		{"Tickets", "Offline boarding at the ramp"}, {"Booking", "Pets, bikes and kayaks on board"}, {"Operator console", "Weather delays and rebooking"},
		{"Platform", "German and Swedish translations"}, {"Accounts", "Delete my account (GDPR)"}, {"Booking", "Group bookings for schools"},
		{"Payments", "Gift cards"}, {"Tickets", "Check-in by licence plate"}, {"Operator console", "Crew rota export"},
		{"Booking", "Price calendar: cheapest day to travel"}, {"Platform", "Status page and incident banner"}, {"Accounts", "Loyalty points"},
		{"Tickets", "Apple Watch boarding pass"}, {"Booking", "Island resident discounts"}, {"Payments", "Split payment between cards"},
		{"Operator console", "Harbour agent app for tablets"}, {"Platform", "Search results under 300 ms"}, {"Booking", "Trip reminders, 24 h before"},
		{"Accounts", "Business accounts with several travellers"}, {"Tickets", "Print-at-home tickets (A4 and letter)"}, {"Booking", "Car charging spot booking"},
	}
}

// epicsPer() is how many epics each version holds, in order; the rest are
// not scheduled.
func epicsPer() []int { return []int{6, 7, 7, 8, 7} }

func newJiraGen() *jiraGen {
	g := &jiraGen{r: rand.New(rand.NewPCG(2026, 16)), asOf: time.Date(2026, time.April, 15, 15, 42, 0, 0, time.UTC)}
	for i, v := range []struct {
		name, desc string
		released   bool
	}{
		{"2025.3", "Summer timetable: search and pay on the phone.", true},
		{"2025.4", "Autumn: boarding passes in the wallet, MobilePay.", true},
		{"2026.1", "Winter: accounts for families and the crew manifest.", true},
		{"2026.2", "Spring: waiting lists, refunds, offline boarding.", false},
		{"2026.3", "Summer 2026: groups, gift cards, check-in by plate.", false},
	} {
		start := gStart().AddDate(0, 0, 84*i)
		g.versions = append(g.versions, gVersion{v.name, v.desc, start, start.AddDate(0, 0, 81), v.released})
	}
	return g
}

func (g *jiraGen) pick(s []string) string { return s[g.r.IntN(len(s))] }

// past keeps a time before the export was made.
func (g *jiraGen) past(t time.Time) time.Time {
	if t.Before(g.asOf) {
		return t
	}
	return g.asOf.Add(-time.Duration(1+g.r.IntN(6)) * time.Hour)
}

// day is a working day at office hours, days after t.
func (g *jiraGen) day(t time.Time, days int) time.Time {
	d := t.AddDate(0, 0, days)
	for d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		d = d.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), 8+g.r.IntN(9), g.r.IntN(60), 0, 0, time.UTC)
}

func (g *jiraGen) makeSprints() {
	goals := []string{"Search works for every route", "Pay, then board", "Nothing blocks the ramp", "Ship the release candidate", "Fix what support sees most", ""}
	for n := 1; n <= 25; n++ {
		s := gSprint{n: n, start: gStart().AddDate(0, 0, 14*(n-1)), goal: goals[(n*7)%len(goals)]}
		s.end = s.start.AddDate(0, 0, 11).Add(8 * time.Hour)
		switch {
		case s.end.Before(g.asOf):
			s.state = "closed"
			s.close = s.end.Add(time.Duration(g.r.IntN(3)) * 24 * time.Hour / 2) // Friday, or the Monday after
		case s.start.Before(g.asOf):
			s.state = "active"
		default:
			s.state = "future"
		}
		g.sprints = append(g.sprints, s)
	}
}

func (g *jiraGen) makeEpics() {
	e := 0
	for v, count := range append(slices.Clone(epicsPer()), len(epicNames())-36) {
		for range count {
			name := epicNames()[e]
			epic := &gIssue{typ: "Epic", summary: name.title, components: []string{name.component}, priority: g.pick([]string{"High", "Medium", "Medium", "Highest", "Low"}), rank: e + 1}
			start := gStart().AddDate(0, 0, 84*min(v, 4))
			epic.created = g.day(start, -21-g.r.IntN(30))
			if v < len(epicsPer()) && g.r.IntN(4) > 0 {
				epic.versions = []string{g.versions[v].name}
			}
			epic.description = g.epicText(epic, v)
			epic.labels = g.labels(2)
			g.epics = append(g.epics, epic)
			g.issues = append(g.issues, epic)
			g.makeStories(epic, v)
			e++
		}
	}
}

func (g *jiraGen) labels(n int) []string {
	var out []string
	for range g.r.IntN(n + 1) {
		if l := g.pick(labelSet()); !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

func (g *jiraGen) epicText(e *gIssue, v int) string {
	route := g.pick(routes())
	return fmt.Sprintf("h3. Why\nPassengers on %s asked for this more than anything else in the %s survey, \"by far\" in their words.\n\n"+
		"h3. Scope\n* %s, end to end\n* Works on iOS, Android and the web\n* Crew tools updated where needed\n\n_Owner: %s_",
		route, []string{"spring", "summer", "autumn", "winter", "spring", "summer"}[v], e.summary, g.pick(people()))
}

func storyActions() []string {
	return []string{
		"see %s departures for the next 14 days", "filter %s departures by vehicle space", "pay for %s with a saved card",
		"get a receipt for %s by e-mail, with VAT", "change the time of a %s booking, free of charge", "show a boarding pass for %s without signal",
		"add a trailer to a %s booking", "see \"Sold out\" on full %s departures, not an error", "book %s for two adults, one child and a dog",
		"get a push message when %s is delayed", "cancel %s and get the money back", "see the price of %s before choosing a seat",
	}
}

func (g *jiraGen) makeStories(epic *gIssue, v int) {
	n := 6 + g.r.IntN(7)
	for i := range n {
		st := &gIssue{typ: "Story", epic: epic, components: epic.components, priority: g.pick([]string{"Medium", "Medium", "High", "Low", "Highest"})}
		if i%4 == 3 {
			st.typ = "Task"
			st.summary = fmt.Sprintf("%s: %s", epic.summary, g.pick([]string{"API contract", "load test", "feature flag and rollout", "analytics events", "migration script", "crew training notes"}))
		} else {
			persona := g.pick(personas())
			st.summary = fmt.Sprintf("As %s %s I can "+g.pick(storyActions()), article(persona), persona, g.pick(routes()))
		}
		st.points = []float64{1, 2, 3, 3, 5, 5, 8, 13, 0.5}[g.r.IntN(9)]
		st.hasPoints = g.r.IntN(12) > 0
		st.created = g.past(g.day(epic.created, 1+g.r.IntN(20)))
		if g.r.IntN(3) > 0 {
			st.description = fmt.Sprintf("h3. Acceptance criteria\n* Works for %s, including the last departure of the day\n* Amounts in DKK, SEK and EUR, shown as 1.234,50 kr.\n* Error text reviewed by %s\n\n{quote}\"Why can't I just do this on my phone?\" — a passenger in %s{quote}",
				g.pick(routes()), g.pick(people()), g.pick(routes()))
		}
		if v < len(epicsPer()) && len(epic.versions) == 0 && g.r.IntN(5) > 0 {
			st.versions = []string{g.versions[v].name}
		}
		st.labels = g.labels(1)
		g.issues = append(g.issues, st)
	}
}

// plan runs the sprints: each takes the stories it carried over, then the
// next ones of the backlog until the team's capacity for it is reached.
func (g *jiraGen) plan() {
	var queue []*gIssue
	for _, is := range g.issues {
		if is.typ != "Epic" {
			queue = append(queue, is)
		}
	}
	g.dropSome(queue)
	var carry []*gIssue
	for i := range g.sprints {
		s := &g.sprints[i]
		if s.n == 25 {
			break
		}
		load := 0.0
		taken := slices.Clone(carry)
		for _, st := range carry {
			load += st.points
		}
		capacity := float64(30 + g.r.IntN(10))
		for len(queue) > 0 && load < capacity {
			st := queue[0]
			queue = queue[1:]
			if st.status != "" {
				continue // resolved before any sprint took it
			}
			taken = append(taken, st)
			load += st.points
		}
		carry = carry[:0]
		for _, st := range taken {
			st.sprints = append(st.sprints, s.n)
			if !g.outcome(st, s) {
				carry = append(carry, st)
			}
		}
	}
}

// outcome decides what became of a story in a sprint; false when it is not
// done at the sprint's end.
func (g *jiraGen) outcome(st *gIssue, s *gSprint) bool {
	switch s.state {
	case "closed":
		if g.r.IntN(100) < 84 {
			g.resolve(st, g.day(s.start, g.r.IntN(12)), "Done")
			return true
		}
		st.changed = g.day(s.start, g.r.IntN(5))
	case "active":
		switch d := g.day(s.start, g.r.IntN(12)); {
		case d.Before(g.asOf) && g.r.IntN(2) == 0:
			g.resolve(st, d, "Done")
			return true
		case g.r.IntN(2) == 0:
			st.changed = g.day(s.start, g.r.IntN(4))
		}
	}
	return false
}

func (g *jiraGen) resolve(is *gIssue, when time.Time, resolution string) {
	if when.Before(is.created) {
		when = is.created.Add(3 * time.Hour)
	}
	when = g.past(when)
	is.resolved, is.resolution, is.changed = when, resolution, when
	is.status = "Done"
}

// dropSome resolves a few stories as won't do, and a few as done outside
// any sprint (a fix someone made on the side).
func (g *jiraGen) dropSome(queue []*gIssue) {
	for i, st := range queue {
		switch {
		case i%41 == 7:
			g.resolve(st, g.day(st.created, 10+g.r.IntN(30)), "Won't Do")
		case i%67 == 11:
			g.resolve(st, g.day(st.created, 3+g.r.IntN(10)), "Done")
		}
	}
}

// makeBugs adds bugs reported along the year: most go into the running
// sprint the day they are reported, some wait for the next one, some stay
// in the backlog.
func (g *jiraGen) makeBugs() {
	for i := range 95 {
		created := g.past(g.day(gStart(), g.r.IntN(int(g.asOf.Sub(gStart()).Hours()/24)-1)))
		b := &gIssue{typ: "Bug", created: created, priority: g.pick([]string{"High", "Highest", "Medium", "High", "Low"}),
			summary: fmt.Sprintf(g.pick([]string{"Crash when opening %s departures", "Wrong price for %s, children charged as adults", "Boarding pass for %s shows yesterday's date", "\"Payment failed\" although the card was charged (%s)", "Timetable for %s is empty after 22:00"}), g.pick(routes())),
			labels:  g.labels(1)}
		b.components = []string{g.pick([]string{"Booking", "Payments", "Tickets", "Accounts"})}
		if g.r.IntN(2) == 0 {
			b.points, b.hasPoints = float64(1+g.r.IntN(3)), true
		}
		if g.r.IntN(5) < 2 {
			b.epic = g.epics[min(len(g.epics)-1, int(created.Sub(gStart()).Hours()/24/84)*7+g.r.IntN(6))]
		}
		if i%3 == 0 {
			b.description = fmt.Sprintf("Steps:\n# Open the app on %s\n# Search %s\n# Tap the first departure\n\nExpected: the departure, Actual: a spinner, then \"Something went wrong\".", g.pick([]string{"iOS 18.4", "Android 15", "Safari"}), g.pick(routes()))
		}
		g.issues = append(g.issues, b)
		g.bugOutcome(b, i)
	}
}

func (g *jiraGen) bugOutcome(b *gIssue, i int) {
	s := g.sprintAt(b.created)
	switch {
	case i%4 == 3 || s == nil:
		return // waits in the backlog
	case i%4 == 2 && s.n < 24:
		s = &g.sprints[s.n] // the next sprint
	}
	b.sprints = []int{s.n}
	switch done := g.day(b.created, g.r.IntN(4)); {
	case s.state == "future":
	case done.Before(s.end) && done.Before(g.asOf) && g.r.IntN(5) > 0:
		g.resolve(b, done, "Done")
	case s.state == "closed" && s.n < 24:
		b.sprints = append(b.sprints, s.n+1)
		if g.sprints[s.n].state == "closed" {
			g.resolve(b, g.day(g.sprints[s.n].start, g.r.IntN(8)), "Done")
		}
	}
}

func (g *jiraGen) sprintAt(t time.Time) *gSprint {
	for i := range g.sprints {
		if s := &g.sprints[i]; !t.Before(s.start) && t.Before(s.start.AddDate(0, 0, 14)) {
			return s
		}
	}
	return nil
}

// makeSubtasks splits some sprint stories into sub-tasks, as teams do.
func (g *jiraGen) makeSubtasks() {
	var stories []*gIssue
	for _, is := range g.issues {
		if is.typ == "Story" && len(is.sprints) > 0 {
			stories = append(stories, is)
		}
	}
	for i := range 46 {
		p := stories[(i*37)%len(stories)]
		st := &gIssue{typ: "Sub-task", parent: p, summary: g.pick([]string{"Backend", "iOS", "Android", "QA", "Copy review"}) + ": " + p.summary,
			priority: "Medium", created: p.created.Add(26 * time.Hour), sprints: p.sprints, components: p.components}
		if p.status == "Done" {
			g.resolve(st, p.resolved.Add(-time.Duration(g.r.IntN(20))*time.Hour), "Done")
		}
		g.issues = append(g.issues, st)
	}
}

// finishEpics gives each epic the state of its stories: one epic was
// given up on, with the work left in it.
func (g *jiraGen) finishEpics() {
	for i, e := range g.epics {
		var done, open int
		var last time.Time
		for _, is := range g.issues {
			if is.epic != e || is.typ == "Bug" || is.resolution == "Won't Do" {
				continue
			}
			if i == 33 && is.status == "" {
				g.resolve(is, time.Date(2026, time.March, 3, 10, 0, 0, 0, time.UTC), "Won't Do")
				continue
			}
			if is.status == "Done" {
				done++
				last = maxTime(last, is.resolved)
			} else {
				open++
			}
		}
		switch {
		case i == 33:
			g.resolve(e, time.Date(2026, time.March, 3, 10, 5, 0, 0, time.UTC), "Won't Do")
		case open == 0 && done > 0:
			g.resolve(e, last.Add(2*time.Hour), "Done")
		case done > 0:
			e.status, e.changed = "In Progress", e.created.AddDate(0, 0, 20)
		}
	}
}

func article(noun string) string {
	if strings.ContainsRune("aeiou", rune(noun[0])) {
		return "an"
	}
	return "a"
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// number gives keys in creation order, as Jira does, and fills in what
// follows from the rest: statuses, update times, assignees.
func (g *jiraGen) number() {
	slices.SortStableFunc(g.issues, func(a, b *gIssue) int { return a.created.Compare(b.created) })
	for i, is := range g.issues {
		is.key, is.id = fmt.Sprintf("HBR-%d", i+1), 10000+i+1
		is.assignee = people()[(i*5)%len(people())]
		switch {
		case is.status == "Done" && is.resolution == "Won't Do":
			is.status, is.category = "Closed", "Done"
		case is.status == "Done":
			is.category = "Done"
		case is.status == "In Progress" || !is.changed.IsZero():
			is.status, is.category = g.pick([]string{"In Progress", "In Review"}), "In Progress"
		case len(is.sprints) > 0:
			is.status, is.category = "Selected for Development", "To Do"
		default:
			is.status, is.category = "Backlog", "To Do"
		}
		is.updated = maxTime(is.created, maxTime(is.resolved, is.changed)).Add(time.Duration(1+g.r.IntN(48)) * time.Hour)
		if is.updated.After(g.asOf) || i%97 == 5 {
			is.updated = g.asOf.Add(-time.Duration(g.r.IntN(5)) * time.Hour)
		}
	}
	order := slices.Clone(g.issues)
	slices.SortStableFunc(order, func(a, b *gIssue) int {
		return strings.Compare(fmt.Sprintf("%03d", a.backlogRank()), fmt.Sprintf("%03d", b.backlogRank()))
	})
	for i, is := range order {
		is.rank = i + 1
	}
}

// backlogRank orders the backlog as the team did: by epic, epics by rank.
func (is *gIssue) backlogRank() int {
	switch {
	case is.typ == "Epic":
		return is.rank
	case is.epic != nil:
		return is.epic.rank
	case is.parent != nil:
		return is.parent.backlogRank()
	}
	return 500
}

const jiraTime = "02/Jan/06 3:04 PM"

func jiraDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(jiraTime)
}

// issuesCSV writes the export as Jira does: repeated columns for the
// values of one field, a BOM, CRLF line ends.
func (g *jiraGen) issuesCSV() []byte {
	width := func(f func(*gIssue) int) int {
		n := 1
		for _, is := range g.issues {
			n = max(n, f(is))
		}
		return n
	}
	nSprint, nLabel := width(func(is *gIssue) int { return len(is.sprints) }), width(func(is *gIssue) int { return len(is.labels) })
	header := []string{"Summary", "Issue key", "Issue id", "Parent id", "Issue Type", "Status", "Project key", "Project name", "Project type",
		"Priority", "Resolution", "Assignee", "Reporter", "Created", "Updated", "Last Viewed", "Resolved", "Fix Version/s", "Component/s"}
	header = append(header, repeat("Labels", nLabel)...)
	header = append(header, "Description")
	header = append(header, repeat("Sprint", nSprint)...)
	header = append(header, "Custom field (Story point estimate)", "Custom field (Rank)", "Parent summary", "Status Category", "Status Category Changed")
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	w.Write(header)
	for _, is := range g.issues {
		w.Write(g.record(is, nLabel, nSprint))
	}
	w.Flush()
	return buf.Bytes()
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func pad(values []string, n int) []string {
	return append(slices.Clone(values), make([]string, n-len(values))...)
}

func (g *jiraGen) record(is *gIssue, nLabel, nSprint int) []string {
	parentID, parentSummary := "", ""
	if p := cmpIssue(is.parent, is.epic); p != nil {
		parentID, parentSummary = strconv.Itoa(p.id), p.summary
	}
	points := ""
	if is.hasPoints {
		points = strconv.FormatFloat(is.points, 'f', -1, 64)
	}
	var sprints []string
	for _, n := range is.sprints {
		sprints = append(sprints, fmt.Sprintf("HBR Sprint %d", n))
	}
	rec := []string{is.summary, is.key, strconv.Itoa(is.id), parentID, is.typ, is.status, "HBR", "Harbour", "software",
		is.priority, is.resolution, is.assignee, people()[is.id%len(people())], jiraDate(is.created), jiraDate(is.updated), "", jiraDate(is.resolved),
		strings.Join(is.versions, ""), strings.Join(is.components, "")}
	rec = append(rec, pad(is.labels, nLabel)...)
	rec = append(rec, is.description)
	rec = append(rec, pad(sprints, nSprint)...)
	return append(rec, points, fmt.Sprintf("0|i%05s:", strconv.FormatInt(int64(is.rank), 36)), parentSummary, is.category, jiraDate(is.changed))
}

func cmpIssue(a, b *gIssue) *gIssue {
	if a != nil {
		return a
	}
	return b
}

func isoTime(t time.Time) string { return t.Format("2006-01-02T15:04:05.000Z") }

// sprintsJSON is the board's sprints, with a sprint of another team that
// shares the board and a future sprint nobody dated yet.
func (g *jiraGen) sprintsJSON() []byte {
	var values []map[string]any
	for _, s := range g.sprints {
		v := map[string]any{"id": 100 + s.n, "self": fmt.Sprintf("https://harbour.atlassian.net/rest/agile/1.0/sprint/%d", 100+s.n),
			"state": s.state, "name": fmt.Sprintf("HBR Sprint %d", s.n), "originBoardId": 12, "goal": s.goal}
		if s.n < 25 {
			v["startDate"], v["endDate"] = isoTime(s.start), isoTime(s.end)
		}
		if s.state == "closed" {
			v["completeDate"] = isoTime(s.close)
		}
		values = append(values, v)
	}
	values = append(values, map[string]any{"id": 90, "state": "closed", "name": "OPS Sprint 4", "startDate": "2025-09-01T08:00:00.000Z",
		"endDate": "2025-09-12T16:00:00.000Z", "completeDate": "2025-09-12T16:10:00.000Z", "originBoardId": 12, "goal": "Ops work"})
	return importertest.JSON(map[string]any{"maxResults": 50, "startAt": 0, "isLast": true, "values": values})
}

func (g *jiraGen) versionsJSON() []byte {
	values := []map[string]any{{"self": "https://harbour.atlassian.net/rest/api/3/version/10100", "id": "10100", "name": "2025.2",
		"archived": true, "released": true, "releaseDate": "2025-05-23", "userReleaseDate": "23/May/25", "overdue": false, "projectId": 10001}}
	for i, v := range g.versions {
		values = append(values, map[string]any{"self": fmt.Sprintf("https://harbour.atlassian.net/rest/api/3/version/%d", 10101+i), "id": strconv.Itoa(10101 + i),
			"description": v.description, "name": v.name, "archived": false, "released": v.released,
			"startDate": v.start.Format("2006-01-02"), "releaseDate": v.release.Format("2006-01-02"),
			"userStartDate": v.start.Format("2/Jan/06"), "userReleaseDate": v.release.Format("2/Jan/06"),
			"overdue": !v.released && v.release.Before(g.asOf), "projectId": 10001})
	}
	values = append(values, map[string]any{"self": "https://harbour.atlassian.net/rest/api/3/version/10106", "id": "10106",
		"description": "Ideas for the autumn", "name": "2026.4", "archived": false, "released": false, "overdue": false, "projectId": 10001})
	return importertest.JSON(values)
}

// generateJira is the whole made-up export: file name → content.
func generateJira() map[string][]byte {
	g := newJiraGen()
	g.makeSprints()
	g.makeEpics()
	g.plan()
	g.makeBugs()
	g.makeSubtasks()
	g.finishEpics()
	g.number()
	return map[string][]byte{"issues.csv": g.issuesCSV(), "sprints.json": g.sprintsJSON(), "versions.json": g.versionsJSON()}
}
