package github

import (
	"strings"

	"github.com/backlogsite/backlogsite/internal/importer"
)

// milestoneJSON is one milestone of `gh api
// repos/OWNER/REPO/milestones?state=all`.
type milestoneJSON struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	State       string `json:"state"`
	CreatedAt   string `json:"created_at"`
	ClosedAt    string `json:"closed_at"`
	DueOn       string `json:"due_on"`
}

// milestone is a milestone as the import uses it.
type milestone struct {
	title, description   string
	open                 bool
	created, closed, due importer.Date
}

func readMilestones(src importer.Source, ps *importer.Problems) []milestone {
	var out []milestone
	r := importer.EntryReader[milestoneJSON]{What: "milestone", Name: func(m milestoneJSON) string { return m.Title }, Title: true, Parse: importer.ParseISODate, Example: "2026-03-02T10:00:00Z"}
	r.Read(src, ps, func(j milestoneJSON, e *importer.Entry) {
		m := milestone{title: e.Name, description: importer.CleanText(j.Description), open: !strings.EqualFold(j.State, "closed"),
			created: e.Date("created_at", j.CreatedAt), closed: e.Date("closed_at", j.ClosedAt), due: e.Date("due_on", j.DueOn)}
		if !e.Failed() {
			out = append(out, m)
		}
	})
	return out
}
