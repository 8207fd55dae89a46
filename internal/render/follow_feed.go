package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

// feedEntry is one entry of feed.xml.
type feedEntry struct {
	key     string // what followID makes the entry's id from
	title   string
	link    string
	summary string
	updated model.Date
}

// feed is feed.xml, an Atom 1.0 feed (RFC 4287): one entry per closed
// sprint, linking to its report, and one per change of a release's
// forecast from one closed sprint to the next, newest first. Its dates are
// the plan's (a sprint's end, a forecast's as-of date), never the build's.
func (r *renderer) feed() ([]byte, error) {
	entries := r.sprintEntries()
	for _, rr := range r.rep.Releases {
		entries = append(entries, r.forecastEntries(rr)...)
	}
	// Stable: on one day, sprints before releases, each in report order.
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].updated > entries[j].updated })
	updated := r.rep.AsOf
	if len(entries) > 0 && entries[0].updated > updated {
		updated = entries[0].updated
	}
	if updated.IsZero() {
		updated = model.MakeDate(1970, 1, 1) // a site with no dates at all
	}
	return r.atomFeed("feed", "Closed sprints and release forecasts of ", updated, entries), nil
}

// atomFeed writes an Atom feed of the site titled by its title: idKey is
// what followID makes the feed's id from, subtitle is followed by the
// title, and entries are written in the order given.
func (r *renderer) atomFeed(idKey, subtitle string, updated model.Date, entries []feedEntry) []byte {
	title := r.site.Config.Title
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom">` + "\n")
	xmlElem(&b, "  ", "id", "urn:uuid:"+r.followID(idKey))
	xmlElem(&b, "  ", "title", title)
	xmlElem(&b, "  ", "subtitle", subtitle+title)
	xmlElem(&b, "  ", "updated", dateTime(updated))
	b.WriteString("  <author>\n")
	xmlElem(&b, "    ", "name", title)
	b.WriteString("  </author>\n")
	xmlLink(&b, "  ", "alternate", "text/html", r.link("index.html"))
	if r.baseURL != "" {
		xmlLink(&b, "  ", "self", "application/atom+xml", r.link("feed.xml"))
	}
	xmlElem(&b, "  ", "generator", "backlogsite")
	for _, e := range entries {
		b.WriteString("  <entry>\n")
		xmlElem(&b, "    ", "id", "urn:uuid:"+r.followID(e.key))
		xmlElem(&b, "    ", "title", e.title)
		xmlElem(&b, "    ", "updated", dateTime(e.updated))
		xmlLink(&b, "    ", "alternate", "text/html", e.link)
		xmlElem(&b, "    ", "summary", e.summary)
		b.WriteString("  </entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

func xmlElem(b *bytes.Buffer, indent, name, text string) {
	b.WriteString(indent + "<" + name + ">")
	xml.EscapeText(b, []byte(text))
	b.WriteString("</" + name + ">\n")
}

func xmlLink(b *bytes.Buffer, indent, rel, typ, href string) {
	b.WriteString(indent + `<link rel="` + rel + `" type="` + typ + `" href="`)
	xml.EscapeText(b, []byte(href))
	b.WriteString("\"/>\n")
}

// sprintEntries are the closed sprints, each with what it committed and
// completed: its sprint report in a sentence.
func (r *renderer) sprintEntries() []feedEntry {
	unit := r.info.Unit
	var out []feedEntry
	for _, sr := range r.rep.Sprints {
		if sr.State != report.SprintClosed {
			continue
		}
		name := sprintName(r.spr[sr.ID], sr)
		summary := fmt.Sprintf("%s (%s to %s) committed %s %s, added %s and removed %s; it completed %s.",
			name, fmtDate(sr.Start), fmtDate(sr.End), fmtNum(sr.Committed), unit,
			fmtNum(sr.Added), fmtNum(sr.Removed), fmtNum(sr.Completed))
		if n := len(sr.NotCompleted); n > 0 {
			summary += fmt.Sprintf(" %d %s not completed.", n, pluralWord(n, "story was", "stories were"))
		}
		if sp := r.spr[sr.ID]; sp != nil && sp.Goal != "" {
			summary += " Goal: " + sp.Goal
		}
		out = append(out, feedEntry{
			key:     "sprint/" + sr.ID,
			title:   fmt.Sprintf("%s closed: completed %s %s, committed %s", name, fmtNum(sr.Completed), unit, fmtNum(sr.Committed)),
			link:    r.link(sprintPath(sr.ID)),
			summary: summary,
			updated: sr.End,
		})
	}
	return out
}

// forecastEntries are the points of a release's forecast history where
// its forecast or P85 date moved from the point before.
func (r *renderer) forecastEntries(rr *report.ReleaseReport) []feedEntry {
	var out []feedEntry
	h := rr.ForecastHistory
	for i := 1; i < len(h); i++ {
		a, b := h[i-1], h[i]
		if a.Date == b.Date && a.P85 == b.P85 {
			continue
		}
		after := sprintName(r.spr[b.Sprint], r.sprRep[b.Sprint])
		moved := change(fmtForecastDate(a.Date), fmtForecastDate(b.Date))
		if a.Date == b.Date {
			moved = "P85 " + change(fmtForecastDate(a.P85), fmtForecastDate(b.P85))
		}
		summary := fmt.Sprintf("After %s, %s %s remaining. Forecast date %s; P85 %s; chance of making %s: %s.",
			after, fmtNum(b.Remaining), r.info.Unit, change(fmtForecastDate(a.Date), fmtForecastDate(b.Date)),
			change(fmtForecastDate(a.P85), fmtForecastDate(b.P85)), fmtDate(rr.Date),
			change(fmtOdds(a.OnTime), fmtOdds(b.OnTime)))
		out = append(out, feedEntry{
			key:     "forecast/" + rr.ID + "/" + b.AsOf.String(),
			title:   rr.Name + " forecast: " + moved,
			link:    r.link(releasePath(rr.ID)),
			summary: summary,
			updated: b.AsOf,
		})
	}
	return out
}

// change shows a figure before and after, or once when it held.
func change(a, b string) string {
	if a == b {
		return b
	}
	return a + " → " + b
}

func fmtForecastDate(d model.Date) string {
	if d.IsZero() {
		return "none"
	}
	return fmtDate(d)
}

func fmtOdds(p *float64) string {
	if p == nil {
		return "none"
	}
	return fmtPct(*p)
}
