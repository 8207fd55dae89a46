package render

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/browsertest"
	"github.com/backlogsite/backlogsite/internal/report"
	"github.com/backlogsite/backlogsite/internal/sitetest"
	"github.com/chromedp/chromedp"
)

// backlogRowsJS lists the rows every table of the backlog shows (open, done
// and dropped, whatever page of them), once its script has drawn them for
// the address's view, with the filters it restored.
const backlogRowsJS = `(function () {
  var f = document.getElementById("backlog-filters");
  if (!f || !f.classList.contains("ready")) return "";
  var rows = [];
  document.querySelectorAll("table[data-rows] tbody tr").forEach(function (tr) {
    if (tr.cells.length < 11) return;
    rows.push({table: tr.closest("table").getAttribute("data-rows"), id: tr.cells[2].textContent.trim(), release: tr.cells[6].textContent.trim(),
      category: tr.cells[7].textContent.trim(), themes: tr.cells[8].textContent.trim()});
  });
  return JSON.stringify({path: location.pathname.replace(/.*\/([^/]+\/[^/]+)$/, "$1"), search: location.search,
    category: f.elements.category.value, theme: f.elements.theme.value, release: f.elements.release.value, rows: rows});
})()`

type backlogRowsState struct {
	Path, Search, Category, Theme, Release string
	Rows                                   []struct{ Table, ID, Release, Category, Themes string }
}

// TestBrowserLinksToFilteredBacklog: a category or theme (themes page,
// feature page), a release (its card, its page) and the dashboard's open
// features, followed from file://, open the backlog showing exactly the
// features they name.
func TestBrowserLinksToFilteredBacklog(t *testing.T) {
	dir := sitetest.Tiny()
	_, _, rep := renderForTest(t, dir)
	root := buildForTest(t, dir)
	ctx, probs := browsertest.Start(t)

	ids := func(keep func(f *report.FeatureReport) bool) []string {
		var out []string
		for _, f := range rep.Features {
			if keep(f) {
				out = append(out, f.ID)
			}
		}
		slices.Sort(out)
		return out
	}
	// follow opens a page, clicks its link with the given text inside
	// scope (a CSS selector) and waits for the backlog it leads to. It
	// takes the subtest's t: a parent's Fatal from a subtest is an error.
	follow := func(t *testing.T, page, scope, text string) backlogRowsState {
		t.Helper()
		if err := openPage(ctx, fileURL(filepath.Join(root, page))); err != nil {
			t.Fatal(err)
		}
		clicked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){
  var as = document.querySelectorAll(`+jsString(scope+" a")+`);
  for (var i = 0; i < as.length; i++) if (as[i].textContent.trim() === `+jsString(text)+`) { as[i].click(); return true; }
  return false; })()`))
		if err != nil || !clicked {
			t.Fatalf("%s: no link %q in %s (%v)", page, text, scope, err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			js, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname.endsWith("/backlog/index.html") ? `+backlogRowsJS+` : ""`))
			// While the click's navigation is under way the page being
			// asked can go away ("Inspected target navigated or
			// closed"): ask again until the deadline.
			if err == nil && js != "" {
				var s backlogRowsState
				if err := jsonUnmarshal(js, &s); err != nil {
					t.Fatal(err)
				}
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: following %q did not open the backlog (last error: %v)", page, text, err)
			}
			chromedp.Do(ctx, chromedp.Sleep(50*time.Millisecond))
		}
	}
	shown := func(s backlogRowsState, tables ...string) []string {
		var out []string
		for _, r := range s.Rows {
			if len(tables) == 0 || slices.Contains(tables, r.Table) {
				out = append(out, r.ID)
			}
		}
		slices.Sort(out)
		return out
	}

	t.Run("category from the themes page", func(t *testing.T) {
		s := follow(t, "themes/index.html", "#cat-h ~ .table-wrap", "Mobile")
		want := ids(func(f *report.FeatureReport) bool { return f.Category == "Mobile" })
		if s.Category != "Mobile" || !slices.Equal(shown(s), want) || len(want) < 2 {
			t.Errorf("backlog %s%s shows %v with category %q, want %v", s.Path, s.Search, shown(s), s.Category, want)
		}
	})
	t.Run("theme from a feature page", func(t *testing.T) {
		var theme string
		for _, f := range rep.Features {
			if len(f.Themes) > 0 {
				theme = f.Themes[0]
				break
			}
		}
		s := follow(t, "features/F-1/index.html", ".page-head .tags", theme)
		want := ids(func(f *report.FeatureReport) bool { return slices.Contains(f.Themes, theme) })
		if s.Theme != theme || !slices.Equal(shown(s), want) || len(want) == 0 {
			t.Errorf("backlog %s%s shows %v with theme %q, want %v (theme %q)", s.Path, s.Search, shown(s), s.Theme, want, theme)
		}
		for _, r := range s.Rows {
			if !strings.Contains(r.Themes, theme) {
				t.Errorf("row %s has themes %q, not %q", r.ID, r.Themes, theme)
			}
		}
	})
	t.Run("release from its card and its page", func(t *testing.T) {
		rel := rep.Releases[0]
		want := ids(func(f *report.FeatureReport) bool { return f.Release != nil && *f.Release == rel.ID })
		for _, s := range []backlogRowsState{
			follow(t, "releases/index.html", ".release-card", rel.Name+" in the backlog"),
			follow(t, "releases/"+rel.ID+"/index.html", "#rb-h ~ p", "This release in the product backlog"),
		} {
			if s.Release != rel.ID || !slices.Equal(shown(s), want) || len(want) == 0 {
				t.Errorf("backlog %s%s shows %v with release %q, want %v", s.Path, s.Search, shown(s), s.Release, want)
			}
		}
	})
	t.Run("open features from the dashboard", func(t *testing.T) {
		want := ids(func(f *report.FeatureReport) bool { return f.Status != "done" && f.Status != "dropped" })
		s := follow(t, "index.html", ".velocity-card .stat", strconv.Itoa(len(want)))
		if s.Search != "" || !slices.Equal(shown(s, "open"), want) || len(want) == 0 {
			t.Errorf("backlog %s%s shows %v open, want %v", s.Path, s.Search, shown(s, "open"), want)
		}
	})
	for _, m := range probs.Take() {
		t.Error(m)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
