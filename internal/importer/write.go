package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
)

// WriteDir writes the files below dir, creating it when missing. It never
// replaces anything: every directory and file is created anew (one that
// exists is an error), so that a second import racing this one cannot mix
// its files in. It writes through an os.Root, so that nothing lands outside
// dir, whatever links appear in it. On an error it removes what it made.
func WriteDir(dir string, files []File) (err error) {
	madeDir := false
	if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("cannot create %s: %w", dir, unwrapPath(err))
		}
		madeDir = true
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("cannot write into %s: %w", dir, unwrapPath(err))
	}
	defer root.Close()
	var made []string
	defer func() {
		if err == nil {
			return
		}
		for _, p := range slices.Backward(made) {
			root.Remove(p)
		}
		if madeDir {
			os.Remove(dir)
		}
	}()
	dirs := map[string]bool{}
	for _, f := range files {
		name := filepath.FromSlash(f.Path)
		for _, d := range parents(path.Dir(f.Path)) {
			if !dirs[d] {
				if err := root.Mkdir(filepath.FromSlash(d), 0o755); err != nil {
					return fmt.Errorf("cannot create %s: %w", filepath.Join(dir, d), unwrapPath(err))
				}
				dirs[d] = true
				made = append(made, filepath.FromSlash(d))
			}
		}
		out, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fmt.Errorf("cannot create %s: %w", filepath.Join(dir, name), unwrapPath(err))
		}
		made = append(made, name)
		_, werr := out.Write(f.Data)
		if err := errors.Join(werr, out.Close()); err != nil {
			return fmt.Errorf("cannot write %s: %w", filepath.Join(dir, name), unwrapPath(err))
		}
	}
	return nil
}

// parents lists a slash path's directories, outermost first: a/b → a, a/b.
func parents(d string) []string {
	if d == "." || d == "/" || d == "" {
		return nil
	}
	return append(parents(path.Dir(d)), d)
}

// unwrapPath drops the path an *fs.PathError repeats: the messages here
// name the file already.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}
