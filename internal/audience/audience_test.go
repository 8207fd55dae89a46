package audience

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// tiny loads the worked example with the given features, releases and
// pages marked internal, and computes its report.
func tiny(t *testing.T, internal []string, sw model.PublicSwitches) (*model.Site, *report.Report) {
	t.Helper()
	site, err := load.Dir(sitetest.Tiny())
	if err != nil {
		t.Fatal(err)
	}
	mark := func(id string) model.Visibility {
		if slices.Contains(internal, id) {
			return model.VisibilityInternal
		}
		return model.VisibilityPublic
	}
	for _, f := range site.Features {
		f.Visibility = mark(f.ID)
	}
	for _, r := range site.Releases {
		r.Visibility = mark(r.ID)
	}
	for _, p := range site.Pages {
		p.Visibility = mark(p.Slug)
	}
	site.Config.Publish.Public = sw
	rep, err := report.Compute(site, report.AsOf(site, 0))
	if err != nil {
		t.Fatal(err)
	}
	return site, rep
}

func featureIDs(fs []*Feature) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.ID)
	}
	return out
}

func TestProject(t *testing.T) {
	tests := []struct {
		name     string
		internal []string
		// want: the public features, the public release's features, the
		// release's forecast features, and the pages.
		features, inRelease, odds []string
		releases                  int
		pages                     int
	}{
		{
			name:      "all public",
			features:  []string{"F-1", "F-2", "F-3", "F-4", "F-5", "F-6", "F-7", "F-8"},
			inRelease: []string{"F-1", "F-7", "F-2", "F-5", "F-3", "F-6"},
			releases:  1, pages: 1,
		},
		{
			name:      "internal features in a public release",
			internal:  []string{"F-2", "F-5", "F-8"},
			features:  []string{"F-1", "F-3", "F-4", "F-6", "F-7"},
			inRelease: []string{"F-1", "F-7", "F-3", "F-6"},
			releases:  1, pages: 1,
		},
		{
			name:     "an internal release and page",
			internal: []string{"2026.1", "process"},
			features: []string{"F-1", "F-2", "F-3", "F-4", "F-5", "F-6", "F-7", "F-8"},
			releases: 0, pages: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, rep := tiny(t, tt.internal, model.PublicSwitches{})
			v := Project(site, rep)
			if got := featureIDs(v.Report.Features); !slices.Equal(got, tt.features) {
				t.Errorf("features = %v, want %v", got, tt.features)
			}
			if len(v.Report.Releases) != tt.releases {
				t.Fatalf("%d releases, want %d", len(v.Report.Releases), tt.releases)
			}
			if len(v.Site.Features)+len(v.Site.Releases)+len(v.Site.Sprints) != 0 {
				t.Error("the view's site holds features, releases or sprints: render could show them")
			}
			if len(v.Site.Pages) != tt.pages {
				t.Errorf("%d pages, want %d", len(v.Site.Pages), tt.pages)
			}
			if v.Site.Config.Scorecard.Equation != nil || len(v.Site.Config.Scorecard.Metrics) > 0 {
				t.Error("the scorecard is public without [publish.public] scores")
			}
			for _, f := range v.Report.Features {
				if f.Release != nil && tt.releases == 0 {
					t.Errorf("%s names the internal release %s", f.ID, *f.Release)
				}
				if f.Position != nil || f.Rank != nil || f.Score != nil || f.Size != nil {
					t.Errorf("%s shows a rank, score or size by default", f.ID)
				}
			}
			if tt.releases == 0 {
				return
			}
			pr := v.Report.Releases[0]
			if !slices.Equal(pr.Features, tt.inRelease) {
				t.Errorf("release features = %v, want %v", pr.Features, tt.inRelease)
			}
			full := rep.Releases[0]
			if want := percent(full.Done, full.Scope, ""); pr.Progress != want {
				t.Errorf("release progress %v, want %v: it must count internal work", pr.Progress, want)
			}
			if pr.Forecast != nil {
				for _, fo := range pr.Forecast.Features {
					if !slices.Contains(tt.inRelease, fo.ID) {
						t.Errorf("forecast lists the odds of %s", fo.ID)
					}
				}
				if pr.Forecast.OnTime != full.Forecast.OnTime && full.Forecast.Queue == nil {
					t.Errorf("odds %v, want the full report's %v", pr.Forecast.OnTime, full.Forecast.OnTime)
				}
			}
		})
	}
}

func TestProjectSwitches(t *testing.T) {
	tests := []struct {
		name          string
		sw            model.PublicSwitches
		scores, sizes bool
	}{
		{"default", model.PublicSwitches{}, false, false},
		{"scores", model.PublicSwitches{Scores: true}, true, false},
		{"sizes", model.PublicSwitches{Sizes: true}, false, true},
		{"both", model.PublicSwitches{Scores: true, Sizes: true}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, rep := tiny(t, nil, tt.sw)
			r := Project(site, rep).Report
			b, err := JSON(r)
			if err != nil {
				t.Fatal(err)
			}
			keys := jsonKeys(t, b)
			for _, k := range []string{"score", "rank", "position"} {
				if keys[k] != tt.scores {
					t.Errorf("key %q present = %v, want %v", k, keys[k], tt.scores)
				}
			}
			for _, k := range []string{"unit", "size", "scope", "capacity", "remaining"} {
				if keys[k] != tt.sizes {
					t.Errorf("key %q present = %v, want %v", k, keys[k], tt.sizes)
				}
			}
			// Never public, whatever the switches.
			for _, k := range []string{"estimate", "velocity", "sprints", "sprint", "samples", "burnup", "burndown", "flow", "stories", "note", "low_score", "revisit", "sprints_needed", "after"} {
				if keys[k] {
					t.Errorf("the public report has the key %q", k)
				}
			}
			head, _, _ := strings.Cut(string(BacklogCSV(r)), "\r\n")
			if strings.Contains(head, "score") != tt.scores || strings.Contains(head, "size") != tt.sizes {
				t.Errorf("backlog.csv header %q does not follow the switches", head)
			}
		})
	}
}

// jsonKeys is every object key anywhere in a JSON document.
func jsonKeys(t *testing.T, b []byte) map[string]bool {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				keys[k] = true
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return keys
}

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Audience
		ok   bool
	}{{"internal", Internal, true}, {"public", Public, true}, {"Public", "", false}, {"", "", false}} {
		if got, ok := Parse(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("Parse(%q) = %q, %v", tt.in, got, ok)
		}
	}
}

// TestAudienceIsPure keeps the projection as pure as report: it sees the
// whole site, so it must not be able to write any of it anywhere.
func TestAudienceIsPure(t *testing.T) {
	allowed := map[string]bool{
		"bytes": true, "encoding/csv": true, "encoding/json": true, "math": true, "sort": true,
		"strconv": true, "strings": true,
		"github.com/backlogsite/backlogsite/internal/model":  true,
		"github.com/backlogsite/backlogsite/internal/report": true,
	}
	sitetest.OnlyImports(t, allowed, "audience must stay pure like report (of ours only model and report)")
}
