package render

import (
	"context"
	"encoding/xml"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/report"
	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// renderWithBase renders content-example as published at base ("" for
// none) and returns its files and report.
func renderWithBase(t *testing.T, base string) (*output.Mem, *report.Report) {
	t.Helper()
	site, err := load.Dir(sitetest.Example())
	if err != nil {
		t.Fatal(err)
	}
	return renderSite(t, site, base)
}

func renderSite(t *testing.T, site *model.Site, base string) (*output.Mem, *report.Report) {
	t.Helper()
	rep, err := report.Compute(site, report.AsOf(site, 0))
	if err != nil {
		t.Fatal(err)
	}
	out := &output.Mem{}
	if _, err := Render(context.Background(), site, rep, out, Options{BaseURL: base}); err != nil {
		t.Fatal(err)
	}
	return out, rep
}

func file(t *testing.T, out *output.Mem, name string) []byte {
	t.Helper()
	b, ok := out.File(name)
	if !ok {
		t.Fatalf("%s was not written", name)
	}
	return b
}

// atomFeed holds what RFC 4287 requires of a feed and its entries.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  []string    `xml:"author>name"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomEntry struct {
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Summary string     `xml:"summary"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
	Href string `xml:"href,attr"`
}

var uuidURN = regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// parseFeed reads feed.xml and checks it as Atom 1.0: the elements every
// feed and entry must have, ids that are unique URNs, RFC 3339 dates, and
// a round trip through encoding/xml that keeps everything.
func parseFeed(t *testing.T, data []byte) *atomFeed {
	t.Helper()
	var f atomFeed
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("feed.xml is not well-formed Atom: %v", err)
	}
	again, err := xml.Marshal(&f)
	if err != nil {
		t.Fatal(err)
	}
	var g atomFeed
	if err := xml.Unmarshal(again, &g); err != nil || !reflect.DeepEqual(f, g) {
		t.Fatalf("feed.xml does not survive a round trip: %v", err)
	}
	ids := map[string]bool{f.ID: true}
	check := func(what, id, title, updated string, links []atomLink) {
		if !uuidURN.MatchString(id) || title == "" || len(links) == 0 || links[0].Href == "" {
			t.Errorf("%s: id %q, title %q, links %v", what, id, title, links)
		}
		if _, err := time.Parse(time.RFC3339, updated); err != nil {
			t.Errorf("%s: updated: %v", what, err)
		}
	}
	check("feed", f.ID, f.Title, f.Updated, f.Links)
	if len(f.Author) == 0 || f.Author[0] == "" {
		t.Error("feed: no author")
	}
	for i, e := range f.Entries {
		check(fmt.Sprintf("entry %d", i), e.ID, e.Title, e.Updated, e.Links)
		if ids[e.ID] {
			t.Errorf("entry %d: id %s used twice", i, e.ID)
		}
		ids[e.ID] = true
		if i > 0 && e.Updated > f.Entries[i-1].Updated {
			t.Errorf("entry %d is newer than the one before it", i)
		}
	}
	return &f
}

func TestFeed(t *testing.T) {
	out, rep := renderWithBase(t, "")
	f := parseFeed(t, file(t, out, "feed.xml"))
	var sprints, forecasts int
	for _, e := range f.Entries {
		href := e.Links[0].Href
		// Relative to feed.xml, at the root: a file of the site.
		if _, ok := out.File(href); !ok {
			t.Errorf("%s: links to %q, not a file of the site", e.Title, href)
		}
		switch {
		case strings.HasPrefix(href, "sprints/"):
			sprints++
		case strings.Contains(e.Title, "forecast"):
			forecasts++
		}
	}
	closed := 0
	for _, s := range rep.Sprints {
		if s.State == report.SprintClosed {
			closed++
		}
	}
	if sprints != closed || forecasts == 0 {
		t.Errorf("%d sprint entries for %d closed sprints, %d forecast entries", sprints, closed, forecasts)
	}
	if f.Updated != rep.AsOf.String()+"T00:00:00Z" {
		t.Errorf("updated %s, want the as-of date %s", f.Updated, rep.AsOf)
	}
}

func TestFeedWithBaseURL(t *testing.T) {
	const base = "https://acme.example/roadmap/"
	out, _ := renderWithBase(t, base)
	f := parseFeed(t, file(t, out, "feed.xml"))
	self := false
	for _, l := range f.Links {
		self = self || (l.Rel == "self" && l.Href == base+"feed.xml")
	}
	if !self {
		t.Errorf("no self link to %sfeed.xml: %v", base, f.Links)
	}
	for _, e := range f.Entries {
		if !strings.HasPrefix(e.Links[0].Href, base) {
			t.Errorf("%s: link %q is not absolute", e.Title, e.Links[0].Href)
		}
	}
	// The ids depend on the site's address, not on the build.
	plain := parseFeed(t, file(t, renderOut(t), "feed.xml"))
	if plain.ID == f.ID {
		t.Error("a feed with base_url has the id of one without")
	}
}

func renderOut(t *testing.T) *output.Mem {
	out, _ := renderWithBase(t, "")
	return out
}

// icsComponent is one component of a calendar: its properties by name
// with their parameters, and their values (unfolded, still escaped).
type icsComponent struct {
	name  string
	props map[string][]string // "DTSTART;VALUE=DATE" → values
}

var (
	icsName = regexp.MustCompile(`^[A-Z0-9-]+(;[A-Z0-9-]+=[^;:,"]+)*$`)
	icsUTC  = regexp.MustCompile(`^\d{8}T\d{6}Z$`)
)

// textOK reports whether a TEXT value (§3.3.11) escapes what it must: a
// backslash starts \\, \;, \, or \n, and no ; or , stands alone.
func textOK(v string) bool {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			if i+1 == len(v) || !strings.ContainsRune(`\;,nN`, rune(v[i+1])) {
				return false
			}
			i++
		case ';', ',':
			return false
		}
	}
	return true
}

// parseICS is a strict RFC 5545 reader of what releases.ics may hold:
// CRLF line ends only, lines of at most 75 octets folded without splitting
// a character, NAME[;PARAM=VALUE]:VALUE content lines, BEGIN and END that
// nest, TEXT values without an unescaped ; or , or a bad escape. It
// returns the VCALENDAR's properties and its VEVENTs.
func parseICS(t *testing.T, data []byte) (cal icsComponent, events []icsComponent) {
	t.Helper()
	s := string(data)
	if !strings.HasSuffix(s, "\r\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\r") {
		t.Fatal("lines must end in CRLF, and only there")
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if len(l) > 75 || !utf8.ValidString(l) {
			t.Errorf("line of %d octets, or a character split by folding: %q", len(l), l)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				t.Fatal("the file starts with a continuation line")
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var stack []*icsComponent
	for _, l := range lines {
		name, value, ok := strings.Cut(l, ":")
		if !ok || !icsName.MatchString(name) {
			t.Fatalf("not a content line: %q", l)
		}
		switch name {
		case "BEGIN":
			stack = append(stack, &icsComponent{name: value, props: map[string][]string{}})
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].name != value {
				t.Fatalf("END:%s does not close what is open", value)
			}
			c := *stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch {
			case c.name == "VEVENT" && len(stack) == 1:
				events = append(events, c)
			case c.name == "VCALENDAR" && len(stack) == 0:
				cal = c
			default:
				t.Fatalf("unexpected component %s", c.name)
			}
			continue
		}
		if len(stack) == 0 {
			t.Fatalf("%q outside any component", l)
		}
		if text := map[string]bool{"SUMMARY": true, "DESCRIPTION": true, "NAME": true, "X-WR-CALNAME": true}; text[name] && !textOK(value) {
			t.Errorf("a bad escape, or an unescaped ; or , in %q", l)
		}
		top := stack[len(stack)-1]
		top.props[name] = append(top.props[name], value)
	}
	if len(stack) != 0 || cal.name != "VCALENDAR" {
		t.Fatal("no complete VCALENDAR")
	}
	return cal, events
}

// once checks that a component has a property exactly once and returns it.
func once(t *testing.T, c icsComponent, name string) string {
	t.Helper()
	if v := c.props[name]; len(v) == 1 {
		return v[0]
	}
	t.Errorf("%s: %s appears %d times, want once", c.name, name, len(c.props[name]))
	return ""
}

func TestCalendar(t *testing.T) {
	out, rep := renderWithBase(t, "")
	cal, events := parseICS(t, file(t, out, "releases.ics"))
	if once(t, cal, "VERSION") != "2.0" || once(t, cal, "PRODID") == "" {
		t.Error("VCALENDAR needs VERSION:2.0 and a PRODID")
	}
	uids := map[string]bool{}
	forecasts := 0
	for _, e := range events {
		uid := once(t, e, "UID")
		if uids[uid] {
			t.Errorf("UID %s used twice", uid)
		}
		uids[uid] = true
		if stamp := once(t, e, "DTSTAMP"); stamp != rep.AsOf.Format("20060102")+"T000000Z" || !icsUTC.MatchString(stamp) {
			t.Errorf("DTSTAMP %q, want the as-of date in UTC", stamp)
		}
		if !regexp.MustCompile(`^\d{8}$`).MatchString(once(t, e, "DTSTART;VALUE=DATE")) {
			t.Errorf("DTSTART is not a date: %v", e.props)
		}
		if _, ok := e.props["URL"]; ok {
			t.Error("URL without base_url: it must be absolute")
		}
		if strings.HasPrefix(once(t, e, "SUMMARY"), "Forecast: ") {
			forecasts++
			if once(t, e, "STATUS") != "TENTATIVE" {
				t.Error("a forecast event must be TENTATIVE")
			}
		}
	}
	want := 0
	for _, r := range rep.Releases {
		if r.Forecast != nil {
			want++
		}
	}
	if len(events) != len(rep.Releases)+want || forecasts != want {
		t.Errorf("%d events, %d forecasts; want %d releases and %d forecasts", len(events), forecasts, len(rep.Releases), want)
	}
}

func TestICSFold(t *testing.T) {
	var c icsWriter
	long := strings.Repeat("é", 100) + strings.Repeat("a", 80)
	c.text("DESCRIPTION", long)
	_, events := parseICS(t, []byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n"+c.b.String()+"END:VEVENT\r\nEND:VCALENDAR\r\n"))
	if got := events[0].props["DESCRIPTION"][0]; got != long {
		t.Errorf("unfolded to %q", got)
	}
}

// svgBadge is what a badge must be: an SVG root with a title.
type svgBadge struct {
	XMLName   xml.Name `xml:"http://www.w3.org/2000/svg svg"`
	AriaLabel string   `xml:"aria-label,attr"`
	Title     string   `xml:"title"`
	Texts     []string `xml:"g>text"`
}

func parseBadge(t *testing.T, data []byte) svgBadge {
	t.Helper()
	var b svgBadge
	if err := xml.Unmarshal(data, &b); err != nil {
		t.Fatalf("badge is not well-formed SVG: %v", err)
	}
	if b.Title == "" || b.Title != b.AriaLabel || len(b.Texts) != 2 || b.Title != b.Texts[0]+": "+b.Texts[1] {
		t.Errorf("badge: title %q, aria-label %q, texts %q", b.Title, b.AriaLabel, b.Texts)
	}
	return b
}

func TestBadges(t *testing.T) {
	out, rep := renderWithBase(t, "")
	for _, r := range rep.Releases {
		b := parseBadge(t, file(t, out, "badges/"+r.ID+".svg"))
		if r.Forecast != nil && r.Finished.IsZero() && !strings.HasPrefix(b.Texts[1], fmtPct(r.Forecast.OnTime)+" on time · forecast "+fmtDate(r.Forecast.Date)) {
			t.Errorf("%s: %q does not give the odds and forecast date", r.ID, b.Texts[1])
		}
	}
}

// TestFollowHostileText keeps every follow file valid whatever the names
// hold: markup, quotes, the calendar's separators and backslashes.
func TestFollowHostileText(t *testing.T) {
	const name = `<script>alert("x")</script> & ]]>, 50%; a\b`
	fsys := sitetest.TinyFS(t)
	fsys["site.toml"].Data = []byte(strings.Replace(string(fsys["site.toml"].Data), `title = "Tiny worked example"`, `title = '''`+name+`'''`, 1))
	fsys["releases/2026.1.toml"].Data = []byte(strings.Replace(string(fsys["releases/2026.1.toml"].Data), `name = "Spring"`, `name = '''`+name+`'''`, 1))
	site, err := load.FS(fsys, "tiny")
	if err != nil {
		t.Fatal(err)
	}
	out, _ := renderSite(t, site, "")
	if f := parseFeed(t, file(t, out, "feed.xml")); f.Title != name {
		t.Errorf("feed title %q", f.Title)
	}
	cal, _ := parseICS(t, file(t, out, "releases.ics"))
	if got := once(t, cal, "NAME"); !strings.HasPrefix(got, `<script>alert("x")</script> & ]]>\, 50%\; a\\b`) {
		t.Errorf("calendar name %q", got)
	}
	if b := parseBadge(t, file(t, out, "badges/2026.1.svg")); b.Texts[0] != name {
		t.Errorf("badge label %q", b.Texts[0])
	}
}
