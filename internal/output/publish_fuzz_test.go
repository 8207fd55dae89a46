package output

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzPublish builds twice into one folder with a random mix of files in
// between: hand-written files, links, edited pages, read-only folders.
// Whatever the mix, the second build either fails and changes nothing, or
// leaves exactly its own files plus everything it did not write.
func FuzzPublish(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7})
	f.Add([]byte{9, 9, 9, 1, 200, 17, 3})
	f.Add([]byte("features/F-1 CNAME .git"))
	f.Fuzz(func(t *testing.T, seed []byte) {
		if len(seed) > 64 {
			return
		}
		for _, way := range ways() {
			t.Run(way.name, func(t *testing.T) { publishMix(t, way.build, seed) })
		}
	})
}

// publishMix is one case of FuzzPublish, built one way.
func publishMix(t *testing.T, build builder, seed []byte) {
	{
		names := []string{"index.html", "features/F-1/index.html", "features/F-2/index.html", "sprints/S-1/index.html", "assets/site.js", "CNAME", ".git/HEAD", "notes/a.txt", "features/F-3/x.html"}
		pick := func(i int) string { return names[int(seed[i%len(seed)])%len(names)] }
		if len(seed) == 0 {
			return
		}
		root := t.TempDir()
		out := filepath.Join(root, "public")
		// Links lead to a file of the test's own, which must never change.
		precious := filepath.Join(root, "precious.txt")
		if err := os.WriteFile(precious, []byte("precious"), 0o644); err != nil {
			t.Fatal(err)
		}
		first := map[string]string{}
		for i := 0; i < 4; i++ {
			first[pick(i)] = fmt.Sprint("v1 ", i)
		}
		if err := build(t, out, first); err != nil {
			t.Skip("the first build's own files clash:", err) // a file where another needs a folder
		}
		theirs := map[string]string{}
		for i := 4; i < len(seed); i++ {
			name := pick(i)
			p := filepath.Join(out, filepath.FromSlash(name))
			switch seed[i] % 4 {
			case 0, 1: // a hand-written file, or an edit of a built one
				os.Remove(p) // never write through a link made earlier
				if os.MkdirAll(filepath.Dir(p), 0o755) == nil && os.WriteFile(p, []byte("mine "+name), 0o644) == nil {
					theirs[name] = "mine " + name
				}
			case 2: // a link
				os.Remove(p)
				if os.MkdirAll(filepath.Dir(p), 0o755) == nil && os.Symlink(precious, p) == nil {
					theirs[name] = "-> " + precious
				}
			case 3: // a read-only folder
				os.Chmod(filepath.Dir(p), 0o555)
			}
		}
		t.Cleanup(func() {
			filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
				if err == nil && d.IsDir() {
					os.Chmod(p, 0o755)
				}
				return nil
			})
		})
		before := tree(t, out)
		second := map[string]string{"index.html": "v2", "features/F-1/index.html": "v2 F-1"}
		// And one file as the first build wrote it, which an update leaves
		// alone when nobody changed it.
		if same := pick(1); second[same] == "" {
			second[same] = first[same]
		}
		if err := build(t, out, second); err != nil {
			if !strings.Contains(err.Error(), "not written by backlogsite") && !strings.Contains(err.Error(), "permission denied") {
				t.Fatalf("unexpected failure: %v", err)
			}
			sameTree(t, "after a failed build", tree(t, out), before)
			return
		}
		want := map[string]string{}
		for k, v := range theirs {
			want[k] = v
		}
		for k, v := range second {
			want[k] = v
		}
		sameTree(t, "after the second build", tree(t, out), want)
		if b, _ := os.ReadFile(precious); string(b) != "precious" {
			t.Errorf("a link's target was changed: %q", b)
		}
	}
}
