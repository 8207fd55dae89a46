package render

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	themefs "github.com/backlogsite/backlogsite/themes"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

// Adversarial tests: the input files come from anyone who can open a pull
// request that CI builds and publishes, so no input may publish files from
// outside the site, or make the build fail without saying where.
// TestSymlinksInsideTheSiteStillWork: a link that stays inside the site is
// followed as before.
func TestSymlinksInsideTheSiteStillWork(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	sitetest.CopyDir(t, sitetest.Tiny(), dir)
	os.MkdirAll(filepath.Join(dir, "shared"), 0o755)
	os.WriteFile(filepath.Join(dir, "shared", "logo.svg"), []byte("<svg/>"), 0o644)
	if err := os.Symlink("shared", filepath.Join(dir, "static")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	out, _, _ := renderForTest(t, dir)
	if b, ok := out.File("logo.svg"); !ok || string(b) != "<svg/>" {
		t.Errorf("static/ linking to a folder of the site was not copied: %q %v", b, ok)
	}
}

// TestLargeFiniteFiguresRender: a score may be as large as the equation
// makes it (finite is all the loader asks); rounding it for a chart must
// not turn it into +Inf, which encoding/json refuses.
func TestLargeFiniteFiguresRender(t *testing.T) {
	for _, x := range []float64{1e307, -1e307, math.MaxFloat64, 1e20, 1e16 + 2} {
		if got := chartNum(x); math.IsInf(got, 0) || math.IsNaN(got) || math.Abs(got-x) > math.Abs(x)*1e-15 {
			t.Errorf("chartNum(%g) = %g", x, got)
		}
	}
	if got := chartNum(2.345); got != 2.35 && got != 2.34 {
		t.Errorf("chartNum(2.345) = %g, want it rounded to cents", got)
	}
	dir := filepath.Join(t.TempDir(), "site")
	sitetest.CopyDir(t, sitetest.Tiny(), dir)
	b, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	// Every score ×1e307: finite, so valid input.
	s := strings.Replace(string(b), "[scorecard]", "[scorecard]\nequation = \"value / effort * 1e307\"", 1)
	if !strings.Contains(s, "1e307") {
		t.Fatal("the tiny example has no [scorecard] to change")
	}
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(s), 0o644)
	renderForTest(t, dir)
}

// TestBaseURLPathCannotLeaveTheHost: 404.html links from base_url's path
// (it is served at any depth), so a path starting with // made its
// stylesheet, scripts and navigation protocol-relative URLs on another host
// ("https://acme.github.io//evil.example/x/" gave
// <script src="//evil.example/x/assets/site.js">).
func TestBaseURLPathCannotLeaveTheHost(t *testing.T) {
	for _, base := range []string{"https://acme.github.io//evil.example/x/", "//evil.example/x/", "/\\\\evil.example/"} {
		fsys := sitetest.SmallFS(map[string]string{"site.toml": "title = \"T\"\nbase_url = " + strconv.Quote(base) + "\n"})
		site, err := load.FS(fsys, "site")
		if err != nil {
			if !strings.Contains(err.Error(), "site/site.toml:2:") || !strings.Contains(err.Error(), "base_url") {
				t.Errorf("base_url %q: error %v, want one at site.toml:2 about base_url", base, err)
			}
			continue
		}
		rep, err := report.Compute(site, report.AsOf(site, 0))
		if err != nil {
			t.Fatal(err)
		}
		r, err := newRenderer(site, rep, themefs.Default(), Options{})
		if err != nil {
			t.Fatal(err)
		}
		p := r.newPage("404.html", "", "404")
		if strings.HasPrefix(p.Root, "//") || strings.HasPrefix(p.Root, `/\`) {
			t.Errorf("base_url %q: 404.html links from %q, another host", base, p.Root)
		}
	}
}

// FuzzPipeline fuzzes one input file of a valid site through the whole
// pipeline. Property: whatever Load accepts, Compute refuses only with a
// positioned problem and Render turns into a site without error (an input
// problem found later would name no file), and no page gains a script the
// theme did not put there.
//
// An execution is kept light, or the fuzzer learns nothing (it once made 13
// in a minute): the worked example's forecasts run 100 trials rather than
// 10,000, the templates are parsed once, and the pages are checked as they
// are written instead of kept (the chart library alone is a megabyte).
func FuzzPipeline(f *testing.F) {
	base := sitetest.TinyFS(f)
	conf := base["site.toml"]
	light := strings.Replace(string(conf.Data), "trials = 10000", "trials = 100", 1)
	if light == string(conf.Data) {
		f.Fatal("the worked example no longer sets trials = 10000; keep the fuzzed site light")
	}
	base["site.toml"] = &fstest.MapFile{Data: []byte(light)}
	for i, name := range sitetest.FuzzTargets {
		if file := base[name]; file != nil {
			f.Add(byte(i), file.Data)
		}
	}
	// Hostile titles in a backlog the release and sprints still refer to,
	// so that the site loads and renders.
	hostile := "[[feature]]\nid = \"F-1\"\ntitle = \"</script><script>x()</script>\"\nestimate = 9e14\nscores = { value = 10, effort = 1 }\n" +
		"[[feature]]\nid = \"F-2\"\ntitle = \"__f__\\u2028\"\nestimate = 9e14\nscores = { value = 1, effort = 10 }\n"
	for _, id := range []string{"F-3", "F-4", "F-5", "F-6", "F-7", "F-8"} {
		hostile += "[[feature]]\nid = \"" + id + "\"\ntitle = \"<img src=x onerror=y()>\"\ndescription = \"[a](javascript:y()) <b onclick=y()>\"\nscores = { value = 1, effort = 1 }\n"
	}
	f.Add(byte(1), []byte(hostile))
	f.Add(byte(0), []byte("title = \"x\"\nas_of = 9999-12-31\n[forecast]\ntrials = 1000\n[scorecard]\nequation = \"value / effort * 1e300\"\n"))
	f.Add(byte(3), []byte("id = \"S-2\"\nrelease = \"2026.1\"\nstart = 2026-02-23\nend = 2036-03-06\ncapacity = 1e15\n"))
	templates := &TemplateCache{}
	f.Fuzz(func(t *testing.T, target byte, data []byte) {
		fsys := fstest.MapFS{}
		for name, file := range base {
			fsys[name] = file
		}
		fsys[sitetest.FuzzTargets[int(target)%len(sitetest.FuzzTargets)]] = &fstest.MapFile{Data: data}
		site, err := load.FS(fsys, "site")
		if err != nil {
			return
		}
		rep, err := report.Compute(site, report.AsOf(site, 0))
		if err != nil {
			// Only a problem Load cannot see (bounded work, an equation
			// failing for one feature), and it names its file and line.
			var list model.ErrorList
			if !errors.As(err, &list) || list[0].Pos.Line == 0 {
				t.Fatalf("Load accepted the site, Compute failed without a position: %v", err)
			}
			return
		}
		if _, err := Render(context.Background(), site, rep, ourScriptsOnly{}, Options{Workers: 1, Templates: templates}); err != nil {
			t.Fatalf("Load accepted the site, Render failed (or wrote a script): %v", err)
		}
	})
}

// ourScriptsOnly is an output that keeps nothing and fails the render on
// a page with a script element the theme did not put there.
type ourScriptsOnly struct{}

func (ourScriptsOnly) WriteFile(name string, data []byte) error {
	if !strings.HasSuffix(name, ".html") {
		return nil
	}
	s := strings.ToLower(string(data))
	scripts := strings.Count(s, "<script")
	ours := strings.Count(s, `<script type="application/json" id="chart-`) + strings.Count(s, `<script src="`)
	if scripts != ours {
		return fmt.Errorf("%d <script> tags, only %d are the theme's", scripts, ours)
	}
	return nil
}
