//go:build !unix

package output

import (
	"context"
	"time"
)

// Lock does nothing where there is no flock; two builds into one folder
// there may race, as docs/cli.md says.
func Lock(ctx context.Context, out string, wait time.Duration) (unlock func(), err error) {
	return func() {}, nil
}
