package importer

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

func decodeValue(t testing.TB, value string) any {
	t.Helper()
	var m map[string]any
	if _, err := toml.Decode("x = "+value+"\n", &m); err != nil {
		t.Fatalf("x = %s\ndoes not parse: %v", value, err)
	}
	return m["x"]
}

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain", `"plain"`},
		{`say "hi"`, `"say \"hi\""`},
		{`C:\path`, `"C:\\path"`},
		{"a\tb", `"a\tb"`},
		{"bell\a", `"bell\u0007"`},
		{"del\x7f", `"del\u007F"`},
		{"Café ☕ 料金", `"Café ☕ 料金"`},
		{"bad \xff byte", "\"bad \uFFFD byte\""},
	} {
		if got := quote(tc.in); got != tc.want {
			t.Errorf("quote(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestMultiline(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"two\nlines\n", "\"\"\"\ntwo\nlines\n\"\"\""},
		{"no final break\nhere", "\"\"\"\nno final break\nhere\\\n\"\"\""},
		{"ends in a quote\n\"", "\"\"\"\nends in a quote\n\\\"\\\n\"\"\""},
		{"three \"\"\" quotes\n", "\"\"\"\nthree \"\"\\\" quotes\n\"\"\""},
		{"\nleading break\n", "\"\"\"\n\nleading break\n\"\"\""},
		{"back\\slash\\\n", "\"\"\"\nback\\\\slash\\\\\n\"\"\""},
		{"cr\r\nlf\n", "\"\"\"\ncr\\u000D\nlf\n\"\"\""},
	} {
		got := multiline(tc.in)
		if got != tc.want {
			t.Errorf("multiline(%q) =\n%s\nwant\n%s", tc.in, got, tc.want)
		}
		if back := decodeValue(t, got); back != tc.in {
			t.Errorf("multiline(%q) reads back as %q", tc.in, back)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		in   float64
		want string
	}{
		{0, "0"}, {3, "3"}, {2.5, "2.5"}, {0.1, "0.1"}, {1e15, "1e+15"}, {123456789, "123456789"},
		{1e-7, "1e-07"}, {math.Copysign(0, -1), "0"},
	} {
		got := formatNumber(tc.in)
		if got != tc.want {
			t.Errorf("formatNumber(%v) = %s, want %s", tc.in, got, tc.want)
		}
		var f float64
		switch v := decodeValue(t, got).(type) {
		case int64:
			f = float64(v)
		case float64:
			f = v
		}
		if f != tc.in {
			t.Errorf("formatNumber(%v) reads back as %v", tc.in, f)
		}
	}
}

func TestStringArrayWraps(t *testing.T) {
	short := stringArray([]string{"F-1", "F-2"}, 12)
	if short != `["F-1", "F-2"]` {
		t.Errorf("short array: %s", short)
	}
	var ids []string
	for i := range 30 {
		ids = append(ids, "PAY-"+strings.Repeat("1", i%4+1))
	}
	long := stringArray(ids, 12)
	lines := strings.Split(long, "\n")
	if lines[0] != "[" || lines[len(lines)-1] != "]" {
		t.Fatalf("long array not wrapped:\n%s", long)
	}
	for _, l := range lines {
		if len(l) > lineWidth {
			t.Errorf("line longer than %d: %q", lineWidth, l)
		}
	}
	got := decodeValue(t, long).([]any)
	if len(got) != len(ids) {
		t.Errorf("read back %d items, want %d", len(got), len(ids))
	}
}

func TestWriteFieldsAligns(t *testing.T) {
	var b strings.Builder
	writeFields(&b, []field{{key: "id", value: `"S-1"`}, {key: "estimate", value: "3"}})
	want := "id       = \"S-1\"\nestimate = 3\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// FuzzTOMLString: whatever the text, both string forms parse back to it
// (invalid UTF-8 replaced, as TOML files are UTF-8).
func FuzzTOMLString(f *testing.F) {
	for _, s := range []string{"", "a", `"`, `""`, `"""`, "\\", "x\n", "\n", "\r\n", "a\"\n\"", "é\x00\x7f", "\xff\xfe", " \\", "\t\"\"\"\"\"\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.ToValidUTF8(s, "\uFFFD")
		if got := decodeValue(t, quote(s)); got != want {
			t.Fatalf("quote(%q) reads back as %q", s, got)
		}
		if got := decodeValue(t, multiline(s)); got != want {
			t.Fatalf("multiline(%q) = %s reads back as %q", s, multiline(s), got)
		}
		if !utf8.ValidString(quote(s) + multiline(s)) {
			t.Fatal("invalid UTF-8 written")
		}
	})
}
