package render

import (
	"bytes"
	"context"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/backlogsite/backlogsite/internal/synth"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/report"
)

// TestFeatureHTMLMatchesTemplate: the feature pages written without
// html/template are byte for byte what the default theme's templates make,
// for every feature of sites that between them reach every branch of
// feature.html (no release, over the cut, queue odds, no stories, no
// description, hostile text in every field, a base_url).
func TestFeatureHTMLMatchesTemplate(t *testing.T) {
	sites := map[string]string{
		"tiny":            sitetest.Tiny(),
		"content-example": sitetest.Example(),
		"hostile":         writeHostileSite(t),
	}
	sites["content-example-escapes"] = writeEscapingExample(t)
	for _, seed := range []uint64{1, 2, 3} {
		dir := filepath.Join(t.TempDir(), "synth")
		cfg := synth.Config{Features: 60, Sprints: 8, StoriesPerSprint: 6, Releases: 3, Seed: seed, FeaturesPerFile: 25}
		if err := synth.Write(dir, cfg); err != nil {
			t.Fatal(err)
		}
		sites["synth-"+string(rune('0'+seed))] = dir
	}
	branches := map[string]bool{}
	for name, dir := range sites {
		site, err := load.Dir(dir)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rep, err := report.Compute(site, report.AsOf(site, 0))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, base := range []string{"", "https://EXAMPLE.org:8080/a/ü+%41;=&(x)/"} {
			r, err := newRenderer(site, rep, themeDefaultFS(t), Options{BaseURL: base})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !r.usesThemeFeaturePage() {
				t.Fatalf("%s overrides a feature template", name)
			}
			for _, fr := range rep.Features {
				want, err := r.pageJob("features/"+fr.ID+"/index.html", "feature", func(p *page) error { return r.featurePage(p, fr) }).bytes()
				if err != nil {
					t.Fatal(err)
				}
				got, err := r.featureJob(fr, true).bytes()
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("%s, base %q: feature %s differs from the template's at %s", name, base, fr.ID, firstDiff(string(want), string(got)))
				}
				if bytes.Contains(got, []byte(`<link rel="canonical" href="https://EXAMPLE.org:8080/a/%C3%BC&#43;A;=&amp;%28x%29/features/`+fr.ID+`/">`)) {
					branches["canonical"] = true
				}
				p := r.newPage("x", "", "backlog")
				if err := r.featurePage(p, fr); err != nil {
					t.Fatal(err)
				}
				noteBranches(branches, p.Body.(*featureBody))
			}
		}
	}
	for _, b := range []string{"release", "no release", "over", "fits", "queue", "on time", "stories",
		"no stories", "description", "no description", "acceptance", "no acceptance", "category", "themes", "low score",
		"canonical", "markup in the queue text", "markup in the equation", "markup in a release name"} {
		if !branches[b] {
			t.Errorf("no feature page of the test sites has %s", b)
		}
	}
}

func noteBranches(seen map[string]bool, b *featureBody) {
	note := func(cond bool, yes, no string) {
		if cond {
			seen[yes] = true
		} else if no != "" {
			seen[no] = true
		}
	}
	note(b.Release != nil, "release", "no release")
	note(b.InFit == "over", "over", "")
	note(b.InFit == "fits", "fits", "")
	note(b.QueueOnTime != nil, "queue", "")
	note(b.OnTime != nil, "on time", "")
	note(len(b.Stories) > 0, "stories", "no stories")
	note(b.Description != "", "description", "no description")
	note(b.Decl != nil && len(b.Decl.Acceptance) > 0, "acceptance", "no acceptance")
	note(b.F.Category != "", "category", "")
	note(len(b.F.Themes) > 0, "themes", "")
	note(b.F.LowScore, "low score", "")
	const markup = "<&'\"+"
	note(b.QueueOnTime != nil && strings.ContainsAny(b.QueueIf, markup), "markup in the queue text", "")
	note(strings.ContainsAny(b.Equation, markup), "markup in the equation", "")
	note(b.Release != nil && strings.ContainsAny(b.Release.Name, markup), "markup in a release name", "")
}

// writeEscapingExample is content-example with text that html/template
// escapes where the other test sites have plain words: release names (in
// the queue sentence too) and a scorecard equation with "+".
func writeEscapingExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	sitetest.CopyDir(t, sitetest.Example(), dir)
	edit := func(name, old, new string) {
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s has no %q", name, old)
		}
		if err := os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("site.toml", `equation  = "value * reach * confidence / effort"`, `equation  = "value * reach * confidence / effort + 0"`)
	edit("releases/2026.1.toml", `"Winter release"`, `"Winter <b>&amp; 'co'</b>"`)
	edit("releases/2026.2.toml", `"Spring release"`, `"Spring \"+\" <i>release</i>"`)
	edit("releases/2026.3.toml", `"Summer release"`, `"Summer & <script>x</script>"`)
	return dir
}

func themeDefaultFS(t *testing.T) fs.FS {
	t.Helper()
	f, err := themeFS("default")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestFeaturePageFollowsOverrides: a site that overrides any template a
// feature page is made from gets its feature pages from the templates.
func TestFeaturePageFollowsOverrides(t *testing.T) {
	for _, name := range featureTemplates {
		dir := t.TempDir()
		sitetest.CopyDir(t, sitetest.Tiny(), dir)
		src, err := os.ReadFile(filepath.Join(sitetest.Root(), "themes", "default", "templates", name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "feature.html" {
			src = bytes.Replace(src, []byte("<h1>"), []byte(`<h1 class="overridden">`), 1)
		} else {
			src = append(src, []byte("{{/* overridden */}}")...)
		}
		if err := os.MkdirAll(filepath.Join(dir, "layouts"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "layouts", name), src, 0o644); err != nil {
			t.Fatal(err)
		}
		site, err := load.Dir(dir)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := report.Compute(site, report.AsOf(site, 0))
		if err != nil {
			t.Fatal(err)
		}
		out := &output.Mem{}
		if _, err := Render(context.Background(), site, rep, out, Options{}); err != nil {
			t.Fatal(err)
		}
		page, _ := out.File("features/F-1/index.html")
		if name == "feature.html" && !bytes.Contains(page, []byte(`<h1 class="overridden">`)) {
			t.Errorf("layouts/%s was not used for feature pages", name)
		}
		pg, err := Prepare(context.Background(), site, rep, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if pg.r.usesThemeFeaturePage() {
			t.Errorf("with layouts/%s the feature pages are still written directly", name)
		}
	}
}

// FuzzHTMLWriterEscapes: htmlWriter escapes any text as html/template does
// in element content, a quoted attribute and a whole URL attribute.
func FuzzHTMLWriterEscapes(f *testing.F) {
	for _, s := range append(hostilePayloads, "", "a+b", "%41%zz%", "javascript:x", "HTTPS://x/y?a=1&b=2",
		"../../features/F-1/index.html", "mailto:a@b", "/a:b", "\x00ü\u2028", "data:text/html,x", "#frag") {
		f.Add(s)
	}
	tmpl := template.Must(template.New("").Parse(`<p>{{.}}</p><title>{{.}}</title><i class="a {{.}}"></i><a href="{{.}}"></a>`))
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Skip() // html/template refuses the text; the writer need not match
		}
		var got bytes.Buffer
		w := htmlWriter{&got}
		w.WriteString("<p>")
		w.text(s)
		w.WriteString("</p><title>")
		w.text(s)
		w.WriteString(`</title><i class="a `)
		w.text(s)
		w.WriteString(`"></i><a href="`)
		w.url(s)
		w.WriteString(`"></a>`)
		if got.String() != want.String() {
			t.Errorf("%q:\n got %s\nwant %s", s, got.String(), want.String())
		}
	})
}
