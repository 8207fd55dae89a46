package importer

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func sampleSite() *Site {
	return &Site{
		Title: "Payments", Description: "Imported.", AsOf: day("2026-03-20"), ScoreLabel: "Priority",
		Source: "Jira", Inputs: []string{"issues.csv"},
		Features: []Feature{
			{File: "PAY", ID: "PAY-1", Title: `Checkout "v2"`, Rank: 1, Category: "Web", Themes: []string{"checkout", "mobile"}, Estimate: 8, Score: 3, Description: "Line one\nLine two"},
			{File: "PAY", ID: "PAY-9", Title: "Crash on Café", Kind: KindBug, Status: "done", DoneOn: day("2026-03-04"), Estimate: 0.5, Score: 4},
		},
		Releases: []Release{{ID: "2026.1", Name: "2026.1", Start: day("2026-03-02"), Date: day("2026-03-27"), Capacity: 8.5, Features: []string{"PAY-1", "PAY-9"}}},
		Sprints: []Sprint{{ID: "PAY-Sprint-1", Name: "PAY Sprint 1", Release: "2026.1", Start: day("2026-03-02"), End: day("2026-03-13"), Goal: "Cards",
			Stories: []Story{{ID: "PAY-2", Feature: "PAY-1", Title: "Pay, quickly", Estimate: 3, Priority: High}},
			Log:     []LogEntry{{Date: day("2026-03-04"), Added: []string{"PAY-2"}, Done: []string{"PAY-2"}}}}},
	}
}

func TestFilesFormat(t *testing.T) {
	files := sampleSite().Files()
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	if got := strings.Join(paths, " "); got != "README.md backlog/PAY.toml releases/2026.1.toml site.toml sprints/PAY-Sprint-1.toml" {
		t.Fatalf("paths: %s", got)
	}
	want := `# Imported from Jira by backlogsite import: README.md says what was guessed.

id      = "PAY-Sprint-1"
name    = "PAY Sprint 1"
release = "2026.1"
start   = 2026-03-02
end     = 2026-03-13
goal    = "Cards"

[[story]]
id       = "PAY-2"
feature  = "PAY-1"
title    = "Pay, quickly"
estimate = 3
priority = "high"

[[log]]
date  = 2026-03-04
added = ["PAY-2"]
done  = ["PAY-2"]
`
	if got := string(files[4].Data); got != want {
		t.Errorf("sprint file:\n%s\nwant\n%s", got, want)
	}
	backlog := string(files[1].Data)
	for _, part := range []string{"title       = \"Checkout \\\"v2\\\"\"\n", "description = \"\"\"\nLine one\nLine two\\\n\"\"\"\n", "kind     = \"bug\"\n", "estimate = 0.5\n", "\n\n[[feature]]\nid       = \"PAY-9\""} {
		if !strings.Contains(backlog, part) {
			t.Errorf("backlog file lacks %q:\n%s", part, backlog)
		}
	}
}

func TestFilesAreDeterministic(t *testing.T) {
	a, b := sampleSite().Files(), sampleSite().Files()
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("%s differs between two renderings", a[i].Path)
		}
	}
}

// FuzzSiteFiles: whatever the text and numbers, every TOML file written
// parses and holds them unchanged.
func FuzzSiteFiles(f *testing.F) {
	f.Add("Payments", "Line one\nLine two", "Pay \"now\"", "Cards", 3.0, 0.5)
	f.Add("", "\"\"\"", "\\", "\r\n", 0.0, 1e15)
	f.Add("é\x00", "x\"", "\xff", "\t", 1e-9, 123456.789)
	f.Fuzz(func(t *testing.T, title, desc, storyTitle, goal string, estimate, capacity float64) {
		if math.IsNaN(estimate) || math.IsInf(estimate, 0) || math.IsNaN(capacity) || math.IsInf(capacity, 0) {
			return // readers never pass these on
		}
		s := sampleSite()
		s.Title, s.Features[0].Description, s.Sprints[0].Goal = title, desc, goal
		s.Sprints[0].Stories[0].Title, s.Sprints[0].Stories[0].Estimate = storyTitle, estimate
		s.Releases[0].Capacity = capacity
		valid := func(v string) string { return strings.ToValidUTF8(v, "\uFFFD") }
		for _, file := range s.Files() {
			if !strings.HasSuffix(file.Path, ".toml") {
				continue
			}
			var m map[string]any
			if _, err := toml.Decode(string(file.Data), &m); err != nil {
				t.Fatalf("%s does not parse: %v\n%s", file.Path, err, file.Data)
			}
			switch file.Path {
			case "site.toml":
				expect(t, file.Path, m["title"], valid(title))
			case "backlog/PAY.toml":
				feature := m["feature"].([]map[string]any)[0]
				if desc != "" {
					expect(t, file.Path, feature["description"], valid(desc))
				}
			case "releases/2026.1.toml":
				expect(t, file.Path, number(m["capacity"]), capacity)
			case "sprints/PAY-Sprint-1.toml":
				st := m["story"].([]map[string]any)[0]
				expect(t, file.Path, st["title"], valid(storyTitle))
				expect(t, file.Path, number(st["estimate"]), estimate)
				if goal != "" {
					expect(t, file.Path, m["goal"], valid(goal))
				}
			}
		}
	})
}

func number(v any) any {
	if i, ok := v.(int64); ok {
		return float64(i)
	}
	return v
}

func expect(t *testing.T, path string, got, want any) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: read back %#v, wrote %#v", path, got, want)
	}
}

func TestReadmeNamesInputsWithoutTheirFolder(t *testing.T) {
	s := sampleSite()
	s.Inputs = []string{"/home/ana/exports/issues.csv", "../sprints.json"}
	readme := s.readme()
	if !strings.Contains(readme, "- `issues.csv`\n- `sprints.json`\n") || strings.Contains(readme, "ana") {
		t.Errorf("README:\n%s", readme)
	}
}
