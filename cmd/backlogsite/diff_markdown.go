package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/plandiff"
)

// diffMarkdown is `diff --format markdown`: GitHub-flavoured Markdown for a
// pull request comment, one table per kind of item.
func diffMarkdown(d *plandiff.Diff) string {
	if !d.Changed {
		return fmt.Sprintf("No change to any release, feature or sprint as of %s.\n", d.AsOf)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "### What this change does to the plan\n\nBoth versions computed as of %s; sizes in %s.\n", d.AsOf, unitName(d.Unit))
	if len(d.Releases) > 0 {
		b.WriteString("\n#### Releases\n\n| Release | Date | Scope / capacity | Cut line after | Below the line | Forecast | P85 | On time |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n")
		for _, r := range d.Releases {
			writeReleaseRow(&b, r)
		}
	}
	if len(d.Features) > 0 {
		b.WriteString("\n#### Features\n\n| Feature | Change |\n| --- | --- |\n")
		for _, f := range d.Features {
			title := f.New
			if title == nil {
				title = f.Old
			}
			fmt.Fprintf(&b, "| %s | %s |\n", label(f.ID, title.Title, true, true), featureChange(f))
		}
	}
	if len(d.Sprints) > 0 {
		b.WriteString("\n#### Sprints\n\n| Sprint | Dates | Committed / capacity | Over capacity |\n| --- | --- | --- | --- |\n")
		for _, s := range d.Sprints {
			writeSprintRow(&b, s)
		}
	}
	return b.String()
}

func unitName(u model.Unit) string {
	if u == "" {
		return string(model.UnitPoints)
	}
	return string(u)
}

// side shows one figure before and after: "a → b", or "a" when both read
// the same, and the one side there is for an item added or removed.
func side[T any](old, new *T, show func(*T) string) string {
	switch {
	case old == nil:
		return show(new)
	case new == nil:
		return show(old)
	}
	a, b := show(old), show(new)
	if a == b {
		return a
	}
	return a + " → " + b
}

// label names an item with what became of it: "**R** Name", plus "(added)"
// or "(removed)".
func label(id, name string, old, new bool) string {
	s := "**" + md(id) + "**"
	if name != "" && name != id {
		s += " " + md(name)
	}
	switch {
	case !old:
		s += " (added)"
	case !new:
		s += " (removed)"
	}
	return s
}

func writeReleaseRow(b *strings.Builder, r plandiff.ReleaseDiff) {
	type st = plandiff.ReleaseState
	name := side(r.Old, r.New, func(s *st) string { return s.Name })
	cells := []string{
		label(r.ID, name, r.Old != nil, r.New != nil),
		side(r.Old, r.New, func(s *st) string { return dateText(s.Date) }),
		side(r.Old, r.New, func(s *st) string { return num(s.Scope) }) + " / " +
			side(r.Old, r.New, func(s *st) string { return num(s.Capacity) }),
		side(r.Old, r.New, func(s *st) string { return md(orDash(s.CutAfter)) }),
		side(r.Old, r.New, func(s *st) string { return strconv.Itoa(s.Over) }),
		side(r.Old, r.New, func(s *st) string { return dateText(s.Forecast) }),
		side(r.Old, r.New, func(s *st) string { return dateText(s.P85) }),
		side(r.Old, r.New, func(s *st) string { return pctText(s.OnTime) }),
	}
	fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
}

func writeSprintRow(b *strings.Builder, s plandiff.SprintDiff) {
	type st = plandiff.SprintState
	name := side(s.Old, s.New, func(x *st) string { return x.Name })
	cells := []string{
		label(s.ID, name, s.Old != nil, s.New != nil),
		side(s.Old, s.New, func(x *st) string { return dateText(x.Start) + " – " + dateText(x.End) }),
		side(s.Old, s.New, func(x *st) string { return num(x.Committed) }) + " / " +
			side(s.Old, s.New, func(x *st) string { return numPtr(x.Capacity) }),
		side(s.Old, s.New, func(x *st) string { return yesNo(x.Overcommitted) }),
	}
	fmt.Fprintf(b, "| %s |\n", strings.Join(cells, " | "))
}

// featureChange says in words what changed of one feature.
func featureChange(f plandiff.FeatureDiff) string {
	a, b := f.Old, f.New
	var parts []string
	for _, c := range f.Changes {
		switch c {
		case plandiff.Added:
			parts = append(parts, "added at position "+strconv.Itoa(b.Position)+releasePlace(b)+", size "+num(b.Size))
		case plandiff.Removed:
			parts = append(parts, "removed (was at position "+strconv.Itoa(a.Position)+releasePlace(a)+")")
		case plandiff.Moved:
			parts = append(parts, fmt.Sprintf("moved %s in the backlog, position %d → %d", upDown(a.Position, b.Position), a.Position, b.Position))
		case plandiff.Release:
			part := "release " + md(orNone(a.Release)) + " → " + md(orNone(b.Release))
			if b.Release != nil {
				part += ", " + b.Line + " the cut line"
			}
			parts = append(parts, part)
		case plandiff.Reranked:
			parts = append(parts, fmt.Sprintf("moved %s in release %s, rank %d → %d", upDown(a.ReleaseRank, b.ReleaseRank), md(*b.Release), a.ReleaseRank, b.ReleaseRank))
		case plandiff.CutLine:
			parts = append(parts, "now "+b.Line+" the cut line of "+md(*b.Release))
		case plandiff.Score:
			parts = append(parts, "score "+numPtr(a.Score)+" → "+numPtr(b.Score))
		case plandiff.Size:
			parts = append(parts, "size "+num(a.Size)+" → "+num(b.Size))
		case plandiff.Status:
			parts = append(parts, "status "+statusText(a.Status)+" → "+statusText(b.Status))
		}
	}
	return strings.Join(parts, "; ")
}

// releasePlace is ", in R, above the cut line" for a feature in a release.
func releasePlace(s *plandiff.FeatureState) string {
	if s.Release == nil {
		return ""
	}
	return ", in " + md(*s.Release) + ", " + s.Line + " the cut line"
}

func upDown(from, to int) string {
	if to < from {
		return "up"
	}
	return "down"
}

func statusText(s model.Status) string {
	return strings.ReplaceAll(string(s), "_", " ")
}

func orDash(s *string) string {
	if s == nil {
		return "–"
	}
	return *s
}

func orNone(s *string) string {
	if s == nil {
		return "none"
	}
	return *s
}

func dateText(d model.Date) string {
	if d.IsZero() {
		return "–"
	}
	return d.String()
}

// num shows a figure as the site does: one decimal from 1 up, two
// significant digits below, no float noise.
func num(x float64) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		if x == 0 {
			return "0"
		}
		return "–"
	}
	if math.Abs(x) >= 1 {
		return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', 2, 64)
}

func numPtr(x *float64) string {
	if x == nil {
		return "–"
	}
	return num(*x)
}

// pctText shows a chance in whole percent, as the site does: never 0% or
// 100% for one that is neither.
func pctText(p *float64) string {
	if p == nil {
		return "–"
	}
	v := *p * 100
	switch {
	case v > 0 && v < 0.5:
		return "<1%"
	case v < 100 && v >= 99.5:
		return ">99%"
	}
	return strconv.Itoa(int(math.Round(v))) + "%"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// md escapes text from the plan's files for a Markdown table cell, so
// that a title shows as written and cannot end the cell or add a link,
// an image or markup to the comment. Characters that only mean something
// at the start of a line (#, -, +, 1.) are safe in a cell.
func md(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x80 && strings.ContainsRune("\\`*_[]<>|~&", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
