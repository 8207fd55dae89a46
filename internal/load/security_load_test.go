package load

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/render"
	"github.com/backlogsite/backlogsite/internal/report"
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
			sitetest.CopyDir(t, sitetest.Tiny(), dir)
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
			site, err := Dir(dir)
			if err == nil {
				// Leaving the link out is fine too, as long as nothing
				// from outside the site is published.
				rep, cerr := report.Compute(site, report.AsOf(site, 0))
				if cerr != nil {
					t.Fatal(cerr)
				}
				out := &output.Mem{}
				if _, rerr := render.Render(context.Background(), site, rep, out, render.Options{}); rerr != nil {
					t.Fatalf("%s: render: %v", tt.link, rerr)
				}
				for _, n := range out.Names() {
					if b, _ := out.File(n); strings.Contains(string(b), secret) {
						t.Fatalf("%s: a file from outside the site was published as %s", tt.link, n)
					}
				}
				return
			}
			var list model.ErrorList
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
			got := strings.Join(loadErrors(t, sitetest.SmallFS(tt.files)), "\n")
			if !strings.Contains(got, tt.want) {
				t.Errorf("got\n%s\nwant a line containing %q", got, tt.want)
			}
		})
	}
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
		got := strings.Join(loadErrors(t, sitetest.SmallFS(tt.files)), "\n")
		if !strings.Contains(got, ":1:1: ") || !strings.Contains(strings.ToLower(got), "index.html") {
			t.Errorf("got %q, want an error at the id", got)
		}
	}
	// A feature's folder has no list page beside it.
	if got := loadErrors(t, sitetest.SmallFS(map[string]string{"backlog/a.toml": "[[feature]]\nid = \"index.html\"\ntitle = \"x\"\nscores = { value = 5, effort = 2 }\n",
		"sprints/s1.toml": "id = \"S1\"\nstart = 2026-03-02\nend = 2026-03-13\n"})); got != nil {
		t.Errorf("feature id index.html: %q", got)
	}
}
