package render

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/backlogsite/backlogsite/internal/browsertest"
	"github.com/backlogsite/backlogsite/internal/sitetest"
	"github.com/chromedp/chromedp"
)

// tablesTooWideJS lists the tables in sight (a chart's data table folded
// in its <details> is not) that are wider than their horizontal scroller
// or the viewport: on a phone their right-hand columns, often the key
// figures, are off-screen with nothing to say they are there.
const tablesTooWideJS = `(function () {
  var vw = document.documentElement.clientWidth, out = [];
  document.querySelectorAll("table").forEach(function (t) {
    if (!t.getClientRects().length || t.closest("details:not([open])")) return;
    var box = t.parentElement.classList.contains("table-wrap") ? t.parentElement : document.documentElement;
    var w = t.getBoundingClientRect().width, room = Math.min(box.clientWidth, vw);
    if (w > room + 1) {
      var c = t.querySelector("caption");
      out.push((c ? c.textContent.trim() : "table") + ": " + Math.round(w) + " px in " + room + " px");
    }
  });
  return JSON.stringify(out);
})()`

// TestBrowserTablesFitAPhone: at 390 px every table in sight on the pages
// a stakeholder reads on a phone fits its screen, so no key figure hides
// off to the right (the sprint list was 1139 px wide in a 364 px scroller,
// the themes tables 840 px, cut after Size).
func TestBrowserTablesFitAPhone(t *testing.T) {
	root := buildForTest(t, sitetest.Example())
	ctx, probs := browsertest.Start(t)
	setWidth(t, ctx, 390)
	for _, p := range []string{
		"sprints/index.html",
		"themes/index.html",
		"releases/index.html",
		"velocity/index.html",
		"backlog/index.html",
		"flow/index.html",
		"features/F-101/index.html",
		"releases/2026.1/index.html",
		"sprints/S-8/index.html",
	} {
		if err := openPage(ctx, fileURL(filepath.Join(root, p))); err != nil {
			t.Fatal(err)
		}
		js, err := chromedp.Run(ctx, chromedp.Evaluate[string](tablesTooWideJS))
		if err != nil {
			t.Fatal(p, err)
		}
		var wide []string
		if err := json.Unmarshal([]byte(js), &wide); err != nil {
			t.Fatal(p, err)
		}
		for _, w := range wide {
			t.Errorf("%s at 390 px: %s", p, w)
		}
	}
	for _, m := range probs.Take() {
		t.Error(m)
	}
}
