package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// buildingMarker is written first into the folder a build writes, so that
// a later build knows a leftover folder of a killed build for its own.
const buildingMarker = ".backlogsite-building"

// Prepare makes the folder a build writes into, beside out, marked as a
// build's; Publish later puts it in out's place.
func Prepare(out string) (string, error) {
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return "", err
	}
	// MkdirTemp creates the folder private to its owner; a published site
	// is meant to be read.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	return tmp, os.WriteFile(filepath.Join(tmp, buildingMarker), nil, 0o644)
}

// Publish puts the finished build in tmp (its files listed in written) in
// out's place, keeping what backlogsite did not write.
//
// The files of out that its manifest lists and that still hold what was
// written are the previous build's; everything else (a CNAME, a .git
// folder, a page edited by hand, a link) is moved into the new build at the
// same place first, so that it survives; if the new build writes that very
// path, Publish fails and changes nothing. Then the folders are exchanged
// (Swap) and the previous build's own files deleted, never following a link.
func Publish(tmp, out string, written Manifest) error {
	return PublishOver(tmp, out, written, nil)
}

// PublishOver is Publish with the look at out that LookAtOld started when
// the build began (nil: none).
func PublishOver(tmp, out string, written Manifest, early *OldOutput) error {
	if err := os.WriteFile(filepath.Join(tmp, ManifestName), written.Encode(), 0o644); err != nil {
		return err
	}
	var ours map[string]bool
	var moved [][2]string
	if _, err := os.Lstat(out); err == nil {
		if ours, err = unchangedNow(out, early); err != nil {
			return err
		}
		if moved, err = carryOver(out, tmp, ours, written); err != nil {
			return err
		}
	}
	if err := os.Remove(filepath.Join(tmp, buildingMarker)); err != nil {
		undo(moved)
		return err
	}
	old, err := swap(tmp, out)
	if err != nil {
		undo(moved)
		return err
	}
	if old != "" {
		removeOurs(old, ours)
	}
	return nil
}

// undo moves back what carryOver moved, last first, so that a build that
// fails leaves the output folder as it found it, and its own folder holding
// only its own files.
func undo(moved [][2]string) {
	for i := len(moved) - 1; i >= 0; i-- {
		_ = os.Rename(moved[i][1], moved[i][0])
	}
}

// carryOver moves every entry of out that is not the previous build's into
// the new build in tmp, and returns the moves (from, to) it made. On error
// it has moved nothing, or moved everything back.
func carryOver(out, tmp string, ours map[string]bool, written Manifest) ([][2]string, error) {
	oursDirs := parentDirs(ours)
	writtenDirs := parentDirs(written)
	var moves [][2]string
	var clashes []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".", rel == ManifestName:
			return nil
		case d.IsDir() && oursDirs[rel]:
			return nil // holds files of the previous build: look inside
		case !d.IsDir() && ours[rel]:
			return nil
		}
		_, writesFile := written[rel]
		if writesFile || writtenDirs[rel] || writesAncestor(written, rel) {
			clashes = append(clashes, filepath.Join(out, filepath.FromSlash(rel)))
		} else {
			moves = append(moves, [2]string{p, filepath.Join(tmp, filepath.FromSlash(rel))})
		}
		if d.IsDir() {
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(clashes) > 0 {
		sort.Strings(clashes)
		return nil, fmt.Errorf("%s: not written by backlogsite (or changed since it was), and this build writes there; move it away and build again", strings.Join(clashes, ", "))
	}
	for i, m := range moves {
		err := os.MkdirAll(filepath.Dir(m[1]), 0o755)
		if err == nil {
			err = os.Rename(m[0], m[1])
		}
		if err != nil {
			undo(moves[:i])
			return nil, err
		}
	}
	return moves, nil
}

// parentDirs lists every folder that holds one of files.
func parentDirs[V any](files map[string]V) map[string]bool {
	dirs := map[string]bool{}
	for f := range files {
		for d := path.Dir(f); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	return dirs
}

// writesAncestor reports whether the build writes a file where rel's
// folder would be.
func writesAncestor(written Manifest, rel string) bool {
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		if _, ok := written[d]; ok {
			return true
		}
	}
	return false
}

// removeOurs deletes the files of a previous build that are listed in ours,
// then the folders left empty, then dir itself when nothing else is in it.
// It never follows a link; a folder someone made read-only is made writable
// first, since its files are the build's. What cannot be removed stays for
// the next build's CleanLeftovers.
func removeOurs(dir string, ours map[string]bool) {
	var dirs []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if info, err := d.Info(); err == nil && info.Mode().Perm()&0o300 != 0o300 {
				_ = os.Chmod(p, info.Mode().Perm()|0o700)
			}
			dirs = append(dirs, p)
		}
		return nil
	})
	// A build over an existing output pays for this after its own work:
	// on every core, as the build writes, so that replacing an output
	// costs no more than the first build.
	names := append(make([]string, 0, len(ours)+2), ManifestName, buildingMarker)
	for name := range ours {
		names = append(names, name)
	}
	inParallel(len(names), func(i int) {
		_ = os.Remove(filepath.Join(dir, filepath.FromSlash(names[i])))
	})
	// Deepest first, so that a folder is empty by the time it is tried;
	// the folders of one depth at once.
	depth := func(p string) int { return strings.Count(p, string(filepath.Separator)) }
	sort.SliceStable(dirs, func(i, j int) bool { return depth(dirs[i]) > depth(dirs[j]) })
	for len(dirs) > 0 {
		n := 1
		for n < len(dirs) && depth(dirs[n]) == depth(dirs[0]) {
			n++
		}
		level := dirs[:n]
		inParallel(len(level), func(i int) {
			_ = os.Remove(level[i]) // fails, as meant, on a folder that still holds something
		})
		dirs = dirs[n:]
	}
}

// CleanLeftovers removes what killed builds left beside out: a build's
// folder (.out.tmp-*) is removed when it still carries the building marker
// (nothing but the build wrote into it), else only the files its manifest
// lists; a previous output that could not be removed (.out.old-*) loses the
// files of its manifest. Call it holding the lock: the folder of a running
// build must not be touched.
func CleanLeftovers(out string) {
	parent, base := filepath.Dir(out), filepath.Base(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !(strings.HasPrefix(name, "."+base+".tmp-") || strings.HasPrefix(name, "."+base+".old-")) {
			continue
		}
		dir := filepath.Join(parent, name)
		m, err := ReadManifest(dir)
		switch {
		case err == nil:
			removeOurs(dir, m.unchanged(dir))
		case errors.Is(err, errNoManifest) && isRegular(filepath.Join(dir, buildingMarker)):
			_ = RemoveTree(dir)
		}
	}
}

func isRegular(p string) bool {
	fi, err := os.Lstat(p)
	return err == nil && fi.Mode().IsRegular()
}
