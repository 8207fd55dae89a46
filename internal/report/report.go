package report

import (
	"github.com/backlogsite/backlogsite/internal/model"
)

// Report is everything Compute derives from a Site as of one date. It is
// written as data/report.json (SPEC §4: other tools read it, so the fields
// named there keep their names and meaning) and is what the templates render.
// Fields beyond the SPEC are marked as extensions.
type Report struct {
	AsOf     model.Date       `json:"as_of"`
	Unit     model.Unit       `json:"unit"`
	Features []*FeatureReport `json:"features"` // in position order
	Releases []*ReleaseReport `json:"releases"` // in start order
	Sprints  []*SprintReport  `json:"sprints"`  // in start order
	Velocity VelocityReport   `json:"velocity"`
	Revisit  []string         `json:"revisit"`
	Flow     FlowReport       `json:"flow"`
	Accuracy AccuracyReport   `json:"accuracy"`

	// Summaries (summary.go, docs/reports.md): totals the pages show.
	Categories []*GroupTotals `json:"categories"` // by name; "" is no category
	Themes     []*GroupTotals `json:"themes"`     // by name
	Dashboard  Dashboard      `json:"dashboard"`
}

// FeatureReport is one feature's computed figures (§3.3, §3.4).
type FeatureReport struct {
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Kind     model.Kind   `json:"kind"`
	Status   model.Status `json:"status"`
	Position int          `json:"position"`
	Rank     *int         `json:"rank"`
	Score    *float64     `json:"score"`
	LowScore bool         `json:"low_score"`
	Release  *string      `json:"release"`
	Category string       `json:"category"`
	Themes   []string     `json:"themes"`
	Size     float64      `json:"size"`
	Done     float64      `json:"done"`
	// Remaining is size − done.
	Remaining float64 `json:"remaining"`

	// Extensions.
	DoneDate model.Date `json:"done_date,omitempty"` // done_on, else the release start, for declared-done features
	// Stories are the feature's stories, one entry per story id, ordered by
	// the start of the first sprint declaring them, then id.
	Stories []*FeatureStory `json:"stories,omitempty"`
	// OnTime is the Monte Carlo chance that this feature is done by its
	// release date; nil when its release has no forecast.
	OnTime  *float64       `json:"on_time,omitempty"`
	Feature *model.Feature `json:"-"` // the declared feature
}

// FeatureStory is one story of a feature as of A (an extension).
type FeatureStory struct {
	ID       string         `json:"id"`
	Title    string         `json:"title"`
	Estimate float64        `json:"estimate"` // current estimate (§3.4)
	Status   string         `json:"status"`   // "done", "in_progress", "removed", "to_do" or "not_started"
	Sprints  []string       `json:"sprints"`  // every sprint declaring it, in start order
	Priority model.Priority `json:"priority"` // in the latest sprint declaring it
}

// ReleaseReport is one release's computed figures (§3.7).
type ReleaseReport struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Start     model.Date `json:"start"`
	Date      model.Date `json:"date"`
	Capacity  float64    `json:"capacity"`
	Scope     float64    `json:"scope"`
	Done      float64    `json:"done"`
	Remaining float64    `json:"remaining"`
	// Overdue: the release date is before A and work remains.
	Overdue  bool             `json:"overdue"`
	Fits     []string         `json:"fits"`
	Over     []string         `json:"over"`
	CutAfter *string          `json:"cut_after"`
	Burnup   []BurnupPoint    `json:"burnup"`
	Forecast *ReleaseForecast `json:"forecast"`
	// ForecastHistory is the forecast as it was after each of the
	// release's sprints closed by A, in burnup order (§3.8).
	ForecastHistory []ForecastPoint `json:"forecast_history"`
	// Finished is the date of the first burnup point from which remaining
	// stays 0, when the release's remaining is 0 at A; else null.
	Finished model.Date `json:"finished"`

	// Extensions.
	Sprints []string `json:"sprints"` // ids of the sprints of this release, in start order
	// OverdueDays is how late an overdue release is: the days from its
	// date to A (0 unless overdue).
	OverdueDays int            `json:"overdue_days"`
	Release     *model.Release `json:"-"`
}

// BurnupPoint is the release's state at the end of one sprint (or at A).
type BurnupPoint struct {
	Sprint    string     `json:"sprint"`
	Date      model.Date `json:"date"`
	Scope     float64    `json:"scope"`
	Done      float64    `json:"done"`
	Remaining float64    `json:"remaining"`
	Added     float64    `json:"added"`
}

// StoryForecast is a release forecast in story counts, when site.toml sets
// [forecast] unit = "stories" (an extension; docs/reports.md): the same
// rules as the forecast above, over the stories each sampled sprint
// finished and the release's open stories.
type StoryForecast struct {
	Remaining     int        `json:"remaining"` // open stories; a feature not split yet counts as one
	Velocity      float64    `json:"velocity"`  // mean stories finished by the sampled sprints
	SprintsNeeded int        `json:"sprints_needed"`
	Date          model.Date `json:"date"`
	P50           model.Date `json:"p50"`
	P85           model.Date `json:"p85"`
	P95           model.Date `json:"p95"`
	OnTime        float64    `json:"on_time"`
	Trials        int        `json:"trials"`
}

// ReleaseForecast is the velocity and Monte Carlo forecast (§3.7).
type ReleaseForecast struct {
	Velocity      float64    `json:"velocity"`
	SprintsNeeded int        `json:"sprints_needed"`
	Date          model.Date `json:"date"`
	P50           model.Date `json:"p50"`
	P85           model.Date `json:"p85"`
	P95           model.Date `json:"p95"`
	OnTime        float64    `json:"on_time"`
	// ByDate is how much more work gets done by the release date (§3.8).
	ByDate   WorkByDate      `json:"by_date"`
	Features []FeatureOnTime `json:"features"`

	// Extensions, for the charts and for pages that show how each figure
	// comes about.
	Base   model.Date `json:"base"`   // end of the latest sprint started by A
	Length int        `json:"length"` // sprint cadence in days
	// Samples are the closed sprints the forecast draws from (the latest
	// [forecast] history of them), in end order; Velocity is their mean.
	Samples []SampledSprint `json:"samples"`
	// RunningSprint is the sprint active at A, RunningShare (f) the part
	// of its working days still ahead: the team is expected to finish
	// RunningShare · Velocity more by Base. Null and 0 when none is active.
	RunningSprint *string `json:"running_sprint"`
	RunningShare  float64 `json:"running_share"`
	// SprintsToDate is m, the whole sprints between Base and the release
	// date that the per-feature odds and ByDate count; null when the date
	// is before Base.
	SprintsToDate *int `json:"sprints_to_date"`
	Trials        int  `json:"trials"` // how many trials the odds are shares of
	// CutLineOnTime is the chance that every feature above the capacity
	// cut line is done by the release date: the odds of cut_after; null
	// when no feature fits. Features below the line (the release's "over")
	// do not fit the capacity whatever their odds, and pages say so.
	CutLineOnTime *float64 `json:"cut_line_on_time"`
	// Histogram counts trials by finish date, in date order.
	Histogram []FinishCount `json:"histogram"`
	// Queue is the forecast in the queue: the same release when the team
	// first finishes the unfinished releases due before it. Nil when none
	// is ahead of it, since the forecast above then already is that.
	Queue *QueueForecast `json:"queue,omitempty"`
	// Projection is the velocity forecast's path from the last burnup
	// point, one point per future sprint (empty when it needs none or more
	// than 500).
	Projection []ProjectionPoint `json:"projection"`
	// Stories is the same forecast in story counts; only with [forecast]
	// unit = "stories".
	Stories *StoryForecast `json:"stories,omitempty"`
}

// ForecastPoint is a release's forecast as of one burnup point whose sprint
// had closed (§3.8): the §3.7 rules with the samples, base and cadence of
// that day and no running sprint. The figures are null where that forecast
// would be.
type ForecastPoint struct {
	AsOf      model.Date `json:"as_of"`     // the burnup point's date: its sprint's end
	Remaining float64    `json:"remaining"` // the burnup point's remaining
	Date      model.Date `json:"date"`
	P50       model.Date `json:"p50"`
	P85       model.Date `json:"p85"`
	P95       model.Date `json:"p95"`
	OnTime    *float64   `json:"on_time"`

	// Extensions.
	Sprint        string   `json:"sprint"` // the burnup point's sprint
	Velocity      *float64 `json:"velocity"`
	SprintsNeeded *int     `json:"sprints_needed"`
	// Trials is how many Monte Carlo trials the odds are shares of: the
	// forecast's trials (0 where there is no forecast).
	Trials int `json:"trials"`
}

// AccuracyReport is how past forecasts of finished releases held (§3.8).
type AccuracyReport struct {
	// Forecasts counts the forecast_history points with a p50 of every
	// release with a finished date.
	Forecasts int `json:"forecasts"`
	// PXHeld is the share of them whose pX date is on or after the
	// release's finished date; null when Forecasts is 0.
	P50Held *float64 `json:"p50_held"`
	P85Held *float64 `json:"p85_held"`
	P95Held *float64 `json:"p95_held"`

	// Extension: the finished releases counted, in start order.
	Releases []string `json:"releases"`
}

// QueueForecast forecasts a release after the releases ahead of it (an
// extension; docs/reports.md, "Forecasts in the queue"). Releases are in
// queue order: by date, then start, then id. The figures mean what the
// ReleaseForecast fields of the same name mean, for the queue's remaining
// work instead of the release's own.
type QueueForecast struct {
	// After lists the unfinished releases ahead of this one, in queue order.
	After []string `json:"after"`
	// Remaining is the queue's total: this release's remaining work plus
	// that of every release in After.
	Remaining float64 `json:"remaining"`
	// SprintsNeeded and Date are nil and zero (null) when the queue needs
	// more sprints than a forecast may (maxForecastSprints).
	SprintsNeeded *int            `json:"sprints_needed"`
	Date          model.Date      `json:"date"`
	P50           model.Date      `json:"p50"`
	P85           model.Date      `json:"p85"`
	P95           model.Date      `json:"p95"`
	OnTime        float64         `json:"on_time"`
	Features      []FeatureOnTime `json:"features"`
	CutLineOnTime *float64        `json:"cut_line_on_time"`
	// Histogram counts the queue simulation's trials by this release's
	// finish date, in date order, for the queue's chart.
	Histogram []FinishCount `json:"histogram"`
}

// WorkByDate is how much more work gets done by a release date (§3.8): pX
// is the amount reached in at least X% of the Monte Carlo trials.
type WorkByDate struct {
	P50 float64 `json:"p50"`
	P85 float64 `json:"p85"`
	P95 float64 `json:"p95"`
}

// SampledSprint is one closed sprint a forecast draws from.
type SampledSprint struct {
	ID        string  `json:"id"`
	Completed float64 `json:"completed"`
}

// FeatureOnTime is one feature's chance of being done by the release date.
type FeatureOnTime struct {
	ID     string  `json:"id"`
	OnTime float64 `json:"on_time"`
}

// FinishCount is how many Monte Carlo trials finished on Date.
type FinishCount struct {
	Date   model.Date `json:"date"`
	Trials int        `json:"trials"`
}

// SprintReport is one sprint's computed figures (§3.5).
type SprintReport struct {
	ID        string      `json:"id"`
	Release   *string     `json:"release"`
	State     SprintState `json:"state"`
	Start     model.Date  `json:"start"`
	End       model.Date  `json:"end"`
	Capacity  *float64    `json:"capacity"`
	Committed float64     `json:"committed"`
	Completed float64     `json:"completed"`
	Added     float64     `json:"added"`
	Removed   float64     `json:"removed"`
	// Reestimated is scope(e) − committed − added + removed, e = min(end,
	// A): the net change of estimates, so that the four figures add up to
	// the scope at e. 0 for a planned sprint.
	Reestimated   float64         `json:"reestimated"`
	Overcommitted bool            `json:"overcommitted"`
	PushOut       []string        `json:"push_out"`
	NotCompleted  []string        `json:"not_completed"`
	Burndown      []BurndownPoint `json:"burndown"`
	// DoneCount is the number of stories in scope and done at min(end, A)
	// (§3.8): the sprint's throughput in stories.
	DoneCount int `json:"done_count"`

	// Extensions.
	// CommittedStories counts the committed stories; CommittedStoriesDone
	// those of them in scope and done at min(end, A), and CommittedDone
	// their estimates at the start: how much of the commitment itself was
	// delivered, which completed (it counts added work) does not tell.
	CommittedStories     int     `json:"committed_stories"`
	CommittedStoriesDone int     `json:"committed_stories_done"`
	CommittedDone        float64 `json:"committed_done"`
	// PushOutOpen is the push_out stories still worth pushing: on an
	// active sprint, those neither done nor removed at A; on a planned
	// one, push_out; on a closed one, none (the sprint is over).
	PushOutOpen []string       `json:"push_out_open"`
	Name        string         `json:"name"`
	WorkingDays int            `json:"working_days"`      // N: working days in the sprint
	DaysLeft    int            `json:"working_days_left"` // working days after A (all of them when planned)
	Stories     []*SprintStory `json:"stories"`           // in file order
	Sprint      *model.Sprint  `json:"-"`
}

// BurndownPoint is the sprint at the end of one calendar day.
type BurndownPoint struct {
	Date      model.Date `json:"date"`
	Working   bool       `json:"working"`
	Scope     float64    `json:"scope"`
	Done      float64    `json:"done"`
	Remaining float64    `json:"remaining"`
	Ideal     float64    `json:"ideal"`
}

// SprintStory is one story of a sprint as of min(end, A) (an extension).
type SprintStory struct {
	ID        string         `json:"id"`
	Title     string         `json:"title"`
	Feature   string         `json:"feature,omitempty"`
	Priority  model.Priority `json:"priority"`
	Estimate  float64        `json:"estimate"`  // at min(end, A), or at start when planned
	Committed bool           `json:"committed"` // in scope from the start (not added)
	AddedOn   model.Date     `json:"added_on,omitempty"`
	RemovedOn model.Date     `json:"removed_on,omitempty"`
	Status    string         `json:"status"` // "done", "in_progress", "removed", "not_started"
	// CarriedFrom and CarriedTo name the previous and next sprint declaring
	// the same story, if any.
	CarriedFrom string `json:"carried_from,omitempty"`
	CarriedTo   string `json:"carried_to,omitempty"`
}

// VelocityReport is §3.6.
type VelocityReport struct {
	Window  int              `json:"window"`
	Average *float64         `json:"average"` // as of A; nil when no sprint has closed
	Sprints []SprintVelocity `json:"sprints"` // closed sprints in end order
	// AverageOf lists the sprints Average is the mean of (an extension).
	AverageOf []string `json:"average_of"`
}

// SprintVelocity is one closed sprint's committed and completed units.
type SprintVelocity struct {
	ID        string  `json:"id"`
	Committed float64 `json:"committed"`
	Completed float64 `json:"completed"`
	// RollingAverage is the mean completed work of the velocity window
	// ending with this sprint (fewer sprints at the start).
	RollingAverage float64 `json:"rolling_average"`
}
