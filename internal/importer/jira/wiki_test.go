package jira

import "testing"

func TestWikiToMarkdown(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"h3. Why\nBecause.", "### Why\nBecause."},
		{"# Open the app\n# Tap *Search*\n## Pick a route", "1. Open the app\n1. Tap **Search**\n   1. Pick a route"},
		{"* one\n** nested\n- dash", "- one\n  - nested\n- dash"},
		{"{quote}Why can't I?{quote}", "> Why can't I?"},
		{"{quote}\nline one\nline two\n{quote}", "> line one\n> line two"},
		{"{code:go}\n# not a list\n*x*\n{code}", "```\n# not a list\n*x*\n```"},
		{"See [the spec|https://example.com/a?b=1] or [https://example.com].", "See [the spec](https://example.com/a?b=1) or <https://example.com>."},
		{"Run {{make test}}, then *ship it*!", "Run `make test`, then **ship it**!"},
		{"2 * 3 * 4 and a*b*c", "2 * 3 * 4 and a*b*c"},
		{"#hashtag and h3.nothing", "#hashtag and h3.nothing"},
	} {
		if got := wikiToMarkdown(tc.in); got != tc.want {
			t.Errorf("wikiToMarkdown(%q) =\n%q\nwant\n%q", tc.in, got, tc.want)
		}
	}
}
