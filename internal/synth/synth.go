// Package synth writes synthetic but valid site directories for benchmarks:
// a product backlog of any size, releases, two-week sprints with daily logs
// full of the events real teams record (scope added and removed, re-estimates,
// reopened stories, carry-over), and a few pages.
//
// The output depends only on the Config: the same Config gives byte-identical
// files, so a benchmark measures the same work on every machine.
package synth

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"
)

// Config describes a synthetic site.
type Config struct {
	Features         int // features in the product backlog
	Sprints          int // consecutive two-week sprints
	StoriesPerSprint int // stories declared per sprint, carry-over included
	Releases         int // 0: one release per six sprints
	Seed             uint64
	FeaturesPerFile  int // features per backlog file; 0: 500
	// LongDescriptions, when positive, gives every feature a Markdown
	// description of that many sections (heading, paragraph, list, code,
	// table) instead of the short one most features have.
	LongDescriptions int
	// OneWeekSprints makes sprints a week long instead of two, so that a
	// thousand of them fit in the 20 years a site's sprints may span.
	OneWeekSprints bool
}

// Size returns the preset of a benchmark size: "S", "L" or "XL", or of
// one of the Shapes.
func Size(name string) (Config, bool) {
	switch strings.ToUpper(name) {
	case "S":
		return Config{Features: 100, Sprints: 10, StoriesPerSprint: 8, Seed: 1}, true
	case "L":
		return Config{Features: 10_000, Sprints: 200, StoriesPerSprint: 10, Seed: 1}, true
	case "XL":
		return Config{Features: 100_000, Sprints: 1_000, StoriesPerSprint: 10, OneWeekSprints: true, Seed: 1}, true
	case "L-RELEASES":
		return Config{Features: 10_000, Sprints: 200, StoriesPerSprint: 10, Releases: 200, Seed: 1}, true
	case "L-MARKDOWN":
		return Config{Features: 10_000, Sprints: 200, StoriesPerSprint: 10, LongDescriptions: 4, Seed: 1}, true
	case "L-STORIES":
		return Config{Features: 10_000, Sprints: 200, StoriesPerSprint: 40, Seed: 1}, true
	case "XL-RELEASES":
		return Config{Features: 100_000, Sprints: 1_000, StoriesPerSprint: 10, Releases: 1_000, OneWeekSprints: true, Seed: 1}, true
	}
	return Config{}, false
}

// Sizes lists the preset names, smallest first.
func Sizes() []string { return []string{"S", "L", "XL"} }

// Shapes lists presets that stress one dimension of a size beyond its
// usual proportions: a release per sprint, long Markdown descriptions, four
// times the stories (and log entries) per sprint. Build speed must not
// depend on the proportions (issue 17).
func Shapes() []string {
	return []string{"L-releases", "L-markdown", "L-stories", "XL-releases"}
}

// CacheName names the directory a preset's site is cached in by the
// benchmarks: the preset and the counts that make it, so that a changed
// preset is written anew.
func CacheName(size string, c Config) string {
	name := fmt.Sprintf("%s-f%d-s%d-st%d-seed%d", size, c.Features, c.Sprints, c.StoriesPerSprint, c.Seed)
	if c.Releases > 0 {
		name += fmt.Sprintf("-r%d", c.Releases)
	}
	if c.LongDescriptions > 0 {
		name += fmt.Sprintf("-md%d", c.LongDescriptions)
	}
	if c.OneWeekSprints {
		name += "-1w"
	}
	return name
}

func (c Config) check() error {
	if c.Features < 0 || c.Sprints < 0 || c.StoriesPerSprint < 0 || c.Releases < 0 || c.FeaturesPerFile < 0 {
		return errors.New("synth: counts must not be negative")
	}
	// Sprints are laid out backwards from 2026; the calendar must stay in
	// four-digit years. (A site loads only when they span at most 20
	// years: 520 two-week sprints or 1,040 one-week ones.)
	if c.Sprints > 50_000 {
		return errors.New("synth: at most 50000 sprints")
	}
	return nil
}

// normalized fills in defaults and clamps what Files cannot honour.
func (c Config) normalized() Config {
	c.Features = max(c.Features, 0)
	c.Sprints = min(max(c.Sprints, 0), 50_000)
	c.StoriesPerSprint = max(c.StoriesPerSprint, 0)
	if c.Releases <= 0 {
		c.Releases = (c.Sprints + 5) / 6
	}
	c.Releases = min(c.Releases, c.Sprints)
	if c.FeaturesPerFile <= 0 {
		c.FeaturesPerFile = 500
	}
	return c
}

// Files returns the site's files by slash-separated path relative to the
// site directory.
func Files(c Config) map[string][]byte {
	g := newGen(c.normalized())
	g.run()
	return g.files()
}

// FS returns the site for c in memory, rooted at the site directory, for
// the tests and benchmarks that load it without writing it to a disk.
func FS(c Config) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range Files(c) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// Write writes the site for c into dir, creating it. dir must not exist or
// be empty: files left from another site would make the result invalid.
func Write(dir string, c Config) error {
	if err := c.check(); err != nil {
		return err
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("synth: %s is not empty", dir)
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	files := Files(c)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	made := map[string]bool{}
	for _, name := range names {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if parent := filepath.Dir(path); !made[parent] {
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return err
			}
			made[parent] = true
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			return err
		}
	}
	return nil
}
