package render

import (
	"html/template"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/backlogsite/backlogsite/internal/model"
)

// Descriptions renders the features' Markdown descriptions ahead of the
// pages that show them. Markdown is the largest part of a feature page's
// cost (a tenth of a 10,000-feature build, most of one whose descriptions
// are long) and needs only the loaded site, so a build starts it as soon
// as the site is loaded and it runs beside the report's computation, which
// keeps one core busy and leaves the others idle. The HTML is byte for
// byte what the page would render itself.
type Descriptions struct {
	site  *model.Site
	index map[*model.Feature]int
	html  []template.HTML
	// state is each description's: pending, rendering or done. Whoever
	// moves it from pending renders it, a worker or the page itself (the
	// pages come in the report's order, the workers go in the site's), so
	// a page never waits for more than the one description it needs.
	state []atomic.Uint32
	next  atomic.Int64 // the next description a worker takes
	stop  atomic.Bool
	wg    sync.WaitGroup
}

const (
	pending uint32 = iota
	rendering
	rendered
)

// StartDescriptions starts rendering site's feature descriptions on all
// cores but one: the caller computes the report on that one meanwhile.
// Pass the result in Options; call Stop when the build ends, whether or not
// it rendered.
func StartDescriptions(site *model.Site) *Descriptions {
	n := len(site.Features)
	d := &Descriptions{
		site:  site,
		index: make(map[*model.Feature]int, n),
		html:  make([]template.HTML, n),
		state: make([]atomic.Uint32, n),
	}
	for i, f := range site.Features {
		d.index[f] = i
	}
	md := newMarkdownRenderer()
	for range max(1, runtime.GOMAXPROCS(0)-1) {
		d.wg.Go(func() {
			for !d.stop.Load() {
				i := int(d.next.Add(1) - 1)
				if i >= n {
					return
				}
				d.take(md, i)
			}
		})
	}
	return d
}

// take renders description i unless someone else already does, and
// reports whether it is rendered now.
func (d *Descriptions) take(md *markdownRenderer, i int) bool {
	if !d.state[i].CompareAndSwap(pending, rendering) {
		return d.state[i].Load() == rendered
	}
	d.html[i] = md.render(d.site.Features[i].Description)
	d.state[i].Store(rendered)
	return true
}

// Stop ends the rendering (a failed build has no use for it) and waits for
// the workers to return.
func (d *Descriptions) Stop() {
	if d == nil {
		return
	}
	d.stop.Store(true)
	d.wg.Wait()
}

// get returns f's rendered description; false when f is not of the site
// the descriptions are for.
func (d *Descriptions) get(md *markdownRenderer, f *model.Feature) (template.HTML, bool) {
	i, ok := d.index[f]
	if !ok {
		return "", false
	}
	for !d.take(md, i) {
		// A worker is rendering it: a fraction of a millisecond.
		runtime.Gosched()
	}
	return d.html[i], true
}

// description is f's description as HTML.
func (r *renderer) description(f *model.Feature) template.HTML {
	if r.desc != nil {
		if h, ok := r.desc.get(r.md, f); ok {
			return h
		}
	}
	return r.md.render(f.Description)
}
