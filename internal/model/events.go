package model

// EventKind is what a sprint log entry says happened to a story.
type EventKind int

// The event kinds, in the order they apply within one log entry (§2.4).
const (
	EventAdded EventKind = iota
	EventEstimated
	EventStarted
	EventDone
	EventReopened
	EventRemoved
)

// Key is the entry's TOML key that lists events of this kind.
func (k EventKind) Key() string {
	return [...]string{"added", "estimates", "started", "done", "reopened", "removed"}[k]
}

// Event is one event of a log entry.
type Event struct {
	Date  Date // the entry's date
	Kind  EventKind
	Story string
	// Index is the event's place in its list (for positions in messages);
	// estimates are a table, placed by story id instead.
	Index    int
	Estimate float64 // EventEstimated only
}

// Events lists the entry's events in the order they apply: added,
// estimates, started, done, reopened, removed, each kind in file order.
// It is the one reading of that order; load replays it, report derives
// histories from it and render lists it.
func (e *LogEntry) Events() []Event {
	out := make([]Event, 0, len(e.Added)+len(e.Estimates)+len(e.Started)+len(e.Done)+len(e.Reopened)+len(e.Removed))
	list := func(k EventKind, ids []string) {
		for i, id := range ids {
			out = append(out, Event{Date: e.Date, Kind: k, Story: id, Index: i})
		}
	}
	list(EventAdded, e.Added)
	for i, re := range e.Estimates {
		out = append(out, Event{Date: e.Date, Kind: EventEstimated, Story: re.Story, Index: i, Estimate: re.Estimate})
	}
	list(EventStarted, e.Started)
	list(EventDone, e.Done)
	list(EventReopened, e.Reopened)
	list(EventRemoved, e.Removed)
	return out
}
