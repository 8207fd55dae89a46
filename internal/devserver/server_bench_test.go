package devserver

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/synth"
)

// BenchmarkEditToServed measures what a user waits for: from an edit saved
// to a sprint file until the open page, told by the event stream to
// reload, is served with the change. It includes the file event, the
// debounce, the whole rebuild and the page request. The targets are a
// median of at most 200ms on a site of 1,000 features and 30 sprints, and
// a rebuild of at most 150ms on L (10,000 features, 200 sprints: issue 17).
//
//	go test ./internal/devserver -run '^$' -bench EditToServed -benchtime 20x
func BenchmarkEditToServed(b *testing.B) {
	l, _ := synth.Size("L")
	for _, c := range []struct {
		name string
		cfg  synth.Config
	}{
		{"1000", synth.Config{Features: 1000, Sprints: 30, StoriesPerSprint: 10, Seed: 1}},
		{"L", l},
	} {
		b.Run(c.name, func(b *testing.B) { benchEditToServed(b, c.cfg) })
	}
}

func benchEditToServed(b *testing.B, cfg synth.Config) {
	files := synth.Files(cfg)
	dir := filepath.Join(b.TempDir(), "site")
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	sprintFile := fmt.Sprintf("sprints/sprint-%0*d.toml", max(3, len(strconv.Itoa(cfg.Sprints))), cfg.Sprints)
	sprintPage := fmt.Sprintf("/sprints/S-%d/", cfg.Sprints)
	orig := string(files[sprintFile])
	if !strings.Contains(orig, `goal = "`) {
		b.Fatalf("%s has no goal to edit", sprintFile)
	}
	s := startLive(b, dir)
	s.served(b, sprintPage, 200, "<html")
	es := s.events(b)
	es.next(b, "state")

	var waits []time.Duration
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := range b.N {
		goal := fmt.Sprintf("Benchmark edit %d", i)
		edited := strings.Replace(orig, `goal = "`, `goal = "`+goal+` `, 1)
		start := time.Now()
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(sprintFile)), []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		es.next(b, "reload")
		code, body := get(b, s.url+sprintPage)
		waits = append(waits, time.Since(start))
		if code != 200 || !strings.Contains(body, goal) {
			b.Fatalf("after edit %d: status %d, page without the new goal", i, code)
		}
	}
	b.StopTimer()
	// The rebuild's own share (load, compute, render into memory), from
	// the terminal lines; the rest is the file event, the debounce, the
	// event stream and the page request.
	var builds []time.Duration
	for _, m := range rebuildLine.FindAllStringSubmatch(s.stdout.String(), -1) {
		ms, _ := strconv.Atoi(m[1])
		builds = append(builds, time.Duration(ms)*time.Millisecond)
	}
	if len(builds) > 0 {
		slices.Sort(builds)
		b.ReportMetric(float64(builds[len(builds)/2].Milliseconds()), "ms-rebuild-median")
	}
	// CPU time per edit tells the cost of a rebuild apart from a busy
	// machine's waiting.
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/edit")
	slices.Sort(waits)
	b.ReportMetric(float64(waits[len(waits)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(waits[len(waits)*9/10].Microseconds())/1000, "ms-p90")
}

var rebuildLine = regexp.MustCompile(`(?m)^rebuilt after .*: \d+ pages in (\d+)ms$`)

// cpuTime is the CPU time this process used so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
