// Package audience projects a site and its report onto one audience
// (docs/github-pages.md, "Audiences"). Public makes the public view: the
// public features, releases and pages of a site with the figures a public
// roadmap shows, computed from the full report (a public release's
// progress and odds count the work of its internal features) but holding
// nothing that names an internal item, and no score, rank, estimate,
// sprint, velocity, log or note unless site.toml's [publish.public] asks
// for it.
//
// The projection happens before rendering: render's public pages are made
// from a View alone, so an internal item cannot reach a public file through
// a template, a chart, a feed or a data file, because it is not there to
// be shown.
//
// It is pure like report (no I/O, no clock) and may import model and
// report only, with pure standard packages.
package audience
