package render

import (
	"context"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/report"
	"github.com/backlogsite/backlogsite/internal/sitetest"
)

func TestBasePath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"https://acme.github.io/roadmap/", "/roadmap/"},
		{"https://acme.github.io/roadmap", "/roadmap/"},
		{"https://acme.example", "/"},
		{"http://localhost:8080/a%20b/", "/a%20b/"},
		{"/roadmap", "/roadmap/"},
		{"roadmap/", ""},
		{"ftp://x/y", ""},
		{"https:///nohost", ""},
	} {
		if got := basePath(tc.in); got != tc.want {
			t.Errorf("basePath(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestBaseURLOverrideIsChecked: a base URL passed in RenderOptions (the
// --base-url flag, or any other caller) meets the same rules as base_url.
func TestBaseURLOverrideIsChecked(t *testing.T) {
	site := &model.Site{Config: model.Config{Title: "t"}}
	theme, err := themeFS("")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newRenderer(site, &report.Report{}, theme, Options{BaseURL: "https://acme.github.io/roadmap/"}); err != nil {
		t.Fatalf("a good base URL was refused: %v", err)
	}
	for _, bad := range []string{"https://acme.github.io//evil.example/", "ftp://x", "https://a b/", "https://acme.github.io/%zz/", "/a%2/"} {
		if _, err := newRenderer(site, &report.Report{}, theme, Options{BaseURL: bad}); err == nil {
			t.Errorf("base URL %q was accepted", bad)
		}
	}
}

// TestBacklogLinksAreRelative: the links to a filtered backlog are relative
// to their page whether or not the site has a base_url, so they work under
// a sub-path and from disk; a value is escaped as a query value.
func TestBacklogLinksAreRelative(t *testing.T) {
	site, rep := openForTest(t, sitetest.Tiny())
	for _, base := range []string{"", "https://acme.github.io/roadmap/"} {
		out := &output.Mem{}
		if _, err := Render(context.Background(), site, rep, out, Options{BaseURL: base}); err != nil {
			t.Fatal(err)
		}
		for page, want := range map[string]string{
			"features/F-1/index.html":    `<a class="tag" href="../../backlog/index.html?category=Mobile">Mobile</a>`,
			"themes/index.html":          `<a href="../backlog/index.html?category=Mobile">Mobile</a>`,
			"releases/index.html":        `<a href="../backlog/index.html?release=2026.1">`,
			"releases/2026.1/index.html": `<a href="../../backlog/index.html?release=2026.1">`,
			"index.html":                 `<span class="stat-value"><a href="backlog/index.html">`,
		} {
			b, ok := out.File(page)
			if !ok || !strings.Contains(string(b), want) {
				t.Errorf("base_url %q: %s lacks %s", base, page, want)
			}
		}
	}
	p := &page{Root: "../"}
	if got, want := p.BacklogURL("theme", "Trust & safety/ü"), "../backlog/index.html?theme=Trust+%26+safety%2F%C3%BC"; got != want {
		t.Errorf("BacklogURL = %q, want %q", got, want)
	}
}
