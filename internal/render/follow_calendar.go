package render

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/report"
)

// calendar is releases.ics, an iCalendar file (RFC 5545) to subscribe to:
// one all-day event per release on its date and, when it has one, one on
// its forecast date, marked as a forecast (TENTATIVE, "Forecast:" in its
// summary). UIDs are stable, so a calendar that polls the file moves an
// event when the forecast moves instead of adding one. DTSTAMP, which
// RFC 5545 requires, is the as-of date: the figures' date, never the
// build's, so that the same files give the same bytes.
func (r *renderer) calendar() ([]byte, error) {
	stamp := r.rep.AsOf
	if stamp.IsZero() {
		stamp = model.MakeDate(1970, 1, 1) // a site with no dates at all
	}
	c := r.newCalendar()
	for _, rr := range r.rep.Releases {
		r.releaseEvent(c, rr, stamp)
		if rr.Forecast != nil {
			r.forecastEvent(c, rr, stamp)
		}
	}
	c.line("END", "VCALENDAR")
	return c.b.Bytes(), nil
}

// newCalendar starts releases.ics: its header, named after the site.
func (r *renderer) newCalendar() *icsWriter {
	title := r.site.Config.Title + ": releases"
	c := &icsWriter{}
	c.line("BEGIN", "VCALENDAR")
	c.line("VERSION", "2.0")
	c.line("PRODID", "-//backlogsite//backlogsite//EN")
	c.line("CALSCALE", "GREGORIAN")
	c.line("METHOD", "PUBLISH")
	c.text("NAME", title)         // RFC 7986
	c.text("X-WR-CALNAME", title) // what most clients read
	return c
}

func (r *renderer) releaseEvent(c *icsWriter, rr *report.ReleaseReport, stamp model.Date) {
	desc := fmt.Sprintf("Release date of %s. As of %s: scope %s %s against a capacity of %s, %s done, %s remaining.",
		rr.Name, fmtDate(r.rep.AsOf), fmtNum(rr.Scope), r.info.Unit, fmtNum(rr.Capacity), fmtNum(rr.Done), fmtNum(rr.Remaining))
	if !rr.Finished.IsZero() {
		desc += " Finished on " + fmtDate(rr.Finished) + "."
	}
	r.event(c, "release/"+rr.ID, rr.ID, stamp, rr.Date, rr.Name+": release date", desc, "CONFIRMED")
}

func (r *renderer) forecastEvent(c *icsWriter, rr *report.ReleaseReport, stamp model.Date) {
	f := rr.Forecast
	desc := fmt.Sprintf("A forecast, not a date anyone committed to: at the velocity of %s %s a sprint, %s %s remaining are done by this date (as of %s). P85 %s; chance of making the release date, %s: %s.",
		fmtNum(f.Velocity), r.info.Unit, fmtNum(rr.Remaining), r.info.Unit, fmtDate(r.rep.AsOf),
		fmtDate(f.P85), fmtDate(rr.Date), fmtPct(f.OnTime))
	r.event(c, "forecast/"+rr.ID, rr.ID, stamp, f.Date, "Forecast: "+rr.Name+" done", desc, "TENTATIVE")
}

// event writes one all-day VEVENT on day, linked to the page of release.
func (r *renderer) event(c *icsWriter, key, release string, stamp, day model.Date, summary, desc, status string) {
	c.line("BEGIN", "VEVENT")
	c.line("UID", r.followID(key))
	c.line("DTSTAMP", icsDate(stamp)+"T000000Z")
	c.line("DTSTART;VALUE=DATE", icsDate(day))
	c.line("DTEND;VALUE=DATE", icsDate(day.AddDays(1)))
	c.text("SUMMARY", summary)
	c.text("DESCRIPTION", desc)
	c.line("STATUS", status)
	if status == "TENTATIVE" {
		c.line("CATEGORIES", "FORECAST")
	}
	// An all-day marker, not a busy day.
	c.line("TRANSP", "TRANSPARENT")
	if r.baseURL != "" {
		// URL takes an absolute URI only: without base_url there is none.
		c.line("URL", r.link(releasePath(release)))
	}
	c.line("END", "VEVENT")
}

func icsDate(d model.Date) string { return d.Format("20060102") }

// icsWriter writes content lines: CRLF ends, folded at 75 octets.
type icsWriter struct{ b bytes.Buffer }

// line writes NAME:VALUE with the value as it is.
func (c *icsWriter) line(name, value string) { c.fold(name + ":" + value) }

// text writes a TEXT value, escaped (RFC 5545 §3.3.11). Control
// characters other than a tab or a line break may not appear at all.
func (c *icsWriter) text(name, value string) {
	value = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(value)
	value = strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t') || r == 0x7f {
			return ' '
		}
		return r
	}, value)
	c.line(name, value)
}

// fold splits a content line into lines of at most 75 octets, the later
// ones starting with a space, never inside a UTF-8 sequence (§3.1).
func (c *icsWriter) fold(s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		c.b.WriteString(s[:cut])
		c.b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	c.b.WriteString(s)
	c.b.WriteString("\r\n")
}
