package github

import (
	"slices"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/importer"
)

const issuesJSON = `[
  {"number": 1, "title": "Checkout", "body": "Tracking:\n- [ ] #2\n- [x] #3\n- [ ] other/repo#9", "state": "OPEN", "labels": [{"name": "epic"}], "milestone": null, "createdAt": "2026-01-05T09:00:00Z", "closedAt": null},
  {"number": 2, "title": "Pay by card", "body": "", "state": "CLOSED", "stateReason": "COMPLETED", "labels": [{"name": "size: 3"}, {"name": "priority: high"}, {"name": "checkout"}], "milestone": {"number": 1, "title": "v1.0", "description": "First", "dueOn": "2026-03-31T07:00:00Z"}, "createdAt": "2026-01-06T09:00:00Z", "closedAt": "2026-02-10T16:30:00Z"},
  {"number": 3, "title": "Café receipts ☕", "body": "Part of #1", "state": "OPEN", "labels": [{"name": "type: bug"}, {"name": "in progress"}, {"name": "points/2"}, {"name": "3 points"}], "milestone": {"number": 1, "title": "v1.0", "description": "First", "dueOn": "2026-03-31T07:00:00Z"}, "createdAt": "2026-01-07T09:00:00Z", "closedAt": null},
  {"number": 4, "title": "Dark mode", "body": "epic: #1", "state": "CLOSED", "stateReason": "NOT_PLANNED", "labels": [], "milestone": {"number": 2, "title": "v1.1", "description": "", "dueOn": null}, "createdAt": "2026-01-08T09:00:00Z", "closedAt": "2026-01-20T09:00:00Z"}
]`

func readGitHub(t *testing.T, issues string, sprints bool, milestones ...string) (*importer.Backlog, importer.Problems) {
	t.Helper()
	points, _ := NewPoints("")
	in := Inputs{Issues: importer.Source{Path: "issues.json", Data: []byte(issues)}}
	for _, m := range milestones {
		in.Milestones = append(in.Milestones, importer.Source{Path: "milestones.json", Data: []byte(m)})
	}
	return Read(in, Options{MilestonesAreSprints: sprints, Points: points})
}

func TestReadIssues(t *testing.T) {
	b, ps := readGitHub(t, issuesJSON, false)
	if len(ps) > 0 {
		t.Fatal(ps.Error())
	}
	var got []string
	for _, it := range b.Items {
		got = append(got, strings.Join([]string{it.Key, it.Title, string(it.Kind), string(it.Priority), it.Category,
			strings.Join(it.Themes, "+"), importer.Plural(int(it.Points), "point"), strings.Join(it.Versions, "+"), it.Resolved.String()}, "|"))
	}
	want := []string{
		"GH-2|Pay by card|feature|high|Checkout|checkout|3 points|v1.0|2026-02-10",
		"GH-3|Café receipts ☕|bug|medium|Checkout||3 points|v1.0|",
		"GH-4|Dark mode|feature|medium|Checkout||0 points|v1.1|2026-01-20",
	}
	if !slices.Equal(got, want) {
		t.Errorf("items:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s := []importer.Status{b.Items[0].Status, b.Items[1].Status, b.Items[2].Status}; !slices.Equal(s, []importer.Status{importer.Done, importer.InProgress, importer.Dropped}) {
		t.Errorf("statuses %v", s)
	}
	if b.VersionsKnown || len(b.Versions) != 2 || b.Versions[0].Date.String() != "2026-03-31" || b.Versions[1].Name != "v1.1" {
		t.Errorf("versions from the issues: %+v", b.Versions)
	}
	if len(b.Notes) != 1 || !strings.Contains(b.Notes[0].Text, "1 issue has several points labels") {
		t.Errorf("notes %+v", b.Notes)
	}
	if b.Latest.String() != "2026-02-10" {
		t.Errorf("latest %s", b.Latest)
	}
}

func TestReadMilestones(t *testing.T) {
	milestones := `[
  {"number": 1, "title": "v1.0", "description": "First", "state": "open", "created_at": "2026-01-02T10:00:00Z", "closed_at": null, "due_on": "2026-03-31T07:00:00Z"},
  {"number": 2, "title": "v1.1", "state": "closed", "created_at": "2026-01-03T10:00:00Z", "closed_at": "2026-04-02T10:00:00Z", "due_on": null},
  {"number": 3, "title": "", "state": "open"},
  {"number": 4, "title": "v2", "state": "open", "due_on": "next year"}
]`
	b, ps := readGitHub(t, issuesJSON, false, milestones)
	want := "milestones.json:4: a milestone has no title\nmilestones.json:5: milestone \"v2\": due_on \"next year\" is not a date like 2026-03-02T10:00:00Z"
	if ps.Error() != want {
		t.Errorf("problems:\n%s", ps.Error())
	}
	var got []string
	for _, v := range b.Versions {
		got = append(got, v.Name+" "+v.Start.String()+".."+v.Date.String())
	}
	if !b.VersionsKnown || !slices.Equal(got, []string{"v1.0 2026-01-02..2026-03-31", "v1.1 2026-01-03..2026-04-02"}) || b.Latest.String() != "2026-04-02" {
		t.Errorf("versions %q latest %s", got, b.Latest)
	}

	b, _ = readGitHub(t, issuesJSON, true, milestones)
	if len(b.Versions) != 0 || !b.SprintsKnown || len(b.Sprints) != 2 || b.Sprints[0].End.String() != "2026-03-31" || b.Sprints[0].Goal != "First" {
		t.Errorf("milestones as sprints: %+v", b.Sprints)
	}
	if !slices.Equal(b.Items[0].Sprints, []string{"v1.0"}) || len(b.Items[0].Versions) != 0 {
		t.Errorf("item in a sprint: %+v", b.Items[0])
	}
}

func TestReadIssuesProblems(t *testing.T) {
	issues := `[
  {"number": 1, "title": "Fine", "state": "OPEN", "createdAt": "2026-01-05T09:00:00Z"},
  {"title": "No number", "state": "OPEN", "createdAt": "2026-01-05T09:00:00Z"},
  {"number": 3, "title": " ", "state": "MERGED", "createdAt": "yesterday"},
  {"number": 1, "title": "Twice", "state": "OPEN", "createdAt": "2026-01-05T09:00:00Z"},
  {"number": 5, "title": "Labels wrong", "labels": "bug", "state": "OPEN", "createdAt": "2026-01-05T09:00:00Z"}
]`
	b, ps := readGitHub(t, issues, false)
	want := []string{
		"issues.json:3: an issue has no number",
		"issues.json:4: issue #3: createdAt \"yesterday\" is not a time like 2026-03-02T10:00:00Z",
		"issues.json:4: issue #3: state \"MERGED\" is not OPEN or CLOSED",
		"issues.json:4: issue #3: title is empty",
		"issues.json:5: issue #1 is already on line 2",
		"issues.json:6: labels must be an array, not a string",
	}
	if got := strings.Split(ps.Error(), "\n"); !slices.Equal(got, want) {
		t.Errorf("problems:\n%s", ps.Error())
	}
	if len(b.Items) != 1 {
		t.Errorf("items %+v", b.Items)
	}
	_, ps = readGitHub(t, `{"issues": []}`, false)
	if ps.Error() != "issues.json:1: expected a JSON array, found an object" {
		t.Errorf("not a list: %q", ps.Error())
	}
}
