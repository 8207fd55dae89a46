package sitetest

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// LiveSiteFiles is a small valid site: one feature file, one release, two
// sprints. Tests copy it into a temporary directory and edit the copy.
var LiveSiteFiles = map[string]string{
	"site.toml": `title = "Live test site"
[scorecard]
preset = "value-effort"
`,
	"backlog/features.toml": `[[feature]]
id = "F-1"
title = "Sign in by email"
scores = { value = 8, effort = 3 }

[[feature]]
id = "F-2"
title = "Search the catalogue"
scores = { value = 5, effort = 5 }
`,
	"releases/r1.toml": `id = "R1"
start = 2026-03-02
date = 2026-04-24
capacity = 40
features = ["F-1", "F-2"]
`,
	"sprints/S-1.toml": `id = "S-1"
release = "R1"
start = 2026-03-02
end = 2026-03-13
goal = "First goal"

[[story]]
id = "ST-1"
feature = "F-1"
title = "Receive a sign-in link"
estimate = 5

[[log]]
date = 2026-03-04
done = ["ST-1"]
`,
	"sprints/S-2.toml": `id = "S-2"
release = "R1"
start = 2026-03-16
end = 2026-03-27
goal = "Second goal"

[[story]]
id = "ST-2"
feature = "F-2"
title = "Search by name"
estimate = 3
`,
}

// WriteFiles writes files (slash paths to text) below dir.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// NewLiveSite writes LiveSiteFiles into a fresh folder and returns it.
func NewLiveSite(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	WriteFiles(t, dir, LiveSiteFiles)
	return dir
}

// SyncBuffer is a terminal the server and the test share.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// WaitFor polls cond until it holds or the timeout passes; describe says
// what was last seen, for the failure message.
func WaitFor(t testing.TB, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	last := ""
	for {
		ok, seen := cond()
		if ok {
			return
		}
		last = seen
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s; last seen: %s", timeout, what, last)
		}
		<-tick.C
	}
}

// StopOnCleanup cancels a command running in the background when the test
// ends, and fails the test if it does not stop within ten seconds of the
// interrupt or stops with an error. done receives what the command returned.
func StopOnCleanup(t testing.TB, what string, cancel func(), done <-chan error) {
	t.Helper()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s: %v", what, err)
			}
		case <-time.After(10 * time.Second):
			t.Errorf("%s did not stop within 10s of the interrupt", what)
		}
	})
}
