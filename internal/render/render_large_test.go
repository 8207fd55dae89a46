package render

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/synth"
)

// TestLargeBacklogPageSize renders a 10,000-feature site: the largest HTML
// page must stay under 1 MB (the backlog ships its rows as a script file and
// pages through them in the browser), and every link must still resolve.
func TestLargeBacklogPageSize(t *testing.T) {
	if testing.Short() {
		t.Skip("large site")
	}
	cfg, _ := synth.Size("L")
	dir := filepath.Join(t.TempDir(), "site")
	if err := synth.Write(dir, cfg); err != nil {
		t.Fatal(err)
	}
	out, _, rep := renderForTest(t, dir)
	if len(rep.Features) < 10_000 {
		t.Fatalf("synthetic site has %d features, want 10000", len(rep.Features))
	}
	largest, size := "", 0
	for _, n := range out.Names() {
		if !strings.HasSuffix(n, ".html") {
			continue
		}
		b, _ := out.File(n)
		if len(b) > size {
			largest, size = n, len(b)
		}
	}
	t.Logf("largest page %s: %d bytes", largest, size)
	if size >= 1<<20 {
		t.Errorf("largest page %s is %d bytes, want < 1 MB", largest, size)
	}
	b, _ := out.File("backlog/index.html")
	if rows := strings.Count(string(b), "<tr"); rows > 1000 {
		t.Errorf("backlog page carries %d table rows; it must page, not list everything", rows)
	}
}
