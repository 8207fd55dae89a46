package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
)

func TestReportJSON(t *testing.T) {
	b := newSiteBuilder(t)
	b.feature("F", status(model.StatusDropped), noScores())
	rep := b.compute("2026-01-01")
	out, err := JSON(rep)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(out, []byte("}\n")) || !bytes.HasPrefix(out, []byte("{\n  \"as_of\": \"2026-01-01\",\n")) {
		t.Errorf("not indented with two spaces and a trailing newline:\n%s", out)
	}
	// Empty lists are arrays, never null: other tools read this file.
	for _, key := range []string{`"releases": []`, `"sprints": []`, `"revisit": []`, `"themes": []`} {
		if !bytes.Contains(out, []byte(key)) {
			t.Errorf("missing %s in\n%s", key, out)
		}
	}
	rep.Features[0].Size = math.NaN()
	if _, err := JSON(rep); err == nil {
		t.Error("NaN was encoded")
	}
}

func TestBacklogCSV(t *testing.T) {
	b := newSiteBuilder(t)
	b.feature("F-1", title("=HYPERLINK(\"http://evil\")"), rank(1), scores(9, 3), category("+cat"),
		themes("@a", "b, \"c\""), estimate(2.5))
	b.feature("F-2", title("-1+2"), scores(1, 4), kind(model.KindBug), estimate(1))
	b.feature("F-3", title("\tTab"), status(model.StatusDropped), noScores())
	b.feature("F-4", title("Plain, with \"quotes\"\nand a line"), scores(1, 1))
	b.release("R", "2026-01-05", "2026-02-27", 10, "F-1")
	out := BacklogCSV(b.compute("2026-01-01"))
	if !bytes.HasSuffix(out, []byte("\r\n")) || bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
		t.Errorf("want CRLF line ends only:\n%q", out)
	}
	r := csv.NewReader(bytes.NewReader(out))
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"position", "id", "title", "kind", "status", "rank", "score", "low_score", "release", "category", "themes", "size", "done", "remaining", "on_time"},
		{"1", "F-1", "'=HYPERLINK(\"http://evil\")", "feature", "planned", "1", "3", "false", "R", "'+cat", "'@a; b, \"c\"", "2.5", "0", "2.5", ""},
		{"2", "F-4", "Plain, with \"quotes\"\nand a line", "feature", "proposed", "", "1", "false", "", "", "", "0", "0", "0", ""},
		{"3", "F-2", "'-1+2", "bug", "proposed", "", "0.25", "true", "", "", "", "1", "0", "1", ""},
		{"4", "F-3", "'\tTab", "feature", "dropped", "", "", "false", "", "", "", "0", "0", "0", ""},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows:\n%q\nwant\n%q", rows, want)
	}
}

func TestCSVText(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "a": "a", "=1": "'=1", "+1": "'+1", "-1": "'-1", "@x": "'@x",
		"\tx": "'\tx", "\rx": "'\rx", " =x": "' =x", "\n\n+x": "'\n\n+x", "\u00a0@x": "'\u00a0@x",
		"＝1+1": "'＝1+1", " －1": "' －1", "'x": "'x", "a=1": "a=1", "   ": "   ", "1-2": "1-2", "x＝1": "x＝1",
		// Invisible characters before the sign (issue 15): zero width
		// space, byte order mark, word joiner, a thin space, a
		// right-to-left mark, a soft hyphen, a line separator, a control.
		"\u200b=1": "'\u200b=1", "\ufeff+1": "'\ufeff+1", "\u2060@x": "'\u2060@x", "\u2009-1": "'\u2009-1",
		"\u200f=1": "'\u200f=1", "\u00ad=1": "'\u00ad=1", "\u2028=1": "'\u2028=1", "\x01=1": "'\x01=1",
		"\u200b\u00a0 \ufeff=1": "'\u200b\u00a0 \ufeff=1", "﹦1": "'﹦1", "\u200bx=1": "\u200bx=1",
		"\u3164=1": "'\u3164=1", "\ue000+1": "'\ue000+1",
	} {
		if got := csvText(in); got != want {
			t.Errorf("csvText(%q) = %q, want %q", in, got, want)
		}
	}
	if got := csvNumber(-1e21); strings.ContainsAny(got, "e+") {
		t.Errorf("csvNumber(-1e21) = %q uses an exponent", got)
	}
}

func TestFlowCSVs(t *testing.T) {
	b := newSiteBuilder(t)
	s := b.sprint("S", "", "2026-01-05", "2026-01-09")
	b.story(s, "A", "F", 2, "")
	b.story(s, "B", "", 1, "")
	b.log(s, "2026-01-05", model.LogEntry{Started: []string{"A", "B"}})
	b.log(s, "2026-01-06", model.LogEntry{Done: []string{"A"}})
	rep := b.compute("2026-01-07")
	want := map[string]string{
		"flow-cumulative.csv": "date,to_do,in_progress,done,to_do_count,in_progress_count,done_count\r\n" +
			"2026-01-05,0,3,0,0,2,0\r\n2026-01-06,0,1,2,0,1,1\r\n2026-01-07,0,1,2,0,1,1\r\n",
		"flow-cycle.csv":      "story,feature,started,finished,cycle_days\r\nA,F,2026-01-05,2026-01-06,2\r\n",
		"flow-aging.csv":      "story,feature,started,age_days,over_p85\r\nB,,2026-01-05,3,true\r\n",
		"flow-throughput.csv": "sprint,state,done_count,completed\r\nS,active,1,2\r\n",
	}
	if len(want) != len(FlowCSVNames()) {
		t.Errorf("files %v", FlowCSVNames())
	}
	for name, w := range want {
		if got := string(FlowCSV(rep, name)); got != w {
			t.Errorf("%s:\n%s\nwant\n%s", name, got, w)
		}
	}
}

// TestIndentJSONMatchesIndent: indentJSON gives json.Indent's bytes for
// whatever json.Marshal writes.
func TestIndentJSONMatchesIndent(t *testing.T) {
	for _, v := range []any{
		nil, 1, "s", []int{}, map[string]any{}, []any{[]any{}, map[string]any{}},
		map[string]any{"a": []any{1, "x,y:{[]}", map[string]any{`q"u\o`: nil, "e": []int{}}}, "b": map[string]any{}},
		[]string{`\`, `"`, `\"`, "<&>", "\u2028", "tab\t", "}\n{"},
		deepJSON(40), // deeper than the indent indentJSON starts with
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		if err := json.Indent(&want, b, "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indentJSON(b); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s: got\n%s\nwant\n%s", b, got, want.Bytes())
		}
	}
}

// indentJSON is one text through an indenter.
func indentJSON(src []byte) []byte {
	var w indenter
	w.write(src)
	return w.dst
}

// deepJSON is a value nested depth levels deep, with siblings at each.
func deepJSON(depth int) any {
	var v any = "leaf"
	for i := range depth {
		v = map[string]any{"in": v, "n": i, "list": []any{i, []int{}}}
	}
	return v
}

// FuzzIndentJSON: any text, in keys and values, indents as json.Indent
// indents it.
func FuzzIndentJSON(f *testing.F) {
	f.Add(`"\{[,:]}`)
	f.Fuzz(func(t *testing.T, s string) {
		b, err := json.Marshal([]any{s, map[string]any{s: []any{s, map[string]any{}}, "k": s}})
		if err != nil {
			t.Skip()
		}
		var want bytes.Buffer
		if err := json.Indent(&want, b, "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indentJSON(b); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("%s: got\n%s\nwant\n%s", b, got, want.Bytes())
		}
	})
}
