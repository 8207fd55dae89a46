package jira

import (
	"testing"

	"github.com/backlogsite/backlogsite/internal/importer"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"12/Mar/26 3:04 PM", "2026-03-12"},
		{"2/mar/26 11:59 am", "2026-03-02"},
		{"12/Mar/2026 15:04", "2026-03-12"},
		{"12/Mar/26", "2026-03-12"},
		{"12/Mar/26 15:04:05", "2026-03-12"},
		{"2026-03-12T15:04:05.000+0100", "2026-03-12"},
		{"2026-03-12 15:04", "2026-03-12"},
		{"2026-03-12", "2026-03-12"},
		{"31/Feb/26 3:04 PM", ""},
		{"12/Mrz/26", ""},
		{"12/03/26", ""},
		{"12/Mar/26 3:04 XM", ""},
		{"12/Mar/26 25:00", ""},
		{"12/Mar/026", ""},
		{"yesterday", ""},
	} {
		d, ok := parseDate(tc.in)
		if got := d.String(); ok != (tc.want != "") || got != tc.want {
			t.Errorf("parseDate(%q) = %q, %v; want %q", tc.in, got, ok, tc.want)
		}
	}
}

func TestParsePoints(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"3", 3, true}, {"3.0", 3, true}, {"0.5", 0.5, true}, {"2,5", 2.5, true}, {"0", 0, true},
		{"-1", 0, false}, {"three", 0, false}, {"NaN", 0, false}, {"Inf", 0, false}, {"1e16", 0, false}, {"1,000.5", 0, false},
	} {
		got, ok := parsePoints(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("parsePoints(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		category, name, resolution string
		resolved                   bool
		want                       importer.Status
	}{
		{"Done", "Closed", "Done", true, importer.Done},
		{"Done", "Closed", "Won't Do", true, importer.Dropped},
		{"Done", "Closed", "Won’t Fix", true, importer.Dropped},
		{"Done", "Closed", "Duplicate", true, importer.Dropped},
		{"In Progress", "Code review", "", false, importer.InProgress},
		{"To Do", "Backlog", "", false, importer.ToDo},
		{"", "In Review", "", false, importer.InProgress},
		{"", "Selected", "Fixed", true, importer.Done},
		{"", "Resolved", "", false, importer.Done},
		{"", "Open", "", false, importer.ToDo},
	} {
		if got := status(tc.category, tc.name, tc.resolution, tc.resolved); got != tc.want {
			t.Errorf("status(%q, %q, %q, %v) = %v, want %v", tc.category, tc.name, tc.resolution, tc.resolved, got, tc.want)
		}
	}
}

func TestPriorityAndKind(t *testing.T) {
	for in, want := range map[string]importer.Priority{
		"Highest": importer.Critical, "Blocker": importer.Critical, "High": importer.High, "Major": importer.High,
		"Medium": importer.Medium, "": importer.Medium, "P9": importer.Medium, "Low": importer.Low, "Lowest": importer.Low, "Trivial": importer.Low,
	} {
		if got := priority(in); got != want {
			t.Errorf("priority(%q) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]importer.Kind{
		"Story": importer.KindFeature, "Bug": importer.KindBug, "Production Incident": importer.KindBug, "Task": importer.KindTech,
		"Spike": importer.KindTech, "Technical debt": importer.KindTech, "Improvement": importer.KindFeature, "New Feature": importer.KindFeature,
	} {
		if got := kind(in); got != want {
			t.Errorf("kind(%q) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]bool{"Sub-task": true, "Subtask": true, "Technical sub-task": true, "Task": false} {
		if isSubtask(in) != want {
			t.Errorf("isSubtask(%q) = %v", in, !want)
		}
	}
}
