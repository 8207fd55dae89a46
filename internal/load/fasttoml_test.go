package load

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/backlogsite/backlogsite/internal/sitetest"
	"github.com/backlogsite/backlogsite/internal/synth"
)

// checkFastTOML fails when fastTOML accepts src and its tree differs from
// toml.Decode's, or when it accepts what toml.Decode refuses. Input that is
// not UTF-8 text never reaches either (checkText).
func checkFastTOML(t *testing.T, name, src string) (fast bool) {
	t.Helper()
	if !utf8.ValidString(src) || strings.ContainsRune(src, 0) {
		return false
	}
	got, ok := fastTOML(src)
	if !ok {
		return false
	}
	var want map[string]any
	if err := safeDecode(src, &want); err != nil {
		t.Fatalf("%s: fastTOML accepted what the parser refuses (%v):\n%q", name, err, src)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: fastTOML gave\n%#v\nthe parser\n%#v\nfor %q", name, got, want, src)
	}
	return true
}

// TestFastTOMLMatchesParser decodes every TOML file of the repository's
// sites and of a synthetic site of every shape both ways.
func TestFastTOMLMatchesParser(t *testing.T) {
	files := map[string]string{}
	for _, root := range []string{sitetest.Example(), filepath.Join("..", "..", "testdata")} {
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".toml") {
				if data, err := os.ReadFile(p); err == nil {
					files[p] = string(data)
				}
			}
			return nil
		})
	}
	for _, c := range []synth.Config{
		{Features: 300, Sprints: 20, StoriesPerSprint: 8, Seed: 1},
		{Features: 100, Sprints: 12, StoriesPerSprint: 6, Releases: 12, LongDescriptions: 3, OneWeekSprints: true, Seed: 2},
	} {
		for name, data := range synth.Files(c) {
			if strings.HasSuffix(name, ".toml") {
				files["synth/"+name] = string(data)
			}
		}
	}
	fast := 0
	for name, src := range files {
		if checkFastTOML(t, name, src) {
			fast++
		}
	}
	// The synthetic files are what fastTOML is for: none may fall back.
	if fast < len(files)/2 {
		t.Errorf("fastTOML decoded %d of %d files", fast, len(files))
	}
	for name, src := range files {
		if strings.HasPrefix(name, "synth/") {
			if _, ok := fastTOML(src); !ok {
				t.Errorf("fastTOML left %s to the parser", name)
			}
		}
	}
}

// TestFastTOMLCases pins what fastTOML takes on and what it leaves to the
// parser.
func TestFastTOMLCases(t *testing.T) {
	for _, c := range []struct {
		src  string
		fast bool
	}{
		{"", true},
		{"# only a comment\n\n", true},
		{"a = 1\nb = -2\nc = +3\nd = 0\ne = 1.5\nf = -0.25e3\ng = 1e5\nh = 2E-2\n", true},
		{"s = \"tab\\there \\\"q\\\" \\\\ \\u00e9 \\U0001F680 \\b\\f\\r\\n\"\nl = 'C:\\path'\n", true},
		{"d = 2026-03-02 # a Monday\nds = [2026-01-01, 2024-02-29]\n", true},
		{"x = [\n  1, # one\n  'two',\n  [3],\n  {a = 1, b = [2]},\n]\ny = []\nz = {}\n", true},
		{"t = true\nf = false\n", true},
		{"top = 1\n[t]\nk = 'v'\n[[a]]\nk = 1\n[[a]]\nk = 2\n\n[ u ]\n[[ b ]]\n", true},
		{"a = 1\r\n[t] # c\r\nb = 2 # c\r\n", true},
		{"\"q k\" = 1\n'l' = 2\ne = { \"ST-1\" = 5, 'x' = 1.5 }\n", true},
		// Left to the parser: other syntax, and every mistake.
		{"a.b = 1\n", false},
		{"a.\"q\" = 1\n", false},
		{"\"\"\"q\"\"\" = 1\n", false},
		{"[a.b]\n", false},
		{"s = \"\"\"x\"\"\"\n", false},
		{"s = '''x'''\n", false},
		{"n = 1_000\n", false},
		{"n = 0x10\n", false},
		{"n = 01\n", false},
		{"n = inf\n", false},
		{"n = 1.\n", false},
		{"n = 99999999999999999999\n", false},
		{"d = 2026-02-30\n", false},
		{"d = 2026-03-02T10:00:00\n", false},
		{"d = 2026-03-02 10:00:00\n", false},
		{"a = 1\na = 2\n", false},
		{"[t]\n[t]\n", false},
		{"t = 1\n[t]\n", false},
		{"[t]\n[[t]]\n", false},
		{"i = {a = 1,}\n", false},
		{"i = {a = 1, a = 2}\n", false},
		{"i = {\na = 1}\n", false},
		{"s = \"\\e\"\n", false},
		{"s = \"\\ud800\"\n", false},
		{"s = \"raw\x01\"\n", false},
		{"a = 1 b = 2\n", false},
		{"a = 1\rb = 2\n", false},
		{"# bad \x01 comment\n", false},
		{"a = [1 2]\n", false},
		{"a = \n", false},
	} {
		_, ok := fastTOML(c.src)
		if ok != c.fast {
			t.Errorf("fastTOML(%q) took it on: %v, want %v", c.src, ok, c.fast)
		}
		checkFastTOML(t, "case", c.src)
	}
}

// FuzzFastTOML holds fastTOML to the parser on any text.
func FuzzFastTOML(f *testing.F) {
	for _, s := range []string{
		"a = 1\n[t]\nk = 'v'\n[[a]]\nk = [1, 2.5, 2026-01-01, {x = \"y\"}]\n",
		"id = \"S-1\"\nstart = 2026-03-02\n[[log]]\ndate = 2026-03-03\ndone = [\"ST-1\"]\n",
		"s = \"\\u00e9\\n\" # c\r\nn = -0.5e-3\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		checkFastTOML(t, "fuzz", src)
	})
}

// The parser has no say in what the tree holds for a local date beyond
// its location: fastTOML must use the very same one.
func TestFastTOMLDateLocation(t *testing.T) {
	var v map[string]any
	if _, err := toml.Decode("d = 2026-03-02", &v); err != nil {
		t.Fatal(err)
	}
	got, _ := fastTOML("d = 2026-03-02")
	if !reflect.DeepEqual(got, v) {
		t.Fatalf("got %#v, want %#v", got, v)
	}
}
