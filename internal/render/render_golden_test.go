package render

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGoldenTiny compares every page of the worked example (and the backlog
// row data) with testdata/golden/tiny. Refresh with
// go test ./generator -run Golden -update, and review the diff.
func TestGoldenTiny(t *testing.T) {
	out, _, _ := renderForTest(t, sitetest.Tiny())
	golden := filepath.Join("testdata", "golden", "tiny")
	want := map[string]bool{}
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, ".html") && name != "backlog/rows.js" && name != "sitemap.xml" {
			continue
		}
		want[name] = true
		got, _ := out.File(name)
		p := filepath.Join(golden, filepath.FromSlash(name))
		if *updateGolden {
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		exp, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("%s: %v (run with -update to create it)", name, err)
			continue
		}
		if !bytes.Equal(got, exp) {
			t.Errorf("%s differs from %s:\n%s", name, p, firstDiff(string(exp), string(got)))
		}
	}
	// A golden file without a page means a page went missing.
	filepath.WalkDir(golden, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(golden, p)
		if !want[filepath.ToSlash(rel)] {
			if *updateGolden {
				return os.Remove(p)
			}
			t.Errorf("%s: golden file for a page that is no longer written", rel)
		}
		return nil
	})
}

// firstDiff shows the first differing line with a little context.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n- " + a + "\n+ " + b
		}
	}
	return "(same lines, different bytes)"
}
