package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// ManifestName is the file at the root of an output folder that lists every
// file backlogsite wrote there, with its SHA-256. It is what makes a folder
// backlogsite's to replace: a build deletes only files the manifest lists
// and that still hold what was written, so a CNAME, a .git folder or a page
// edited by hand survive every rebuild.
const ManifestName = ".backlogsite-manifest.json"

// maxManifestSize bounds the manifest read from a folder: 10,000 pages list
// in about 1 MB, and a folder's manifest is not trusted to be small.
const maxManifestSize = 64 << 20

// Manifest maps the slash paths of the files a build wrote to their
// SHA-256, hex-encoded. While a build updates a folder in place (Update),
// the folder's manifest lists both hashes of a file being replaced, the
// old one and the new one, joined by a comma: a build killed halfway
// leaves a folder whose files of either build are still known for
// backlogsite's.
type Manifest map[string]string

// maxSums bounds how many hashes one file may have in a manifest: two
// while a build replaces it, three after a build killed while replacing
// a file another killed build had been replacing.
const maxSums = 3

// holds reports whether sum (hex) is a hash the manifest lists for name.
func (m Manifest) holds(name, sum string) bool {
	if sum == "" {
		return false
	}
	for _, listed := range strings.SplitN(m[name], ",", maxSums) {
		if listed == sum {
			return true
		}
	}
	return false
}

// validSums reports whether sums is one hex SHA-256, or up to maxSums
// joined by commas.
func validSums(sums string) bool {
	list := strings.Split(sums, ",")
	if len(list) > maxSums {
		return false
	}
	for _, s := range list {
		if _, err := hex.DecodeString(s); err != nil || len(s) != 2*sha256.Size {
			return false
		}
	}
	return true
}

type manifestFile struct {
	Generator string   `json:"generator"`
	Files     Manifest `json:"files"`
}

// Encode is the manifest as written: JSON, keys sorted, so that the same
// build writes the same bytes.
func (m Manifest) Encode() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", " ")
	_ = enc.Encode(manifestFile{Generator: "backlogsite", Files: m}) // a map of strings always encodes
	return b.Bytes()
}

// errNoManifest says that a folder holds no manifest.
var errNoManifest = errors.New("no backlogsite manifest")

// ReadManifest reads the manifest of the folder dir. Every path in it must
// be a local path (CheckName), so a manifest written by someone else can
// never point a build at a file outside the folder.
func ReadManifest(dir string) (Manifest, error) {
	p := filepath.Join(dir, ManifestName)
	fi, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errNoManifest
	}
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() || fi.Size() > maxManifestSize {
		return nil, fmt.Errorf("%s is not a backlogsite manifest", p)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var mf manifestFile
	if err := json.Unmarshal(data, &mf); err != nil || mf.Generator != "backlogsite" {
		return nil, fmt.Errorf("%s is not a backlogsite manifest", p)
	}
	for name, sum := range mf.Files {
		if CheckName(name) != nil || name == ManifestName || !validSums(sum) {
			return nil, fmt.Errorf("%s lists %q, which is not a file of the folder: not a backlogsite manifest", p, name)
		}
	}
	return mf.Files, nil
}

// Recording is an Output that records the SHA-256 of every file written
// through it, for the manifest.
type Recording struct {
	Out   Output
	mu    sync.Mutex
	files Manifest
}

// WriteFile writes through to Out and records data's hash.
func (r *Recording) WriteFile(name string, data []byte) error {
	sum := sha256.Sum256(data)
	write := r.Out.WriteFile
	if h, ok := r.Out.(hashedWriter); ok {
		write = func(name string, data []byte) error { return h.writeHashed(name, data, sum) }
	}
	if err := write(name, data); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.files == nil {
		r.files = Manifest{}
	}
	r.files[name] = hex.EncodeToString(sum[:])
	return nil
}

// hashedWriter is an Output that uses the SHA-256 of what it writes, which
// Recording has just computed.
type hashedWriter interface {
	writeHashed(name string, data []byte, sum [sha256.Size]byte) error
}

// Manifest is what was written so far.
func (r *Recording) Manifest() Manifest {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := make(Manifest, len(r.files))
	for k, v := range r.files {
		m[k] = v
	}
	return m
}

// unchanged lists the files of dir that the manifest lists and that still
// hold what was written: the only files a build may delete. The files are
// hashed by several goroutines at once; a 10,000-page site is 130 MB.
func (m Manifest) unchanged(dir string) map[string]bool {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	ok := make([]bool, len(names))
	inParallel(len(names), func(i int) {
		ok[i] = m.holds(names[i], fileHash(filepath.Join(dir, filepath.FromSlash(names[i]))))
	})
	out := make(map[string]bool, len(names))
	for i, n := range names {
		if ok[i] {
			out[n] = true
		}
	}
	return out
}

// fileHash is the SHA-256 of a regular file, "" for anything else (a link
// is never followed: a link where a page was is not that page).
func fileHash(p string) string {
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return ""
	}
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	// A buffer of the file's size, and a byte more to meet its end, rather
	// than io.Copy's 32 KB for every file: hashing the old output of a
	// 10,000-page site allocated 330 MB of buffers. A large file, or one
	// that grew since the stat, is copied in pieces as before.
	if size := fi.Size(); size < 1<<20 {
		buf := make([]byte, size+1)
		n, err := io.ReadFull(f, buf)
		h.Write(buf[:n])
		switch err {
		case io.EOF, io.ErrUnexpectedEOF:
			return hex.EncodeToString(h.Sum(nil))
		case nil:
		default:
			return ""
		}
	}
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}
