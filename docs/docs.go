// Package docs carries the user documentation that sites show too:
// reports.md is the one source of the "How these figures are computed"
// page every site has, so the page and the docs can never disagree.
package docs

import _ "embed"

//go:embed reports.md
var reports string

// Reports returns docs/reports.md.
func Reports() string { return reports }
