package output

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// beginUpdate is BeginUpdate for a test that needs the in-place path.
func beginUpdate(t *testing.T, out string) *Update {
	t.Helper()
	u, err := BeginUpdate(out)
	if err != nil {
		t.Fatal(err)
	}
	if u == nil {
		if runtime.GOOS == "linux" {
			t.Fatal("BeginUpdate: no update on Linux")
		}
		t.Skip("builds over an output exchange folders on " + runtime.GOOS)
	}
	return u
}

func writeAll(t *testing.T, u *Update, files map[string]string) *Recording {
	t.Helper()
	rec := &Recording{Out: u}
	for name, text := range files {
		if err := rec.WriteFile(name, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	return rec
}

// TestUpdateLeavesUnchangedFilesAlone: a file the build writes as the
// folder holds it is not written again (same inode); a changed one is new;
// a file edited by hand is never taken for the build's.
func TestUpdateLeavesUnchangedFilesAlone(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	first := map[string]string{"a/index.html": "a", "b/index.html": "b", "c.txt": "c", "e.txt": "e", "gone/x/index.html": "x"}
	if err := build(t, out, first); err != nil {
		t.Fatal(err)
	}
	inoA, inoB := inode(t, filepath.Join(out, "a", "index.html")), inode(t, filepath.Join(out, "b", "index.html"))
	if err := os.WriteFile(filepath.Join(out, "e.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	u := beginUpdate(t, out)
	rec := writeAll(t, u, map[string]string{"a/index.html": "a", "b/index.html": "b2", "d/index.html": "d"})
	if err := u.Publish(rec.Manifest()); err != nil {
		t.Fatal(err)
	}
	u.Close()
	sameTree(t, "after the update", tree(t, out), map[string]string{"a/index.html": "a", "b/index.html": "b2", "d/index.html": "d", "e.txt": "mine"})
	if inode(t, filepath.Join(out, "a", "index.html")) != inoA {
		t.Error("unchanged a/index.html was written again")
	}
	if inode(t, filepath.Join(out, "b", "index.html")) == inoB {
		t.Error("changed b/index.html is the previous file")
	}
	if _, err := os.Lstat(filepath.Join(out, "gone")); !os.IsNotExist(err) {
		t.Errorf("the folders of a page no longer written are still there (%v)", err)
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".public.*")); len(left) > 0 {
		t.Errorf("left beside the output: %v", left)
	}
	// A file edited by hand into the very bytes the build writes is still
	// not the build's: the manifest does not list those bytes for it.
	if err := os.WriteFile(filepath.Join(out, "e.txt"), []byte("e"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := build(t, out, map[string]string{"a/index.html": "a", "e.txt": "e"}); err == nil || !strings.Contains(err.Error(), "e.txt") {
		t.Errorf("a build writing over a file it did not write: %v, want a clash", err)
	}
}

// TestUpdateUndoesAFailedPublish: when a step of Publish fails, every step
// before it is undone: the folder is as it was, and nothing is left beside.
func TestUpdateUndoesAFailedPublish(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	first := map[string]string{"index.html": "v1", "a/index.html": "a", "b/index.html": "b", "ro/page.html": "ro", "gone.html": "gone"}
	if err := build(t, out, first); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(out, "ro"), 0o555)
	t.Cleanup(func() { os.Chmod(filepath.Join(out, "ro"), 0o755) })
	writeTree(t, out, map[string]string{"CNAME": "mine"})
	before := tree(t, out)
	manifest, err := os.ReadFile(filepath.Join(out, ManifestName))
	if err != nil {
		t.Fatal(err)
	}
	u := beginUpdate(t, out)
	rec := writeAll(t, u, map[string]string{"index.html": "v2", "a/index.html": "a", "new/deep/index.html": "n", "ro/page.html": "ro2", "zz/last.html": "z"})
	// The last file to be renamed in vanishes from the stage: Publish
	// fails after it removed, replaced and added the others.
	if err := os.Remove(filepath.Join(u.stage.Dir, "zz", "last.html")); err != nil {
		t.Fatal(err)
	}
	if err := u.Publish(rec.Manifest()); err == nil {
		t.Fatal("Publish without a staged file succeeded")
	}
	u.Close()
	sameTree(t, "after a failed publish", tree(t, out), before)
	if now, _ := os.ReadFile(filepath.Join(out, ManifestName)); string(now) != string(manifest) {
		t.Errorf("the manifest changed:\n%s", now)
	}
	if fi, err := os.Stat(filepath.Join(out, "ro")); err != nil || fi.Mode().Perm() != 0o555 {
		t.Errorf("ro/ is %v (%v), want its mode back", fi.Mode(), err)
	}
	for _, gone := range []string{"new", "zz"} {
		if _, err := os.Lstat(filepath.Join(out, gone)); !os.IsNotExist(err) {
			t.Errorf("%s/ made by the failed publish is still there (%v)", gone, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(root, ".public.*")); len(left) > 0 {
		t.Errorf("left beside the output: %v", left)
	}
}

// TestUpdateKilledHalfway: a build killed in the middle of Publish leaves
// a folder that the next build takes over, cleaning what was left.
func TestUpdateKilledHalfway(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	if err := build(t, out, map[string]string{"index.html": "v1", "a/index.html": "a", "b/index.html": "b", "gone.html": "gone"}); err != nil {
		t.Fatal(err)
	}
	writeTree(t, out, map[string]string{"CNAME": "mine"})
	u := beginUpdate(t, out)
	second := map[string]string{"index.html": "v2", "a/index.html": "a2", "b/index.html": "b2", "c/index.html": "c"}
	rec := writeAll(t, u, second)
	if err := os.Remove(filepath.Join(u.stage.Dir, "c", "index.html")); err != nil {
		t.Fatal(err)
	}
	plan, err := u.plan(rec.Manifest())
	if err != nil {
		t.Fatal(err)
	}
	// Killed: apply stopped at the missing file and nothing undid it.
	if err := u.apply(plan, rec.Manifest(), &journal{}); err == nil {
		t.Fatal("apply without a staged file succeeded")
	}
	u.folder.close()
	if err := build(t, out, map[string]string{"index.html": "v3", "a/index.html": "a2", "d/index.html": "d"}); err != nil {
		t.Fatalf("the build after a killed one: %v", err)
	}
	CleanLeftovers(out)
	sameTree(t, "after the next build", tree(t, out), map[string]string{"index.html": "v3", "a/index.html": "a2", "d/index.html": "d", "CNAME": "mine"})
	if left, _ := filepath.Glob(filepath.Join(root, ".public.*")); len(left) > 0 {
		t.Errorf("left beside the output: %v", left)
	}
}

// TestUpdateNeverPassesThroughALink: a folder of the output replaced by a
// link to a folder holding the very bytes the build writes is neither
// taken for the build's nor written through.
func TestUpdateNeverPassesThroughALink(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	if err := build(t, out, map[string]string{"index.html": "v1", "features/F-1/index.html": "f1"}); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(root, "elsewhere")
	writeTree(t, elsewhere, map[string]string{"F-1/index.html": "f1"})
	if err := os.RemoveAll(filepath.Join(out, "features")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(out, "features")); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	for _, files := range []map[string]string{
		{"index.html": "v2", "features/F-1/index.html": "f1"},
		{"index.html": "v2", "features/F-1/index.html": "f1 v2"},
		{"index.html": "v2", "features/F-2/index.html": "f2"},
	} {
		if err := build(t, out, files); err == nil || !strings.Contains(err.Error(), "features") {
			t.Errorf("a build writing below a link: %v, want a clash naming features", err)
		}
		sameTree(t, "after the refused build", tree(t, out), before)
		sameTree(t, "the link's folder", tree(t, elsewhere), map[string]string{"F-1/index.html": "f1"})
	}
}

// TestUpdateFileWhereAFolderWas: a page that becomes a file where the
// previous build had a folder of its own files, and the reverse.
func TestUpdateFileWhereAFolderWas(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	steps := []map[string]string{
		{"x/index.html": "x", "x/y/z.html": "z", "f": "file"},
		{"x": "now a file", "f/index.html": "now a folder"},
		{"x/index.html": "x again", "f": "file again"},
	}
	for i, files := range steps {
		if err := build(t, out, files); err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
		sameTree(t, "after the build", tree(t, out), files)
	}
	// A folder holding someone's file where a file goes: refused.
	writeTree(t, out, map[string]string{"x/mine.txt": "mine"})
	before := tree(t, out)
	if err := build(t, out, map[string]string{"x": "file"}); err == nil {
		t.Error("a build replacing a folder holding someone's file succeeded")
	}
	sameTree(t, "after the refused build", tree(t, out), before)
}

func inode(t *testing.T, p string) uint64 {
	t.Helper()
	fi, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	ino, _ := sysStamp(fi)
	return uint64(ino)
}
