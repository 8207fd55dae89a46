package synth_test

import (
	"path/filepath"
	"testing"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/report"

	"github.com/backlogsite/backlogsite/internal/synth"
)

// The real loader must accept what synth writes: synth cannot import
// generator itself, because generator's benchmarks import synth.
func TestLoad(t *testing.T) {
	c, _ := synth.Size("S")
	dir := filepath.Join(t.TempDir(), "site")
	if err := synth.Write(dir, c); err != nil {
		t.Fatal(err)
	}
	site, err := load.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(site.Features) != c.Features || len(site.Sprints) != c.Sprints {
		t.Errorf("loaded %d features and %d sprints, want %d and %d", len(site.Features), len(site.Sprints), c.Features, c.Sprints)
	}
	if _, err := report.Compute(site, report.AsOf(site, 0)); err != nil {
		t.Fatal(err)
	}
}

// TestLoadSizes loads bigger and odder sites from memory.
func TestLoadSizes(t *testing.T) {
	for name, c := range map[string]synth.Config{
		"one sprint":   {Features: 3, Sprints: 1, StoriesPerSprint: 5},
		"few features": {Features: 5, Sprints: 30, StoriesPerSprint: 12, Releases: 50},
		"many stories": {Features: 400, Sprints: 20, StoriesPerSprint: 60, Seed: 9},
		"seed 7":       {Features: 2000, Sprints: 40, StoriesPerSprint: 10, Seed: 7},
	} {
		t.Run(name, func(t *testing.T) {
			site, err := load.FS(synth.FS(c), ".")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := report.Compute(site, report.AsOf(site, 0)); err != nil {
				t.Fatal(err)
			}
		})
	}
}
