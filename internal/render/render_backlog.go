package render

import (
	"bytes"
	"encoding/json"
)

// backlogData is what backlog/rows.js hands to site.js: every feature as a
// compact array, so that a 10,000-feature backlog is one small script file
// rather than a 10,000-row DOM in the page.
type backlogData struct {
	Unit     string            `json:"unit"`
	Columns  []string          `json:"columns"`
	Rows     [][]any           `json:"rows"`
	Releases map[string]string `json:"releases"` // id → name
}

var backlogColumns = []string{"position", "id", "title", "kind", "rank", "score", "low", "status",
	"release", "category", "themes", "size", "done", "on_time"}

// backlogRowsJS writes the row data as a script. It is loaded with a plain
// <script src> because browsers refuse to fetch() files from file://; the
// JSON inside is produced by encoding/json, which escapes <, >, &, U+2028
// and U+2029, so the file is a single inert object literal whatever the
// input text is.
func (r *renderer) backlogRowsJS() ([]byte, error) {
	d := backlogData{Unit: r.info.Unit, Columns: backlogColumns, Rows: [][]any{}, Releases: map[string]string{}}
	for _, rr := range r.rep.Releases {
		d.Releases[rr.ID] = rr.Name
	}
	for _, f := range r.rep.Features {
		var rank, score, onTime, release any
		if f.Rank != nil {
			rank = *f.Rank
		}
		if f.Score != nil {
			score = chartNum(*f.Score)
		}
		if f.Release != nil {
			release = *f.Release
		}
		if f.OnTime != nil {
			onTime = chartNum(*f.OnTime)
		} else if f.Release != nil {
			if rr := r.relRep[*f.Release]; rr != nil && rr.Forecast != nil {
				for _, fo := range rr.Forecast.Features {
					if fo.ID == f.ID {
						onTime = chartNum(fo.OnTime)
					}
				}
			}
		}
		low := 0
		if f.LowScore {
			low = 1
		}
		themes := f.Themes
		if themes == nil {
			themes = []string{}
		}
		d.Rows = append(d.Rows, []any{f.Position, f.ID, f.Title, f.Kind, rank, score, low, f.Status,
			release, f.Category, themes, chartNum(f.Size), chartNum(f.Done), onTime})
	}
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.WriteString("\"use strict\";\n(window.backlogsite = window.backlogsite || {}).backlog = ")
	buf.Write(defuseFuncMarkers(b))
	buf.WriteString(";\n")
	return buf.Bytes(), nil
}
