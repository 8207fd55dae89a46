package load

import (
	"io/fs"

	"github.com/backlogsite/backlogsite/internal/model"
)

// limits bound what one load reads and holds at once, so that no input can
// exhaust memory (docs/format.md, "Limits"). The TOML parser keeps every
// value as its own interface value and copies the file several times: a
// file of short values takes some 40 bytes a value, a 40 MB array took
// 2.4 GB. Bounding the values of a file, the size of each file and of all
// together, and what is parsed at once keeps a load near ten times its
// input, whatever the input.
type limits struct {
	fileSize  int64 // bytes of one TOML or Markdown file
	inputSize int64 // bytes of every TOML and Markdown file together
	values    int   // keys and array elements of one TOML file
	// parsing bounds the estimated memory of the files parsed ahead of
	// the loader at once (a larger file is parsed alone).
	parsing int64
}

// defaultLimits are far above real backlogs: the 100,000-feature synthetic
// site is 40 MB in 200 files of 200 kB and 8,000 values each.
func defaultLimits() limits {
	return limits{fileSize: 16 << 20, inputSize: 256 << 20, values: 1_000_000, parsing: 256 << 20}
}

// parseCost estimates the memory parsing a file takes, from its size and
// number of values (measured: 12 bytes a byte for a real backlog, 40 bytes
// a value for an array of small numbers).
func parseCost(size, values int) int64 {
	return 12*int64(size) + 40*int64(values)
}

// checkInputSize refuses a site whose TOML and Markdown files hold more
// than the limit in all, naming the file that crosses it, before any is
// read. Files that cannot be read are left to read to report.
func (ld *loader) checkInputSize(rels []string) bool {
	var total int64
	for _, rel := range rels {
		info, err := fs.Stat(ld.fsys, rel)
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if total += info.Size(); total > ld.limits.inputSize {
			ld.errs.Add(model.Pos{Path: ld.display(rel)}, "too much input: with this file, the site's TOML and Markdown files hold more than %d MiB in all (the limit keeps the memory a build takes bounded)",
				ld.limits.inputSize>>20)
			return false
		}
	}
	return true
}
