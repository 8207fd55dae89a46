package output

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"testing"
)

// buildOver is build with the look at out taken before the files are
// written, and edit run between the look and Publish: what a user does to
// the output while a build renders.
func buildOver(t *testing.T, out string, files map[string]string, edit func()) error {
	t.Helper()
	early := LookAtOld(out)
	<-early.done
	edit()
	tmp, err := Prepare(out)
	if err != nil {
		t.Fatal(err)
	}
	rec := &Recording{Out: NewDir(tmp)}
	for name, text := range files {
		if err := rec.WriteFile(name, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	err = PublishOver(tmp, out, rec.Manifest(), early)
	if err != nil {
		os.RemoveAll(tmp)
	}
	return err
}

// TestPublishOverConfirmsTheEarlyLook: a file edited, removed or restored
// after the look is judged as it is when the build publishes, as Publish
// alone would.
func TestPublishOverConfirmsTheEarlyLook(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := map[string]string{"a/index.html": "a", "b/index.html": "b", "c/index.html": "c", "d.txt": "d"}
	if err := build(t, out, first); err != nil {
		t.Fatal(err)
	}
	// Hand-edited before the build: not ours; the build restores it.
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(out, filepath.FromSlash(name)), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("c/index.html", "edited")
	next := map[string]string{"a/index.html": "a2", "b/index.html": "b2"}
	err := buildOver(t, out, next, func() {
		write("a/index.html", "edited by hand") // edited during the build: kept, and the build writes it: refused
		write("c/index.html", "c")              // restored during the build: ours again, so removed
	})
	if err == nil {
		t.Fatalf("a build writing a file edited by hand during it published: %v", tree(t, out))
	}
	write("a/index.html", "a")
	if err := buildOver(t, out, next, func() {
		write("d.txt", "mine now") // edited during the build: kept
		write("c/index.html", "c") // restored: removed
	}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a/index.html": "a2", "b/index.html": "b2", "d.txt": "mine now"}
	if got := tree(t, out); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	// The manifest changed during the build: the look is not used.
	if err := buildOver(t, out, first, func() {
		if err := os.Remove(filepath.Join(out, ManifestName)); err != nil {
			t.Fatal(err)
		}
	}); err == nil {
		t.Fatal("a build over files no manifest lists published")
	}
}

// buildReusing is build through Reusing with the early look, publishing
// only when publish is set.
func buildReusing(t *testing.T, out string, files map[string]string, publish bool) error {
	t.Helper()
	early := LookAtOld(out)
	<-early.done
	tmp, err := Prepare(out)
	if err != nil {
		t.Fatal(err)
	}
	rec := &Recording{Out: Reusing{Dir: NewDir(tmp), Old: early}}
	for name, text := range files {
		if err := rec.WriteFile(name, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	if !publish {
		return os.RemoveAll(tmp)
	}
	return PublishOver(tmp, out, rec.Manifest(), early)
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

// TestReusingLinksUnchangedFiles: a file the build writes as it was is the
// previous build's file (on Linux), a changed one is new; a build that
// fails leaves the previous output as it was; a file edited by hand is
// never linked.
func TestReusingLinksUnchangedFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := map[string]string{"a/index.html": "a", "b/index.html": "b", "c.txt": "c", "e.txt": "e"}
	if err := build(t, out, first); err != nil {
		t.Fatal(err)
	}
	inoA, inoB := inode(t, filepath.Join(out, "a", "index.html")), inode(t, filepath.Join(out, "b", "index.html"))
	if err := os.WriteFile(filepath.Join(out, "e.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	next := map[string]string{"a/index.html": "a", "b/index.html": "b2", "d.txt": "d"}
	if err := buildReusing(t, out, next, false); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, out), (map[string]string{"a/index.html": "a", "b/index.html": "b", "c.txt": "c", "e.txt": "mine"}); !reflect.DeepEqual(got, want) {
		t.Fatalf("a build that did not publish changed the output: %v", got)
	}
	if err := buildReusing(t, out, next, true); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, out), (map[string]string{"a/index.html": "a", "b/index.html": "b2", "d.txt": "d", "e.txt": "mine"}); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	linked := runtime.GOOS == "linux"
	if got := inode(t, filepath.Join(out, "a", "index.html")) == inoA; got != linked {
		t.Errorf("unchanged a/index.html is the previous file: %v, want %v", got, linked)
	}
	if inode(t, filepath.Join(out, "b", "index.html")) == inoB {
		t.Error("changed b/index.html is the previous file")
	}
	// And the next build over it finds it its own.
	if err := buildReusing(t, out, map[string]string{"a/index.html": "a", "b/index.html": "b", "c.txt": "c"}, true); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, out), (map[string]string{"a/index.html": "a", "b/index.html": "b", "c.txt": "c", "e.txt": "mine"}); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
