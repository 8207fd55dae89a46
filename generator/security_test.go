package generator

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	themefs "github.com/backlogsite/backlogsite/themes"
)

// Adversarial tests: the input files come from anyone who can open a pull
// request that CI builds and publishes, so no input may publish files from
// outside the site, or make the build fail without saying where.

// TestSymlinksOutOfTheSiteAreRefused: static/ and layouts/ are copied or
// executed verbatim into the published site, and every input file ends up
// in pages or error messages (which CI logs show), so a symbolic link that
// leads outside the site directory (to ~/.netrc, /proc/self/environ, a
// secret mounted for the build) must be an error, never read into output.
func TestSymlinksOutOfTheSiteAreRefused(t *testing.T) {
	secretDir := t.TempDir()
	const secret = "TOPSECRET-7d1c"
	writeFile := func(p, s string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(filepath.Join(secretDir, "token.txt"), secret+"\n")
	writeFile(filepath.Join(secretDir, "base.html"), secret+"\n")
	writeFile(filepath.Join(secretDir, "leak.md"), "+++\ntitle = \"Leak\"\n+++\n"+secret+"\n")
	writeFile(filepath.Join(secretDir, "leak.toml"), "token = \""+secret+"\"\n")

	tests := []struct {
		name string
		// link is the symlink's path inside the site; target is what it
		// points to (relative targets are relative to the link's folder).
		link, target string
		mkdir        []string // folders to create first
	}{
		{name: "static folder", link: "static", target: secretDir},
		{name: "file in static", link: "static/t.txt", target: filepath.Join(secretDir, "token.txt"), mkdir: []string{"static"}},
		{name: "layouts folder", link: "layouts", target: secretDir},
		{name: "layout file", link: "layouts/base.html", target: filepath.Join(secretDir, "base.html"), mkdir: []string{"layouts"}},
		{name: "page", link: "pages/leak.md", target: filepath.Join(secretDir, "leak.md")},
		{name: "backlog file", link: "backlog/zz.toml", target: filepath.Join(secretDir, "leak.toml")},
		{name: "relative dot-dot", link: "static", target: "../outside"},
		{name: "relative chain", link: "static", target: "hop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := t.TempDir()
			dir := filepath.Join(base, "site")
			copyDir(t, tinyDir, dir)
			for _, d := range tt.mkdir {
				os.MkdirAll(filepath.Join(dir, d), 0o755)
			}
			switch tt.name {
			case "relative dot-dot":
				// ../outside holds a copy of the secret, beside the site.
				writeFile(filepath.Join(base, "outside", "token.txt"), secret)
			case "relative chain":
				// static -> hop (inside the site) -> the secret folder.
				if err := os.Symlink(secretDir, filepath.Join(dir, "hop")); err != nil {
					t.Skip("no symlinks here:", err)
				}
			}
			if err := os.Symlink(tt.target, filepath.Join(dir, filepath.FromSlash(tt.link))); err != nil {
				t.Skip("no symlinks here:", err)
			}
			site, err := Load(dir)
			if err == nil {
				// Leaving the link out is fine too, as long as nothing
				// from outside the site is published.
				rep, cerr := Compute(site, AsOf(site, 0))
				if cerr != nil {
					t.Fatal(cerr)
				}
				out := &MemOutput{}
				if _, rerr := Render(context.Background(), site, rep, out, RenderOptions{}); rerr != nil {
					t.Fatalf("%s: render: %v", tt.link, rerr)
				}
				for _, n := range out.Names() {
					if b, _ := out.File(n); strings.Contains(string(b), secret) {
						t.Fatalf("%s: a file from outside the site was published as %s", tt.link, n)
					}
				}
				return
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error is %T, not an ErrorList: %v", err, err)
			}
			checkErrorList(t, list)
			if strings.Contains(err.Error(), secret[:6]) || strings.Contains(err.Error(), "TOP") {
				t.Errorf("the error message quotes the file outside the site: %v", err)
			}
			if !strings.Contains(err.Error(), "outside the site") {
				t.Errorf("error does not say the link leads outside the site: %v", err)
			}
		})
	}
}

// TestSymlinksInsideTheSiteStillWork: a link that stays inside the site is
// followed as before.
func TestSymlinksInsideTheSiteStillWork(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	copyDir(t, tinyDir, dir)
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

// TestHugeNumbersAreInputErrors: estimates near the float64 limit make sums
// overflow to +Inf, which encoding/json refuses: the build then failed with
// "backlog/rows.js: json: unsupported value: +Inf", naming no input file.
func TestHugeNumbersAreInputErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name: "feature estimate",
			files: map[string]string{"backlog/a.toml": "[[feature]]\nid = \"F-1\"\ntitle = \"Search\"\nestimate = 1.7e308\n" +
				"scores = { value = 5, effort = 2 }\n[[feature]]\nid = \"F-2\"\ntitle = \"x\"\nestimate = 1.7e308\nscores = { value = 5, effort = 2 }\n"},
			want: "site/backlog/a.toml:4:1: feature \"F-1\": estimate is too large",
		},
		{
			name: "story estimate",
			files: map[string]string{"sprints/s1.toml": "id = \"S1\"\nstart = 2026-03-02\nend = 2026-03-13\n\n" +
				"[[story]]\nid = \"ST-1\"\nfeature = \"F-1\"\ntitle = \"A story\"\nestimate = 1e300\n"},
			want: "site/sprints/s1.toml:9:1: story \"ST-1\": estimate is too large",
		},
		{
			name: "re-estimate",
			files: map[string]string{"sprints/s1.toml": "id = \"S1\"\nstart = 2026-03-02\nend = 2026-03-13\n\n" +
				"[[story]]\nid = \"ST-1\"\nfeature = \"F-1\"\ntitle = \"A story\"\nestimate = 3\n\n[[log]]\ndate = 2026-03-03\nestimates = { \"ST-1\" = 1e300 }\n"},
			want: "site/sprints/s1.toml:13:15: log 2026-03-03: estimate of ST-1 is too large",
		},
		{
			name:  "sprint capacity",
			files: map[string]string{"sprints/s1.toml": "id = \"S1\"\nstart = 2026-03-02\nend = 2026-03-13\ncapacity = 1e308\n"},
			want:  "site/sprints/s1.toml:4:1: sprint \"S1\": capacity is too large",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(loadErrors(t, siteFS(tt.files)), "\n")
			if !strings.Contains(got, tt.want) {
				t.Errorf("got\n%s\nwant a line containing %q", got, tt.want)
			}
		})
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
	copyDir(t, tinyDir, dir)
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
		fsys := siteFS(map[string]string{"site.toml": "title = \"T\"\nbase_url = " + strconv.Quote(base) + "\n"})
		site, err := LoadFS(fsys, "site")
		if err != nil {
			if !strings.Contains(err.Error(), "site/site.toml:2:") || !strings.Contains(err.Error(), "base_url") {
				t.Errorf("base_url %q: error %v, want one at site.toml:2 about base_url", base, err)
			}
			continue
		}
		rep, err := Compute(site, AsOf(site, 0))
		if err != nil {
			t.Fatal(err)
		}
		r, err := newRenderer(site, rep, themefs.Default(), RenderOptions{})
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
// pipeline. Property: whatever Load accepts, Compute and Render turn into a
// site without error (an input problem found later would name no file),
// and no page gains a script the theme did not put there.
func FuzzPipeline(f *testing.F) {
	base := fuzzBaseSite(f)
	for i, name := range fuzzTargets {
		if file := base[name]; file != nil {
			f.Add(byte(i), file.Data)
		}
	}
	f.Add(byte(1), []byte("[[feature]]\nid = \"F-1\"\ntitle = \"</script><script>x()</script>\"\nestimate = 9e14\nscores = { value = 10, effort = 1 }\n"+
		"[[feature]]\nid = \"F-2\"\ntitle = \"__f__\\u2028\"\nestimate = 9e14\nscores = { value = 1, effort = 10 }\n"))
	f.Add(byte(0), []byte("title = \"x\"\nas_of = 9999-12-31\n[forecast]\ntrials = 1000\n[scorecard]\nequation = \"value / effort * 1e300\"\n"))
	f.Add(byte(3), []byte("id = \"S-2\"\nrelease = \"2026.1\"\nstart = 2026-02-23\nend = 2036-03-06\ncapacity = 1e15\n"))
	f.Fuzz(func(t *testing.T, target byte, data []byte) {
		fsys := fstest.MapFS{}
		for name, file := range base {
			fsys[name] = file
		}
		fsys[fuzzTargets[int(target)%len(fuzzTargets)]] = &fstest.MapFile{Data: data}
		site, err := LoadFS(fsys, "site")
		if err != nil {
			return
		}
		rep, err := Compute(site, AsOf(site, 0))
		if err != nil {
			t.Fatalf("Load accepted the site, Compute failed: %v", err)
		}
		out := &MemOutput{}
		if _, err := Render(context.Background(), site, rep, out, RenderOptions{Workers: 1}); err != nil {
			t.Fatalf("Load accepted the site, Render failed: %v", err)
		}
		for _, name := range out.Names() {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			b, _ := out.File(name)
			s := strings.ToLower(string(b))
			scripts := strings.Count(s, "<script")
			ours := strings.Count(s, `<script type="application/json" id="chart-`) + strings.Count(s, `<script src="`)
			if scripts != ours {
				t.Fatalf("%s: %d <script> tags, only %d are the theme's", name, scripts, ours)
			}
		}
	})
}

// TestIDsNamedLikeAListPage: a release or sprint with the id "index.html"
// passed check, then the build failed with "mkdir …/releases/index.html:
// not a directory" (the folder releases/index.html/ clashes with the list
// page releases/index.html), naming no input file.
func TestIDsNamedLikeAListPage(t *testing.T) {
	for _, tt := range []struct{ files map[string]string }{
		{map[string]string{"sprints/s1.toml": "id = \"index.html\"\nstart = 2026-03-02\nend = 2026-03-13\n"}},
		{map[string]string{"releases/r.toml": "id = \"Index.HTML\"\nstart = 2026-03-02\ndate = 2026-03-13\ncapacity = 5\n"}},
	} {
		got := strings.Join(loadErrors(t, siteFS(tt.files)), "\n")
		if !strings.Contains(got, ":1:1: ") || !strings.Contains(strings.ToLower(got), "index.html") {
			t.Errorf("got %q, want an error at the id", got)
		}
	}
	// A feature's folder has no list page beside it.
	if got := loadErrors(t, siteFS(map[string]string{"backlog/a.toml": "[[feature]]\nid = \"index.html\"\ntitle = \"x\"\nscores = { value = 5, effort = 2 }\n",
		"sprints/s1.toml": "id = \"S1\"\nstart = 2026-03-02\nend = 2026-03-13\n"})); got != nil {
		t.Errorf("feature id index.html: %q", got)
	}
}
