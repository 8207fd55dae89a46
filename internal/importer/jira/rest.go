package jira

import (
	"strings"

	"github.com/backlogsite/backlogsite/internal/importer"
)

// sprintJSON is a sprint of /rest/agile/1.0/board/{id}/sprint.
type sprintJSON struct {
	Name         string `json:"name"`
	State        string `json:"state"`
	StartDate    string `json:"startDate"`
	EndDate      string `json:"endDate"`
	CompleteDate string `json:"completeDate"`
	Goal         string `json:"goal"`
}

const restDate = "2026-03-02T09:00:00.000Z"

// readSprints reads a page of a board's sprints. A closed sprint ends the
// day it was completed, which is when Jira stopped counting work in it;
// latest is the last day the file shows anything happen.
func readSprints(src importer.Source, ps *importer.Problems) (infos []importer.SprintInfo, latest importer.Date) {
	r := importer.EntryReader[sprintJSON]{What: "sprint", Key: "values", Name: func(s sprintJSON) string { return s.Name }, Parse: parseDate, Example: restDate}
	r.Read(src, ps, func(s sprintJSON, e *importer.Entry) {
		info := importer.SprintInfo{Name: e.Name, Start: e.Date("startDate", s.StartDate), End: e.Date("endDate", s.EndDate), Goal: importer.CleanLine(s.Goal)}
		complete := e.Date("completeDate", s.CompleteDate)
		if e.Failed() {
			return
		}
		switch strings.ToLower(s.State) {
		case "closed":
			if !complete.IsZero() {
				info.End = complete
			}
			latest = importer.MaxDate(latest, info.End)
		case "active":
			latest = importer.MaxDate(latest, info.Start)
		}
		infos = append(infos, info)
	})
	return infos, latest
}

// versionJSON is a version of /rest/api/3/project/{key}/versions.
type versionJSON struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	StartDate   string `json:"startDate"`
	ReleaseDate string `json:"releaseDate"`
	Released    bool   `json:"released"`
	Archived    bool   `json:"archived"`
}

func readVersions(src importer.Source, ps *importer.Problems) []importer.VersionInfo {
	var out []importer.VersionInfo
	r := importer.EntryReader[versionJSON]{What: "version", Key: "values", Name: func(v versionJSON) string { return v.Name }, Parse: parseDate, Example: "2026-03-02"}
	r.Read(src, ps, func(v versionJSON, e *importer.Entry) {
		info := importer.VersionInfo{Name: e.Name, Start: e.Date("startDate", v.StartDate), Date: e.Date("releaseDate", v.ReleaseDate),
			Description: importer.CleanText(v.Description), Planned: !v.Released && !v.Archived}
		if !e.Failed() {
			out = append(out, info)
		}
	})
	return out
}
