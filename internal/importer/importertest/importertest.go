// Package importertest checks what the readers of package importer give,
// for their tests and fuzz targets.
package importertest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/backlogsite/backlogsite/internal/importer"
)

// CheckBacklog fails t when the backlog breaks what the assembler relies
// on, or when the site assembled from it writes a TOML file that does not
// parse. It returns the files for further checks.
func CheckBacklog(t testing.TB, b *importer.Backlog, ps importer.Problems) []importer.File {
	t.Helper()
	for _, p := range ps {
		if p.Line < 0 || p.Msg == "" || strings.ContainsRune(p.Msg, '\n') {
			t.Fatalf("malformed problem %+v", p)
		}
	}
	seen := map[string]bool{}
	for _, it := range b.Items {
		if !importer.IsIdent(it.Key) || seen[it.Key] {
			t.Fatalf("item key %q is not a unique identifier", it.Key)
		}
		seen[it.Key] = true
		if it.Title == "" || it.Created.IsZero() || it.Points < 0 {
			t.Fatalf("item %+v lacks a title or a creation date, or has negative points", it)
		}
	}
	files := importer.Assemble(b, importer.Options{}).Files()
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".toml") {
			continue
		}
		var m map[string]any
		if _, err := toml.Decode(string(f.Data), &m); err != nil {
			t.Fatalf("%s does not parse: %v\n%s", f.Path, err, f.Data)
		}
	}
	return files
}

// update is the -update flag of the tests that use Fixture.
var update = flag.Bool("update", false, "rewrite the fixtures of testdata/import from their generators")

// Fixture keeps the committed files of dir equal to what a generator
// writes: with -update it writes them, else it fails t for each that is
// missing or differs.
func Fixture(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, want := range files {
		path := filepath.Join(dir, name)
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("the fixture is missing (go test -run TestFixture -update writes it): %v", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from what the generator writes; run go test -run TestFixture -update", path)
		}
	}
}

// JSON is v as indented JSON with a final line break, as a generator writes
// a REST API's answer.
func JSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}
