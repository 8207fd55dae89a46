package devserver

import (
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"html"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/backlogsite/backlogsite/generator"
	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/render"

	"github.com/backlogsite/backlogsite/internal/watch"
)

// Server is the development server: the last good build in memory, the
// problems of the latest build when it failed, and the open pages waiting
// for news. Rebuild and Handler are separate so that tests drive them
// without a terminal, a port or file events.
type Server struct {
	// Audience is who the served site is for (serve --audience); set it
	// before Serve. "" is the internal site.
	Audience audience.Audience
	server   string // this run's id
	dir      string
	asOf     model.Date
	stdout   io.Writer
	stderr   io.Writer

	mu     sync.RWMutex
	pages  *render.Pages // the last good build, rendered page by page on request; nil before the first
	inputs inputPrint    // what the last good build was made from
	// failedPages are the pages of this build whose template failed,
	// already reported on the terminal.
	failedPages map[string]bool
	build       int             // counts good builds; pages carry it
	problems    []watch.Problem // the latest build's problems; nil when it succeeded
	clients     map[chan liveEvent]struct{}
	closed      bool
	attempts    int // builds tried, good or not

	buildMu   sync.Mutex           // one rebuild at a time
	templates render.TemplateCache // parsed templates, reused while layouts/ stays the same
	loadCache load.Cache           // parsed input files, reused while their text stays the same
}

// liveEvent is one Server-Sent Event to the open pages.
type liveEvent struct {
	name string // state, reload, css, errors, ok
	data []byte // JSON
}

// liveState is the data of every event: the current good build, what
// changed for a css event, and the problems to show.
type liveState struct {
	// Server tells one run of the server from the next: a page that
	// reconnects to a restarted server reloads, whatever the build counts.
	Server   string          `json:"server,omitempty"`
	Build    int             `json:"build"`
	CSS      []string        `json:"css,omitempty"`
	Problems []watch.Problem `json:"problems"`
}

func New(dir string, asOf model.Date, stdout, stderr io.Writer) *Server {
	return &Server{dir: dir, asOf: asOf, stdout: stdout, stderr: stderr, clients: map[chan liveEvent]struct{}{}, server: rand.Text()}
}

// Rebuild builds the site into memory. On success the new pages replace the
// old ones at once and the open pages reload (or only swap their
// stylesheets when nothing but CSS changed); on failure the old pages stay
// and every open page shows the problems. changed names what set it off,
// relative to the site, for the terminal line (nil for the first build).
//
// A rebuild loads and computes the site and parses its templates; pages
// are rendered when a browser asks for them (servePage), so its cost does
// not grow with the number of pages.
func (ls *Server) Rebuild(ctx context.Context, changed []string) watch.Result {
	ls.buildMu.Lock()
	defer ls.buildMu.Unlock()
	ls.mu.Lock()
	ls.attempts++
	ls.mu.Unlock()
	start := time.Now()
	pages, inputs, err := ls.prepare(ctx)
	took := time.Since(start)
	if err != nil && ctx.Err() != nil {
		return watch.Result{Took: took} // shutting down
	}
	if err != nil {
		probs := watch.Problems(err)
		ls.fail(probs)
		what := "build failed"
		if changed != nil {
			what = "rebuild after " + watch.DescribeChange(changed) + " failed"
		}
		ls.mu.RLock()
		hasGood := ls.pages != nil
		ls.mu.RUnlock()
		keep := "; serving the last good build"
		if !hasGood {
			keep = "; the pages show the problems until they are fixed"
		}
		fmt.Fprintf(ls.stderr, "%s: %s%s\n", what, watch.CountOf(len(probs), "problem", "problems"), keep)
		for _, p := range probs {
			fmt.Fprintln(ls.stderr, p.Text)
		}
		return watch.Result{Took: took, Problems: probs}
	}
	ls.publish(pages, inputs)
	n, _ := pages.Count()
	if changed == nil {
		fmt.Fprintf(ls.stdout, "built %s: %s in %s\n", ls.Audience.Built(ls.dir), watch.CountOf(n, "page", "pages"), watch.DurationText(took))
	} else {
		fmt.Fprintf(ls.stdout, "rebuilt after %s: %s in %s\n", watch.DescribeChange(changed), watch.CountOf(n, "page", "pages"), watch.DurationText(took))
	}
	return watch.Result{Pages: n, Took: took}
}

// prepare loads and computes the site and readies its pages for rendering.
// The static files are read now, so that the build is a snapshot of the
// site directory as it was, whatever happens to the files later.
func (ls *Server) prepare(ctx context.Context) (*render.Pages, inputPrint, error) {
	// The input files' digest needs nothing from the build: it is taken on
	// another core while the site loads (one core) and computes. Reading
	// them after, on the rebuild's path, was about 18 ms CPU an edit of L.
	hashed := make(chan hash.Hash, 1)
	go func() { hashed <- hashInputs(ls.dir) }()
	inputsHash := sync.OnceValue(func() hash.Hash { return <-hashed })
	defer inputsHash() // never left reading after the rebuild returns
	site, rep, err := generator.OpenCached(ctx, ls.dir, ls.asOf, &ls.loadCache)
	if err != nil {
		return nil, inputPrint{}, err
	}
	// The dev server serves the site at its root, wherever base_url puts
	// it on its host: 404.html must link from there.
	pages, err := generator.Prepare(ctx, site, rep, render.Options{BaseURL: "/", Templates: &ls.templates}, ls.Audience)
	if err != nil {
		return nil, inputPrint{}, err
	}
	inputs, err := fingerprintWith(inputsHash(), site.StaticFiles, pages)
	if err != nil {
		return nil, inputPrint{}, err
	}
	return pages, inputs, nil
}

// publish swaps in a good build and tells the open pages what to do.
func (ls *Server) publish(pages *render.Pages, inputs inputPrint) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	hadProblems := ls.problems != nil
	ls.problems = nil
	name := "reload"
	var css []string
	if ls.pages != nil {
		switch same, css0 := ls.inputs.compare(inputs); {
		case same:
			// Made from the same files (a mistake undone, a file saved
			// unchanged): the pages are current; only an overlay has to go.
			if hadProblems {
				ls.broadcast("ok", liveState{Build: ls.build, Problems: []watch.Problem{}})
			}
			return
		case css0 != nil:
			name, css = "css", css0
		}
	}
	ls.pages, ls.inputs, ls.failedPages = pages, inputs, map[string]bool{}
	ls.build++
	ls.broadcast(name, liveState{Build: ls.build, CSS: css, Problems: []watch.Problem{}})
}

func (ls *Server) fail(probs []watch.Problem) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	ls.problems = probs
	ls.broadcast("errors", liveState{Build: ls.build, Problems: probs})
}

// broadcast sends to every open page; ls.mu is held.
func (ls *Server) broadcast(name string, st liveState) {
	data, _ := json.Marshal(st)
	for ch := range ls.clients {
		select {
		case ch <- liveEvent{name, data}:
		default:
			// A page this far behind is stuck; it catches up with the
			// state event when its connection comes back.
		}
	}
}

func (ls *Server) tried() bool {
	ls.mu.RLock()
	defer ls.mu.RUnlock()
	return ls.attempts > 0
}

// state is what a page learns when it connects.
func (ls *Server) state() liveState {
	ls.mu.RLock()
	defer ls.mu.RUnlock()
	st := liveState{Server: ls.server, Build: ls.build, Problems: ls.problems}
	if st.Problems == nil {
		st.Problems = []watch.Problem{}
	}
	return st
}

func (ls *Server) subscribe() (chan liveEvent, bool) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.closed {
		return nil, false
	}
	ch := make(chan liveEvent, 16)
	ls.clients[ch] = struct{}{}
	return ch, true
}

func (ls *Server) unsubscribe(ch chan liveEvent) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if _, ok := ls.clients[ch]; ok {
		delete(ls.clients, ch)
		close(ch)
	}
}

// closeClients ends every event stream, so that shutting down does not wait
// for pages that never hang up.
func (ls *Server) closeClients() {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	ls.closed = true
	for ch := range ls.clients {
		delete(ls.clients, ch)
		close(ch)
	}
}

// Serve watches the site, builds it unless Rebuild already ran, and serves
// it on ln, rebuilding on every change until ctx is done; then it shuts
// down. Watching starts before the first build so that no save is missed.
// ready, when set, is called once the server answers and the watcher runs.
func (ls *Server) Serve(ctx context.Context, ln net.Listener, ready func()) error {
	defer ln.Close()
	watchErr := make(chan error, 1)
	watching := make(chan struct{})
	go func() {
		watchErr <- watch.Run(ctx, ls.dir, nil, func() {
			if !ls.tried() {
				ls.Rebuild(ctx, nil)
			}
			close(watching)
		}, func(changed []string) { ls.Rebuild(ctx, changed) })
	}()
	select {
	case <-watching:
	case err := <-watchErr:
		return err
	case <-ctx.Done():
		<-watchErr
		return nil
	}

	srv := &http.Server{
		Handler:           ls.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		// Pages only GET; a client that trickles a request or keeps an idle
		// connection open must not hold one forever. (No write timeout: the
		// event stream stays open while a page is.)
		ReadTimeout: 30 * time.Second,
		IdleTimeout: 2 * time.Minute,
		// Event streams end with ctx, so shutting down does not wait for
		// pages that never hang up.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(ls.stdout, "serving %s at %s (Ctrl-C to stop)\n", ls.dir, serverURL(ln.Addr()))
	if ready != nil {
		ready()
	}

	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
	case err = <-watchErr:
	}
	ls.closeClients()
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if serr := srv.Shutdown(shutdown); serr != nil && err == nil {
		err = serr
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if err == nil {
		fmt.Fprintln(ls.stdout, "stopped")
	}
	return err
}

// serverURL is the address to open in a browser.
func serverURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String() + "/"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// livePrefix is the server's own URL space, beside the site's pages.
const livePrefix = "/__backlogsite/"

//go:embed live/live.js
var liveJS []byte

// Handler serves the last good build, the live-reload script and the event
// stream.
func (ls *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(livePrefix+"live.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(liveJS)
	})
	mux.HandleFunc(livePrefix+"events", ls.serveEvents)
	mux.HandleFunc(livePrefix+"state", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		_ = json.NewEncoder(w).Encode(ls.state())
	})
	mux.HandleFunc("/", ls.servePage)
	return localOnly(mux)
}

// localOnly answers only requests addressed to this machine by address or
// as localhost. A web page on a domain that rebinds its name to 127.0.0.1
// reaches the server with its own name in Host, and must not read an
// unpublished backlog (or its event stream) from a developer's machine. An
// address is never such a name, so any IP literal is answered (with -bind
// 0.0.0.0 the site is meant to be seen from other machines by address).
func localOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !localHost(r.Host) {
			http.Error(w, "this development server answers requests to localhost or to an address only", http.StatusMisdirectedRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	_, err := netip.ParseAddr(host)
	return err == nil
}

// serveEvents is the Server-Sent Events stream one open page listens to.
func (ls *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch, ok := ls.subscribe()
	if !ok {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	defer ls.unsubscribe(ch)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	st, _ := json.Marshal(ls.state())
	fmt.Fprintf(w, "retry: 1000\n")
	writeEvent(w, liveEvent{"state", st})
	flusher.Flush()
	// A comment now and then finds pages that went away without closing.
	ping := time.NewTicker(25 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-ch:
			if !ok {
				return
			}
			writeEvent(w, ev)
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
		}
		flusher.Flush()
	}
}

func writeEvent(w io.Writer, ev liveEvent) {
	// JSON from encoding/json has no newline, so one data line carries it.
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
}

// servePage serves one file of the build: a directory URL gets its
// index.html, a missing file the site's 404.html with status 404.
func (ls *Server) servePage(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	ls.mu.RLock()
	pages, build, probs := ls.pages, ls.build, ls.problems
	ls.mu.RUnlock()
	h := w.Header()
	// Always revalidate: after a rebuild the browser must not show a page
	// or stylesheet from its cache.
	h.Set("Cache-Control", "no-cache")

	if pages == nil {
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		if r.Method == http.MethodGet {
			_, _ = w.Write(injectLive(noBuildPage(probs), build))
		}
		return
	}

	clean := path.Clean("/" + r.URL.Path)
	name := strings.TrimPrefix(clean, "/")
	if strings.HasSuffix(r.URL.Path, "/") || name == "" {
		name = path.Join(name, "index.html")
	}
	status := http.StatusOK
	if !pages.Has(name) {
		// Pages are folders: /sprints/S-1 must become /sprints/S-1/ for the
		// page's relative links to work.
		if pages.Has(path.Join(name, "index.html")) && !strings.HasSuffix(r.URL.Path, "/") {
			loc := (&url.URL{Path: clean + "/", RawQuery: r.URL.RawQuery}).String()
			http.Redirect(w, r, loc, http.StatusFound)
			return
		}
		if name == "favicon.ico" {
			// Browsers ask for it whether pages name one or not; a 404
			// would only add noise to the console.
			w.WriteHeader(http.StatusNoContent)
			return
		}
		status = http.StatusNotFound
		name = "404.html"
		if !pages.Has(name) {
			http.NotFound(w, r)
			return
		}
	}
	data, err := pages.File(name)
	if err != nil {
		// A template that fails on this page only: the rest of the build
		// stays served, and the next save rebuilds.
		ls.pageFailed(pages, err)
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		if r.Method == http.MethodGet {
			_, _ = w.Write(injectLive(pageErrorPage(err), build))
		}
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = injectLive(data, build)
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		_, _ = w.Write(data)
	}
}

// pageFailed reports a page that failed to render on the terminal, once
// per build.
func (ls *Server) pageFailed(pages *render.Pages, err error) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.pages != pages || ls.failedPages[err.Error()] {
		return
	}
	ls.failedPages[err.Error()] = true
	fmt.Fprintf(ls.stderr, "page failed: %v\n", err)
}

// pageErrorPage stands in for a page whose template failed; it reloads
// itself with the next build.
func pageErrorPage(err error) []byte {
	return []byte(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'">
<title>backlogsite: this page failed</title></head>
<body><h1>This page failed to render</h1>
<pre>` + html.EscapeString(err.Error()) + `</pre>
<p>Fix the template and this page reloads itself.</p>
</body></html>
`)
}

// noBuildPage stands in for every page until the first good build; its
// overlay lists the problems.
func noBuildPage(probs []watch.Problem) []byte {
	return []byte(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'">
<title>backlogsite: the site has problems</title></head>
<body><h1>The site has problems</h1>
<p>` + strconv.Itoa(len(probs)) + ` problem(s) stop the first build. Fix them and this page reloads itself.</p>
</body></html>
`)
}

var bodyClose = regexp.MustCompile(`(?i)</body\s*>`)

// injectLive adds the live-reload script to one served page (never to the
// built files) and lets the page's Content-Security-Policy allow it.
func injectLive(page []byte, build int) []byte {
	tag := `<script src="` + livePrefix + `live.js" data-build="` + strconv.Itoa(build) + `"></script>`
	page = allowLiveCSP(page)
	locs := bodyClose.FindAllIndex(page, -1)
	at := len(page)
	if len(locs) > 0 {
		at = locs[len(locs)-1][0]
	}
	out := make([]byte, 0, len(page)+len(tag)+1)
	out = append(out, page[:at]...)
	out = append(out, tag...)
	out = append(out, '\n')
	return append(out, page[at:]...)
}

var cspMeta = regexp.MustCompile(`(?i)(<meta\s+http-equiv\s*=\s*["']?content-security-policy["']?\s+content\s*=\s*")([^"]*)(")`)

// allowLiveCSP makes the page's CSP meta (when it has one) allow a script
// and an event stream from the page's own origin, which the live reload
// needs; nothing else in the policy changes.
func allowLiveCSP(page []byte) []byte {
	m := cspMeta.FindSubmatchIndex(page)
	if m == nil {
		return page
	}
	policy := string(page[m[4]:m[5]])
	fixed := cspAllowSelf(policy, "script-src")
	fixed = cspAllowSelf(fixed, "connect-src")
	if fixed == policy {
		return page
	}
	out := make([]byte, 0, len(page)+32)
	out = append(out, page[:m[4]]...)
	out = append(out, fixed...)
	return append(out, page[m[5]:]...)
}

// cspAllowSelf makes directive (falling back to default-src, as browsers
// do) allow 'self'.
func cspAllowSelf(policy, directive string) string {
	parts := strings.Split(policy, ";")
	find := func(name string) int {
		for i, p := range parts {
			f := strings.Fields(p)
			if len(f) > 0 && strings.EqualFold(f[0], name) {
				return i
			}
		}
		return -1
	}
	i := find(directive)
	var sources []string
	if i >= 0 {
		sources = strings.Fields(parts[i])[1:]
	} else if d := find("default-src"); d >= 0 {
		sources = strings.Fields(parts[d])[1:]
	} else {
		return policy // nothing restricts it
	}
	var kept []string
	for _, s := range sources {
		switch strings.ToLower(s) {
		case "'self'", "*":
			return policy
		case "'none'":
			continue
		}
		kept = append(kept, s)
	}
	entry := " " + directive + " " + strings.Join(append([]string{"'self'"}, kept...), " ")
	if i >= 0 {
		parts[i] = entry
	} else {
		parts = append(parts, entry)
	}
	return strings.TrimSpace(strings.Join(parts, ";"))
}
