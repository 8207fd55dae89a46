package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/backlogsite/backlogsite/generator"
)

func runBuild(ctx context.Context, args []string, stdout, _ io.Writer) error {
	c := newCommand("build", "[site directory]",
		"Build the site directory (default .) into the output directory: the files of\nthe previous build are replaced, files backlogsite did not write are kept,\nand when anything fails the directory is left exactly as it was.")
	opts := generator.BuildOptions{}
	c.flags.StringVar(&opts.OutDir, "o", "public", "output `directory`")
	c.flags.StringVar(&opts.BaseURL, "base-url", "", "absolute `URL` the site is published at (sitemap and canonical links only); overrides site.toml's base_url")
	c.flags.Var(dateFlag{&opts.AsOf}, "as-of", "compute as of this `date` (YYYY-MM-DD) instead of site.toml's as_of")
	c.flags.Var(audienceFlag{&opts.Audience}, "audience", audienceUsage)
	positional, err := c.parse(args, stdout, 1)
	if err != nil {
		return ignoreHelp(err)
	}
	opts.SiteDir = siteDir(positional)
	if opts.BaseURL != "" && !isAbsoluteHTTPURL(opts.BaseURL) {
		return &usageError{msg: fmt.Sprintf("-base-url %q must be an absolute http(s) URL", opts.BaseURL), usage: c.usage()}
	}
	// A build allocates tens of times its live heap (template execution
	// goes through reflect) and then exits: collecting at 3x the live heap
	// instead of 2x saves collections, and the soft limit makes the
	// collector work harder only when the heap nears it, which keeps the
	// 100,000-feature site's peak lower than the default settings do.
	// Not 5x: memory the heap grows into is paid for in page faults (system
	// time), and a site whose live heap is large (long descriptions) spent
	// more on those than 5x saved in collections.
	// Restored after, since tests run commands in one process.
	defer debug.SetGCPercent(debug.SetGCPercent(200))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(700 << 20))
	start := time.Now() // for the terminal only; nothing in the output depends on it
	res, err := generator.Build(ctx, opts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "built %s into %s: %d pages, %d files, %s in %s\n",
		opts.Audience.Built(opts.SiteDir), opts.OutDir, res.Pages, res.Files, humanBytes(res.Bytes), time.Since(start).Round(time.Millisecond))
	return nil
}

// isAbsoluteHTTPURL accepts what base_url accepts as an absolute address: an
// http(s) URL with a host whose path does not start with "//" (404.html links
// from that path, and browsers would read "//x" as another host).
func isAbsoluteHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		!strings.HasPrefix(u.Path, "//") && !strings.ContainsAny(s, " \t\n\"'<>")
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
