package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// OldOutput is a look at the previous output, taken while a build renders
// (LookAtOld): which of its files still hold what the previous build wrote.
// Hashing them is most of what a build over an existing output costs on
// top of a first build (130 MB for a 10,000-page site), and it needs
// nothing from the build; Publish only has to confirm the look, by a stat
// of each file, hashing again any file changed since it was hashed.
type OldOutput struct {
	done     chan struct{}
	out      string
	found    bool // out existed
	manifest stamp
	m        Manifest
	err      error
	names    []string
	stamps   []stamp // each file as it was before it was hashed
	ok       []bool
}

// stamp is what changes when a file is written, replaced or removed.
type stamp struct {
	exists     bool
	mode       fs.FileMode
	size       int64
	mtime      time.Time
	ino, ctime int64 // where the system gives them
}

func stampOf(p string) stamp {
	fi, err := os.Lstat(p)
	if err != nil {
		return stamp{}
	}
	return stampFrom(fi)
}

func stampFrom(fi fs.FileInfo) stamp {
	s := stamp{exists: true, mode: fi.Mode(), size: fi.Size(), mtime: fi.ModTime()}
	s.ino, s.ctime = sysStamp(fi)
	return s
}

// LookAtOld starts looking at the output folder out in the background.
func LookAtOld(out string) *OldOutput {
	o := &OldOutput{done: make(chan struct{}), out: out}
	go func() {
		defer close(o.done)
		if _, err := os.Lstat(out); err != nil {
			return
		}
		o.found = true
		o.manifest = stampOf(filepath.Join(out, ManifestName))
		o.m, o.err = ReadManifest(out)
		if o.err != nil {
			return
		}
		o.names = make([]string, 0, len(o.m))
		for n := range o.m {
			o.names = append(o.names, n)
		}
		sort.Strings(o.names)
		o.stamps = make([]stamp, len(o.names))
		o.ok = make([]bool, len(o.names))
		inParallel(len(o.names), func(i int) {
			p := filepath.Join(out, filepath.FromSlash(o.names[i]))
			o.stamps[i] = stampOf(p)
			o.ok[i] = o.m.holds(o.names[i], fileHash(p))
		})
	}()
	return o
}

// confirm returns what Publish would find hashing the folder now: the
// manifest (or its error) and the files still as written. ok is false when
// the look no longer holds as a whole (the folder or its manifest changed).
func (o *OldOutput) confirm(out string) (old Manifest, ours map[string]bool, err error, ok bool) {
	<-o.done
	if o.out != out || !o.found || stampOf(filepath.Join(out, ManifestName)) != o.manifest {
		return nil, nil, nil, false
	}
	if o.err != nil {
		return nil, nil, o.err, true
	}
	now := make([]bool, len(o.names))
	inParallel(len(o.names), func(i int) {
		p := filepath.Join(out, filepath.FromSlash(o.names[i]))
		if s := stampOf(p); s == o.stamps[i] {
			now[i] = o.ok[i]
		} else {
			now[i] = o.m.holds(o.names[i], fileHash(p))
		}
	})
	ours = make(map[string]bool, len(o.names))
	for i, n := range o.names {
		if now[i] {
			ours[n] = true
		}
	}
	return o.m, ours, nil, true
}

// unchangedNow is Publish's look at out: the early one confirmed when
// there is one that still holds, else a fresh one.
func unchangedNow(out string, early *OldOutput) (map[string]bool, error) {
	if early != nil {
		if _, ours, err, ok := early.confirm(out); ok {
			if err != nil && !errors.Is(err, errNoManifest) {
				return nil, err
			}
			return ours, nil
		}
	}
	old, err := ReadManifest(out)
	if err != nil && !errors.Is(err, errNoManifest) {
		return nil, err
	}
	return old.unchanged(out), nil
}
