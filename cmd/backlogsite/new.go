package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// skeleton is the site `backlogsite new` writes: a small, commented copy of
// the example site that check and build accept as it is. "all:" keeps its
// .gitignore, which go:embed would skip as a hidden file.
//
//go:embed all:skeleton
var skeleton embed.FS

func runNew(_ context.Context, args []string, stdout, _ io.Writer) error {
	c := newCommand("new", "DIR",
		"Create a site directory DIR to start from: a small commented example with\na backlog, one release, two sprints and a page. DIR is created when missing\nand must be empty when it exists.")
	positional, err := c.parse(args, stdout, 1)
	if err != nil {
		return ignoreHelp(err)
	}
	if len(positional) == 0 {
		return &usageError{msg: "new needs the directory to create", usage: c.usage()}
	}
	dir := positional[0]
	files, err := fs.Sub(skeleton, "skeleton")
	if err != nil {
		return err
	}
	if err := checkEmptyDir(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create %s: %w", dir, unwrapPath(err))
	}
	if err := copySkeleton(files, dir); err != nil {
		return err
	}
	fmt.Fprintf(stdout, `created a new site in %s

Next steps:
  cd %s
  backlogsite check      validate the files after each edit
  backlogsite build      write the website to public/
  backlogsite serve      preview it in a browser while you edit
`, dir, dir)
	return nil
}

// checkEmptyDir refuses a directory that already holds something: a new site
// must never overwrite a user's files.
func checkEmptyDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("cannot use %s: %w", dir, unwrapPath(err))
	case !info.IsDir():
		return fmt.Errorf("%s already exists and is not a directory; choose a new directory name", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", dir, unwrapPath(err))
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty; refusing to overwrite it (choose a new or empty directory)", dir)
	}
	return nil
}

// copySkeleton writes every file of files below dir. Files are created
// exclusively, so a file that appeared since the emptiness check is not
// overwritten either.
func copySkeleton(files fs.FS, dir string) error {
	return fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			if p == "." {
				return nil
			}
			if err := os.Mkdir(target, 0o755); err != nil {
				return fmt.Errorf("cannot create %s: %w", target, unwrapPath(err))
			}
			return nil
		}
		data, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fmt.Errorf("cannot create %s: %w", target, unwrapPath(err))
		}
		_, werr := f.Write(data)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return fmt.Errorf("cannot write %s: %w", target, unwrapPath(werr))
		}
		return nil
	})
}

// unwrapPath drops the path an *fs.PathError repeats, since messages here
// already name the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
