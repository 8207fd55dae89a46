// Command benchtable measures backlogsite builds of the synthetic sites
// (internal/synth: sizes S, L, XL and their shapes) and prints one table:
// wall and CPU time of a real `backlogsite build` process (best of -runs),
// its peak resident memory, a build over that output, the stage times and
// allocations of the same build run in-process, and the cost per feature,
// sprint and release. With -hugo it instead builds the 10,000-feature shapes
// and an equivalent 10,000-page Hugo site alternately, on a tmpfs and on
// disk, and prints the times and each one's ratio to Hugo's.
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
	tmpfs   string
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchtable", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.bin, "bin", "", "backlogsite `binary` to time (required)")
	sizes := fs.String("sizes", "", "comma-separated synthetic site sizes and shapes (default: S, L, XL and the XL shapes; with -hugo: L and the L shapes)")
	fs.IntVar(&o.runs, "runs", 3, "timed builds per size (the best counts)")
	fs.DurationVar(&o.budget, "budget", 30*time.Second, "stop repeating a size's builds once they took this long in all")
	fs.StringVar(&o.work, "work", "", "scratch `directory` for outputs (default: a new one under the user cache directory)")
	hugo := fs.Bool("hugo", false, "compare the L build with Hugo building 10,000 Markdown pages")
	fs.StringVar(&o.hugoBin, "hugo-bin", "hugo", "hugo `binary`")
	fs.StringVar(&o.tmpfs, "tmpfs", "/dev/shm", "a `directory` on a tmpfs for the -hugo comparison in memory (empty: disk only)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.bin == "" || fs.NArg() > 0 {
		fs.Usage()
		return flag.ErrHelp
	}
	if *sizes != "" {
		o.sizes = strings.Split(*sizes, ",")
	} else if *hugo {
		o.sizes = shapesOf("L")
	} else {
		o.sizes = append(synth.Sizes(), shapesOf("XL")[1:]...)
	}
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

// shapesOf is a size and its shapes (synth.Shapes).
func shapesOf(size string) []string {
	out := []string{size}
	for _, s := range synth.Shapes() {
		if strings.HasPrefix(s, size+"-") {
			out = append(out, s)
		}
	}
	return out
}

// siteDir returns the synthetic site of a size, written once into a cache
// under the system temp directory (the same one the Go benchmarks use).
func siteDir(size string) (string, synth.Config, error) {
	cfg, ok := synth.Size(size)
	if !ok {
		return "", cfg, fmt.Errorf("unknown size %q", size)
	}
	dir := filepath.Join(os.TempDir(), "backlogsite-bench",
		synth.CacheName(size, cfg))
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
// the whole and the site's counts.
type stages struct {
	load, compute, render time.Duration
	pages                 int
	mallocs, allocBytes   uint64

	features, sprints, releases, stories, logs int
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
	s.features, s.sprints, s.releases = len(st.Features), len(st.Sprints), len(st.Releases)
	for _, sp := range st.Sprints {
		s.stories += len(sp.Stories)
		s.logs += len(sp.Log)
	}
	return s, nil
}

type row struct {
	size           string
	first, rebuild measurement
	s              stages
}

func table(o options, stdout, stderr io.Writer) error {
	var rows []row
	for _, size := range o.sizes {
		dir, _, err := siteDir(size)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%s: timing %s build, then a rebuild over its output ...\n", size, o.bin)
		// A first build into a new folder, then a build over it (the old
		// output swapped out and removed), alternating, best of each.
		var rebuild measurement
		m, n, err := best(o.runs, o.budget, func(i int) (measurement, error) {
			out := filepath.Join(o.work, fmt.Sprintf("%s-%d", size, i))
			m, err := timeProcess(o.bin, "build", "-o", out, dir)
			settle(out)
			if err != nil {
				return m, err
			}
			r, err := timeProcess(o.bin, "build", "-o", out, dir)
			settle(out)
			if i == 0 || r.wall < rebuild.wall {
				rebuild.wall, rebuild.cpu = r.wall, r.cpu
			}
			rebuild.maxRSS = max(rebuild.maxRSS, r.maxRSS)
			return m, err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "%s: best of %d: %v, rebuild %v; in-process stages ...\n", size, n,
			m.wall.Round(time.Millisecond), rebuild.wall.Round(time.Millisecond))
		out := filepath.Join(o.work, size+"-stages")
		s, err := inProcess(dir, out)
		settle(out)
		if err != nil {
			return err
		}
		rows = append(rows, row{size, m, rebuild, s})
	}
	fmt.Fprintf(stdout, "outputs on %s (%s)\n", o.work, storageName(o.work))
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "size\tfeatures\tsprints\treleases\tpages\tbuild\tcpu\tpeak RSS\trebuild\trebuild RSS\tload\tcompute\trender+write\tallocs\talloc MB\t")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\t%d MB\t%s\t%d MB\t%s\t%s\t%s\t%.1fM\t%d\t\n",
			r.size, r.s.features, r.s.sprints, r.s.releases, r.s.pages,
			secs(r.first.wall), secs(r.first.cpu), r.first.maxRSS>>20,
			secs(r.rebuild.wall), r.rebuild.maxRSS>>20,
			secs(r.s.load), secs(r.s.compute), secs(r.s.render),
			float64(r.s.mallocs)/1e6, r.s.allocBytes>>20)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	linearity(rows, stdout)
	return nil
}

// linearity prints the build's cost per unit of each dimension, and for
// each shape the cost of what it adds to its size (L-releases: the extra
// releases), so that a cost growing faster than its input shows: per-unit
// costs stay flat from L to XL when every stage is linear.
func linearity(rows []row, w io.Writer) {
	fmt.Fprintln(w, "\nlinearity: wall time of the build per unit")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "size\tstories\tlog entries\tµs/feature\tms/sprint\tms/release\tµs/story\tµs/page\t")
	base := map[string]row{}
	for _, r := range rows {
		base[r.size] = r
		wall := float64(r.first.wall.Microseconds())
		per := func(n int) float64 { return wall / float64(max(n, 1)) }
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%.2f\t%.2f\t%.0f\t%.0f\t\n", r.size, r.s.stories, r.s.logs,
			per(r.s.features), per(r.s.sprints)/1e3, per(r.s.releases)/1e3, per(r.s.stories), per(r.s.pages))
	}
	tw.Flush()
	fmt.Fprintln(w, "\nmarginal cost of a shape over its size (extra wall time per extra unit)")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "shape\tover\textra wall\textra releases\tms/release\textra stories\tµs/story\t")
	for _, r := range rows {
		b, ok := base[strings.SplitN(r.size, "-", 2)[0]]
		if !ok || b.size == r.size {
			continue
		}
		d := r.first.wall - b.first.wall
		dr, ds := r.s.releases-b.s.releases, r.s.stories-b.s.stories
		per := func(n int, unit float64) string {
			if n <= 0 {
				return "-"
			}
			return fmt.Sprintf("%.2f", float64(d.Microseconds())/float64(n)/unit)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%d\t%s\t\n", r.size, b.size, secs(d), dr, per(dr, 1e3), ds, per(ds, 1))
	}
	tw.Flush()
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3fs", d.Seconds()) }

// storageName says whether dir is on a tmpfs (memory) or a disk.
func storageName(dir string) string {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return "unknown storage"
	}
	const tmpfsMagic = 0x01021994
	if st.Type == tmpfsMagic {
		return "tmpfs"
	}
	return "disk"
}

// compareHugo builds the Hugo reference site and each synthetic shape of
// 10,000 features alternately on each storage (a tmpfs, where only the
// programs count, and the disk), best of -runs each, and prints every
// shape's time against Hugo's on the same storage. Inputs are copied to the
// storage the outputs go to, so both programs read and write in one place.
func compareHugo(o options, stdout, stderr io.Writer) error {
	if _, err := exec.LookPath(o.hugoBin); err != nil {
		return fmt.Errorf("hugo not found (make bench-hugo installs Debian's): %v", err)
	}
	type storage struct{ name, dir string }
	var storages []storage
	if o.tmpfs != "" {
		if storageName(o.tmpfs) != "tmpfs" {
			return fmt.Errorf("-tmpfs %s is not on a tmpfs (-tmpfs '' measures the disk only)", o.tmpfs)
		}
		dir, err := os.MkdirTemp(o.tmpfs, "backlogsite-benchtable-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		storages = append(storages, storage{"tmpfs", dir})
	}
	storages = append(storages, storage{storageName(o.work), o.work})
	sites := map[string]string{}
	for _, size := range o.sizes {
		dir, _, err := siteDir(size)
		if err != nil {
			return err
		}
		sites[size] = dir
	}
	version, _ := exec.Command(o.hugoBin, "version").Output()
	fmt.Fprintf(stdout, "%s", version)
	for _, st := range storages {
		hugoSite := filepath.Join(st.dir, "hugo-site")
		if err := writeHugoSite(hugoSite, hugoPages); err != nil {
			return err
		}
		in := map[string]string{}
		for size, dir := range sites {
			in[size] = filepath.Join(st.dir, "in-"+size)
			if err := os.CopyFS(in[size], os.DirFS(dir)); err != nil {
				return err
			}
		}
		syscall.Sync()
		var hugo measurement
		bl := make([]measurement, len(o.sizes))
		for i := range o.runs {
			out := filepath.Join(st.dir, fmt.Sprintf("hugo-%d", i))
			h, err := timeProcess(o.hugoBin, "--quiet", "-s", hugoSite, "-d", out)
			settle(out)
			if err != nil {
				return err
			}
			if i == 0 || h.wall < hugo.wall {
				hugo = h
			}
			fmt.Fprintf(stderr, "%s run %d: hugo %s", st.name, i+1, secs(h.wall))
			for k, size := range o.sizes {
				out := filepath.Join(st.dir, fmt.Sprintf("%s-%d", size, i))
				b, err := timeProcess(o.bin, "build", "-o", out, in[size])
				settle(out)
				if err != nil {
					return err
				}
				fmt.Fprintf(stderr, ", %s %s", size, secs(b.wall))
				if i == 0 || b.wall < bl[k].wall {
					bl[k].wall, bl[k].cpu = b.wall, b.cpu
				}
				bl[k].maxRSS = max(bl[k].maxRSS, b.maxRSS)
			}
			fmt.Fprintln(stderr)
		}
		fmt.Fprintf(stdout, "\non %s (%s), best of %d, alternating:\n", st.name, st.dir, o.runs)
		tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "build\twall\tcpu\tpeak RSS\t/ hugo\t")
		fmt.Fprintf(tw, "hugo, %d Markdown pages\t%s\t%s\t%d MB\t1.00\t\n", hugoPages, secs(hugo.wall), secs(hugo.cpu), hugo.maxRSS>>20)
		for k, size := range o.sizes {
			fmt.Fprintf(tw, "backlogsite %s\t%s\t%s\t%d MB\t%.2f\t\n", size, secs(bl[k].wall), secs(bl[k].cpu), bl[k].maxRSS>>20,
				bl[k].wall.Seconds()/hugo.wall.Seconds())
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	fmt.Fprintln(stdout, "\ntarget: every shape <= 0.50 of hugo on tmpfs")
	return nil
}
