package importer

// Site is a site directory in memory: what Files writes.
type Site struct {
	Title       string
	Description string
	AsOf        Date
	// ScoreLabel describes the one scorecard metric, the priority.
	ScoreLabel string
	Features   []Feature // in product backlog order
	Releases   []Release // in the export's order
	Sprints    []Sprint  // in start order
	// Source, Inputs and Notes go into the README.
	Source string
	Inputs []string
	Notes  []Note
	// Problems are the rows left out of a partial import.
	Problems Problems
}

// Feature is one [[feature]] of backlog/<File>.toml.
type Feature struct {
	File        string
	ID          string
	Title       string
	Kind        Kind
	Rank        int // 0: unranked
	Status      string
	DoneOn      Date
	Category    string
	Themes      []string
	Estimate    float64
	Score       int
	Description string
}

// Release is one releases/<ID>.toml.
type Release struct {
	ID          string
	Name        string
	Start       Date
	Date        Date
	Capacity    float64
	Features    []string
	Description string
}

// Sprint is one sprints/<ID>.toml.
type Sprint struct {
	ID      string
	Name    string
	Release string
	Start   Date
	End     Date
	Goal    string
	Stories []Story
	Log     []LogEntry // in date order
}

// Story is one [[story]] of a sprint.
type Story struct {
	ID       string
	Feature  string
	Title    string
	Estimate float64
	Priority Priority
}

// LogEntry is one [[log]] day of a sprint.
type LogEntry struct {
	Date    Date
	Added   []string
	Started []string
	Done    []string
}
