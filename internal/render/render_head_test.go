package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// TestPageHeadDescriptionAndFavicon: every page has a meta description of
// its own and links the theme's icon, or the site's static/favicon.svg
// when it has one, from any depth.
func TestPageHeadDescriptionAndFavicon(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	sitetest.CopyDir(t, sitetest.Tiny(), dir)
	out, _, _ := renderForTest(t, dir)
	seen := map[string]string{}
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		b, _ := out.File(name)
		page := string(b)
		_, rest, ok := strings.Cut(page, `<meta name="description" content="`)
		desc, _, _ := strings.Cut(rest, `"`)
		if !ok || strings.TrimSpace(desc) == "" {
			t.Errorf("%s: no meta description", name)
		} else if other, dup := seen[desc]; dup {
			t.Errorf("%s and %s share the description %q", name, other, desc)
		}
		seen[desc] = name
		if want := `<link rel="icon" href="` + rootFor(name) + `assets/favicon.svg" type="image/svg+xml">`; name != "404.html" && !strings.Contains(page, want) {
			t.Errorf("%s: no %s", name, want)
		}
	}
	if _, ok := out.File("assets/favicon.svg"); !ok {
		t.Error("the theme's favicon.svg is not written")
	}

	os.MkdirAll(filepath.Join(dir, "static"), 0o755)
	os.WriteFile(filepath.Join(dir, "static", "favicon.svg"), []byte("<svg/>"), 0o644)
	out, _, _ = renderForTest(t, dir)
	for _, name := range []string{"index.html", "backlog/index.html", "features/F-1/index.html"} {
		b, _ := out.File(name)
		if want := `<link rel="icon" href="` + rootFor(name) + `favicon.svg" type="image/svg+xml">`; !strings.Contains(string(b), want) {
			t.Errorf("%s with static/favicon.svg: no %s", name, want)
		}
	}
}

func TestPlainSummary(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want string
	}{
		{"<p>Plans of the <strong>Forkful</strong> app &amp; more.</p>\n<ul><li>one</li></ul>", 160, "Plans of the Forkful app & more. one"},
		{"<p>one two three four</p>", 12, "one two…"},
		{"<p>ééééé</p>", 5, "éé…"},
		{"", 160, ""},
	} {
		if got := plainSummary(tc.in, tc.max); got != tc.want {
			t.Errorf("plainSummary(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
}
