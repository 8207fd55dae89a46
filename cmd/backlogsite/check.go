package main

import (
	"context"
	"fmt"
	"io"

	"github.com/backlogsite/backlogsite/generator"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("check", "[site directory]",
		"Validate the site directory (default .) without writing anything.\nPrints every problem as path:line:col: message and exits 1, or one ok line.")
	var asOf generator.Date
	c.flags.Var(dateFlag{&asOf}, "as-of", "compute as of this `date` (YYYY-MM-DD) instead of site.toml's as_of")
	positional, err := c.parse(args, stdout, 1)
	if err != nil {
		return ignoreHelp(err)
	}
	site, err := generator.Load(siteDir(positional))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok: %s\n", summary(site))
	return nil
}

// summary counts what a site holds: "42 features, 3 releases, 9 sprints,
// 118 stories" (a carried-over story counts once).
func summary(site *generator.Site) string {
	stories := map[string]bool{}
	for _, sp := range site.Sprints {
		for _, st := range sp.Stories {
			stories[st.ID] = true
		}
	}
	return fmt.Sprintf("%s, %s, %s, %s",
		plural(len(site.Features), "feature"), plural(len(site.Releases), "release"),
		plural(len(site.Sprints), "sprint"), plural(len(stories), "story"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if noun == "story" {
		return fmt.Sprintf("%d stories", n)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
