package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/backlogsite/backlogsite/internal/model"

	"github.com/fsnotify/fsnotify"
)

// Problem is one error of a failed build as the overlay shows it.
type Problem struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
	Text    string `json:"text"` // path:line:col: message, as the terminal prints it
}

// Problems lists every problem in err: each entry of an ErrorList, or err
// itself when it carries no position.
func Problems(err error) []Problem {
	var list model.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		out := make([]Problem, 0, len(list))
		for _, e := range list {
			out = append(out, Problem{Path: e.Pos.Path, Line: e.Pos.Line, Col: e.Pos.Col, Message: e.Msg, Text: e.Error()})
		}
		return out
	}
	return []Problem{{Message: err.Error(), Text: err.Error()}}
}

// DescribeChange names what set off a rebuild for the terminal line.
func DescribeChange(changed []string) string {
	switch len(changed) {
	case 0:
		return "a change"
	case 1:
		return changed[0] + " changed"
	case 2:
		return changed[0] + " and " + changed[1] + " changed"
	}
	return fmt.Sprintf("%s and %d other files changed", changed[0], len(changed)-1)
}

func CountOf(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// DurationText rounds a build time for people: 41ms, 1.2s.
func DurationText(d time.Duration) string {
	if d < time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	}
	return d.Round(100 * time.Millisecond).String()
}

// Debounce timings. An editor's save is a burst of events within a few
// milliseconds; the whole edit-to-reload target is 200ms, so the quiet
// period is short. maxWait bounds the delay under a stream of writes (a
// `git checkout` of many files) so that a rebuild still starts.
const (
	debounceQuiet   = 30 * time.Millisecond
	debounceMaxWait = 300 * time.Millisecond
)

// treeWatcher watches a site directory and every directory below it,
// following directories created and removed later.
type treeWatcher struct {
	root    string // as given, for joining
	rootAbs string
	skip    []string // absolute directories never watched (an output dir inside the site)
	w       *fsnotify.Watcher
	dirs    map[string]bool // watched directories, as joined from root
}

func newTreeWatcher(root string, skip []string) (*treeWatcher, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	w, err := fsnotify.NewBufferedWatcher(1024)
	if err != nil {
		return nil, fmt.Errorf("cannot watch %s: %w", root, err)
	}
	tw := &treeWatcher{root: root, rootAbs: abs, w: w, dirs: map[string]bool{}}
	for _, s := range skip {
		if a, err := filepath.Abs(s); err == nil {
			tw.skip = append(tw.skip, a)
		}
	}
	if _, err := tw.addTree(root); err != nil {
		w.Close()
		return nil, fmt.Errorf("cannot watch %s: %w", root, err)
	}
	return tw, nil
}

func (tw *treeWatcher) Close() error { return tw.w.Close() }

// rel is p relative to the site directory, slash-separated, for messages.
func (tw *treeWatcher) rel(p string) string {
	r, err := filepath.Rel(tw.root, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// ignored reports paths whose changes never matter: hidden files and
// directories (.git, the temporary folders of a build), editor leftovers and
// the skipped directories.
func (tw *treeWatcher) ignored(p string) bool {
	if p == tw.root {
		return false
	}
	rel := tw.rel(p)
	for _, part := range strings.Split(rel, "/") {
		if strings.HasPrefix(part, ".") && part != "." && part != ".." {
			return true
		}
	}
	if model.IsEditorLeftover(filepath.Base(p)) {
		return true
	}
	if len(tw.skip) > 0 {
		abs := filepath.Join(tw.rootAbs, filepath.FromSlash(rel))
		for _, s := range tw.skip {
			if abs == s || strings.HasPrefix(abs, s+string(filepath.Separator)) {
				return true
			}
		}
	}
	return false
}

// addTree watches dir and every directory below it, and returns the files
// found there: a directory created with files already in it (mkdir -p and a
// copy, an unpacked archive) reports no event for them.
func (tw *treeWatcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // vanished while walking: its removal is an event of its own
		}
		if tw.ignored(p) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.IsDir() {
			files = append(files, p)
			return nil
		}
		if tw.dirs[p] {
			return nil
		}
		if err := tw.w.Add(p); err != nil {
			if p == dir && dir == tw.root {
				return err
			}
			return nil
		}
		tw.dirs[p] = true
		return nil
	})
	return files, err
}

// forget drops p and everything below it after its removal or renaming.
func (tw *treeWatcher) forget(p string) {
	prefix := p + string(filepath.Separator)
	for d := range tw.dirs {
		if d == p || strings.HasPrefix(d, prefix) {
			delete(tw.dirs, d)
			_ = tw.w.Remove(d) // already gone with the directory, usually
		}
	}
}

// handle applies one event to the watch list and returns the changed paths
// (relative to the site) that call for a rebuild, if any, and whether the
// event created them.
func (tw *treeWatcher) handle(ev fsnotify.Event) (changed []string, created bool) {
	if ev.Op == fsnotify.Chmod || ev.Name == "" || tw.ignored(ev.Name) {
		return nil, false
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		tw.forget(ev.Name)
	}
	created = ev.Has(fsnotify.Create)
	changed = []string{tw.rel(ev.Name)}
	if created {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			files, _ := tw.addTree(ev.Name)
			changed = changed[:0]
			for _, f := range files {
				changed = append(changed, tw.rel(f))
			}
			if len(changed) == 0 {
				changed = append(changed, tw.rel(ev.Name)+"/")
			}
		}
	}
	return changed, created
}

// batch is the changes seen since the last rebuild.
type batch struct {
	root    string
	changed map[string]bool // path relative to root -> created within the batch
}

func (b *batch) add(paths []string, created bool) {
	for _, p := range paths {
		b.changed[p] = b.changed[p] || created
	}
}

// take empties the batch and returns what changed, leaving out files that
// came and went within it: the temporary file of an atomic save (sed -i,
// editors' write-and-rename) is not news, the renamed-over file is.
func (b *batch) take() []string {
	var out []string
	for p, created := range b.changed {
		if created {
			if _, err := os.Lstat(filepath.Join(b.root, filepath.FromSlash(p))); err != nil {
				continue
			}
		}
		out = append(out, p)
	}
	clear(b.changed)
	sort.Strings(out)
	return out
}

// Run calls rebuild once per burst of changes under dir until ctx is
// done. ready, when set, is called once every directory is watched.
func Run(ctx context.Context, dir string, skip []string, ready func(), rebuild func(changed []string)) error {
	tw, err := newTreeWatcher(dir, skip)
	if err != nil {
		return err
	}
	defer tw.Close()
	if ready != nil {
		ready()
	}
	pending := &batch{root: dir, changed: map[string]bool{}}
	var quiet, deadline <-chan time.Time
	var rootPoll *time.Ticker
	var rootBack <-chan time.Time
	defer func() {
		if rootPoll != nil {
			rootPoll.Stop()
		}
	}()
	flush := func() {
		quiet, deadline = nil, nil
		if changed := pending.take(); len(changed) > 0 {
			rebuild(changed)
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case err, ok := <-tw.w.Errors:
			if !ok {
				return nil
			}
			// An overflowing event queue loses changes: rebuild to be sure.
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				pending.add([]string{"(many files)"}, false)
				quiet = time.After(debounceQuiet)
			}
		case ev, ok := <-tw.w.Events:
			if !ok {
				return nil
			}
			changed, created := tw.handle(ev)
			if len(changed) == 0 {
				continue
			}
			pending.add(changed, created)
			if !tw.dirs[tw.root] && rootPoll == nil {
				// The site directory itself went (rm -rf and a fresh copy,
				// a rename): look for it again until it is back.
				rootPoll = time.NewTicker(rootPollEvery)
				rootBack = rootPoll.C
			}
			if deadline == nil {
				deadline = time.After(debounceMaxWait)
			}
			quiet = time.After(debounceQuiet)
		case <-quiet:
			flush()
		case <-deadline:
			flush()
		case <-rootBack:
			files, err := tw.addTree(tw.root)
			if err != nil {
				continue
			}
			rootPoll.Stop()
			rootPoll, rootBack = nil, nil
			for i, f := range files {
				files[i] = tw.rel(f)
			}
			pending.add(append(files, "."), false)
			quiet = time.After(debounceQuiet)
		}
	}
}

// rootPollEvery is how often a removed site directory is looked for.
const rootPollEvery = 250 * time.Millisecond

// Result is what one Rebuild did.
type Result struct {
	Pages    int
	Took     time.Duration
	Problems []Problem
}
