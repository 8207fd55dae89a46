package generator

import (
	"os"
	"path/filepath"
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
