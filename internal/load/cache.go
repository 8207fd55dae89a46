package load

import (
	"io/fs"
	"os"
	"slices"
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
	// backlog is what a backlog file converted into, when that gave no
	// problem; nil for other files.
	backlog *convertedBacklog
}

// convertedBacklog is a backlog file's features and their tables, kept so
// that a rebuild after a save does not convert the unchanged backlog
// files' features again (most of a serve rebuild's load of a large
// backlog). Nothing after the loader changes a model.Feature, so
// consecutive sites share them. The conversion reads the file and the
// default visibility only.
type convertedBacklog struct {
	visibility model.Visibility // site.toml's default visibility it used
	features   []*model.Feature
	tables     []*table
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

// loadBacklogFile converts the backlog file rel, parsed into tree, or
// takes the features the previous load converted from the same text
// (prev, the cached parse; nil when the file was parsed anew).
func (ld *loader) loadBacklogFile(rel string, tree map[string]any, f *tomlFile, prev *parsedFile) {
	vis := ld.site.Config.Publish.DefaultVisibility
	if prev != nil && prev.backlog != nil && prev.backlog.visibility == vis {
		c := prev.backlog
		tables := make([]table, len(c.tables))
		for i, feat := range c.features {
			// The cached table reports its feature's later problems
			// (validation) into this load's list.
			tables[i] = *c.tables[i]
			tables[i].f = f
			ld.features[feat] = &tables[i]
		}
		ld.site.Features = append(ld.site.Features, c.features...)
		ld.keepBacklog(rel, c)
		return
	}
	problems, first := len(ld.errs), len(ld.site.Features)
	ld.loadBacklog(f.root(tree))
	if ld.parsed == nil || len(ld.errs) != problems {
		return
	}
	c := &convertedBacklog{visibility: vis, features: slices.Clone(ld.site.Features[first:])}
	c.tables = make([]*table, len(c.features))
	for i, feat := range c.features {
		c.tables[i] = ld.features[feat]
	}
	ld.keepBacklog(rel, c)
}

// keepBacklog adds a backlog file's conversion to its kept parse.
func (ld *loader) keepBacklog(rel string, c *convertedBacklog) {
	if p, ok := ld.parsed[rel]; ok {
		p.backlog = c
		ld.parsed[rel] = p
	}
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
