package jira

import (
	"testing"

	"github.com/backlogsite/backlogsite/internal/importer"
	"github.com/backlogsite/backlogsite/internal/importer/importertest"
)

// FuzzJiraCSV: whatever the CSV, reading it does not panic, its problems
// are well formed and the rows it reads make a site that writes valid TOML.
func FuzzJiraCSV(f *testing.F) {
	f.Add([]byte("\uFEFF" + header + `Epic,PAY-1,1,,Epic,Done,Done,High,Done,02/Feb/26 9:00 AM,,03/Mar/26 1:00 PM,,,a,b,Web,1.0,,"x, ""y""",0|a,P` + "\n" +
		`"Story
two",PAY-2,2,1,Story,In Progress,In Progress,Low,,2026-02-03,,,S1,S2,,,,,2.5,,,P` + "\n"))
	f.Add([]byte(header + "x,PAY-3,3,,Bug,,,,,32/Jan/26,,,,,,,,,-1,,,\n\"unterminated\n"))
	f.Add([]byte("Summary,Issue key,Issue Type,Created\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, ps := Read(Inputs{Issues: importer.Source{Path: "issues.csv", Data: data}})
		importertest.CheckBacklog(t, b, ps)
	})
}

// FuzzJiraSprintsJSON: whatever the sprints file, with a row in its first
// sprint.
func FuzzJiraSprintsJSON(f *testing.F) {
	f.Add([]byte(`{"values": [{"state": "closed", "name": "S1", "startDate": "2026-02-02T09:00:00.000Z", "endDate": "2026-02-13T17:00:00.000Z", "completeDate": "2026-02-12T10:00:00.000Z"}, {"name": "S2", "state": "future"}]}`))
	f.Add([]byte(`[{"name": "S1", "startDate": "2026-02-20", "endDate": "2026-02-02"}]`))
	f.Add([]byte(`{"values": 3}`))
	csv := []byte(header + `Story,PAY-2,2,,Story,Done,Done,Low,Done,2026-02-03,,2026-02-05,S1,S2,,,,,2,,,P` + "\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		b, ps := Read(Inputs{
			Issues:  importer.Source{Path: "issues.csv", Data: csv},
			Sprints: []importer.Source{{Path: "sprints.json", Data: data}},
		})
		importertest.CheckBacklog(t, b, ps)
	})
}

// FuzzJiraVersionsJSON: whatever the versions file.
func FuzzJiraVersionsJSON(f *testing.F) {
	f.Add([]byte(`[{"name": "1.0", "startDate": "2026-02-02", "releaseDate": "2026-03-27", "released": true}, {"name": "2.0", "description": "Next"}]`))
	f.Add([]byte(`{"values": [{"name": "1.0", "releaseDate": "2026-01-01", "startDate": "2026-02-01"}]}`))
	csv := []byte(header + `Epic,PAY-1,1,,Epic,To Do,To Do,High,,2026-02-02,,,,,,,,1.0,,,,P` + "\n")
	f.Fuzz(func(t *testing.T, data []byte) {
		b, ps := Read(Inputs{
			Issues:   importer.Source{Path: "issues.csv", Data: csv},
			Versions: []importer.Source{{Path: "versions.json", Data: data}},
		})
		importertest.CheckBacklog(t, b, ps)
	})
}
