package render

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/browsertest"
	"github.com/backlogsite/backlogsite/internal/sitetest"
	"github.com/chromedp/chromedp"
)

// axePath is axe-core as `make axe-deps` installs it from
// .ci/browser/axe/package-lock.json.
func axePath() string {
	return filepath.Join(sitetest.Root(), ".ci", "browser", "axe", "node_modules", "axe-core", "axe.min.js")
}

// loadAxe reads axe-core, or skips the test when it is not installed
// (unless BACKLOGSITE_BROWSER=required, as in `make test`).
func loadAxe(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(axePath())
	if err != nil {
		if os.Getenv("BACKLOGSITE_BROWSER") == "required" {
			t.Fatalf("axe-core is required but missing (make axe-deps installs it): %v", err)
		}
		t.Skip("axe-core not installed: make axe-deps")
	}
	return string(b)
}

// startAllChartsJS scrolls every chart into view in turn, as a reader
// scrolling down the page would, and resolves once each holds a drawn
// ECharts instance (charts start only near the viewport), then goes back to
// the top. It resolves to the number of charts, or rejects after a deadline.
const startAllChartsJS = `(async function () {
  var wait = function (ms) { return new Promise(function (r) { setTimeout(r, ms); }); };
  var els = document.querySelectorAll(".chart[data-chart]");
  for (var i = 0; i < els.length; i++) {
    els[i].scrollIntoView({block: "center"});
    var deadline = Date.now() + 15000;
    while (typeof echarts === "undefined" || !echarts.getInstanceByDom(els[i]) || !echarts.getInstanceByDom(els[i]).getOption() || !els[i].querySelector("canvas")) {
      if (Date.now() > deadline) throw new Error("chart " + els[i].id + " not drawn");
      await wait(50);
    }
  }
  window.scrollTo(0, 0);
  await wait(100);
  return els.length;
})()`

// axeRunJS runs every rule axe-core runs by default (WCAG 2.0–2.2 A and AA
// and best practices) over the whole document and returns the violations.
// No preload: axe would fetch the stylesheets again, which the page's CSP
// (rightly) refuses.
const axeRunJS = `axe.run(document, {resultTypes: ["violations"], preload: false}).then(function (r) {
  return JSON.stringify(r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(function (n) {
      return {target: n.target.join(" "), summary: n.failureSummary || ""};
    })};
  }));
})`

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// runAxe starts every chart of the open page, injects axe-core and returns
// its violations.
func runAxe(ctx context.Context, axeSrc string) ([]axeViolation, error) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](startAllChartsJS, chromedp.EvalAwaitPromise)); err != nil {
		return nil, err
	}
	// Evaluated through the DevTools protocol, so the page's CSP (no
	// inline script) does not apply to the checker itself.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSrc+";true")); err != nil {
		return nil, fmt.Errorf("load axe-core: %w", err)
	}
	js, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("axe.run: %w", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(js), &vs); err != nil {
		return nil, err
	}
	return vs, nil
}

func describeViolations(vs []axeViolation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\n  %s (%s): %s, %d element(s)", v.ID, v.Impact, v.Help, len(v.Nodes))
		for i, n := range v.Nodes {
			if i == 5 {
				fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-5)
				break
			}
			s := strings.ReplaceAll(n.Summary, "\n", " ")
			if len(s) > 240 {
				s = s[:240] + "…"
			}
			fmt.Fprintf(&b, "\n    %s: %s", n.Target, s)
		}
	}
	return b.String()
}

// axePages is one page of every kind of a built content-example, and the
// release and sprint pages that the measurements name.
func axePages(t *testing.T, root string) []string {
	pages := onePerKind(htmlPages(t, root))
	for _, p := range []string{"releases/2026.2/index.html", "sprints/S-8/index.html"} {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			pages = append(pages, p)
		}
	}
	sort.Strings(pages)
	seen := map[string]bool{}
	out := pages[:0]
	for _, p := range pages {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// TestAxe runs axe-core over a page of every kind of content-example, in
// light and dark mode, at desktop and phone widths: any violation fails.
func TestAxe(t *testing.T) {
	if testing.Short() {
		t.Skip("browser accessibility check: not with -short")
	}
	axeSrc := loadAxe(t)
	root := buildForTest(t, sitetest.Example())
	axeCheck(t, axeSrc, root, axePages(t, root))
}

// TestAxePublic is TestAxe for the public roadmap of content-example
// (issue 18): its pages have templates of their own.
func TestAxePublic(t *testing.T) {
	if testing.Short() {
		t.Skip("browser accessibility check: not with -short")
	}
	axeSrc := loadAxe(t)
	root := buildPublicForTest(t, sitetest.Example())
	axeCheck(t, axeSrc, root, axePages(t, root))
}

// axeCheck runs axe-core over pages of the site in root, in light and dark
// mode, at desktop and phone widths: any violation fails.
func axeCheck(t *testing.T, axeSrc, root string, pages []string) {
	t.Helper()
	ctx, probs := browsertest.Start(t)
	for _, width := range []int64{1280, 390} {
		setWidth(t, ctx, width)
		for _, scheme := range []string{"light", "dark"} {
			if err := setColorScheme(ctx, scheme); err != nil {
				t.Fatal(err)
			}
			for _, p := range pages {
				if err := openPage(ctx, fileURL(filepath.Join(root, p))); err != nil {
					t.Fatalf("%s: %v", p, err)
				}
				vs, err := runAxe(ctx, axeSrc)
				if err != nil {
					t.Errorf("%s, %s, %dpx: %v", p, scheme, width, err)
					continue
				}
				if len(vs) > 0 {
					t.Errorf("%s, %s, %dpx: %d axe violation(s):%s", p, scheme, width, len(vs), describeViolations(vs))
				}
				for _, m := range probs.Take() {
					if notFoundMiss(p, m) {
						continue
					}
					t.Errorf("%s, %s, %dpx: %s", p, scheme, width, m)
				}
			}
		}
	}
}

// TestAxeSeesViolations proves the check above can fail: a page with text
// below AA contrast and an image without a text alternative must be
// reported.
func TestAxeSeesViolations(t *testing.T) {
	if testing.Short() {
		t.Skip("browser accessibility check: not with -short")
	}
	axeSrc := loadAxe(t)
	dir := t.TempDir()
	page := `<!DOCTYPE html><html lang="en"><head><title>t</title><link rel="stylesheet" href="s.css"></head>
<body><main><h1>Check</h1><p class="faint">Grey on white</p><div class="chart" role="img"></div></main></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "s.css"), []byte(`body{background:#fff}.faint{color:#aaa}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, _ := browsertest.Start(t)
	if err := openPage(ctx, fileURL(filepath.Join(dir, "index.html"))); err != nil {
		t.Fatal(err)
	}
	var vs []axeViolation
	var err error
	deadline := time.Now().Add(10 * time.Second)
	for {
		vs, err = runAxe(ctx, axeSrc)
		if err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, v := range vs {
		got[v.ID] = true
	}
	for _, want := range []string{"color-contrast", "role-img-alt"} {
		if !got[want] {
			t.Errorf("axe missed %s; saw:%s", want, describeViolations(vs))
		}
	}
}
