package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/backlogsite/backlogsite/internal/gitrev"
	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/plandiff"
	"github.com/backlogsite/backlogsite/internal/report"
)

func runDiff(ctx context.Context, args []string, stdout, _ io.Writer) error {
	c := newCommand("diff", "OLD NEW",
		"Print what changing the plan from OLD to NEW does for a reader: each release's\n"+
			"scope, cut line, forecast and odds, the features added, removed, moved or\n"+
			"rescored, and the sprints' commitments. OLD and NEW are site directories or\n"+
			"git revisions of the repository here (main, HEAD~1, origin/main:roadmap/).\n"+
			"Both are computed as of the same date: --as-of, else NEW's as-of date.")
	var asOf model.Date
	c.flags.Var(dateFlag{&asOf}, "as-of", "compute both sides as of this `date` (YYYY-MM-DD) instead of NEW's as-of date")
	format := c.flags.String("format", "markdown", "output `format`: markdown, or json for tools")
	positional, err := c.parse(args, stdout, 2)
	if err != nil {
		return ignoreHelp(err)
	}
	if len(positional) != 2 {
		return &usageError{msg: "diff needs two arguments, OLD and NEW", usage: c.usage()}
	}
	if *format != "markdown" && *format != "json" {
		return &usageError{msg: fmt.Sprintf("unknown format %q (use markdown or json)", *format), usage: c.usage()}
	}
	oldSite, oldErr := openSide(ctx, positional[0])
	newSite, newErr := openSide(ctx, positional[1])
	if err := joinProblems(oldErr, newErr); err != nil {
		return err
	}
	if asOf.IsZero() {
		asOf = report.AsOf(newSite, asOf)
	}
	oldRep, oldErr := report.Compute(oldSite, asOf)
	newRep, newErr := report.Compute(newSite, asOf)
	if err := joinProblems(oldErr, newErr); err != nil {
		return err
	}
	d := plandiff.Compare(oldRep, newRep)
	if *format == "json" {
		b, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", b)
		return err
	}
	_, err = io.WriteString(stdout, diffMarkdown(d))
	return err
}

// openSide loads one side of a diff: a folder when there is one by that
// name, else a git revision.
func openSide(ctx context.Context, arg string) (*model.Site, error) {
	if fi, err := os.Stat(arg); err == nil && fi.IsDir() {
		return load.Dir(arg)
	}
	fsys, name, err := gitrev.Tree(ctx, arg)
	if err != nil {
		var list model.ErrorList
		list.Add(model.Pos{Path: arg}, "%v", err)
		return nil, list
	}
	return load.FS(fsys, name)
}

// joinProblems reports the problems of both sides together, in one sorted
// list, so that a reader fixes them in one go.
func joinProblems(errs ...error) error {
	var all model.ErrorList
	for _, err := range errs {
		if err == nil {
			continue
		}
		var list model.ErrorList
		if !errors.As(err, &list) {
			return err
		}
		all = append(all, list...)
	}
	return all.Err()
}
