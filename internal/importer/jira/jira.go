// Package jira reads a Jira CSV export ("Export → CSV (all fields)") and,
// optionally, the sprints of a board from the agile REST API
// (/rest/agile/1.0/board/{id}/sprint) and the versions of a project
// (/rest/api/3/project/{key}/versions), into an importer.Backlog.
package jira

import (
	"slices"
	"strings"

	"github.com/backlogsite/backlogsite/internal/importer"
)

// Inputs are the files of a Jira import. Sprints and Versions may each be
// several files: the REST API returns long lists a page at a time.
type Inputs struct {
	Issues   importer.Source
	Sprints  []importer.Source
	Versions []importer.Source
}

// Read reduces the export to a Backlog. Rows and entries it cannot read are
// problems; the rest is read all the same.
func Read(in Inputs) (*importer.Backlog, importer.Problems) {
	var ps importer.Problems
	b := &importer.Backlog{
		Source:        "Jira",
		Inputs:        []string{in.Issues.Path},
		PriorityLabel: "Priority in Jira (1 = low, 2 = medium, 3 = high, 4 = highest or critical)",
	}
	rows := readCSV(in.Issues, &ps)
	r := &linker{path: in.Issues.Path, ps: &ps}
	b.Items = r.link(rows)
	b.Notes = r.notes()
	b.Title = projectTitle(rows)
	for _, it := range b.Items {
		b.Latest = importer.MaxDate(b.Latest, it.Created)
		b.Latest = importer.MaxDate(b.Latest, it.Resolved)
	}
	for _, rw := range rows {
		b.Latest = importer.MaxDate(b.Latest, rw.updated)
	}
	for _, s := range in.Sprints {
		b.Inputs = append(b.Inputs, s.Path)
		infos, latest := readSprints(s, &ps)
		b.Sprints = append(b.Sprints, infos...)
		b.SprintsKnown = true
		b.Latest = importer.MaxDate(b.Latest, latest)
	}
	for _, v := range in.Versions {
		b.Inputs = append(b.Inputs, v.Path)
		b.Versions = append(b.Versions, readVersions(v, &ps)...)
		b.VersionsKnown = true
	}
	return b, ps
}

// projectTitle names the site after the project when the export has one.
func projectTitle(rows []row) string {
	var names []string
	for _, r := range rows {
		if r.project != "" && !slices.Contains(names, r.project) {
			names = append(names, r.project)
		}
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	slices.Sort(names)
	return "Jira projects " + strings.Join(names, ", ")
}

// linker ties the rows together: parents, epics, sub-tasks.
type linker struct {
	path                  string
	ps                    *importer.Problems
	subtasks, guessedDone []string
}

// link resolves each row's parent (by key or by issue id, from whichever
// column the export has) and leaves out sub-tasks, whose points Jira counts
// in their story.
func (l *linker) link(rows []row) []importer.Item {
	byKey := map[string]*row{}
	byID := map[string]string{}
	for i := range rows {
		r := &rows[i]
		if prev := byKey[r.item.Key]; prev != nil {
			l.ps.Add(l.path, r.item.Line, "issue %s is already on line %d", r.item.Key, prev.item.Line)
			r.skip = true
			continue
		}
		byKey[r.item.Key] = r
		if r.id != "" {
			byID[r.id] = r.item.Key
		}
	}
	var items []importer.Item
	for i := range rows {
		r := &rows[i]
		if r.skip {
			continue
		}
		r.item.Parent = r.parent(byKey, byID)
		if p := byKey[r.item.Parent]; r.subtask || (p != nil && !p.item.Epic) {
			l.subtasks = append(l.subtasks, r.item.Key)
			continue
		}
		if r.item.Status == importer.Done && r.item.ResolvedGuessed {
			l.guessedDone = append(l.guessedDone, r.item.Key)
		}
		items = append(items, r.item)
	}
	return items
}

func (l *linker) notes() []importer.Note {
	notes := importer.AddNote(nil, l.subtasks, "sub-task", "is", "are", "left out: Jira counts a sub-task's work in its parent story")
	return importer.AddNote(notes, l.guessedDone, "done issue", "has", "have",
		"no Resolved date: each is done on the day its status category last changed, or it was last updated")
}
