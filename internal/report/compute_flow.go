package report

import (
	"slices"

	"github.com/backlogsite/backlogsite/internal/model"
)

// FlowReport is how work moves through the team (§3.8), over stories
// rather than sprints, for teams that judge delivery by flow.
type FlowReport struct {
	// Cumulative has one point per calendar day from the earliest sprint
	// start to A.
	Cumulative []FlowPoint `json:"cumulative"`
	// Cycle lists the stories done at A; Aging the stories started and not
	// done at A, not dropped. Both are in the order stories were first
	// declared: by the start of their first sprint, then file order.
	Cycle []CycleStory `json:"cycle"`
	Aging []AgingStory `json:"aging"`

	// Extension: CycleDays is the nearest-rank 50th, 85th and 95th
	// percentile of the cycle times (null without a done story).
	CycleDays *DayPercentiles `json:"cycle_days"`
}

// DayPercentiles are nearest-rank percentiles of a number of days.
type DayPercentiles struct {
	P50 int `json:"p50"`
	P85 int `json:"p85"`
	P95 int `json:"p95"`
}

// FlowPoint is the cumulative flow at the end of one day: over the stories
// that have entered and are not dropped, the sums of their estimates that
// day by state, and the same as counts of stories.
type FlowPoint struct {
	Date            model.Date `json:"date"`
	ToDo            float64    `json:"to_do"`
	InProgress      float64    `json:"in_progress"`
	Done            float64    `json:"done"`
	ToDoCount       int        `json:"to_do_count"`
	InProgressCount int        `json:"in_progress_count"`
	DoneCount       int        `json:"done_count"`
}

// CycleStory is one story done at A: Finished is its latest done event,
// Started its earliest started or done event, CycleDays the calendar days
// from one to the other, both counted.
type CycleStory struct {
	Story     string     `json:"story"`
	Feature   *string    `json:"feature"` // null when the story names none
	Started   model.Date `json:"started"`
	Finished  model.Date `json:"finished"`
	CycleDays int        `json:"cycle_days"`
}

// AgingStory is one story in progress at A: AgeDays is the calendar days
// from its start to A, both counted.
type AgingStory struct {
	Story   string     `json:"story"`
	Feature *string    `json:"feature"`
	Started model.Date `json:"started"`
	AgeDays int        `json:"age_days"`
	// OverP85 (an extension) marks a story older than the 85th percentile
	// cycle time: most stories were done sooner, so this one may be stuck.
	OverP85 bool `json:"over_p85"`
}

// Flow states, the index of a story's band in the cumulative flow.
const (
	flowToDo = iota
	flowInProgress
	flowDone
)

// flowStory is what flow needs of one story beyond its history.
type flowStory struct {
	h       *storyHistory
	feature *string
	entered model.Date // the first day it has entered (§3.4)
	started model.Date // earliest started or done event; zero: none
	dropped model.Date // the day it is dropped from; zero: never
}

func (c *computer) computeFlow() FlowReport {
	flow := FlowReport{Cumulative: []FlowPoint{}, Cycle: []CycleStory{}, Aging: []AgingStory{}}
	stories := c.flowStories()
	for _, fs := range stories {
		h := fs.h
		switch {
		case h.doneAt(c.asOf):
			finished := h.lastDoneBy(c.asOf)
			flow.Cycle = append(flow.Cycle, CycleStory{
				Story: h.id, Feature: fs.feature, Started: fs.started, Finished: finished,
				CycleDays: int(finished-fs.started) + 1,
			})
		case !fs.started.IsZero() && fs.started <= c.asOf && !fs.droppedBy(c.asOf):
			flow.Aging = append(flow.Aging, AgingStory{
				Story: h.id, Feature: fs.feature, Started: fs.started, AgeDays: int(c.asOf-fs.started) + 1,
			})
		}
	}
	if len(c.sprints) > 0 && c.sprints[0].Start <= c.asOf {
		flow.Cumulative = c.cumulativeFlow(stories, c.sprints[0].Start)
	}
	return flow
}

// flowStories lists every story once, in the order of its first
// declaration, with its flow dates.
func (c *computer) flowStories() []*flowStory {
	var out []*flowStory
	for _, s := range c.sprints {
		for _, st := range s.Stories {
			h := c.hist.byID[st.ID]
			if h.decls[0].story != st {
				continue
			}
			fs := &flowStory{h: h, started: h.startedOn}
			if st.Feature != "" {
				feature := st.Feature
				fs.feature = &feature
			}
			for _, sd := range h.decls {
				if e := sd.enteredOn(); fs.entered.IsZero() || e < fs.entered {
					fs.entered = e
				}
			}
			if d := h.firstDone(); !d.IsZero() && (fs.started.IsZero() || d < fs.started) {
				fs.started = d
			}
			fs.dropped = h.droppedOn()
			out = append(out, fs)
		}
	}
	return out
}

func (fs *flowStory) droppedBy(d model.Date) bool {
	return !fs.dropped.IsZero() && fs.dropped <= d
}

// state is the story's band and estimate at the end of day d, and whether
// it counts in the cumulative flow at all that day.
func (fs *flowStory) state(d model.Date) (band int, estimate float64, counts bool) {
	if d < fs.entered || fs.droppedBy(d) {
		return 0, 0, false
	}
	switch {
	case fs.h.doneAt(d):
		band = flowDone
	case !fs.started.IsZero() && fs.started <= d:
		band = flowInProgress
	default:
		band = flowToDo
	}
	return band, fs.h.estimateAt(d), true
}

// changes lists the days on which the story's state may change: between
// two of them it stays in one band at one estimate.
func (fs *flowStory) changes() []model.Date {
	days := []model.Date{fs.entered, fs.started, fs.dropped}
	for _, ev := range fs.h.status {
		days = append(days, ev.date)
	}
	for _, sd := range fs.h.decls {
		days = append(days, sd.sprint.Start)
		for _, re := range sd.reestimates {
			days = append(days, re.date)
		}
	}
	slices.Sort(days)
	return slices.Compact(days)
}

// cumulativeFlow sums the bands for every day from first to A. Walking
// every story on every day would cost stories × days; instead each story
// adds its estimate to its band where its state changes and takes it off
// where that state ends, and one running sum per band reads the days off.
func (c *computer) cumulativeFlow(stories []*flowStory, first model.Date) []FlowPoint {
	n := int(c.asOf-first) + 1
	var sums [3][]float64
	var counts [3][]int
	for b := range sums {
		sums[b], counts[b] = make([]float64, n+1), make([]int, n+1)
	}
	for _, fs := range stories {
		days := fs.changes()
		for i, d := range days {
			if d > c.asOf || i+1 < len(days) && days[i+1] <= first {
				continue
			}
			from := max(d, first)
			band, est, ok := fs.state(from)
			if !ok {
				continue
			}
			to := n // the state lasts to A unless it changes before
			if i+1 < len(days) && days[i+1] <= c.asOf {
				to = int(days[i+1] - first)
			}
			at := int(from - first)
			sums[band][at] += est
			sums[band][to] -= est
			counts[band][at]++
			counts[band][to]--
		}
	}
	out := make([]FlowPoint, n)
	var run [3]float64
	var cnt [3]int
	for i := range out {
		for b := range run {
			run[b] += sums[b][i]
			cnt[b] += counts[b][i]
			if cnt[b] == 0 {
				// Estimates taken off in another order than they were put
				// on can leave a rounding residue where nothing is.
				run[b] = 0
			}
		}
		out[i] = FlowPoint{
			Date: first.AddDays(i), ToDo: run[flowToDo], InProgress: run[flowInProgress], Done: run[flowDone],
			ToDoCount: cnt[flowToDo], InProgressCount: cnt[flowInProgress], DoneCount: cnt[flowDone],
		}
	}
	return out
}
