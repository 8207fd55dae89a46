package render

import (
	"bytes"
	"net/url"
	"path"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"golang.org/x/net/html"

	"github.com/backlogsite/backlogsite/internal/output"
)

// pageRefs lists every href and src of an HTML page.
func pageRefs(t *testing.T, doc []byte) []string {
	t.Helper()
	var refs []string
	z := html.NewTokenizer(bytes.NewReader(doc))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return refs
		case html.StartTagToken, html.SelfClosingTagToken:
			for {
				k, v, more := z.TagAttr()
				if string(k) == "href" || string(k) == "src" {
					refs = append(refs, string(v))
				}
				if !more {
					break
				}
			}
		}
	}
}

// checkLinks asserts that every relative reference of every page names a
// file of the output, as a browser opening the folder from disk resolves it.
func checkLinks(t *testing.T, out *output.Mem) {
	t.Helper()
	files := map[string]bool{}
	for _, n := range out.Names() {
		files[n] = true
	}
	pages := 0
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages++
		b, _ := out.File(name)
		for _, ref := range pageRefs(t, b) {
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: bad reference %q: %v", name, ref, err)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				if u.Scheme == "https" || u.Scheme == "http" || u.Scheme == "mailto" {
					continue // links written in Markdown by the site's authors
				}
				t.Errorf("%s: reference with scheme %q: %s", name, u.Scheme, ref)
				continue
			}
			if u.Path == "" {
				continue // a fragment on the same page
			}
			target := path.Join(path.Dir(name), u.Path)
			if strings.HasPrefix(u.Path, "/") {
				// The not-found page is served at any depth: it links from
				// the site's path on its host and relinks itself from disk
				// (TestBrowserNotFoundAnyDepth).
				if name != "404.html" {
					t.Errorf("%s: root-relative reference breaks under a sub-path or file://: %s", name, ref)
					continue
				}
				target = strings.TrimPrefix(u.Path, "/")
			}
			if strings.HasPrefix(target, "../") || target == ".." {
				t.Errorf("%s: %s leaves the site", name, ref)
				continue
			}
			if !files[target] {
				t.Errorf("%s: %s resolves to %s, which is not in the output", name, ref, target)
			}
		}
	}
	if pages == 0 {
		t.Fatal("no pages")
	}
}

func TestLinksResolve(t *testing.T) {
	for _, dir := range []string{sitetest.Tiny(), sitetest.Example()} {
		t.Run(path.Base(dir), func(t *testing.T) {
			out, _, _ := renderForTest(t, dir)
			checkLinks(t, out)
		})
	}
	t.Run("hostile", func(t *testing.T) {
		out, _, _ := renderForTest(t, writeHostileSite(t))
		checkLinks(t, out)
	})
}
