package load

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"

	"github.com/backlogsite/backlogsite/internal/model"
)

// Dir reads and validates the site directory dir (SPEC §2). On bad input it
// returns an ErrorList holding every problem found, sorted, with positions
// shown relative to dir as the user typed it.
//
// The site is read through an os.Root, so a symbolic link that leads out
// of the site is refused when a file is opened through it, not after the
// file was read; the validation then names the link. The root stays open
// for render to read layouts/ and static/ (and closes when the Site is
// collected).
func Dir(dir string) (*model.Site, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		// Not a directory, or missing: os.DirFS gives the same positioned
		// "not a site directory" problem as any other unreadable site.
		return FS(os.DirFS(dir), dir)
	}
	return FS(root.FS(), dir)
}

// FS is Dir over any file system; dir is only used to show paths.
func FS(fsys fs.FS, dir string) (*model.Site, error) {
	return fsWithLimits(fsys, dir, defaultLimits())
}

func fsWithLimits(fsys fs.FS, dir string, lim limits) (*model.Site, error) {
	ld := &loader{fsys: fsys, dir: dir, limits: lim, site: &model.Site{Dir: dir, Files: fsys}}
	ld.loadAll()
	ld.validate()
	if err := ld.errs.Err(); err != nil {
		return nil, err
	}
	return ld.site, nil
}

// loader holds what the checks across files need: where each entity was
// written, so that a problem found late still names its file and line.
type loader struct {
	fsys   fs.FS
	dir    string
	limits limits
	site   *model.Site
	errs   model.ErrorList

	siteTable *table
	features  map[*model.Feature]*table
	releases  map[*model.Release]*table
	sprints   map[*model.Sprint]*table
	stories   map[*model.Story]*table
	logs      map[*model.LogEntry]*table
	equation  *table // the [scorecard] table, for equation errors
	// unparsed names the kinds ("site", "backlog", "releases") of which a
	// file could not be parsed: references into them are not checked, since
	// the referenced entries (or the scorecard) may be in that file.
	unparsed map[string]bool
	// finalDone marks stories done at the end of their sprint's log.
	finalDone map[storyKey]bool

	// cache holds the previous load's parses (nil: none); parsed collects
	// this load's for the next.
	cache  *Cache
	parsed map[string]parsedFile
}

// display is how a file inside the site is named in messages.
func (ld *loader) display(rel string) string {
	return filepath.Join(ld.dir, filepath.FromSlash(rel))
}

func (ld *loader) loadAll() {
	ld.features = map[*model.Feature]*table{}
	ld.releases = map[*model.Release]*table{}
	ld.sprints = map[*model.Sprint]*table{}
	ld.stories = map[*model.Story]*table{}
	ld.logs = map[*model.LogEntry]*table{}
	ld.finalDone = map[storyKey]bool{}
	ld.unparsed = map[string]bool{}

	if info, err := fs.Stat(ld.fsys, "."); err != nil || !info.IsDir() {
		ld.errs.Add(model.Pos{Path: ld.dir}, "not a site directory: %s", describeFSError(err, "not a directory"))
		return
	}
	backlog := ld.list("backlog", ".toml")
	releases := ld.list("releases", ".toml")
	sprints := ld.list("sprints", ".toml")
	rels := append(append(append([]string{"site.toml"}, backlog...), releases...), sprints...)
	pages := ld.list("pages", ".md")
	if !ld.checkInputSize(append(append([]string(nil), rels...), pages...)) {
		return
	}
	next := ld.parseAhead(rels)
	if tree, f, _ := next(); f != nil {
		ld.loadConfig(f.root(tree))
	} else {
		ld.unparsed["site"] = true
	}
	for _, rel := range backlog {
		if tree, f, prev := next(); f != nil {
			ld.loadBacklogFile(rel, tree, f, prev)
		} else {
			ld.unparsed["backlog"] = true
		}
	}
	for range releases {
		if tree, f, _ := next(); f != nil {
			ld.loadRelease(f.root(tree))
		} else {
			ld.unparsed["releases"] = true
		}
	}
	for range sprints {
		if tree, f, _ := next(); f != nil {
			ld.loadSprint(f.root(tree))
		}
	}
	for _, rel := range pages {
		ld.loadPage(rel)
	}
	ld.site.StaticFiles = ld.walk("static")
	ld.site.LayoutFiles = ld.list("layouts", ".html")
	for i, name := range ld.site.LayoutFiles {
		ld.site.LayoutFiles[i] = path.Base(name)
	}
}

func describeFSError(err error, fallback string) string {
	switch {
	case err == nil:
		return fallback
	case errors.Is(err, fs.ErrNotExist):
		return "no such directory"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// read returns a file's text. It reads straight into a string, what the
// TOML parser takes: converting a []byte would copy the file once more.
func (ld *loader) read(rel string) (string, bool) {
	name := ld.display(rel)
	info, err := fs.Stat(ld.fsys, rel)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && rel == "site.toml" {
			ld.errs.Add(model.Pos{Path: name}, "missing: every site needs a site.toml with at least a title")
		} else {
			ld.errs.Add(model.Pos{Path: name}, "cannot read: %s", describeFSError(err, "unknown error"))
		}
		return "", false
	}
	if !info.Mode().IsRegular() {
		ld.errs.Add(model.Pos{Path: name}, "not a regular file")
		return "", false
	}
	if info.Size() > ld.limits.fileSize {
		ld.errs.Add(model.Pos{Path: name}, "file is too large (%d bytes; the limit is %d MiB): split it into several files", info.Size(), ld.limits.fileSize>>20)
		return "", false
	}
	text, err := readString(ld.fsys, rel, info.Size(), ld.limits.fileSize)
	if err != nil {
		ld.errs.Add(model.Pos{Path: name}, "cannot read: %s", describeFSError(err, "unknown error"))
		return "", false
	}
	return text, true
}

// readString reads a file of about size bytes into a string, refusing one
// that grew past limit since it was measured.
func readString(fsys fs.FS, name string, size, limit int64) (string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	b.Grow(int(size))
	n, err := io.Copy(&b, io.LimitReader(f, limit+1))
	if err == nil && n > limit {
		err = fmt.Errorf("the file grew past %d MiB while it was read", limit>>20)
	}
	return b.String(), err
}

// parseAhead reads and parses the TOML files rels on every core, a bounded
// number of files ahead, and returns a function giving their results one
// by one in order. Reading and parsing is most of the loader's time;
// turning trees into entries stays sequential, so entries keep their file
// order, and the cached parse when the file's text had been parsed by the
// previous load through the cache. Each file's problems are gathered apart
// and joined to ld.errs as its turn comes (the list is sorted at the end,
// so the order they are added in does not show).
//
// One goroutine reads and scans the files in order (scanTOML, far faster
// than parsing) and starts each parse once the memory it will take fits
// beside the parses not yet consumed (limits.parsing, in MiB tokens): a
// core count alone would let a large machine parse a hundred large files
// at once.
func (ld *loader) parseAhead(rels []string) func() (map[string]any, *tomlFile, *parsedFile) {
	type parsed struct {
		tree   map[string]any
		f      *tomlFile
		errs   model.ErrorList
		tokens int
		rel    string
		src    string
		hit    *parsedFile
	}
	results := make([]chan *parsed, len(rels))
	for i := range results {
		results[i] = make(chan *parsed, 1)
	}
	ahead := make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	memory := make(chan struct{}, max(1, ld.limits.parsing>>20))
	go func() {
		for i, rel := range rels {
			ahead <- struct{}{}
			sub := &loader{fsys: ld.fsys, dir: ld.dir, limits: ld.limits}
			p := &parsed{rel: rel}
			src, ok := sub.read(rel)
			if c, hit := ld.cached(rel, src); ok && hit {
				p.tree, p.f, p.src, p.hit = c.tree, &tomlFile{loc: c.loc}, src, &c
				results[i] <- p
				continue
			}
			p.src = src
			var values int
			if ok {
				src, values, ok = scanTOML(sub.display(rel), src, sub.limits, &sub.errs)
			}
			p.tokens = int(min(parseCost(len(src), values)>>20+1, int64(cap(memory))))
			for range p.tokens {
				memory <- struct{}{}
			}
			go func() {
				if ok {
					p.tree, p.f = decodeTOML(sub.display(rel), src, &sub.errs)
				}
				p.errs = sub.errs
				results[i] <- p
			}()
		}
	}()
	i := 0
	var prev *parsed
	return func() (map[string]any, *tomlFile, *parsedFile) {
		// The caller is done with the previous tree: its memory may go to
		// the next parse.
		if prev != nil {
			for range prev.tokens {
				<-memory
			}
		}
		p := <-results[i]
		i++
		<-ahead
		prev = p
		ld.errs = append(ld.errs, p.errs...)
		if p.f != nil {
			p.f.errs = &ld.errs
			if len(p.errs) == 0 {
				ld.keep(p.rel, parsedFile{src: p.src, tree: p.tree, loc: p.f.loc})
			}
		}
		return p.tree, p.f, p.hit
	}
}

// list names the files directly in dir with the extension, sorted. Hidden
// files and editor leftovers (.#x, x~, .x.swp) are not input.
func (ld *loader) list(dir, ext string) []string {
	entries, err := fs.ReadDir(ld.fsys, dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			ld.errs.Add(model.Pos{Path: ld.display(dir)}, "cannot read directory: %s", describeFSError(err, ""))
		}
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || model.IsEditorLeftover(name) || !strings.HasSuffix(name, ext) {
			continue
		}
		out = append(out, dir+"/"+name)
	}
	sort.Strings(out)
	return out
}

// walk lists every file below dir to copy (slash paths relative to dir):
// regular files, and symbolic links to them (copiesSpecial).
func (ld *loader) walk(dir string) []string {
	var out []string
	err := fs.WalkDir(ld.fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return fs.SkipDir
			}
			ld.errs.Add(model.Pos{Path: ld.display(p)}, "cannot read: %s", describeFSError(err, ""))
			return nil
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if !model.IsEditorLeftover(d.Name()) && (d.Type().IsRegular() || ld.copiesSpecial(p, d)) {
			out = append(out, strings.TrimPrefix(p, dir+"/"))
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		ld.errs.Add(model.Pos{Path: ld.display(dir)}, "cannot read: %s", describeFSError(err, ""))
	}
	sort.Strings(out)
	return out
}

// copiesSpecial decides on an entry of static/ that is not a regular file,
// which used to be skipped without a word. A symbolic link to a file is
// copied as that file, like any link that stays inside the site; one that
// leaves the site is listed too, so that checkLinks names it. Anything else
// is a problem: a link to a folder (not followed: it could loop), a broken
// link, and named pipes, sockets and devices, which no site publishes and
// which reading could hang a build on.
func (ld *loader) copiesSpecial(p string, d fs.DirEntry) bool {
	at := model.Pos{Path: ld.display(p)}
	if d.Type()&fs.ModeSymlink == 0 {
		ld.errs.Add(at, "not a regular file (%s): static/ may hold only files and folders, which are copied into the site", fileKind(d.Type()))
		return false
	}
	info, err := fs.Stat(ld.fsys, p)
	switch {
	case err != nil && leavingLink(ld.fsys, p) != "":
		return true
	case errors.Is(err, fs.ErrNotExist):
		ld.errs.Add(at, "broken symbolic link: what it leads to does not exist")
	case err != nil:
		ld.errs.Add(at, "cannot read: %s", describeFSError(err, "unknown error"))
	case info.IsDir():
		ld.errs.Add(at, "symbolic link to a folder: links to folders inside static/ are not followed; link its files, or make static/ itself the link")
	case info.Mode().IsRegular():
		return true
	default:
		ld.errs.Add(at, "symbolic link to something that is not a regular file (%s): static/ may hold only files and folders", fileKind(info.Mode()))
	}
	return false
}

// fileKind names a file mode that is not a regular file or folder.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

var presets = map[string]struct {
	metrics  []model.Metric
	equation string
}{
	"value-effort": {
		metrics:  []model.Metric{{Key: "value", Label: "Value", Min: 1, Max: 10}, {Key: "effort", Label: "Effort", Min: 1, Max: 10}},
		equation: "value / effort",
	},
	"wsjf": {
		metrics: []model.Metric{
			{Key: "business_value", Label: "Business value", Min: 1, Max: 20}, {Key: "time_criticality", Label: "Time criticality", Min: 1, Max: 20},
			{Key: "risk_reduction", Label: "Risk reduction", Min: 1, Max: 20}, {Key: "job_size", Label: "Job size", Min: 1, Max: 20},
		},
		equation: "(business_value + time_criticality + risk_reduction) / job_size",
	},
	"rice": {
		metrics: []model.Metric{
			{Key: "reach", Label: "Reach", Min: 0, Max: 1e9}, {Key: "impact", Label: "Impact", Min: 0.25, Max: 3},
			{Key: "confidence", Label: "Confidence", Min: 0, Max: 1}, {Key: "effort", Label: "Effort", Min: 0.01, Max: 1e6},
		},
		equation: "reach * impact * confidence / effort",
	},
}

var metricKeyPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (ld *loader) loadConfig(t *table) {
	ld.siteTable = t
	c := &ld.site.Config
	c.Pos = model.Pos{Path: t.f.loc.file, Line: 1, Col: 1}
	c.Title = t.requiredStr("title")
	c.Description = t.str("description")
	c.BaseURL = t.str("base_url")
	for _, msg := range model.BaseURLProblems(c.BaseURL) {
		t.errorf(t.pos("base_url"), "%s", msg)
	}
	c.Unit = oneOf(t, "unit", model.UnitPoints, model.UnitPoints, model.UnitHours, model.UnitDays)
	if c.AsOf = t.date("as_of"); !c.AsOf.IsZero() {
		c.AsOfPos = t.pos("as_of")
	}
	c.Theme = t.oneOf("theme", "default", "default")

	c.WorkingDays = [7]bool{false, true, true, true, true, true, false}
	c.Holidays = map[model.Date]bool{}
	if cal := t.table("calendar", "[calendar]"); cal != nil {
		if cal.has("working_days") {
			c.WorkingDays = [7]bool{}
			days := cal.strings("working_days")
			for i, name := range days {
				wd, ok := model.WeekdayNames[name]
				switch {
				case !ok:
					cal.errorf(cal.pos("working_days", i), "working day %q is not one of mon, tue, wed, thu, fri, sat, sun", name)
					continue
				case c.WorkingDays[wd]:
					cal.errorf(cal.pos("working_days", i), "working day %q is listed twice", name)
				}
				c.WorkingDays[wd] = true
			}
			if a, isArray := cal.m["working_days"].([]any); isArray && len(a) == 0 {
				cal.errorf(cal.pos("working_days"), "working_days must name at least one day")
			}
		}
		for i, d := range cal.dates("holidays") {
			if c.Holidays[d] {
				cal.errorf(cal.pos("holidays", i), "holiday %s is listed twice", d)
			}
			c.Holidays[d] = true
		}
		cal.done()
	}

	c.VelocityWindow, c.Trials, c.Seed = 3, 10000, 1
	if v := t.table("velocity", "[velocity]"); v != nil {
		if n, ok := v.integer("window"); ok {
			if n < 1 || n > 1000 {
				v.errorf(v.pos("window"), "window must be between 1 and 1000 sprints, not %d", n)
			} else {
				c.VelocityWindow = int(n)
			}
		}
		v.done()
	}
	if f := t.table("forecast", "[forecast]"); f != nil {
		if n, ok := f.integer("trials"); ok {
			if n < 1 || n > maxTrials {
				f.errorf(f.pos("trials"), "trials must be between 1 and %d, not %d", maxTrials, n)
			} else {
				c.Trials, c.TrialsPos = int(n), f.pos("trials")
			}
		}
		if n, ok := f.integer("seed"); ok {
			c.Seed = n
		}
		if n, ok := f.integer("history"); ok {
			if n < 0 || n > maxHistory {
				f.errorf(f.pos("history"), "history must be between 0 (every closed sprint) and %d sprints, not %d", maxHistory, n)
			} else {
				c.ForecastHistory = int(n)
			}
		}
		if f.has("unit") {
			// The site's unit is the default; "stories" adds the forecast
			// in story counts beside it.
			c.ForecastStories = oneOf(f, "unit", string(c.Unit), string(c.Unit), "stories") == "stories"
		}
		f.done()
	}
	ld.loadScorecard(t)
	ld.loadPublish(t)
	t.done()
}

// loadPublish reads [publish] and [publish.public] (docs/format.md,
// "Publishing"). It runs before the backlog, releases and pages are read,
// so that their default visibility is known.
func (ld *loader) loadPublish(root *table) {
	p := &ld.site.Config.Publish
	p.DefaultVisibility = model.VisibilityPublic
	t := root.table("publish", "[publish]")
	if t == nil {
		return
	}
	p.DefaultVisibility = visibility(t, "default_visibility", model.VisibilityPublic)
	if pub := t.table("public", "[publish.public]"); pub != nil {
		p.Public.Scores = pub.boolean("scores")
		p.Public.Sizes = pub.boolean("sizes")
		p.Public.Description = pub.str("description")
		pub.done()
	}
	t.done()
}

// visibility reads a visibility key: "public" or "internal". A mistake is
// likely enough (private, hidden, true) to earn a hint.
func visibility(t *table, key string, def model.Visibility) model.Visibility {
	return oneOfHinted(t, key, def, visibilityHint, model.VisibilityPublic, model.VisibilityInternal)
}

func visibilityHint(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "private", "hidden", "secret", "team", "confidential", "internal":
		return ` (did you mean "internal"?)`
	case "visible", "open", "published", "public":
		return ` (did you mean "public"?)`
	}
	return ""
}

// maxTrials bounds Monte Carlo work so a typo cannot make a build run for
// hours: each trial may draw up to 1,000 sprints, per release and again in
// the queue. 100,000 trials already pin odds to a fraction of a percent.
const maxTrials = 100_000

// maxHistory matches the velocity window's bound: a thousand sprints are
// decades of history, so a larger number can only be a typo.
const maxHistory = 1000

func (ld *loader) loadScorecard(root *table) {
	sc := &ld.site.Config.Scorecard
	t := root.table("scorecard", "[scorecard]")
	if t == nil {
		t = root.sub("scorecard", map[string]any{}, "[scorecard]")
	}
	ld.equation = t
	preset := t.oneOf("preset", "value-effort", "value-effort", "wsjf", "rice")
	source := t.str("equation")
	if v, ok := t.number("low_score"); ok {
		sc.LowScore = &v
	}
	metrics := t.tables("metric")
	if len(metrics) > 0 {
		if t.has("preset") {
			t.errorf(t.pos("preset"), "preset and [[scorecard.metric]] cannot be combined: custom metrics replace the preset's")
		}
		if !t.has("equation") {
			t.errorf(t.pos("metric", 0), "custom [[scorecard.metric]] entries need an equation")
		}
		seen := map[string]bool{}
		for i, m := range metrics {
			m.what = fmt.Sprintf("scorecard metric %d", i+1)
			key := m.requiredStr("key")
			if key != "" {
				m.what = fmt.Sprintf("scorecard metric %q", key)
			}
			switch {
			case key != "" && !metricKeyPattern.MatchString(key):
				m.errorf(m.pos("key"), "key must be a name of letters, digits and _ that does not start with a digit")
			case key != "" && model.EquationFuncs[key] != 0:
				m.errorf(m.pos("key"), "key %q is the name of a function of equations", key)
			case key != "" && seen[key]:
				m.errorf(m.pos("key"), "key %q is defined twice", key)
			}
			seen[key] = true
			label := m.str("label")
			if label == "" {
				label = key
			}
			lo, okLo := m.number("min")
			hi, okHi := m.number("max")
			if !m.has("min") {
				m.errorf(m.at(), "min is required")
			}
			if !m.has("max") {
				m.errorf(m.at(), "max is required")
			}
			if okLo && okHi && lo > hi {
				m.errorf(m.pos("max"), "max (%s) is below min (%s)", model.FormatNumber(hi), model.FormatNumber(lo))
			}
			m.done()
			sc.Metrics = append(sc.Metrics, model.Metric{Key: key, Label: label, Min: lo, Max: hi})
		}
	} else {
		sc.Preset = preset
		sc.Metrics = append([]model.Metric(nil), presets[preset].metrics...)
		if source == "" {
			source = presets[preset].equation
		}
	}
	t.done()
	if source == "" {
		return
	}
	known := map[string]bool{}
	for _, m := range sc.Metrics {
		known[m.Key] = true
	}
	eq, err := model.ParseEquation(source, func(name string) bool { return known[name] })
	if err != nil {
		var ee *model.EquationError
		msg := err.Error()
		if errors.As(err, &ee) {
			msg = fmt.Sprintf("%s (at character %d of %q)", ee.Msg, ee.Offset+1, source)
		}
		t.errorf(t.pos("equation"), "equation: %s", msg)
		return
	}
	sc.Equation = eq
}

func (ld *loader) loadBacklog(root *table) {
	for _, t := range root.tables("feature") {
		f := &model.Feature{Pos: t.at()}
		f.ID = t.identify("feature")
		f.Title = t.requiredStr("title")
		f.Kind = oneOf(t, "kind", model.KindFeature, model.KindFeature, model.KindBug, model.KindTech)
		if n, ok := t.integer("rank"); ok {
			if n < 1 || n > math.MaxInt32 {
				t.errorf(t.pos("rank"), "rank must be a positive whole number, not %d", n)
			} else {
				f.Rank = int(n)
			}
		}
		f.Status = oneOf(t, "status", "", model.StatusProposed, model.StatusPlanned, model.StatusInProgress, model.StatusDone, model.StatusDropped)
		f.DoneOn = t.date("done_on")
		if !f.DoneOn.IsZero() && f.Status != model.StatusDone {
			t.errorf(t.pos("done_on"), "done_on is only for a feature with status = \"done\"")
		}
		f.Category = t.str("category")
		f.Themes = t.strings("themes")
		f.Estimate, _ = t.estimate("estimate")
		f.Acceptance = t.strings("acceptance")
		f.Description = t.str("description")
		f.Visibility = visibility(t, "visibility", ld.site.Config.Publish.DefaultVisibility)
		f.Scores = map[string]float64{}
		if s := t.table("scores", t.what); s != nil {
			for key, v := range s.m {
				if n, ok := s.numberValue("scores."+key, v, s.posOf(key)); ok {
					f.Scores[key] = n
				}
				s.used.add(key)
			}
		}
		t.done()
		ld.features[f] = t
		ld.site.Features = append(ld.site.Features, f)
	}
	root.done()
}

func (ld *loader) loadRelease(t *table) {
	r := &model.Release{Pos: t.at()}
	r.ID = t.identify("release")
	r.Name = t.nameOr(r.ID)
	r.Start, r.Date = t.span("start", "date")
	if !t.has("capacity") {
		t.errorf(t.at(), "capacity is required")
	}
	r.Capacity, _ = t.estimate("capacity")
	r.Features = t.strings("features")
	r.Description = t.str("description")
	r.Visibility = visibility(t, "visibility", ld.site.Config.Publish.DefaultVisibility)
	t.done()
	ld.releases[r] = t
	ld.site.Releases = append(ld.site.Releases, r)
}

func (ld *loader) loadSprint(t *table) {
	s := &model.Sprint{Pos: t.at(), DaysOff: map[model.Date]bool{}}
	s.ID = t.identify("sprint")
	s.Name = t.nameOr(s.ID)
	s.Release = t.str("release")
	s.Start, s.End = t.span("start", "end")
	if v, ok := t.estimate("capacity"); ok {
		s.Capacity = &v
	}
	s.Goal = t.str("goal")
	s.Description = t.str("description")
	if t.has("visibility") {
		// Sprints, their stories and logs are the team's working detail:
		// the public build never has them, so there is nothing to choose.
		t.get("visibility")
		t.errorf(t.pos("visibility"), "sprints take no visibility: sprints, their stories and logs are never in the public build")
	}
	for i, d := range t.dates("days_off") {
		if s.DaysOff[d] {
			t.errorf(t.pos("days_off", i), "day off %s is listed twice", d)
		}
		if !s.Start.IsZero() && !s.End.IsZero() && (d < s.Start || d > s.End) {
			t.errorf(t.pos("days_off", i), "day off %s is outside the sprint (%s to %s)", d, s.Start, s.End)
		}
		s.DaysOff[d] = true
	}
	for _, st := range t.tables("story") {
		story := &model.Story{Sprint: s, Pos: st.at()}
		story.ID = st.identify("story")
		story.Feature = st.str("feature")
		story.Title = st.requiredStr("title")
		if !st.has("estimate") {
			st.errorf(st.at(), "estimate is required")
		}
		story.Estimate, _ = st.estimate("estimate")
		story.Priority = oneOf(st, "priority", model.PriorityMedium, model.PriorityCritical, model.PriorityHigh, model.PriorityMedium, model.PriorityLow)
		st.done()
		ld.stories[story] = st
		s.Stories = append(s.Stories, story)
	}
	for _, lt := range t.tables("log") {
		e := &model.LogEntry{Pos: lt.at()}
		lt.what = "log entry"
		e.Date = lt.requiredDate("date")
		if !e.Date.IsZero() {
			lt.what = "log " + e.Date.String()
		}
		e.Added = lt.strings("added")
		e.Started = lt.strings("started")
		e.Done = lt.strings("done")
		e.Reopened = lt.strings("reopened")
		e.Removed = lt.strings("removed")
		e.Note = lt.str("note")
		if et := lt.table("estimates", lt.what); et != nil {
			keys := make([]string, 0, len(et.m))
			for k := range et.m {
				keys = append(keys, k)
			}
			// Re-estimates of one entry name different stories, so their order
			// changes nothing; sorted, it is deterministic without locating keys.
			sort.Strings(keys)
			for _, k := range keys {
				et.used.add(k)
				if v, ok := et.numberValue("estimate of "+k, et.m[k], et.posOf(k)); ok {
					if v < 0 {
						et.errorf(et.pos(k), "estimate of %s must not be negative (%s)", k, model.FormatNumber(v))
						continue
					}
					e.Estimates = append(e.Estimates, model.Reestimate{Story: k, Estimate: v})
				}
			}
		}
		lt.done()
		ld.logs[e] = lt
		s.Log = append(s.Log, e)
	}
	t.done()
	// Entries of one day keep their file order (SPEC §2.4).
	sort.SliceStable(s.Log, func(i, j int) bool { return s.Log[i].Date < s.Log[j].Date })
	ld.sprints[s] = t
	ld.site.Sprints = append(ld.site.Sprints, s)
}

// reservedSlugs are top-level output names a page must not take.
var reservedSlugs = map[string]bool{
	"backlog": true, "features": true, "releases": true, "sprints": true, "velocity": true,
	"roadmap": true, "themes": true, "flow": true, "how": true, "data": true, "assets": true, "404": true, "index": true,
	"sitemap.xml": true, "404.html": true, "index.html": true,
}

func (ld *loader) loadPage(rel string) {
	name := ld.display(rel)
	data, ok := ld.read(rel)
	if !ok || !checkText(name, data, &ld.errs) {
		return
	}
	slug := strings.TrimSuffix(path.Base(rel), ".md")
	page := &model.Page{Slug: slug, Pos: model.Pos{Path: name, Line: 1, Col: 1}}
	switch {
	case !idPattern.MatchString(slug):
		ld.errs.Add(page.Pos, "page file name %q must match [A-Za-z0-9][A-Za-z0-9._-]*.md (it is the page's URL)", path.Base(rel))
		return
	case len(slug) > maxIDLength:
		ld.errs.Add(page.Pos, "page file name %q is %d characters long before .md; it names a folder of the site, so it has at most %d", truncate(path.Base(rel), 40), len(slug), maxIDLength)
		return
	case reservedSlugs[strings.ToLower(slug)]:
		ld.errs.Add(page.Pos, "page name %q is taken by a built-in page; rename the file", slug)
		return
	}
	front, body, ok := splitFrontMatter(data)
	if !ok {
		ld.errs.Add(page.Pos, "a page starts with TOML front matter between +++ lines (title is required)")
		return
	}
	tree, f := parseTOML(name, front, ld.limits, &ld.errs)
	if f == nil {
		return
	}
	t := f.root(tree)
	t.what = "page"
	page.Title = t.requiredStr("title")
	if n, ok := t.integer("weight"); ok {
		if n < math.MinInt32 || n > math.MaxInt32 {
			t.errorf(t.pos("weight"), "weight %d is out of range", n)
		}
		page.Weight = int(n)
	}
	page.Visibility = visibility(t, "visibility", ld.site.Config.Publish.DefaultVisibility)
	t.done()
	page.Body = body
	ld.site.Pages = append(ld.site.Pages, page)
}

// splitFrontMatter splits "+++\nTOML\n+++\nbody". The front matter comes
// back with its opening +++ line blanked, so that TOML line numbers are the
// file's line numbers.
func splitFrontMatter(data string) (front, body string, ok bool) {
	data = strings.TrimPrefix(data, "\ufeff")
	first := strings.IndexByte(data, '\n')
	if first < 0 || strings.TrimRight(data[:first], "\r \t") != "+++" {
		return "", "", false
	}
	for at := first + 1; at < len(data); {
		end := strings.IndexByte(data[at:], '\n')
		next := len(data)
		if end >= 0 {
			next = at + end + 1
		}
		if strings.TrimRight(data[at:next], "\r\n \t") == "+++" {
			front = "\n" + data[first+1:at]
			return front, data[next:], true
		}
		at = next
	}
	return "", "", false
}
