package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/backlogsite/backlogsite/generator"
	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"

	"github.com/backlogsite/backlogsite/internal/watch"
)

func runWatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("watch", "[site directory]",
		"Build the site directory (default .) into the output directory, then rebuild it\non every save until interrupted. A build that fails leaves the output as it\nwas and prints its problems.")
	out := c.flags.String("o", "public", "output `directory`; every good build replaces the previous build's files")
	var asOf model.Date
	c.flags.Var(dateFlag{&asOf}, "as-of", "compute as of this `date` (YYYY-MM-DD) instead of site.toml's as_of")
	var aud audience.Audience
	c.flags.Var(audienceFlag{&aud}, "audience", audienceUsage)
	positional, err := c.parse(args, stdout, 1)
	if err != nil {
		return ignoreHelp(err)
	}
	if *out == "" {
		return &usageError{msg: "-o needs a directory", usage: c.usage()}
	}
	dir := siteDir(positional)
	if err := checkSiteDir(dir); err != nil {
		return err
	}
	ds, err := newDirSite(dir, *out, asOf, stdout, stderr)
	if err != nil {
		return err
	}
	ds.audience = aud
	// The first build runs once every directory is watched, so that no
	// save is missed; saves during it are seen when it is done.
	ready := func() {
		ds.Rebuild(ctx, nil)
		fmt.Fprintf(stdout, "watching %s, writing %s (Ctrl-C to stop)\n", dir, *out)
	}
	err = watch.Run(ctx, dir, []string{ds.out}, ready, func(changed []string) { ds.Rebuild(ctx, changed) })
	if err == nil {
		fmt.Fprintln(stdout, "stopped")
	}
	return err
}

// dirSite rebuilds a site into an output directory, replacing it whole.
type dirSite struct {
	dir    string
	out    string
	asOf   model.Date
	stdout io.Writer
	stderr io.Writer
	// audience is who the site is built for; "" is the internal site.
	audience audience.Audience
}

func newDirSite(dir, out string, asOf model.Date, stdout, stderr io.Writer) (*dirSite, error) {
	if err := output.CheckFolder(out, dir); err != nil {
		return nil, err
	}
	return &dirSite{dir: dir, out: out, asOf: asOf, stdout: stdout, stderr: stderr}, nil
}

// Rebuild builds the site with generator.Build, which writes a fresh
// directory beside the output and swaps it in: the output is always one
// whole build, and a failed build leaves it untouched.
func (ds *dirSite) Rebuild(ctx context.Context, changed []string) watch.Result {
	start := time.Now()
	res, err := generator.Build(ctx, generator.BuildOptions{SiteDir: ds.dir, OutDir: ds.out, AsOf: ds.asOf, Audience: ds.audience})
	took := time.Since(start)
	if err != nil && ctx.Err() != nil {
		return watch.Result{Took: took}
	}
	if err != nil {
		probs := watch.Problems(err)
		what := "build failed"
		if changed != nil {
			what = "rebuild after " + watch.DescribeChange(changed) + " failed"
		}
		fmt.Fprintf(ds.stderr, "%s: %s; %s left as it was\n", what, watch.CountOf(len(probs), "problem", "problems"), ds.out)
		for _, p := range probs {
			fmt.Fprintln(ds.stderr, p.Text)
		}
		return watch.Result{Took: took, Problems: probs}
	}
	if changed == nil {
		fmt.Fprintf(ds.stdout, "built %s into %s: %s in %s\n", ds.audience.Built(ds.dir), ds.out, watch.CountOf(res.Pages, "page", "pages"), watch.DurationText(took))
	} else {
		fmt.Fprintf(ds.stdout, "rebuilt after %s: %s in %s\n", watch.DescribeChange(changed), watch.CountOf(res.Pages, "page", "pages"), watch.DurationText(took))
	}
	return watch.Result{Pages: res.Pages, Took: took}
}
