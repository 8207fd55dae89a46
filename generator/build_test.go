package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"
)

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			m[rel+"/"] = ""
			return nil
		}
		b, _ := os.ReadFile(p)
		m[rel] = string(b)
		return nil
	})
	return m
}

func TestBuildReplacesOutputOrLeavesIt(t *testing.T) {
	work := t.TempDir()
	site := filepath.Join(work, "site")
	sitetest.CopyDir(t, sitetest.Tiny(), site)
	out := filepath.Join(work, "public")
	ctx := context.Background()

	res, err := Build(ctx, BuildOptions{SiteDir: site, OutDir: out})
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages < 15 || res.Files <= res.Pages || res.Bytes <= 0 {
		t.Errorf("implausible result %+v", res)
	}
	// A page the previous build wrote and this one does not (a feature
	// deleted from the backlog) disappears; a file added by hand stays.
	if err := os.WriteFile(filepath.Join(site, "pages", "process.md"), []byte("+++\ntitle = \"Renamed\"\n+++\nBody.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(site, "pages", "process.md"), filepath.Join(site, "pages", "renamed.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "CNAME"), []byte("roadmap.example"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(ctx, BuildOptions{SiteDir: site, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "process", "index.html")); err == nil {
		t.Error("a page of the previous build that this one does not write survived")
	}
	if _, err := os.Stat(filepath.Join(out, "renamed", "index.html")); err != nil {
		t.Errorf("the new page is missing: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(out, "CNAME")); err != nil || string(b) != "roadmap.example" {
		t.Errorf("a file backlogsite did not write was not kept: %q %v", b, err)
	}
	// The build over the output, which changed only what changed, left
	// the very folders and files a first build makes (and the CNAME).
	fresh := filepath.Join(work, "fresh")
	if _, err := Build(ctx, BuildOptions{SiteDir: site, OutDir: fresh}); err != nil {
		t.Fatal(err)
	}
	want := snapshot(t, fresh)
	want["CNAME"] = "roadmap.example"
	before := snapshot(t, out)
	for k, v := range want {
		if got, ok := before[k]; !ok || got != v {
			t.Errorf("%s differs from a first build of the same site", k)
		}
	}
	for k := range before {
		if _, ok := want[k]; !ok {
			t.Errorf("%s is not in a first build of the same site", k)
		}
	}
	os.RemoveAll(fresh)

	// A broken site fails and leaves the output exactly as it was.
	if err := os.WriteFile(filepath.Join(site, "site.toml"), []byte("title = \nbroken"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(ctx, BuildOptions{SiteDir: site, OutDir: out}); err == nil {
		t.Fatal("broken site built")
	}
	after := snapshot(t, out)
	if len(before) != len(after) {
		t.Errorf("output changed after a failed build: %d files before, %d after", len(before), len(after))
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed after a failed build", k)
		}
	}
	// No temporary directories are left beside the output.
	entries, _ := os.ReadDir(work)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestBuildRefusesDangerousOutput(t *testing.T) {
	work := t.TempDir()
	site := filepath.Join(work, "site")
	sitetest.CopyDir(t, sitetest.Tiny(), site)
	foreign := filepath.Join(work, "docs")
	os.MkdirAll(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "thesis.tex"), []byte("precious"), 0o644)
	ctx := context.Background()
	for _, out := range []string{site, work, foreign} {
		if _, err := Build(ctx, BuildOptions{SiteDir: site, OutDir: out}); err == nil {
			t.Errorf("build into %s was allowed", out)
		}
	}
	if b, err := os.ReadFile(filepath.Join(foreign, "thesis.tex")); err != nil || string(b) != "precious" {
		t.Error("a foreign directory was touched")
	}
	if _, err := os.Stat(filepath.Join(site, "site.toml")); err != nil {
		t.Error("the site directory was touched")
	}
}
