package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/beckonhq/beckon/chain"
)

// progress renders backfill progress: a redrawn line with blocks/s,
// events/s and ETA on a terminal, a structured log line every few seconds
// otherwise.
type progress struct {
	mu       sync.Mutex
	name     string
	out      io.Writer
	terminal bool
	log      *slog.Logger
	start    time.Time
	first    uint64
	blocks   uint64
	events   int
	last     time.Time
}

func newProgress(name string, out io.Writer, log *slog.Logger) *progress {
	p := &progress{name: name, out: out, log: log, start: time.Now()}
	if f, ok := out.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.terminal = true
		}
	}
	return p
}

// observe is an Indexer.OnRange callback.
func (p *progress) observe(r chain.RangeStats) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.blocks == 0 {
		p.first = r.From
	}
	p.blocks += r.To - r.From + 1
	p.events += r.Events
	now := time.Now()
	every := 5 * time.Second
	if p.terminal {
		every = 200 * time.Millisecond
	}
	if now.Sub(p.last) < every && r.To < r.Target {
		return
	}
	p.last = now
	secs := max(now.Sub(p.start).Seconds(), 1e-3)
	bps, eps := float64(p.blocks)/secs, float64(p.events)/secs
	remaining := r.Target - min(r.Target, r.To)
	eta := time.Duration(float64(remaining)/max(bps, 1e-9)) * time.Second
	pct := 100.0
	if total := r.Target - p.first + 1; total > 0 {
		pct = 100 * float64(r.To-p.first+1) / float64(total)
	}
	if p.terminal {
		fmt.Fprintf(p.out, "\r%s: block %d/%d %5.1f%% · %.0f blocks/s · %.0f events/s · %d events · ETA %s   ",
			p.name, r.To, r.Target, pct, bps, eps, p.events, eta.Round(time.Second))
		if r.To >= r.Target {
			fmt.Fprintln(p.out)
		}
		return
	}
	p.log.Info("backfill progress", "chain", p.name, "block", r.To, "target", r.Target, "percent", fmt.Sprintf("%.1f", pct),
		"blocks_per_s", int(bps), "events_per_s", int(eps), "events", p.events, "eta", eta.Round(time.Second).String())
}
