package model

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Rules of the site model that several stages apply.

// MaxSpanDays bounds the days a site's figures follow one by one: the
// cumulative flow has a point for every day from the first sprint's start
// to the as-of date. Twenty years is far more than a backlog covers; an
// as_of of 9999-12-31 made a tiny site's report.json 540 MB.
const MaxSpanDays = 7305

// BaseURLProblems explains everything wrong with a base_url ("" has nothing
// wrong: it is optional).
func BaseURLProblems(u string) []string {
	if u == "" {
		return nil
	}
	var problems []string
	add := func(msg string) { problems = append(problems, fmt.Sprintf("base_url %q %s", u, msg)) }
	if strings.ContainsAny(u, " \t\n\"'<>") {
		add("must not contain spaces, quotes or angle brackets")
	}
	if i := strings.Index(u, ":"); i >= 0 && !strings.Contains(u[:i], "/") {
		scheme := strings.ToLower(u[:i])
		if scheme != "http" && scheme != "https" {
			add("must be an http or https URL, or a path such as /roadmap/")
		} else if !strings.HasPrefix(u[i:], "://") || len(u) <= i+3 {
			add("is not a complete URL (like https://acme.github.io/roadmap/)")
		}
	}
	// 404.html links from the path, and browsers read
	// "//evil.example/x/assets/site.js" as a script on another host.
	parsed, err := url.Parse(strings.TrimSpace(u))
	switch {
	case err != nil && len(problems) == 0:
		// Unparsable, it would silently lose the sitemap and the canonical
		// links that need it.
		add("is not a valid URL (a % must start an escape such as %20)")
	case err == nil && (strings.HasPrefix(parsed.Path, "//") || parsed.Scheme == "" && parsed.Host != ""):
		problems = append(problems, fmt.Sprintf("base_url %q: its path must not start with // (browsers read that as another host)", u))
	}
	return problems
}

// IsEditorLeftover reports the names editors write beside the files being
// edited: hidden files (vim's .x.swp, macOS's .DS_Store), backups ending
// in ~, swap files (.swp, .swo, .swx), emacs' #autosave# files, JetBrains'
// safe-write copies and vim's 4913 write test. They are neither read as
// input nor published, and saving one never triggers a rebuild.
func IsEditorLeftover(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasPrefix(name, "#"),
		strings.HasSuffix(name, "~"),
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swo"), strings.HasSuffix(name, ".swx"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	// vim tries 4913, then 4913+123k while such a file exists.
	if n, err := strconv.Atoi(name); err == nil && n >= 4913 && (n-4913)%123 == 0 {
		return true
	}
	return false
}
