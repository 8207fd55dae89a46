package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/report"
	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// TestQueueOnPages checks that content-example's Summer release, due after
// the unfinished Spring release, leads with its odds in the queue and gives
// the odds alone beside them, wherever its odds are shown. (99%: the
// running Sprint 8 counts its last two working days, SPEC §3.7.)
func TestQueueOnPages(t *testing.T) {
	root := buildForTest(t, sitetest.Example())
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	const sentence = "if Spring release is finished first (100% if the team worked on Summer release alone)"
	for _, c := range []struct{ page, want string }{
		{"index.html", "99% likely by 3 Jul " + sentence + "."},
		{"releases/index.html", "99% likely by 3 Jul " + sentence + "."},
		{"releases/2026.3/index.html", "99% likely by 3 Jul " + sentence + "."},
		{"releases/2026.3/index.html", "Forecast 3 Jul 2026 after Spring release (19 Jun 2026 alone)"},
		{"releases/2026.3/index.html", "Spring release is due before this release and has 28 points left."},
		{"roadmap/index.html", `99% likely by 3 Jul</span> <span class="queue-if">` + sentence + "</span>"},
		{"features/F-502/index.html", "100% likely to be done by 3 Jul " + sentence + "."},
	} {
		if got := read(c.page); !strings.Contains(got, c.want) {
			t.Errorf("%s does not say %q", c.page, c.want)
		}
	}
	if got := read("releases/2026.2/index.html"); strings.Contains(got, "finished first") {
		t.Error("the Spring release, first in the queue, talks of a queue")
	}
}

func TestReleaseNames(t *testing.T) {
	r := &renderer{relRep: map[string]*report.ReleaseReport{
		"a": {ID: "a", Name: "Winter release"}, "b": {ID: "b", Name: "Spring release"}, "c": {ID: "c"},
	}}
	for _, c := range []struct {
		ids  []string
		want string
	}{
		{[]string{"a"}, "Winter release"},
		{[]string{"a", "b"}, "Winter release and Spring release"},
		{[]string{"a", "b", "c"}, "Winter release, Spring release and c"},
	} {
		if got := r.releaseNames(c.ids); got != c.want {
			t.Errorf("releaseNames(%v) = %q, want %q", c.ids, got, c.want)
		}
	}
}
