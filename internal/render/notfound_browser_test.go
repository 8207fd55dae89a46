package render

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/browsertest"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/sitetest"
	"github.com/chromedp/chromedp"
)

// notFoundStateJS tells whether the theme's stylesheet applies (its colour
// tokens are defined), and lists where the page's links lead, resolved.
const notFoundStateJS = `(function () {
  if (document.readyState !== "complete") return "";
  var links = [];
  document.querySelectorAll("a[href], link[rel=icon], link[rel=alternate]").forEach(function (a) {
    if (a.getAttribute("href").charAt(0) !== "#") links.push(a.href);
  });
  return JSON.stringify({styled: getComputedStyle(document.documentElement).getPropertyValue("--text").trim() !== "",
    root: document.body.getAttribute("data-root"), links: links});
})()`

type notFoundState struct {
	Styled bool
	Root   string
	Links  []string
}

// hostLike serves a built site under prefix the way a static host does: a
// folder's index.html, and for any missing address, however deep, the
// site's 404.html with status 404.
func hostLike(dir, prefix string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, prefix)
		file := filepath.Join(dir, filepath.FromSlash(p))
		if st, err := os.Stat(file); err == nil && st.IsDir() {
			file = filepath.Join(file, "index.html")
		}
		if st, err := os.Stat(file); !ok || err != nil || st.IsDir() || strings.Contains(p, "..") {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			b, _ := os.ReadFile(filepath.Join(dir, "404.html"))
			w.Write(b)
			return
		}
		http.ServeFile(w, r, file)
	})
}

// TestBrowserNotFoundAnyDepth: the not-found page, with and without
// base_url, is styled and its links lead to pages that exist, both when a
// host serves it for a missing address deep in the site and when it is
// opened from the built folder on disk.
func TestBrowserNotFoundAnyDepth(t *testing.T) {
	ctx, _ := browsertest.Start(t)
	site, rep := openForTest(t, sitetest.Tiny())
	for _, tc := range []struct {
		name, baseURL, prefix string
		public                bool
	}{
		{"no base_url", "", "/", false},
		{"base_url with a path", "https://acme.example/roadmap/", "/roadmap/", false},
		// The public roadmap has its own 404 template on the same page setup.
		{"public roadmap, no base_url", "", "/", true},
		{"public roadmap, base_url with a path", "https://acme.example/roadmap/", "/roadmap/", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			var err error
			if tc.public {
				_, err = RenderPublic(context.Background(), audience.Project(site, rep), output.Dir{Dir: dir}, Options{BaseURL: tc.baseURL})
			} else {
				_, err = Render(context.Background(), site, rep, output.Dir{Dir: dir}, Options{BaseURL: tc.baseURL})
			}
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(hostLike(dir, tc.prefix))
			defer srv.Close()
			for _, at := range []string{
				srv.URL + tc.prefix + "404.html",
				srv.URL + tc.prefix + "missing",
				srv.URL + tc.prefix + "a/b/c/missing",
				srv.URL + tc.prefix + "features/F-999/",
				fileURL(filepath.Join(dir, "404.html")),
			} {
				s := readNotFound(t, ctx, at)
				if !s.Styled {
					t.Errorf("%s: the stylesheet does not apply", at)
				}
				if len(s.Links) < 5 {
					t.Errorf("%s: %d links, want the navigation and footer: %v", at, len(s.Links), s.Links)
				}
				for _, l := range s.Links {
					if !linkWorks(t, dir, srv.URL+tc.prefix, l) {
						t.Errorf("%s: link %s leads nowhere", at, l)
					}
				}
			}
		})
	}
}

func readNotFound(t *testing.T, ctx context.Context, at string) notFoundState {
	t.Helper()
	if err := openPage(ctx, at); err != nil {
		t.Fatal(err)
	}
	var js string
	for range 200 {
		var err error
		if js, err = chromedp.Run(ctx, chromedp.Evaluate[string](notFoundStateJS)); err != nil {
			t.Fatal(err)
		}
		if js != "" {
			break
		}
		chromedp.Do(ctx, chromedp.Sleep(25*time.Millisecond))
	}
	var s notFoundState
	if err := jsonUnmarshal(js, &s); err != nil {
		t.Fatalf("%s: %v (%q)", at, err, js)
	}
	return s
}

// linkWorks: a link of the page is a file of the built site, on disk or
// under the served site's address.
func linkWorks(t *testing.T, dir, siteURL, link string) bool {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	if u.Scheme == "file" {
		rel, err := filepath.Rel(dir, filepath.FromSlash(u.Path))
		if err != nil || strings.HasPrefix(rel, "..") {
			return false
		}
		st, err := os.Stat(filepath.Join(dir, rel))
		return err == nil && !st.IsDir()
	}
	if !strings.HasPrefix(link, siteURL) {
		return false
	}
	res, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}

// notFoundMiss: opened from disk, the not-found page also asks for its
// stylesheet and script at the site's path on its host (file:///assets/…
// without base_url), which is not there; the copies next to it load
// (TestBrowserNotFoundAnyDepth). Any other problem of the page counts.
func notFoundMiss(page, problem string) bool {
	return page == "404.html" && strings.HasPrefix(problem, "log error: Failed to load resource: net::ERR_FILE_NOT_FOUND file:///assets/")
}
