package load

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/backlogsite/backlogsite/internal/model"
)

func FuzzLoad(f *testing.F) {
	base := sitetest.TinyFS(f)
	if _, err := FS(base, "site"); err != nil {
		f.Fatalf("the site to fuzz is not valid: %v", err)
	}
	for i, name := range sitetest.FuzzTargets {
		if file := base[name]; file != nil {
			f.Add(byte(i), file.Data)
		}
	}
	// The example site's files, each fed as the file of its kind.
	for i, dir := range []string{"", "backlog", "releases", "sprints", "pages"} {
		pattern := filepath.Join(sitetest.Example(), dir, "*")
		if dir == "" {
			pattern = filepath.Join(sitetest.Example(), "site.toml")
		}
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			if data, err := os.ReadFile(m); err == nil {
				f.Add(byte(i), data)
			}
		}
	}
	for _, seed := range []struct {
		target byte
		data   string
	}{
		{0, ""},
		{0, "\ufefftitle = \"BOM\"\n"},
		{0, "title = \"x\"\r\n[calendar]\r\nworking_days = [\r\n  \"mon\", # c\r\n]\r\n"},
		{0, "title = \"x\"\n[scorecard]\nequation = \"value / (effort - effort)\"\n"},
		{0, "title = \"x\"\n[scorecard]\nequation = \"a\"\n[[scorecard.metric]]\nkey = \"a\"\nmin = 1\nmax = 0\n"},
		{0, "title = \"x\"\nas_of = 0001-01-01\n[forecast]\ntrials = -1\nseed = 9223372036854775807\n"},
		{1, "feature = [{ id = \"F-1\", title = \"x\", scores = { value = nan, effort = inf } }, 3]\n"},
		{1, "[[feature]]\nid = \"F-1\"\ntitle = \"\"\"\n[[feature]]\nid = \"F-2\"\"\"\"\n[feature.scores]\nvalue = 1\n"},
		{1, "[[feature]]\nid = \"F-1\"\nrank = 9223372036854775807\n\"quoted.key\" = 1\n'lit' = 2\n"},
		{2, "id = \"2026.1\"\nstart = 2026-02-09T10:00:00Z\ndate = \"2026-02-08\"\ncapacity = -1e400\nfeatures = [\"F-1\", \"F-1\", 1]\n"},
		{3, "id = \"S-2\"\nstart = 2026-02-23\nend = 2026-02-22\ndays_off = [2026-02-23, 2026-02-23]\n[[log]]\ndate = 2026-02-24\nestimates = { \"ST-9\" = -1 }\nreopened = [\"ST-9\"]\n"},
		{3, "id = \"S-2\"\nstart = 2026-02-23\nend = 2026-03-06\n[[story]]\nid = \"ST-1\"\ntitle = \"t\"\nestimate = 1\n[[log]]\ndate = 2026-02-24\nadded = [\"ST-1\", \"ST-1\"]\nremoved = [\"ST-1\", \"ST-1\"]\ndone = [\"ST-1\"]\n"},
		{4, "+++\n+++\n"},
		{4, "+++\r\ntitle = \"x\"\r\n+++"},
		{4, "+++\ntitle = 'x'\nweight = 99999999999\n+++\n\xff"},
		{9, "x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"},
		{0, "a = \"\\u0000\"\nb = \"\\uD800\"\nc = '\x7f'\n"},
	} {
		f.Add(seed.target, []byte(seed.data))
	}

	f.Fuzz(func(t *testing.T, target byte, data []byte) {
		fsys := fstest.MapFS{}
		for name, file := range base {
			fsys[name] = file
		}
		fsys[sitetest.FuzzTargets[int(target)%len(sitetest.FuzzTargets)]] = &fstest.MapFile{Data: data}
		site, err := FS(fsys, "site")
		if err == nil {
			if site == nil {
				t.Fatal("LoadFS returned neither a site nor an error")
			}
			return
		}
		var list model.ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("LoadFS error is %T, not an ErrorList: %v", err, err)
		}
		if len(list) == 0 {
			t.Fatal("empty ErrorList returned as an error")
		}
		for _, e := range list {
			if e.Pos.Path == "" || e.Pos.Line < 1 {
				t.Errorf("error without a file and line: %q", e.Error())
			}
			if e.Msg == "" || strings.Contains(e.Msg, "\x00") {
				t.Errorf("bad message at %v: %q", e.Pos, e.Msg)
			}
		}
	})
}
