package jira

import (
	"bytes"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/importer"
	"github.com/backlogsite/backlogsite/internal/importer/importertest"
)

// TestFixture keeps the committed export equal to what the generator
// writes, and checks that it has what it is for: hundreds of issues, a BOM,
// quoted commas, multi-line descriptions, non-ASCII text, missing points,
// and nothing the reader cannot read.
func TestFixture(t *testing.T) {
	files := generateJira()
	importertest.Fixture(t, "../../../testdata/import/jira", files)
	csv := files["issues.csv"]
	for _, want := range []string{"\uFEFF", "\r\n", `"Wrong price for `, "\"Payment failed\"\"", "Ærøskøbing", "h3. Why\r\n", ",,", "Won't Do", "Sub-task"} {
		if !bytes.Contains(csv, []byte(want)) {
			t.Errorf("the export has no %q", want)
		}
	}
	b, ps := Read(Inputs{
		Issues:   importer.Source{Path: "issues.csv", Data: csv},
		Sprints:  []importer.Source{{Path: "sprints.json", Data: files["sprints.json"]}},
		Versions: []importer.Source{{Path: "versions.json", Data: files["versions.json"]}},
	})
	if len(ps) > 0 {
		t.Fatalf("problems reading the fixture:\n%s", ps.Error())
	}
	if n := strings.Count(string(csv), ",HBR-"); n < 500 {
		t.Errorf("%d issues; the fixture is meant to have 500 or more", n)
	}
	noPoints := 0
	for _, it := range b.Items {
		if !it.HasPoints {
			noPoints++
		}
	}
	if noPoints == 0 {
		t.Error("every issue has points")
	}
	importertest.CheckBacklog(t, b, ps)
}
