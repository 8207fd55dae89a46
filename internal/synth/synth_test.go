package synth

import (
	"bytes"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestDeterministic(t *testing.T) {
	c, _ := Size("S")
	a, b := Files(c), Files(c)
	if !maps.EqualFunc(a, b, bytes.Equal) {
		t.Fatal("two runs with one Config differ")
	}
	c.Seed = 2
	if maps.EqualFunc(a, Files(c), bytes.Equal) {
		t.Fatal("another seed gives the same site")
	}
}

func TestWrite(t *testing.T) {
	c, _ := Size("S")
	dir := filepath.Join(t.TempDir(), "site")
	if err := Write(dir, c); err != nil {
		t.Fatal(err)
	}
	want := Files(c)
	for name, data := range want {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: differs from Files (%v)", name, err)
		}
	}
	if err := Write(dir, c); err == nil {
		t.Error("Write into a non-empty directory succeeded")
	}
	if err := Write(t.TempDir(), Config{Features: -1}); err == nil {
		t.Error("Write with negative counts succeeded")
	}
}

func TestSizes(t *testing.T) {
	for _, name := range append(Sizes(), Shapes()...) {
		if _, ok := Size(name); !ok {
			t.Errorf("Size(%q) missing", name)
		}
	}
	if _, ok := Size("M"); ok {
		t.Error("Size(M) exists")
	}
}

func TestValid(t *testing.T) {
	for name, c := range map[string]Config{
		"empty":         {},
		"features only": {Features: 7},
		"one sprint":    {Features: 3, Sprints: 1, StoriesPerSprint: 5},
		"two sprints":   {Features: 1000, Sprints: 2, StoriesPerSprint: 4},
		"no stories":    {Features: 20, Sprints: 12},
		"few features":  {Features: 5, Sprints: 30, StoriesPerSprint: 12, Releases: 50},
		"one release":   {Features: 300, Sprints: 40, StoriesPerSprint: 9, Releases: 1, Seed: 3},
		"small files":   {Features: 1001, Sprints: 8, StoriesPerSprint: 6, FeaturesPerFile: 10},
		"S":             mustSize("S"),
		"many stories":  {Features: 400, Sprints: 20, StoriesPerSprint: 60, Seed: 9},
		"long markdown": {Features: 50, Sprints: 6, StoriesPerSprint: 5, LongDescriptions: 5},
		"one-week":      {Features: 200, Sprints: 30, StoriesPerSprint: 6, OneWeekSprints: true},
	} {
		t.Run(name, func(t *testing.T) { checkSite(t, c) })
	}
}

func mustSize(name string) Config {
	c, _ := Size(name)
	return c
}

// TestRealistic checks that a mid-sized site has every kind of event the
// benchmarks are meant to exercise.
func TestRealistic(t *testing.T) {
	c := Config{Features: 2000, Sprints: 40, StoriesPerSprint: 10, Seed: 7}
	st := checkSite(t, c)
	t.Logf("%+v", st)
	for what, n := range map[string]int{
		"added": st.added, "removed": st.removed, "reopened": st.reopened,
		"re-estimates": st.reestimated, "carry-over": st.carried, "days off": st.daysOff,
		"notes": st.notes, "ranks": st.ranked, "bugs": st.bugs, "tech": st.tech,
		"done features": st.done, "dropped features": st.dropped, "escaped titles": st.odd,
	} {
		if n == 0 {
			t.Errorf("no %s", what)
		}
	}
}

func TestString(t *testing.T) {
	for _, s := range []string{
		"", "plain", `"quoted"`, `back\slash`, "tab\there", "new\nline", "cr\r\n",
		"\x00\x01\x1f\x7f\b\f", "Ελληνικά 日本語 🚀", "\u0085\u2028", "bad \xff utf-8",
	} {
		var v struct{ S string }
		src := "S = " + string(appendString(nil, s)) + "\n"
		if _, err := toml.Decode(src, &v); err != nil {
			t.Errorf("%q: %v in %s", s, err, src)
			continue
		}
		want := s
		if s == "bad \xff utf-8" {
			want = "bad \uFFFD utf-8"
		}
		if v.S != want {
			t.Errorf("%q: read back %q", s, v.S)
		}
	}
}

func TestFileNamesSorted(t *testing.T) {
	files := Files(Config{Features: 5000, Sprints: 1200, StoriesPerSprint: 1, FeaturesPerFile: 100})
	var sprints []string
	for name := range files {
		if filepath.Dir(name) == "sprints" {
			sprints = append(sprints, name)
		}
	}
	slices.Sort(sprints)
	if sprints[0] != "sprints/sprint-0001.toml" || sprints[len(sprints)-1] != "sprints/sprint-1200.toml" {
		t.Errorf("sprint files %s … %s", sprints[0], sprints[len(sprints)-1])
	}
}

// TestValidL checks the L preset, which the benchmarks build.
func TestValidL(t *testing.T) {
	if testing.Short() {
		t.Skip("L site in -short mode")
	}
	t.Logf("%+v", checkSite(t, mustSize("L")))
}

func BenchmarkFiles(b *testing.B) {
	for _, name := range Sizes() {
		b.Run(name, func(b *testing.B) {
			c := mustSize(name)
			for b.Loop() {
				Files(c)
			}
		})
	}
}
