package github

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/backlogsite/backlogsite/internal/importer"
	"github.com/backlogsite/backlogsite/internal/importer/importertest"
)

var update = flag.Bool("update", false, "rewrite testdata/import/github from the generator")

const fixtureDir = "../../../testdata/import/github"

// TestFixture keeps the committed export equal to what the generator
// writes and checks that it reads without a problem.
func TestFixture(t *testing.T) {
	files := generateGitHub()
	for name, want := range files {
		path := filepath.Join(fixtureDir, name)
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
	points, _ := NewPoints("")
	b, ps := Read(Inputs{
		Issues:     importer.Source{Path: "issues.json", Data: files["issues.json"]},
		Milestones: []importer.Source{{Path: "milestones.json", Data: files["milestones.json"]}},
	}, Options{Points: points})
	if len(ps) > 0 {
		t.Fatalf("problems reading the fixture:\n%s", ps.Error())
	}
	if n := bytes.Count(files["issues.json"], []byte(`"number": `)); n < 190 {
		t.Errorf("%d issues; the fixture is meant to have about 200", n)
	}
	categorised := 0
	for _, it := range b.Items {
		if it.Category != "" {
			categorised++
		}
	}
	if categorised < len(b.Items)/2 {
		t.Errorf("only %d of %d issues found their epic", categorised, len(b.Items))
	}
	importertest.CheckBacklog(t, b, ps)
}
