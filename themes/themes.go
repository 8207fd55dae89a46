// Package themes holds the themes backlogsite renders sites with. Each theme
// is embedded in the binary so that a build needs nothing but the site
// directory: the output ships every asset itself (SPEC §5).
package themes

import (
	"embed"
	"io/fs"
)

// The build recipe in echarts/ is deliberately not embedded: only the bundle
// it produces (default/assets/echarts.min.js) ships with sites.
//
//go:embed default/templates default/assets
var defaultTheme embed.FS

// Default returns the default theme: templates/*.html (html/template sources,
// overridable by a site's layouts/ by file name) and assets/* (copied to the
// output's assets/ directory).
func Default() fs.FS {
	sub, err := fs.Sub(defaultTheme, "default")
	if err != nil {
		// fs.Sub fails only for an invalid path literal, which is a bug here.
		panic(err)
	}
	return sub
}
