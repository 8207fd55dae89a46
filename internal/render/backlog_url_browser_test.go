package render

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/backlogsite/backlogsite/internal/browsertest"
	"github.com/backlogsite/backlogsite/internal/sitetest"
	"github.com/chromedp/chromedp"
)

// backlogStateJS describes the backlog's view: the filters, the sorted
// column of the open table, the categories and scores of its rows, and the
// address's query.
const backlogStateJS = `(function () {
  var f = document.getElementById("backlog-filters");
  var th = document.querySelector("#backlog-open th[aria-sort]");
  var cats = [], scores = [];
  document.querySelectorAll("#backlog-open tbody tr").forEach(function (tr) {
    if (tr.cells.length < 8) return;
    cats.push(tr.cells[7].textContent);
    scores.push(tr.cells[4].textContent.replace(/[^0-9.]/g, ""));
  });
  return JSON.stringify({category: f.elements.category.value, release: f.elements.release.value,
    sort: th ? th.getAttribute("data-key") + " " + th.getAttribute("aria-sort") : "",
    cats: cats.join(","), scores: scores.join(","), search: location.search});
})()`

type backlogState struct {
	Category, Release, Sort, Cats, Scores, Search string
}

// TestBrowserBacklogViewInAddress: a backlog view sent as a link opens as
// it was; changing a filter puts it in the address, and back returns to
// the earlier view; a value that is no option selects nothing; the score
// sorts highest first on its first click.
func TestBrowserBacklogViewInAddress(t *testing.T) {
	root := buildForTest(t, sitetest.Tiny())
	ctx, probs := browsertest.Start(t)
	page := fileURL(filepath.Join(root, "backlog/index.html"))
	waitFor := func(what string, ok func(backlogState) bool) backlogState {
		t.Helper()
		var s backlogState
		pollJSON(t, ctx, what, backlogStateJS, &s, func() bool { return ok(s) })
		return s
	}

	if err := openPage(ctx, page+"?category=Mobile&sort=score&dir=desc"); err != nil {
		t.Fatal(err)
	}
	s := waitFor("opened from a link", func(s backlogState) bool { return s.Category == "Mobile" })
	if s.Sort != "score descending" || s.Cats != "Mobile" && s.Cats != "Mobile,Mobile" && s.Cats != "Mobile,Mobile,Mobile" {
		t.Errorf("link ?category=Mobile&sort=score&dir=desc opened as %+v", s)
	}

	// A choice in a filter is a step in the history.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var f=document.getElementById("backlog-filters");
f.elements.category.value="";f.elements.category.dispatchEvent(new Event("input",{bubbles:true}));return true;})()`)); err != nil {
		t.Fatal(err)
	}
	s = waitFor("category cleared", func(s backlogState) bool { return s.Category == "" })
	if s.Search != "?sort=score&dir=desc" {
		t.Errorf("after clearing the category the address query is %q, want ?sort=score&dir=desc", s.Search)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`history.back(), true`)); err != nil {
		t.Fatal(err)
	}
	s = waitFor("back", func(s backlogState) bool { return s.Category == "Mobile" })
	if s.Search != "?category=Mobile&sort=score&dir=desc" {
		t.Errorf("back: address query %q", s.Search)
	}

	// Values from the address only select existing options.
	if err := openPage(ctx, page+"?category=%3Cimg%20src%3Dx%3E&release=nope&sort=%22%5D"); err != nil {
		t.Fatal(err)
	}
	s = waitFor("hostile link", func(s backlogState) bool { return s.Cats != "" })
	if s.Category != "" || s.Release != "" || s.Sort != "" {
		t.Errorf("a link with values that are no option opened as %+v", s)
	}

	// Score: highest first on the first click.
	if err := openPage(ctx, page); err != nil {
		t.Fatal(err)
	}
	waitFor("plain page", func(s backlogState) bool { return s.Cats != "" })
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#backlog-open th[data-key="score"] button').click(), true`)); err != nil {
		t.Fatal(err)
	}
	s = waitFor("score clicked", func(s backlogState) bool { return s.Sort != "" })
	if s.Sort != "score descending" {
		t.Errorf("first click on Score sorts %q, want descending", s.Sort)
	}
	for _, m := range probs.Take() {
		t.Error(m)
	}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// TestBrowserBacklogSortMenuAndCounts: the sort menu (a phone's only sort:
// its cards have no header) sorts the open features and goes in the
// address; a column sort shows in the menu; and a section's count stays
// true to its filtered table ("Done 0 of 3").
func TestBrowserBacklogSortMenuAndCounts(t *testing.T) {
	root := buildForTest(t, sitetest.Tiny())
	ctx, probs := browsertest.Start(t)
	if err := openPage(ctx, fileURL(filepath.Join(root, "backlog/index.html"))); err != nil {
		t.Fatal(err)
	}
	const view = `(function () {
  var f = document.getElementById("backlog-filters");
  var th = document.querySelector("#backlog-open th[aria-sort]");
  var rows = function (id) { return document.querySelectorAll("#" + id + " tbody tr:not(:has(td[colspan]))").length; };
  return JSON.stringify({menu: f.elements.sort.value, sort: th ? th.getAttribute("data-key") + " " + th.getAttribute("aria-sort") : "",
    search: location.search, done: document.querySelector("#done-h .count").textContent, doneRows: rows("backlog-done"),
    firstScore: parseFloat(document.querySelector("#backlog-open tbody tr td:nth-child(5)").textContent),
    scores: Array.prototype.map.call(document.querySelectorAll("#backlog-open tbody tr td:nth-child(5)"), function (td) { return parseFloat(td.textContent) || 0; })});
})()`
	type viewState struct {
		Menu, Sort, Search, Done string
		DoneRows                 int
		FirstScore               float64
		Scores                   []float64
	}
	run := func(js string) viewState {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string](js+";"+view))
		if err != nil {
			t.Fatal(err)
		}
		var v viewState
		if err := jsonUnmarshal(out, &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	choose := func(name, value string) string {
		return `(function(){var s=document.getElementById("backlog-filters").elements.` + name + `;s.value=` + strconv.Quote(value) + `;s.dispatchEvent(new Event("input",{bubbles:true}));})()`
	}

	v := run(`0`)
	if v.Menu != "position:asc" || v.Sort != "" {
		t.Errorf("as written: menu %q, sorted column %q; want backlog order", v.Menu, v.Sort)
	}
	v = run(choose("sort", "score:desc"))
	highest := 0.0
	for _, s := range v.Scores {
		highest = max(highest, s)
	}
	if v.Sort != "score descending" || v.Search != "?sort=score&dir=desc" || v.FirstScore != highest {
		t.Errorf("menu's score, highest first: column %q, address %q, first score %v of %v", v.Sort, v.Search, v.FirstScore, v.Scores)
	}
	v = run(`document.querySelector('#backlog-open th[data-key="size"] button').click(), document.querySelector('#backlog-open th[data-key="size"] button').click()`)
	if v.Sort != "size descending" || v.Menu != "size:desc" {
		t.Errorf("size sorted largest first by its column: column %q, menu %q", v.Sort, v.Menu)
	}

	total := v.Done
	if v.DoneRows == 0 || total != strconv.Itoa(v.DoneRows) {
		t.Fatalf("unfiltered: done count %q for %d rows", total, v.DoneRows)
	}
	v = run(choose("release", "-"))
	if want := strconv.Itoa(v.DoneRows) + " of " + total; v.DoneRows >= atoi(total) || v.Done != want {
		t.Errorf("filtered to the unscheduled: done count %q for %d rows, want %q (fewer than all)", v.Done, v.DoneRows, want)
	}
	v = run(choose("release", ""))
	if v.Done != total {
		t.Errorf("filter cleared: done count %q, want %q", v.Done, total)
	}
	for _, m := range probs.Take() {
		t.Error(m)
	}
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
