package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

// Exercise runs the conformance suite against a backend. Each case gets
// a fresh store from open.
func Exercise(t *testing.T, open func(t testing.TB) *store.DB) {
	t.Run("MigrateTwice", func(t *testing.T) {
		t.Parallel()
		db := open(t)
		applied, err := db.Migrate(context.Background())
		require.NoError(t, err)
		require.Empty(t, applied, "second migrate must apply nothing")
		n, err := db.MigrateJobs(context.Background())
		require.NoError(t, err)
		require.Zero(t, n)
	})
	t.Run("Events", func(t *testing.T) { t.Parallel(); exerciseEvents(t, open(t)) })
	t.Run("Contacts", func(t *testing.T) { t.Parallel(); exerciseContacts(t, open(t)) })
	t.Run("Ledger", func(t *testing.T) { t.Parallel(); exerciseLedger(t, open(t)) })
	t.Run("Flows", func(t *testing.T) { t.Parallel(); exerciseFlows(t, open(t)) })
	t.Run("Nonces", func(t *testing.T) { t.Parallel(); exerciseNonces(t, open(t)) })
	t.Run("JobsCommitWithTx", func(t *testing.T) { t.Parallel(); exerciseJobs(t, open(t)) })
}

func inTx(t *testing.T, db *store.DB, fn func(tx *store.Tx) error) {
	t.Helper()
	require.NoError(t, db.InTx(context.Background(), fn))
}

func testEvent(block uint64, hash byte, idx uint, kind chain.Kind, wallet common.Address) chain.Event {
	return chain.Event{
		ChainID: 1337, BlockNumber: block, BlockHash: common.Hash{hash}, TxHash: common.Hash{hash, 1},
		LogIndex: idx, Contract: common.Address{0xC0}, Source: "pass", Kind: kind, Name: "Transfer",
		Wallet: wallet, Args: map[string]string{"tokenId": "115792089237316195423570985008687907853269984665640564039457584007913129639935"},
	}
}

func exerciseEvents(t *testing.T, db *store.DB) {
	ctx := context.Background()
	cs := &store.ChainStore{DB: db}
	_, ok, err := cs.Checkpoint(ctx, 1337)
	require.NoError(t, err)
	require.False(t, ok)

	alice := common.HexToAddress("0x00000000000000000000000000000000000A11cE")
	batch := chain.Batch{
		ChainID:    1337,
		Events:     []chain.Event{testEvent(5, 0x05, 0, chain.KindMint, alice), testEvent(6, 0x06, 3, chain.KindStake, alice)},
		Headers:    []chain.Header{{Number: 5, Hash: common.Hash{0x05}, ParentHash: common.Hash{0x04}}, {Number: 6, Hash: common.Hash{0x06}, ParentHash: common.Hash{0x05}}},
		Checkpoint: chain.Checkpoint{ChainID: 1337, Number: 6, Hash: common.Hash{0x06}},
	}
	var seen int
	cs.OnEvents = func(_ context.Context, _ *store.Tx, inserted []chain.Event) error {
		seen += len(inserted)
		for _, e := range inserted {
			require.NotZero(t, e.ID)
		}
		return nil
	}
	require.NoError(t, cs.Commit(ctx, batch))
	require.Equal(t, 2, seen)
	require.NoError(t, cs.Commit(ctx, batch), "replaying a batch is harmless")
	require.Equal(t, 2, seen, "replayed events must not be reported as new")

	cp, ok, err := cs.Checkpoint(ctx, 1337)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, uint64(6), cp.Number)
	require.Equal(t, common.Hash{0x06}, cp.Hash)

	hs, err := cs.Headers(ctx, 1337, 0)
	require.NoError(t, err)
	require.Len(t, hs, 2)
	require.Equal(t, common.Hash{0x05}, hs[1].ParentHash)

	inTx(t, db, func(tx *store.Tx) error {
		evs, err := tx.Events(ctx, store.EventFilter{ChainID: 1337})
		require.NoError(t, err)
		require.Len(t, evs, 2)
		require.Equal(t, batch.Events[0].Args, evs[0].Args, "big integers survive exactly")
		require.Equal(t, alice, evs[0].Wallet)
		return nil
	})

	var removed []chain.Event
	cs.OnRemoved = func(_ context.Context, _ *store.Tx, r []chain.Event) error { removed = r; return nil }
	require.NoError(t, cs.Rollback(ctx, 1337, chain.Header{Number: 5, Hash: common.Hash{0x05}}, 1))
	require.Len(t, removed, 1)
	require.Equal(t, chain.KindStake, removed[0].Kind)
	require.True(t, removed[0].Removed)

	cp, _, err = cs.Checkpoint(ctx, 1337)
	require.NoError(t, err)
	require.Equal(t, uint64(5), cp.Number)
	hs, err = cs.Headers(ctx, 1337, 0)
	require.NoError(t, err)
	require.Len(t, hs, 1, "orphaned headers are dropped")
	inTx(t, db, func(tx *store.Tx) error {
		counts, err := tx.EventCounts(ctx, 1337)
		require.NoError(t, err)
		require.Equal(t, map[chain.Kind]int64{chain.KindMint: 1}, counts)
		n, err := tx.Reorgs(ctx, 1337)
		require.NoError(t, err)
		require.Equal(t, int64(1), n)
		return nil
	})

	// The chain switches back: the orphaned stake is live again, under a
	// new revision and so a new key.
	seen = 0
	var revived []chain.Event
	cs.OnEvents = func(_ context.Context, _ *store.Tx, inserted []chain.Event) error { revived = inserted; return nil }
	require.NoError(t, cs.Commit(ctx, batch))
	require.Len(t, revived, 1)
	require.Equal(t, chain.KindStake, revived[0].Kind)
	require.Equal(t, 1, revived[0].Revision)
	require.NotEqual(t, batch.Events[1].Key(), revived[0].Key())
	inTx(t, db, func(tx *store.Tx) error {
		counts, err := tx.EventCounts(ctx, 1337)
		require.NoError(t, err)
		require.Equal(t, map[chain.Kind]int64{chain.KindMint: 1, chain.KindStake: 1}, counts)
		return nil
	})
}

func exerciseContacts(t *testing.T, db *store.DB) {
	ctx := context.Background()
	w1 := common.HexToAddress("0x1111111111111111111111111111111111111111")
	w2 := common.HexToAddress("0x2222222222222222222222222222222222222222")
	inTx(t, db, func(tx *store.Tx) error {
		a, created, err := crm.EnsureWallet(ctx, tx, w1)
		require.NoError(t, err)
		require.True(t, created)
		again, created, err := crm.EnsureWallet(ctx, tx, w1)
		require.NoError(t, err)
		require.False(t, created)
		require.Equal(t, a, again)

		b, _, err := crm.EnsureWallet(ctx, tx, w2)
		require.NoError(t, err)
		_, err = loyalty.Award(ctx, tx, loyalty.Entry{ContactID: b, Amount: 7, Reason: "r", Source: "s", Key: "k-b"})
		require.NoError(t, err)

		person, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "ada@example.org"})
		require.NoError(t, err)
		merged, err := crm.Link(ctx, tx, person, crm.Identity{Kind: crm.IdentityWallet, Value: w1.Hex()})
		require.NoError(t, err)
		require.True(t, merged, "a wallet belongs to one contact: linking merges")
		merged, err = crm.Link(ctx, tx, person, crm.Identity{Kind: crm.IdentityWallet, Value: "0x2222222222222222222222222222222222222222"})
		require.NoError(t, err)
		require.True(t, merged)

		c, err := tx.Contact(ctx, person)
		require.NoError(t, err)
		require.Equal(t, "ada@example.org", c.Email)
		require.ElementsMatch(t, []common.Address{w1, w2}, c.Wallets())
		viaOld, err := tx.Contact(ctx, b)
		require.NoError(t, err)
		require.Equal(t, person, viaOld.ID, "a merged contact resolves to its survivor")
		bal, err := tx.Balance(ctx, person)
		require.NoError(t, err)
		require.Equal(t, int64(7), bal, "points follow the merge")

		n, err := tx.CountContacts(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(1), n)
		linked, err := tx.CountLinkedWallets(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(2), linked)

		_, err = crm.Link(ctx, tx, person, crm.Identity{Kind: crm.IdentityWallet, Value: "0xnope"})
		require.ErrorIs(t, err, crm.ErrInvalid)
		_, err = tx.Contact(ctx, 9999)
		require.ErrorIs(t, err, store.ErrNotFound)
		return nil
	})
}

func exerciseLedger(t *testing.T, db *store.DB) {
	ctx := context.Background()
	inTx(t, db, func(tx *store.Tx) error {
		c, _, err := crm.EnsureWallet(ctx, tx, common.Address{0x01})
		require.NoError(t, err)
		ok, err := loyalty.Award(ctx, tx, loyalty.Entry{ContactID: c, Amount: 100, Reason: "mint", Source: "ev1", Key: "run:1:0"})
		require.NoError(t, err)
		require.True(t, ok)
		ok, err = loyalty.Award(ctx, tx, loyalty.Entry{ContactID: c, Amount: 100, Reason: "mint", Source: "ev1", Key: "run:1:0"})
		require.NoError(t, err)
		require.False(t, ok, "same key twice is one entry")
		_, err = loyalty.Award(ctx, tx, loyalty.Entry{ContactID: c, Amount: 5, Reason: "vote", Source: "ev2", Key: "run:2:0"})
		require.NoError(t, err)
		_, err = loyalty.Award(ctx, tx, loyalty.Entry{ContactID: c, Amount: 0, Reason: "x", Source: "x", Key: "x"})
		require.ErrorIs(t, err, loyalty.ErrInvalid)

		rev, err := loyalty.ReverseSource(ctx, tx, "ev1", "reorg")
		require.NoError(t, err)
		require.Equal(t, int64(100), rev)
		rev, err = loyalty.ReverseSource(ctx, tx, "ev1", "reorg")
		require.NoError(t, err)
		require.Zero(t, rev, "reversing twice reverses nothing more")

		bal, err := tx.Balance(ctx, c)
		require.NoError(t, err)
		require.Equal(t, int64(5), bal)
		awarded, reversed, err := tx.PointsTotals(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(105), awarded)
		require.Equal(t, int64(100), reversed)
		bs, err := tx.Balances(ctx)
		require.NoError(t, err)
		require.Equal(t, []store.ContactBalance{{ContactID: c, Points: 5}}, bs)
		return nil
	})
}

func exerciseFlows(t *testing.T, db *store.DB) {
	ctx := context.Background()
	inTx(t, db, func(tx *store.Tx) error {
		c, _, err := crm.EnsureWallet(ctx, tx, common.Address{0x02})
		require.NoError(t, err)
		r, created, err := tx.CreateRun(ctx, flow.Run{Flow: "welcome", ContactID: c, TriggerKey: "contact:1", Status: flow.RunRunning, Step: "0"})
		require.NoError(t, err)
		require.True(t, created)
		again, created, err := tx.CreateRun(ctx, flow.Run{Flow: "welcome", ContactID: c, TriggerKey: "contact:1", Status: flow.RunRunning})
		require.NoError(t, err)
		require.False(t, created, "re-entry key is unique per flow")
		require.Equal(t, r.ID, again.ID)

		_, claimed, err := tx.ClaimEffect(ctx, flow.Effect{RunID: r.ID, Step: "0", Kind: "email"})
		require.NoError(t, err)
		require.True(t, claimed)
		existing, claimed, err := tx.ClaimEffect(ctx, flow.Effect{RunID: r.ID, Step: "0", Kind: "email"})
		require.NoError(t, err)
		require.False(t, claimed, "one effect per (run, step)")
		require.Equal(t, flow.EffectStarted, existing.Status)
		require.NoError(t, tx.ReleaseEffect(ctx, r.ID, "0"))
		_, claimed, err = tx.ClaimEffect(ctx, flow.Effect{RunID: r.ID, Step: "0", Kind: "email"})
		require.NoError(t, err)
		require.True(t, claimed, "a released claim can be retried")
		require.NoError(t, tx.FinishEffect(ctx, r.ID, "0", flow.EffectDone, "sent"))
		require.NoError(t, tx.ReleaseEffect(ctx, r.ID, "0"))
		n, err := tx.CountEffects(ctx, "email", flow.EffectDone)
		require.NoError(t, err)
		require.Equal(t, int64(1), n, "a finished effect cannot be released")

		require.NoError(t, tx.UpdateRun(ctx, r.ID, flow.RunCompleted, "", ""))

		cancelled, created, err := tx.CreateRun(ctx, flow.Run{Flow: "welcome", ContactID: c, TriggerKey: "contact:2", Status: flow.RunRunning})
		require.NoError(t, err)
		require.True(t, created)
		require.NoError(t, tx.UpdateRun(ctx, cancelled.ID, flow.RunCancelled, "", "orphaned"))
		_, created, err = tx.CreateRun(ctx, flow.Run{Flow: "welcome", ContactID: c, TriggerKey: "contact:2", Status: flow.RunRunning})
		require.NoError(t, err)
		require.True(t, created, "a cancelled run frees its trigger key")
		got, err := tx.Run(ctx, r.ID)
		require.NoError(t, err)
		require.Equal(t, flow.RunCompleted, got.Status)
		runs, err := tx.CountRuns(ctx, flow.RunCompleted)
		require.NoError(t, err)
		require.Equal(t, int64(1), runs)
		return nil
	})
}

func exerciseNonces(t *testing.T, db *store.DB) {
	ctx := context.Background()
	now := time.Now()
	inTx(t, db, func(tx *store.Tx) error {
		require.NoError(t, tx.PutNonce(ctx, "abcdefgh1", now.Add(time.Minute).UnixMilli()))
		require.NoError(t, tx.PutNonce(ctx, "abcdefgh2", now.Add(-time.Minute).UnixMilli()))
		require.NoError(t, tx.UseNonce(ctx, "abcdefgh1"))
		require.ErrorIs(t, tx.UseNonce(ctx, "abcdefgh1"), store.ErrNotFound, "single use")
		require.ErrorIs(t, tx.UseNonce(ctx, "abcdefgh2"), store.ErrNotFound, "expired")
		require.ErrorIs(t, tx.UseNonce(ctx, "unknown00"), store.ErrNotFound)
		return nil
	})
}

type noopArgs struct{}

func (noopArgs) Kind() string { return "storetest_noop" }

func exerciseJobs(t *testing.T, db *store.DB) {
	ctx := context.Background()
	client, err := db.JobClient(store.JobConfig{InsertOnly: true})
	require.NoError(t, err)
	count := func() int {
		var n int
		require.NoError(t, db.SQL.QueryRowContext(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = $1`, "storetest_noop").Scan(&n))
		return n
	}
	tx, err := db.SQL.BeginTx(ctx, nil)
	require.NoError(t, err)
	_, err = client.InsertTx(ctx, tx, noopArgs{}, nil)
	require.NoError(t, err)
	require.NoError(t, tx.Rollback())
	require.Zero(t, count(), "a job inserted in a rolled-back transaction does not exist")

	require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
		_, err := client.InsertTx(ctx, tx.SQL(), noopArgs{}, &river.InsertOpts{})
		return err
	}))
	require.Equal(t, 1, count())
}
