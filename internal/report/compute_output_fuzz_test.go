package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/backlogsite/backlogsite/internal/model"
)

// FuzzBacklogCSV: whatever text the backlog holds, data/backlog.csv parses
// back as one row per feature with every cell intact, and a text cell that
// a spreadsheet would take for a formula (a formula sign after anything
// that shows nothing, or a leading tab or carriage return) starts with an
// apostrophe, which is the only change made to it.
func FuzzBacklogCSV(f *testing.F) {
	for _, seed := range [][3]string{
		{"Search", "Growth", "Mobile"}, {"=HYPERLINK(\"http://x\")", "+cat", "@a"}, {"\u200b=1+1", "\ufeff-2", "\u2060@x"},
		{"\t=x", "\r\n+x", "a, \"b\"\nc"}, {"＝1", "﹢1", "\u3164=1"}, {"1-2", "a=b", ""},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, title, category, theme string) {
		if !utf8.ValidString(title + category + theme) {
			return // the loader reads UTF-8 only
		}
		release := category + theme
		rep := &Report{Features: []*FeatureReport{
			{ID: "F-1", Title: title, Kind: model.KindFeature, Status: model.StatusPlanned, Category: category, Themes: []string{theme, title}, Release: &release},
			{ID: title, Title: theme, Kind: model.KindBug, Status: model.StatusDone, Category: title},
		}}
		rows, err := csv.NewReader(bytes.NewReader(BacklogCSV(rep))).ReadAll()
		if err != nil {
			t.Fatalf("the CSV does not parse back: %v", err)
		}
		if len(rows) != 3 {
			t.Fatalf("%d rows, want a header and 2", len(rows))
		}
		for i, f := range rep.Features {
			row := rows[i+1]
			for col, want := range map[int]string{1: f.ID, 2: f.Title, 9: f.Category, 10: strings.Join(f.Themes, "; ")} {
				checkCSVCell(t, row[col], want)
			}
		}
	})
}

// checkCSVCell holds a cell to the guard: the text as it was, with an
// apostrophe in front exactly when a spreadsheet would see a formula.
func checkCSVCell(t *testing.T, got, text string) {
	t.Helper()
	visible := strings.TrimLeftFunc(text, csvBlank)
	formula := strings.HasPrefix(text, "\t") || strings.HasPrefix(text, "\r") ||
		visible != "" && strings.ContainsRune("=+-@＝＋－＠﹦﹢﹣﹫", []rune(visible)[0])
	want := text
	if formula {
		want = "'" + text
	}
	// With CRLF line ends, encoding/csv writes a line break in a cell as
	// CRLF, which it reads back as LF, and drops a carriage return.
	want = strings.ReplaceAll(want, "\r", "")
	if got != want {
		t.Fatalf("cell %q, want %q (formula: %v)", got, want, formula)
	}
}
