package output

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

func sha(text string) string {
	s := sha256.Sum256([]byte(text))
	return hex.EncodeToString(s[:])
}

// builder writes files as a build would and publishes them at out.
type builder func(t *testing.T, out string, files map[string]string) error

// ways are the two ways a build replaces an existing output.
func ways() []struct {
	name  string
	build builder
} {
	return []struct {
		name  string
		build builder
	}{{"exchanging folders", buildExchanging}, {"in place", build}}
}

// build is what generator.Build does: in place over an existing output
// where the system can (Update), else buildExchanging.
func build(t *testing.T, out string, files map[string]string) error {
	t.Helper()
	u, err := BeginUpdate(out)
	if err != nil {
		return err
	}
	if u == nil {
		return buildExchanging(t, out, files)
	}
	defer u.Close()
	rec := &Recording{Out: u}
	for name, text := range files {
		if err := rec.WriteFile(name, []byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	return u.Publish(rec.Manifest())
}

// buildExchanging writes files into a prepared folder and Publishes it.
func buildExchanging(t *testing.T, out string, files map[string]string) error {
	t.Helper()
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
	err = Publish(tmp, out, rec.Manifest())
	if err != nil {
		os.RemoveAll(tmp)
	}
	return err
}

// tree lists every file and link below dir with its content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.Type()&os.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			got[filepath.ToSlash(rel)] = "-> " + target
			return nil
		}
		b, _ := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	delete(got, ManifestName)
	return got
}

func sameTree(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	var diffs []string
	for k, v := range want {
		if got[k] != v {
			diffs = append(diffs, k+": "+got[k]+" want "+v)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, "unexpected "+k)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("%s:\n%s", what, strings.Join(diffs, "\n"))
	}
}

// TestPublishKeepsWhatItDidNotWrite: a gh-pages checkout holds .git, a
// CNAME and hand-written pages beside an earlier build. A rebuild replaces
// the earlier build's files (and drops those it no longer writes) and
// keeps everything else, a page edited by hand included.
func TestPublishKeepsWhatItDidNotWrite(t *testing.T) {
	for _, way := range ways() {
		t.Run(way.name, func(t *testing.T) {
			build := way.build
			root := t.TempDir()
			out := filepath.Join(root, "pages")
			if err := build(t, out, map[string]string{".nojekyll": "", "index.html": "v1", "features/F-1/index.html": "f1", "features/F-2/index.html": "f2", "old.html": "gone"}); err != nil {
				t.Fatal(err)
			}
			writeTree(t, out, map[string]string{".git/HEAD": "ref", "CNAME": "roadmap.example", "notes/hand.html": "mine", "features/F-9/custom.html": "mine too"})
			os.WriteFile(filepath.Join(out, "features", "F-2", "index.html"), []byte("edited by hand"), 0o644)
			precious := filepath.Join(root, "precious.txt")
			os.WriteFile(precious, []byte("precious"), 0o644)
			os.Symlink(precious, filepath.Join(out, "link"))
			if err := build(t, out, map[string]string{".nojekyll": "", "index.html": "v2", "features/F-1/index.html": "f1 v2"}); err != nil {
				t.Fatal(err)
			}
			sameTree(t, "after the rebuild", tree(t, out), map[string]string{
				".nojekyll": "", "index.html": "v2", "features/F-1/index.html": "f1 v2",
				".git/HEAD": "ref", "CNAME": "roadmap.example", "notes/hand.html": "mine", "features/F-9/custom.html": "mine too",
				"features/F-2/index.html": "edited by hand", "link": "-> " + precious,
			})
			if b, _ := os.ReadFile(precious); string(b) != "precious" {
				t.Errorf("a link's target was changed: %q", b)
			}
			if left, _ := filepath.Glob(filepath.Join(root, ".pages.*")); len(left) > 0 {
				t.Errorf("left beside the output: %v", left)
			}
		})
	}
}

// TestPublishRefusesToOverwriteAFileItDidNotWrite: a hand-made file where
// the new build writes fails the build and changes nothing.
func TestPublishRefusesToOverwriteAFileItDidNotWrite(t *testing.T) {
	for _, way := range ways() {
		t.Run(way.name, func(t *testing.T) {
			build := way.build
			root := t.TempDir()
			out := filepath.Join(root, "public")
			if err := build(t, out, map[string]string{"index.html": "v1"}); err != nil {
				t.Fatal(err)
			}
			writeTree(t, out, map[string]string{"about/index.html": "mine", "CNAME": "x"})
			before := tree(t, out)
			err := build(t, out, map[string]string{"index.html": "v2", "about/index.html": "generated"})
			if err == nil || !strings.Contains(err.Error(), "about") || !strings.Contains(err.Error(), "not written by backlogsite") {
				t.Fatalf("err = %v, want a clash naming about/", err)
			}
			sameTree(t, "after the refused build", tree(t, out), before)
			if left, _ := filepath.Glob(filepath.Join(root, ".public.tmp-*")); len(left) > 0 {
				t.Errorf("left beside the output: %v", left)
			}
		})
	}
}

// TestPublishRemovesReadOnlyFolders: a read-only folder inside the old
// build does not leave half a previous output behind.
func TestPublishRemovesReadOnlyFolders(t *testing.T) {
	for _, way := range ways() {
		t.Run(way.name, func(t *testing.T) {
			build := way.build
			root := t.TempDir()
			out := filepath.Join(root, "public")
			if err := build(t, out, map[string]string{"index.html": "v1", "ro/page.html": "x"}); err != nil {
				t.Fatal(err)
			}
			os.Chmod(filepath.Join(out, "ro"), 0o555)
			t.Cleanup(func() { os.Chmod(filepath.Join(out, "ro"), 0o755) })
			if err := build(t, out, map[string]string{"index.html": "v2"}); err != nil {
				t.Fatal(err)
			}
			sameTree(t, "after the rebuild", tree(t, out), map[string]string{"index.html": "v2"})
			if left, _ := filepath.Glob(filepath.Join(root, ".public.*")); len(left) > 0 {
				t.Errorf("left beside the output: %v", left)
			}
		})
	}
}

// TestCleanLeftovers: a killed build's folder goes; one holding files the
// build did not write keeps them; a folder of another name is not touched.
func TestCleanLeftovers(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	killed := filepath.Join(root, ".public.tmp-123")
	writeTree(t, killed, map[string]string{buildingMarker: "", "index.html": "half", "features/F-1/index.html": "x"})
	carried := filepath.Join(root, ".public.tmp-456")
	writeTree(t, carried, map[string]string{
		ManifestName: string(Manifest{"index.html": sha("ours")}.Encode()), "index.html": "ours", "CNAME": "theirs"})
	other := filepath.Join(root, ".public.tmp-789")
	writeTree(t, other, map[string]string{"notes.txt": "no marker: not a build's"})
	CleanLeftovers(out)
	if _, err := os.Stat(killed); !os.IsNotExist(err) {
		t.Errorf("the killed build's folder is still there (%v)", err)
	}
	sameTree(t, "a leftover with a file not written by backlogsite", tree(t, carried), map[string]string{"CNAME": "theirs"})
	sameTree(t, "a folder without the marker", tree(t, other), map[string]string{"notes.txt": "no marker: not a build's"})
}

// TestLockMakesBuildsTakeTurns: a second build waits for the first, then
// fails clearly when it waited too long.
func TestLockMakesBuildsTakeTurns(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	unlock, err := Lock(context.Background(), out, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Lock(context.Background(), out, 100*time.Millisecond); err == nil || !strings.Contains(err.Error(), "another backlogsite build is writing into") {
		t.Errorf("second lock: %v, want a clear refusal", err)
	}
	unlock()
	unlock2, err := Lock(context.Background(), out, time.Second)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	unlock2()
}

func TestReadManifestRefusesPathsOutside(t *testing.T) {
	dir := t.TempDir()
	for _, bad := range []string{"../x", "/etc/passwd", "a/../../x", ManifestName} {
		os.WriteFile(filepath.Join(dir, ManifestName), Manifest{bad: sha("x")}.Encode(), 0o644)
		if _, err := ReadManifest(dir); err == nil {
			t.Errorf("a manifest listing %q was accepted", bad)
		}
	}
}
