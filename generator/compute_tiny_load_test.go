package generator

import (
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// TestTinyLoaded is the acceptance test: the worked example, loaded
// from the project's copy in testdata/tiny, gives exactly tiny.expected.json.
func TestTinyLoaded(t *testing.T) {
	want := tinyExpected(t)
	site, err := Load(sitetest.Tiny())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checkAgainstTiny(t, want, site)
}
