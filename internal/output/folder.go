package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// Marker is a file every build writes; a folder that has it was made by
// backlogsite and may be replaced. (GitHub Pages also needs it, so that
// folders starting with an underscore are served.)
const Marker = ".nojekyll"

// CheckFolder refuses output folders whose replacement would destroy
// something that is not a previous build: the site itself or a folder
// holding it, the file system's root, a file, or a non-empty folder that
// backlogsite did not write. build, watch and serve all ask it, so that a
// command refuses exactly what the others refuse. The messages name out
// and siteDir as the user wrote them.
func CheckFolder(out, siteDir string) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	absSite, err := filepath.Abs(siteDir)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(absOut, absSite); err == nil && (rel == "." || filepath.IsLocal(rel)) || filepath.Dir(absOut) == absOut {
		return fmt.Errorf("refusing to write to %s: it holds the site directory %s; pick another with -o", out, siteDir)
	}
	fi, err := os.Stat(absOut)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("refusing to write to %s: it is a file, not a directory", out)
	}
	entries, err := os.ReadDir(absOut)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(absOut, Marker)); err != nil {
		return fmt.Errorf("refusing to replace %s: it is not empty and was not written by backlogsite (no %s); pick another with -o", out, Marker)
	}
	return nil
}

// Swap puts the finished folder src in the place of dst, which may not
// exist yet, and removes what dst held. src and dst must share a parent
// folder, so that renames suffice.
//
// On Linux the two folders are exchanged in one renameat2(RENAME_EXCHANGE)
// call: dst always exists, and a reader (a web server, a browser on
// file://) sees either the old site or the new one. Elsewhere, and on file
// systems without the call, dst is renamed aside first: between the two
// renames dst does not exist. If the second rename fails, the old output is
// put back.
func Swap(src, dst string) error {
	if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(src, dst)
	}
	switch err := exchange(src, dst); {
	case err == nil:
		// src now holds the previous output.
		return removeOld(src)
	case !errors.Is(err, errExchangeUnsupported):
		return err
	}
	tmpOld, err := os.MkdirTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".old-")
	if err != nil {
		return err
	}
	// MkdirTemp only reserves a unique name; the rename needs it absent.
	if err := os.Remove(tmpOld); err != nil {
		return err
	}
	if err := os.Rename(dst, tmpOld); err != nil {
		return err
	}
	if err := os.Rename(src, dst); err != nil {
		if rerr := os.Rename(tmpOld, dst); rerr != nil {
			return fmt.Errorf("%v; the previous output is at %s: %v", err, tmpOld, rerr)
		}
		return err
	}
	return removeOld(tmpOld)
}

func removeOld(old string) error {
	if err := RemoveTree(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("new output written, but the previous one could not be removed from %s: %w", old, err)
	}
	return nil
}

// errExchangeUnsupported says that this system or file system cannot
// exchange two paths atomically.
var errExchangeUnsupported = errors.New("atomic exchange unsupported")

// RemoveTree removes dir and everything in it, like os.RemoveAll, with
// the folders two levels down (features/F-1, sprints/S-1, …) removed by
// several goroutines at once: deleting the previous output of a
// 10,000-page site took as long as writing the new one. The parallel part
// goes through an os.Root, so that a folder swapped for a symbolic link
// meanwhile cannot lead it outside dir.
func RemoveTree(dir string) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	defer root.Close()
	var subdirs []string
	top, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return os.RemoveAll(dir)
	}
	for _, e := range top {
		if !e.IsDir() {
			continue
		}
		children, err := fs.ReadDir(root.FS(), e.Name())
		if err != nil {
			continue // RemoveAll below reports it
		}
		for _, c := range children {
			subdirs = append(subdirs, e.Name()+"/"+c.Name())
		}
	}
	next := make(chan string)
	var wg sync.WaitGroup
	for range min(2*runtime.GOMAXPROCS(0), len(subdirs)) {
		wg.Go(func() {
			for p := range next {
				root.RemoveAll(p) // errors show in the RemoveAll of dir
			}
		})
	}
	for _, p := range subdirs {
		next <- p
	}
	close(next)
	wg.Wait()
	return os.RemoveAll(dir)
}
