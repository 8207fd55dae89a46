package report

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/backlogsite/backlogsite/internal/model"
)

func tinyExpected(t *testing.T) any {
	t.Helper()
	b, err := os.ReadFile(sitetest.TinyExpected())
	if err != nil {
		t.Fatal(err)
	}
	var want any
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	return want
}

// buildTiny is shared/examples/tiny written in Go, so that the worked
// example checks Compute without the loader.
func buildTiny(t testing.TB) *model.Site {
	b := newSiteBuilder(t)
	b.site.Config.AsOf = b.d("2026-03-19")
	b.site.Config.Holidays[b.d("2026-02-16")] = true
	b.site.Config.VelocityWindow = 2
	b.feature("F-1", title("Offline reading"), rank(1), category("Mobile"), themes("Retention"), estimate(13), scores(9, 3))
	b.feature("F-2", title("Dark mode"), rank(2), category("Mobile"), themes("Retention"), estimate(5), scores(4, 2))
	b.feature("F-3", title("Card payments"), rank(3), category("Payments"), themes("Growth"), estimate(20), scores(8, 8))
	b.feature("F-4", title("Export to PDF"), kind(model.KindTech), category("Web"), estimate(8), scores(2, 5))
	b.feature("F-5", title("Crash on login with emoji password"), kind(model.KindBug), category("Mobile"), estimate(3), scores(7, 1))
	b.feature("F-6", title("Legacy sync"), status(model.StatusDropped), category("Platform"), estimate(8), noScores())
	b.feature("F-7", title("Privacy policy page"), status(model.StatusDone), doneOn(b.d("2026-02-20")), category("Web"), estimate(2), scores(3, 1))
	b.feature("F-8", title("Team workspaces"), category("Growth"), themes("Growth"), estimate(40), scores(9, 2))
	r := b.release("2026.1", "2026-02-09", "2026-04-10", 30, "F-1", "F-7", "F-2", "F-5", "F-3", "F-6")
	r.Name = "Spring"

	s1 := b.sprint("S-1", "2026.1", "2026-02-09", "2026-02-20")
	s1.Capacity = ptr(12.0)
	b.story(s1, "ST-1", "F-1", 3, model.PriorityCritical)
	b.story(s1, "ST-2", "F-1", 5, model.PriorityHigh)
	b.story(s1, "ST-3", "F-2", 3, model.PriorityMedium)
	b.story(s1, "ST-4", "F-5", 2, model.PriorityLow)
	b.story(s1, "ST-5", "F-2", 2, model.PriorityLow)
	b.log(s1, "2026-02-10", model.LogEntry{Started: []string{"ST-1"}})
	b.log(s1, "2026-02-11", model.LogEntry{Done: []string{"ST-1"}, Added: []string{"ST-5"}})
	b.log(s1, "2026-02-12", model.LogEntry{Estimates: []model.Reestimate{{Story: "ST-2", Estimate: 8}}})
	b.log(s1, "2026-02-13", model.LogEntry{Done: []string{"ST-4"}})
	b.log(s1, "2026-02-17", model.LogEntry{Done: []string{"ST-3"}, Removed: []string{"ST-5"}})
	b.log(s1, "2026-02-18", model.LogEntry{Reopened: []string{"ST-3"}})
	b.log(s1, "2026-02-19", model.LogEntry{Done: []string{"ST-3"}})

	s2 := b.sprint("S-2", "2026.1", "2026-02-23", "2026-03-06")
	s2.DaysOff[b.d("2026-03-02")] = true
	b.story(s2, "ST-2", "F-1", 6, model.PriorityHigh)
	b.story(s2, "ST-6", "F-3", 8, model.PriorityMedium)
	b.story(s2, "ST-7", "F-3", 3, model.PriorityLow)
	b.log(s2, "2026-02-26", model.LogEntry{Done: []string{"ST-2"}})
	b.log(s2, "2026-03-05", model.LogEntry{Done: []string{"ST-7"}})

	s3 := b.sprint("S-3", "2026.1", "2026-03-09", "2026-03-20")
	s3.Capacity = ptr(10.0)
	b.story(s3, "ST-6", "F-3", 8, model.PriorityCritical)
	b.story(s3, "ST-8", "F-3", 5, model.PriorityMedium)
	b.story(s3, "ST-9", "F-5", 1, model.PriorityHigh)
	b.log(s3, "2026-03-11", model.LogEntry{Done: []string{"ST-9"}})
	b.log(s3, "2026-03-19", model.LogEntry{Started: []string{"ST-6"}})
	return b.site
}

// checkAgainstTiny compares the report with tiny.expected.json exactly
// (numbers within 1e-9; keys only in the report, extensions, aside).
func checkAgainstTiny(t *testing.T, want any, site *model.Site) {
	t.Helper()
	rep, err := Compute(site, AsOf(site, 0))
	if err != nil {
		t.Fatal(err)
	}
	if diffs := compareJSON("report", want, reportAsJSONValue(t, rep)); len(diffs) > 0 {
		t.Errorf("report differs from tiny.expected.json:\n%s", strings.Join(diffs, "\n"))
	}
}

func TestTinyBuiltInGo(t *testing.T) {
	want := tinyExpected(t)
	checkAgainstTiny(t, want, buildTiny(t))
}
