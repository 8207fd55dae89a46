package github

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/backlogsite/backlogsite/internal/importer"
)

// issueJSON is one issue of `gh issue list --json
// number,title,body,state,stateReason,labels,milestone,createdAt,closedAt`.
type issueJSON struct {
	Number      int    `json:"number"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	State       string `json:"state"`
	StateReason string `json:"stateReason"`
	Labels      []struct {
		Name string `json:"name"`
	} `json:"labels"`
	Milestone *struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		DueOn       string `json:"dueOn"`
	} `json:"milestone"`
	CreatedAt string `json:"createdAt"`
	ClosedAt  string `json:"closedAt"`
}

// issue is an issue read, with what linking needs besides its item.
type issue struct {
	item            importer.Item
	number          int
	body            string
	epic            bool
	milestone       string
	milestoneInfo   milestone
	created, closed importer.Date
	pointConflict   bool
}

func readIssues(src importer.Source, points Points, ps *importer.Problems) []issue {
	var out []issue
	seen := map[int]int{}
	for _, e := range importer.ReadJSONList[issueJSON](src, "", ps) {
		j := e.Value
		if j.Number <= 0 {
			ps.Add(src.Path, e.Line, "an issue has no number")
			continue
		}
		if line, dup := seen[j.Number]; dup {
			ps.Add(src.Path, e.Line, "issue #%d is already on line %d", j.Number, line)
			continue
		}
		seen[j.Number] = e.Line
		c := checker{path: src.Path, line: e.Line, number: j.Number, ps: ps}
		is := c.issue(j, points)
		if !c.failed {
			out = append(out, is)
		}
	}
	return out
}

// checker reads one issue, reporting what is wrong with it.
type checker struct {
	path   string
	line   int
	number int
	ps     *importer.Problems
	failed bool
}

func (c *checker) fail(format string, args ...any) {
	c.ps.Add(c.path, c.line, "issue #%d: "+format, append([]any{c.number}, args...)...)
	c.failed = true
}

func (c *checker) date(field, s string, required bool) importer.Date {
	if s == "" {
		if required {
			c.fail("%s is missing", field)
		}
		return importer.Date{}
	}
	d, ok := importer.ParseISODate(s)
	if !ok {
		c.fail("%s %q is not a time like 2026-03-02T10:00:00Z", field, s)
	}
	return d
}

func (c *checker) issue(j issueJSON, points Points) issue {
	is := issue{number: j.Number, body: j.Body}
	it := importer.Item{
		Key:         key(j.Number),
		Line:        c.line,
		Title:       importer.CleanLine(j.Title),
		Description: importer.CleanText(j.Body),
		Kind:        importer.KindFeature,
		Priority:    importer.Medium,
	}
	if it.Title == "" {
		c.fail("title is empty")
	}
	is.created = c.date("createdAt", j.CreatedAt, true)
	is.closed = c.date("closedAt", j.ClosedAt, false)
	it.Created = is.created
	switch strings.ToUpper(j.State) {
	case "OPEN":
		it.Status = importer.ToDo
	case "CLOSED":
		it.Status = importer.Done
		if r := strings.ToUpper(j.StateReason); r == "NOT_PLANNED" || r == "DUPLICATE" {
			it.Status = importer.Dropped
		}
		it.Resolved = is.closed
		if it.Resolved.IsZero() {
			it.Resolved, it.ResolvedGuessed = is.created, true
		}
	default:
		c.fail("state %q is not OPEN or CLOSED", j.State)
	}
	c.labels(&is, &it, j, points)
	if m := j.Milestone; m != nil && strings.TrimSpace(m.Title) != "" {
		is.milestone = strings.TrimSpace(m.Title)
		is.milestoneInfo = milestone{title: is.milestone, description: importer.CleanText(m.Description), open: true}
		is.milestoneInfo.due = c.date("milestone dueOn", m.DueOn, false)
	}
	is.item = it
	return is
}

// labels reads what the labels say: points, priority, kind, epic, work in
// progress; the other labels are the feature's themes.
func (c *checker) labels(is *issue, it *importer.Item, j issueJSON, points Points) {
	for _, l := range j.Labels {
		name := strings.TrimSpace(l.Name)
		if name == "" {
			continue
		}
		if p, ok := points.match(name); ok {
			is.pointConflict = it.HasPoints && p != it.Points
			it.Points, it.HasPoints = max(it.Points, p), true
			continue
		}
		if p, ok := priorityOf(name); ok {
			it.Priority = p
			continue
		}
		n := labelName(name)
		switch k, isKind := kindOf(n); {
		case isKind:
			it.Kind = k
		case n == "epic":
			is.epic = true
		case isProgress(n):
			if it.Status == importer.ToDo {
				it.Status = importer.InProgress
			}
		default:
			it.Themes = append(it.Themes, name)
		}
	}
}

// taskListRefs are the issues an epic's task list names: "- [ ] #12".
var taskListItem = regexp.MustCompile(`(?m)^[ \t]*[-*+][ \t]+\[[ xX]\][ \t]+#([0-9]+)\b`)

func taskListRefs(body string) []int {
	var out []int
	for _, m := range taskListItem.FindAllStringSubmatch(body, -1) {
		if n, err := strconv.Atoi(m[1]); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// partOfLine is an issue saying which epic it belongs to: "Part of #12",
// "Parent: #12", "Epic: #12" on a line of its own.
var partOfLine = regexp.MustCompile(`(?im)^[ \t]*(?:part of|parent|epic)[ \t]*:?[ \t]*#([0-9]+)\b`)

func partOf(body string) (int, bool) {
	m := partOfLine.FindStringSubmatch(body)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}
