//go:build unix

package output

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Lock takes the lock of the folder that holds the output folder out, so
// that two builds into one folder take turns instead of racing on its
// renames (builds into sibling folders take turns too, which costs little).
// It waits while another build holds it, until ctx ends or wait has passed,
// then fails saying so. The lock is the kernel's (flock) on the folder
// itself: nothing is left on disk, and a killed build releases it.
func Lock(ctx context.Context, out string, wait time.Duration) (unlock func(), err error) {
	p := filepath.Dir(out)
	if err := os.MkdirAll(p, 0o755); err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("cannot lock %s: %w", p, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("another backlogsite build is writing into %s; wait for it to finish and build again", p)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
