// Package gitrev reads a folder of a git revision (`main`, `HEAD~1`,
// `origin/main:roadmap/`) into memory, so that the loader can read an older
// version of a site without a checkout. It runs the git command in the
// current directory's repository.
package gitrev

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os/exec"
	"path"
	"strings"
	"testing/fstest"
)

// maxTreeBytes bounds what one revision may hold: a site's plan is text,
// and a tree far larger than any plan is a mistake (the wrong folder).
const maxTreeBytes = 256 << 20

// Tree returns the folder spec names as a file system, and the name to show
// its files by. A spec with a colon (`main:roadmap/`) is git's own
// REV:PATH, PATH from the repository's top unless it starts with ./ or ../;
// a bare revision (`main`) means the current directory as of that
// revision, as `git show main:./` would.
func Tree(ctx context.Context, spec string) (fs.FS, string, error) {
	if spec == "" || strings.HasPrefix(spec, "-") {
		// git would read it as an option.
		return nil, "", fmt.Errorf("%q is not a git revision", spec)
	}
	top, err := git(ctx, "", "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, "", fmt.Errorf("not a folder, and the current directory is not in a git repository to read it from as a revision (%v)", err)
	}
	name := spec
	if !strings.Contains(spec, ":") {
		spec += ":./"
		name += ":."
	}
	oid, err := git(ctx, "", "rev-parse", "--verify", "--quiet", spec)
	if err != nil || oid == "" {
		return nil, "", errors.New("neither a folder nor a git revision of the repository here")
	}
	if kind, err := git(ctx, "", "cat-file", "-t", oid); err != nil {
		return nil, "", err
	} else if kind != "tree" {
		return nil, "", fmt.Errorf("names a git %s, not a folder", kind)
	}
	// The archive of a tree id, made at the top, holds that tree whatever
	// the current directory: git archive of a commit made in a
	// subdirectory would keep only that subdirectory.
	cmd := exec.CommandContext(ctx, "git", "archive", "--format=tar", oid)
	cmd.Dir = top
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := cmd.Start(); err != nil {
		return nil, "", err
	}
	fsys, rerr := readTar(out)
	if rerr != nil {
		_ = cmd.Process.Kill()
	}
	werr := cmd.Wait()
	if rerr != nil {
		return nil, "", rerr
	}
	if werr != nil {
		return nil, "", fmt.Errorf("git archive: %v: %s", werr, strings.TrimSpace(stderr.String()))
	}
	return fsys, name, nil
}

// git runs one git command in dir ("" for the current directory) and
// returns its output without the final newline.
func git(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(strings.TrimPrefix(msg, "fatal: "))
		}
		return "", err
	}
	return strings.TrimRight(string(out), "\n"), nil
}

// readTar reads git's archive of a tree into a map file system. Symbolic
// links stay links: the loader refuses those that leave the site. A link
// that loops or leaves is made absolute, which the map refuses to follow
// and the loader names as leaving (a loop would otherwise recurse forever
// when the map follows it).
func readTar(r io.Reader) (fstest.MapFS, error) {
	fsys := fstest.MapFS{}
	tr := tar.NewReader(r)
	var total int64
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading git archive: %w", err)
		}
		name := strings.TrimSuffix(h.Name, "/")
		if h.Typeflag == tar.TypeXGlobalHeader || !fs.ValidPath(name) || name == "." {
			continue // the archive's commit id, or a name git never writes
		}
		switch h.Typeflag {
		case tar.TypeDir:
			fsys[name] = &fstest.MapFile{Mode: fs.ModeDir | 0o555}
		case tar.TypeSymlink:
			fsys[name] = &fstest.MapFile{Mode: fs.ModeSymlink | 0o777, Data: []byte(h.Linkname)}
		case tar.TypeReg:
			if total += h.Size; total > maxTreeBytes {
				return nil, fmt.Errorf("the revision's folder holds more than %d MiB: not a site", maxTreeBytes>>20)
			}
			data, err := io.ReadAll(tr)
			if err != nil {
				return nil, fmt.Errorf("reading git archive: %w", err)
			}
			fsys[name] = &fstest.MapFile{Mode: 0o444, Data: data}
		}
	}
	for name, f := range fsys {
		if f.Mode.Type() == fs.ModeSymlink && !staysInside(fsys, name) {
			f.Data = []byte("/")
		}
	}
	return fsys, nil
}

// staysInside follows a link, and the links it leads to, within the map,
// and reports whether it ends on an entry inside it (or on nothing, which
// the loader reports as missing) without leaving or looping.
func staysInside(fsys fstest.MapFS, name string) bool {
	cur := name
	for hops := 0; hops < 40; hops++ {
		link := firstLink(fsys, cur)
		if link == "" {
			return true
		}
		target := string(fsys[link].Data)
		if path.IsAbs(target) {
			return false
		}
		next := path.Join(path.Dir(link), target) + cur[len(link):]
		if next == ".." || strings.HasPrefix(next, "../") {
			return false
		}
		cur = next
	}
	return false
}

// firstLink is the first element of name, from the root, that is a link.
func firstLink(fsys fstest.MapFS, name string) string {
	for i := 0; i <= len(name); i++ {
		if i == len(name) || name[i] == '/' {
			if f := fsys[name[:i]]; f != nil && f.Mode.Type() == fs.ModeSymlink {
				return name[:i]
			}
		}
	}
	return ""
}
