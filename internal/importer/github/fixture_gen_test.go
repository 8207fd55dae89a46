package github

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/importer"
	"github.com/backlogsite/backlogsite/internal/importer/importertest"
)

// This file writes testdata/import/github at the repository root: what
// `gh issue list` and `gh api .../milestones` print for a made-up web team
// over a year, with epics tracking their issues in task lists, points,
// priority and kind labels, issues closed as not planned, some without
// points or milestone, and Markdown bodies with code and non-ASCII text.
// TestFixture, at the end, keeps the committed files equal to what it
// writes.

type ghMilestone struct {
	number             int
	title, description string
	created, due       time.Time
	closed             time.Time
}

type ghIssue struct {
	number              int
	title, body, reason string
	labels              []string
	milestone           *ghMilestone
	created, closedAt   time.Time
	children            []int
}

type ghGen struct {
	r          *rand.Rand
	asOf       time.Time
	milestones []*ghMilestone
	issues     []*ghIssue
}

func (g *ghGen) pick(s []string) string { return s[g.r.IntN(len(s))] }

func newGHGen() *ghGen {
	g := &ghGen{r: rand.New(rand.NewPCG(2026, 17)), asOf: time.Date(2026, time.April, 15, 14, 0, 0, 0, time.UTC)}
	start := time.Date(2025, time.September, 1, 9, 12, 0, 0, time.UTC)
	for i, d := range []string{"Faster search", "Pay with a wallet", "Accessible checkout", "Offline tickets", "Group bookings"} {
		m := &ghMilestone{number: i + 1, title: fmt.Sprintf("v3.%d", 4+i), description: d,
			created: start.AddDate(0, 0, 56*i-10), due: start.AddDate(0, 0, 56*(i+1)-3).Add(-2 * time.Hour)}
		if m.due.Before(g.asOf) {
			m.closed = m.due.Add(30 * time.Hour)
		}
		g.milestones = append(g.milestones, m)
	}
	g.milestones = append(g.milestones, &ghMilestone{number: 6, title: "Someday", description: "Good ideas without a date.", created: start})
	return g
}

// makeIssues writes the issues of each milestone: an epic tracking most of
// them, and bugs around them.
func (g *ghGen) makeIssues() {
	titles := []string{"Search results load in under 300 ms", "Autocomplete for harbour names (Ærø, Fanø, Læsø)", "Pay with Apple Pay and Google Pay",
		"Keyboard navigation through the seat map", "Screen reader labels on the price calendar", "Download tickets for offline use",
		"Group booking form for schools", "Show \"Sold out\" instead of an empty list", "Remember the last route, per device",
		"Price breakdown, with fees and VAT", "Resend my ticket by e-mail", "Departure board for the harbour screen"}
	bugs := []string{"Timetable shows UTC instead of local time", "Checkout button hidden on small phones", "Wrong currency symbol for SEK (kr vs. €)",
		"Crash when the route name has an ø", "Tickets page blank in Safari 17", "Double charge after pressing Back"}
	n := 1
	for mi, m := range g.milestones {
		count := []int{34, 36, 38, 40, 30, 14}[mi]
		epic := &ghIssue{number: n, title: m.description + " (epic)", labels: []string{"epic"}, milestone: m, created: m.created.Add(3 * time.Hour)}
		n++
		g.issues = append(g.issues, epic)
		for i := range count {
			is := &ghIssue{number: n, milestone: m, created: g.before(m.created.Add(time.Duration(g.r.IntN(50*24)) * time.Hour))}
			n++
			if i%5 == 4 {
				is.title, is.labels = g.pick(bugs), []string{g.pick([]string{"bug", "type: bug"})}
			} else {
				is.title = g.pick(titles)
				epic.children = append(epic.children, is.number)
			}
			g.describe(is, epic, i)
			g.label(is, i)
			g.issues = append(g.issues, is)
		}
		epic.body = g.taskList(epic)
	}
}

func (g *ghGen) before(t time.Time) time.Time {
	if t.Before(g.asOf) {
		return t
	}
	return g.asOf.Add(-time.Duration(1+g.r.IntN(48)) * time.Hour)
}

func (g *ghGen) describe(is, epic *ghIssue, i int) {
	switch i % 3 {
	case 0:
		is.body = fmt.Sprintf("## What\n%s, for every route — including Helsingør–Helsingborg.\n\n## Done when\n- [ ] works on mobile\n- [ ] copy reviewed by Zoë\n\nPart of #%d", is.title, epic.number)
	case 1:
		is.body = "Steps to reproduce:\n\n```\nGET /api/v2/departures?from=Ærøskøbing&to=Svendborg\n```\n\nExpected a list, got `[]`, although \"the ferry runs\", says the harbour agent."
	}
	if i%7 == 6 {
		is.milestone = nil // never planned into a milestone
	}
}

func (g *ghGen) label(is *ghIssue, i int) {
	switch i % 10 {
	case 0, 1, 2, 3, 4, 5:
		is.labels = append(is.labels, fmt.Sprintf("size: %d", []int{1, 2, 3, 5, 8}[g.r.IntN(5)]))
	case 6, 7:
		is.labels = append(is.labels, fmt.Sprintf("points/%d", []int{1, 2, 3, 5}[g.r.IntN(4)]))
	case 8:
		is.labels = append(is.labels, fmt.Sprintf("%d points", 1+g.r.IntN(5)))
	}
	if p := g.r.IntN(6); p < 3 {
		is.labels = append(is.labels, []string{"priority: high", "P1", "priority: low"}[p])
	}
	if g.r.IntN(3) == 0 {
		is.labels = append(is.labels, g.pick([]string{"area: search", "area: checkout", "area: tickets", "area: accounts", "a11y", "good first issue"}))
	}
	if i%13 == 12 {
		is.labels = append(is.labels, "tech debt")
	}
}

func (g *ghGen) taskList(epic *ghIssue) string {
	var b strings.Builder
	b.WriteString("Tracks the work of this milestone.\n\n```[tasklist]\n### Tasks\n")
	for i, c := range epic.children {
		if i%3 != 0 { // the others say "Part of #N" themselves
			fmt.Fprintf(&b, "- [ ] #%d\n", c)
		}
	}
	b.WriteString("```\n")
	return b.String()
}

// close decides which issues are closed and when: most of a closed
// milestone's, half of the current one's, and now and then one as not
// planned.
func (g *ghGen) close() {
	for _, is := range g.issues {
		m := is.milestone
		var p int
		switch {
		case m == nil || m.due.IsZero():
			p = 10
		case !m.closed.IsZero():
			p = 95
		case m.due.Before(g.asOf.AddDate(0, 1, 0)):
			p = 50
		default:
			p = 10
		}
		if g.r.IntN(100) >= p || slices.Contains(is.labels, "epic") && (m == nil || m.closed.IsZero()) {
			continue
		}
		end := g.asOf
		if m != nil && !m.closed.IsZero() {
			end = m.due
		}
		span := max(int(end.Sub(is.created).Hours()), 2)
		is.closedAt = is.created.Add(time.Duration(1+g.r.IntN(span)) * time.Hour)
		is.reason = "COMPLETED"
		if is.number%17 == 5 {
			is.reason = "NOT_PLANNED"
		}
	}
}

func iso(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// issuesJSON is gh's output: newest issue first, keys in alphabetical
// order, labels with their id, description and colour.
func (g *ghGen) issuesJSON() []byte {
	colours := map[string]string{"bug": "d73a4a", "epic": "3e4b9e", "tech debt": "fbca04"}
	var out []map[string]any
	for _, is := range slices.Backward(g.issues) {
		labels := []map[string]any{}
		for _, l := range is.labels {
			labels = append(labels, map[string]any{"id": fmt.Sprintf("LA_kwDOHarbour%04d", len(l)*31+int(l[0])), "name": l, "description": "", "color": cmpStr(colours[l], "ededed")})
		}
		state, reason := "OPEN", ""
		if !is.closedAt.IsZero() {
			state, reason = "CLOSED", is.reason
		}
		v := map[string]any{"number": is.number, "title": is.title, "body": is.body, "state": state, "stateReason": reason,
			"labels": labels, "createdAt": iso(is.created), "closedAt": iso(is.closedAt), "milestone": nil}
		if m := is.milestone; m != nil {
			v["milestone"] = map[string]any{"number": m.number, "title": m.title, "description": m.description, "dueOn": iso(m.due)}
		}
		out = append(out, v)
	}
	return importertest.JSON(out)
}

func cmpStr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// milestonesJSON is the REST API's list, oldest first.
func (g *ghGen) milestonesJSON() []byte {
	var out []map[string]any
	for _, m := range g.milestones {
		open, closed := 0, 0
		for _, is := range g.issues {
			if is.milestone == m && is.closedAt.IsZero() {
				open++
			} else if is.milestone == m {
				closed++
			}
		}
		state := "open"
		if !m.closed.IsZero() {
			state = "closed"
		}
		out = append(out, map[string]any{
			"url": fmt.Sprintf("https://api.github.com/repos/harbour/harbour-web/milestones/%d", m.number), "number": m.number,
			"title": m.title, "description": m.description, "open_issues": open, "closed_issues": closed, "state": state,
			"created_at": iso(m.created), "updated_at": iso(maxT(m.created, m.closed)), "due_on": iso(m.due), "closed_at": iso(m.closed),
		})
	}
	return importertest.JSON(out)
}

func maxT(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func generateGitHub() map[string][]byte {
	g := newGHGen()
	g.makeIssues()
	g.close()
	return map[string][]byte{"issues.json": g.issuesJSON(), "milestones.json": g.milestonesJSON()}
}

// TestFixture keeps the committed export equal to what the generator
// writes and checks that it reads without a problem.
func TestFixture(t *testing.T) {
	files := generateGitHub()
	importertest.Fixture(t, "../../../testdata/import/github", files)
	points, _ := NewPoints("")
	b, ps := Read(Inputs{
		Issues:     importer.Source{Path: "issues.json", Data: files["issues.json"]},
		Milestones: []importer.Source{{Path: "milestones.json", Data: files["milestones.json"]}},
	}, Options{Points: points})
	if len(ps) > 0 {
		t.Fatalf("problems reading the fixture:\n%s", ps.Error())
	}
	if n := bytes.Count(files["issues.json"], []byte(`"number": `)); n < 190 {
		t.Errorf("%d issues; the fixture is meant to have about 200", n)
	}
	categorised := 0
	for _, it := range b.Items {
		if it.Category != "" {
			categorised++
		}
	}
	if categorised < len(b.Items)/2 {
		t.Errorf("only %d of %d issues found their epic", categorised, len(b.Items))
	}
	importertest.CheckBacklog(t, b, ps)
}
