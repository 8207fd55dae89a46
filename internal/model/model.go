package model

import (
	"io/fs"
	"time"
)

// Site is a loaded and validated site directory: the input of Compute.
// Slices keep a stable order (files sorted by name, entries in file order)
// so that everything derived from a Site is deterministic.
type Site struct {
	Dir      string // the site directory as the user named it
	Config   Config
	Features []*Feature // in file order (files sorted by name)
	Releases []*Release // sorted by start, then id
	Sprints  []*Sprint  // sorted by start, then id
	Pages    []*Page    // sorted by weight, then title, then slug
	// StaticFiles are paths under static/, slash-separated, sorted.
	StaticFiles []string
	// LayoutFiles are template names under layouts/, sorted.
	LayoutFiles []string
	// Files is the file system the site was loaded from, rooted at Dir:
	// render reads layouts/ and static/ through it, so that no stage opens
	// a path the loader did not (a link out of the site stays refused).
	Files fs.FS
}

// Unit is the one unit of every estimate of a site.
type Unit string

const (
	UnitPoints Unit = "points"
	UnitHours  Unit = "hours"
	UnitDays   Unit = "days"
)

// Config is site.toml.
type Config struct {
	Title       string
	Description string // Markdown
	BaseURL     string
	Unit        Unit
	AsOf        Date // zero when not set
	AsOfPos     Pos  // where as_of is written; zero when it is not
	Theme       string

	WorkingDays [7]bool // indexed by time.Weekday
	Holidays    map[Date]bool

	VelocityWindow int
	Trials         int
	// TrialsPos is where [forecast] trials is written; zero when it is not.
	TrialsPos Pos
	Seed      int64
	// ForecastHistory is how many of the latest closed sprints the forecast
	// samples; 0 means all of them.
	ForecastHistory int
	// ForecastStories is [forecast] unit = "stories": every release
	// forecast is also run on story counts (an extension).
	ForecastStories bool

	Scorecard Scorecard
	// Publish is site.toml's [publish]: who may see what (docs/format.md).
	Publish Publish
	Pos     Pos // site.toml itself
}

// Visibility says which audience may see a feature, release or page.
type Visibility string

// Visibilities. Internal items are only in the internal site; public ones
// are in both.
const (
	VisibilityPublic   Visibility = "public"
	VisibilityInternal Visibility = "internal"
)

// Publish is site.toml's [publish] table.
type Publish struct {
	// DefaultVisibility is what a feature, release or page without a
	// visibility key gets; "public" unless site.toml says otherwise.
	DefaultVisibility Visibility
	// Public is [publish.public]: what the public build shows beyond its
	// defaults.
	Public PublicSwitches
}

// PublicSwitches show figures the public build leaves out by default.
type PublicSwitches struct {
	Scores bool // scores, ranks and product backlog positions of public features
	Sizes  bool // sizes, done and remaining work in units, and release capacity
	// Description, when set, replaces the site's description on the public
	// roadmap (Markdown): the internal one often speaks of sprints and
	// scores.
	Description string
}

// Scorecard scores features with an equation over metrics.
type Scorecard struct {
	Preset   string // "" when custom
	Equation *Equation
	Metrics  []Metric
	// LowScore is the fixed low-score threshold; nil means the 25th percentile.
	LowScore *float64
}

// Metric is one input of the scorecard equation.
type Metric struct {
	Key   string
	Label string
	Min   float64
	Max   float64
}

// Kind is what a backlog item is.
type Kind string

// Feature kinds.
const (
	KindFeature Kind = "feature"
	KindBug     Kind = "bug"
	KindTech    Kind = "tech"
)

// Status is a feature's status (declared, or derived in report §3.4).
type Status string

// Feature statuses.
const (
	StatusProposed   Status = "proposed"
	StatusPlanned    Status = "planned"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
	StatusDropped    Status = "dropped"
)

// Open reports whether a feature in this status still has work to do:
// neither done nor dropped.
func (s Status) Open() bool { return s != StatusDone && s != StatusDropped }

// Feature is one item of the product backlog (backlog/*.toml).
type Feature struct {
	ID          string
	Title       string
	Kind        Kind   // never empty: defaults to "feature"
	Rank        int    // 0 when unranked
	Status      Status // as declared; "" when left to be derived
	DoneOn      Date   // zero when not given
	Category    string
	Themes      []string
	Estimate    float64
	Scores      map[string]float64
	Acceptance  []string
	Description string     // Markdown
	Visibility  Visibility // never empty: the default is resolved by the loader
	Pos         Pos        // the [[feature]] header
}

// Release is one release backlog (releases/*.toml).
type Release struct {
	ID          string
	Name        string // defaults to the id
	Start       Date
	Date        Date // target release date
	Capacity    float64
	Features    []string // linear rank order
	Description string   // Markdown
	Visibility  Visibility
	Pos         Pos
}

// Sprint is one sprint backlog with its log (sprints/*.toml).
type Sprint struct {
	ID          string
	Name        string // defaults to the id
	Release     string // "" when none
	Start       Date
	End         Date // inclusive
	Capacity    *float64
	Goal        string
	DaysOff     map[Date]bool
	Stories     []*Story    // in file order
	Log         []*LogEntry // sorted by date; same-day entries keep file order
	Pos         Pos
	Description string // optional Markdown (an extension; see docs/format.md)
}

// Priority is a story's priority.
type Priority string

// Story priorities, most critical first.
const (
	PriorityCritical Priority = "critical"
	PriorityHigh     Priority = "high"
	PriorityMedium   Priority = "medium"
	PriorityLow      Priority = "low"
)

// Urgency orders priorities, the one ordering every stage uses: 0 for
// critical up to 3 for low. An unknown priority counts as medium, the
// default.
func (p Priority) Urgency() int {
	switch p {
	case PriorityCritical:
		return 0
	case PriorityHigh:
		return 1
	case PriorityLow:
		return 3
	}
	return 2
}

// Story is a user story as declared in one sprint. A story carried over is
// declared again in a later sprint: each declaration is its own Story value
// with the same ID.
type Story struct {
	ID       string
	Feature  string // "" when none
	Title    string
	Estimate float64
	Priority Priority // never empty: defaults to "medium"
	Sprint   *Sprint
	Pos      Pos
}

// LogEntry is one [[log]] entry: what happened on one day. Events reads its
// lists in the order they apply.
type LogEntry struct {
	Date      Date
	Added     []string
	Estimates []Reestimate // in file order
	Started   []string
	Done      []string
	Reopened  []string
	Removed   []string
	Note      string
	Pos       Pos
}

// Reestimate is one entry of a log's estimates table.
type Reestimate struct {
	Story    string
	Estimate float64
}

// Page is an extra Markdown page (pages/*.md).
type Page struct {
	Slug   string // the file name without .md: the page's URL
	Title  string
	Weight int
	Body   string // Markdown
	// Visibility is never empty: the default is resolved by the loader.
	Visibility Visibility
	Pos        Pos
}

// IsWorkingDay reports whether d is a working day of the site calendar
// (§3.2), ignoring any sprint's days off.
func (c *Config) IsWorkingDay(d Date) bool {
	return c.WorkingDays[d.Weekday()] && !c.Holidays[d]
}

// IsWorkingDay reports whether d is a working day inside sprint s.
func (s *Sprint) IsWorkingDay(c *Config, d Date) bool {
	return c.IsWorkingDay(d) && !s.DaysOff[d]
}

var WeekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// DisplayLabel is how pages name a metric: its label, else its key.
func (m *Metric) DisplayLabel() string {
	if m.Label != "" {
		return m.Label
	}
	return m.Key
}

// Internal reports whether v keeps an item out of the public build. An
// unset visibility (a Site built by hand) counts as public, the default.
func (v Visibility) Internal() bool { return v == VisibilityInternal }
