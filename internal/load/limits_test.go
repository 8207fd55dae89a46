package load

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// Input that would take far more memory to parse than its size is refused
// before the parser sees it, at the place that crosses the limit (issue 15:
// a 40 MB array took 2.4 GB).
func TestLoadLimits(t *testing.T) {
	tooLarge := "title = \"T\"\n#" + strings.Repeat("x", 16<<20) + "\n"
	manyValues := "title = \"T\"\nx = [" + strings.Repeat("1,", 1_000_000) + "1]\n"
	for _, tt := range []struct {
		name, data string
		want       []string
	}{
		{"file above 16 MiB", tooLarge, []string{
			fmt.Sprintf("site/site.toml: file is too large (%d bytes; the limit is 16 MiB): split it into several files", len(tooLarge)),
		}},
		{"more than a million values", manyValues, []string{
			"site/site.toml:2:2000001: more than 1000000 values (keys and array elements) in one file: split it into several files (the limit keeps the memory a build takes bounded)",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := loadErrors(t, sitetest.SmallFS(map[string]string{"site.toml": tt.data}))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// The limit on all input together names the file that crosses it.
func TestLoadTotalInputLimit(t *testing.T) {
	lim := defaultLimits()
	lim.inputSize = 1 << 20
	fsys := sitetest.SmallFS(map[string]string{
		"backlog/b.toml": "#" + strings.Repeat("x", 600<<10) + "\n",
		"backlog/c.toml": "#" + strings.Repeat("x", 600<<10) + "\n",
	})
	_, err := fsWithLimits(fsys, "site", lim)
	want := "site/backlog/c.toml: too much input: with this file, the site's TOML and Markdown files hold more than 1 MiB in all (the limit keeps the memory a build takes bounded)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// Parsing ahead within a memory budget smaller than one file still loads
// every file, in order: each is then parsed alone.
func TestLoadParsesAheadWithinTheBudget(t *testing.T) {
	want, err := FS(sitetest.TinyFS(t), "site")
	if err != nil {
		t.Fatal(err)
	}
	lim := defaultLimits()
	lim.parsing = 0
	got, err := fsWithLimits(sitetest.TinyFS(t), "site", lim)
	if err != nil {
		t.Fatal(err)
	}
	got.Files, want.Files = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Error("the site loaded with a tiny parse budget differs from the site loaded with the default")
	}
}

// A file with a systematic mistake lists its first thousand problems and
// counts the rest, rather than one line per value.
func TestLoadProblemsPerFileAreCapped(t *testing.T) {
	backlog := "[[feature]]\nid = \"F-1\"\ntitle = \"x\"\nscores = { value = 1, effort = 1 }\nacceptance = [" +
		strings.Repeat("1, ", 1499) + "1]\n"
	got := loadErrors(t, sitetest.SmallFS(map[string]string{"backlog/a.toml": backlog}))
	if len(got) != maxFileProblems+1 {
		t.Fatalf("%d problems listed, want %d and a count of the rest", len(got), maxFileProblems+1)
	}
	want := "site/backlog/a.toml:5:3015: and 500 more problems in this file (only the first 1000 are listed)"
	if got[len(got)-1] != want {
		t.Errorf("last problem %q, want %q", got[len(got)-1], want)
	}
}

// A string left open is the likeliest cause of the parser's "strings
// cannot contain newlines".
func TestLoadMissingQuoteHint(t *testing.T) {
	got := loadErrors(t, sitetest.SmallFS(map[string]string{"site.toml": "title = \"Roadmap\ndescription = \"x\"\n"}))
	want := []string{`site/site.toml:1:17: invalid TOML: strings cannot contain newlines (is the closing quote missing? Text over several lines goes between triple quotes: """…""")`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
