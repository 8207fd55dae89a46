package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/backlogsite/backlogsite/internal/model"
)

// writeAnnotations prints each problem as a GitHub Actions workflow command
// (`::error file=…,line=…,col=…::message`) on stdout, where the runner reads
// them: each shows on the pull request at its file and line. The failure is
// still exit status 1.
func writeAnnotations(stdout io.Writer, err error) error {
	var list model.ErrorList
	if !errors.As(err, &list) {
		list = model.ErrorList{{Msg: err.Error()}}
	}
	var b strings.Builder
	for _, e := range list {
		b.WriteString(annotation(e))
		b.WriteByte('\n')
	}
	if _, werr := io.WriteString(stdout, b.String()); werr != nil {
		return werr
	}
	return reported{err}
}

// annotation is one problem as an error command. Paths are shown as given
// (relative to where check ran): run it from the repository's root for
// the annotations to land on the files.
func annotation(e *model.Error) string {
	var props []string
	if e.Pos.Path != "" {
		props = append(props, "file="+escapeProperty(filepath.ToSlash(e.Pos.Path)))
		if e.Pos.Line > 0 {
			props = append(props, "line="+strconv.Itoa(e.Pos.Line))
			if e.Pos.Col > 0 {
				props = append(props, "col="+strconv.Itoa(e.Pos.Col))
			}
		}
	}
	props = append(props, "title="+escapeProperty("backlogsite check"))
	return fmt.Sprintf("::error %s::%s", strings.Join(props, ","), escapeData(e.Msg))
}

// escapeData and escapeProperty follow the runner's rules (those of
// @actions/core): a message may not hold a line break, and % starts an
// escape; a property value may not hold the , and : that end it either.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
