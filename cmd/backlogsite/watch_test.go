package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// watchCommand runs `watch` in the background until the test ends and
// waits for it to watch.
func watchCommand(t *testing.T, args ...string) (stdout, stderr *sitetest.SyncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &sitetest.SyncBuffer{}, &sitetest.SyncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append([]string{"watch"}, args...), stdout, stderr) }()
	sitetest.StopOnCleanup(t, "watch", cancel, done)
	sitetest.WaitFor(t, 10*time.Second, "watch to start", func() (bool, string) {
		return strings.Contains(stdout.String(), "watching "), stdout.String() + stderr.String()
	})
	return stdout, stderr
}

func fileHas(t *testing.T, name, want string) func() (bool, string) {
	return func() (bool, string) {
		b, err := os.ReadFile(name)
		if err != nil {
			return false, err.Error()
		}
		return strings.Contains(string(b), want), "file without it"
	}
}

// TestWatchRebuildsOutput uses the usual layout: public/ inside the site
// directory, which the watcher must ignore or every build would set off the
// next.
func TestWatchRebuildsOutput(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	out := filepath.Join(dir, "public")
	stdout, stderr := watchCommand(t, "-o", out, dir)
	index := filepath.Join(out, "sprints", "S-1", "index.html")
	sitetest.WaitFor(t, 10*time.Second, "the first build", fileHas(t, index, "First goal"))

	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-1.toml": strings.Replace(sitetest.LiveSiteFiles["sprints/S-1.toml"], "First goal", "Watched goal", 1)})
	sitetest.WaitFor(t, 10*time.Second, "the rebuild", fileHas(t, index, "Watched goal"))

	// A broken file leaves the output as it was and says why.
	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-1.toml": "id = \"S-1\"\nstart = 2026-03-02\nend = \n"})
	sitetest.WaitFor(t, 10*time.Second, "the problems", func() (bool, string) {
		e := stderr.String()
		return strings.Contains(e, "rebuild after sprints/S-1.toml changed failed") &&
			strings.Contains(e, filepath.Join(dir, "sprints", "S-1.toml")+":3:"), e
	})
	if ok, _ := fileHas(t, index, "Watched goal")(); !ok {
		t.Error("a failed build changed the output")
	}

	sitetest.WriteFiles(t, dir, map[string]string{"sprints/S-1.toml": strings.Replace(sitetest.LiveSiteFiles["sprints/S-1.toml"], "First goal", "Mended goal", 1)})
	sitetest.WaitFor(t, 10*time.Second, "the mended rebuild", fileHas(t, index, "Mended goal"))

	// One line per good edit: writing the output set off no rebuild of
	// its own. Nothing but the output is left beside it.
	lines := regexp.MustCompile(`(?m)^rebuilt after sprints/S-1\.toml changed: \d+ pages in \d+ms$`)
	sitetest.WaitFor(t, 5*time.Second, "two rebuild lines", func() (bool, string) {
		return len(lines.FindAllString(stdout.String(), -1)) == 2, stdout.String()
	})
	if n := len(regexp.MustCompile(`(?m)^rebuilt`).FindAllString(stdout.String(), -1)); n != 2 {
		t.Errorf("%d rebuild lines for 2 good edits:\n%s", n, stdout.String())
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestWatchRefusesOutput(t *testing.T) {
	dir := sitetest.NewLiveSite(t)
	notOurs := filepath.Join(t.TempDir(), "docs")
	sitetest.WriteFiles(t, notOurs, map[string]string{"keep.txt": "mine"})
	for _, out := range []string{dir, filepath.Dir(dir), notOurs} {
		err := run(context.Background(), []string{"watch", "-o", out, dir}, &sitetest.SyncBuffer{}, &sitetest.SyncBuffer{})
		if err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("watch -o %s: %v, want a refusal", out, err)
		}
	}
	if b, err := os.ReadFile(filepath.Join(notOurs, "keep.txt")); err != nil || string(b) != "mine" {
		t.Errorf("a refused folder changed: %q %v", b, err)
	}
}
