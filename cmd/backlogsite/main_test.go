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
// $EXAMPLE is the repository's content-example; $TINY the SPEC's worked
// example when ../shared is present beside the repository.
func TestScripts(t *testing.T) {
	example, err := filepath.Abs("../../content-example")
	if err != nil {
		t.Fatal(err)
	}
	tiny, _ := filepath.Abs("../../../shared/examples/tiny")
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("EXAMPLE", example)
			if _, err := os.Stat(tiny); err == nil {
				env.Setenv("TINY", tiny)
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if cond == "tiny" {
				_, err := os.Stat(tiny)
				return err == nil, nil
			}
			return false, nil
		},
	})
}
