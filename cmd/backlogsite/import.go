package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/backlogsite/backlogsite/internal/importer"
	"github.com/backlogsite/backlogsite/internal/importer/github"
	"github.com/backlogsite/backlogsite/internal/importer/jira"
)

const importUsage = `usage: backlogsite import jira|github [flags] FILE

Turn a Jira CSV export or the GitHub issues of a repository into a new site
directory (-o, default roadmap), which must not exist or be empty. Rows that
cannot be read are reported as file:line: message; nothing is written then,
unless --partial is given. What the import guessed is said on standard error
and in the README.md it writes into the site. See docs/import.md.

Run 'backlogsite import jira -h' or 'backlogsite import github -h' for their flags.
`

func runImport(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return &usageError{msg: "import needs the tool to import from: jira or github", usage: importUsage}
	}
	switch args[0] {
	case "jira":
		return runImportJira(args[1:], stdout, stderr)
	case "github":
		return runImportGitHub(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, importUsage)
		return nil
	}
	return &usageError{msg: fmt.Sprintf("cannot import from %q: use jira or github", args[0]), usage: importUsage}
}

// importFlags are the flags both imports share.
type importFlags struct {
	out          string
	title        string
	partial      bool
	sprintLength int
	asOf         importer.Date
	firstSprint  importer.Date
}

func (f *importFlags) register(c *command) {
	c.flags.StringVar(&f.out, "o", "roadmap", "the site `directory` to write; it must not exist or be empty")
	c.flags.StringVar(&f.title, "title", "", "the site's `title` (default: the project's name)")
	c.flags.BoolVar(&f.partial, "partial", false, "write the site even when some rows cannot be read (still exit 1)")
	c.flags.IntVar(&f.sprintLength, "sprint-length", importer.DefaultSprintLength, "sprint length in `days`, to lay out sprints the export does not date")
	c.flags.Func("first-sprint", "start `date` of the first sprint when the export does not date them", dateFunc(&f.firstSprint))
	c.flags.Func("as-of", "the site's as_of `date` (default: the latest date in the export)", dateFunc(&f.asOf))
}

// parse reads an import's command line and returns the file to import;
// what names that file for a usage error.
func (f *importFlags) parse(c *command, args []string, stdout io.Writer, what string) (string, error) {
	positional, err := c.parse(args, stdout, 1)
	switch {
	case err != nil:
		return "", err
	case len(positional) == 0:
		return "", &usageError{msg: c.name + " needs " + what, usage: c.usage()}
	case f.sprintLength < 1 || f.sprintLength > 366:
		return "", &usageError{msg: fmt.Sprintf("--sprint-length must be between 1 and 366 days, not %d", f.sprintLength), usage: c.usage()}
	case f.out == "":
		return "", &usageError{msg: "-o needs a directory", usage: c.usage()}
	}
	return positional[0], nil
}

// dateFunc reads a date flag of the import, which keeps its own calendar
// date type.
func dateFunc(d *importer.Date) func(string) error {
	return func(s string) error {
		v, ok := importer.ParseISODate(s)
		if !ok || len(s) != 10 {
			return errors.New("not a date like 2026-03-02")
		}
		*d = v
		return nil
	}
}

// sources is a repeatable file flag: a REST API list may come in pages.
type sources struct{ paths *[]string }

func (s sources) String() string { return "" }
func (s sources) Set(p string) error {
	*s.paths = append(*s.paths, p)
	return nil
}

func runImportJira(args []string, stdout, stderr io.Writer) error {
	c := newCommand("import jira", "ISSUES.csv",
		"Import a Jira CSV export (Export → CSV (all fields)) into a new site directory.\nEpics become features, other issues their stories, sprints sprints and fix\nversions releases.")
	var f importFlags
	f.register(c)
	var sprintFiles, versionFiles []string
	c.flags.Var(sources{&sprintFiles}, "sprints", "a `file` of the board's sprints (/rest/agile/1.0/board/{id}/sprint); repeat for more pages")
	c.flags.Var(sources{&versionFiles}, "versions", "a `file` of the project's versions (/rest/api/3/project/{key}/versions); repeat for more pages")
	path, err := f.parse(c, args, stdout, "the CSV file to import")
	if err != nil {
		return ignoreHelp(err)
	}
	if err := checkEmptyDir(f.out); err != nil {
		return err
	}
	in := jira.Inputs{}
	if in.Issues, err = readSource(path); err != nil {
		return err
	}
	if in.Sprints, err = readSources(sprintFiles); err != nil {
		return err
	}
	if in.Versions, err = readSources(versionFiles); err != nil {
		return err
	}
	b, problems := jira.Read(in)
	return f.finish(b, problems, stdout, stderr)
}

func runImportGitHub(args []string, stdout, stderr io.Writer) error {
	c := newCommand("import github", "ISSUES.json",
		"Import the output of\n  gh issue list --state all --limit 10000 --json number,title,body,state,stateReason,labels,milestone,createdAt,closedAt\ninto a new site directory. Each issue becomes a feature; milestones become\nreleases (or sprints); issues labelled epic give their title as category.")
	var f importFlags
	f.register(c)
	var milestoneFiles []string
	c.flags.Var(sources{&milestoneFiles}, "milestones", "a `file` of gh api repos/OWNER/REPO/milestones?state=all; repeat for more pages")
	are := c.flags.String("milestones-are", "releases", "what milestones are: `releases` or sprints")
	pattern := c.flags.String("points-label", "", "the points label, with {n} for the number, like 'size: {n}' (default: points/3, size: 3, 3 points …)")
	path, err := f.parse(c, args, stdout, "the JSON file of gh issue list")
	if err != nil {
		return ignoreHelp(err)
	}
	if *are != "releases" && *are != "sprints" {
		return &usageError{msg: fmt.Sprintf("--milestones-are must be releases or sprints, not %q", *are), usage: c.usage()}
	}
	points, err := github.NewPoints(*pattern)
	if err != nil {
		return &usageError{msg: err.Error(), usage: c.usage()}
	}
	if err := checkEmptyDir(f.out); err != nil {
		return err
	}
	in := github.Inputs{}
	if in.Issues, err = readSource(path); err != nil {
		return err
	}
	if in.Milestones, err = readSources(milestoneFiles); err != nil {
		return err
	}
	b, problems := github.Read(in, github.Options{MilestonesAreSprints: *are == "sprints", Points: points})
	return f.finish(b, problems, stdout, stderr)
}

func readSource(path string) (importer.Source, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return importer.Source{}, fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	return importer.Source{Path: path, Data: data}, nil
}

func readSources(paths []string) ([]importer.Source, error) {
	var out []importer.Source
	for _, p := range paths {
		s, err := readSource(p)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// finish assembles and writes the site: the problems first (all of them,
// sorted), then, when the site is written, what was guessed.
func (f *importFlags) finish(b *importer.Backlog, problems importer.Problems, stdout, stderr io.Writer) error {
	if len(problems) > 0 {
		fmt.Fprintln(stderr, problems.Error())
		switch {
		case len(b.Items) == 0:
			fmt.Fprintln(stderr, "backlogsite: no issue could be read; nothing written")
			return reported{problems}
		case !f.partial:
			fmt.Fprintf(stderr, "backlogsite: %s cannot be read; nothing written (--partial writes the rest)\n", plural(rows(problems), "row"))
			return reported{problems}
		}
	}
	site := importer.Assemble(b, importer.Options{Title: f.title, AsOf: f.asOf, SprintLength: f.sprintLength, FirstSprint: f.firstSprint})
	site.Problems = problems
	if err := importer.WriteDir(f.out, site.Files()); err != nil {
		return err
	}
	for _, n := range site.Notes {
		fmt.Fprintf(stderr, "note: %s\n", n.Text)
	}
	fmt.Fprintf(stdout, "imported %s into %s: %s\n", plural(len(b.Items), "issue"), f.out, siteSummary(site))
	if len(problems) > 0 {
		return reported{problems}
	}
	return nil
}

// rows counts the rows (or JSON entries) with a problem: one row may have
// several.
func rows(ps importer.Problems) int {
	seen := map[importer.Problem]bool{}
	for _, p := range ps {
		seen[importer.Problem{Path: p.Path, Line: p.Line}] = true
	}
	return len(seen)
}

func siteSummary(s *importer.Site) string {
	stories := map[string]bool{}
	for _, sp := range s.Sprints {
		for _, st := range sp.Stories {
			stories[st.ID] = true
		}
	}
	return fmt.Sprintf("%s, %s, %s, %s", plural(len(s.Features), "feature"), plural(len(s.Releases), "release"),
		plural(len(s.Sprints), "sprint"), plural(len(stories), "story"))
}
