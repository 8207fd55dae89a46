// Package importertest checks what the readers of package importer give,
// for their tests and fuzz targets.
package importertest

import (
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
