package render

import (
	"strings"

	"github.com/backlogsite/backlogsite/internal/model"
	"github.com/backlogsite/backlogsite/internal/output"
)

// Bounds on output names. A name part beyond 255 bytes cannot be written on
// any common file system; a whole name beyond 1024 bytes would leave little
// of the 4096 a Linux path may have for the output folder itself.
const (
	maxNamePart = 255
	maxName     = 1024
)

// checkNames refuses every output name that a build could not write, or
// that would collide with another where the site is opened from a
// case-insensitive disk (macOS, Windows): two jobs for one name, names
// differing only in case (static/Backlog/index.html beside the backlog
// page, pages/About.md beside pages/about.md), a file where another job
// needs a folder. Each problem is at the input behind the name, so check
// reports it as it reports any other; and none is found only when the
// files are written, after the previous output is gone.
func checkNames(jobs []job) error {
	var errs model.ErrorList
	type spelt struct {
		name string // as the first job to need it spells it
		job  int
	}
	files := make(map[string]spelt, len(jobs)) // by folded name
	dirs := map[string]spelt{}                 // by folded name
	for i, j := range jobs {
		if msg := nameProblem(j.name); msg != "" {
			errs.Add(j.src, "%s", msg)
			continue
		}
		folded := strings.ToLower(j.name)
		if f, taken := files[folded]; taken {
			clash(&errs, j, jobs[f.job], j.name, f.name)
			continue
		}
		if d, taken := dirs[folded]; taken {
			clash(&errs, j, jobs[d.job], j.name, d.name)
			continue
		}
		files[folded] = spelt{j.name, i}
		// Deepest folder first: once one is known, so are its parents.
		for end := strings.LastIndexByte(j.name, '/'); end > 0; end = strings.LastIndexByte(j.name[:end], '/') {
			dir := j.name[:end]
			key := strings.ToLower(dir)
			if d, known := dirs[key]; known {
				if d.name != dir {
					clash(&errs, j, jobs[d.job], dir, d.name)
				}
				break
			}
			if f, taken := files[key]; taken {
				clash(&errs, j, jobs[f.job], dir, f.name)
				break
			}
			dirs[key] = spelt{dir, i}
		}
	}
	return errs.Err()
}

// nameProblem explains why a name cannot be written, or returns "".
func nameProblem(name string) string {
	if err := output.CheckName(name); err != nil {
		return err.Error()
	}
	if len(name) > maxName {
		return "output file " + truncateName(name) + " has a path of more than 1024 bytes; shorten its folders or name"
	}
	for _, part := range strings.Split(name, "/") {
		if len(part) > maxNamePart {
			return "output file " + truncateName(name) + " has a file or folder name of more than 255 bytes, more than file systems allow"
		}
	}
	return ""
}

func truncateName(name string) string {
	if len(name) <= 80 {
		return name
	}
	return name[:60] + "…" + name[len(name)-16:]
}

// clash reports that a (the job j writes it) and b (the job other writes
// it, or a folder of it) cannot both be written: the same name twice, one
// name in two spellings, or a file where a folder must be. The problem is
// at j's input, or at other's when j is a page backlogsite makes itself.
func clash(errs *model.ErrorList, j, other job, a, b string) {
	at, with := j.src, other.src
	if at.Path == "" {
		at, with = with, at
	}
	from := "a page backlogsite makes"
	if with.Path != "" {
		from = with.String()
	}
	var msg string
	switch {
	case a == b && a == j.name && b == other.name:
		msg = "output file %s would be written twice (also for %s)"
	case a == b:
		msg = "output %s would be a file and a folder at once (the other from %s)"
	default:
		msg = "output %s and %s differ only in case (the other from %s): on the case-insensitive disks of macOS and Windows they are one, so one would overwrite the other"
		errs.Add(at, msg, a, b, from)
		return
	}
	errs.Add(at, msg, a, from)
}
