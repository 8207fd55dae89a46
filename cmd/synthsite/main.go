// Command synthsite writes a synthetic site directory for benchmarks:
//
//	go run ./cmd/synthsite -size L -seed 1 -o /tmp/site-L
//
// -features, -sprints, -stories and -releases override the preset.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/backlogsite/backlogsite/internal/synth"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "synthsite:", err)
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

type usageError struct{ error }

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("synthsite", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.String("size", "S", "preset: "+strings.Join(append(synth.Sizes(), synth.Shapes()...), ", "))
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("o", "", "site directory to create (must not exist or be empty)")
	features := fs.Int("features", -1, "features (overrides the preset)")
	sprints := fs.Int("sprints", -1, "sprints (overrides the preset)")
	stories := fs.Int("stories", -1, "stories per sprint (overrides the preset)")
	releases := fs.Int("releases", -1, "releases (overrides the preset; 0: one per six sprints)")
	long := fs.Int("long-descriptions", -1, "Markdown sections in every feature's description (overrides the preset; 0: short ones)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if *out == "" {
		return usageError{errors.New("-o is required")}
	}
	c, ok := synth.Size(*size)
	if !ok {
		return usageError{fmt.Errorf("unknown size %q (want %s)", *size, strings.Join(append(synth.Sizes(), synth.Shapes()...), ", "))}
	}
	c.Seed = *seed
	for _, o := range []struct {
		v   int
		dst *int
	}{{*features, &c.Features}, {*sprints, &c.Sprints}, {*stories, &c.StoriesPerSprint}, {*releases, &c.Releases}, {*long, &c.LongDescriptions}} {
		if o.v >= 0 {
			*o.dst = o.v
		}
	}
	start := time.Now()
	if err := synth.Write(*out, c); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d features, %d sprints, %d stories per sprint, seed %d in %v\n",
		*out, c.Features, c.Sprints, c.StoriesPerSprint, c.Seed, time.Since(start).Round(time.Millisecond))
	return nil
}
