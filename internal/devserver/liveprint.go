package devserver

import (
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/backlogsite/backlogsite/internal/render"
)

// inputPrint says what a live build was made from, so that a rebuild can
// tell the open pages whether to reload without rendering every page to
// compare them: a digest of every input file but the stylesheets among the
// static files, and a digest of each of those by output name. The same
// files give the same site (a build reads no clock and nothing else), so
// an equal print means nothing to reload; a print differing only in
// stylesheets means the pages only need their stylesheets swapped.
type inputPrint struct {
	main [sha256.Size]byte
	css  map[string][sha256.Size]byte
}

// inputDirs are what Load reads besides static/: site.toml, the TOML
// folders, pages/ and layouts/. Reading a little more than Load does can
// only cause a reload that was not needed.
var inputDirs = []string{"site.toml", "backlog", "releases", "sprints", "pages", "layouts"}

// hashInputs starts the digest with every input file of dir but the static
// ones. It needs nothing from the build, so a rebuild takes it while the
// site loads and computes.
func hashInputs(dir string) hash.Hash {
	h := sha256.New()
	for _, top := range inputDirs {
		root := filepath.Join(dir, top)
		var files []string
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // gone or unreadable: Load has already said so, or the watcher will
			}
			if p != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		sort.Strings(files)
		for _, p := range files {
			data, err := os.ReadFile(p)
			if err != nil {
				data = []byte("\x00unreadable: " + err.Error())
			}
			rel, _ := filepath.Rel(dir, p)
			addPart(h, "input", filepath.ToSlash(rel), data)
		}
	}
	return h
}

// fingerprintWith digests the inputs of a prepared build, h being
// hashInputs of its site. The static files
// come from pages (which reads them now, so the build keeps them as they
// were even if the files change or go before a browser asks).
func fingerprintWith(h hash.Hash, static []string, pages *render.Pages) (inputPrint, error) {
	ip := inputPrint{css: map[string][sha256.Size]byte{}}
	for _, name := range static {
		data, err := pages.File(name)
		if err != nil {
			return inputPrint{}, err
		}
		if path.Ext(name) == ".css" {
			ip.css[name] = sha256.Sum256(data)
			continue
		}
		addPart(h, "static", name, data)
	}
	h.Sum(ip.main[:0])
	return ip, nil
}

// addPart adds one named file to a digest, length-prefixed so that no two
// different sets of files digest alike.
func addPart(h hash.Hash, kind, name string, data []byte) {
	var n [8]byte
	for _, part := range [][]byte{[]byte(kind), []byte(name), data} {
		binary.LittleEndian.PutUint64(n[:], uint64(len(part)))
		h.Write(n[:])
		h.Write(part)
	}
}

// compare tells whether a build made from b shows the same site as one
// made from a; when only stylesheets differ it lists them (added, removed
// or changed, by output name, sorted).
func (a inputPrint) compare(b inputPrint) (same bool, css []string) {
	if a.main != b.main {
		return false, nil
	}
	for name, sum := range b.css {
		if prev, ok := a.css[name]; !ok || prev != sum {
			css = append(css, name)
		}
	}
	for name := range a.css {
		if _, ok := b.css[name]; !ok {
			css = append(css, name)
		}
	}
	sort.Strings(css)
	return len(css) == 0, css
}
