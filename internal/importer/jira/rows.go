package jira

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/backlogsite/backlogsite/internal/importer"
)

// row is one issue of the CSV with what linking needs besides the item.
type row struct {
	item    importer.Item
	id      string   // Jira's numeric issue id
	parents []string // parent references, most specific column first
	subtask bool
	updated importer.Date
	project string
	skip    bool
}

var keyPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*-[0-9]+$`)

// readCSV reads the rows it can; each one it cannot is a problem at the
// line the row starts on.
func readCSV(src importer.Source, ps *importer.Problems) []row {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src.Data, []byte("\uFEFF"))))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		ps.Add(src.Path, 1, "cannot read the header: %s", csvError(err))
		return nil
	}
	cols, missing := readHeader(header)
	if len(missing) > 0 {
		ps.Add(src.Path, 1, "no %q column: expected a Jira CSV export with all fields (Export → CSV (all fields))", missing[0])
		return nil
	}
	var rows []row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			ps.Add(src.Path, pe.StartLine, "cannot read this row: %s", csvError(err))
			continue
		}
		line, _ := r.FieldPos(0)
		switch {
		case err != nil:
			ps.Add(src.Path, line, "cannot read this row: %s", err)
		case blank(rec):
		case len(rec) != len(header):
			ps.Add(src.Path, line, "the row has %d fields, the header %d", len(rec), len(header))
		case !validUTF8(rec):
			ps.Add(src.Path, line, "the row is not UTF-8 text: export the CSV again as UTF-8")
		default:
			rw, msgs := readRow(rec, &cols, line)
			for _, m := range msgs {
				ps.Add(src.Path, line, "%s", m)
			}
			if len(msgs) == 0 {
				rows = append(rows, rw)
			}
		}
	}
	return rows
}

func csvError(err error) string {
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		return fmt.Sprintf("%s (line %d, column %d)", pe.Err, pe.Line, pe.Column)
	}
	return err.Error()
}

func blank(rec []string) bool {
	for _, f := range rec {
		if f != "" {
			return false
		}
	}
	return true
}

func validUTF8(rec []string) bool {
	for _, f := range rec {
		if !utf8.ValidString(f) {
			return false
		}
	}
	return true
}

// readRow makes an item of a row; msgs are what makes the row unreadable.
func readRow(rec []string, c *columns, line int) (row, []string) {
	key := first(rec, c.key)
	switch {
	case key == "":
		return row{}, []string{"the row has no issue key"}
	case !keyPattern.MatchString(key):
		return row{}, []string{fmt.Sprintf("issue key %q is not a Jira key like PAY-12", key)}
	}
	f := fieldReader{rec: rec, key: key}
	it := importer.Item{
		Key:         key,
		Line:        line,
		Title:       importer.CleanLine(first(rec, c.summary)),
		Description: wikiToMarkdown(importer.CleanText(first(rec, c.description))),
		Priority:    priority(first(rec, c.priority)),
		Themes:      all(rec, c.labels),
		Versions:    all(rec, c.versions),
		Sprints:     all(rec, c.sprint),
		Rank:        first(rec, c.rank),
		Created:     f.date("created", c.created, true),
		Resolved:    f.date("resolved", c.resolved, false),
	}
	if it.Title == "" {
		f.fail("summary is empty")
	}
	if comps := all(rec, c.components); len(comps) > 0 {
		it.Category = comps[0]
	}
	issueType := first(rec, c.issueType)
	it.Epic = strings.EqualFold(issueType, "epic")
	it.Kind = importer.KindFeature
	if !it.Epic {
		it.Kind = kind(issueType)
	}
	it.Points, it.HasPoints = f.points(c.points)
	changed := f.date("status category changed", c.categoryChanged, false)
	r := row{id: first(rec, c.id), subtask: isSubtask(issueType), project: first(rec, c.project)}
	r.updated = f.date("updated", c.updated, false)
	it.Status = status(first(rec, c.category), first(rec, c.status), first(rec, c.resolution), !it.Resolved.IsZero())
	it.Started = changed
	if it.Status >= importer.Done && it.Resolved.IsZero() {
		it.Resolved = importer.MaxDate(it.Created, importer.MaxDate(r.updated, changed))
		it.ResolvedGuessed = true
	}
	for _, idx := range [][]int{c.parentKey, c.epicLink, c.parent, c.parentID} {
		r.parents = append(r.parents, first(rec, idx))
	}
	r.item = it
	return r, f.msgs
}

// parent resolves the row's parent reference to an issue key; a reference
// to an issue not in the export is kept as it is (the assembler says so).
func (r *row) parent(byKey map[string]*row, byID map[string]string) string {
	unresolved := ""
	for _, ref := range r.parents {
		switch {
		case ref == "":
		case byKey[ref] != nil:
			return ref
		case byID[ref] != "":
			return byID[ref]
		case unresolved == "":
			unresolved = ref
		}
	}
	return unresolved
}

// fieldReader reads the typed fields of one row, collecting what is wrong.
type fieldReader struct {
	rec  []string
	key  string
	msgs []string
}

func (f *fieldReader) fail(format string, args ...any) {
	f.msgs = append(f.msgs, fmt.Sprintf("issue %s: ", f.key)+fmt.Sprintf(format, args...))
}

func (f *fieldReader) date(name string, idx []int, required bool) importer.Date {
	s := first(f.rec, idx)
	if s == "" {
		if required {
			f.fail("%s is empty", name)
		}
		return importer.Date{}
	}
	d, ok := parseDate(s)
	if !ok {
		f.fail("%s %q is not a date like 12/Mar/26 3:04 PM or 2026-03-12", name, s)
	}
	return d
}

func (f *fieldReader) points(idx []int) (float64, bool) {
	s := first(f.rec, idx)
	if s == "" {
		return 0, false
	}
	p, ok := parsePoints(s)
	if !ok {
		f.fail("story points %q is not a number of zero or more", s)
	}
	return p, ok
}
