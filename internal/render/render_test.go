package render

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/report"
)

// openForTest loads a site directory and computes its report.
func openForTest(t testing.TB, dir string) (*model.Site, *report.Report) {
	t.Helper()
	site, err := load.Dir(dir)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	rep, err := report.Compute(site, report.AsOf(site, 0))
	if err != nil {
		t.Fatalf("compute %s: %v", dir, err)
	}
	return site, rep
}

// renderForTest loads, computes and renders a site directory into memory.
func renderForTest(t testing.TB, dir string) (*output.Mem, *model.Site, *report.Report) {
	t.Helper()
	site, rep := openForTest(t, dir)
	out := &output.Mem{}
	if _, err := Render(context.Background(), site, rep, out, Options{}); err != nil {
		t.Fatalf("render %s: %v", dir, err)
	}
	return out, site, rep
}

// buildForTest renders a site directory into a fresh folder and returns it.
func buildForTest(t testing.TB, dir string) string {
	t.Helper()
	site, rep := openForTest(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Render(context.Background(), site, rep, output.Dir{Dir: out}, Options{}); err != nil {
		t.Fatalf("render %s: %v", dir, err)
	}
	return out
}

// buildPublicForTest renders the public roadmap of the site in dir into a
// temporary directory and returns it.
func buildPublicForTest(t testing.TB, dir string) string {
	t.Helper()
	site, rep := openForTest(t, dir)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := RenderPublic(context.Background(), audience.Project(site, rep), output.Dir{Dir: out}, Options{}); err != nil {
		t.Fatalf("render the public roadmap of %s: %v", dir, err)
	}
	return out
}
