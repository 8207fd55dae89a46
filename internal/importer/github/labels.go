package github

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/backlogsite/backlogsite/internal/importer"
)

// number is how a points label writes its number.
const number = `([0-9]+(?:\.[0-9]+)?)`

// defaultPoints recognise the usual points labels: "points/3",
// "points: 3", "size: 3", "sp: 3", "3 points", "3 pts".
func defaultPoints() []string {
	return []string{
		`(?i)^(?:points?|size|sp|estimate)\s*[:/=]?\s*` + number + `$`,
		`(?i)^` + number + `\s*(?:points?|pts|sp)$`,
	}
}

// Points finds the number of a points label.
type Points struct{ res []*regexp.Regexp }

// NewPoints makes a Points for a pattern such as "size: {n}", where {n} is
// the number; spaces in the pattern match any spacing, letters any case.
// An empty pattern gives the default labels.
func NewPoints(pattern string) (Points, error) {
	if pattern == "" {
		var p Points
		for _, re := range defaultPoints() {
			p.res = append(p.res, regexp.MustCompile(re))
		}
		return p, nil
	}
	before, after, ok := strings.Cut(pattern, "{n}")
	if !ok || strings.Contains(after, "{n}") {
		return Points{}, fmt.Errorf("points label pattern %q must contain {n} once, where the number is (like 'size: {n}')", pattern)
	}
	re := "(?i)^" + loose(before) + number + loose(after) + "$"
	return Points{res: []*regexp.Regexp{regexp.MustCompile(re)}}, nil
}

// loose quotes a literal part of a pattern, letting its spaces match any
// spacing ("size: 3" and "size:3" are the same label to a person).
func loose(s string) string {
	parts := strings.Fields(s)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	re := strings.Join(parts, `\s*`)
	if strings.HasPrefix(s, " ") && re != "" {
		re = `\s*` + re
	}
	if strings.HasSuffix(s, " ") && re != "" {
		re += `\s*`
	}
	return re
}

func (p Points) match(label string) (float64, bool) {
	for _, re := range p.res {
		if m := re.FindStringSubmatch(strings.TrimSpace(label)); m != nil {
			f, err := strconv.ParseFloat(m[1], 64)
			return f, err == nil && f <= 1e15
		}
	}
	return 0, false
}

// labelName is a label without a "type:", "kind/" or "status: " style
// prefix, lower-cased: how the kind, epic and progress labels are known.
func labelName(label string) string {
	l := strings.ToLower(strings.TrimSpace(label))
	for _, prefix := range []string{"type", "kind", "status", "state"} {
		if rest, ok := strings.CutPrefix(l, prefix); ok {
			if r := strings.TrimLeft(rest, " :/-"); len(r) < len(rest) {
				return r
			}
		}
	}
	return l
}

// priorityOf reads a priority label: "priority: high", "priority/critical",
// "P1", "urgent".
func priorityOf(label string) (importer.Priority, bool) {
	l := strings.ToLower(strings.TrimSpace(label))
	for _, prefix := range []string{"priority", "prio"} {
		if rest, ok := strings.CutPrefix(l, prefix); ok {
			l = strings.TrimLeft(rest, " :/-")
			break
		}
	}
	switch l {
	case "p0", "critical", "urgent", "blocker", "highest":
		return importer.Critical, true
	case "p1", "high":
		return importer.High, true
	case "p2", "medium", "normal":
		return importer.Medium, true
	case "p3", "p4", "low", "lowest":
		return importer.Low, true
	}
	return "", false
}

func kindOf(name string) (importer.Kind, bool) {
	switch name {
	case "bug", "defect", "regression":
		return importer.KindBug, true
	case "tech", "tech debt", "technical debt", "tech-debt", "chore", "refactor", "refactoring", "infrastructure", "maintenance":
		return importer.KindTech, true
	}
	return "", false
}

func isProgress(name string) bool {
	switch name {
	case "in progress", "in-progress", "wip", "doing", "in review":
		return true
	}
	return false
}
