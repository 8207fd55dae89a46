package render

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

// Pages is a site prepared for rendering: templates parsed, page models
// indexable by output name. Any file renders on demand with File, so the
// live server pays for the pages a browser asks for instead of all of them.
// Render writes every file of the same Pages; both go through the same jobs.
// A Pages is immutable once prepared and safe for concurrent use.
type Pages struct {
	r     *renderer
	jobs  []job
	index map[string]int
	names []string // sorted
	pages int      // HTML files among names
	memo  []memoFile
}

type memoFile struct {
	once sync.Once
	data []byte
	err  error
}

// Prepare parses the templates and lists every output file of a loaded site
// and its computed report. It fails where Render would fail before writing
// anything: a template that does not parse, a misnamed layout, two files
// for one output name. Errors of executing a page show only when that page
// is rendered.
func Prepare(ctx context.Context, site *model.Site, rep *report.Report, opts Options) (*Pages, error) {
	opts.public = nil
	return prepare(ctx, site, rep, opts)
}

func prepare(ctx context.Context, site *model.Site, rep *report.Report, opts Options) (*Pages, error) {
	if site == nil || rep == nil {
		return nil, fmt.Errorf("render: no site or report")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	theme, err := themeFS(site.Config.Theme)
	if err != nil {
		return nil, err
	}
	r, err := newRenderer(site, rep, theme, opts)
	if err != nil {
		return nil, err
	}
	jobs, err := r.jobs()
	if err != nil {
		return nil, err
	}
	p := &Pages{r: r, jobs: jobs, index: make(map[string]int, len(jobs)), names: make([]string, len(jobs)), memo: make([]memoFile, len(jobs))}
	for i, j := range jobs {
		p.index[j.name] = i
		p.names[i] = j.name
		if strings.HasSuffix(j.name, ".html") {
			p.pages++
		}
	}
	sort.Strings(p.names)
	return p, nil
}

// Names lists every file of the site, sorted. The slice is shared; do not
// modify it.
func (p *Pages) Names() []string { return p.names }

// Has reports whether name is a file of the site.
func (p *Pages) Has(name string) bool {
	_, ok := p.index[name]
	return ok
}

// Count returns how many HTML pages and files in all the site has.
func (p *Pages) Count() (pages, files int) { return p.pages, len(p.jobs) }

// File renders the file called name (the first call; later ones return
// the same bytes, which the caller must not modify). A name that is not a
// file of the site gives an error wrapping fs.ErrNotExist.
func (p *Pages) File(name string) ([]byte, error) {
	i, ok := p.index[name]
	if !ok {
		return nil, fmt.Errorf("%s: %w", name, fs.ErrNotExist)
	}
	m := &p.memo[i]
	m.once.Do(func() {
		m.data, m.err = p.jobs[i].bytes()
		if m.err != nil {
			m.err = fmt.Errorf("%s: %w", name, m.err)
		}
	})
	return m.data, m.err
}

// TemplateCache keeps the parsed templates of one build for the next, so a
// rebuild whose layouts/ did not change parses nothing. The zero value is
// ready to use; it is safe for concurrent use. Parsed templates hold no
// build's data (the template functions are pure), so sharing them between
// builds cannot leak one build into another.
type TemplateCache struct {
	mu   sync.Mutex
	key  string
	tmpl map[string]*template.Template
}

func (c *TemplateCache) get(key string) map[string]*template.Template {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.key != key {
		return nil
	}
	return c.tmpl
}

func (c *TemplateCache) put(key string, tmpl map[string]*template.Template) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.key, c.tmpl = key, tmpl
}
