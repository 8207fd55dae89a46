package load

import (
	"os"
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"

	"github.com/backlogsite/backlogsite/internal/model"
)

// splitLoad decodes dir without the cross-file validation and returns the
// validation as a function, so the benchmarks time the two halves of Load
// apart. The function may be called once.
func splitLoad(dir string) (validate func() error) {
	ld := &loader{fsys: os.DirFS(dir), dir: dir, limits: defaultLimits(), site: &model.Site{Dir: dir}}
	ld.loadAll()
	return func() error {
		ld.validate()
		return ld.errs.Err()
	}
}

func forLoadSizes(b *testing.B, f func(b *testing.B, dir string)) {
	for _, size := range []string{"S", "L", "XL"} {
		b.Run(size, func(b *testing.B) { f(b, sitetest.SynthSite(b, size)) })
	}
}

// BenchmarkDecode is Load without the cross-file validation.
func BenchmarkDecode(b *testing.B) {
	forLoadSizes(b, func(b *testing.B, dir string) {
		b.ReportAllocs()
		for b.Loop() {
			splitLoad(dir)
		}
	})
}

// BenchmarkValidate is the cross-file validation alone.
func BenchmarkValidate(b *testing.B) {
	forLoadSizes(b, func(b *testing.B, dir string) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			validate := splitLoad(dir)
			b.StartTimer()
			if err := validate(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
