package devserver

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/browsertest"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/chromedp/chromedp"
)

// evalUntil polls a JavaScript expression in the page until it is true.
func evalUntil(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	sitetest.WaitFor(t, 30*time.Second, what, func() (bool, string) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err != nil {
			return false, err.Error() // the page may be reloading
		}
		return ok, "false"
	})
}

// TestServeBrowserOverlay opens a served page in Chromium, breaks the site
// with a problem whose text is markup, and checks the overlay lists it as
// text; then mends it and checks the page reloads with the change and
// without the overlay. The page's Content-Security-Policy stays in force
// throughout: any violation is a console error and fails the test.
func TestServeBrowserOverlay(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	s := startLive(t, dir)
	ctx, probs := browsertest.Start(t)

	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/sprints/S-2/")); err != nil {
		t.Fatal(err)
	}
	evalUntil(t, ctx, "the page", `document.body.textContent.includes("Second goal")`)
	// Mark this document: a reload loses the mark.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__before = true`)); err != nil {
		t.Fatal(err)
	}

	hostile := `<img src=x id=pwned onerror=alert(1)>`
	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-2.toml": sitetest.LiveSiteFiles["sprints/S-2.toml"] + "\n\"" + hostile + "\" = 1\n"})
	evalUntil(t, ctx, "the overlay", `!!document.getElementById("backlogsite-live-overlay")`)
	items, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".backlogsite-live-problem"), li => li.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || !strings.Contains(items[0], "S-2.toml:") || !strings.Contains(items[0], hostile) {
		t.Errorf("overlay items = %q, want the problem with its file, line and the key as text", items)
	}
	pwned, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.getElementById("pwned") || document.querySelectorAll("#backlogsite-live-overlay img").length > 0`))
	if err != nil {
		t.Fatal(err)
	}
	stillOld, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__before === true && document.body.textContent.includes("Second goal")`))
	if err != nil {
		t.Fatal(err)
	}
	if pwned {
		t.Error("problem text became markup in the overlay")
	}
	if !stillOld {
		t.Error("a failed build reloaded or changed the page")
	}

	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-2.toml": strings.Replace(sitetest.LiveSiteFiles["sprints/S-2.toml"], "Second goal", "Mended goal", 1)})
	evalUntil(t, ctx, "the reload with the change", `window.__before === undefined && document.body.textContent.includes("Mended goal")`)
	evalUntil(t, ctx, "the overlay gone", `document.readyState === "complete" && !document.getElementById("backlogsite-live-overlay")`)
	if p := probs.Take(); len(p) > 0 {
		t.Errorf("the page reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// TestServeBrowserCSSSwap: when only a stylesheet changed, the page keeps
// its state and swaps the sheet instead of reloading.
func TestServeBrowserCSSSwap(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	sitetest.WriteFiles(t, dir, map[string]string{"static/extra.css": "body { outline: 3px solid rgb(9, 9, 9) }\n"})
	s := startLive(t, dir)
	ctx, probs := browsertest.Start(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(s.url+"/")); err != nil {
		t.Fatal(err)
	}
	// A site whose own layout links the stylesheet; here the test adds the
	// link, and marks the document so that a reload would show.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const l = document.createElement("link");
		l.rel = "stylesheet";
		l.href = "extra.css";
		document.head.appendChild(l);
		window.__before = true;
		return true;
	})()`)); err != nil {
		t.Fatal(err)
	}
	evalUntil(t, ctx, "the first sheet", `getComputedStyle(document.body).outlineColor === "rgb(9, 9, 9)"`)
	sitetest.WaitFor(t, 30*time.Second, "the page's event stream", func() (bool, string) {
		s.mu.RLock()
		defer s.mu.RUnlock()
		return len(s.clients) == 1, fmt.Sprintf("%d streams", len(s.clients))
	})
	sitetest.WriteFiles(t, dir, map[string]string{"static/extra.css": "body { outline: 3px solid rgb(1, 2, 3) }\n"})
	evalUntil(t, ctx, "the new sheet without a reload", `window.__before === true && getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)"`)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('link[href*="extra.css"]').length`))
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d links to the stylesheet after the swap, want the old one removed", n)
	}
	if p := probs.Take(); len(p) > 0 {
		t.Errorf("the page reported problems:\n%s", strings.Join(p, "\n"))
	}
}
