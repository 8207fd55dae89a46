package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script to what the command prints")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"backlogsite": func() { os.Exit(mainExit()) },
	})
}

// TestScripts runs the CLI behaviours in testdata/script, one per file.
// $EXAMPLE is the repository's content-example; $TINY the project's copy of
// the SPEC's worked example; $IMPORTS the exports of testdata/import.
func TestScripts(t *testing.T) {
	example, err := filepath.Abs("../../content-example")
	if err != nil {
		t.Fatal(err)
	}
	tiny, err := filepath.Abs("../../testdata/tiny")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(tiny, "site.toml")); err != nil {
		t.Fatalf("the worked example is missing: %v", err)
	}
	imports, err := filepath.Abs("../../testdata/import")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(imports, "jira", "issues.csv")); err != nil {
		t.Fatalf("the import fixtures are missing: %v", err)
	}
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLE", example)
			env.Setenv("TINY", tiny)
			env.Setenv("IMPORTS", imports)
			return nil
		},
	})
}
