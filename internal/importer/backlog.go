package importer

// Status is where an issue stands in the workflow of the tool it came from.
type Status int

const (
	ToDo Status = iota
	InProgress
	Done
	// Dropped is resolved without being done: won't do, duplicate, not
	// planned. Such work is neither scope nor progress.
	Dropped
)

// Kind is the site's kind of a feature: "feature", "bug" or "tech".
type Kind string

const (
	KindFeature Kind = "feature"
	KindBug     Kind = "bug"
	KindTech    Kind = "tech"
)

// Priority is the site's story priority: "critical", "high", "medium" or
// "low".
type Priority string

const (
	Critical Priority = "critical"
	High     Priority = "high"
	Medium   Priority = "medium"
	Low      Priority = "low"
)

// score is the priority as the number the imported scorecard ranks by.
func (p Priority) score() int {
	switch p {
	case Critical:
		return 4
	case High:
		return 3
	case Low:
		return 1
	}
	return 2
}

// Item is one issue of an export, reduced to what the site can hold.
type Item struct {
	Key         string // its id in the site: PAY-12, GH-7
	Line        int    // where the export describes it
	Title       string
	Description string
	// Epic items become features; the other items are stories of their
	// Parent epic, or, with no epic, features of their own.
	Epic     bool
	Parent   string
	Kind     Kind
	Priority Priority
	Category string
	Themes   []string
	Points   float64
	// HasPoints is false when the export gives no estimate.
	HasPoints bool
	Status    Status
	Created   Date
	Started   Date // when work began, if the export knows
	Resolved  Date // when it was done or dropped
	// ResolvedGuessed says Resolved is not the tool's resolution date but
	// the closest date the export had.
	ResolvedGuessed bool
	Sprints         []string // names of the sprints it was in, any order
	Versions        []string // names of its releases (fix versions, milestones)
	Rank            string   // a sortable rank (Jira's LexoRank), "" when none
}

// SprintInfo is a sprint as an export describes it. Start or End may be
// missing (a future sprint nobody dated yet).
type SprintInfo struct {
	Name  string
	Start Date
	End   Date // the last day, inclusive
	Goal  string
}

// VersionInfo is a release as an export describes it.
type VersionInfo struct {
	Name        string
	Start       Date
	Date        Date
	Description string
	// Planned versions (not released, not archived) are kept even when no
	// issue names them yet: they are the releases being planned.
	Planned bool
}

// Backlog is an export reduced to what the site needs, before any guess.
type Backlog struct {
	Source string   // "Jira" or "GitHub"
	Inputs []string // the files read, as the user named them
	Title  string   // a site title from the export; Options.Title wins
	Items  []Item
	// Sprints are the sprints of a sprints file; SprintsKnown says there
	// was one. Without it, the sprint names the items list are laid out.
	Sprints      []SprintInfo
	SprintsKnown bool
	// Versions are the releases of a versions or milestones file, in the
	// tool's order; VersionsKnown says there was one.
	Versions      []VersionInfo
	VersionsKnown bool
	// Latest is the latest day the export shows anything happening: the
	// import's as-of date unless Options.AsOf is set.
	Latest Date
	// PriorityLabel names the export's priority in the scorecard.
	PriorityLabel string
	// Notes are what the reader itself guessed or skipped.
	Notes []Note
}

// Options are the user's choices for an import.
type Options struct {
	Title        string
	AsOf         Date
	SprintLength int  // days; 14 when 0
	FirstSprint  Date // start of the first laid-out sprint; guessed when zero
}

// Note is one thing the import guessed or could not know. Text is a
// sentence for the terminal and the README; Items (issue keys, sprint
// names) are listed in the README only.
type Note struct {
	Text  string
	Items []string
}
