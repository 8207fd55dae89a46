package report

import (
	"testing"

	"github.com/backlogsite/backlogsite/internal/sitetest"
)

// pureImports are the only packages report may import: computation, no
// I/O, no clock, no process state. Adding one here is a design decision;
// say why in the commit.
var pureImports = map[string]bool{
	"bytes": true, "cmp": true, "encoding/csv": true, "encoding/json": true,
	"errors": true, "fmt": true, "math": true, "math/bits": true,
	"math/rand/v2": true, "slices": true, "sort": true, "strconv": true,
	"strings": true, "unicode": true, "unicode/utf8": true,
	"github.com/backlogsite/backlogsite/internal/model": true,
}

func TestReportIsPure(t *testing.T) {
	sitetest.OnlyImports(t, pureImports, "report must stay pure (no I/O, no clock; of ours only internal/model)")
}
