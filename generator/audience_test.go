package generator

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/backlogsite/backlogsite/internal/audience"
	"github.com/backlogsite/backlogsite/internal/load"
	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"
	"github.com/backlogsite/backlogsite/internal/render"
	"github.com/backlogsite/backlogsite/internal/report"
	"github.com/backlogsite/backlogsite/internal/sitetest"
	"github.com/backlogsite/backlogsite/internal/synth"
	themefs "github.com/backlogsite/backlogsite/themes"
)

// forbidden is what must not be in any byte of a public build: ids (matched
// as whole ids, so that F-1 does not match in F-10) and texts.
type forbidden struct {
	ids   map[string]string // id → what it is
	texts map[string]string // text → what it is
}

// minText is the shortest text fragment worth looking for: shorter ones
// ("Done", "iOS") occur by chance in any page.
const minText = 12

// forbiddenOf lists what the public build of site must not hold: every
// internal feature's, release's and page's id, title, description and
// acceptance criteria; every sprint's id, name and goal, every story's id
// and title and every log note (sprints are never public); the scores and
// estimates of every feature and story as data files write them. Markdown
// text is cut into fragments between markup characters, since rendered
// Markdown keeps the words, not the markup. A string is skipped when it
// proves nothing: shorter than minText (ids excepted: they match whole), a
// number that is not distinctive (an integer, or fewer than 4 characters,
// which dates and percentages contain by chance), found in the theme's own
// assets (they are copied verbatim), or also the text of something public
// (a public feature may share a phrase with an internal one).
func forbiddenOf(t *testing.T, site *model.Site) forbidden {
	t.Helper()
	f := forbidden{ids: map[string]string{}, texts: map[string]string{}}
	text := func(s, what string) {
		for _, frag := range fragments(s) {
			f.texts[frag] = what
		}
	}
	num := func(v float64, what string) {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if strings.Contains(s, ".") && len(s) >= 4 {
			f.texts[s] = what
		}
	}
	for _, x := range site.Features {
		for _, v := range x.Scores {
			num(v, "a score input of "+x.ID)
		}
		num(x.Estimate, "the estimate of "+x.ID)
		if !x.Visibility.Internal() {
			continue
		}
		what := "internal feature " + x.ID
		f.ids[x.ID] = what
		text(x.Title, what)
		text(x.Description, what)
		for _, a := range x.Acceptance {
			text(a, what)
		}
	}
	for _, x := range site.Releases {
		if x.Visibility.Internal() {
			what := "internal release " + x.ID
			f.ids[x.ID] = what
			text(x.Name, what)
			text(x.Description, what)
		}
	}
	for _, x := range site.Pages {
		if x.Visibility.Internal() {
			what := "internal page " + x.Slug
			f.ids[x.Slug] = what
			text(x.Title, what)
			text(x.Body, what)
		}
	}
	for _, sp := range site.Sprints {
		what := "sprint " + sp.ID
		f.ids[sp.ID] = what
		text(sp.Name, what)
		text(sp.Goal, what)
		text(sp.Description, what)
		for _, st := range sp.Stories {
			f.ids[st.ID] = "story " + st.ID
			text(st.Title, "story "+st.ID)
			num(st.Estimate, "the estimate of story "+st.ID)
		}
		for _, e := range sp.Log {
			text(e.Note, "a note of sprint "+sp.ID)
			for _, re := range e.Estimates {
				num(re.Estimate, "a re-estimate of "+re.Story)
			}
		}
	}
	// The site's description is internal when the public roadmap has its own.
	description := site.Config.Description
	if d := site.Config.Publish.Public.Description; d != "" {
		text(description, "the internal site description")
		description = d
	}
	// What proves nothing.
	var public []string
	public = append(public, site.Config.Title, description)
	for _, x := range site.Features {
		if !x.Visibility.Internal() {
			public = append(public, x.ID, x.Title, x.Description, strings.Join(x.Acceptance, "\n"), x.Category, strings.Join(x.Themes, "\n"))
		}
	}
	for _, x := range site.Releases {
		if !x.Visibility.Internal() {
			public = append(public, x.ID, x.Name, x.Description)
		}
	}
	for _, x := range site.Pages {
		if !x.Visibility.Internal() {
			public = append(public, x.Slug, x.Title, x.Body)
		}
	}
	allPublic := strings.Join(public, "\n")
	var assets bytes.Buffer
	err := fs.WalkDir(themefs.Default(), "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(themefs.Default(), p)
		assets.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for s := range f.texts {
		if strings.Contains(allPublic, s) || bytes.Contains(assets.Bytes(), []byte(s)) {
			delete(f.texts, s)
		}
	}
	for id := range f.ids {
		if idPattern(id).MatchString(allPublic) || bytes.Contains(assets.Bytes(), []byte(id)) && idPattern(id).Match(assets.Bytes()) {
			delete(f.ids, id)
		}
	}
	return f
}

// fragments cuts text into the runs between Markdown's markup characters
// that are long enough to mean something.
func fragments(s string) []string {
	var out []string
	for _, frag := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("\n*_[]()`#>|:;.,!?\"", r) }) {
		frag = strings.TrimSpace(frag)
		if len(frag) >= minText {
			out = append(out, frag)
		}
	}
	return out
}

func idPattern(id string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[^A-Za-z0-9._-])` + regexp.QuoteMeta(id) + `($|[^A-Za-z0-9_-]|\.[^A-Za-z0-9_-]|\.$)`)
}

// leaks reports every forbidden string in a file's name or bytes, raw or
// as HTML, XML or JSON escaping writes it.
func (f forbidden) leaks(name string, data []byte) []string {
	var out []string
	for id, what := range f.ids {
		if !strings.Contains(name, id) && !bytes.Contains(data, []byte(id)) {
			continue // the regular expression is slow on the chart library
		}
		re := idPattern(id)
		if re.MatchString(name) || re.Match(data) {
			out = append(out, fmt.Sprintf("%s: id %q of %s", name, id, what))
		}
	}
	for s, what := range f.texts {
		forms := []string{s, html.EscapeString(s), strings.ReplaceAll(html.EscapeString(s), "&#39;", "&#x27;"), strconv.Quote(s)[1 : len(strconv.Quote(s))-1]}
		for _, form := range forms {
			if strings.Contains(name, form) || bytes.Contains(data, []byte(form)) {
				out = append(out, fmt.Sprintf("%s: %q of %s", name, s, what))
				break
			}
		}
	}
	return out
}

// TestPublicBuildLeaksNothing is issue 18's acceptance test: content-example
// built for the public holds, in no byte of any file and in no file name,
// anything that names an internal item, any sprint or story, any note, or
// any score or estimate. It walks the whole output, not a list of pages.
func TestPublicBuildLeaksNothing(t *testing.T) {
	dir := sitetest.Example()
	site, err := load.Dir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var internal int
	for _, x := range site.Features {
		if x.Visibility.Internal() {
			internal++
		}
	}
	for _, x := range site.Pages {
		if x.Visibility.Internal() {
			internal++
		}
	}
	if internal < 3 {
		t.Fatalf("content-example marks %d items internal; the test needs some to look for", internal)
	}
	bad := forbiddenOf(t, site)
	if len(bad.ids) < 20 || len(bad.texts) < 20 {
		t.Fatalf("only %d ids and %d texts to look for: the list is too short to prove anything", len(bad.ids), len(bad.texts))
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Build(context.Background(), BuildOptions{SiteDir: dir, OutDir: out, Audience: audience.Public}); err != nil {
		t.Fatal(err)
	}
	files := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		if d.IsDir() {
			for _, l := range bad.leaks(rel, nil) {
				t.Error(l)
			}
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		for _, l := range bad.leaks(filepath.ToSlash(rel), data) {
			t.Error(l)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 40 {
		t.Fatalf("the public build has %d files; expected the roadmap's pages and data", files)
	}
	// And the checks are not vacuous: the internal build has what the
	// public one must not.
	full := filepath.Join(t.TempDir(), "internal")
	if _, err := Build(context.Background(), BuildOptions{SiteDir: dir, OutDir: full}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(full, "data", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(bad.leaks("internal data/report.json", b)) == 0 {
		t.Error("the internal report.json holds none of the forbidden strings: the list proves nothing")
	}
}

// TestPublicViewProperty marks random features, releases and pages of
// small synthetic sites internal and checks that the public roadmap names
// none of them, nor any sprint or story.
func TestPublicViewProperty(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			dir := t.TempDir()
			if err := synth.Write(dir, synth.Config{Features: 40, Sprints: 8, StoriesPerSprint: 6, Releases: 3, Seed: seed}); err != nil {
				t.Fatal(err)
			}
			site, err := load.Dir(dir)
			if err != nil {
				t.Fatal(err)
			}
			r := rand.New(rand.NewPCG(seed, 18))
			for _, x := range site.Features {
				if r.IntN(3) == 0 {
					x.Visibility = model.VisibilityInternal
				}
			}
			for _, x := range site.Releases {
				if r.IntN(3) == 0 {
					x.Visibility = model.VisibilityInternal
				}
			}
			for _, x := range site.Pages {
				if r.IntN(2) == 0 {
					x.Visibility = model.VisibilityInternal
				}
			}
			site.Config.Publish.Public = model.PublicSwitches{Sizes: r.IntN(2) == 0}
			rep, err := report.Compute(site, report.AsOf(site, 0))
			if err != nil {
				t.Fatal(err)
			}
			bad := forbiddenOf(t, site)
			mem := &output.Mem{}
			if _, err := render.RenderPublic(context.Background(), audience.Project(site, rep), mem, render.Options{}); err != nil {
				t.Fatal(err)
			}
			for _, name := range mem.Names() {
				data, _ := mem.File(name)
				for _, l := range bad.leaks(name, data) {
					t.Error(l)
				}
			}
		})
	}
}
