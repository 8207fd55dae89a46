package jira

import (
	"slices"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/importer"
)

const header = "Summary,Issue key,Issue id,Parent id,Issue Type,Status,Status Category,Priority,Resolution,Created,Updated,Resolved,Sprint,Sprint,Labels,Labels,Component/s,Fix Version/s,Custom field (Story point estimate),Description,Custom field (Rank),Project name\n"

func read(t *testing.T, csv string, sprints ...string) (*importer.Backlog, importer.Problems) {
	t.Helper()
	in := Inputs{Issues: importer.Source{Path: "issues.csv", Data: []byte(csv)}}
	for _, s := range sprints {
		in.Sprints = append(in.Sprints, importer.Source{Path: "sprints.json", Data: []byte(s)})
	}
	return Read(in)
}

func keys(items []importer.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Key)
	}
	return out
}

func TestReadCSV(t *testing.T) {
	csv := "\uFEFF" + header +
		`Checkout redesign,PAY-1,10001,,Epic,In Progress,In Progress,High,,02/Feb/26 9:00 AM,10/Mar/26 4:00 PM,,,,checkout,web,Web,2026.1,,"Make checkout ""fast"", simple",0|i0001:,Payments` + "\n" +
		`"Pay by card, quickly",PAY-2,10002,10001,Story,Done,Done,Medium,Done,03/Feb/26 10:00 AM,12/Feb/26 4:00 PM,12/Feb/26 3:04 PM,PAY Sprint 1,PAY Sprint 2,,,,,3,"Line one` + "\r\n" + `Line two ""quoted""",0|i0002:,Payments` + "\n" +
		`Café receipts ☕,PAY-4,10004,,Bug,To Do,To Do,Highest,,20/Feb/26 10:00 AM,20/Feb/26 10:00 AM,,,,,,,,,,,Payments` + "\n" +
		`Sub,PAY-5,10005,10002,Sub-task,To Do,To Do,Medium,,20/Feb/26 10:00 AM,,,,,,,,,,,,Payments` + "\n" +
		`Closed without a date,PAY-6,10006,10001,Story,Done,Done,Low,,20/Feb/26 10:00 AM,01/Mar/26 9:00 AM,,,,,,,,5,,,Payments` + "\n" +
		",,,,,,,,,,,,,,,,,,,,,\n"
	b, ps := read(t, csv)
	if len(ps) > 0 {
		t.Fatalf("problems: %s", ps.Error())
	}
	if got := keys(b.Items); !slices.Equal(got, []string{"PAY-1", "PAY-2", "PAY-4", "PAY-6"}) {
		t.Fatalf("items %q (sub-tasks and blank rows left out)", got)
	}
	epic, st, bug, guessed := b.Items[0], b.Items[1], b.Items[2], b.Items[3]
	if !epic.Epic || epic.Description != `Make checkout "fast", simple` || epic.Category != "Web" || !slices.Equal(epic.Themes, []string{"checkout", "web"}) || epic.Rank != "0|i0001:" {
		t.Errorf("epic %+v", epic)
	}
	if st.Parent != "PAY-1" || st.Title != "Pay by card, quickly" || st.Description != "Line one\nLine two \"quoted\"" ||
		st.Points != 3 || !st.HasPoints || st.Status != importer.Done || st.Resolved.String() != "2026-02-12" || !slices.Equal(st.Sprints, []string{"PAY Sprint 1", "PAY Sprint 2"}) {
		t.Errorf("story %+v", st)
	}
	if bug.Title != "Café receipts ☕" || bug.Kind != importer.KindBug || bug.Priority != importer.Critical || bug.HasPoints {
		t.Errorf("bug %+v", bug)
	}
	if !guessed.ResolvedGuessed || guessed.Resolved.String() != "2026-03-01" {
		t.Errorf("done without Resolved: %+v", guessed)
	}
	if b.Title != "Payments" || b.Latest.String() != "2026-03-10" || b.SprintsKnown {
		t.Errorf("backlog title %q latest %s", b.Title, b.Latest)
	}
	if len(b.Notes) != 2 || !strings.Contains(b.Notes[0].Text, "1 sub-task is left out") || !strings.Contains(b.Notes[1].Text, "no Resolved date") {
		t.Errorf("notes %+v", b.Notes)
	}
}

func TestReadCSVProblems(t *testing.T) {
	csv := header +
		`Good,PAY-1,1,,Story,To Do,To Do,Medium,,02/Feb/26 9:00 AM,,,,,,,,,3,,,P` + "\n" +
		`Bad date,PAY-2,2,,Story,To Do,To Do,Medium,,32/Feb/26 9:00 AM,,,,,,,,,three,,,P` + "\n" +
		`"Multi-line
summary row with a bad key",pay 3,3,,Story,To Do,To Do,Medium,,02/Feb/26 9:00 AM,,,,,,,,,3,,,P` + "\n" +
		`Short row,PAY-4` + "\n" +
		`Bare "quote,PAY-5,5,,Story,To Do,To Do,Medium,,02/Feb/26 9:00 AM,,,,,,,,,3,,,P` + "\n" +
		`,PAY-6,6,,Story,To Do,To Do,Medium,,,,,,,,,,,3,,,P` + "\n" +
		`Again,PAY-1,7,,Story,To Do,To Do,Medium,,02/Feb/26 9:00 AM,,,,,,,,,3,,,P` + "\n" +
		"Not UTF-8 \xe9,PAY-8,8,,Story,To Do,To Do,Medium,,02/Feb/26 9:00 AM,,,,,,,,,3,,,P\n" +
		`Still read,PAY-9,9,,Story,To Do,To Do,Medium,,02/Feb/26 9:00 AM,,,,,,,,,,,,P` + "\n"
	b, ps := read(t, csv)
	want := []string{
		`issues.csv:3: issue PAY-2: created "32/Feb/26 9:00 AM" is not a date like 12/Mar/26 3:04 PM or 2026-03-12`,
		`issues.csv:3: issue PAY-2: story points "three" is not a number of zero or more`,
		`issues.csv:4: issue key "pay 3" is not a Jira key like PAY-12`,
		`issues.csv:6: the row has 2 fields, the header 22`,
		`issues.csv:7: cannot read this row: bare " in non-quoted-field (line 7, column 6)`,
		`issues.csv:8: issue PAY-6: created is empty`,
		`issues.csv:8: issue PAY-6: summary is empty`,
		`issues.csv:9: issue PAY-1 is already on line 2`,
		`issues.csv:10: the row is not UTF-8 text: export the CSV again as UTF-8`,
	}
	if got := strings.Split(ps.Error(), "\n"); !slices.Equal(got, want) {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := keys(b.Items); !slices.Equal(got, []string{"PAY-1", "PAY-9"}) {
		t.Errorf("the readable rows %q are still read", got)
	}
}

func TestReadCSVHeader(t *testing.T) {
	_, ps := read(t, "Summary,Key\nx,PAY-1\n")
	if want := `issues.csv:1: no "Issue Type" column: expected a Jira CSV export with all fields (Export → CSV (all fields))`; ps.Error() != want {
		t.Errorf("got %q", ps.Error())
	}
	b, ps := read(t, "Summary,Work item key,Work type,Created,Parent,Custom field (Epic Link)\nE,PAY-1,Epic,2026-03-01,,\nS,PAY-2,Story,2026-03-01,,PAY-1\n")
	if len(ps) > 0 || b.Items[1].Parent != "PAY-1" {
		t.Errorf("2025 column names and Epic Link: %v %+v", ps, b.Items)
	}
}

func TestReadSprintsAndVersions(t *testing.T) {
	sprints := `{"maxResults": 50, "values": [
  {"id": 1, "state": "closed", "name": "S 1", "startDate": "2026-02-02T09:00:00.000Z", "endDate": "2026-02-13T17:00:00.000Z", "completeDate": "2026-02-16T10:00:00.000Z", "goal": "Cards"},
  {"id": 2, "state": "active", "name": "S 2", "startDate": "2026-02-16T09:00:00.000+01:00", "endDate": "2026-02-27T17:00:00.000+01:00"},
  {"id": 3, "state": "future", "name": "S 3"},
  {"id": 4, "state": "future", "name": "S 4", "startDate": "soon"},
  {"id": 5, "state": "future", "name": 5}
]}`
	in := Inputs{
		Issues:   importer.Source{Path: "issues.csv", Data: []byte(header)},
		Sprints:  []importer.Source{{Path: "sprints.json", Data: []byte(sprints)}},
		Versions: []importer.Source{{Path: "versions.json", Data: []byte(`[{"name": "1.0", "startDate": "2026-02-02", "releaseDate": "2026-03-27", "released": false, "archived": false}, {"name": "0.9", "released": true}, {"name": ""}]`)}},
	}
	b, ps := Read(in)
	want := []string{
		`sprints.json:5: sprint "S 4": startDate "soon" is not a date like 2026-03-02T09:00:00.000Z`,
		`sprints.json:6: name must be a string, not a number`,
		`versions.json:1: a version has no name`,
	}
	if got := strings.Split(ps.Error(), "\n"); !slices.Equal(got, want) {
		t.Errorf("problems:\n%s", ps.Error())
	}
	var got []string
	for _, s := range b.Sprints {
		got = append(got, s.Name+" "+s.Start.String()+".."+s.End.String()+" "+s.Goal)
	}
	if !slices.Equal(got, []string{"S 1 2026-02-02..2026-02-16 Cards", "S 2 2026-02-16..2026-02-27 ", "S 3 .. "}) {
		t.Errorf("sprints %q", got)
	}
	if len(b.Versions) != 2 || !b.Versions[0].Planned || b.Versions[1].Planned || b.Versions[0].Date.String() != "2026-03-27" {
		t.Errorf("versions %+v", b.Versions)
	}
	if b.Latest.String() != "2026-02-16" || !slices.Equal(b.Inputs, []string{"issues.csv", "sprints.json", "versions.json"}) {
		t.Errorf("latest %s inputs %q", b.Latest, b.Inputs)
	}
}
