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
	"sync"
)

// Output receives the files of a rendered site. Names are slash-separated
// paths relative to the site root ("index.html", "sprints/S-1/index.html").
// WriteFile is called from several goroutines at once, never twice for one
// name. data is only valid during the call: Render reuses its memory for
// the next page.
type Output interface {
	WriteFile(name string, data []byte) error
}

// CheckName rejects any name that could land outside the output
// directory. Ids are validated by the loader, but the renderer does not rely
// on that: one bad id must not be able to write over a user's files.
func CheckName(name string) error {
	if name == "" || strings.ContainsRune(name, '\\') || strings.ContainsRune(name, 0) ||
		path.Clean(name) != name || !filepath.IsLocal(filepath.FromSlash(name)) {
		return fmt.Errorf("refusing to write %q: not a local path inside the output directory", name)
	}
	return nil
}

// Dir writes files under a directory, creating folders as needed.
type Dir struct {
	Dir string
	// made remembers the folders already created, so that writing
	// thousands of files does not check the same folders thousands of
	// times; nil (a DirOutput made as a literal) checks every time.
	made *sync.Map
}

// NewDir returns a DirOutput for dir that creates each folder once.
// The folders it made must not be removed while it writes.
func NewDir(dir string) Dir {
	return Dir{Dir: dir, made: &sync.Map{}}
}

// WriteFile writes data to Dir/name.
func (o Dir) WriteFile(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	p := filepath.Join(o.Dir, filepath.FromSlash(name))
	if err := o.mkdir(filepath.Dir(p)); err != nil {
		return err
	}
	return writeNewFile(p, data)
}

// mkdir creates dir and its parents. When the parent is known to exist, one
// Mkdir does (MkdirAll would stat dir and its parent first): with a folder
// per page, that is two system calls fewer for most files.
func (o Dir) mkdir(dir string) error {
	if o.made == nil {
		return os.MkdirAll(dir, 0o755)
	}
	if _, ok := o.made.Load(dir); ok {
		return nil
	}
	var err error
	if _, ok := o.made.Load(filepath.Dir(dir)); ok {
		if err = os.Mkdir(dir, 0o755); errors.Is(err, fs.ErrExist) {
			// Another writer made it, or something that is not a folder
			// is in the way: MkdirAll tells which.
			err = os.MkdirAll(dir, 0o755)
		}
	} else {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	// Its parents exist now too: remembering them lets the next folder
	// beside this one (features/F-2 after features/F-1) be one Mkdir
	// rather than MkdirAll's stat of it and of its parent first.
	for d := dir; ; d = filepath.Dir(d) {
		if _, known := o.made.LoadOrStore(d, true); known || d == filepath.Dir(d) || d == o.Dir {
			break
		}
	}
	return nil
}

// Discard is an Output that keeps nothing: a check renders every page
// without writing one, and a benchmark renders without the cost of writing.
type Discard struct{}

// WriteFile keeps nothing.
func (Discard) WriteFile(string, []byte) error { return nil }

// Mem keeps a rendered site in memory (for the live server and tests).
// The zero value is ready to use.
type Mem struct {
	mu    sync.Mutex
	files map[string][]byte
}

// WriteFile stores data under name.
func (o *Mem) WriteFile(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.files == nil {
		o.files = map[string][]byte{}
	}
	o.files[name] = append([]byte(nil), data...)
	return nil
}

// File returns the content written under name.
func (o *Mem) File(name string) ([]byte, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	b, ok := o.files[name]
	return b, ok
}

// Names lists every file written, sorted.
func (o *Mem) Names() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	names := make([]string, 0, len(o.files))
	for n := range o.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Counting tallies what a render wrote, for render.Result.
type Counting struct {
	Out   Output
	mu    sync.Mutex
	files int
	pages int
	bytes int64
}

func (c *Counting) WriteFile(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	if err := c.Out.WriteFile(name, data); err != nil {
		return err
	}
	c.mu.Lock()
	c.files++
	if strings.HasSuffix(name, ".html") {
		c.pages++
	}
	c.bytes += int64(len(data))
	c.mu.Unlock()
	return nil
}

// Totals are the files, HTML pages and bytes written so far.
func (c *Counting) Totals() (files, pages int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.files, c.pages, c.bytes
}
