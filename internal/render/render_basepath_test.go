package render

import (
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
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
