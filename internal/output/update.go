package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Update is a build over an existing output folder that changes the folder
// in place rather than replacing it by a new one. Replacing it meant
// writing every page again, walking the old folder twice and deleting
// every old file and folder: a build over a 10,000-page output cost 1.6
// times a first build on a tmpfs and three times on a disk, although a
// build after one sprint changes a few hundred pages.
//
// A file the build writes with the very bytes the folder already holds at
// that name (read back through a path without links, and listed in the
// previous manifest with that hash) is left as it is. Every other file is
// staged in a folder beside out, as a first build writes, and renamed in
// at Publish; the previous build's files the build no longer writes are
// removed. A file backlogsite did not write, or changed since, is never
// replaced or removed: a build that would write there fails and changes
// nothing, as with Publish.
//
// What differs from Publish: a reader of the folder (a web server) may
// see old and new pages side by side for the moment Publish renames the
// changed files in, where Publish exchanged the folders at once. A build
// that fails, before or during Publish, leaves the folder as it was.
type Update struct {
	out    string
	folder folderHandle
	stage  Dir

	ready  chan struct{} // closed when old and oldErr are read
	old    Manifest
	oldErr error

	mu   sync.Mutex
	kept map[string]bool
}

// BeginUpdate starts a build over the existing output folder out (checked
// by CheckFolder: a folder, not a link). It returns nil, nil when there is
// no folder yet, and where the system cannot read a path without following
// links in one call (only Linux can): the build then writes a new folder
// and Publishes it.
func BeginUpdate(out string) (*Update, error) {
	fi, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) || err == nil && !fi.IsDir() {
		return nil, nil // a first build; CheckFolder refused anything but a folder
	}
	if err != nil {
		return nil, err
	}
	folder, err := openFolder(out)
	if errors.Is(err, errBeneathUnsupported) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	tmp, err := Prepare(out)
	if err != nil {
		folder.close()
		return nil, err
	}
	u := &Update{out: out, folder: folder, stage: NewDir(tmp), ready: make(chan struct{}), kept: map[string]bool{}}
	// The manifest of a 100,000-page output is 10 MB of JSON: read while
	// the build loads its site.
	go func() {
		defer close(u.ready)
		u.old, u.oldErr = ReadManifest(out)
		if errors.Is(u.oldErr, errNoManifest) {
			u.oldErr = nil // an empty folder: nothing in it is the build's
		}
	}()
	return u, nil
}

// Close removes what the build staged and was not published. Call it once
// the build is over, published or not.
func (u *Update) Close() {
	<-u.ready
	u.folder.close()
	_ = RemoveTree(u.stage.Dir)
}

// WriteFile leaves name as it is in the output folder when it holds data,
// else stages it.
func (u *Update) WriteFile(name string, data []byte) error {
	return u.writeHashed(name, data, sha256.Sum256(data))
}

func (u *Update) writeHashed(name string, data []byte, sum [sha256.Size]byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	<-u.ready
	if u.old.holds(name, hex.EncodeToString(sum[:])) && u.folder.holdsBytes(name, data) {
		u.mu.Lock()
		u.kept[name] = true
		u.mu.Unlock()
		return nil
	}
	return u.stage.WriteFile(name, data)
}

// Publish makes the output folder hold written (everything the build
// wrote, kept or staged) and what backlogsite did not write, or fails and
// leaves it as it was.
func (u *Update) Publish(written Manifest) error {
	if <-u.ready; u.oldErr != nil {
		return u.oldErr
	}
	plan, err := u.plan(written)
	if err != nil {
		return err
	}
	j := &journal{}
	if err := u.apply(plan, written, j); err != nil {
		j.undo()
		return err
	}
	// Folders the previous build's files leave empty go, deepest first;
	// one that still holds something (someone's file) fails, as meant.
	for _, d := range plan.emptied {
		_ = removeEmptyFolder(u.path(d)) // never a file renamed in where it was
	}
	if j.previous != "" {
		_ = RemoveTree(j.previous)
	}
	return nil
}

// updatePlan is what Publish changes, every name checked beforehand.
type updatePlan struct {
	staged   []string // written with new bytes, renamed in from the stage
	replaced []string // the previous build's files that staged ones replace
	removed  []string // the previous build's files the build no longer writes
	folders  []string // folders in out that only held removed files and where a file goes now
	emptied  []string // folders of removed files, deepest first, removed when empty
}

func (u *Update) plan(written Manifest) (updatePlan, error) {
	var p updatePlan
	// Which of the previous build's files, other than those the build
	// found as it writes them, still hold what was written.
	var check []string
	for name := range u.old {
		if !u.kept[name] {
			check = append(check, name)
		}
	}
	sort.Strings(check)
	ours := make([]bool, len(check))
	inParallel(len(check), func(i int) {
		ours[i] = u.old.holds(check[i], u.folder.hash(check[i]))
	})
	isOurs := make(map[string]bool, len(check))
	for i, name := range check {
		if ours[i] {
			isOurs[name] = true
			if _, writes := written[name]; !writes {
				p.removed = append(p.removed, name)
			}
		}
	}
	removed := make(map[string]bool, len(p.removed))
	for _, name := range p.removed {
		removed[name] = true
	}

	var clashes []string
	seen := map[string]bool{}
	// okFolder reports whether every folder above name is a folder, is
	// missing (it will be made), or is a file of the previous build that
	// goes.
	okFolder := func(name string) bool {
		for _, d := range ancestors(name) {
			if seen[d] {
				continue
			}
			seen[d] = true
			switch u.folder.kind(d) {
			case kindDir, kindAbsent:
			case kindFile:
				if !removed[d] {
					clashes = append(clashes, d)
					return false
				}
				return true // what is below it is gone with it
			default:
				clashes = append(clashes, d)
				return false
			}
		}
		return true
	}
	for name := range written {
		if u.kept[name] || name == ManifestName {
			continue
		}
		p.staged = append(p.staged, name)
		if !okFolder(name) {
			continue
		}
		switch u.folder.kind(name) {
		case kindAbsent:
		case kindFile:
			if isOurs[name] {
				p.replaced = append(p.replaced, name)
			} else {
				clashes = append(clashes, name)
			}
		case kindDir:
			// A folder where a file goes now: only if all it holds is the
			// previous build's and goes.
			if u.holdsOnly(name, removed) {
				p.folders = append(p.folders, name)
			} else {
				clashes = append(clashes, name)
			}
		default:
			clashes = append(clashes, name)
		}
	}
	if len(clashes) > 0 {
		for i, c := range clashes {
			clashes[i] = u.path(c)
		}
		sort.Strings(clashes)
		return p, fmt.Errorf("%s: not written by backlogsite (or changed since it was), and this build writes there; move it away and build again", strings.Join(clashes, ", "))
	}
	sort.Strings(p.staged)
	sort.Strings(p.replaced)
	sort.Strings(p.removed)
	depthFirst := func(dirs []string) {
		sort.Slice(dirs, func(i, j int) bool {
			di, dj := strings.Count(dirs[i], "/"), strings.Count(dirs[j], "/")
			if di != dj {
				return di > dj
			}
			return dirs[i] < dirs[j]
		})
	}
	depthFirst(p.folders)
	emptied := map[string]bool{}
	for _, name := range p.removed {
		for _, d := range ancestors(name) {
			emptied[d] = true
		}
	}
	for d := range emptied {
		p.emptied = append(p.emptied, d)
	}
	depthFirst(p.emptied)
	return p, nil
}

// holdsOnly reports whether the folder dir of out holds nothing but files
// listed in removed, in folders.
func (u *Update) holdsOnly(dir string, removed map[string]bool) bool {
	only := true
	err := filepath.WalkDir(u.path(dir), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(u.out, p)
		if d.Type().IsRegular() && removed[filepath.ToSlash(rel)] || d.IsDir() {
			return nil
		}
		only = false
		return filepath.SkipAll
	})
	return err == nil && only
}

// ancestors lists the folders above name, outermost first.
func ancestors(name string) []string {
	var dirs []string
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		dirs = append(dirs, d)
	}
	for i, j := 0, len(dirs)-1; i < j; i, j = i+1, j-1 {
		dirs[i], dirs[j] = dirs[j], dirs[i]
	}
	return dirs
}

func (u *Update) path(name string) string {
	return filepath.Join(u.out, filepath.FromSlash(name))
}

// apply carries out the plan, noting in j how to undo each step.
func (u *Update) apply(p updatePlan, written Manifest, j *journal) error {
	// A build that changed no page (a rebuild of the same input) only
	// drops from the manifest what someone else changed since.
	if len(p.staged) > 0 || len(p.removed) > 0 {
		if err := u.changeFiles(p, written, j); err != nil {
			return err
		}
	}
	return u.replaceManifest(written, j)
}

// changeFiles removes, replaces and adds the files of the plan.
func (u *Update) changeFiles(p updatePlan, written Manifest, j *journal) error {
	// First a manifest that knows both builds' files, so that a build
	// killed halfway leaves a folder the next build can still clean.
	both := make(Manifest, len(u.old)+len(written))
	for name, sum := range u.old {
		both[name] = sum
	}
	for name, sum := range written {
		both[name] = sum
		if old, ok := u.old[name]; ok && !u.old.holds(name, sum) {
			// The hashes the file may hold now, the newest kept when
			// killed builds left more.
			sums := strings.Split(old, ",")
			both[name] = strings.Join(append(sums[max(0, len(sums)-maxSums+1):], sum), ",")
		}
	}
	if err := u.replaceManifest(both, j); err != nil {
		return err
	}
	var err error
	if j.previous, err = os.MkdirTemp(filepath.Dir(u.out), "."+filepath.Base(u.out)+".old-"); err != nil {
		return err
	}
	// The previous build's files go into that folder, not away at once:
	// undoing a step is a rename back. With the files' manifest, a killed
	// build's folder is cleaned by the next one (CleanLeftovers).
	moved := Manifest{}
	for _, name := range append(append([]string{}, p.removed...), p.replaced...) {
		moved[name] = u.old[name]
	}
	if err := os.WriteFile(filepath.Join(j.previous, ManifestName), moved.Encode(), 0o644); err != nil {
		return err
	}
	for _, name := range p.removed {
		if err := j.moveAside(u.path(name), filepath.Join(j.previous, filepath.FromSlash(name))); err != nil {
			return err
		}
	}
	for _, name := range p.folders {
		if err := j.removeEmptied(u.path(name)); err != nil {
			return err
		}
	}
	for _, name := range p.replaced {
		if err := j.moveAside(u.path(name), filepath.Join(j.previous, filepath.FromSlash(name))); err != nil {
			return err
		}
	}
	for _, name := range p.staged {
		dst := u.path(name)
		if err := j.makeFolders(u.out, filepath.Dir(dst)); err != nil {
			return err
		}
		if err := j.rename(filepath.Join(u.stage.Dir, filepath.FromSlash(name)), dst); err != nil {
			return err
		}
	}
	return nil
}

// replaceManifest puts m in place of the folder's manifest, by a rename.
func (u *Update) replaceManifest(m Manifest, j *journal) error {
	encoded := m.Encode()
	dst := filepath.Join(u.out, ManifestName)
	current, err := os.ReadFile(dst)
	if err == nil && bytes.Equal(current, encoded) {
		return nil
	}
	next := filepath.Join(u.stage.Dir, ManifestName)
	if err := os.WriteFile(next, encoded, 0o644); err != nil {
		return err
	}
	if err == nil {
		j.steps = append(j.steps, func() { _ = os.WriteFile(dst, current, 0o644) })
		return os.Rename(next, dst)
	}
	return j.rename(next, dst)
}

// journal undoes the steps of an Update's Publish, last first.
type journal struct {
	previous string // the folder the previous build's replaced files go to
	steps    []func()
}

func (j *journal) undo() {
	for i := len(j.steps) - 1; i >= 0; i-- {
		j.steps[i]()
	}
	if j.previous != "" {
		_ = os.RemoveAll(j.previous) // empty again, but for its manifest
	}
}

func (j *journal) rename(from, to string) error {
	if err := writable(filepath.Dir(to), j); err != nil {
		return err
	}
	if err := os.Rename(from, to); err != nil {
		return err
	}
	j.steps = append(j.steps, func() { _ = os.Rename(to, from) })
	return nil
}

func (j *journal) moveAside(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	if err := writable(filepath.Dir(from), j); err != nil {
		return err
	}
	return j.rename(from, to)
}

// removeEmptied removes the folder dir and the folders in it, which hold
// nothing any more.
func (j *journal) removeEmptied(dir string) error {
	var dirs []string
	if err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil {
			dirs = append(dirs, p)
		}
		return err
	}); err != nil {
		return err
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		d := dirs[i]
		if err := writable(filepath.Dir(d), j); err != nil {
			return err
		}
		if err := removeEmptyFolder(d); err != nil {
			return err
		}
		j.steps = append(j.steps, func() { _ = os.Mkdir(d, 0o755) })
	}
	return nil
}

// makeFolders makes dir and the folders above it up to root.
func (j *journal) makeFolders(root, dir string) error {
	if dir == root {
		return nil
	}
	fi, err := os.Lstat(dir)
	if err == nil && fi.IsDir() {
		return nil
	}
	if err := j.makeFolders(root, filepath.Dir(dir)); err != nil {
		return err
	}
	if err := writable(filepath.Dir(dir), j); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	j.steps = append(j.steps, func() { _ = os.Remove(dir) })
	return nil
}

// writable makes a folder its owner made read-only writable again, as
// the previous build had made it: its files are the build's. The mode
// comes back if the build is undone.
func writable(dir string, j *journal) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	mode := fi.Mode().Perm()
	if mode&0o300 == 0o300 {
		return nil
	}
	if err := os.Chmod(dir, mode|0o700); err != nil {
		return err
	}
	j.steps = append(j.steps, func() { _ = os.Chmod(dir, mode) })
	return nil
}

// errBeneathUnsupported says that the system cannot resolve a path below a
// folder without following links in one call.
var errBeneathUnsupported = errors.New("no link-free path resolution")

// entryKind is what a name of an output folder is.
type entryKind int

const (
	kindAbsent entryKind = iota
	kindFile
	kindDir
	kindOther // a link, a device, a pipe, or not reachable
)
