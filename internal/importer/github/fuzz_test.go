package github

import (
	"testing"

	"github.com/backlogsite/backlogsite/internal/importer"
	"github.com/backlogsite/backlogsite/internal/importer/importertest"
)

// FuzzGitHubIssuesJSON: whatever gh printed, reading it does not panic and
// what it reads makes a site that writes valid TOML, milestones being
// releases or sprints.
func FuzzGitHubIssuesJSON(f *testing.F) {
	f.Add([]byte(issuesJSON), false)
	f.Add([]byte(issuesJSON), true)
	f.Add([]byte(`[{"number": 1, "title": "x", "state": "CLOSED", "createdAt": "2026-01-05T09:00:00Z", "closedAt": "2025-01-01T00:00:00Z", "milestone": {"title": "M", "dueOn": "2026-01-01T00:00:00Z"}}]`), true)
	f.Add([]byte(`[{"number": 2, "title": "\u0000", "state": "open", "body": "- [ ] #2", "labels": [{"name": "epic"}, {"name": "size: 99999999999999999"}]}]`), false)
	points, _ := NewPoints("")
	f.Fuzz(func(t *testing.T, data []byte, sprints bool) {
		b, ps := Read(Inputs{Issues: importer.Source{Path: "issues.json", Data: data}}, Options{MilestonesAreSprints: sprints, Points: points})
		importertest.CheckBacklog(t, b, ps)
	})
}

// FuzzGitHubMilestonesJSON: whatever the milestones file.
func FuzzGitHubMilestonesJSON(f *testing.F) {
	f.Add([]byte(`[{"title": "v1.0", "state": "open", "created_at": "2026-01-02T10:00:00Z", "due_on": "2026-03-31T07:00:00Z"}, {"title": "v1.1", "state": "closed", "closed_at": "2026-01-01T10:00:00Z"}]`), false)
	f.Add([]byte(`[{"title": "v1.0", "due_on": "2026-01-01T07:00:00Z"}, {"title": "v1.1"}]`), true)
	points, _ := NewPoints("")
	f.Fuzz(func(t *testing.T, data []byte, sprints bool) {
		b, ps := Read(Inputs{
			Issues:     importer.Source{Path: "issues.json", Data: []byte(issuesJSON)},
			Milestones: []importer.Source{{Path: "milestones.json", Data: data}},
		}, Options{MilestonesAreSprints: sprints, Points: points})
		importertest.CheckBacklog(t, b, ps)
	})
}
