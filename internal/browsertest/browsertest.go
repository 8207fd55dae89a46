// Package browsertest starts the headless Chromium that browser tests of
// several packages drive, and collects what pages report as going wrong.
// Imported by tests only.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian installs Chromium (make browser-deps).
const ChromiumPath = "/usr/bin/chromium"

// Start starts a headless Chromium for one test, or skips the test
// when there is none (unless BACKLOGSITE_BROWSER=required, as in CI). The
// returned problems collect everything the pages report as going wrong.
func Start(t *testing.T) (context.Context, *Problems) {
	t.Helper()
	// -short is the quick check before a commit; make test runs these
	// (with BACKLOGSITE_BROWSER=required, where nothing may skip).
	if testing.Short() && os.Getenv("BACKLOGSITE_BROWSER") != "required" {
		t.Skip("browser test: skipped with -short")
	}
	if _, err := os.Stat(ChromiumPath); err != nil {
		if os.Getenv("BACKLOGSITE_BROWSER") == "required" {
			t.Fatalf("chromium is required but missing: %v", err)
		}
		t.Skip("no chromium at " + ChromiumPath)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(ChromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	probs := &Problems{}
	ctx, cancelC := chromedp.NewContext(actx, chromedp.WithListener(probs.listen))
	ctx, cancelT := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("enable log: %v", err)
	}
	if _, err := chromedp.Call(ctx, cdppage.Enable, cdppage.EnableParams{}); err != nil {
		t.Fatalf("enable page: %v", err)
	}
	probs.ctx = ctx
	return ctx, probs
}

// Problems collects what a page reports as going wrong: console errors,
// uncaught exceptions, failed loads and CSP violations (log entries), and
// any dialog a script opened.
type Problems struct {
	ctx  context.Context
	mu   sync.Mutex
	list []string
}

func (p *Problems) add(s string) {
	p.mu.Lock()
	p.list = append(p.list, s)
	p.mu.Unlock()
}

// Take returns the problems reported since the last Take.
func (p *Problems) Take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.list
	p.list = nil
	return l
}

// listen runs on chromedp's reader goroutine: it must not block or run
// commands, so a dialog is dismissed from another goroutine.
func (p *Problems) listen(ev any) {
	switch e := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
			var args []string
			for _, a := range e.Args {
				args = append(args, string(a.Value)+a.Description)
			}
			p.add("console error: " + strings.Join(args, " "))
		}
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		p.add("exception: " + msg)
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
			p.add(fmt.Sprintf("log %s: %s %s", e.Entry.Level, e.Entry.Text, e.Entry.URL))
		}
	case *cdppage.EventJavascriptDialogOpening:
		p.add("dialog opened: " + e.Message)
		go chromedp.Call(p.ctx, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: false})
	}
}
