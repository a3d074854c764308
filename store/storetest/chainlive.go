package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/store"
)

// exerciseChainLive covers provisional events, their promotion, the
// recent-event count and the indexer lease.
func exerciseChainLive(t *testing.T, db *store.DB) {
	ctx := context.Background()
	now := time.UnixMilli(1_700_000_000_000)
	db.Now = func() time.Time { return now }
	cs := &store.ChainStore{DB: db}
	alice := common.HexToAddress("0x00000000000000000000000000000000000A11cE")
	deep, shallow := testEvent(5, 0x05, 0, chain.KindMint, alice), testEvent(7, 0x07, 0, chain.KindMint, alice)
	deep.Provisional, shallow.Provisional = true, true
	require.NoError(t, cs.Commit(ctx, chain.Batch{ChainID: 1337, Events: []chain.Event{deep, shallow},
		Checkpoint: chain.Checkpoint{ChainID: 1337, Number: 7, Hash: common.Hash{0x07}}}))
	inTx(t, db, func(tx *store.Tx) error {
		n, err := tx.ProvisionalEvents(ctx, 1337)
		require.NoError(t, err)
		require.Equal(t, int64(2), n)
		evs, err := tx.Events(ctx, store.EventFilter{ChainID: 1337})
		require.NoError(t, err)
		require.Len(t, evs, 2)
		require.True(t, evs[0].Provisional && evs[1].Provisional, "provisional is stored and read back")
		return nil
	})

	// A later batch whose confirmed height covers block 5 promotes it only.
	now = now.Add(2 * time.Minute)
	later := testEvent(8, 0x08, 0, chain.KindStake, alice)
	require.NoError(t, cs.Commit(ctx, chain.Batch{ChainID: 1337, Events: []chain.Event{later}, ConfirmedThrough: 6,
		Checkpoint: chain.Checkpoint{ChainID: 1337, Number: 8, Hash: common.Hash{0x08}}}))
	inTx(t, db, func(tx *store.Tx) error {
		evs, err := tx.Events(ctx, store.EventFilter{ChainID: 1337})
		require.NoError(t, err)
		require.Len(t, evs, 3)
		require.False(t, evs[0].Provisional, "block 5 is at or below the confirmed height")
		require.True(t, evs[1].Provisional, "block 7 is above it")
		require.False(t, evs[2].Provisional, "stored confirmed")
		n, err := tx.PromoteEvents(ctx, 1337, 100)
		require.NoError(t, err)
		require.Equal(t, int64(1), n)
		n, err = tx.ProvisionalEvents(ctx, 1337)
		require.NoError(t, err)
		require.Zero(t, n)

		recent, err := tx.EventsStoredSince(ctx, 1337, now.Add(-time.Minute))
		require.NoError(t, err)
		require.Equal(t, int64(1), recent, "only the event stored in the last minute")
		recent, err = tx.EventsStoredSince(ctx, 1, now.Add(-time.Hour))
		require.NoError(t, err)
		require.Zero(t, recent, "other chains are not counted")
		return nil
	})

	l, ok, err := db.TryLease(ctx, "chain:1337")
	require.NoError(t, err)
	require.True(t, ok)
	if db.Dialect == store.Postgres {
		_, ok, err := db.TryLease(ctx, "chain:1337")
		require.NoError(t, err)
		require.False(t, ok, "a held lease is not granted twice")
		other, ok, err := db.TryLease(ctx, "chain:1")
		require.NoError(t, err)
		require.True(t, ok, "leases of other names are independent")
		other.Release()
	}
	l.Release()
	l.Release()
	again, ok, err := db.TryLease(ctx, "chain:1337")
	require.NoError(t, err)
	require.True(t, ok, "a released lease can be taken")
	again.Release()
}
