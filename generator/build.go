package generator

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/backlogsite/backlogsite/internal/audience"
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
	// Audience is who the site is for: "" or audience.Internal for the
	// full site, audience.Public for the public roadmap.
	Audience audience.Audience
}

// lockWait is how long a build waits for another build into the same
// folder to finish: a large site builds in seconds.
const lockWait = 2 * time.Minute

// Open loads the site in dir and computes its report as of asOf (zero lets
// site.toml or the sprint logs decide, SPEC §3.1): what build, check, watch
// and serve all start from. Input problems come back as a model.ErrorList;
// the site is returned when it loaded, even if its figures failed.
func Open(ctx context.Context, dir string, asOf model.Date) (*model.Site, *report.Report, error) {
	return open(ctx, dir, asOf, nil, nil)
}

// OpenCached is Open for a process that opens the same site again and
// again (serve): cache keeps the files parsed by the previous call, and
// only files whose text changed are parsed again. It gives what Open gives.
func OpenCached(ctx context.Context, dir string, asOf model.Date, cache *load.Cache) (*model.Site, *report.Report, error) {
	return open(ctx, dir, asOf, cache, nil)
}

// open is Open through cache (nil: none), calling loaded, when set, with
// the site before the report is computed.
func open(ctx context.Context, dir string, asOf model.Date, cache *load.Cache, loaded func(*model.Site)) (*model.Site, *report.Report, error) {
	var site *model.Site
	var err error
	if cache != nil {
		site, err = load.DirCached(dir, cache)
	} else {
		site, err = load.Dir(dir)
	}
	if err != nil {
		return nil, nil, err
	}
	if loaded != nil {
		loaded(site)
	}
	if err := ctx.Err(); err != nil {
		return site, nil, err
	}
	rep, err := report.Compute(site, report.AsOf(site, asOf))
	if err != nil {
		return site, nil, err
	}
	return site, rep, nil
}

// Check runs every stage of a build but the writing, so that it fails
// wherever Build would: some problems only show when the figures are
// computed (an equation failing for one feature) or the pages rendered (a
// broken or misnamed layout). The site is returned when it loaded.
func Check(ctx context.Context, dir string, asOf model.Date, aud audience.Audience) (*model.Site, error) {
	site, rep, err := Open(ctx, dir, asOf)
	if err != nil {
		return site, err
	}
	_, err = Render(ctx, site, rep, output.Discard{}, render.Options{}, aud)
	return site, err
}

// Render writes the site for an audience. The public roadmap is rendered
// from its projection alone (internal/audience): the report is computed on
// the whole site, so public figures count internal work, and then
// projected, so that no internal item reaches render.
func Render(ctx context.Context, site *model.Site, rep *report.Report, out output.Output, opts render.Options, aud audience.Audience) (*render.Result, error) {
	if aud == audience.Public {
		return render.RenderPublic(ctx, audience.Project(site, rep), out, opts)
	}
	return render.Render(ctx, site, rep, out, opts)
}

// Prepare is render.Prepare (or PreparePublic) for an audience: the
// live server's pages.
func Prepare(ctx context.Context, site *model.Site, rep *report.Report, opts render.Options, aud audience.Audience) (*render.Pages, error) {
	if aud == audience.Public {
		return render.PreparePublic(ctx, audience.Project(site, rep), opts)
	}
	return render.Prepare(ctx, site, rep, opts)
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
	// Two builds into one folder take turns: they would race on its
	// renames, and the second must see the first one's manifest.
	unlock, err := output.Lock(ctx, out, lockWait)
	if err != nil {
		return nil, err
	}
	defer unlock()
	output.CleanLeftovers(out)
	if err := output.CheckFolder(opts.OutDir, opts.SiteDir); err != nil {
		return nil, err
	}
	// A build over an output changes only what changed (output.Update);
	// where the system cannot, which files of the previous output are still
	// the previous build's is found out while this one renders, and Publish
	// confirms it.
	update, err := output.BeginUpdate(out)
	if err != nil {
		return nil, err
	}
	var old *output.OldOutput
	if update != nil {
		defer update.Close()
	} else {
		old = output.LookAtOld(out)
	}
	// The report is computed on one core; the feature descriptions'
	// Markdown, which needs only the site, renders on the others meanwhile.
	// Not for the public roadmap: it renders its public descriptions
	// itself, since the early ones include internal features', which it
	// must never hold.
	var desc *render.Descriptions
	defer func() { desc.Stop() }()
	var startDescriptions func(*model.Site)
	if opts.Audience != audience.Public {
		startDescriptions = func(s *model.Site) { desc = render.StartDescriptions(s) }
	}
	site, rep, err := open(ctx, opts.SiteDir, opts.AsOf, nil, startDescriptions)
	if err != nil {
		return nil, err
	}
	ropts := render.Options{BaseURL: opts.BaseURL, Workers: opts.Workers, Descriptions: desc}
	if update != nil {
		rec := &output.Recording{Out: update}
		res, err := Render(ctx, site, rep, rec, ropts, opts.Audience)
		if err == nil {
			err = ctx.Err()
		}
		if err == nil {
			err = update.Publish(rec.Manifest())
		}
		if err != nil {
			return nil, err
		}
		return res, nil
	}
	tmp, err := output.Prepare(out)
	if err != nil {
		return nil, err
	}
	published := false
	defer func() {
		// Only the build's own files are in tmp unless it was published:
		// Publish moves what it carried over back when it fails.
		if !published {
			os.RemoveAll(tmp)
		}
	}()
	rec := &output.Recording{Out: output.NewDir(tmp)}
	res, err := Render(ctx, site, rep, rec, ropts, opts.Audience)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := output.PublishOver(tmp, out, rec.Manifest(), old); err != nil {
		return nil, err
	}
	published = true
	return res, nil
}
