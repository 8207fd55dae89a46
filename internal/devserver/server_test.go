package devserver

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/model"
)

// liveServer is a Server serving on a loopback port and watching its
// directory, as `serve` runs it.
type liveServer struct {
	*Server
	url    string
	stdout *sitetest.SyncBuffer
	stderr *sitetest.SyncBuffer
}

func startLive(t testing.TB, dir string) *liveServer {
	t.Helper()
	stdout, stderr := &sitetest.SyncBuffer{}, &sitetest.SyncBuffer{}
	ls := New(dir, model.Date(0), stdout, stderr)
	ctx, cancel := context.WithCancel(context.Background())
	ls.Rebuild(ctx, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- ls.Serve(ctx, ln, func() { close(ready) }) }()
	select {
	case <-ready:
	case err := <-done:
		cancel()
		t.Fatalf("serve ended before watching: %v", err)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("watcher not ready after 10s")
	}
	sitetest.StopOnCleanup(t, "serve", cancel, done)
	return &liveServer{Server: ls, url: "http://" + ln.Addr().String(), stdout: stdout, stderr: stderr}
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// served waits until path answers with status and a body containing want.
func (s *liveServer) served(t testing.TB, path string, status int, want string) {
	t.Helper()
	sitetest.WaitFor(t, 30*time.Second, fmt.Sprintf("%s to serve %d with %q", path, status, want), func() (bool, string) {
		code, body := get(t, s.url+path)
		return code == status && strings.Contains(body, want), fmt.Sprintf("status %d, terminal %q %q", code, s.stdout.String(), s.stderr.String())
	})
}

// eventStream reads one page's Server-Sent Events.
type eventStream struct {
	events   chan sse
	cancel   context.CancelFunc
	terminal func() string
}

type sse struct {
	name  string
	state liveState
}

func (s *liveServer) events(t testing.TB) *eventStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.url+livePrefix+"events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		cancel()
		t.Fatalf("events Content-Type = %q", ct)
	}
	es := &eventStream{events: make(chan sse, 64), cancel: cancel, terminal: func() string { return s.stdout.String() + s.stderr.String() }}
	go func() {
		defer resp.Body.Close()
		defer close(es.events)
		sc := bufio.NewScanner(resp.Body)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				var st liveState
				if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &st); err != nil {
					t.Errorf("event %s: bad data %q: %v", name, line, err)
				}
				es.events <- sse{name, st}
			}
		}
	}()
	t.Cleanup(cancel)
	return es
}

// next waits for the next event of one of the names, skipping others.
func (es *eventStream) next(t testing.TB, names ...string) sse {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case ev, ok := <-es.events:
			if !ok {
				t.Fatalf("event stream closed while waiting for %v", names)
			}
			for _, n := range names {
				if ev.name == n {
					return ev
				}
			}
		case <-timeout:
			t.Fatalf("no %v event within 30s; terminal:\n%s", names, es.terminal())
		}
	}
}

func TestServeEditIsServed(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	s := startLive(t, dir)
	s.served(t, "/", 200, "Live test site")
	es := s.events(t)
	if ev := es.next(t, "state"); ev.state.Build != 1 || len(ev.state.Problems) != 0 || ev.state.Server != s.server {
		t.Fatalf("first state = %+v", ev.state)
	}

	sitetest.WriteFiles(t, dir, map[string]string{"site.toml": strings.Replace(sitetest.LiveSiteFiles["site.toml"], "Live test site", "Edited title", 1)})
	ev := es.next(t, "reload")
	if ev.state.Build != 2 {
		t.Errorf("reload build = %d, want 2", ev.state.Build)
	}
	s.served(t, "/", 200, "Edited title")
	sitetest.WaitFor(t, 5*time.Second, "the rebuild line", func() (bool, string) {
		out := s.stdout.String()
		return regexp.MustCompile(`rebuilt after site\.toml changed: \d+ pages in \d+ms`).MatchString(out), out
	})
}

func TestServeAtomicSave(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	s := startLive(t, dir)
	s.served(t, "/sprints/S-1/", 200, "First goal")

	// What editors do to save safely: write a temporary file, then rename
	// it over the real one; vim also writes a swap file and a 4913 test.
	p := filepath.Join(dir, "sprints", "S-1.toml")
	tmp := filepath.Join(dir, "sprints", "S-1.toml.tmp.12345")
	sitetest.WriteFiles(t, dir, map[string]string{"sprints/.S-1.toml.swp": "swap", "sprints/4913": ""})
	if err := os.Remove(filepath.Join(dir, "sprints", "4913")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tmp, []byte(strings.Replace(sitetest.LiveSiteFiles["sprints/S-1.toml"], "First goal", "Atomic goal", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
	s.served(t, "/sprints/S-1/", 200, "Atomic goal")
	sitetest.WaitFor(t, 5*time.Second, "the rebuild line", func() (bool, string) {
		out := s.stdout.String()
		return strings.Contains(out, "rebuilt after sprints/S-1.toml changed:"), out
	})
	if out := s.stdout.String(); strings.Contains(out, "tmp.12345") || strings.Contains(out, "4913") || strings.Contains(out, ".swp") {
		t.Errorf("terminal names an editor's temporary file:\n%s", out)
	}
}

func TestServeNewDirectoryAndFile(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	s := startLive(t, dir)
	if code, _ := get(t, s.url+"/how-we-plan/"); code != 404 {
		t.Fatalf("page before it exists: status %d", code)
	}
	// pages/ did not exist: the watcher must follow the new directory and
	// a file written into it right away.
	sitetest.WriteFiles(t, dir, map[string]string{"pages/how-we-plan.md": "+++\ntitle = \"How we plan\"\n+++\nWe plan on **Mondays**.\n"})
	s.served(t, "/how-we-plan/", 200, "Mondays")

	// A file written later into the new directory is seen too.
	sitetest.WriteFiles(t, dir, map[string]string{"pages/glossary.md": "+++\ntitle = \"Glossary\"\n+++\nA *story* is small.\n"})
	s.served(t, "/glossary/", 200, "is small")

	// And a new sprint file.
	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-3.toml": "id = \"S-3\"\nstart = 2026-03-30\nend = 2026-04-10\ngoal = \"Third goal\"\n"})
	s.served(t, "/sprints/S-3/", 200, "Third goal")

	// A directory created with files already in it (a copy, an unpacked
	// archive) is seen as a whole.
	staging := filepath.Join(t.TempDir(), "static")
	sitetest.WriteFiles(t, staging, map[string]string{"docs/readme.txt": "copied in"})
	if err := os.Rename(staging, filepath.Join(dir, "static")); err != nil {
		t.Fatal(err)
	}
	s.served(t, "/docs/readme.txt", 200, "copied in")
}

func TestServeBrokenThenMended(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	s := startLive(t, dir)
	s.served(t, "/sprints/S-2/", 200, "Second goal")
	es := s.events(t)
	es.next(t, "state")

	broken := strings.Replace(sitetest.LiveSiteFiles["sprints/S-2.toml"], `goal = "Second goal"`, "goal = \"Broken goal\"\nestimate = = 3", 1)
	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-2.toml": broken})
	ev := es.next(t, "errors")
	if len(ev.state.Problems) == 0 {
		t.Fatal("errors event without problems")
	}
	p := ev.state.Problems[0]
	wantPath := filepath.Join(dir, "sprints", "S-2.toml")
	if p.Path != wantPath || p.Line != 6 || !strings.HasPrefix(p.Text, wantPath+":6:") {
		t.Errorf("problem = %+v, want %s line 6", p, wantPath)
	}
	// The last good pages stay.
	s.served(t, "/sprints/S-2/", 200, "Second goal")
	// A page opened now learns the problems when it connects.
	var st liveState
	_, body := get(t, s.url+livePrefix+"state")
	if err := json.Unmarshal([]byte(body), &st); err != nil || len(st.Problems) == 0 || st.Problems[0].Text != p.Text {
		t.Errorf("state = %s (%v), want the problem %q", body, err, p.Text)
	}
	late := s.events(t)
	if ev := late.next(t, "state"); len(ev.state.Problems) == 0 || ev.state.Build != 1 {
		t.Errorf("state on connect = %+v, want build 1 with problems", ev.state)
	}
	sitetest.WaitFor(t, 5*time.Second, "the problems on the terminal", func() (bool, string) {
		out := s.stderr.String()
		return strings.Contains(out, "rebuild after sprints/S-2.toml changed failed") && strings.Contains(out, wantPath+":6:"), out
	})

	// Mended with a change: the overlay goes with the reload.
	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-2.toml": strings.Replace(sitetest.LiveSiteFiles["sprints/S-2.toml"], "Second goal", "Mended goal", 1)})
	if ev := es.next(t, "reload", "ok"); ev.name != "reload" || len(ev.state.Problems) != 0 {
		t.Errorf("after mending: %+v", ev)
	}
	s.served(t, "/sprints/S-2/", 200, "Mended goal")

	// Broken and put back exactly: nothing to reload, only the overlay goes.
	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-2.toml": broken})
	es.next(t, "errors")
	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-2.toml": strings.Replace(sitetest.LiveSiteFiles["sprints/S-2.toml"], "Second goal", "Mended goal", 1)})
	if ev := es.next(t, "reload", "ok"); ev.name != "ok" {
		t.Errorf("after undoing a mistake: %s event, want ok", ev.name)
	}
	_, body = get(t, s.url+livePrefix+"state")
	if err := json.Unmarshal([]byte(body), &st); err != nil || len(st.Problems) != 0 {
		t.Errorf("state after mending = %s", body)
	}
}

func TestServeDeletedFile(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	s := startLive(t, dir)
	s.served(t, "/sprints/S-2/", 200, "Second goal")
	if err := os.Remove(filepath.Join(dir, "sprints", "S-2.toml")); err != nil {
		t.Fatal(err)
	}
	s.served(t, "/sprints/S-2/", 404, "<html")
	sitetest.WaitFor(t, 5*time.Second, "the rebuild line", func() (bool, string) {
		out := s.stdout.String()
		return strings.Contains(out, "rebuilt after sprints/S-2.toml changed"), out
	})

	// A removed directory is dropped from the watch list; one of the same
	// name created again is watched anew.
	if err := os.RemoveAll(filepath.Join(dir, "sprints")); err != nil {
		t.Fatal(err)
	}
	s.served(t, "/sprints/S-1/", 404, "<html")
	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-1.toml": sitetest.LiveSiteFiles["sprints/S-1.toml"]})
	s.served(t, "/sprints/S-1/", 200, "First goal")
	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-1.toml": strings.Replace(sitetest.LiveSiteFiles["sprints/S-1.toml"], "First goal", "Recreated goal", 1)})
	s.served(t, "/sprints/S-1/", 200, "Recreated goal")
}

// TestServeFirstBuildFails: a site that never built still gets a page, with
// the problems over it, and the real pages once they are fixed.
func TestServeFirstBuildFails(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	sitetest.WriteFiles(t, dir, map[string]string{"site.toml": "title = \n"})
	s := startLive(t, dir)
	code, body := get(t, s.url+"/")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, livePrefix+"live.js") {
		t.Fatalf("before any good build: %d %s", code, body)
	}
	es := s.events(t)
	if ev := es.next(t, "state"); len(ev.state.Problems) == 0 || ev.state.Build != 0 {
		t.Errorf("state = %+v", ev.state)
	}
	sitetest.WriteFiles(t, dir, sitetest.LiveSiteFiles)
	es.next(t, "reload")
	s.served(t, "/", 200, "Live test site")
}

// TestServeHandler checks the HTTP side on a build held in memory, without
// a watcher.
func TestServeHandler(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	sitetest.WriteFiles(t, dir, map[string]string{"static/extra.css": "body{}", "static/notes/a b.txt": "spaced"})
	ls := New(dir, model.Date(0), io.Discard, io.Discard)
	if res := ls.Rebuild(context.Background(), nil); len(res.Problems) != 0 {
		t.Fatalf("build: %v", res.Problems)
	}
	srv := httptest.NewServer(ls.Handler())
	defer srv.Close()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	for _, tc := range []struct {
		path, method   string
		status         int
		ctype, inBody  string
		location       string
		injected       bool
		notCachedByAge bool
	}{
		{path: "/", status: 200, ctype: "text/html; charset=utf-8", inBody: "Live test site", injected: true},
		{path: "/index.html", status: 200, ctype: "text/html; charset=utf-8", injected: true},
		{path: "/sprints/S-1/", status: 200, ctype: "text/html; charset=utf-8", inBody: "First goal", injected: true},
		{path: "/sprints/S-1", status: 302, location: "/sprints/S-1/"},
		{path: "/sprints/S-1?x=1", status: 302, location: "/sprints/S-1/?x=1"},
		{path: "/nope/", status: 404, ctype: "text/html; charset=utf-8", injected: true},
		{path: "/etc/passwd", status: 404, ctype: "text/html; charset=utf-8", injected: true},
		{path: "/extra.css", status: 200, ctype: "text/css; charset=utf-8", inBody: "body{}"},
		{path: "/notes/a%20b.txt", status: 200, ctype: "text/plain; charset=utf-8", inBody: "spaced"},
		{path: "/data/report.json", status: 200, ctype: "application/json", inBody: `"as_of"`},
		{path: "/data/backlog.csv", status: 200, ctype: "text/csv; charset=utf-8"},
		{path: livePrefix + "live.js", status: 200, ctype: "text/javascript; charset=utf-8", inBody: "EventSource"},
		{path: "/", method: http.MethodPost, status: 405},
		{path: "/favicon.ico", status: 204},
		{path: "/", method: http.MethodHead, status: 200, ctype: "text/html; charset=utf-8"},
	} {
		method := tc.method
		if method == "" {
			method = http.MethodGet
		}
		req, _ := http.NewRequest(method, srv.URL+tc.path, nil)
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		name := method + " " + tc.path
		if resp.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", name, resp.StatusCode, tc.status)
		}
		if tc.ctype != "" && resp.Header.Get("Content-Type") != tc.ctype {
			t.Errorf("%s: Content-Type %q, want %q", name, resp.Header.Get("Content-Type"), tc.ctype)
		}
		if !strings.Contains(string(body), tc.inBody) {
			t.Errorf("%s: body lacks %q", name, tc.inBody)
		}
		if tc.location != "" && resp.Header.Get("Location") != tc.location {
			t.Errorf("%s: Location %q, want %q", name, resp.Header.Get("Location"), tc.location)
		}
		if cc := resp.Header.Get("Cache-Control"); resp.StatusCode != 302 && resp.StatusCode != 405 && resp.StatusCode != 204 && cc != "no-cache" {
			t.Errorf("%s: Cache-Control %q", name, cc)
		}
		if got := strings.Contains(string(body), `<script src="/__backlogsite/live.js" data-build="1"></script>`+"\n</body>"); got != tc.injected {
			t.Errorf("%s: live script injected before </body> = %v, want %v", name, got, tc.injected)
		}
	}
}

func TestServeCSSOnlyChange(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	sitetest.WriteFiles(t, dir, map[string]string{"static/extra.css": "body { color: red }"})
	s := startLive(t, dir)
	es := s.events(t)
	es.next(t, "state")
	sitetest.WriteFiles(t, dir, map[string]string{"static/extra.css": "body { color: blue }"})
	ev := es.next(t, "css", "reload")
	if ev.name != "css" || len(ev.state.CSS) != 1 || ev.state.CSS[0] != "extra.css" {
		t.Errorf("after a CSS-only change: %+v", ev)
	}
}

func TestInjectLive(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"<html><body><p>x</p></body></html>", `<html><body><p>x</p><script src="/__backlogsite/live.js" data-build="3"></script>` + "\n</body></html>"},
		{"<p>no body</p>", `<p>no body</p><script src="/__backlogsite/live.js" data-build="3"></script>` + "\n"},
		// The last </body>: an earlier one may be inside a code sample's text.
		{"<body><pre>&lt;/body&gt;</body></pre></BODY >", `<body><pre>&lt;/body&gt;</body></pre><script src="/__backlogsite/live.js" data-build="3"></script>` + "\n</BODY >"},
	} {
		if got := string(injectLive([]byte(tc.in), 3)); got != tc.want {
			t.Errorf("injectLive(%q) =\n%q\nwant\n%q", tc.in, got, tc.want)
		}
	}
}

func TestCSPAllowsLiveReload(t *testing.T) {
	theme := "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'"
	for _, tc := range []struct{ in, want string }{
		{theme, theme}, // the default theme's policy already allows it
		{"default-src 'none'", "default-src 'none'; script-src 'self'; connect-src 'self'"},
		{"default-src 'self'", "default-src 'self'"},
		{"script-src 'none'; connect-src https://x.example", "script-src 'self'; connect-src 'self' https://x.example"},
		{"img-src 'self'", "img-src 'self'"},
		{"script-src *", "script-src *"},
	} {
		page := `<head><meta http-equiv="Content-Security-Policy" content="` + tc.in + `"></head>`
		got := string(allowLiveCSP([]byte(page)))
		want := `<head><meta http-equiv="Content-Security-Policy" content="` + tc.want + `"></head>`
		if got != want {
			t.Errorf("allowLiveCSP(%q) =\n%s\nwant\n%s", tc.in, got, want)
		}
	}
}

// TestLiveJSTextOnly: problem text is the user's and must never be parsed
// as HTML by the overlay.
func TestLiveJSTextOnly(t *testing.T) {
	src := string(liveJS)
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute(\"style\""} {
		if strings.Contains(src, bad) {
			t.Errorf("live.js uses %s", bad)
		}
	}
	if !strings.Contains(src, "textContent") {
		t.Error("live.js does not set text with textContent")
	}
}

// TestServeSiteDirReplaced: the whole site directory removed and written
// again (rm -rf and a fresh copy, a branch switch by some tools) is watched
// again once it is back.
func TestServeSiteDirReplaced(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	s := startLive(t, dir)
	s.served(t, "/sprints/S-1/", 200, "First goal")
	if err := os.Rename(dir, dir+".old"); err != nil {
		t.Fatal(err)
	}
	sitetest.WaitFor(t, 30*time.Second, "the failed rebuild", func() (bool, string) {
		return strings.Contains(s.stderr.String(), "not a site directory"), s.stderr.String()
	})
	s.served(t, "/sprints/S-1/", 200, "First goal") // the last good build stays
	files := map[string]string{}
	for k, v := range sitetest.LiveSiteFiles {
		files[k] = v
	}
	files["sprints/S-1.toml"] = strings.Replace(sitetest.LiveSiteFiles["sprints/S-1.toml"], "First goal", "Replaced goal", 1)
	sitetest.WriteFiles(t, dir, files)
	s.served(t, "/sprints/S-1/", 200, "Replaced goal")
	// And it is watched again.
	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-1.toml": strings.Replace(sitetest.LiveSiteFiles["sprints/S-1.toml"], "First goal", "Watched again", 1)})
	s.served(t, "/sprints/S-1/", 200, "Watched again")
}

// TestServe404UnderBaseURL: a site published under a path still gets a
// styled not-found page from the dev server, which serves it at the root.
func TestServe404UnderBaseURL(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	sitetest.WriteFiles(t, dir, map[string]string{"site.toml": "base_url = \"https://acme.example/roadmap/\"\n" + sitetest.LiveSiteFiles["site.toml"]})
	ls := New(dir, model.Date(0), io.Discard, io.Discard)
	if res := ls.Rebuild(context.Background(), nil); len(res.Problems) != 0 {
		t.Fatalf("build: %v", res.Problems)
	}
	srv := httptest.NewServer(ls.Handler())
	defer srv.Close()
	code, body := get(t, srv.URL+"/no/such/page/")
	if code != 404 || !strings.Contains(body, `href="/assets/`) || strings.Contains(body, "/roadmap/assets/") {
		t.Errorf("404 page: status %d, want links from / in:\n%s", code, body)
	}
	if code, _ := get(t, srv.URL+"/assets/style.css"); code != 200 {
		t.Errorf("the stylesheet the 404 page links: status %d", code)
	}
}

// TestServePageTemplateFails: pages render when asked for, so a template
// that fails on one page shows on that page and the terminal while every
// other page is served.
func TestServePageTemplateFails(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	sitetest.WriteFiles(t, dir, map[string]string{"layouts/sprint.html": `{{define "content"}}{{index .Body.Stories 99}}{{end}}`})
	stderr := &sitetest.SyncBuffer{}
	ls := New(dir, model.Date(0), io.Discard, stderr)
	if res := ls.Rebuild(context.Background(), nil); len(res.Problems) != 0 {
		t.Fatalf("build: %v", res.Problems)
	}
	srv := httptest.NewServer(ls.Handler())
	defer srv.Close()
	if code, body := get(t, srv.URL+"/"); code != 200 || !strings.Contains(body, "Live test site") {
		t.Errorf("dashboard: status %d", code)
	}
	for range 2 {
		code, body := get(t, srv.URL+"/sprints/S-1/")
		if code != http.StatusInternalServerError || !strings.Contains(body, "sprints/S-1/index.html") || !strings.Contains(body, "index out of range") ||
			!strings.Contains(body, `<script src="/__backlogsite/live.js" data-build="1">`) {
			t.Errorf("failing page: status %d, body:\n%s", code, body)
		}
	}
	if n := strings.Count(stderr.String(), "page failed: sprints/S-1/index.html"); n != 1 {
		t.Errorf("terminal reports the failed page %d times, want once:\n%s", n, stderr)
	}
}

// TestServeAnswersOnlyLocalHosts: a request whose Host is a name other than
// localhost (DNS rebinding) gets 421 and none of the site, not even the
// event stream; addresses and localhost are answered.
func TestServeAnswersOnlyLocalHosts(t *testing.T) {
	s := New(sitetest.NewLiveSite(t), model.Date(0), io.Discard, io.Discard)
	s.Rebuild(context.Background(), nil)
	h := s.Handler()
	for host, want := range map[string]int{
		"127.0.0.1:1414": 200, "localhost:1414": 200, "[::1]:1414": 200, "LOCALHOST": 200, "192.168.1.20:1414": 200,
		"evil.example:1414": 421, "evil.example": 421, "localhost.evil.example": 421, "127.0.0.1.nip.io": 421,
	} {
		for _, path := range []string{"/data/report.json", livePrefix + "state"} {
			req := httptest.NewRequest("GET", path, nil)
			req.Host = host
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != want {
				t.Errorf("Host %s, GET %s: %d, want %d", host, path, rec.Code, want)
			}
			if want == 421 && strings.Contains(rec.Body.String(), "Live test site") {
				t.Errorf("Host %s: the site leaked", host)
			}
		}
	}
}

// TestServePublicAudience: serve --audience public serves the public
// roadmap, with no sprint pages and the public report.
func TestServePublicAudience(t *testing.T) {
	var stdout sitetest.SyncBuffer
	ls := New(sitetest.NewLiveSite(t), model.Date(0), &stdout, io.Discard)
	ls.Audience = audience.Public
	if res := ls.Rebuild(context.Background(), nil); len(res.Problems) != 0 {
		t.Fatalf("build: %v", res.Problems)
	}
	// The terminal says which site is served, so that no one takes the
	// public roadmap for the full site.
	if !strings.Contains(stdout.String(), "built the public roadmap of ") {
		t.Errorf("serve printed %q, want it to name the public roadmap", stdout.String())
	}
	srv := httptest.NewServer(ls.Handler())
	defer srv.Close()
	tests := []struct {
		path string
		code int
		want string
	}{
		{"/", 200, "Roadmap"},
		{"/roadmap/", 200, "Roadmap"},
		{"/sprints/", 404, ""},
		{"/backlog/", 404, ""},
		{"/data/report.json", 200, `"progress"`},
	}
	for _, tt := range tests {
		code, body := get(t, srv.URL+tt.path)
		if code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("%s: status %d, want %d with %q", tt.path, code, tt.code, tt.want)
		}
	}
}
