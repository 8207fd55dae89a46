package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/render"
	"github.com/backlogsite/backlogsite/internal/report"
)

// BuildOptions say what Build reads and where it writes.
type BuildOptions struct {
	SiteDir string // the site directory (site.toml, backlog/, …)
	OutDir  string // the output directory; replaced as a whole
	// BaseURL, when set, replaces site.toml's base_url (sitemap and
	// canonical links only).
	BaseURL string
	// AsOf is the --as-of flag; zero lets site.toml or the sprint logs
	// decide (SPEC §3.1).
	AsOf model.Date
	// Workers bounds concurrent page rendering; 0 means twice GOMAXPROCS.
	Workers int
}

// Build loads, computes and renders a site into OutDir. Everything is
// written to a temporary directory beside OutDir first and swapped in only
// when the whole site was written, so on any error the previous output stays
// exactly as it was (SPEC §5). Input problems come back as an ErrorList.
func Build(ctx context.Context, opts BuildOptions) (*render.Result, error) {
	if opts.OutDir == "" {
		return nil, errors.New("build: no output directory")
	}
	out, err := filepath.Abs(opts.OutDir)
	if err != nil {
		return nil, err
	}
	if err := checkOutDir(out, opts.SiteDir); err != nil {
		return nil, err
	}
	site, err := load.Dir(opts.SiteDir)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep, err := report.Compute(site, report.AsOf(site, opts.AsOf))
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, err
	}
	keep := false
	defer func() {
		if !keep {
			os.RemoveAll(tmp)
		}
	}()
	res, err := render.Render(ctx, site, rep, output.NewDir(tmp), render.Options{BaseURL: opts.BaseURL, Workers: opts.Workers})
	if err != nil {
		return nil, err
	}
	// MkdirTemp creates the directory private to its owner; a published site
	// is meant to be read.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := swapDir(tmp, out); err != nil {
		return nil, err
	}
	keep = true
	return res, nil
}

// outputMarker is a file every build writes; a directory that has it was
// made by backlogsite and may be replaced.
const outputMarker = ".nojekyll"

// checkOutDir refuses output directories whose replacement would destroy
// something that is not a previous build: the site itself, a folder holding
// the site, or a non-empty folder that backlogsite did not write.
func checkOutDir(out, siteDir string) error {
	site, err := filepath.Abs(siteDir)
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(out, site); err == nil && (rel == "." || filepath.IsLocal(rel)) {
		return fmt.Errorf("output directory %s would contain the site directory %s; choose another with -o", out, siteDir)
	}
	fi, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("output %s exists and is not a directory", out)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(out, outputMarker)); err != nil {
		return fmt.Errorf("output directory %s is not empty and was not written by backlogsite (no %s); refusing to replace it", out, outputMarker)
	}
	return nil
}

// swapDir replaces dst with src using renames within one parent directory,
// so a reader sees either the old site or the new one. If the second rename
// fails, the old output is put back.
func swapDir(src, dst string) error {
	old := ""
	if _, err := os.Lstat(dst); err == nil {
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
		old = tmpOld
	}
	if err := os.Rename(src, dst); err != nil {
		if old != "" {
			if rerr := os.Rename(old, dst); rerr != nil {
				return fmt.Errorf("%v; the previous output is at %s: %v", err, old, rerr)
			}
		}
		return err
	}
	if old != "" {
		if err := removeTree(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("new output written, but the previous one could not be removed from %s: %w", old, err)
		}
	}
	return nil
}

// removeTree removes dir and everything in it, like os.RemoveAll, with
// the folders two levels down (features/F-1, sprints/S-1, …) removed by
// several goroutines at once: deleting the previous output of a
// 10,000-page site took as long as writing the new one. The parallel part
// goes through an os.Root, so that a folder swapped for a symbolic link
// meanwhile cannot lead it outside dir.
func removeTree(dir string) error {
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
