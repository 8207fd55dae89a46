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
	for _, e := range importer.ReadJSONList[milestoneJSON](src, "", ps) {
		j := e.Value
		title := strings.TrimSpace(j.Title)
		if title == "" {
			ps.Add(src.Path, e.Line, "a milestone has no title")
			continue
		}
		m := milestone{title: title, description: importer.CleanText(j.Description), open: !strings.EqualFold(j.State, "closed")}
		ok := true
		for _, f := range []struct {
			name, value string
			into        *importer.Date
		}{{"created_at", j.CreatedAt, &m.created}, {"closed_at", j.ClosedAt, &m.closed}, {"due_on", j.DueOn, &m.due}} {
			if f.value == "" {
				continue
			}
			d, valid := importer.ParseISODate(f.value)
			if !valid {
				ps.Add(src.Path, e.Line, "milestone %q: %s %q is not a time like 2026-03-02T10:00:00Z", title, f.name, f.value)
				ok = false
			}
			*f.into = d
		}
		if ok {
			out = append(out, m)
		}
	}
	return out
}
