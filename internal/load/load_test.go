package load

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/backlogsite/backlogsite/internal/model"
)

// loadErrors loads fsys and returns its errors as text, one per line.
func loadErrors(t *testing.T, fsys fstest.MapFS) []string {
	t.Helper()
	site, err := FS(fsys, "site")
	if err == nil {
		if site == nil {
			t.Fatal("LoadFS returned neither a site nor an error")
		}
		return nil
	}
	var list model.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("LoadFS error is %T, not an ErrorList: %v", err, err)
	}
	checkErrorList(t, list)
	return strings.Split(list.Error(), "\n")
}

// checkErrorList holds every error to the contract: a file and a line
// (only problems with a whole file, such as a missing one, have no line).
func checkErrorList(t testing.TB, list model.ErrorList) {
	t.Helper()
	if len(list) == 0 {
		t.Fatal("empty ErrorList returned as an error")
	}
	for _, e := range list {
		wholeFile := strings.HasPrefix(e.Msg, "missing") || strings.HasPrefix(e.Msg, "not a") || strings.HasPrefix(e.Msg, "cannot read") ||
			strings.HasPrefix(e.Msg, "file is too large") || strings.HasPrefix(e.Msg, "too much input")
		if e.Pos.Path == "" || e.Pos.Line < 1 && !wholeFile {
			t.Errorf("error without a file and line: %q (%+v)", e.Error(), e.Pos)
		}
		if e.Msg == "" {
			t.Errorf("error without a message at %v", e.Pos)
		}
	}
}

func TestLoadValidSite(t *testing.T) {
	if errs := loadErrors(t, sitetest.SmallFS(nil)); errs != nil {
		t.Fatalf("valid site: %v", errs)
	}
}

func TestLoadBinaryInput(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             []string
	}{
		{
			name: "invalid UTF-8", file: "site.toml", data: "title = \"T\"\ndesc = \"ab\xffc\"\n",
			want: []string{"site/site.toml:2:11: invalid UTF-8: the file must be UTF-8 text"},
		},
		{
			name: "truncated UTF-8 sequence at the end", file: "backlog/a.toml", data: "[[feature]]\n\xe2\x82",
			want: []string{"site/backlog/a.toml:2:1: invalid UTF-8: the file must be UTF-8 text"},
		},
		{
			name: "UTF-16 surrogate encoded in UTF-8", file: "site.toml", data: "title = \"\xed\xa0\x80\"\n",
			want: []string{"site/site.toml:1:10: invalid UTF-8: the file must be UTF-8 text"},
		},
		{
			name: "NUL byte", file: "sprints/s1.toml", data: "id = \"S1\"\x00\n",
			want: []string{"site/sprints/s1.toml:1:10: NUL byte: the file must be UTF-8 text, not binary"},
		},
		{
			name: "binary garbage", file: "backlog/a.toml", data: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
			want: []string{"site/backlog/a.toml:1:1: invalid UTF-8: the file must be UTF-8 text"},
		},
		{
			name: "UTF-16 with BOM", file: "site.toml", data: "\xff\xfet\x00i\x00",
			want: []string{"site/site.toml:1:1: invalid UTF-8: the file must be UTF-8 text"},
		},
		{
			name: "invalid UTF-8 in a page body", file: "pages/about.md", data: "+++\ntitle = \"About\"\n+++\n\n  caf\xe9\n",
			want: []string{"site/pages/about.md:5:6: invalid UTF-8: the file must be UTF-8 text"},
		},
		{
			name: "control characters are a TOML error", file: "site.toml", data: "title = \"T\"\nx\x01 = 1\n",
			want: []string{"site/site.toml:2:2: control character U+0001 is not allowed in a TOML file"},
		},
		{
			name: "control character in a string", file: "site.toml", data: "title = \"\"\"T\n\\\n  \x7f\"\"\"\n",
			want: []string{"site/site.toml:3:3: control character U+007F is not allowed in a TOML file (write it as an escape such as \\u007F)"},
		},
		{
			name: "empty site.toml", file: "site.toml", data: " ",
			want: []string{"site/site.toml:1:1: title is required"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := loadErrors(t, sitetest.SmallFS(map[string]string{tt.file: tt.data}))
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// A byte-order mark is allowed and does not shift columns on line 1.
func TestLoadBOM(t *testing.T) {
	got := loadErrors(t, sitetest.SmallFS(map[string]string{
		"site.toml":      "\ufefftitel = \"T\"\n",
		"pages/about.md": "\ufeff+++\ntitle = \"About\"\n+++\n",
	}))
	want := []string{
		`site/site.toml:1:1: title is required`,
		`site/site.toml:1:1: unknown key "titel" (did you mean "title"?)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// CRLF files report the same positions as LF files.
func TestLoadCRLF(t *testing.T) {
	lf := map[string]string{
		"backlog/a.toml": "[[feature]]\nid = \"F-1\"\ntitle = \"\"\"Search\nmore\"\"\"\nscores = { value = 5, effort = 2, speed = 3 }\n",
		"sprints/s1.toml": "id = \"S1\"\nstart = 2026-03-02\nend = 2026-03-13\n\n[[story]]\nid = \"ST-1\"\ntitle = \"A\"\nestimate = 1\n\n" +
			"[[log]]\ndate = 2026-03-03\ndone = [\n  \"ST-1\",\n  \"ST-9\",\n]\n",
		"pages/about.md": "+++\ntitle = \"About\"\nweight = \"x\"\n+++\n",
	}
	crlf := map[string]string{}
	for k, v := range lf {
		crlf[k] = strings.ReplaceAll(v, "\n", "\r\n")
	}
	want := []string{
		`site/backlog/a.toml:5:35: feature "F-1": scores.speed is not a metric of the scorecard (metrics: value, effort)`,
		`site/pages/about.md:3:1: page: weight must be a whole number, not the string "x"`,
		`site/sprints/s1.toml:14:3: log 2026-03-03: done: unknown story "ST-9" (not declared in this file)`,
	}
	for name, files := range map[string]map[string]string{"LF": lf, "CRLF": crlf} {
		got := loadErrors(t, sitetest.SmallFS(files))
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: got\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

func TestLoadFileSystemProblems(t *testing.T) {
	tests := []struct {
		name string
		fsys fstest.MapFS
		want []string
	}{
		{
			name: "site.toml is a directory",
			fsys: fstest.MapFS{"site.toml/x": {Data: []byte("x")}},
			want: []string{"site/site.toml: not a regular file"},
		},
		{
			name: "no site.toml",
			fsys: fstest.MapFS{"backlog/a.toml": {Data: []byte("[[feature]]\nid = \"F-1\"\ntitle = \"x\"\n")}},
			want: []string{"site/site.toml: missing: every site needs a site.toml with at least a title"},
		},
		{
			name: "editor leftovers and other extensions are not input",
			fsys: sitetest.SmallFS(map[string]string{
				"backlog/.#a.toml": "garbage", "backlog/a.toml~": "garbage", "backlog/notes.txt": "garbage",
				"backlog/#a.toml#": "garbage", "sprints/.s1.toml.swp": "\x00",
			}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := loadErrors(t, tt.fsys)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// Deeply nested or huge values must give an error or a site, never a crash
// or a runaway use of memory.
func TestLoadPathologicalTOML(t *testing.T) {
	for _, tt := range []struct{ name, data, want string }{
		{"deep arrays", "title = \"T\"\nx = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n",
			"site/site.toml:2:37: arrays and inline tables nest more than 32 deep"},
		{"deep inline tables", "title = \"T\"\nx = " + strings.Repeat("{a=", 10000) + "1" + strings.Repeat("}", 10000) + "\n",
			"site/site.toml:2:101: arrays and inline tables nest more than 32 deep"},
		{"long dotted key", "title = \"T\"\n" + strings.Repeat("a.", 100000) + "a = 1\n",
			"site/site.toml:2:64: a dotted key has more than 32 parts"},
		{"long table header", "[" + strings.Repeat("'a'.", 100000) + "a]\n",
			"site/site.toml:1:129: a dotted key has more than 32 parts"},
		{"brackets in strings and comments do not nest",
			"title = \"" + strings.Repeat("[", 100) + "\" # " + strings.Repeat("{", 100) + "\n" +
				"d = '''" + strings.Repeat("[", 100) + "''''\ne = \"\"\"\\\n" + strings.Repeat("a.", 100) + "\"\"\"\"\"\nf = 1.5\n",
			`site/site.toml:2:1: unknown key "d"`},
		{"unclosed array", "title = \"T\"\nx = [[[\n", "site/site.toml:2:8: invalid TOML: unexpected EOF"},
		{"long key", strings.Repeat("k", 1<<20) + " = 1\n", "site/site.toml:1:1: title is required"},
		{"many tables", "title = \"T\"\n" + strings.Repeat("[[x]]\n", 50000), `site/site.toml:2:1: unknown key "x"`},
		{"huge integer", "title = \"T\"\n[forecast]\ntrials = 99999999999999999999\n", "site/site.toml:3:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FS(sitetest.SmallFS(map[string]string{"site.toml": tt.data}), "site")
			var list model.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("want an ErrorList, got %v", err)
			}
			checkErrorList(t, list)
			if got := list[0].Error(); !strings.HasPrefix(got, tt.want) {
				t.Errorf("first error %q, want it to start with %q", got, tt.want)
			}
		})
	}
}

// Parser messages reach the terminal: no control characters in them.
func TestLoadParserMessagesArePrintable(t *testing.T) {
	for data, want := range map[string]string{
		"\"\\":           `site/site.toml:1: invalid TOML: invalid escape in string '\end of file'`,
		"title = \"\t\\": `site/site.toml:1: invalid TOML: invalid escape in string '\end of file'`,
	} {
		got := loadErrors(t, sitetest.SmallFS(map[string]string{"site.toml": data}))
		if strings.Join(got, "\n") != want {
			t.Errorf("%q: got\n%s\nwant\n%s", data, strings.Join(got, "\n"), want)
		}
	}
}

// [forecast] history is a count of sprints, 0 for all of them; anything
// else is an error at the value.
func TestLoadForecastHistory(t *testing.T) {
	for _, tt := range []struct {
		value string
		want  []string
		n     int
	}{
		{"0", nil, 0},
		{"6", nil, 6},
		{"1000", nil, 1000},
		{"-1", []string{"site/site.toml:3:1: [forecast]: history must be between 0 (every closed sprint) and 1000 sprints, not -1"}, 0},
		{"1001", []string{"site/site.toml:3:1: [forecast]: history must be between 0 (every closed sprint) and 1000 sprints, not 1001"}, 0},
		{"2.5", []string{"site/site.toml:3:1: [forecast]: history must be a whole number, not a float"}, 0},
		{`"all"`, []string{`site/site.toml:3:1: [forecast]: history must be a whole number, not the string "all"`}, 0},
	} {
		t.Run(tt.value, func(t *testing.T) {
			fsys := sitetest.SmallFS(map[string]string{"site.toml": "title = \"T\"\n[forecast]\nhistory = " + tt.value + "\n"})
			if got := loadErrors(t, fsys); strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.want != nil {
				return
			}
			site, err := FS(fsys, "site")
			if err != nil {
				t.Fatal(err)
			}
			if site.Config.ForecastHistory != tt.n {
				t.Errorf("history %d, want %d", site.Config.ForecastHistory, tt.n)
			}
		})
	}
}

// [forecast] unit is the site's unit (the default) or "stories"; anything
// else is an error at the value.
func TestLoadForecastUnit(t *testing.T) {
	for _, tt := range []struct {
		site, value string
		want        string
		stories     bool
	}{
		{"", `"points"`, "", false},
		{"", `"stories"`, "", true},
		{`unit = "hours"`, `"hours"`, "", false},
		{`unit = "hours"`, `"points"`, `site/site.toml:4:1: [forecast]: unit "points" is not one of hours, stories`, false},
		{"", `"story"`, `site/site.toml:4:1: [forecast]: unit "story" is not one of points, stories`, false},
	} {
		fsys := sitetest.SmallFS(map[string]string{"site.toml": "title = \"T\"\n" + tt.site + "\n[forecast]\nunit = " + tt.value + "\n"})
		if got := strings.Join(loadErrors(t, fsys), "\n"); got != tt.want {
			t.Errorf("%s %s: got %q, want %q", tt.site, tt.value, got, tt.want)
			continue
		}
		if tt.want != "" {
			continue
		}
		site, err := FS(fsys, "site")
		if err != nil {
			t.Fatal(err)
		}
		if site.Config.ForecastStories != tt.stories {
			t.Errorf("%s %s: stories %v, want %v", tt.site, tt.value, site.Config.ForecastStories, tt.stories)
		}
	}
}
