package render

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/browsertest"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

func fileURL(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		panic(err)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// chartsDrawnJS reports how many chart containers the page has once every
// one holds an ECharts instance with its option set (site.js sets it in
// the task after the instance's) and a canvas; negative while not.
// Charts start only near the viewport: the first one not drawn yet is
// scrolled into view, as a reader scrolling down would.
const chartsDrawnJS = `(function () {
  if (document.readyState !== "complete") return -1;
  var els = document.querySelectorAll(".chart[data-chart]");
  for (var i = 0; i < els.length; i++) {
    var c = typeof echarts !== "undefined" && echarts.getInstanceByDom(els[i]);
    if (!c || !els[i].querySelector("canvas") || !c.getOption()) { els[i].scrollIntoView({block: "center"}); return -3; }
  }
  return els.length;
})()`

// waitCharts polls until the charts are drawn, up to a deadline.
func waitCharts(ctx context.Context) (int, error) {
	deadline := time.Now().Add(20 * time.Second)
	for {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](chartsDrawnJS))
		if err != nil {
			return 0, err
		}
		if n >= 0 {
			return n, nil
		}
		if time.Now().After(deadline) {
			return n, fmt.Errorf("charts not drawn (state %d)", n)
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(50*time.Millisecond)); err != nil {
			return 0, err
		}
	}
}

// pollJSON evaluates js, which returns JSON, into v until ready says the
// page has got there, and fails the test when it has not in ten seconds.
func pollJSON(t *testing.T, ctx context.Context, what, js string, v any, ready func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(out), v); err != nil {
			t.Fatal(err)
		}
		if ready() {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %s", what, out)
		}
		chromedp.Do(ctx, chromedp.Sleep(50*time.Millisecond))
	}
}

func openPage(ctx context.Context, u string) error {
	return chromedp.Do(ctx, chromedp.Navigate(u))
}

func setColorScheme(ctx context.Context, scheme string) error {
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	return err
}

// TestScreenshots writes screenshots of the main page kinds in light and
// dark mode to $BACKLOGSITE_SCREENSHOTS (skipped when unset), and with
// BACKLOGSITE_SCREENSHOT_PDF=1 a printed PDF of each: they are for people
// to look at, not compared.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("BACKLOGSITE_SCREENSHOTS")
	if dir == "" {
		t.Skip("set BACKLOGSITE_SCREENSHOTS to a directory to take screenshots")
	}
	// Made here so that a first run into a new folder does not fail on
	// its first picture, after the browser has started.
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	site := os.Getenv("BACKLOGSITE_SCREENSHOT_SITE")
	if site == "" {
		site = sitetest.Tiny()
	}
	var out string
	switch a := os.Getenv("BACKLOGSITE_SCREENSHOT_AUDIENCE"); a {
	case "", "internal":
		out = buildForTest(t, site)
	case "public":
		out = buildPublicForTest(t, site)
	default:
		t.Fatalf("BACKLOGSITE_SCREENSHOT_AUDIENCE=%q: use internal or public", a)
	}
	ctx, _ := browsertest.Start(t)
	pages := strings.Fields(os.Getenv("BACKLOGSITE_SCREENSHOT_PAGES"))
	if len(pages) == 0 {
		pages = []string{"index.html", "backlog/index.html", "releases/2026.1/index.html", "sprints/S-3/index.html", "sprints/S-1/index.html"}
	}
	width := int64(1280)
	if w := os.Getenv("BACKLOGSITE_SCREENSHOT_WIDTH"); w != "" {
		fmt.Sscan(w, &width)
	}
	setWidth(t, ctx, width)
	for _, scheme := range []string{"light", "dark"} {
		if err := setColorScheme(ctx, scheme); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			if err := openPage(ctx, fileURL(filepath.Join(out, p))); err != nil {
				t.Fatal(err)
			}
			if _, err := waitCharts(ctx); err != nil {
				t.Fatal(p, err)
			}
			// Let chart animations finish before the picture is taken.
			if err := chromedp.Do(ctx, chromedp.Sleep(1500*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			shot := chromedp.FullScreenshot(100)
			if os.Getenv("BACKLOGSITE_SCREENSHOT_VIEWPORT") != "" {
				shot = chromedp.CaptureScreenshot()
			}
			buf, err := chromedp.Run(ctx, shot)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.NewReplacer("/", "_", ".html", "").Replace(p) + "-" + scheme
			if err := os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644); err != nil {
				t.Fatal(err)
			}
			if scheme == "light" && os.Getenv("BACKLOGSITE_SCREENSHOT_PDF") != "" {
				printPDF(t, ctx, filepath.Join(dir, name+".pdf"))
			}
		}
	}
}

// printPDF prints the open page to an A4 PDF as a reader printing it
// would, without background graphics (the browsers' default). Headless
// printing fires no beforeprint: switching the media to print first lets
// site.js lay the charts out for paper, as it does when a browser prints.
func printPDF(t *testing.T, ctx context.Context, file string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Sleep(500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	no, yes := false, true
	res, err := chromedp.Call(ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{
		PrintBackground: &no, PreferCSSPageSize: &yes, PaperWidth: 8.27, PaperHeight: 11.69})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, res.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
		t.Fatal(err)
	}
}

// htmlPages lists the pages of a built site, relative to its root.
func htmlPages(t *testing.T, root string) []string {
	t.Helper()
	var pages []string
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(root, p)
			pages = append(pages, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// onePerKind keeps the first page of each kind (features/x, sprints/x, …).
func onePerKind(pages []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, p := range pages {
		kind := p
		if parts := strings.Split(p, "/"); len(parts) == 3 {
			kind = parts[0] + "/*"
		}
		if !seen[kind] {
			seen[kind] = true
			out = append(out, p)
		}
	}
	return out
}

// showAllTooltipsJS opens the tooltip of the first data item of every
// series, so that tooltip rendering of hostile names is exercised too.
const showAllTooltipsJS = `(function () {
  var n = 0;
  document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
    var c = echarts.getInstanceByDom(el);
    var opt = c.getOption();
    (opt.series || []).forEach(function (s, i) {
      c.dispatchAction({ type: "showTip", seriesIndex: i, dataIndex: 0 });
      n++;
    });
  });
  return n;
})()`

const pwnedJS = `(typeof window.__pwned !== "undefined") || document.title.indexOf("owned!") >= 0`

func checkPagesInBrowser(t *testing.T, root string, pages []string, tooltips bool) {
	ctx, probs := browsertest.Start(t)
	for _, p := range pages {
		if err := openPage(ctx, fileURL(filepath.Join(root, p))); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		n, err := waitCharts(ctx)
		if err != nil {
			t.Errorf("%s: %v", p, err)
		}
		if tooltips && n > 0 {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](showAllTooltipsJS)); err != nil {
				t.Errorf("%s: tooltips: %v", p, err)
			}
			chromedp.Do(ctx, chromedp.Sleep(100*time.Millisecond))
		}
		pwned, err := chromedp.Run(ctx, chromedp.Evaluate[bool](pwnedJS))
		if err != nil {
			t.Errorf("%s: %v", p, err)
		}
		if pwned {
			t.Errorf("%s: input text ran as script", p)
		}
		for _, m := range probs.Take() {
			if notFoundMiss(p, m) {
				continue
			}
			t.Errorf("%s: %s", p, m)
		}
	}
}

// TestBrowserPages opens every page of the worked example and one page of
// each kind of the example site from file://, as a reader opening the folder
// would: no console error, no CSP violation, no missing file, every chart
// drawn.
func TestBrowserPages(t *testing.T) {
	t.Run("tiny", func(t *testing.T) {
		root := buildForTest(t, sitetest.Tiny())
		checkPagesInBrowser(t, root, htmlPages(t, root), false)
	})
	t.Run("content-example", func(t *testing.T) {
		root := buildForTest(t, sitetest.Example())
		checkPagesInBrowser(t, root, onePerKind(htmlPages(t, root)), false)
	})
	t.Run("content-example-public", func(t *testing.T) {
		root := buildPublicForTest(t, sitetest.Example())
		checkPagesInBrowser(t, root, htmlPages(t, root), false)
	})
}

// TestBrowserHostileSite opens every page of a site whose every text field
// is hostile, with every chart's tooltip shown: no script of the input runs.
func TestBrowserHostileSite(t *testing.T) {
	dir := writeHostileSite(t)
	t.Run("internal", func(t *testing.T) {
		root := buildForTest(t, dir)
		checkPagesInBrowser(t, root, htmlPages(t, root), true)
	})
	t.Run("public", func(t *testing.T) {
		root := buildPublicForTest(t, dir)
		checkPagesInBrowser(t, root, htmlPages(t, root), true)
	})
}

// TestBrowserPrintShowsDataTables: on paper every chart's data table is
// shown, from the stylesheet alone (site.js opens them too, but only when
// the browser tells it a print is starting).
func TestBrowserPrintShowsDataTables(t *testing.T) {
	root := buildForTest(t, sitetest.Tiny())
	ctx, _ := browsertest.Start(t)
	if err := openPage(ctx, fileURL(filepath.Join(root, "velocity/index.html"))); err != nil {
		t.Fatal(err)
	}
	// checkVisibility, not the table's size: a browser lays out hidden
	// details content when asked for its size.
	const tableShown = `(function () {
  var d = document.querySelector("details.chart-data");
  if (!d || d.open) return "no closed data table";
  return d.querySelector("table").checkVisibility({contentVisibilityAuto: true}) ? "shown" : "hidden";
})()`
	screen, err := chromedp.Run(ctx, chromedp.Evaluate[string](tableShown))
	if err != nil || screen != "hidden" {
		t.Fatalf("on screen a closed data table is %s (%v), want hidden", screen, err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	// The emulated media applies with the next style update, which
	// checkVisibility alone does not always wait for: poll.
	deadline := time.Now().Add(5 * time.Second)
	for {
		printed, err := chromedp.Run(ctx, chromedp.Evaluate[string](tableShown))
		if err == nil && printed == "shown" {
			break
		}
		if err != nil || time.Now().After(deadline) {
			t.Fatalf("in print the data table is %s (%v), want shown", printed, err)
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(50*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowserBacklogFilters drives the backlog's filters and sorting.
func TestBrowserBacklogFilters(t *testing.T) {
	root := buildForTest(t, sitetest.Tiny())
	ctx, probs := browsertest.Start(t)
	if err := openPage(ctx, fileURL(filepath.Join(root, "backlog/index.html"))); err != nil {
		t.Fatal(err)
	}
	if _, err := waitCharts(ctx); err != nil {
		t.Fatal(err)
	}
	rows := func(js string) int {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](js+`;document.querySelectorAll("#backlog-open tbody tr:not(:has(td[colspan]))").length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := rows(`0`); n != 4 {
		t.Errorf("open rows = %d, want 4", n)
	}
	set := func(name, v string) string {
		return `(function(){var f=document.getElementById("backlog-filters");f.elements.` + name + `.value=` + strconv.Quote(v) + `;f.dispatchEvent(new Event("input"));})()`
	}
	if n := rows(set("q", "payments")); n != 1 {
		t.Errorf("search 'payments': %d rows, want 1", n)
	}
	rows(set("q", ""))
	if n := rows(set("release", "-")); n != 2 {
		t.Errorf("unscheduled: %d rows, want 2", n)
	}
	rows(set("release", ""))
	if n := rows(set("category", "Web")); n != 1 {
		t.Errorf("category Web: %d rows, want 1", n)
	}
	rows(set("category", ""))
	first, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#backlog-open th[data-key="size"] button').click();
		document.querySelector('#backlog-open th[data-key="size"] button').click();
		document.querySelector("#backlog-open tbody tr td:nth-child(3)").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if first != "F-8" {
		t.Errorf("largest open feature first after sorting by size descending: got %s, want F-8", first)
	}
	for _, m := range probs.Take() {
		t.Error(m)
	}
}

// TestBrowserHarnessSeesProblems proves the checks above can fail: a page
// with a missing script, a blocked inline script and a console error must
// all be reported.
func TestBrowserHarnessSeesProblems(t *testing.T) {
	dir := t.TempDir()
	page := `<!DOCTYPE html><html><head>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'">
<title>t</title><script src="missing.js"></script><script src="err.js"></script></head>
<body><script>window.__pwned = 1</script></body></html>`
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "err.js"), []byte(`console.error("boom")`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, probs := browsertest.Start(t)
	if err := openPage(ctx, fileURL(filepath.Join(dir, "index.html"))); err != nil {
		t.Fatal(err)
	}
	if _, err := waitCharts(ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	var got []string
	for time.Now().Before(deadline) {
		got = append(got, probs.Take()...)
		all := strings.Join(got, "\n")
		if strings.Contains(all, "missing.js") && strings.Contains(all, "boom") && strings.Contains(all, "Content Security Policy") {
			return
		}
		chromedp.Do(ctx, chromedp.Sleep(50*time.Millisecond))
	}
	t.Fatalf("harness missed problems; saw:\n%s", strings.Join(got, "\n"))
}

// TestBrowserFlowAndForecastPages opens the Flow page and the release
// pages of the example: every chart drawn with its data table, no console
// error, the cumulative flow switched to stories and back without a page
// load, and a cycle-time dot opening its story's feature.
func TestBrowserFlowAndForecastPages(t *testing.T) {
	root := buildForTest(t, sitetest.Example())
	ctx, probs := browsertest.Start(t)
	const tables = `(function () {
  var n = 0;
  document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
    if (el.closest("figure").querySelector("details.chart-data table tbody tr")) n++;
  });
  return n;
})()`
	for page, want := range map[string]int{"flow/index.html": 4, "releases/2026.2/index.html": 4, "releases/2026.3/index.html": 2} {
		if err := openPage(ctx, fileURL(filepath.Join(root, page))); err != nil {
			t.Fatal(err)
		}
		n, err := waitCharts(ctx)
		if err != nil || n != want {
			t.Errorf("%s: %d charts drawn (%v), want %d", page, n, err, want)
		}
		if got, err := chromedp.Run(ctx, chromedp.Evaluate[int](tables)); err != nil || got != n {
			t.Errorf("%s: %d of %d charts have a data table (%v)", page, got, n, err)
		}
		for _, m := range probs.Take() {
			t.Errorf("%s: %s", page, m)
		}
	}
	if err := openPage(ctx, fileURL(filepath.Join(root, "flow/index.html"))); err != nil {
		t.Fatal(err)
	}
	waitCharts(ctx)
	// The top of the stacked diagram: points, then stories, then points.
	const top = `(function () {
  var s = echarts.getInstanceByDom(document.getElementById("chart-cfd-1")).getOption().series;
  var last = function (i) { var d = s[i].data; return d[d.length - 1][1]; };
  return last(0) + last(1) + last(2);
})()`
	click := func(label string) float64 {
		t.Helper()
		js := `(function () { var b = Array.prototype.filter.call(document.querySelectorAll(".chart-switch button"), function (b) { return b.textContent === "` + label + `"; })[0]; b.click(); return b.getAttribute("aria-pressed"); })()`
		if pressed, err := chromedp.Run(ctx, chromedp.Evaluate[string](js)); err != nil || pressed != "true" {
			t.Fatalf("%s: pressed %q (%v)", label, pressed, err)
		}
		if _, err := waitCharts(ctx); err != nil {
			t.Fatal(err)
		}
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](top))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	points, stories := click("points"), click("stories")
	if back := click("points"); !(stories < points) || back != points {
		t.Errorf("switching units: points %v, stories %v, back %v", points, stories, back)
	}
	// A dot's click opens the feature page it links to.
	const clickDot = `(function () {
  var c = echarts.getInstanceByDom(document.getElementById("chart-cycle-2"));
  var d = c.getOption().series[0].data.filter(function (d) { return d.link; })[0];
  c.trigger("click", { data: d, componentType: "series" });
  return d.link;
})()`
	link, err := chromedp.Run(ctx, chromedp.Evaluate[string](clickDot))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
		if strings.HasSuffix(loc, strings.TrimPrefix(link, "..")) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a cycle-time dot linking to %s left the page at %s", link, loc)
		}
		chromedp.Do(ctx, chromedp.Sleep(50*time.Millisecond))
	}
	for _, m := range probs.Take() {
		t.Error(m)
	}
}

// setWidth gives the page a viewport width, as a phone when narrow.
func setWidth(t *testing.T, ctx context.Context, width int64) {
	t.Helper()
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: width, Height: 900, DeviceScaleFactor: 1, Mobile: width < 700}); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserRoadmapBarsOnAPhone: on a 390 px phone a roadmap bar shows its
// word only when the whole word fits inside the bar (a word cut to "pl…"
// tells the reader nothing), and every bar's tooltip names its release or
// sprint in full, since the words are short ("plan", "late", "4").
func TestBrowserRoadmapBarsOnAPhone(t *testing.T) {
	root := buildForTest(t, sitetest.Example())
	ctx, probs := browsertest.Start(t)
	setWidth(t, ctx, 390)
	if err := openPage(ctx, fileURL(filepath.Join(root, "roadmap/index.html"))); err != nil {
		t.Fatal(err)
	}
	if n, err := waitCharts(ctx); err != nil || n != 1 {
		t.Fatalf("roadmap: %d charts drawn (%v), want 1", n, err)
	}
	// Bars are groups of a rect and, when it fits, a text; the layout runs
	// a task after the option is set, so poll until the bars are there.
	const bars = `(function () {
  var c = echarts.getInstanceByDom(document.querySelector(".chart[data-chart]"));
  var out = { bars: 0, words: 0, overflow: [], tips: [] };
  c.getZr().storage.getDisplayList(true).forEach(function (el) {
    var g = el.parent;
    if (el.type !== "rect" || !g || typeof g.childCount !== "function" || g.childAt(0) !== el || g.childCount() > 2) return;
    var text = g.childAt(1);
    if (text && text.type !== "text") return;
    out.bars++;
    if (!text) return;
    out.words++;
    if (text.getBoundingRect().width > el.shape.width - 6) out.overflow.push(text.style.text);
  });
  var s = c.getOption().series[0];
  s.data.forEach(function (d) {
    var tip = s.tooltip.formatter({ name: d.name, value: d.value });
    if (tip.indexOf(d.name) !== 0) out.tips.push(tip + " (for " + d.name + ")");
  });
  out.items = s.data.length;
  return JSON.stringify(out);
})()`
	type barsSeen struct {
		Bars, Words, Items int
		Overflow, Tips     []string
	}
	var seen barsSeen
	pollJSON(t, ctx, "roadmap bars at 390 px", bars, &seen, func() bool { return seen.Bars > 0 })
	t.Logf("roadmap at 390 px: %d items, %d bars, %d with a word", seen.Items, seen.Bars, seen.Words)
	if seen.Bars == 0 || seen.Words == 0 {
		t.Fatalf("roadmap at 390 px: %d bars, %d with a word; want some of each", seen.Bars, seen.Words)
	}
	if seen.Bars != seen.Items {
		t.Errorf("roadmap at 390 px: %d bars drawn for %d items", seen.Bars, seen.Items)
	}
	if len(seen.Overflow) > 0 {
		t.Errorf("roadmap at 390 px: words wider than their bars: %q", seen.Overflow)
	}
	if len(seen.Tips) > 0 {
		t.Errorf("tooltips that do not start with the bar's full name: %q", seen.Tips)
	}
	for _, m := range probs.Take() {
		t.Error(m)
	}
}

// TestBrowserPrintFitsThePaper: printed on A4, every page kind fits the
// paper's width. A table wider than the paper makes the browser shrink the
// whole page to fit it: the backlog's 10.5 pt text printed at 6 pt, and
// charts at two thirds of the width.
func TestBrowserPrintFitsThePaper(t *testing.T) {
	root := buildForTest(t, sitetest.Example())
	ctx, probs := browsertest.Start(t)
	// A4's 210 mm less the 12 mm side margins of the stylesheet's @page,
	// in CSS pixels.
	const paper = 703
	setWidth(t, ctx, paper)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	const overflow = `(function () {
  var w = document.documentElement.clientWidth, wide = [];
  document.querySelectorAll("main *").forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > w + 1 && wide.length < 3) wide.push(e.tagName.toLowerCase() + "." + e.className + " to " + Math.round(r.right) + " px");
  });
  return JSON.stringify({ width: document.documentElement.scrollWidth, wide: wide,
    head: getComputedStyle(document.documentElement).getPropertyValue("--print-head") });
})()`
	for _, page := range onePerKind(htmlPages(t, root)) {
		if page == "404.html" {
			continue // it links from the host's root: TestBrowserNotFoundAnyDepth serves it
		}
		if err := openPage(ctx, fileURL(filepath.Join(root, page))); err != nil {
			t.Fatal(err)
		}
		js, err := chromedp.Run(ctx, chromedp.Evaluate[string](overflow))
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			Width int
			Wide  []string
			Head  string
		}
		if err := json.Unmarshal([]byte(js), &got); err != nil {
			t.Fatal(err)
		}
		if got.Width > paper {
			t.Errorf("%s printed: %d px wide on %d px of paper: %q", page, got.Width, paper, got.Wide)
		}
		// The page margin's title and as-of date (style.css, @page).
		if !strings.Contains(got.Head, "Forkful") {
			t.Errorf("%s printed: page head %q, want the site's title and as-of date", page, got.Head)
		}
	}
	for _, m := range probs.Take() {
		t.Error(m)
	}
}

// TestBrowserPrintKeyLoadsCharts: Ctrl+P on a page whose charts the reader
// has not scrolled to yet loads the chart library before the print starts,
// so that every chart is on the paper at the paper's width.
func TestBrowserPrintKeyLoadsCharts(t *testing.T) {
	root := buildForTest(t, sitetest.Example())
	ctx, probs := browsertest.Start(t)
	setWidth(t, ctx, 1280)
	if err := openPage(ctx, fileURL(filepath.Join(root, "releases/2026.2/index.html"))); err != nil {
		t.Fatal(err)
	}
	// The print dialog is replaced by what a print does first: beforeprint.
	const press = `(function () {
  if (typeof echarts !== "undefined") return "the library was loaded before any chart was near the viewport";
  window.__printed = null;
  window.print = function () {
    window.dispatchEvent(new Event("beforeprint"));
    var els = document.querySelectorAll(".chart[data-chart]"), wide = 0;
    els.forEach(function (el) {
      var c = echarts.getInstanceByDom(el);
      if (c && c.getWidth() === 700) wide++;
    });
    window.__printed = { charts: els.length, atPaperWidth: wide };
  };
  var e = new KeyboardEvent("keydown", { key: "p", ctrlKey: true, cancelable: true });
  document.dispatchEvent(e);
  return e.defaultPrevented ? "" : "the key went to the browser's print at once";
})()`
	if msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](press)); err != nil || msg != "" {
		t.Fatalf("Ctrl+P: %s (%v)", msg, err)
	}
	var printed *struct{ Charts, AtPaperWidth int }
	pollJSON(t, ctx, "Ctrl+P never printed", `JSON.stringify(window.__printed)`, &printed, func() bool { return printed != nil })
	if printed.Charts == 0 || printed.AtPaperWidth != printed.Charts {
		t.Errorf("printed with %d of %d charts drawn at the paper's width", printed.AtPaperWidth, printed.Charts)
	}
	for _, m := range probs.Take() {
		t.Error(m)
	}
}
