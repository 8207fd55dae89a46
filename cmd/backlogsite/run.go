package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"strings"

	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/model"
)

// usageError is a mistake in the command line: exit status 2.
type usageError struct {
	msg   string
	usage string
}

func (e *usageError) Error() string { return e.msg }

// reported is an error already written to the terminal in full.
type reported struct{ err error }

func (e reported) Error() string { return e.err.Error() }
func (e reported) Unwrap() error { return e.err }

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "backlogsite: %s\n", ue.msg)
		if ue.usage != "" {
			fmt.Fprint(stderr, ue.usage)
		}
		return 2
	}
	var r reported
	if !errors.As(err, &r) {
		var list model.ErrorList
		if errors.As(err, &list) {
			fmt.Fprintln(stderr, list.Error())
		} else {
			fmt.Fprintf(stderr, "backlogsite: %s\n", err)
		}
	}
	return 1
}

const mainUsage = `usage: backlogsite <command> [flags] [site directory]

Commands:
  build     build the site into an output directory (default public/)
  check     validate the site without writing anything
  serve     build, serve on localhost and rebuild on every save
  watch     rebuild the output directory on every save
  new       create a new site directory to start from
  import    create a site directory from a Jira or GitHub export
  diff      print what a change to the plan does, between two folders or revisions
  version   print the version

Run 'backlogsite <command> -h' for a command's flags.
`

// run is the whole program: args without the program name. It writes only
// to stdout and stderr and keeps no state between calls.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return &usageError{msg: "no command given", usage: mainUsage}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "version":
		return runVersion(rest, stdout, stderr)
	case "new":
		return runNew(ctx, rest, stdout, stderr)
	case "import":
		return runImport(ctx, rest, stdout, stderr)
	case "diff":
		return runDiff(ctx, rest, stdout, stderr)
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "watch":
		return runWatch(ctx, rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, mainUsage)
		return nil
	}
	return &usageError{msg: fmt.Sprintf("unknown command %q", cmd), usage: mainUsage}
}

// command is one subcommand's flags and usage text.
type command struct {
	name  string
	args  string // e.g. "[site directory]"
	about string
	flags *flag.FlagSet
}

func newCommand(name, args, about string) *command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return &command{name: name, args: args, about: about, flags: fs}
}

func (c *command) usage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: backlogsite %s [flags] %s\n\n%s\n", c.name, c.args, c.about)
	var flags strings.Builder
	c.flags.SetOutput(&flags)
	c.flags.PrintDefaults()
	c.flags.SetOutput(io.Discard)
	if flags.Len() > 0 {
		fmt.Fprintf(&b, "\nFlags:\n%s", flags.String())
	}
	return b.String()
}

// parse reads flags placed before or after the positional arguments
// (`build -o out site` and `build site -o out` both work) and returns the
// positionals. It returns errHelp after printing usage for -h.
func (c *command) parse(args []string, stdout io.Writer, maxPositional int) ([]string, error) {
	var positional []string
	for {
		if err := c.flags.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, c.usage())
				return nil, errHelp
			}
			return nil, &usageError{msg: err.Error(), usage: c.usage()}
		}
		args = c.flags.Args()
		if len(args) == 0 {
			break
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
	if len(positional) > maxPositional {
		return nil, &usageError{msg: fmt.Sprintf("%s takes at most %d argument(s), got %q", c.name, maxPositional, strings.Join(positional, " ")), usage: c.usage()}
	}
	return positional, nil
}

// errHelp ends a command successfully after -h printed its usage.
var errHelp = errors.New("help requested")

// siteDir is the site directory argument, "." when none is given.
func siteDir(positional []string) string {
	if len(positional) == 0 {
		return "."
	}
	return positional[0]
}

// dateFlag is a -as-of style flag holding a calendar date.
type dateFlag struct{ d *model.Date }

func (f dateFlag) String() string {
	if f.d == nil {
		return ""
	}
	return f.d.String()
}

func (f dateFlag) Set(s string) error {
	d, err := model.ParseDate(s)
	if err != nil {
		return err
	}
	*f.d = d
	return nil
}

// audienceFlag is --audience: who the site is built for.
type audienceFlag struct{ a *audience.Audience }

func (f audienceFlag) String() string {
	if f.a == nil || *f.a == "" {
		return string(audience.Internal)
	}
	return string(*f.a)
}

func (f audienceFlag) Set(s string) error {
	a, ok := audience.Parse(s)
	if !ok {
		return fmt.Errorf("unknown audience %q (use internal or public)", s)
	}
	*f.a = a
	return nil
}

// audienceUsage is the --audience flag's help, the same for every command.
const audienceUsage = "who the site is for: `internal` (the full site) or public (the public roadmap: public features, releases and pages, no scores, estimates or sprints)"

func runVersion(args []string, stdout, _ io.Writer) error {
	c := newCommand("version", "", "Print the version of backlogsite.")
	if _, err := c.parse(args, stdout, 0); err != nil {
		return ignoreHelp(err)
	}
	fmt.Fprintf(stdout, "backlogsite %s\n", version())
	return nil
}

// version comes from the module's build info: the tag for `go install
// ...@v1.2.3`, "(devel)" plus the VCS revision for a local build.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	if v == "(devel)" {
		var rev, dirty string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			v += " " + rev + dirty
		}
	}
	return v
}

func ignoreHelp(err error) error {
	if errors.Is(err, errHelp) {
		return nil
	}
	return err
}
