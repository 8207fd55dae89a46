package render

import (
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/synth"
	"github.com/gomarkdown/markdown"
	mdhtml "github.com/gomarkdown/markdown/html"
	"github.com/gomarkdown/markdown/parser"
	"github.com/microcosm-cc/bluemonday"
)

// sanitiserPolicy is the policy descriptions were sanitised with before
// markdownHTML wrote safe HTML itself: the UGC policy (ordinary formatting,
// no script or styling, URL schemes http, https and mailto plus relative
// URLs) with rel="noreferrer" on links and a code element's class. It is
// the tests' oracle now.
func sanitiserPolicy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireNoFollowOnLinks(false)
	p.RequireNoReferrerOnLinks(true)
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("code")
	return p
}

// sanitisedMarkdown is how descriptions were rendered before: gomarkdown's
// HTML renderer, then the sanitiser.
func sanitisedMarkdown(policy *bluemonday.Policy, src string) string {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	r := mdhtml.NewRenderer(mdhtml.RendererOptions{
		Flags: mdhtml.SkipHTML | mdhtml.NofollowLinks | mdhtml.NoreferrerLinks,
	})
	out := markdown.ToHTML([]byte(src), parser.NewWithExtensions(descriptionExtensions), r)
	return strings.TrimSpace(string(policy.SanitizeBytes(out)))
}

// markdownCases are Markdown of every construct the description parser
// knows, hostile or odd.
var markdownCases = []string{
	"**bold** [a](a.pdf) [b](https://example.com/) ![i](logo.png) <b>raw</b>",
	"[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z](java\tscript:a) [d](data:text/html,<script>)",
	"<script>alert(1)</script><img src=x onerror=alert(1)><svg onload=alert(1)>",
	"<a href=\"javascript:x\">x</a> [r](<javascript:x>) [e](&#106;avascript:x) [s]( vbscript:x)",
	"| a | b |\n|---|---|\n| <i onclick=x>1</i> | 2 |\n", "```\n</code><script>x</script>\n```",
	"[ref][1]\n\n[1]: javascript:alert(1)", "<https://a.example/>", "<javascript:alert(1)>", "[x](\x00javascript:a)",
	"# One\n## Two\n###### Six\n####### Seven\n\nSetext\n===\n\n---\n\n***\n",
	"1. one\n2. two\n   - nested *em*\n   - tight\n\n3. loose\n\n   para\n\n7) seven\n8) eight\n",
	"- a\n\n- b\n\n  ```go\n  code\n  ```\n- c\n  > quote\n",
	"Term\n: definition\n: another\n\nOther term\n: its *definition*\n",
	"> quote\n> > nested\n>\n> ```\n> code\n> ```\n\n> - list in quote\n",
	"| left | centre | right |\n|:---|:---:|---:|\n| `a` | **b** | [c](c.html \"T\") |\n| 1 |\n",
	"line one  \nline two\\\nline three\nsoft\n\n~~gone~~ and __strong__ and _em_ and snake_case_word",
	"[t](https://x.example/ \"title's ok\") [u](https://x.example/ \"<bad>\") [v](javascript:x \"title\")",
	"![alt text](pic.png \"Title\") ![a *b* `c`](javascript:x) ![](x.png) ![bad<](x.png) ![[link](y.html)](z.png)",
	"![outer ![inner](i.png) end](o.png) [![img](i.png)](https://x.example/)",
	"&copy; &amp; &lt;tag&gt; &#39; &#x27; &nbsp; &bogus; a & b < c > d \" e ' f",
	"[&copy; link &amp; &#106;](https://x.example/?a=1&b=2&copy=3) [q](?page=2) [h](#top) [m](mailto:a@b.example)",
	"[sp](a b) [tab](<a\tb>) [nl](<a\nb>) [HTTP](HTTP://X.EXAMPLE/Ä) [ftp](ftp://x.example) [empty]() [ws]( )",
	"https://auto.example/path?q=1 and www.example.com and mailto:a@b.example and http://x.example/\"quoted\"",
	"```c++ extra\nint x;\n```\n```{.class}\ny\n```\n```lang_ok-1\nz\n```\n    indented\n    code\n",
	"Windows\r\nline\r\n\r\npara\rmac",
	"[a](https://x.example/&#13;y) [b](<https://x.example/\ry>) t&#13;x",
	"<div>\nblock html\n</div>\n\npara <span>inline</span> <!-- comment --> <?php x ?>",
	"\\*not em\\* \\[not link\\] \\<not tag\\> \\` x",
	"<<< >>> <a <b >c ]] [[ (( ))",
	"* * *\n\n- [ ] task\n- [x] done\n",
	"[ref]\n\n[ref]: https://x.example/ \"Ref title\"\n\n[other][ref] and [bad]\n\n[bad]: vbscript:x",
	"Tab\tseparated\ttext and unicode: héllo wörld — “quotes” \u2028 \u00a0",
	"",
	"   \n\t\n",
}

// TestMarkdownMatchesSanitiser: the HTML markdownHTML writes is what the
// old pipeline (gomarkdown's renderer, then bluemonday) gave, byte for
// byte, and the sanitiser finds nothing to remove from it.
func TestMarkdownMatchesSanitiser(t *testing.T) {
	md := newMarkdownRenderer()
	policy := sanitiserPolicy()
	check := func(src string) {
		t.Helper()
		got := string(md.render(src))
		if want := sanitisedMarkdown(policy, src); got != want {
			t.Errorf("render(%q)\n got %q\nwant %q", src, got, want)
		}
		if clean := strings.TrimSpace(policy.Sanitize(got)); clean != got {
			t.Errorf("render(%q) = %q\nthe sanitiser changes it to %q", src, got, clean)
		}
	}
	for _, src := range markdownCases {
		check(src)
	}
	for _, p := range hostilePayloads {
		check(p)
		check("[x](" + p + ") ![y](" + p + ") `" + p + "`\n\n" + p)
	}
	// The long descriptions of the L-markdown benchmark shape, and the short
	// ones of the others.
	c, _ := synth.Size("L-markdown")
	c.Features, c.Sprints, c.Releases = 300, 10, 2
	site, err := load.FS(synth.FS(c), "synth")
	if err != nil {
		t.Fatal(err)
	}
	long := 0
	for _, f := range site.Features {
		check(f.Description)
		if strings.Contains(f.Description, "```") {
			long++
		}
	}
	if long < 100 {
		t.Errorf("only %d long descriptions of %d", long, len(site.Features))
	}
}

// BenchmarkMarkdown renders the long descriptions of the L-markdown shape.
func BenchmarkMarkdown(b *testing.B) {
	c, _ := synth.Size("L-markdown")
	c.Features, c.Sprints, c.Releases = 1000, 10, 2
	site, err := load.FS(synth.FS(c), "synth")
	if err != nil {
		b.Fatal(err)
	}
	md := newMarkdownRenderer()
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range site.Features {
			md.render(f.Description)
		}
	}
}
