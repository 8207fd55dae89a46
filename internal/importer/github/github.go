// Package github reads the issues of a GitHub repository as `gh issue list
// --json` prints them and, optionally, its milestones as the REST API
// returns them (gh api repos/OWNER/REPO/milestones?state=all), into an
// importer.Backlog.
//
// Every issue is a feature of its own: on GitHub the issue is what gets
// planned, estimated and closed. An issue labelled as an epic is not one:
// its title becomes the category of the issues it lists in a task list (or
// that say "Part of #N"), so the Themes page groups them. Milestones are
// releases, or, with MilestonesAreSprints, sprints.
package github

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/backlogsite/backlogsite/internal/importer"
)

// Inputs are the files of a GitHub import.
type Inputs struct {
	Issues     importer.Source
	Milestones []importer.Source
}

// Options are the choices of a GitHub import.
type Options struct {
	MilestonesAreSprints bool
	Points               Points
}

// Read reduces the export to a Backlog. Entries it cannot read are
// problems; the rest is read all the same.
func Read(in Inputs, opt Options) (*importer.Backlog, importer.Problems) {
	var ps importer.Problems
	b := &importer.Backlog{
		Source:        "GitHub",
		Inputs:        []string{in.Issues.Path},
		Title:         "GitHub issues",
		PriorityLabel: "Priority label (1 = low or P3, 2 = medium or none, 3 = high or P1, 4 = critical or P0)",
	}
	issues := readIssues(in.Issues, opt.Points, &ps)
	r := reader{opt: opt}
	b.Items = r.items(issues)
	for _, is := range issues {
		b.Latest = importer.MaxDate(b.Latest, importer.MaxDate(is.created, is.closed))
	}
	var milestones []milestone
	for _, m := range in.Milestones {
		b.Inputs = append(b.Inputs, m.Path)
		milestones = append(milestones, readMilestones(m, &ps)...)
	}
	if len(in.Milestones) == 0 {
		milestones = issueMilestones(issues)
	}
	for _, m := range milestones {
		b.Latest = importer.MaxDate(b.Latest, m.closed)
	}
	known := len(in.Milestones) > 0
	if opt.MilestonesAreSprints {
		b.Sprints, b.SprintsKnown = sprintsOf(milestones), true
	} else {
		b.Versions, b.VersionsKnown = versionsOf(milestones), known
	}
	b.Notes = r.notes()
	return b, ps
}

// reader turns issues into items, keeping what the notes list.
type reader struct {
	opt                      Options
	twoEpics, pointConflicts []string
}

// items makes an item of every issue that is not an epic; an epic's title
// becomes its issues' category.
func (r *reader) items(issues []issue) []importer.Item {
	epics := map[int]*issue{}
	for i := range issues {
		if issues[i].epic {
			epics[issues[i].number] = &issues[i]
		}
	}
	epicOf := r.epicLinks(issues, epics)
	var items []importer.Item
	for _, is := range issues {
		if is.epic {
			continue
		}
		it := is.item
		if e := epicOf[is.number]; e != nil {
			it.Category = e.item.Title
		}
		if is.milestone != "" {
			if r.opt.MilestonesAreSprints {
				it.Sprints = []string{is.milestone}
			} else {
				it.Versions = []string{is.milestone}
			}
		}
		if is.pointConflict {
			r.pointConflicts = append(r.pointConflicts, it.Key)
		}
		items = append(items, it)
	}
	return items
}

// epicLinks finds each issue's epic: the epic whose task list names it, or
// the one its own text says it is part of. The lowest-numbered epic wins
// when several claim an issue.
func (r *reader) epicLinks(issues []issue, epics map[int]*issue) map[int]*issue {
	claims := map[int][]int{}
	for _, e := range epics {
		for _, n := range taskListRefs(e.body) {
			claims[n] = append(claims[n], e.number)
		}
	}
	for _, is := range issues {
		if n, ok := partOf(is.body); ok && epics[n] != nil && !is.epic {
			claims[is.number] = append(claims[is.number], n)
		}
	}
	out := map[int]*issue{}
	for n, es := range claims {
		slices.Sort(es)
		es = slices.Compact(es)
		out[n] = epics[es[0]]
		if len(es) > 1 {
			r.twoEpics = append(r.twoEpics, key(n))
		}
	}
	slices.SortFunc(r.twoEpics, importer.NaturalCompare)
	return out
}

func (r *reader) notes() []importer.Note {
	notes := importer.AddNote(nil, r.twoEpics, "issue", "belongs", "belong", "to more than one epic: the category is the lowest-numbered epic's title")
	return importer.AddNote(notes, r.pointConflicts, "issue", "has", "have", "several points labels: the largest is the estimate")
}

func key(n int) string { return "GH-" + strconv.Itoa(n) }

// issueMilestones are the milestones the issues name, for an import
// without a milestones file: title, description and due date only.
func issueMilestones(issues []issue) []milestone {
	seen := map[string]bool{}
	var out []milestone
	for _, is := range issues {
		if is.milestone != "" && !seen[is.milestone] {
			seen[is.milestone] = true
			out = append(out, is.milestoneInfo)
		}
	}
	// Dated milestones first, by due date, as GitHub lists them.
	slices.SortFunc(out, func(a, b milestone) int {
		if a.due.IsZero() != b.due.IsZero() {
			if a.due.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(a.due.Compare(b.due), importer.NaturalCompare(a.title, b.title))
	})
	return out
}

func versionsOf(ms []milestone) []importer.VersionInfo {
	out := make([]importer.VersionInfo, len(ms))
	for i, m := range ms {
		out[i] = importer.VersionInfo{
			Name:        m.title,
			Start:       importer.MinDate(m.created, cmp.Or(m.due, m.closed)),
			Date:        cmp.Or(m.due, m.closed),
			Description: m.description,
			Planned:     m.open,
		}
	}
	return out
}

func sprintsOf(ms []milestone) []importer.SprintInfo {
	out := make([]importer.SprintInfo, len(ms))
	for i, m := range ms {
		out[i] = importer.SprintInfo{Name: m.title, End: cmp.Or(m.due, m.closed), Goal: strings.TrimSpace(firstLine(m.description))}
	}
	return out
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
