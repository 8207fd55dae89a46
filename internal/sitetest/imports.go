package sitetest

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// OnlyImports fails t for every import of the non-test Go files of the
// current directory (the package under test) that allowed does not hold,
// saying rule; it fails too when there is no such file, so that a moved
// package cannot pass by checking nothing. Pure packages (report,
// audience) pin their imports with it.
func OnlyImports(t *testing.T, allowed map[string]bool, rule string) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
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
			if !allowed[path] {
				t.Errorf("%s imports %q: %s", name, path, rule)
			}
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no non-test source files checked")
	}
}
