package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/backlogsite/backlogsite/generator"
	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/model"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("check", "[site directory]",
		"Validate the site directory (default .) without writing anything: load every\nfile and compute every figure, as build does. Prints every problem as\npath:line:col: message and exits 1, or one ok line and exits 0.")
	var asOf model.Date
	c.flags.Var(dateFlag{&asOf}, "as-of", "compute as of this `date` (YYYY-MM-DD) instead of site.toml's as_of")
	var aud audience.Audience
	c.flags.Var(audienceFlag{&aud}, "audience", audienceUsage)
	format := c.flags.String("format", "text", "output `format`: text, json for tools, or github for GitHub Actions annotations")
	positional, err := c.parse(args, stdout, 1)
	if err != nil {
		return ignoreHelp(err)
	}
	if *format != "text" && *format != "json" && *format != "github" {
		return &usageError{msg: fmt.Sprintf("unknown format %q (use text, json or github)", *format), usage: c.usage()}
	}
	site, err := generator.Check(ctx, siteDir(positional), asOf, aud)
	switch *format {
	case "json":
		return writeCheckJSON(stdout, site, err)
	case "github":
		if err != nil {
			return writeAnnotations(stdout, err)
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok: %s\n", summary(site))
	return nil
}

// checkJSON is `check --format json`: counts on success, problems otherwise.
type checkJSON struct {
	OK       bool          `json:"ok"`
	Features *int          `json:"features,omitempty"`
	Releases *int          `json:"releases,omitempty"`
	Sprints  *int          `json:"sprints,omitempty"`
	Stories  *int          `json:"stories,omitempty"`
	Problems []problemJSON `json:"problems,omitempty"`
}

// problemJSON is one problem; line and col are 0 when unknown.
type problemJSON struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

// writeCheckJSON prints the result on stdout only, so that a tool can parse
// it whatever happened; a failure is still exit status 1.
func writeCheckJSON(stdout io.Writer, site *model.Site, err error) error {
	var out checkJSON
	if err == nil {
		n := counts(site)
		out = checkJSON{OK: true, Features: &n[0], Releases: &n[1], Sprints: &n[2], Stories: &n[3]}
	} else {
		out.Problems = []problemJSON{}
		var list model.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				out.Problems = append(out.Problems, problemJSON{e.Pos.Path, e.Pos.Line, e.Pos.Col, e.Msg})
			}
		} else {
			out.Problems = append(out.Problems, problemJSON{Message: err.Error()})
		}
	}
	b, jerr := json.MarshalIndent(out, "", "  ")
	if jerr != nil {
		return jerr
	}
	if _, werr := fmt.Fprintf(stdout, "%s\n", b); werr != nil {
		return werr
	}
	if err != nil {
		return reported{err}
	}
	return nil
}

// counts returns the numbers of features, releases, sprints and stories (a
// carried-over story counts once).
func counts(site *model.Site) [4]int {
	stories := map[string]bool{}
	for _, sp := range site.Sprints {
		for _, st := range sp.Stories {
			stories[st.ID] = true
		}
	}
	return [4]int{len(site.Features), len(site.Releases), len(site.Sprints), len(stories)}
}

// summary counts what a site holds: "42 features, 3 releases, 9 sprints,
// 118 stories".
func summary(site *model.Site) string {
	n := counts(site)
	return fmt.Sprintf("%s, %s, %s, %s",
		plural(n[0], "feature"), plural(n[1], "release"),
		plural(n[2], "sprint"), plural(n[3], "story"))
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
