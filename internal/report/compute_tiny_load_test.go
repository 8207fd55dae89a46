package report

import (
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/backlogsite/backlogsite/internal/load"
)

// TestTinyLoaded is the acceptance test: the worked example, loaded
// from the project's copy in testdata/tiny, gives exactly tiny.expected.json.
func TestTinyLoaded(t *testing.T) {
	want := tinyExpected(t)
	site, err := load.Dir(sitetest.Tiny())
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	checkAgainstTiny(t, want, site)
}
