//go:build !unix

package soap

import "time"

// cpuTime is not measured here: records/cpu-s is not reported.
func cpuTime() time.Duration { return 0 }
