package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"syscall"

	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"

	"github.com/backlogsite/backlogsite/internal/devserver"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newCommand("serve", "[site directory]",
		"Build the site directory (default .) into memory and serve it on this machine.\nEvery save under the site directory rebuilds it and reloads the open pages;\na build that fails keeps the last good pages and shows its problems over\nthem. Nothing is written to disk.")
	bind := c.flags.String("bind", "127.0.0.1", "serve on this `address` (the default is reachable from this machine only)")
	port := c.flags.Int("port", 1414, "serve on this TCP `port` (0 picks a free one)")
	var asOf model.Date
	c.flags.Var(dateFlag{&asOf}, "as-of", "compute as of this `date` (YYYY-MM-DD) instead of site.toml's as_of")
	var aud audience.Audience
	c.flags.Var(audienceFlag{&aud}, "audience", audienceUsage)
	positional, err := c.parse(args, stdout, 1)
	if err != nil {
		return ignoreHelp(err)
	}
	if *port < 0 || *port > 65535 {
		return &usageError{msg: fmt.Sprintf("invalid port %d", *port), usage: c.usage()}
	}
	dir := siteDir(positional)
	if err := checkSiteDir(dir); err != nil {
		return err
	}

	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			return fmt.Errorf("port %d is in use; pick another with -port", *port)
		}
		return fmt.Errorf("cannot listen on %s port %d: %w", *bind, *port, err)
	}
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		fmt.Fprintf(stderr, "warning: -bind %s makes the site and its problems visible to other machines\n", *bind)
	}
	srv := devserver.New(dir, asOf, stdout, stderr)
	srv.Audience = aud
	return srv.Serve(ctx, ln, nil)
}

// checkSiteDir fails early, with the loader's message, when there is no
// directory to watch at all. Any other problem is shown by the server.
func checkSiteDir(dir string) error {
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		if _, lerr := load.Dir(dir); lerr != nil {
			return lerr
		}
		return fmt.Errorf("%s: not a site directory", dir)
	}
	return nil
}
