package generator

import (
	"context"
	"path/filepath"
	"testing"
)

// renderForTest loads, computes and renders a site directory into memory.
func renderForTest(t testing.TB, dir string) (*MemOutput, *Site, *Report) {
	t.Helper()
	site, err := Load(dir)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	rep, err := Compute(site, AsOf(site, 0))
	if err != nil {
		t.Fatalf("compute %s: %v", dir, err)
	}
	out := &MemOutput{}
	if _, err := Render(context.Background(), site, rep, out, RenderOptions{}); err != nil {
		t.Fatalf("render %s: %v", dir, err)
	}
	return out, site, rep
}

// buildForTest renders a site directory into a fresh folder and returns it.
func buildForTest(t testing.TB, dir string) string {
	t.Helper()
	site, err := Load(dir)
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	rep, err := Compute(site, AsOf(site, 0))
	if err != nil {
		t.Fatalf("compute %s: %v", dir, err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Render(context.Background(), site, rep, DirOutput{Dir: out}, RenderOptions{}); err != nil {
		t.Fatalf("render %s: %v", dir, err)
	}
	return out
}
