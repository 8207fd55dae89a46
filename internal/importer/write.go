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
// replaces anything: every directory and file is created anew (a file that
// exists is an error), so a directory the caller checked is empty stays
// untouched by a second import racing this one. On an error it removes what
// it created, leaving dir as it found it.
func WriteDir(dir string, files []File) (err error) {
	var created []string
	defer func() {
		if err != nil {
			for _, p := range slices.Backward(created) {
				os.Remove(p)
			}
		}
	}()
	if _, statErr := os.Stat(dir); errors.Is(statErr, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("cannot create %s: %w", dir, unwrapPath(err))
		}
		created = append(created, dir)
	}
	made := map[string]bool{".": true}
	for _, f := range files {
		for _, d := range parents(path.Dir(f.Path)) {
			if made[d] {
				continue
			}
			target := filepath.Join(dir, filepath.FromSlash(d))
			if err := os.Mkdir(target, 0o755); err != nil {
				return fmt.Errorf("cannot create %s: %w", target, unwrapPath(err))
			}
			made[d] = true
			created = append(created, target)
		}
		target := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := writeNew(target, f.Data); err != nil {
			return err
		}
		created = append(created, target)
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

func writeNew(target string, data []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("cannot create %s: %w", target, unwrapPath(err))
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(target)
		return fmt.Errorf("cannot write %s: %w", target, unwrapPath(werr))
	}
	return nil
}

// unwrapPath drops the path an *fs.PathError repeats, since the messages
// here name the file already.
func unwrapPath(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}
