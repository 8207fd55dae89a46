package generator_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"testing"

	"github.com/backlogsite/backlogsite/generator"
	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/render"
	"github.com/backlogsite/backlogsite/internal/report"

	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// The pipeline benchmarks run each stage on the synthetic sites of
// synth.Size and synth.Shapes. Pick sizes and stages with -bench, for example
//
//	go test ./generator -run '^$' -bench '/^L$' -benchmem
//	go test ./generator -run '^$' -bench 'Build/^XL$' -benchtime 1x
//
// `make bench` prints the S/L/XL table with peak memory (cmd/benchtable).

var benchSizes = []string{"S", "L", "XL", "L-releases", "L-markdown", "L-stories", "XL-releases"}

func forSizes(b *testing.B, f func(b *testing.B, dir string)) {
	for _, size := range benchSizes {
		b.Run(size, func(b *testing.B) { f(b, sitetest.SynthSite(b, size)) })
	}
}

func mustLoad(b *testing.B, dir string) *model.Site {
	b.Helper()
	site, err := load.Dir(dir)
	if err != nil {
		b.Fatal(err)
	}
	return site
}

func mustCompute(b *testing.B, site *model.Site) *report.Report {
	b.Helper()
	rep, err := report.Compute(site, report.AsOf(site, 0))
	if err != nil {
		b.Fatal(err)
	}
	return rep
}

// BenchmarkLoad is the whole loader: reading, decoding and validation.
func BenchmarkLoad(b *testing.B) {
	forSizes(b, func(b *testing.B, dir string) {
		b.ReportAllocs()
		for b.Loop() {
			mustLoad(b, dir)
		}
	})
}

// BenchmarkComputeSite is Compute on a loaded site.
func BenchmarkComputeSite(b *testing.B) {
	forSizes(b, func(b *testing.B, dir string) {
		site := mustLoad(b, dir)
		b.ReportAllocs()
		for b.Loop() {
			mustCompute(b, site)
		}
	})
}

// BenchmarkRender renders every page and data file into a discarding
// Output.
func BenchmarkRender(b *testing.B) {
	forSizes(b, func(b *testing.B, dir string) {
		site := mustLoad(b, dir)
		rep := mustCompute(b, site)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := render.Render(context.Background(), site, rep, output.Discard{}, render.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// benchOut returns an empty directory for benchmark output, removed when
// the benchmark ends. It is not under os.TempDir: on a shared machine that
// file system is churned by every test's temporary files, and ext4 skips
// inodes deleted in the last minutes when it allocates new ones, which made
// creating files there several times slower than in a fresh workspace (a
// CI checkout). Outputs are not removed between iterations for the same
// reason. BACKLOGSITE_BENCH_OUT picks another parent directory.
func benchOut(b *testing.B) string {
	b.Helper()
	parent := os.Getenv("BACKLOGSITE_BENCH_OUT")
	if parent == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			cache = os.TempDir() // no home directory: the churned one will do
		}
		parent = filepath.Join(cache, "backlogsite-bench-out")
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		b.Fatal(err)
	}
	dir, err := os.MkdirTemp(parent, "run-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	// Ask ext4 to place each output in the emptiest block group rather
	// than beside its churned parent (best effort, as cmd/benchtable does).
	if chattr, err := exec.LookPath("chattr"); err == nil {
		exec.Command(chattr, "+T", dir).Run()
	}
	return dir
}

// BenchmarkWrite writes an already rendered site into a fresh directory
// through DirOutput (as Build makes it), with as many writers as Render
// uses.
func BenchmarkWrite(b *testing.B) {
	forSizes(b, func(b *testing.B, dir string) {
		site := mustLoad(b, dir)
		rep := mustCompute(b, site)
		mem := &output.Mem{}
		if _, err := render.Render(context.Background(), site, rep, mem, render.Options{}); err != nil {
			b.Fatal(err)
		}
		names := mem.Names()
		files := make([][]byte, len(names))
		for i, n := range names {
			files[i], _ = mem.File(n)
		}
		mem = nil
		root := benchOut(b)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			out := output.NewDir(filepath.Join(root, fmt.Sprint(i)))
			if err := writeAll(out, names, files); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

func writeAll(out output.Output, names []string, files [][]byte) error {
	next := make(chan int)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range 2 * runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				if err := out.WriteFile(names[i], files[i]); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		})
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

// BenchmarkBuild is what `backlogsite build` does the first time: load,
// compute, render and write into a temporary directory renamed to the
// output.
func BenchmarkBuild(b *testing.B) {
	forSizes(b, func(b *testing.B, dir string) {
		root := benchOut(b)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			out := filepath.Join(root, fmt.Sprint(i))
			if _, err := generator.Build(context.Background(), generator.BuildOptions{SiteDir: dir, OutDir: out}); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
}

// BenchmarkRebuild is a build over the output of the previous one, which
// is swapped out and deleted.
func BenchmarkRebuild(b *testing.B) {
	forSizes(b, func(b *testing.B, dir string) {
		out := filepath.Join(benchOut(b), "public")
		if _, err := generator.Build(context.Background(), generator.BuildOptions{SiteDir: dir, OutDir: out}); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := generator.Build(context.Background(), generator.BuildOptions{SiteDir: dir, OutDir: out}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkServeRebuild is what `backlogsite serve` does after a one-line
// edit (internal/devserver, Server.Rebuild): the sprint goal of one file
// changes, the site is loaded again (the other files' parses from the
// previous load's load.Cache) and computed and prepared for rendering
// (templates from the previous build's cache), and the edited
// sprint's page, which the open browser asks for next, is rendered. Pages
// nobody asks for are never rendered. File events, debounce, the input
// digest and the HTTP request are not included (BenchmarkEditToServed in
// cmd/backlogsite measures those).
func BenchmarkServeRebuild(b *testing.B) {
	forSizes(b, func(b *testing.B, dir string) {
		site := copySite(b, dir)
		sprints, err := filepath.Glob(filepath.Join(site, "sprints", "*.toml"))
		if err != nil || len(sprints) == 0 {
			b.Fatalf("no sprint files in %s", site)
		}
		edited := sprints[len(sprints)-1]
		orig, err := os.ReadFile(edited)
		if err != nil {
			b.Fatal(err)
		}
		if !bytes.Contains(orig, []byte(`goal = "`)) {
			b.Fatalf("%s has no goal to edit", edited)
		}
		id := regexp.MustCompile(`(?m)^id = "([^"]+)"`).FindSubmatch(orig)
		if id == nil {
			b.Fatalf("%s has no id", edited)
		}
		page := "sprints/" + string(id[1]) + "/index.html"
		opts := render.Options{BaseURL: "/", Templates: &render.TemplateCache{}}
		// serve keeps the parsed files of the previous rebuild.
		var cache load.Cache
		if _, err := load.DirCached(site, &cache); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			data := bytes.Replace(orig, []byte(`goal = "`), fmt.Appendf(nil, `goal = "Edit %d `, i), 1)
			if err := os.WriteFile(edited, data, 0o644); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			s, err := load.DirCached(site, &cache)
			if err != nil {
				b.Fatal(err)
			}
			rep := mustCompute(b, s)
			pages, err := render.Prepare(context.Background(), s, rep, opts)
			if err != nil {
				b.Fatal(err)
			}
			html, err := pages.File(page)
			if err != nil {
				b.Fatal(err)
			}
			if !bytes.Contains(html, fmt.Appendf(nil, "Edit %d ", i)) {
				b.Fatalf("%s lacks the edit", page)
			}
		}
	})
}

// BenchmarkServeRebuildAll is the serve rebuild as it was before pages
// rendered on demand: every page rendered into memory. It is what a full
// render costs on top of load and compute.
func BenchmarkServeRebuildAll(b *testing.B) {
	forSizes(b, func(b *testing.B, dir string) {
		b.ReportAllocs()
		for b.Loop() {
			s := mustLoad(b, dir)
			rep := mustCompute(b, s)
			out := &output.Mem{}
			if _, err := render.Render(context.Background(), s, rep, out, render.Options{BaseURL: "/"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// copySite copies a site directory into a fresh temporary one, so that a
// benchmark may edit it.
func copySite(b *testing.B, dir string) string {
	b.Helper()
	dst := filepath.Join(b.TempDir(), "site")
	if err := os.CopyFS(dst, os.DirFS(dir)); err != nil {
		b.Fatal(err)
	}
	return dst
}
