package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/report"
	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// TestPagesMatchRender: a file rendered on demand is byte for byte the one
// Render writes, whether the templates were parsed for it or came from a
// cache, and from any number of goroutines at once.
func TestPagesMatchRender(t *testing.T) {
	site, err := load.Dir(sitetest.Example())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := report.Compute(site, report.AsOf(site, 0))
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{BaseURL: "https://example.org/roadmap/"}
	out := &output.Mem{}
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

// TestNewDirOutput: folders are made once, nested ones too, and a file in
// the way of a folder is an error rather than a silent skip.
func TestNewDirOutput(t *testing.T) {
	dir := t.TempDir()
	o := output.NewDir(filepath.Join(dir, "out"))
	for _, name := range []string{"index.html", "features/F-1/index.html", "features/F-2/index.html", "a/b/c/d.txt", "features/F-1/x.json", "blocked"} {
		if err := o.WriteFile(name, []byte(name)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b, err := os.ReadFile(filepath.Join(dir, "out", filepath.FromSlash(name))); err != nil || string(b) != name {
			t.Errorf("%s: read %q, %v", name, b, err)
		}
	}
	if err := o.WriteFile("blocked/index.html", []byte("x")); err == nil {
		t.Error("wrote below a file")
	}
	if err := o.WriteFile("../escape", []byte("x")); err == nil {
		t.Error("wrote outside its directory")
	}
}

// TestRunJobsReportsTheFailure: the jobs skipped after a failure (big jobs
// start first, so some skipped jobs come earlier in job order) never hide
// the failure behind a cancellation.
func TestRunJobsReportsTheFailure(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		var jobs []job
		for i := range 50 {
			name := fmt.Sprintf("p%d.html", i)
			jobs = append(jobs, job{name: name, make: func() ([]byte, error) { return []byte(name), nil }})
		}
		jobs = append(jobs, job{name: "data/big.json", big: true, make: func() ([]byte, error) { return nil, errors.New("broken") }})
		err := runJobs(context.Background(), jobs, &output.Mem{}, workers)
		if err == nil || errors.Is(err, context.Canceled) || err.Error() != "data/big.json: broken" {
			t.Errorf("%d workers: %v", workers, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := runJobs(ctx, []job{{name: "a", make: func() ([]byte, error) { return nil, nil }}}, &output.Mem{}, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled render: %v", err)
	}
}
