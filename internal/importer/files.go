package importer

import (
	"fmt"
	"slices"
	"strings"
)

// File is one file of a site directory: its slash-separated path and text.
type File struct {
	Path string
	Data []byte
}

// Files renders the site as the files of a site directory, sorted by path.
// The same Site always gives the same bytes.
func (s *Site) Files() []File {
	header := fmt.Sprintf("# Imported from %s by backlogsite import: README.md says what was guessed.\n\n", s.Source)
	files := []File{
		{"site.toml", []byte(header + s.siteTOML())},
		{"README.md", []byte(s.readme())},
	}
	byFile := map[string]*strings.Builder{}
	var names []string
	for _, f := range s.Features {
		b := byFile[f.File]
		if b == nil {
			b = &strings.Builder{}
			b.WriteString(header)
			byFile[f.File] = b
			names = append(names, f.File)
		} else {
			b.WriteByte('\n')
		}
		writeFeature(b, f)
	}
	for _, n := range names {
		files = append(files, File{"backlog/" + n + ".toml", []byte(byFile[n].String())})
	}
	for _, r := range s.Releases {
		files = append(files, File{"releases/" + r.ID + ".toml", []byte(header + releaseTOML(r))})
	}
	for _, sp := range s.Sprints {
		files = append(files, File{"sprints/" + sp.ID + ".toml", []byte(header + sprintTOML(sp))})
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files
}

// siteTOML is site.toml: a one-metric scorecard, the priority, since an
// export has no business value to score by.
func (s *Site) siteTOML() string {
	var b strings.Builder
	fields := []field{strField("title", s.Title), strField("description", s.Description), {key: "unit", value: quote("points")}}
	if !s.AsOf.IsZero() {
		fields = append(fields, field{key: "as_of", value: s.AsOf.String()})
	}
	writeFields(&b, fields)
	b.WriteString("\n[scorecard]\n")
	writeFields(&b, []field{{key: "equation", value: quote("priority")}})
	b.WriteString("\n[[scorecard.metric]]\n")
	writeFields(&b, []field{
		{key: "key", value: quote("priority")},
		strField("label", s.ScoreLabel),
		{key: "min", value: "1"},
		{key: "max", value: "4"},
	})
	return b.String()
}

func writeFeature(b *strings.Builder, f Feature) {
	b.WriteString("[[feature]]\n")
	fields := []field{strField("id", f.ID), strField("title", f.Title)}
	if f.Kind != "" && f.Kind != KindFeature {
		fields = append(fields, field{key: "kind", value: quote(string(f.Kind))})
	}
	if f.Rank > 0 {
		fields = append(fields, field{key: "rank", value: fmt.Sprint(f.Rank)})
	}
	if f.Status != "" {
		fields = append(fields, field{key: "status", value: quote(f.Status)})
	}
	if !f.DoneOn.IsZero() {
		fields = append(fields, field{key: "done_on", value: f.DoneOn.String()})
	}
	if f.Category != "" {
		fields = append(fields, strField("category", f.Category))
	}
	if len(f.Themes) > 0 {
		fields = append(fields, field{key: "themes", list: f.Themes})
	}
	fields = append(fields,
		field{key: "estimate", value: formatNumber(f.Estimate)},
		field{key: "scores", value: fmt.Sprintf("{ priority = %d }", f.Score)})
	if f.Description != "" {
		fields = append(fields, strField("description", f.Description))
	}
	writeFields(b, fields)
}

func releaseTOML(r Release) string {
	var b strings.Builder
	fields := []field{strField("id", r.ID)}
	if r.Name != r.ID {
		fields = append(fields, strField("name", r.Name))
	}
	fields = append(fields,
		field{key: "start", value: r.Start.String()},
		field{key: "date", value: r.Date.String()},
		field{key: "capacity", value: formatNumber(r.Capacity)},
		field{key: "features", list: nonNil(r.Features)})
	if r.Description != "" {
		fields = append(fields, strField("description", r.Description))
	}
	writeFields(&b, fields)
	return b.String()
}

func sprintTOML(s Sprint) string {
	var b strings.Builder
	fields := []field{strField("id", s.ID)}
	if s.Name != s.ID {
		fields = append(fields, strField("name", s.Name))
	}
	if s.Release != "" {
		fields = append(fields, strField("release", s.Release))
	}
	fields = append(fields, field{key: "start", value: s.Start.String()}, field{key: "end", value: s.End.String()})
	if s.Goal != "" {
		fields = append(fields, strField("goal", s.Goal))
	}
	writeFields(&b, fields)
	for _, st := range s.Stories {
		b.WriteString("\n[[story]]\n")
		writeFields(&b, []field{
			strField("id", st.ID),
			strField("feature", st.Feature),
			strField("title", st.Title),
			{key: "estimate", value: formatNumber(st.Estimate)},
			{key: "priority", value: quote(string(st.Priority))},
		})
	}
	for _, e := range s.Log {
		b.WriteString("\n[[log]]\n")
		fields := []field{{key: "date", value: e.Date.String()}}
		for _, l := range []struct {
			key string
			ids []string
		}{{"added", e.Added}, {"started", e.Started}, {"done", e.Done}} {
			if len(l.ids) > 0 {
				fields = append(fields, field{key: l.key, list: l.ids})
			}
		}
		writeFields(&b, fields)
	}
	return b.String()
}

// nonNil keeps an empty list an array (features = []) rather than a
// missing value.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
