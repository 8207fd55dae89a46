package render

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/output"
)

// hostile is text that would run script or break a page if any of it were
// treated as markup, script, a template, or a go-echarts function marker.
// Each payload, if it ever ran, sets window.__pwned and changes the title.
var hostilePayloads = []string{
	`</script><script>window.__pwned=1;document.title="ow"+"ned!"</script>`,
	`<img src=x onerror="window.__pwned=2;document.title='ow'+'ned!'">`,
	`__f__function(){window.__pwned=3;document.title="ow"+"ned!";return "x"}__f__`,
	`javascript:window.__pwned=4;document.title='ow'+'ned!'`,
	`{{template "base.html" .}}{{.Site}}`,
	`'><svg onload=window.__pwned=6>"--c-done`,
	"\u2028\u2029</SCRIPT ><!--<script>window.__pwned=7</script>",
}

func hostile(i int) string { return hostilePayloads[i%len(hostilePayloads)] }

// q quotes s as a TOML basic string. strconv.Quote's escapes (\", \\, \n,
// \uXXXX) are all valid TOML for the text used here.
func q(s string) string { return strconv.Quote(s) }

// writeHostileSite writes a valid site whose every free-text field is
// hostile, and returns its directory.
func writeHostileSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	md := "# " + hostile(0) + "\n\n<script>window.__pwned=8</script>\n\n" +
		"[click](javascript:window.__pwned=9) [v](vbscript:msgbox) [d](data:text/html;base64,PHNjcmlwdD4=)\n\n" +
		"<img src=x onerror=\"window.__pwned=10\">\n\n" + hostile(1) + " " + hostile(2) + "\n"
	write("site.toml", `title = `+q("Hostile "+hostile(0))+`
description = `+q(md)+`
as_of = 2026-03-19

[scorecard]
equation = "value / effort"

[[scorecard.metric]]
key = "value"
label = `+q(hostile(1))+`
min = 1
max = 10

[[scorecard.metric]]
key = "effort"
label = `+q(hostile(5))+`
min = 1
max = 10
`)
	var b strings.Builder
	for i := 0; i < 9; i++ {
		status := ""
		switch i {
		case 7:
			status = "status = \"done\"\ndone_on = 2026-02-20\n"
		case 8:
			status = "status = \"dropped\"\n"
		}
		b.WriteString("[[feature]]\n")
		b.WriteString("id = \"F-" + strconv.Itoa(i) + "\"\n")
		b.WriteString("title = " + q(hostile(i)) + "\n")
		if i < 3 {
			b.WriteString("rank = " + strconv.Itoa(i+1) + "\n")
		}
		b.WriteString(status)
		b.WriteString("category = " + q(hostile(i+1)) + "\n")
		b.WriteString("themes = [" + q(hostile(i+2)) + ", " + q(hostile(i+3)) + "]\n")
		b.WriteString("estimate = " + strconv.Itoa(3+i) + "\n")
		b.WriteString("scores = { value = " + strconv.Itoa(1+i) + ", effort = " + strconv.Itoa(9-i) + " }\n")
		b.WriteString("acceptance = [" + q(hostile(i+4)) + "]\n")
		b.WriteString("description = " + q(md) + "\n\n")
	}
	write("backlog/features.toml", b.String())
	write("releases/r1.toml", `id = "r1"
name = `+q(hostile(0))+`
start = 2026-02-09
date = 2026-04-10
capacity = 20
features = ["F-0", "F-1", "F-2", "F-3"]
description = `+q(md)+`
`)
	for i, sp := range []struct{ id, start, end string }{{"S-1", "2026-02-09", "2026-02-20"}, {"S-2", "2026-02-23", "2026-03-06"}, {"S-3", "2026-03-09", "2026-03-20"}} {
		n := strconv.Itoa(i + 1)
		write("sprints/"+sp.id+".toml", `id = "`+sp.id+`"
name = `+q(hostile(i))+`
release = "r1"
start = `+sp.start+`
end = `+sp.end+`
capacity = 4
goal = `+q(hostile(i+1))+`

[[story]]
id = "ST-`+n+`a"
feature = "F-`+strconv.Itoa(i)+`"
title = `+q(hostile(i+2))+`
estimate = 3
priority = "high"

[[story]]
id = "ST-`+n+`b"
feature = "F-`+strconv.Itoa(i)+`"
title = `+q(hostile(i+3))+`
estimate = 2

[[story]]
id = "ST-`+n+`c"
title = `+q(hostile(i+4))+`
estimate = 1

[[log]]
date = `+sp.start+`
started = ["ST-`+n+`a"]
added = ["ST-`+n+`c"]
note = `+q(hostile(i+5))+`

[[log]]
date = `+sp.end+`
done = ["ST-`+n+`a"]
note = `+q(hostile(i+6))+`
`)
	}
	write("pages/about.md", "+++\ntitle = "+q(hostile(0))+"\nweight = 1\n+++\n"+md)
	return dir
}

func TestHostileSiteRendersInert(t *testing.T) {
	dir := writeHostileSite(t)
	out, site, rep := renderForTest(t, dir)
	t.Run("internal", func(t *testing.T) { checkInert(t, out) })
	// The public roadmap has templates and follow files of its own.
	pub := &output.Mem{}
	if _, err := RenderPublic(context.Background(), audience.Project(site, rep), pub, Options{}); err != nil {
		t.Fatal(err)
	}
	t.Run("public", func(t *testing.T) { checkInert(t, pub) })
}

// checkInert fails for any script, event handler or script link of the
// input that is live in a page of out.
func checkInert(t *testing.T, out *output.Mem) {
	for _, name := range out.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		b, _ := out.File(name)
		s := string(b)
		// Every <script> of a page is one of ours: the JSON chart blocks and
		// the three external scripts.
		scripts := strings.Count(strings.ToLower(s), "<script")
		ours := strings.Count(s, `<script type="application/json" id="chart-`) + strings.Count(s, `<script src="`)
		if scripts != ours {
			t.Errorf("%s: %d <script> tags, only %d are the theme's", name, scripts, ours)
		}
		for _, bad := range []string{"onerror=", "onload=", "javascript:", "vbscript:", "data:text/html", "__pwned=1;"} {
			if i := strings.Index(strings.ToLower(s), bad); i >= 0 && !strings.Contains(s[max(0, i-20):i], "&") {
				// Escaped text (&lt;img … onerror=) is harmless; raw is not.
				if strings.Contains(s[max(0, i-60):i], "<img") || strings.Contains(s[max(0, i-60):i], "<svg") || strings.Contains(s[max(0, i-10):i], "href=\"") {
					t.Errorf("%s: live %q near %q", name, bad, s[max(0, i-60):min(len(s), i+40)])
				}
			}
		}
		for _, block := range jsonBlocks(s) {
			if strings.Contains(block, "__f__") {
				t.Errorf("%s: chart JSON carries a go-echarts function marker", name)
			}
			if !json.Valid([]byte(block)) {
				t.Errorf("%s: a chart JSON block does not parse on its own: %.80q", name, block)
			}
			if strings.ContainsAny(block, "<>") {
				t.Errorf("%s: chart JSON carries a raw < or >", name)
			}
		}
	}
}

// jsonBlocks returns the contents of a page's <script type="application/json">
// blocks, each up to the first "</" (where the HTML parser ends a script).
func jsonBlocks(page string) []string {
	var out []string
	const open = `<script type="application/json"`
	for {
		i := strings.Index(page, open)
		if i < 0 {
			return out
		}
		page = page[i+len(open):]
		j := strings.Index(page, ">")
		end := strings.Index(page, "</")
		out = append(out, page[j+1:end])
		page = page[end:]
	}
}
