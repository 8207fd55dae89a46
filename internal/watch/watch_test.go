package watch

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"
)

func TestWatcherIgnores(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	out := filepath.Join(dir, "public")
	sitetest.WriteFiles(t, dir, map[string]string{"public/index.html": "x", ".git/HEAD": "x"})
	tw, err := newTreeWatcher(dir, []string{out})
	if err != nil {
		t.Fatal(err)
	}
	defer tw.Close()
	for _, p := range []string{out, filepath.Join(out, "a", "b.html"), filepath.Join(dir, ".git"), filepath.Join(dir, ".public.new-1", "x"), filepath.Join(dir, "sprints", ".S-1.toml.swp")} {
		if !tw.ignored(p) {
			t.Errorf("%s not ignored", p)
		}
	}
	for _, p := range []string{dir, filepath.Join(dir, "sprints", "S-1.toml"), filepath.Join(dir, "publication.toml")} {
		if tw.ignored(p) {
			t.Errorf("%s ignored", p)
		}
	}
	for d := range tw.dirs {
		if strings.Contains(d, "public") || strings.Contains(d, ".git") {
			t.Errorf("watching %s", d)
		}
	}
}
