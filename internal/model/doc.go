// Package model is the site model every stage shares: the Site with its
// features, releases, sprints, stories and pages; calendar Dates (day
// numbers, never a time.Time in a location, so no figure depends on the
// machine's time zone); positioned errors (Pos, ErrorList, sorted, all
// problems of a run at once); scorecard equations; and the rules of the
// model that several stages apply (the base-URL check, which file names
// are editor leftovers).
//
// It may import only the standard library, and none of it that reads the
// outside world (no os, no clock; io/fs only to name the site's file
// system).
package model
