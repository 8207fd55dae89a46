package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	var out, errOut bytes.Buffer
	if err := run([]string{"-size", "s", "-seed", "3", "-features", "12", "-sprints", "4", "-stories", "3", "-o", dir}, &out, &errOut); err != nil {
		t.Fatal(err, errOut.String())
	}
	if !strings.Contains(out.String(), "12 features, 4 sprints, 3 stories per sprint, seed 3") {
		t.Errorf("stdout %q", out.String())
	}
	sprints, _ := os.ReadDir(filepath.Join(dir, "sprints"))
	if len(sprints) != 4 {
		t.Errorf("%d sprint files, want 4", len(sprints))
	}
	if err := run([]string{"-o", dir}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("second run into %s: %v", dir, err)
	}
}

func TestRunUsage(t *testing.T) {
	for _, args := range [][]string{
		{"-size", "M", "-o", t.TempDir()},
		{"-size", "S"},
		{"-o", t.TempDir(), "extra"},
	} {
		var u usageError
		if err := run(args, &bytes.Buffer{}, &bytes.Buffer{}); !errors.As(err, &u) {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
}
