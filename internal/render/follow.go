package render

import (
	"crypto/sha1"
	"fmt"
	"net/url"
	"strings"

	"github.com/backlogsite/backlogsite/internal/model"
)

// followJobs are the files that let a reader follow the plan without
// visiting the site: an Atom feed, a calendar of the release dates and
// forecasts, and a badge per release for a README.
func (r *renderer) followJobs() []job {
	jobs := []job{
		{name: "feed.xml", make: r.feed},
		{name: "releases.ics", make: r.calendar},
	}
	for _, rr := range r.rep.Releases {
		rr := rr
		jobs = append(jobs, job{name: "badges/" + rr.ID + ".svg", make: func() ([]byte, error) { return badge(rr), nil }})
	}
	return jobs
}

// followID is a stable, globally unique id for one feed entry or calendar
// event: a name-based UUID (RFC 9562, version 5) of the site and the
// item's key, so that a reader sees an entry once however often the site
// is rebuilt. The site is its base_url, else its title: without an address
// the title is all that tells two sites apart.
func (r *renderer) followID(key string) string {
	site := r.baseURL
	if site == "" {
		site = "title:" + r.site.Config.Title
	}
	// The RFC's namespace for URLs, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
	ns := []byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.Sum(append(ns, site+"#"+key...))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// link is the address of a page of the site for a feed or calendar: an
// absolute URL with base_url (as the sitemap has it), else the path
// relative to the site root, where the feed itself is, so that a reader
// resolving it against the feed's own address finds the page wherever the
// site is hosted.
func (r *renderer) link(sitePath string) string {
	if r.baseURL == "" {
		return sitePath
	}
	return r.baseURL + strings.TrimSuffix(sitePath, "index.html")
}

func releasePath(id string) string { return "releases/" + url.PathEscape(id) + "/index.html" }
func sprintPath(id string) string  { return "sprints/" + url.PathEscape(id) + "/index.html" }

// dateTime is a date as the RFC 3339 instant a feed needs: its midnight in
// UTC, since the plan knows days, not times.
func dateTime(d model.Date) string { return d.String() + "T00:00:00Z" }
