package generator

import (
	"path/filepath"
	"testing"
)

// TestTinyLoaded is the acceptance test: the worked example, loaded
// from shared/examples/tiny, gives exactly tiny.expected.json.
func TestTinyLoaded(t *testing.T) {
	want := tinyExpected(t)
	site, err := Load(filepath.Join(sharedDir, "examples", "tiny"))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checkAgainstTiny(t, want, site)
}
