package generator

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Adversarial tests: the input files come from anyone who can open a pull
// request that CI builds and publishes, so no input may publish files from
// outside the site, or make the build fail without saying where.

// TestHugeNumbersAreInputErrors: estimates near the float64 limit make sums
// overflow to +Inf, which encoding/json refuses: the build then failed with
// "backlog/rows.js: json: unsupported value: +Inf", naming no input file.
func TestHugeNumbersAreInputErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name: "feature estimate",
			files: map[string]string{"backlog/a.toml": "[[feature]]\nid = \"F-1\"\ntitle = \"Search\"\nestimate = 1.7e308\n" +
				"scores = { value = 5, effort = 2 }\n[[feature]]\nid = \"F-2\"\ntitle = \"x\"\nestimate = 1.7e308\nscores = { value = 5, effort = 2 }\n"},
			want: "site/backlog/a.toml:4:1: feature \"F-1\": estimate is too large",
		},
		{
			name: "story estimate",
			files: map[string]string{"sprints/s1.toml": "id = \"S1\"\nstart = 2026-03-02\nend = 2026-03-13\n\n" +
				"[[story]]\nid = \"ST-1\"\nfeature = \"F-1\"\ntitle = \"A story\"\nestimate = 1e300\n"},
			want: "site/sprints/s1.toml:9:1: story \"ST-1\": estimate is too large",
		},
		{
			name: "re-estimate",
			files: map[string]string{"sprints/s1.toml": "id = \"S1\"\nstart = 2026-03-02\nend = 2026-03-13\n\n" +
				"[[story]]\nid = \"ST-1\"\nfeature = \"F-1\"\ntitle = \"A story\"\nestimate = 3\n\n[[log]]\ndate = 2026-03-03\nestimates = { \"ST-1\" = 1e300 }\n"},
			want: "site/sprints/s1.toml:13:15: log 2026-03-03: estimate of ST-1 is too large",
		},
		{
			name:  "sprint capacity",
			files: map[string]string{"sprints/s1.toml": "id = \"S1\"\nstart = 2026-03-02\nend = 2026-03-13\ncapacity = 1e308\n"},
			want:  "site/sprints/s1.toml:4:1: sprint \"S1\": capacity is too large",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := strings.Join(loadErrors(t, siteFS(tt.files)), "\n")
			if !strings.Contains(got, tt.want) {
				t.Errorf("got\n%s\nwant a line containing %q", got, tt.want)
			}
		})
	}
}

// TestLargeFiniteFiguresRender: a score may be as large as the equation
// makes it (finite is all the loader asks); rounding it for a chart must
// not turn it into +Inf, which encoding/json refuses.
func TestLargeFiniteFiguresRender(t *testing.T) {
	for _, x := range []float64{1e307, -1e307, math.MaxFloat64, 1e20, 1e16 + 2} {
		if got := chartNum(x); math.IsInf(got, 0) || math.IsNaN(got) || math.Abs(got-x) > math.Abs(x)*1e-15 {
			t.Errorf("chartNum(%g) = %g", x, got)
		}
	}
	if got := chartNum(2.345); got != 2.35 && got != 2.34 {
		t.Errorf("chartNum(2.345) = %g, want it rounded to cents", got)
	}
	dir := filepath.Join(t.TempDir(), "site")
	copyDir(t, tinyDir, dir)
	b, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	// Every score ×1e307: finite, so valid input.
	s := strings.Replace(string(b), "[scorecard]", "[scorecard]\nequation = \"value / effort * 1e307\"", 1)
	if !strings.Contains(s, "1e307") {
		t.Fatal("the tiny example has no [scorecard] to change")
	}
	os.WriteFile(filepath.Join(dir, "site.toml"), []byte(s), 0o644)
	renderForTest(t, dir)
}
