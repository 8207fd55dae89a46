package report

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// pureImports are the only packages report may import: computation, no
// I/O, no clock, no process state. Adding one here is a design decision;
// say why in the commit.
var pureImports = map[string]bool{
	"bytes": true, "cmp": true, "encoding/csv": true, "encoding/json": true,
	"errors": true, "fmt": true, "math": true, "math/bits": true,
	"math/rand/v2": true, "slices": true, "sort": true, "strconv": true,
	"strings": true, "unicode": true, "unicode/utf8": true,
	"github.com/backlogsite/backlogsite/internal/model": true,
}

func TestReportIsPure(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("no source files: %v", err)
	}
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !pureImports[path] {
				t.Errorf("%s imports %q: report must stay pure (no I/O, no clock; of ours only internal/model)", name, path)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no non-test source files checked")
	}
}
