package main

import (
	"context"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm/delegate"
	"github.com/beckonhq/beckon/store"
)

// delegationRefreshers builds one refresher per chain when delegation is
// enabled; a changed delegation recomputes the contact's tier and
// segment memberships.
func (a *app) delegationRefreshers(clients map[string]*chain.Pool) []*delegate.Refresher {
	dc := a.cfg.Delegation
	if !dc.Enabled {
		return nil
	}
	var rights [][32]byte
	for _, r := range dc.Rights {
		var b [32]byte
		copy(b[:], r) // delegate.xyz rights are short strings, left-aligned
		rights = append(rights, b)
	}
	ledger := a.cfg.ledger()
	var out []*delegate.Refresher
	for _, ch := range a.cfg.Chains {
		var watched []common.Address
		for _, ct := range a.cfg.Contracts {
			if ct.Chain == ch.Name {
				watched = append(watched, ct.addresses()...)
			}
		}
		out = append(out, &delegate.Refresher{
			ChainID:  ch.ChainID,
			Registry: delegate.Registry{Address: common.HexToAddress(dc.Registry), Client: clients[ch.Name]},
			Store:    store.Delegations{DB: a.db},
			Watched:  watched,
			Rights:   rights,
			OnChange: func(ctx context.Context, contactID int64) error {
				return a.db.InTx(ctx, func(tx *store.Tx) error {
					if _, _, err := ledger.UpdateTier(ctx, ledger.Bind(tx), contactID, "delegation changed", a.db.Now()); err != nil {
						return err
					}
					// Holdings facts count the vaults: segments move too.
					return a.segments.Update(ctx, tx, contactID)
				})
			},
		})
	}
	return out
}

// refreshDelegationsEvery re-reads every linked wallet's delegations until
// ctx ends.
func (a *app) refreshDelegationsEvery(ctx context.Context, wg *sync.WaitGroup, clients map[string]*chain.Pool) {
	refreshers := a.delegationRefreshers(clients)
	if len(refreshers) == 0 {
		return
	}
	every, _ := time.ParseDuration(a.cfg.Delegation.Refresh) // validated with the config
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			for _, r := range refreshers {
				if err := r.RefreshAll(ctx); err != nil && ctx.Err() == nil {
					a.log.Warn("delegation refresh failed", "chain_id", r.ChainID, "err", err)
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
}
