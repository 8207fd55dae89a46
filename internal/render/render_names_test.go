package render

import (
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/model"
)

// checkNames finds every name a build could not write, or that would
// collide on a case-insensitive disk, at the input behind it.
func TestCheckNames(t *testing.T) {
	static := func(name string) job { return job{name: name, src: model.Pos{Path: "site/static/" + name}} }
	made := func(name string) job { return job{name: name} }
	feature := job{name: "features/F-1/index.html", src: model.Pos{Path: "site/backlog/a.toml", Line: 1, Col: 1}}
	for _, tt := range []struct {
		name string
		jobs []job
		want string // "" when the names are fine
	}{
		{"distinct names", []job{made("index.html"), feature, static("logo.png"), static("features/logo.png")}, ""},
		{"a folder of another case", []job{feature, static("Features/logo.png")},
			"site/static/Features/logo.png: output Features and features differ only in case (the other from site/backlog/a.toml:1:1)"},
		{"a file of another case", []job{made("index.html"), static("INDEX.html")},
			"site/static/INDEX.html: output INDEX.html and index.html differ only in case (the other from a page backlogsite makes)"},
		{"a file where a folder is", []job{static("features"), feature},
			"site/backlog/a.toml:1:1: output features would be a file and a folder at once (the other from site/static/features)"},
		{"a name part too long", []job{static("a/" + strings.Repeat("b", 256))},
			"bbbbbbbbbbbbbbbb: output file a/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb…bbbbbbbbbbbbbbbb has a file or folder name of more than 255 bytes"},
		{"a path too long", []job{static(strings.Repeat("folder/", 150) + "x")},
			"has a path of more than 1024 bytes"},
		{"outside the output", []job{static("../x")}, `refusing to write "../x"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := checkNames(tt.jobs)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected problem: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("got %v, want a problem containing %q", err, tt.want)
			}
		})
	}
}
