package output

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
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
	if err := RemoveTree(old); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(old); !os.IsNotExist(err) {
		t.Errorf("%s still exists (%v)", old, err)
	}
	if _, err := os.Stat(filepath.Join(keep, "inside", "file")); err != nil {
		t.Errorf("a link's target was touched: %v", err)
	}
	if err := RemoveTree(filepath.Join(root, "missing")); err != nil {
		t.Errorf("removing nothing: %v", err)
	}
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExchangeIsAtomicOnLinux: on Linux the swap is one exchange, so the
// published path never stops existing.
func TestExchangeIsAtomicOnLinux(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the exchange is Linux's renameat2; elsewhere Swap renames twice")
	}
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	writeTree(t, a, map[string]string{"f": "A"})
	writeTree(t, b, map[string]string{"f": "B"})
	if err := exchange(a, b); err != nil {
		t.Fatalf("exchange: %v (a file system without RENAME_EXCHANGE?)", err)
	}
	if x, _ := os.ReadFile(filepath.Join(a, "f")); string(x) != "B" {
		t.Errorf("a/f = %q after the exchange, want B", x)
	}
	if x, _ := os.ReadFile(filepath.Join(b, "f")); string(x) != "A" {
		t.Errorf("b/f = %q after the exchange, want A", x)
	}
}

func TestCheckFolder(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	writeTree(t, root, map[string]string{
		"site/site.toml":        "title = \"T\"",
		"built/" + ManifestName: string(Manifest{"index.html": sha("x")}.Encode()),
		"built/index.html":      "x",
		"old/.nojekyll":         "",
		"old/index.html":        "x",
		"notes/todo.txt":        "mine",
		"file":                  "x",
	})
	os.MkdirAll(filepath.Join(root, "empty"), 0o755)
	for _, tt := range []struct {
		out  string
		want string // "" when allowed
	}{
		{filepath.Join(root, "public"), ""},
		{filepath.Join(root, "empty"), ""},
		{filepath.Join(root, "built"), ""},
		{site, "holds the site directory"},
		{root, "holds the site directory"},
		{string(filepath.Separator), "holds the site directory"},
		{filepath.Join(root, "notes"), "was not written by backlogsite (no .backlogsite-manifest.json)"},
		// .nojekyll proves nothing: a gh-pages checkout has one too.
		{filepath.Join(root, "old"), "was not written by backlogsite"},
		{filepath.Join(root, "file"), "is a file, not a directory"},
	} {
		err := CheckFolder(tt.out, site)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckFolder(%s): %v", tt.out, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckFolder(%s) = %v, want an error saying %q", tt.out, err, tt.want)
		}
	}
}

// TestCheckFolderResolvesLinks: an output given through a link is refused
// (replacing it would replace the link, or its target), and a site given
// through a link is still recognised as the output folder or inside it.
func TestCheckFolderResolvesLinks(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"real/site.toml": "title = \"T\"", "target/" + ManifestName: string(Manifest{}.Encode())})
	if err := os.Symlink("real", filepath.Join(root, "sitelink")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("target", filepath.Join(root, "outlink")); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(root, "sitelink")
	for _, tt := range []struct{ out, want string }{
		{filepath.Join(root, "real"), "holds the site directory"},
		{root, "holds the site directory"},
		{filepath.Join(root, "outlink"), "is a symbolic link"},
		{filepath.Join(root, "outlink", "sub"), ""}, // inside the link's target: a plain new folder
		{filepath.Join(root, "real", "public"), ""},
	} {
		err := CheckFolder(tt.out, site)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckFolder(%s): %v", tt.out, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckFolder(%s) = %v, want an error saying %q", tt.out, err, tt.want)
		}
	}
}
