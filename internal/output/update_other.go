//go:build !linux

package output

// folderHandle: elsewhere a build over an output writes a new folder and
// exchanges it (Publish); BeginUpdate says so.
type folderHandle struct{}

func openFolder(string) (folderHandle, error)       { return folderHandle{}, errBeneathUnsupported }
func (folderHandle) close()                         {}
func (folderHandle) kind(string) entryKind          { return kindOther }
func (folderHandle) holdsBytes(string, []byte) bool { return false }
func (folderHandle) hash(string) string             { return "" }
func removeEmptyFolder(string) error                { return errBeneathUnsupported }
