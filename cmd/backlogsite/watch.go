package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/backlogsite/backlogsite/generator"
)

func runWatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("watch", "[site directory]",
		"Build the site directory (default .) into the output directory, then rebuild it\non every save until interrupted. A build that fails leaves the output as it\nwas and prints its problems.")
	out := c.flags.String("o", "public", "output `directory`, replaced as a whole by every good build")
	var asOf generator.Date
	c.flags.Var(dateFlag{&asOf}, "as-of", "compute as of this `date` (YYYY-MM-DD) instead of site.toml's as_of")
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
	ds.Rebuild(ctx, nil)
	fmt.Fprintf(stdout, "watching %s, writing %s (Ctrl-C to stop)\n", dir, *out)
	err = watchSite(ctx, dir, []string{ds.out}, nil, func(changed []string) { ds.Rebuild(ctx, changed) })
	if err == nil {
		fmt.Fprintln(stdout, "stopped")
	}
	return err
}

// dirSite rebuilds a site into an output directory, replacing it whole.
type dirSite struct {
	dir    string
	out    string
	asOf   generator.Date
	stdout io.Writer
	stderr io.Writer
}

func newDirSite(dir, out string, asOf generator.Date, stdout, stderr io.Writer) (*dirSite, error) {
	if err := checkOutputDir(dir, out); err != nil {
		return nil, err
	}
	return &dirSite{dir: dir, out: out, asOf: asOf, stdout: stdout, stderr: stderr}, nil
}

// checkOutputDir refuses an output directory whose replacement would delete
// the site itself or a folder that is not a built site.
func checkOutputDir(dir, out string) error {
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if absOut == absDir || strings.HasPrefix(absDir, absOut+string(filepath.Separator)) || filepath.Dir(absOut) == absOut {
		return fmt.Errorf("refusing to write to %s: it holds the site directory %s; pick another with -o", out, dir)
	}
	info, err := os.Stat(out)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("refusing to write to %s: it is a file, not a directory", out)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	for _, marker := range []string{"index.html", ".nojekyll"} {
		if _, err := os.Stat(filepath.Join(out, marker)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("refusing to replace %s: it is not empty and does not look like a built site; pick another with -o", out)
}

// Rebuild builds the site into a fresh directory beside the output and
// swaps it in, so the output is always one whole build: a failed build
// leaves the previous output untouched.
func (ds *dirSite) Rebuild(ctx context.Context, changed []string) rebuildResult {
	start := time.Now()
	res, err := ds.buildAndSwap(ctx)
	took := time.Since(start)
	if err != nil && ctx.Err() != nil {
		return rebuildResult{Took: took}
	}
	if err != nil {
		probs := problems(err)
		what := "build failed"
		if changed != nil {
			what = "rebuild after " + describeChange(changed) + " failed"
		}
		fmt.Fprintf(ds.stderr, "%s: %s; %s left as it was\n", what, countOf(len(probs), "problem", "problems"), ds.out)
		for _, p := range probs {
			fmt.Fprintln(ds.stderr, p.Text)
		}
		return rebuildResult{Took: took, Problems: probs}
	}
	if changed == nil {
		fmt.Fprintf(ds.stdout, "built %s into %s: %s in %s\n", ds.dir, ds.out, countOf(res.Pages, "page", "pages"), durationText(took))
	} else {
		fmt.Fprintf(ds.stdout, "rebuilt after %s: %s in %s\n", describeChange(changed), countOf(res.Pages, "page", "pages"), durationText(took))
	}
	return rebuildResult{Pages: res.Pages, Took: took}
}

// buildAndSwap renders into a hidden folder beside the output (same file
// system, so the renames are atomic) and renames it into place. Nothing is
// written anywhere else.
func (ds *dirSite) buildAndSwap(ctx context.Context) (*generator.BuildResult, error) {
	// Checked again on every build: the folder may have changed meanwhile.
	if err := checkOutputDir(ds.dir, ds.out); err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(ds.out), filepath.Base(ds.out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp) // gone after a successful swap; cleans up a failure
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	res, err := buildInto(ctx, ds.dir, ds.asOf, generator.DirOutput{Dir: tmp})
	if err != nil {
		return nil, err
	}
	old := ""
	if _, err := os.Lstat(ds.out); err == nil {
		old, err = os.MkdirTemp(parent, "."+base+".old-")
		if err != nil {
			return nil, err
		}
		// MkdirTemp reserved the name; the rename needs it free.
		if err := os.Remove(old); err != nil {
			return nil, err
		}
		if err := os.Rename(ds.out, old); err != nil {
			return nil, err
		}
	}
	if err := os.Rename(tmp, ds.out); err != nil {
		if old != "" {
			_ = os.Rename(old, ds.out) // put the previous build back
		}
		return nil, err
	}
	if old != "" {
		_ = os.RemoveAll(old)
	}
	return res, nil
}
