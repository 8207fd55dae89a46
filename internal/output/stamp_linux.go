package output

import (
	"io/fs"
	"os"
	"syscall"
)

// sysStamp is a file's inode and change time: a write that keeps the
// size and sets the modification time back still changes them.
func sysStamp(fi fs.FileInfo) (ino, ctime int64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int64(st.Ino), st.Ctim.Nano()
	}
	return 0, 0
}

// linkable reports whether the file at p is a regular file with no other
// link, as it was when stamped.
func linkable(p string, was stamp) bool {
	fi, err := os.Lstat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok || st.Nlink != 1 {
		return false
	}
	return stampFrom(fi) == was
}
