package load

import (
	"strings"
	"testing"
)

func TestLocator(t *testing.T) {
	type want struct {
		path      []any
		line, col int
	}
	tests := []struct {
		name string
		src  string
		want []want
	}{
		{
			name: "top-level keys and table headers",
			src:  "title = \"x\"\n\n[calendar]\n  holidays = [2026-12-25]\n",
			want: []want{
				{[]any{"title"}, 1, 1},
				{[]any{"calendar"}, 3, 1},
				{[]any{"calendar", "holidays"}, 4, 3},
				{[]any{"calendar", "holidays", 0}, 4, 15},
			},
		},
		{
			name: "array of tables counts its entries",
			src:  "[[feature]]\nid = \"F-1\"\n\n[[feature]]\nid = \"F-2\"\nrank = 2\n",
			want: []want{
				{[]any{"feature"}, 1, 1}, // the array as a whole: its first entry
				{[]any{"feature", 0}, 1, 1},
				{[]any{"feature", 0, "id"}, 2, 1},
				{[]any{"feature", 1}, 4, 1},
				{[]any{"feature", 1, "rank"}, 6, 1},
			},
		},
		{
			name: "multi-line strings hide headers and keys",
			src: "[[feature]]\nid = \"F-1\"\ndescription = \"\"\"\n[[feature]]\nrank = 3\n\\\"\"\" still inside\n\"\"\"\nrank = 1\n" +
				"notes = '''\n[[feature]]\nkey = 1\n''''\nestimate = 2\n",
			want: []want{
				{[]any{"feature", 0, "description"}, 3, 1},
				{[]any{"feature", 0, "rank"}, 8, 1},
				{[]any{"feature", 0, "notes"}, 9, 1},
				{[]any{"feature", 0, "estimate"}, 13, 1},
			},
		},
		{
			name: "inline tables and quoted keys",
			src: "[[log]]\ndate = 2026-03-03\nestimates = { \"ST-202\" = 8, 'ST.3' = 1, \"a\\\"b\" = 2 }\n" +
				"scores = { value = 8, nested = { deep = [1, 2] } }\n",
			want: []want{
				{[]any{"log", 0, "estimates"}, 3, 1},
				{[]any{"log", 0, "estimates", "ST-202"}, 3, 15},
				{[]any{"log", 0, "estimates", "ST.3"}, 3, 29},
				{[]any{"log", 0, "estimates", `a"b`}, 3, 41},
				{[]any{"log", 0, "scores", "value"}, 4, 12},
				{[]any{"log", 0, "scores", "nested", "deep", 1}, 4, 45},
			},
		},
		{
			name: "arrays over several lines with comments",
			src:  "features = [\n  \"F-1\", # first, ] not the end\n  # a comment line with \"quotes\n\n  \"F-]#2\",\n  [\"nested\", 'x'],\n  \"F-4\"\n]\nafter = 1\n",
			want: []want{
				{[]any{"features", 0}, 2, 3},
				{[]any{"features", 1}, 5, 3},
				{[]any{"features", 2}, 6, 3},
				{[]any{"features", 2, 1}, 6, 14},
				{[]any{"features", 3}, 7, 3},
				{[]any{"after"}, 9, 1},
			},
		},
		{
			name: "dotted keys and sub-tables of array entries",
			src:  "[[feature]]\nid = \"F-1\"\nscores.value = 3\n[[feature]]\nid = \"F-2\"\n[feature.scores]\n  effort = 2\n[ \"scorecard\" . metric ]\n",
			want: []want{
				{[]any{"feature", 0, "scores", "value"}, 3, 1},
				{[]any{"feature", 1, "scores"}, 6, 1},
				{[]any{"feature", 1, "scores", "effort"}, 7, 3},
				{[]any{"scorecard", "metric"}, 8, 1},
			},
		},
		{
			name: "nested arrays of tables",
			src:  "[[scorecard.metric]]\nkey = \"a\"\n[[scorecard.metric]]\nkey = \"b\"\nmin = 0\n",
			want: []want{
				{[]any{"scorecard", "metric", 1, "key"}, 4, 1},
				{[]any{"scorecard", "metric", 1, "min"}, 5, 1},
			},
		},
		{
			name: "CRLF line endings",
			src:  "[[story]]\r\nid = \"ST-1\"\r\n\r\nestimates = { \"ST-1\" = 2 }\r\ndone = [\r\n  \"ST-1\",\r\n  \"ST-2\"\r\n]\r\n[[story]]\r\n  title = 'x'\r\n",
			want: []want{
				{[]any{"story", 0, "id"}, 2, 1},
				{[]any{"story", 0, "estimates", "ST-1"}, 4, 15},
				{[]any{"story", 0, "done", 1}, 7, 3},
				{[]any{"story", 1}, 9, 1},
				{[]any{"story", 1, "title"}, 10, 3},
			},
		},
		{
			name: "unknown paths fall back to the nearest written prefix",
			src:  "[[feature]]\nid = \"F-1\"\n",
			want: []want{
				{[]any{"feature", 0, "scores", "value"}, 1, 1},
				{[]any{"nowhere"}, 1, 1},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLocator("f.toml", tt.src)
			for _, w := range tt.want {
				got := l.pos(w.path...)
				if got.Path != "f.toml" || got.Line != w.line || got.Col != w.col {
					t.Errorf("pos(%v) = %d:%d, want %d:%d", w.path, got.Line, got.Col, w.line, w.col)
				}
			}
		})
	}
}

func TestLocatorMultiLineStringDoesNotCountEntries(t *testing.T) {
	src := "[[feature]]\ndescription = \"\"\"\n[[feature]]\n\"\"\"\n[[feature]]\nid = \"F-2\"\n"
	l := newLocator("f.toml", src)
	if !l.has("feature", 1, "id") || l.has("feature", 2) {
		t.Errorf("the [[feature]] inside a string was counted: %v", l.at)
	}
}

// TestLocatorNeverHangs feeds the scanner text that is not valid TOML (it
// only ever sees valid files, but it must not loop or panic on any input).
func TestLocatorNeverHangs(t *testing.T) {
	for _, src := range []string{
		"", "[", "[[", "[[]]", "= = =", "\"unterminated", "'''", "\"\"\"\n\\", "a = [", "a = {", "a = {b",
		"a = [1,,", "a.", "[a.]", "\r\r\r", "\\", "a = \"\\", strings.Repeat("[", 1000), strings.Repeat("{", 1000),
	} {
		l := newLocator("f.toml", src)
		_ = l.pos("a", 0, "b")
	}
}
