package generator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/render"
	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// TestServeRebuildEqualsBuild edits a site the way serve sees it (a sprint
// goal, a broken file, the fix) and opens it again through one load.Cache
// after each save, as serve's rebuild does; every page rendered from that,
// on demand as serve renders them, must be the file a fresh full build
// writes, and a broken save must fail with Open's very problems.
func TestServeRebuildEqualsBuild(t *testing.T) {
	site := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(site, os.DirFS(sitetest.Example())); err != nil {
		t.Fatal(err)
	}
	sprints, _ := filepath.Glob(filepath.Join(site, "sprints", "*.toml"))
	if len(sprints) == 0 {
		t.Fatal("no sprint files")
	}
	goal := regexp.MustCompile(`(?m)^goal *= "`)
	var edited string
	var orig []byte
	for _, p := range sprints {
		if data, err := os.ReadFile(p); err == nil && goal.Match(data) {
			edited, orig = p, data
		}
	}
	if edited == "" {
		t.Fatal("no sprint file has a goal")
	}
	var cache load.Cache
	ctx := context.Background()
	for i, edit := range []struct {
		data   []byte
		broken bool
	}{
		{data: orig},
		{data: goal.ReplaceAll(orig, []byte(`goal = "Edited: `))},
		{data: append(append([]byte{}, orig...), "\nthis is = = not TOML\n"...), broken: true},
		{data: goal.ReplaceAll(orig, []byte(`goal = "Edited again: `))},
	} {
		if err := os.WriteFile(edited, edit.data, 0o644); err != nil {
			t.Fatal(err)
		}
		s, rep, err := OpenCached(ctx, site, 0, &cache)
		if edit.broken {
			_, _, want := Open(ctx, site, 0)
			if err == nil || want == nil || err.Error() != want.Error() {
				t.Fatalf("save %d: OpenCached gave %v, Open %v", i, err, want)
			}
			continue
		}
		if err != nil {
			t.Fatalf("save %d: %v", i, err)
		}
		pages, err := render.Prepare(ctx, s, rep, render.Options{BaseURL: "/", Templates: &render.TemplateCache{}})
		if err != nil {
			t.Fatal(err)
		}
		full := &output.Mem{}
		fs, rep2, err := Open(ctx, site, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := render.Render(ctx, fs, rep2, full, render.Options{BaseURL: "/"}); err != nil {
			t.Fatal(err)
		}
		names := full.Names()
		if len(names) != len(pages.Names()) {
			t.Fatalf("save %d: %d files served, %d built", i, len(pages.Names()), len(names))
		}
		for _, name := range names {
			want, _ := full.File(name)
			got, err := pages.File(name)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("save %d: %s served differs from the full build (%v)", i, name, err)
			}
		}
	}
}
