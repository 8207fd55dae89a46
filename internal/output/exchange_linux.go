package output

import (
	"errors"

	"golang.org/x/sys/unix"
)

// exchange swaps the folders at a and b in one system call.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	// ENOSYS: a kernel before 3.15; EINVAL: a file system that cannot
	// (some network and FUSE file systems).
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return errExchangeUnsupported
	}
	return err
}
