package render

import (
	"fmt"
	"html/template"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

// A release page tells one story (issue 12): the headline, the tiles, the
// projected lines and the Monte Carlo charts all come from one forecast,
// the queue's when releases are ahead (the release alone is then labelled
// "alone"), and no feature below the capacity cut line reads as on time.

type releaseBody struct {
	Card        *releaseCard
	Columns     int // of the release backlog table
	MaxSprints  int
	R           *report.ReleaseReport
	Description template.HTML
	Stats       []statView
	Rows        []releaseRow
	CutAtTop    bool
	Charts      []*chartView
	// MonteCarlo holds the finish-date charts: the queue's first when it
	// is the headline, then the release alone.
	MonteCarlo  []*chartView
	History     *chartView // how the forecast moved
	ByDate      string     // "By 8 May, 85% likely at least 24 of the 28 points left."
	Accuracy    accuracyView
	Sprints     []*report.SprintReport
	SprintNames map[string]string
}

type releaseRow struct {
	Rank       int
	F          *report.FeatureReport
	ID         string
	Cumulative float64
	Fits       bool
	CutAfter   bool // draw the capacity cut line below this row
	Progress   float64
	// Odds is the headline chance (in the queue when there is one), Alone
	// the release-alone chance beside it in the queue's table.
	Odds, Alone oddsCell
}

// oddsCell is a feature's chance as a table shows it: a figure only where
// one means something, with its inputs in the title.
type oddsCell struct {
	Text  string
	Class string // "good", "warn", "bad", "muted", "over"
	Title string
}

func (r *renderer) releasePage(p *page, rr *report.ReleaseReport) error {
	p.Title = rr.Name
	b := &releaseBody{R: rr, Card: r.releaseCard(rr), SprintNames: map[string]string{}, Columns: 8,
		MaxSprints: report.MaxForecastSprints, Accuracy: r.accuracy(p)}
	if b.Card.Queue != nil {
		b.Columns++
	}
	rel := r.rel[rr.ID]
	order := append(append([]string(nil), rr.Fits...), rr.Over...)
	if rel != nil {
		b.Description = r.md.render(rel.Description)
		order = rel.Features
	}
	b.Rows = r.releaseRows(rr, order)
	b.CutAtTop = rr.CutAfter == nil && len(rr.Over) > 0
	b.Stats = r.releaseStats(p, b.Card)
	b.ByDate = r.byDateText(rr)
	if err := r.releaseCharts(p, b); err != nil {
		return err
	}
	for _, id := range rr.Sprints {
		if sr := r.sprRep[id]; sr != nil {
			b.Sprints = append(b.Sprints, sr)
			b.SprintNames[id] = sprintName(r.spr[id], sr)
		}
	}
	p.Body = b
	return nil
}

func (r *renderer) releaseRows(rr *report.ReleaseReport, order []string) []releaseRow {
	fits := map[string]bool{}
	for _, id := range rr.Fits {
		fits[id] = true
	}
	ri := r.releaseIndex(rr)
	trials := 0
	if rr.Forecast != nil {
		trials = rr.Forecast.Trials
	}
	var rows []releaseRow
	cum := 0.0
	for i, id := range order {
		fr := r.featRep[id]
		row := releaseRow{Rank: i + 1, ID: id, F: fr, Fits: fits[id]}
		if fr != nil {
			cum += fr.Size
			row.Progress = percent(fr.Done, fr.Size)
		}
		row.Cumulative = cum
		alone, okAlone := ri.onTime[id]
		queue, okQueue := ri.queueOnTime[id]
		row.Alone = featureOdds(fr, fits[id], rr.Overdue, alone, okAlone, trials, "if the team worked on this release alone")
		if rr.Forecast != nil && rr.Forecast.Queue != nil {
			row.Odds = featureOdds(fr, fits[id], rr.Overdue, queue, okQueue, trials, ri.queueIf)
		} else {
			row.Odds = row.Alone
		}
		row.CutAfter = rr.CutAfter != nil && *rr.CutAfter == id && len(rr.Over) > 0
		rows = append(rows, row)
	}
	return rows
}

// featureOdds words a feature's chance of being done by its release date.
// Done and dropped features say so rather than 100%; a feature below the
// cut line is over capacity whatever the simulation says, since the release
// has no room for it.
func featureOdds(fr *report.FeatureReport, fits, late bool, share float64, ok bool, trials int, when string) oddsCell {
	switch {
	case fr != nil && fr.Status == model.StatusDropped:
		return oddsCell{Text: "dropped", Class: "muted", Title: "Dropped: it will not be delivered."}
	case fr != nil && fr.Remaining == 0 && fr.Size > 0:
		return oddsCell{Text: "done", Class: "good", Title: "Nothing left to do."}
	case !ok:
		return oddsCell{Text: "–", Class: "muted", Title: "No forecast."}
	case late:
		return oddsCell{Text: "late", Class: "bad", Title: "The release date has passed with this feature unfinished."}
	case !fits:
		return oddsCell{Text: "over capacity", Class: "over",
			Title: fmt.Sprintf("Below the capacity cut line: the release has no room for it. Were the team to work on it anyway, %s", oddsWhy(share, trials, "finish it and everything ranked above it by the date "+when))}
	}
	return oddsCell{Text: fmtPct(share), Class: oddsClass(share), Title: oddsWhy(share, trials, "finish it and everything ranked above it by the date "+when)}
}

// releaseStats are the tiles at the head of a release page.
func (r *renderer) releaseStats(p *page, c *releaseCard) []statView {
	rr, unit := c.R, r.info.Unit
	fitNote, fitClass := "fits", "good"
	if !c.CapFit {
		fitNote, fitClass = "over by "+fmtNum(c.OverBy), "bad"
	}
	stats := []statView{
		withWhy(statView{Label: "Scope / capacity (" + unit + ")", Value: fmtNum(rr.Scope) + " / " + fmtNum(rr.Capacity), Note: fitNote, Class: fitClass}, p, howReleaseScope,
			fmt.Sprintf("Scope %s = the sizes of its %d features added up; the capacity, %s, is set in the release's file.", fmtNum(rr.Scope), len(rr.Fits)+len(rr.Over), fmtNum(rr.Capacity))),
		withWhy(statView{Label: "Done", Value: fmtNum(rr.Done), Note: fmtNum(c.Progress) + "% of scope"}, p, howReleaseScope,
			fmt.Sprintf("Done %s = the estimates of its features' done stories, and the whole size of features set to done.", fmtNum(rr.Done))),
		withWhy(statView{Label: "Remaining", Value: fmtNum(rr.Remaining)}, p, howReleaseScope,
			fmt.Sprintf("Remaining %s = scope %s − done %s.", fmtNum(rr.Remaining), fmtNum(rr.Scope), fmtNum(rr.Done))),
	}
	f := rr.Forecast
	if f == nil {
		return stats
	}
	if q := c.Queue; q != nil {
		stats = append(stats, withWhy(statView{Label: "Velocity forecast", Value: c.QueueDate, Note: "after " + c.QueueAhead + " · " + fmtDateShort(f.Date) + " alone"}, p, howQueue,
			fmt.Sprintf("%s first: %s %s in all up to the end of this release, at %s. Alone: %s", c.QueueAhead, fmtNum(q.Remaining), unit, r.samplesWhy(f), r.forecastWhy(rr))))
	} else {
		stats = append(stats, withWhy(statView{Label: "Velocity forecast", Value: fmtDate(f.Date),
			Note: fmt.Sprintf("%d %s at %s", f.SprintsNeeded, pluralWord(f.SprintsNeeded, "sprint", "sprints"), fmtNum(f.Velocity))}, p, howForecast, r.forecastWhy(rr)))
	}
	if rr.Overdue {
		return append(stats, withWhy(statView{Label: "Overdue", Value: c.LateText, Note: "target was " + fmtDate(rr.Date), Class: "bad"}, p, howReleaseScope,
			fmt.Sprintf("The target date, %s, is %s before the as-of date %s, and %s %s are left.", fmtDate(rr.Date), daysWord(rr.OverdueDays), fmtDate(r.rep.AsOf), fmtNum(rr.Remaining), unit)))
	}
	on, p50, p85, p95, anchor, note := f.OnTime, f.P50, f.P85, f.P95, howMonteCarlo, ""
	if q := c.Queue; q != nil {
		on, p50, p85, p95, anchor, note = q.OnTime, q.P50, q.P85, q.P95, howQueue, fmtPct(f.OnTime)+" alone · "
	}
	note += "50% " + fmtDateShort(p50) + " · 85% " + fmtDateShort(p85) + " · 95% " + fmtDateShort(p95)
	return append(stats, withWhy(statView{Label: "On time by " + fmtDateShort(rr.Date), Value: fmtPct(on), Class: oddsClass(on), Note: note}, p, anchor,
		"On time "+oddsWhy(on, f.Trials, "finish by "+fmtDate(rr.Date))+" Each future replays sprints drawn at random from the same past sprints as the velocity."))
}

// daysWord is "1 day", "14 days".
func daysWord(n int) string { return fmt.Sprintf("%d %s", n, pluralWord(n, "day", "days")) }

// byDateText is the "how much by the date" statement (§3.8 by_date).
func (r *renderer) byDateText(rr *report.ReleaseReport) string {
	f := rr.Forecast
	if f == nil || rr.Overdue {
		return ""
	}
	unit := r.info.Unit
	if f.SprintsToDate == nil {
		return fmt.Sprintf("The target, %s, comes before the current sprint ends: no more work is counted by then.", fmtDate(rr.Date))
	}
	left := fmtNum(rr.Remaining) + " " + unitWord(rr.Remaining, unit) + " left"
	by := "By " + fmtDateShort(rr.Date)
	if f.Queue != nil {
		by = "Alone, by " + fmtDateShort(rr.Date)
	}
	if f.ByDate.P85 >= rr.Remaining {
		return fmt.Sprintf("%s, 85%% likely all of the %s.", by, left)
	}
	return fmt.Sprintf("%s, 85%% likely at least %s of the %s (half the time at least %s).", by,
		fmtNum(f.ByDate.P85), left, fmtNum(min(f.ByDate.P50, rr.Remaining)))
}

// releaseCharts makes the burnup, burndown, finish-date and history charts,
// each with its explanation.
func (r *renderer) releaseCharts(p *page, b *releaseBody) error {
	rr, asOf := b.R, r.rep.AsOf
	ids := &chartIDs{}
	c, err := releaseBurnupChart(ids.next("burnup"), r.site, rr, asOf)
	explain(c, p, howReleaseCharts, "One point per sprint of this release, at its end (or today): the scope and the work done. The dashed line projects done at the forecast's pace: the running sprint's share by its end, then one velocity a sprint, reaching the scope on the forecast date.")
	if err := addChart(&b.Charts, c, err); err != nil {
		return err
	}
	c, err = releaseBurndownChart(ids.next("burndown"), r.site, rr, asOf)
	explain(c, p, howReleaseCharts, "Remaining = scope − done at each point; the bars are scope added since the point before. The dashed line is the same projection as the burnup's.")
	if err := addChart(&b.Charts, c, err); err != nil {
		return err
	}
	f := rr.Forecast
	if f != nil && f.Queue != nil {
		q := f.Queue
		c, err = finishChart(ids.next("montecarlo"), "In the queue, after "+b.Card.QueueAhead+": when will it be done?", rr.Name, q.Histogram, rr.Date, [3]model.Date{q.P50, q.P85, q.P95}, f.Length)
		explain(c, p, howQueue, fmt.Sprintf("Bars: the share of %s simulated futures finishing on each date when %s is finished first; the line: the share finished by then.", fmtCount(f.Trials), b.Card.QueueAhead))
		if err := addChart(&b.MonteCarlo, c, err); err != nil {
			return err
		}
	}
	if f != nil {
		title := "When will it be done? (simulated finishes)"
		if f.Queue != nil {
			title = "Alone, if the team worked on " + b.Card.Name + " only"
		}
		c, err = finishChart(ids.next("montecarlo"), title, rr.Name, f.Histogram, rr.Date, [3]model.Date{f.P50, f.P85, f.P95}, f.Length)
		explain(c, p, howMonteCarlo, fmt.Sprintf("Bars: the share of %s simulated futures finishing on each date; the line: the share finished by then, so it crosses 50%%, 85%% and 95%% at the dates marked.", fmtCount(f.Trials)))
		if err := addChart(&b.MonteCarlo, c, err); err != nil {
			return err
		}
	}
	c, err = forecastHistoryChart(ids.next("history"), rr)
	explain(c, p, howHistory, "After each sprint of this release closed: the forecast as it was that day, from the sprints closed by then. A band drifting right means the release kept slipping; one that holds steady means the forecasts were reliable.")
	b.History = c
	return err
}
