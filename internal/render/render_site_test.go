package render

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/report"
)

func TestSitemapAndCanonicalOnlyWithAbsoluteBase(t *testing.T) {
	site, err := load.Dir(sitetest.Tiny())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.Compute(site, report.AsOf(site, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		base    string
		sitemap bool
	}{{"", false}, {"/roadmap/", false}, {"https://acme.github.io/roadmap", true}} {
		out := &output.Mem{}
		if _, err := Render(context.Background(), site, rep, out, Options{BaseURL: c.base}); err != nil {
			t.Fatal(err)
		}
		sm, ok := out.File("sitemap.xml")
		if ok != c.sitemap {
			t.Errorf("base %q: sitemap written = %v", c.base, ok)
		}
		idx, _ := out.File("sprints/S-1/index.html")
		hasCanon := strings.Contains(string(idx), `<link rel="canonical" href="https://acme.github.io/roadmap/sprints/S-1/">`)
		if hasCanon != c.sitemap {
			t.Errorf("base %q: canonical link present = %v", c.base, hasCanon)
		}
		if ok {
			s := string(sm)
			for _, want := range []string{"<loc>https://acme.github.io/roadmap/</loc>", "<loc>https://acme.github.io/roadmap/features/F-1/</loc>", "<loc>https://acme.github.io/roadmap/process/</loc>"} {
				if !strings.Contains(s, want) {
					t.Errorf("sitemap lacks %s", want)
				}
			}
			if strings.Contains(s, "404") {
				t.Error("sitemap lists the 404 page")
			}
		}
	}
}

func TestLayoutOverrideAndStaticFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	sitetest.CopyDir(t, sitetest.Tiny(), dir)
	os.MkdirAll(filepath.Join(dir, "layouts"), 0o755)
	os.MkdirAll(filepath.Join(dir, "static", "img"), 0o755)
	os.WriteFile(filepath.Join(dir, "layouts", "404.html"), []byte(`{{define "content"}}<p class="custom">Lost? {{.Site.Title}}</p>{{end}}`), 0o644)
	os.WriteFile(filepath.Join(dir, "static", "img", "logo.svg"), []byte("<svg/>"), 0o644)
	out, site, _ := renderForTest(t, dir)
	if len(site.LayoutFiles) == 0 || len(site.StaticFiles) == 0 {
		t.Fatalf("loader did not report layouts %v or static files %v", site.LayoutFiles, site.StaticFiles)
	}
	nf, _ := out.File("404.html")
	if !strings.Contains(string(nf), `<p class="custom">Lost? Tiny worked example</p>`) {
		t.Errorf("layouts/404.html did not override the theme's:\n%s", nf)
	}
	if b, ok := out.File("img/logo.svg"); !ok || string(b) != "<svg/>" {
		t.Errorf("static file not copied verbatim: %q %v", b, ok)
	}
	// A broken override is an error naming the file, not a broken site.
	os.WriteFile(filepath.Join(dir, "layouts", "404.html"), []byte(`{{define "content"}}{{.Nope`), 0o644)
	s, err := load.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.Compute(s, report.AsOf(s, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Render(context.Background(), s, rep, &output.Mem{}, Options{})
	if err == nil || !strings.Contains(err.Error(), filepath.Join("layouts", "404.html")) {
		t.Errorf("broken layout: err = %v, want one naming layouts/404.html", err)
	}
}
