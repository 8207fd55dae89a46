package sitetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"

	"github.com/backlogsite/backlogsite/internal/synth"
)

// Root is the repository's root directory. It is found from this source
// file rather than the working directory, so every package's tests name
// the same fixtures whatever their depth.
func Root() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("sitetest: no caller information")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Tiny is the project's copy of the SPEC's worked example. Keep it in step
// with the SPEC's examples/tiny when the SPEC changes.
func Tiny() string { return filepath.Join(Root(), "testdata", "tiny") }

// TinyExpected is the SPEC's expected report for Tiny.
func TinyExpected() string { return filepath.Join(Root(), "testdata", "tiny.expected.json") }

// Example is the repository's content-example site.
func Example() string { return filepath.Join(Root(), "content-example") }

// CopyDir copies the regular files and folders of src into dst.
func CopyDir(tb testing.TB, src, dst string) {
	tb.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// FuzzTargets are the files of the fuzzed site whose bytes the fuzzer
// chooses; the first input byte picks one, the rest is its content.
var FuzzTargets = []string{"site.toml", "backlog/features.toml", "releases/2026.1.toml", "sprints/S-2.toml", "pages/process.md"}

// TinyFS is the worked example in memory, the valid site that fuzz targets
// mutate one file of. A missing copy fails the caller rather than letting
// it fuzz less.
func TinyFS(tb testing.TB) fstest.MapFS {
	tb.Helper()
	fsys := fstest.MapFS{}
	root := os.DirFS(Tiny())
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		tb.Fatalf("reading the worked example: %v", err)
	}
	return fsys
}

// SynthSite returns the directory of the synthetic site of a size. Sites
// are written once into a cache under os.TempDir keyed by size and seed
// (XL takes seconds to generate) and reused by later runs and processes.
func SynthSite(tb testing.TB, size string) string {
	tb.Helper()
	cfg, ok := synth.Size(size)
	if !ok {
		tb.Fatalf("unknown size %q", size)
	}
	dir := filepath.Join(os.TempDir(), "backlogsite-bench",
		synth.CacheName(size, cfg))
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err == nil {
		return dir
	}
	// Write beside the cache entry and rename, so an interrupted run never
	// leaves a half-written site behind for the next one.
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		tb.Fatal(err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".tmp-"+size+"-")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	if err := synth.Write(filepath.Join(tmp, "site"), cfg); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(filepath.Join(tmp, "site"), dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, "site.toml")); serr != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// SmallFS is a small valid site; tests replace or add files (an empty
// text removes one).
func SmallFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"site.toml":      {Data: []byte("title = \"T\"\n")},
		"backlog/a.toml": {Data: []byte("[[feature]]\nid = \"F-1\"\ntitle = \"Search\"\nscores = { value = 5, effort = 2 }\n")},
		"sprints/s1.toml": {Data: []byte("id = \"S1\"\nstart = 2026-03-02\nend = 2026-03-13\n\n" +
			"[[story]]\nid = \"ST-1\"\nfeature = \"F-1\"\ntitle = \"A story\"\nestimate = 3\n\n[[log]]\ndate = 2026-03-03\ndone = [\"ST-1\"]\n")},
		"pages/about.md": {Data: []byte("+++\ntitle = \"About\"\n+++\nBody.\n")},
	}
	for name, data := range files {
		if data == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}
