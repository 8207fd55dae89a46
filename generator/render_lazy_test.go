package generator

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"sync"
	"testing"
)

// TestPagesMatchRender: a file rendered on demand is byte for byte the one
// Render writes, whether the templates were parsed for it or came from a
// cache, and from any number of goroutines at once.
func TestPagesMatchRender(t *testing.T) {
	site, err := Load("../content-example")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Compute(site, AsOf(site, 0))
	if err != nil {
		t.Fatal(err)
	}
	opts := RenderOptions{BaseURL: "https://example.org/roadmap/"}
	out := &MemOutput{}
	res, err := Render(context.Background(), site, rep, out, opts)
	if err != nil {
		t.Fatal(err)
	}
	cache := &TemplateCache{}
	opts.Templates = cache
	for round := range 2 {
		pg, err := Prepare(context.Background(), site, rep, opts)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := pg.Names(), out.Names(); len(got) != len(want) {
			t.Fatalf("round %d: %d names, Render wrote %d files", round, len(got), len(want))
		}
		if pages, files := pg.Count(); pages != res.Pages || files != res.Files {
			t.Errorf("round %d: Count = %d, %d; Render: %d, %d", round, pages, files, res.Pages, res.Files)
		}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for _, name := range pg.Names() {
					got, err := pg.File(name)
					want, _ := out.File(name)
					if err != nil || !bytes.Equal(got, want) {
						t.Errorf("round %d: %s differs from Render's (err %v)", round, name, err)
					}
				}
			})
		}
		wg.Wait()
		if _, err := pg.File("no/such/file.html"); !errors.Is(err, fs.ErrNotExist) || pg.Has("no/such/file.html") {
			t.Errorf("unknown name: %v", err)
		}
	}
	if cache.tmpl == nil {
		t.Error("the template cache was not filled")
	}
}
