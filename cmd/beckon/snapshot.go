package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/beckonhq/beckon/chain/snapshot"
	"github.com/beckonhq/beckon/store"
)

// snapshotPollers builds one poller per configured Snapshot space; API keys
// come from the environment variables the config names.
func (a *app) snapshotPollers(getenv func(string) string) []*snapshot.Poller {
	var out []*snapshot.Poller
	for _, sn := range a.cfg.Snapshot {
		src := snapshot.Source{Name: sn.Name, Space: sn.Space, Hub: sn.Hub}
		if sn.APIKeyEnv != "" {
			src.APIKey = getenv(sn.APIKeyEnv)
		}
		out = append(out, &snapshot.Poller{Source: src, Store: a.chains, Log: a.log.With("snapshot", sn.Name)})
	}
	return out
}

// followSnapshots polls every Snapshot space until ctx ends.
func (a *app) followSnapshots(ctx context.Context, wg *sync.WaitGroup, getenv func(string) string) {
	for i, p := range a.snapshotPollers(getenv) {
		every, _ := time.ParseDuration(a.cfg.Snapshot[i].PollInterval) // validated with the config
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = p.Follow(ctx, every, func(r snapshot.Result) {
				if r.Proposals+r.Votes > 0 {
					a.log.Info("snapshot indexed", "source", p.Source.Name, "proposals", r.Proposals, "votes", r.Votes)
				}
			})
		}()
	}
}

// pollSnapshotsOnce reads every Snapshot space up to now (bounded runs).
func (a *app) pollSnapshotsOnce(ctx context.Context, getenv func(string) string, out io.Writer) error {
	for _, p := range a.snapshotPollers(getenv) {
		r, err := p.Poll(ctx)
		if err != nil {
			return fmt.Errorf("snapshot %s: %w", p.Source.Name, err)
		}
		fmt.Fprintf(out, "%s: %d proposals, %d votes\n", p.Source.Name, r.Proposals, r.Votes)
	}
	return nil
}

// snapshotStatus is what index status shows of a Snapshot source.
type snapshotStatus struct {
	Space     string           `json:"space"`
	Proposals int64            `json:"proposals_cursor"`
	Votes     int64            `json:"votes_cursor"`
	Events    map[string]int64 `json:"events"`
}

func snapshotStatuses(ctx context.Context, tx *store.Tx, cfg *Config) (map[string]snapshotStatus, error) {
	out := map[string]snapshotStatus{}
	if len(cfg.Snapshot) == 0 {
		return out, nil
	}
	counts, err := tx.SourceEventCounts(ctx, snapshot.ChainID)
	if err != nil {
		return nil, err
	}
	for _, sn := range cfg.Snapshot {
		cur, err := tx.SnapshotCursor(ctx, sn.Name)
		if err != nil {
			return nil, err
		}
		st := snapshotStatus{Space: sn.Space, Proposals: cur.Proposals, Votes: cur.Votes, Events: map[string]int64{}}
		for k, n := range counts[sn.Name] {
			st.Events[string(k)] = n
		}
		out[sn.Name] = st
	}
	return out, nil
}

func unixTime(s int64) string {
	if s == 0 {
		return "-"
	}
	return time.Unix(s, 0).UTC().Format(time.RFC3339)
}
