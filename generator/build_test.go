package generator

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// TestRemoveTree: the previous output goes completely, files at every
// depth and empty folders included, and a symbolic
// link inside it is removed without touching what it points to.
func TestRemoveTree(t *testing.T) {
	root := t.TempDir()
	keep := filepath.Join(root, "keep")
	if err := os.MkdirAll(filepath.Join(keep, "inside"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(keep, "inside", "file"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(root, "old")
	for _, name := range []string{"index.html", "features/F-1/index.html", "features/F-2/index.html",
		"static/a/b/c/deep.txt", "assets/site.js", "empty/", "features/F-3/"} {
		p := filepath.Join(old, filepath.FromSlash(name))
		if name[len(name)-1] == '/' {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(keep, filepath.Join(old, "toplink")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(keep, filepath.Join(old, "features", "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(keep, filepath.Join(old, "features", "F-1", "link")); err != nil {
		t.Fatal(err)
	}
	if err := removeTree(old); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(old); !os.IsNotExist(err) {
		t.Errorf("%s still exists (%v)", old, err)
	}
	if _, err := os.Stat(filepath.Join(keep, "inside", "file")); err != nil {
		t.Errorf("a link's target was touched: %v", err)
	}
	if err := removeTree(filepath.Join(root, "missing")); err != nil {
		t.Errorf("removing nothing: %v", err)
	}
}

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
	// A stale file from an older build disappears: the output is replaced.
	if err := os.WriteFile(filepath.Join(out, "stale.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(ctx, BuildOptions{SiteDir: site, OutDir: out}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(out, "stale.html")); err == nil {
		t.Error("stale file survived a rebuild")
	}
	before := snapshot(t, out)

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
