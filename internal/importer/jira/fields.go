package jira

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/backlogsite/backlogsite/internal/importer"
)

// parseDate reads the dates of a Jira CSV: the default "12/Mar/26 3:04 PM"
// (day/month/year, two or four digits, with or without the time) and the
// ISO forms of a changed date format or of the REST API. Only the day is
// kept, as written.
func parseDate(s string) (importer.Date, bool) {
	s = strings.TrimSpace(s)
	if d, ok := importer.ParseISODate(s); ok {
		return d, true
	}
	day, clock, _ := strings.Cut(s, " ")
	parts := strings.Split(day, "/")
	if len(parts) != 3 || !validJiraClock(clock) {
		return importer.Date{}, false
	}
	d, err1 := strconv.Atoi(parts[0])
	y, err2 := strconv.Atoi(parts[2])
	m := month(parts[1])
	if err1 != nil || err2 != nil || m == 0 || len(parts[0]) > 2 {
		return importer.Date{}, false
	}
	switch len(parts[2]) {
	case 2:
		y += 2000
	case 4:
	default:
		return importer.Date{}, false
	}
	return importer.NewDate(y, m, d)
}

func month(s string) time.Month {
	for m := time.January; m <= time.December; m++ {
		if strings.EqualFold(s, m.String()[:3]) {
			return m
		}
	}
	return 0
}

// validJiraClock accepts "", "3:04 PM", "15:04" and "15:04:05".
func validJiraClock(s string) bool {
	if s == "" {
		return true
	}
	hm, ampm, hasAMPM := strings.Cut(s, " ")
	if hasAMPM && !strings.EqualFold(ampm, "AM") && !strings.EqualFold(ampm, "PM") {
		return false
	}
	parts := strings.Split(hm, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 59 || (i > 0 && len(p) != 2) || (i == 0 && n > 23) {
			return false
		}
	}
	return true
}

// maxEstimate is the format's bound on numbers.
const maxEstimate = 1e15

// parsePoints reads a story point value: "3", "2.5", and "2,5" from a
// spreadsheet in a decimal-comma locale.
func parsePoints(s string) (float64, bool) {
	if !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > maxEstimate {
		return 0, false
	}
	return f, true
}

// priority maps Jira's priorities, of both the current scheme (Highest …
// Lowest) and the older one (Blocker … Trivial).
func priority(s string) importer.Priority {
	switch strings.ToLower(s) {
	case "highest", "blocker", "critical", "urgent":
		return importer.Critical
	case "high", "major":
		return importer.High
	case "low", "lowest", "minor", "trivial":
		return importer.Low
	}
	return importer.Medium
}

// kind maps an issue type to the site's kind of feature, for issues that
// stand for themselves.
func kind(issueType string) importer.Kind {
	t := strings.ToLower(issueType)
	switch {
	case strings.Contains(t, "bug") || strings.Contains(t, "defect") || strings.Contains(t, "incident"):
		return importer.KindBug
	case strings.Contains(t, "task") || strings.Contains(t, "spike") || strings.Contains(t, "chore") ||
		strings.Contains(t, "tech") || strings.Contains(t, "debt"):
		return importer.KindTech
	}
	return importer.KindFeature
}

func isSubtask(issueType string) bool {
	t := strings.ToLower(strings.ReplaceAll(issueType, "-", ""))
	return strings.Contains(t, "subtask")
}

// notDone are resolutions that close an issue without doing it.
func notDone(resolution string) bool {
	switch strings.ToLower(strings.ReplaceAll(resolution, "’", "'")) {
	case "won't do", "won't fix", "wont do", "wont fix", "duplicate", "cannot reproduce",
		"declined", "rejected", "obsolete", "not a bug", "invalid", "incomplete":
		return true
	}
	return false
}

// status places an issue in the workflow from its status category, which
// every Jira status has whatever its name; exports without the column fall
// back to the resolution and common status names.
func status(category, name, resolution string, resolved bool) importer.Status {
	closed := false
	switch strings.ToLower(category) {
	case "done":
		closed = true
	case "in progress", "indeterminate":
		return importer.InProgress
	case "to do", "new":
		return importer.ToDo
	default:
		switch strings.ToLower(name) {
		case "done", "closed", "resolved", "released", "complete", "completed":
			closed = true
		case "in progress", "in review", "in development", "review", "code review", "testing", "in qa", "qa":
			return importer.InProgress
		}
		closed = closed || resolved
	}
	switch {
	case closed && notDone(resolution):
		return importer.Dropped
	case closed:
		return importer.Done
	}
	return importer.ToDo
}
