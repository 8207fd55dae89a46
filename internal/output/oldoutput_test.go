package output

import (
	"os"
	"path/filepath"
	"reflect"
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
