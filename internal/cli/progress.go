package cli

import (
	"fmt"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"
)

// progressBar shows an export's progress on stderr: rows, rows/s, elapsed
// and, once the total is known, the percentage and ETA. It is drawn only
// when --progress says so (auto: when stderr is a terminal), never on
// stdout, which carries the rows.
type progressBar struct {
	p     *mpb.Progress
	bar   *mpb.Bar
	total int64
}

// newProgress returns a bar, or nil when progress is not shown. mode is
// auto, always or never.
// checkProgressMode checks --progress.
func checkProgressMode(mode string) error {
	switch mode {
	case "never", "auto", "always":
		return nil
	}
	return fmt.Errorf("--progress %q: use auto, always or never", mode)
}

func (e *env) newProgress(mode, what string) (*progressBar, error) {
	if err := checkProgressMode(mode); err != nil {
		return nil, err
	}
	if mode == "never" || mode == "auto" && !isTerminal(e.stderr, e.getenv) {
		return nil, nil
	}
	p := mpb.New(mpb.WithOutput(e.stderr), mpb.WithWidth(40), mpb.WithRefreshRate(150*time.Millisecond), mpb.WithAutoRefresh())
	bar := p.New(0, mpb.BarStyle(),
		mpb.PrependDecorators(decor.Name(what+" "), decor.CurrentNoUnit("%d rows")),
		mpb.AppendDecorators(
			decor.AverageSpeed(0, " %.0f rows/s"),
			decor.Name("  elapsed "), decor.Elapsed(decor.ET_STYLE_MMSS),
			decor.Any(func(s decor.Statistics) string {
				if s.Total <= 0 || s.Completed {
					return ""
				}
				return fmt.Sprintf("  %d%% of %d", s.Current*100/s.Total, s.Total)
			}),
			decor.OnComplete(decor.AverageETA(decor.ET_STYLE_MMSS, decor.WC{}), ""),
		))
	return &progressBar{p: p, bar: bar}, nil
}

// setTotal sets the number of rows expected (from totalResults).
func (pb *progressBar) setTotal(n int) {
	if pb == nil || n <= 0 || int64(n) == pb.total {
		return
	}
	pb.total = int64(n)
	pb.bar.SetTotal(pb.total, false)
}

func (pb *progressBar) add(n int) {
	if pb != nil {
		pb.bar.IncrBy(n)
	}
}

// done completes the bar (or leaves it where it stopped) and waits for the
// last frame, so that later stderr lines come after it.
func (pb *progressBar) done(complete bool) {
	if pb == nil {
		return
	}
	if complete {
		pb.bar.SetTotal(-1, true)
	} else {
		pb.bar.Abort(false)
	}
	pb.p.Wait()
}
