package generator

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/sitetest"
)

var updateHashes = flag.Bool("update", false, "rewrite testdata/output-hashes.txt from this build")

// TestOutputHashes pins the bytes of whole builds: the worked example,
// content-example and the synthetic L site. A change of any file of any of
// them fails here, so a refactoring that claims to change nothing proves
// it, and a change meant to show is seen in the diff of the golden file
// (run with -update, and say why in the commit).
func TestOutputHashes(t *testing.T) {
	type site struct {
		name, dir string
		aud       audience.Audience
	}
	sites := []site{
		{"tiny", sitetest.Tiny(), ""},
		{"content-example", sitetest.Example(), ""},
		// The public roadmap of content-example: same input, same bytes.
		{"content-example-public", sitetest.Example(), audience.Public},
	}
	if !testing.Short() {
		sites = append(sites, site{"synth-L", sitetest.SynthSite(t, "L"), ""})
	}
	got := map[string]string{}
	for _, s := range sites {
		out := filepath.Join(t.TempDir(), "public")
		if _, err := Build(context.Background(), BuildOptions{SiteDir: s.dir, OutDir: out, Audience: s.aud}); err != nil {
			t.Fatalf("build %s: %v", s.name, err)
		}
		for file, sum := range treeHashes(t, out) {
			got[s.name+" "+file] = sum
		}
	}
	golden := filepath.Join("testdata", "output-hashes.txt")
	if *updateHashes {
		if !testing.Short() {
			writeHashes(t, golden, got)
		} else {
			t.Fatal("-update needs the L site: run without -short")
		}
		return
	}
	want := readHashes(t, golden)
	var diffs []string
	for k, w := range want {
		site := strings.SplitN(k, " ", 2)[0]
		if testing.Short() && site == "synth-L" {
			continue
		}
		if g, ok := got[k]; !ok {
			diffs = append(diffs, "missing "+k)
		} else if g != w {
			diffs = append(diffs, "changed "+k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			diffs = append(diffs, "new "+k)
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		t.Errorf("the build output differs from %s (run with -update if that is meant):\n%s", golden, strings.Join(diffs, "\n"))
	}
}

// treeHashes hashes every file below dir. The L site has ten thousand
// pages: its files are folded into one hash per top folder, so that the
// golden file stays readable and still names where a change is.
func treeHashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	groups := map[string]*[]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		key := rel
		if top, _, nested := strings.Cut(rel, "/"); nested && (top == "features" || top == "sprints" || top == "releases") {
			key = top + "/*"
		}
		if groups[key] == nil {
			groups[key] = &[]string{}
		}
		*groups[key] = append(*groups[key], rel+" "+hex.EncodeToString(sum[:]))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for key, lines := range groups {
		sort.Strings(*lines)
		sum := sha256.Sum256([]byte(strings.Join(*lines, "\n")))
		out[key] = hex.EncodeToString(sum[:16])
	}
	return out
}

func readHashes(t *testing.T, name string) map[string]string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			t.Fatalf("%s: bad line %q", name, line)
		}
		out[line[:i]] = line[i+1:]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func writeHashes(t *testing.T, name string, hashes map[string]string) {
	t.Helper()
	keys := make([]string, 0, len(hashes))
	for k := range hashes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "%s %s\n", k, hashes[k])
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
