//go:build !unix && !windows

package oauth2

import (
	"errors"
	"os"
)

// tryLock: this platform has no file lock the oauth2 package knows; the
// token file is then refreshed without a cross-process lock, which only
// RefreshingSource's in-process mutex serializes.
func tryLock(*os.File) (bool, error) { return false, errors.ErrUnsupported }

func unlockFile(*os.File) {}
