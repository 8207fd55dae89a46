package output

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"sync"

	"golang.org/x/sys/unix"
)

// folderHandle reaches the files of an output folder by paths that must
// not pass through a link anywhere (openat2 with RESOLVE_NO_SYMLINKS, one
// system call): a link in the folder is never read or written through,
// whatever it leads to.
type folderHandle struct {
	fd      int
	buffers *sync.Pool // of *[]byte, compareBuffer long
}

// compareBuffer is how much of a file holdsBytes reads at once: most pages
// in one read.
const compareBuffer = 64 << 10

// beneath is how every path below the folder is resolved.
const beneath = unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS

func openFolder(dir string) (folderHandle, error) {
	fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return folderHandle{fd: -1}, &os.PathError{Op: "open", Path: dir, Err: err}
	}
	probe, err := unix.Openat2(fd, ".", &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC, Resolve: beneath})
	if err != nil {
		unix.Close(fd)
		if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
			return folderHandle{fd: -1}, errBeneathUnsupported // Linux before 5.6, or a sandbox refusing it
		}
		return folderHandle{fd: -1}, &os.PathError{Op: "openat2", Path: dir, Err: err}
	}
	unix.Close(probe)
	pool := &sync.Pool{New: func() any { b := make([]byte, compareBuffer); return &b }}
	return folderHandle{fd: fd, buffers: pool}, nil
}

func (f folderHandle) close() {
	if f.fd >= 0 {
		unix.Close(f.fd)
	}
}

func (f folderHandle) open(name string, flags uint64) (int, error) {
	for {
		fd, err := unix.Openat2(f.fd, name, &unix.OpenHow{Flags: flags | unix.O_CLOEXEC | unix.O_NOFOLLOW, Resolve: beneath})
		if err != unix.EINTR {
			return fd, err
		}
	}
}

// kind is what is at name, reached without a link.
func (f folderHandle) kind(name string) entryKind {
	fd, err := f.open(name, unix.O_PATH)
	switch {
	case errors.Is(err, unix.ENOENT), errors.Is(err, unix.ENOTDIR):
		// ENOTDIR: a file above it, which the caller looked at first.
		return kindAbsent
	case err != nil:
		return kindOther // a link on the way (ELOOP), or no access
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil {
		return kindOther
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFREG:
		return kindFile
	case unix.S_IFDIR:
		return kindDir
	}
	return kindOther
}

// openRegular opens the regular file at name, or returns nil.
// O_NONBLOCK: opening a named pipe someone left there must not wait for a
// writer. Not an os.File: it would register every file with the runtime's
// poller, which Linux refuses for regular files, at two system calls each.
func (f folderHandle) openRegular(name string) (*fileReader, int64) {
	fd, err := f.open(name, unix.O_RDONLY|unix.O_NONBLOCK)
	if err != nil {
		return nil, 0
	}
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil || st.Mode&unix.S_IFMT != unix.S_IFREG {
		unix.Close(fd)
		return nil, 0
	}
	return &fileReader{fd: fd}, st.Size
}

// fileReader reads an open file descriptor.
type fileReader struct{ fd int }

func (r *fileReader) Read(p []byte) (int, error) {
	for {
		n, err := unix.Read(r.fd, p)
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return 0, err
		case n == 0 && len(p) > 0:
			return 0, io.EOF
		}
		return n, nil
	}
}

func (r *fileReader) Close() { unix.Close(r.fd) }

// holdsBytes reports whether name is a regular file holding data. It
// reads through buffers of the folder's pool: reading back a 10,000-page
// output into buffers of each file's size allocated 100 MB a build.
func (f folderHandle) holdsBytes(name string, data []byte) bool {
	file, size := f.openRegular(name)
	if file == nil {
		return false
	}
	defer file.Close()
	if size != int64(len(data)) {
		return false
	}
	bufp := f.buffers.Get().(*[]byte)
	defer f.buffers.Put(bufp)
	buf := *bufp
	for {
		// A byte more than what is left, to meet the end of a file that grew.
		n, err := io.ReadFull(file, buf[:min(len(data)+1, len(buf))])
		if n > len(data) || !bytes.Equal(buf[:n], data[:n]) {
			return false
		}
		data = data[n:]
		switch err {
		case nil:
		case io.EOF, io.ErrUnexpectedEOF:
			return len(data) == 0
		default:
			return false
		}
	}
}

// hash is the SHA-256 of the regular file at name, "" for anything else.
func (f folderHandle) hash(name string) string {
	file, _ := f.openRegular(name)
	if file == nil {
		return ""
	}
	defer file.Close()
	bufp := f.buffers.Get().(*[]byte)
	defer f.buffers.Put(bufp)
	h := sha256.New()
	if _, err := io.CopyBuffer(h, file, *bufp); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// removeEmptyFolder removes dir if it is an empty folder, and never a file.
func removeEmptyFolder(dir string) error {
	if err := unix.Rmdir(dir); err != nil {
		return &os.PathError{Op: "rmdir", Path: dir, Err: err}
	}
	return nil
}
