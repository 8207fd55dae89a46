package generator

import "os"

// SplitLoad decodes dir without the cross-file validation and returns the
// validation as a function, so benchmarks can time the two halves of Load
// apart. The function may be called once.
func SplitLoad(dir string) (validate func() error) {
	ld := &loader{fsys: os.DirFS(dir), dir: dir, site: &Site{Dir: dir}}
	ld.loadAll()
	return func() error {
		ld.validate()
		return ld.errs.Err()
	}
}
