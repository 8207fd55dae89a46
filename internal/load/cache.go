package load

import (
	"io/fs"
	"os"
	"sync"

	"github.com/backlogsite/backlogsite/internal/model"
)

// Cache keeps the parsed TOML files of one site directory from one load to
// the next, for serve and watch: after a save only the saved file is
// parsed again. A file is taken from the cache only when its text is the
// text that was parsed, and only files without problems are kept, so a
// load with a cache gives what a load without one gives. The zero Cache is
// ready to use; loads through one Cache take turns.
type Cache struct {
	mu    sync.Mutex
	dir   string
	files map[string]parsedFile
}

// parsedFile is a file's text and what parsing it gave; the tree and the
// locator are only read by the loader, so loads may share them.
type parsedFile struct {
	src  string
	tree map[string]any
	loc  *locator
}

// DirCached is Dir parsing only the files that changed since the last load
// through c.
func DirCached(dir string, c *Cache) (*model.Site, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir != dir {
		c.dir, c.files = dir, nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return FS(os.DirFS(dir), dir)
	}
	return fsCached(root.FS(), dir, defaultLimits(), c)
}

func fsCached(fsys fs.FS, dir string, lim limits, c *Cache) (*model.Site, error) {
	ld := &loader{fsys: fsys, dir: dir, limits: lim, site: &model.Site{Dir: dir, Files: fsys}, cache: c, parsed: map[string]parsedFile{}}
	ld.loadAll()
	ld.validate()
	// The files of this load replace the cache's: a removed file leaves.
	c.files = ld.parsed
	if err := ld.errs.Err(); err != nil {
		return nil, err
	}
	return ld.site, nil
}

// cached returns the parse of rel if its text is src.
func (ld *loader) cached(rel, src string) (parsedFile, bool) {
	if ld.cache == nil {
		return parsedFile{}, false
	}
	p, ok := ld.cache.files[rel]
	return p, ok && p.src == src
}

// keep records a parse without problems for the next load.
func (ld *loader) keep(rel string, p parsedFile) {
	if ld.parsed != nil {
		ld.parsed[rel] = p
	}
}
