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

// CheckFolder refuses output folders whose replacement could destroy
// something that is not a previous build: the site itself or a folder
// holding it (compared after resolving links, both ways), the file
// system's root, a file, a symbolic link (replacing it would replace the
// link, and clean-ups must never follow one), or a non-empty folder
// without a valid backlogsite manifest. build, watch and serve all ask it,
// so that a command refuses exactly what the others refuse. The messages
// name out and siteDir as the user wrote them.
func CheckFolder(out, siteDir string) error {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	if holdsSite(absOut, siteDir) || filepath.Dir(absOut) == absOut {
		return fmt.Errorf("refusing to write to %s: it holds the site directory %s; pick another with -o", out, siteDir)
	}
	fi, err := os.Lstat(absOut)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case fi.Mode()&fs.ModeSymlink != 0:
		return fmt.Errorf("refusing to write to %s: it is a symbolic link; give the folder it leads to with -o", out)
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
	if _, err := ReadManifest(absOut); err != nil {
		if errors.Is(err, errNoManifest) {
			return fmt.Errorf("refusing to replace %s: it is not empty and was not written by backlogsite (no %s); pick another with -o, or empty it", out, ManifestName)
		}
		return fmt.Errorf("refusing to replace %s: %v; pick another with -o", out, err)
	}
	return nil
}

// holdsSite reports whether the output folder out (absolute) is the site
// folder or one of its parents, once links are resolved on both sides: a
// site given through a link, or an output path through one, must not make
// the site look like it is elsewhere.
func holdsSite(out, siteDir string) bool {
	site, err := filepath.Abs(siteDir)
	if err != nil {
		return false
	}
	candidates := [][2]string{{out, site}}
	if rs, err := filepath.EvalSymlinks(site); err == nil {
		ro := resolveExisting(out)
		candidates = append(candidates, [2]string{ro, rs}, [2]string{out, rs}, [2]string{ro, site})
	}
	for _, c := range candidates {
		if rel, err := filepath.Rel(c[0], c[1]); err == nil && (rel == "." || filepath.IsLocal(rel)) {
			return true
		}
	}
	// The same folder under two names that EvalSymlinks would not tell
	// apart (a bind mount).
	fo, err1 := os.Stat(out)
	fsite, err2 := os.Stat(site)
	return err1 == nil && err2 == nil && os.SameFile(fo, fsite)
}

// resolveExisting resolves the links of the longest existing part of p.
func resolveExisting(p string) string {
	rest := ""
	for q := p; ; q = filepath.Dir(q) {
		if r, err := filepath.EvalSymlinks(q); err == nil {
			return filepath.Join(r, rest)
		}
		if filepath.Dir(q) == q {
			return p
		}
		rest = filepath.Join(filepath.Base(q), rest)
	}
}

// swap puts the finished folder src in the place of dst, which may not
// exist yet, and returns where dst's previous content now is ("" when
// there was none). src and dst must share a parent folder, so that renames
// suffice.
//
// On Linux the two folders are exchanged in one renameat2(RENAME_EXCHANGE)
// call: dst always exists, and a reader (a web server, a browser on
// file://) sees either the old site or the new one. Elsewhere, and on file
// systems without the call, dst is renamed aside first: between the two
// renames dst does not exist. If the second rename fails, the old output is
// put back.
func swap(src, dst string) (old string, err error) {
	if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
		return "", os.Rename(src, dst)
	}
	switch err := exchange(src, dst); {
	case err == nil:
		return src, nil
	case !errors.Is(err, errExchangeUnsupported):
		return "", err
	}
	tmpOld, err := os.MkdirTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".old-")
	if err != nil {
		return "", err
	}
	// MkdirTemp only reserves a unique name; the rename needs it absent.
	if err := os.Remove(tmpOld); err != nil {
		return "", err
	}
	if err := os.Rename(dst, tmpOld); err != nil {
		return "", err
	}
	if err := os.Rename(src, dst); err != nil {
		if rerr := os.Rename(tmpOld, dst); rerr != nil {
			return "", fmt.Errorf("%v; the previous output is at %s: %v", err, tmpOld, rerr)
		}
		return "", err
	}
	return tmpOld, nil
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
	inParallel(len(subdirs), func(i int) {
		root.RemoveAll(subdirs[i]) // errors show in the RemoveAll of dir
	})
	return os.RemoveAll(dir)
}

// inParallel calls f(i) for every i < n, from twice as many goroutines as
// there are processors: the work of this package is file system calls,
// which mostly wait on the kernel.
func inParallel(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(2*runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
