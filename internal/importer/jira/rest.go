package jira

import (
	"strconv"
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

// readSprints reads a page of a board's sprints. A closed sprint ends the
// day it was completed, which is when Jira stopped counting work in it;
// latest is the last day the file shows anything happen.
func readSprints(src importer.Source, ps *importer.Problems) (infos []importer.SprintInfo, latest importer.Date) {
	for _, e := range importer.ReadJSONList[sprintJSON](src, "values", ps) {
		s := e.Value
		name := strings.TrimSpace(s.Name)
		if name == "" {
			ps.Add(src.Path, e.Line, "a sprint has no name")
			continue
		}
		d := jsonDates{path: src.Path, line: e.Line, what: "sprint " + strconv.Quote(name), ps: ps}
		info := importer.SprintInfo{
			Name:  name,
			Start: d.parse("startDate", s.StartDate),
			End:   d.parse("endDate", s.EndDate),
			Goal:  importer.CleanLine(s.Goal),
		}
		complete := d.parse("completeDate", s.CompleteDate)
		if d.failed {
			continue
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
	}
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
	for _, e := range importer.ReadJSONList[versionJSON](src, "values", ps) {
		v := e.Value
		name := strings.TrimSpace(v.Name)
		if name == "" {
			ps.Add(src.Path, e.Line, "a version has no name")
			continue
		}
		d := jsonDates{path: src.Path, line: e.Line, what: "version " + strconv.Quote(name), ps: ps}
		info := importer.VersionInfo{
			Name:        name,
			Start:       d.parse("startDate", v.StartDate),
			Date:        d.parse("releaseDate", v.ReleaseDate),
			Description: importer.CleanText(v.Description),
			Planned:     !v.Released && !v.Archived,
		}
		if !d.failed {
			out = append(out, info)
		}
	}
	return out
}

// jsonDates reads the dates of one JSON entry, reporting bad ones.
type jsonDates struct {
	path, what string
	line       int
	ps         *importer.Problems
	failed     bool
}

func (d *jsonDates) parse(field, s string) importer.Date {
	if s == "" {
		return importer.Date{}
	}
	v, ok := parseDate(s)
	if !ok {
		d.ps.Add(d.path, d.line, "%s: %s %q is not a date like 2026-03-02T09:00:00.000Z", d.what, field, s)
		d.failed = true
	}
	return v
}
