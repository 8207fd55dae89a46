// Command benchtable measures backlogsite builds of the synthetic S, L and
// XL sites (internal/synth) and prints one table: wall and CPU time of a
// real `backlogsite build` process (best of -runs), its peak resident
// memory, the stage times and allocations of the same build run in-process.
// With -hugo it instead builds the L site and an equivalent 10,000-page Hugo
// site alternately and prints both times and their ratio.
//
//	go build -o /tmp/backlogsite ./cmd/backlogsite
//	go run ./cmd/benchtable -bin /tmp/backlogsite
//	go run ./cmd/benchtable -bin /tmp/backlogsite -hugo
//
// `make bench` and `make bench-hugo` run these.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/render"
	"github.com/backlogsite/backlogsite/internal/report"

	"github.com/backlogsite/backlogsite/internal/synth"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

type options struct {
	bin     string
	sizes   []string
	runs    int
	budget  time.Duration
	work    string
	hugoBin string
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchtable", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.bin, "bin", "", "backlogsite `binary` to time (required)")
	sizes := fs.String("sizes", strings.Join(synth.Sizes(), ","), "comma-separated synthetic site sizes")
	fs.IntVar(&o.runs, "runs", 3, "timed builds per size (the best counts)")
	fs.DurationVar(&o.budget, "budget", 30*time.Second, "stop repeating a size's builds once they took this long in all")
	fs.StringVar(&o.work, "work", "", "scratch `directory` for outputs (default: a new one under the user cache directory)")
	hugo := fs.Bool("hugo", false, "compare the L build with Hugo building 10,000 Markdown pages")
	fs.StringVar(&o.hugoBin, "hugo-bin", "hugo", "hugo `binary`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.bin == "" || fs.NArg() > 0 {
		fs.Usage()
		return flag.ErrHelp
	}
	o.sizes = strings.Split(*sizes, ",")
	o.runs = max(o.runs, 1)
	if o.work == "" {
		// Not under /tmp: on a shared machine its ext4 block groups are
		// churned by every test's temporary files, and ext4 skips inodes
		// deleted in the last minutes when it allocates new ones, which
		// makes creating files there up to ten times slower than in a
		// project or CI workspace.
		cache, err := os.UserCacheDir()
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(cache, "backlogsite-benchtable"), 0o755); err != nil {
			return err
		}
		dir, err := os.MkdirTemp(filepath.Join(cache, "backlogsite-benchtable"), "run-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.work = dir
	}
	spreadSubdirs(o.work)
	if *hugo {
		return compareHugo(o, stdout, stderr)
	}
	return table(o, stdout, stderr)
}

// siteDir returns the synthetic site of a size, written once into a cache
// under the system temp directory (the same one the Go benchmarks use).
func siteDir(size string) (string, synth.Config, error) {
	cfg, ok := synth.Size(size)
	if !ok {
		return "", cfg, fmt.Errorf("unknown size %q", size)
	}
	dir := filepath.Join(os.TempDir(), "backlogsite-bench",
		fmt.Sprintf("%s-f%d-s%d-st%d-seed%d", size, cfg.Features, cfg.Sprints, cfg.StoriesPerSprint, cfg.Seed))
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err == nil {
		return dir, cfg, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", cfg, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".tmp-"+size+"-")
	if err != nil {
		return "", cfg, err
	}
	defer os.RemoveAll(tmp)
	if err := synth.Write(filepath.Join(tmp, "site"), cfg); err != nil {
		return "", cfg, err
	}
	if err := os.Rename(filepath.Join(tmp, "site"), dir); err != nil {
		if _, serr := os.Stat(filepath.Join(dir, "site.toml")); serr != nil {
			return "", cfg, err
		}
	}
	return dir, cfg, nil
}

// measurement is one process run.
type measurement struct {
	wall, cpu time.Duration
	maxRSS    int64 // bytes
}

// timeProcess runs a command to completion and reports its wall time, CPU
// time (user and system) and peak resident set size.
func timeProcess(name string, args ...string) (measurement, error) {
	cmd := exec.Command(name, args...)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return measurement{}, fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return measurement{
		wall:   wall,
		cpu:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		maxRSS: ru.Maxrss << 10, // kilobytes on Linux
	}, nil
}

// spreadSubdirs asks ext4 to place each output directory made in dir in a
// block group of its own, as it does for top-level directories (chattr +T,
// the Orlov allocator). On a machine whose disk sees many files deleted,
// ext4 otherwise allocates every new inode of a build in the parent's
// block group after scanning past each inode deleted there in the last
// minutes (kernel profile: recently_deleted, find_inode_bit), and a 10,000
// page build spends most of its time in the kernel. A fresh CI workspace
// does not pay that; the flag gives every timed build (ours and Hugo's) the
// same fresh start. Without chattr or ext4 nothing changes.
func spreadSubdirs(dir string) {
	if path, err := exec.LookPath("chattr"); err == nil {
		exec.Command(path, "+T", dir).Run()
	}
}

// settle flushes the disk, so the next timed build does not pay for the
// previous one's writeback. Outputs are only removed when the program ends:
// deleting thousands of files right before a build makes its file
// creation slower (ext4 skips recently deleted inodes).
func settle(string) {
	syscall.Sync()
}

// best runs f up to runs times (fewer once budget is spent) and keeps the
// fastest wall time and the largest peak memory.
func best(runs int, budget time.Duration, f func(i int) (measurement, error)) (measurement, int, error) {
	var b measurement
	spent := time.Duration(0)
	n := 0
	for i := 0; i < runs && (i == 0 || spent < budget); i++ {
		m, err := f(i)
		if err != nil {
			return b, n, err
		}
		n++
		spent += m.wall
		if i == 0 || m.wall < b.wall {
			b.wall, b.cpu = m.wall, m.cpu
		}
		b.maxRSS = max(b.maxRSS, m.maxRSS)
	}
	return b, n, nil
}

// stages is one in-process build, stage by stage, with the allocations of
// the whole.
type stages struct {
	load, compute, render time.Duration
	pages                 int
	mallocs, allocBytes   uint64
}

func inProcess(site, out string) (stages, error) {
	var s stages
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	st, err := load.Dir(site)
	if err != nil {
		return s, err
	}
	t1 := time.Now()
	rep, err := report.Compute(st, report.AsOf(st, 0))
	if err != nil {
		return s, err
	}
	t2 := time.Now()
	res, err := render.Render(context.Background(), st, rep, output.NewDir(out), render.Options{})
	if err != nil {
		return s, err
	}
	t3 := time.Now()
	runtime.ReadMemStats(&after)
	s.load, s.compute, s.render = t1.Sub(t0), t2.Sub(t1), t3.Sub(t2)
	s.pages = res.Pages
	s.mallocs = after.Mallocs - before.Mallocs
	s.allocBytes = after.TotalAlloc - before.TotalAlloc
	return s, nil
}

func table(o options, stdout, stderr io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "size\tfeatures\tsprints\tpages\tbuild\tcpu\tpeak RSS\tload\tcompute\trender+write\tallocs\talloc MB\tµs/feature\t")
	for _, size := range o.sizes {
		dir, cfg, err := siteDir(size)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%s: timing %s build ...\n", size, o.bin)
		m, n, err := best(o.runs, o.budget, func(i int) (measurement, error) {
			out := filepath.Join(o.work, fmt.Sprintf("%s-%d", size, i))
			defer settle(out)
			return timeProcess(o.bin, "build", "-o", out, dir)
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%s: best of %d: %v; in-process stages ...\n", size, n, m.wall.Round(time.Millisecond))
		out := filepath.Join(o.work, size+"-stages")
		s, err := inProcess(dir, out)
		settle(out)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\t%s\t%d MB\t%s\t%s\t%s\t%.1fM\t%d\t%.0f\t\n",
			size, cfg.Features, cfg.Sprints, s.pages,
			secs(m.wall), secs(m.cpu), m.maxRSS>>20,
			secs(s.load), secs(s.compute), secs(s.render),
			float64(s.mallocs)/1e6, s.allocBytes>>20,
			float64(m.wall.Microseconds())/float64(max(cfg.Features, 1)))
	}
	return tw.Flush()
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3fs", d.Seconds()) }

func compareHugo(o options, stdout, stderr io.Writer) error {
	if _, err := exec.LookPath(o.hugoBin); err != nil {
		return fmt.Errorf("hugo not found (make bench-hugo installs Debian's): %v", err)
	}
	dir, _, err := siteDir("L")
	if err != nil {
		return err
	}
	hugoSite := filepath.Join(o.work, "hugo-site")
	if err := writeHugoSite(hugoSite, hugoPages); err != nil {
		return err
	}
	syscall.Sync()
	var hugo, bl measurement
	for i := range o.runs {
		out := filepath.Join(o.work, fmt.Sprintf("hugo-%d", i))
		h, err := timeProcess(o.hugoBin, "--quiet", "-s", hugoSite, "-d", out)
		settle(out)
		if err != nil {
			return err
		}
		out = filepath.Join(o.work, fmt.Sprintf("L-%d", i))
		b, err := timeProcess(o.bin, "build", "-o", out, dir)
		settle(out)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "run %d: hugo %s (cpu %s), backlogsite L %s (cpu %s)\n", i+1,
			secs(h.wall), secs(h.cpu), secs(b.wall), secs(b.cpu))
		if i == 0 || h.wall < hugo.wall {
			hugo = h
		}
		if i == 0 || b.wall < bl.wall {
			bl = b
		}
	}
	version, _ := exec.Command(o.hugoBin, "version").Output()
	fmt.Fprintf(stdout, "%s", version)
	fmt.Fprintf(stdout, "hugo, %d Markdown pages:       best of %d %s (cpu %s, peak RSS %d MB)\n", hugoPages, o.runs, secs(hugo.wall), secs(hugo.cpu), hugo.maxRSS>>20)
	fmt.Fprintf(stdout, "backlogsite, L site (%d pages): best of %d %s (cpu %s, peak RSS %d MB)\n", hugoPages, o.runs, secs(bl.wall), secs(bl.cpu), bl.maxRSS>>20)
	fmt.Fprintf(stdout, "backlogsite / hugo = %.2f (target <= 0.50)\n", bl.wall.Seconds()/hugo.wall.Seconds())
	return nil
}
