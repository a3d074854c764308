package storetest

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/loyalty/rewards"
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
	t.Run("LedgerExpiry", func(t *testing.T) { t.Parallel(); exerciseLedgerExpiry(t, open(t)) })
	t.Run("Leaderboard", func(t *testing.T) { t.Parallel(); exerciseLeaderboard(t, open(t)) })
	t.Run("Tiers", func(t *testing.T) { t.Parallel(); exerciseTiers(t, open(t)) })
	t.Run("TierBadges", func(t *testing.T) { t.Parallel(); exerciseTierBadges(t, open(t)) })
	t.Run("Flows", func(t *testing.T) { t.Parallel(); exerciseFlows(t, open(t)) })
	t.Run("Journeys", func(t *testing.T) { t.Parallel(); exerciseJourneys(t, open(t)) })
	t.Run("Nonces", func(t *testing.T) { t.Parallel(); exerciseNonces(t, open(t)) })
	t.Run("Quests", func(t *testing.T) { t.Parallel(); exerciseQuests(t, open(t)) })
	t.Run("Payouts", func(t *testing.T) { t.Parallel(); exercisePayouts(t, open(t)) })
	t.Run("RewardEpochs", func(t *testing.T) { t.Parallel(); exerciseRewardEpochs(t, open(t)) })
	t.Run("BadgeMints", func(t *testing.T) { t.Parallel(); exerciseBadgeMints(t, open(t)) })
	t.Run("Dashboard", func(t *testing.T) { t.Parallel(); exerciseDashboard(t, open(t)) })
	t.Run("Community", func(t *testing.T) { t.Parallel(); exerciseCommunity(t, open(t)) })
	t.Run("JobsCommitWithTx", func(t *testing.T) { t.Parallel(); exerciseJobs(t, open(t)) })
	t.Run("ChainLive", func(t *testing.T) { t.Parallel(); exerciseChainLive(t, open(t)) })
	t.Run("Email", func(t *testing.T) { t.Parallel(); exerciseEmail(t, open(t)) })
	t.Run("CRM", func(t *testing.T) { t.Parallel(); exerciseCRM(t, open(t)) })
	t.Run("ContactChanges", func(t *testing.T) { t.Parallel(); exerciseContactChanges(t, open(t)) })
	t.Run("API", func(t *testing.T) { t.Parallel(); exerciseAPI(t, open(t)) })
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
	require.Equal(t, uint64(6), cp.Head, "the head is never behind the checkpoint")
	inTx(t, db, func(tx *store.Tx) error {
		counts, err := tx.SourceEventCounts(ctx, 1337)
		require.NoError(t, err)
		require.Equal(t, map[string]map[chain.Kind]int64{"pass": {chain.KindMint: 1, chain.KindStake: 1}}, counts)
		return tx.SetCheckpoint(ctx, chain.Checkpoint{ChainID: 1337, Number: 6, Hash: common.Hash{0x06}, Head: 9})
	})
	cp, _, err = cs.Checkpoint(ctx, 1337)
	require.NoError(t, err)
	require.Equal(t, uint64(9), cp.Head)

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
		started, err := tx.StartEffect(ctx, r.ID, "0")
		require.NoError(t, err)
		require.False(t, started, "a finished effect is not pending")

		// Two-phase: claimed pending, started once, released from either.
		claimedPending, claimed, err := tx.ClaimEffect(ctx, flow.Effect{RunID: r.ID, Step: "1", Kind: "email", Status: flow.EffectPending})
		require.NoError(t, err)
		require.True(t, claimed)
		require.Equal(t, flow.EffectPending, claimedPending.Status)
		existing, _, err = tx.ClaimEffect(ctx, flow.Effect{RunID: r.ID, Step: "1", Kind: "email"})
		require.NoError(t, err)
		require.Equal(t, flow.EffectPending, existing.Status)
		require.NoError(t, tx.ReleaseEffect(ctx, r.ID, "1"))
		_, claimed, err = tx.ClaimEffect(ctx, flow.Effect{RunID: r.ID, Step: "1", Kind: "email", Status: flow.EffectPending})
		require.NoError(t, err)
		require.True(t, claimed, "a released pending claim can be retried")
		started, err = tx.StartEffect(ctx, r.ID, "1")
		require.NoError(t, err)
		require.True(t, started)
		started, err = tx.StartEffect(ctx, r.ID, "1")
		require.NoError(t, err)
		require.False(t, started, "only one attempt starts a pending effect")
		existing, _, err = tx.ClaimEffect(ctx, flow.Effect{RunID: r.ID, Step: "1", Kind: "email"})
		require.NoError(t, err)
		require.Equal(t, flow.EffectStarted, existing.Status)
		require.NoError(t, tx.ReleaseEffect(ctx, r.ID, "1"))
		_, claimed, err = tx.ClaimEffect(ctx, flow.Effect{RunID: r.ID, Step: "1", Kind: "email"})
		require.NoError(t, err)
		require.True(t, claimed, "a released started claim can be retried")
		require.NoError(t, tx.ReleaseEffect(ctx, r.ID, "1"))

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

func exercisePayouts(t *testing.T, db *store.DB) {
	ctx := context.Background()
	ps := &store.Payouts{DB: db}
	wallet, tok := common.Address{0xAA}, common.Address{0x70}
	planned := func(key string, to byte, amount int64) rewards.Payout {
		return rewards.Payout{Key: key, Batch: "b1", ChainID: 1337, Token: tok, From: wallet, To: common.Address{to}, Amount: big.NewInt(amount)}
	}
	n, err := ps.PlanPayouts(ctx, []rewards.Payout{planned("k1", 1, 10), planned("k2", 2, 20), planned("k3", 3, 30)})
	require.NoError(t, err)
	require.Equal(t, 3, n)
	n, err = ps.PlanPayouts(ctx, []rewards.Payout{planned("k1", 1, 10), planned("k2", 2, 20)})
	require.NoError(t, err)
	require.Zero(t, n, "planning again is a no-op")
	_, err = ps.PlanPayouts(ctx, []rewards.Payout{planned("k4", 4, 40), planned("k2", 2, 21)})
	require.ErrorIs(t, err, rewards.ErrPayoutConflict)
	all, err := ps.Payouts(ctx, rewards.PayoutFilter{ChainID: 1337, From: wallet})
	require.NoError(t, err)
	require.Len(t, all, 3, "a conflicting plan inserts nothing")
	require.Equal(t, rewards.PayoutPlanned, all[0].Status)
	require.False(t, all[0].HasNonce)
	require.Equal(t, "20", all[1].Amount.String())
	require.Equal(t, common.Address{2}, all[1].To)

	// Nonces: consecutive, re-assignable while planned, refused while in flight.
	require.NoError(t, ps.AssignNonces(ctx, 1337, wallet, []int64{all[0].ID, all[1].ID}, 7))
	require.NoError(t, ps.AssignNonces(ctx, 1337, wallet, []int64{all[1].ID, all[0].ID}, 9), "planned nonces are released first")
	got, err := ps.Payouts(ctx, rewards.PayoutFilter{ChainID: 1337, From: wallet, Statuses: []rewards.PayoutStatus{rewards.PayoutPlanned}})
	require.NoError(t, err)
	require.Equal(t, all[1].ID, got[0].ID, "ordered by nonce")
	require.Equal(t, uint64(9), got[0].Nonce)
	require.Equal(t, uint64(10), got[1].Nonce)
	require.False(t, got[2].HasNonce)

	a1 := rewards.PayoutAttempt{PayoutID: all[1].ID, Attempt: 1, Nonce: 9, Hash: common.Hash{0x91}, RawTx: []byte{1, 2, 3}, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(5)}
	require.ErrorIs(t, ps.SaveAttempts(ctx, []rewards.PayoutAttempt{{PayoutID: all[1].ID, Attempt: 1, Nonce: 8, Hash: common.Hash{0x90}, RawTx: []byte{1}, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(5)}}),
		rewards.ErrPayoutState, "wrong nonce")
	require.NoError(t, ps.SaveAttempts(ctx, []rewards.PayoutAttempt{a1}))
	require.ErrorIs(t, ps.SaveAttempts(ctx, []rewards.PayoutAttempt{a1}), rewards.ErrPayoutState, "attempt 1 twice")
	require.ErrorIs(t, ps.AssignNonces(ctx, 1337, wallet, []int64{all[2].ID}, 11), rewards.ErrPayoutsInFlight)
	require.NoError(t, ps.AssignNonces(ctx, 1338, wallet, []int64{}, 0), "other chains are independent")

	require.NoError(t, ps.MarkBroadcast(ctx, all[1].ID))
	a2 := a1
	a2.Attempt, a2.Hash, a2.RawTx, a2.GasTipCap, a2.GasFeeCap = 2, common.Hash{0x92}, []byte{4, 5}, big.NewInt(2), big.NewInt(6)
	require.NoError(t, ps.SaveAttempts(ctx, []rewards.PayoutAttempt{a2}))
	inflight, err := ps.Payouts(ctx, rewards.PayoutFilter{ChainID: 1337, From: wallet, Token: tok, Batch: "b1",
		Statuses: []rewards.PayoutStatus{rewards.PayoutSigned, rewards.PayoutBroadcast}})
	require.NoError(t, err)
	require.Len(t, inflight, 1)
	p := inflight[0]
	require.Equal(t, rewards.PayoutBroadcast, p.Status)
	require.Equal(t, []common.Hash{{0x91}, {0x92}}, p.Hashes)
	require.Equal(t, common.Hash{0x92}, p.TxHash)
	require.Equal(t, []byte{4, 5}, p.RawTx)
	require.Equal(t, 2, p.Attempts)
	require.Equal(t, "6", p.GasFeeCap.String())
	require.False(t, p.BroadcastAt.IsZero())

	require.ErrorIs(t, ps.MarkConfirmed(ctx, p.ID, common.Hash{0x99}, 5), rewards.ErrPayoutState, "not one of its hashes")
	require.NoError(t, ps.MarkConfirmed(ctx, p.ID, common.Hash{0x91}, 5), "any attempt confirms")
	require.ErrorIs(t, ps.MarkConfirmed(ctx, p.ID, common.Hash{0x91}, 5), rewards.ErrPayoutState, "already final")
	require.ErrorIs(t, ps.MarkBroadcast(ctx, p.ID), rewards.ErrPayoutState)
	require.ErrorIs(t, ps.MarkFailed(ctx, all[0].ID, "x"), rewards.ErrPayoutState, "planned payouts are not in flight")

	require.NoError(t, ps.SaveAttempts(ctx, []rewards.PayoutAttempt{{PayoutID: all[0].ID, Attempt: 1, Nonce: 10, Hash: common.Hash{0xA0}, RawTx: []byte{9}, GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(5)}}))
	require.NoError(t, ps.MarkFailed(ctx, all[0].ID, "nonce used elsewhere"))
	done, err := ps.Payouts(ctx, rewards.PayoutFilter{ChainID: 1337, From: wallet, Statuses: []rewards.PayoutStatus{rewards.PayoutConfirmed, rewards.PayoutFailed}})
	require.NoError(t, err)
	require.Len(t, done, 2)
	require.Equal(t, rewards.PayoutConfirmed, done[0].Status)
	require.Equal(t, uint64(5), done[0].Block)
	require.Equal(t, common.Hash{0x91}, done[0].TxHash)
	require.Equal(t, rewards.PayoutFailed, done[1].Status)
	require.Equal(t, "nonce used elsewhere", done[1].Error)
	require.NoError(t, ps.AssignNonces(ctx, 1337, wallet, []int64{all[2].ID}, 11), "nothing in flight any more")
	other, err := ps.Payouts(ctx, rewards.PayoutFilter{ChainID: 1337, From: common.Address{0xBB}})
	require.NoError(t, err)
	require.Empty(t, other)
}

func exerciseRewardEpochs(t *testing.T, db *store.DB) {
	ctx := context.Background()
	dist, other := common.Address{0xD1}, common.Address{0xD2}
	alice, bob := common.Address{0xA1}, common.Address{0xB0}
	inTx(t, db, func(tx *store.Tx) error {
		_, err := tx.LatestEpoch(ctx, 1337, dist)
		require.ErrorIs(t, err, store.ErrNotFound)
		paid, err := tx.PointsPaid(ctx, 1337, dist)
		require.NoError(t, err)
		require.Empty(t, paid)
		return nil
	})
	var first int64
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		first, err = tx.SaveNextEpoch(ctx, store.Epoch{ChainID: 1337, Distributor: dist, Root: common.Hash{1}, Tree: []byte(`{}`), Source: store.EpochFromPoints,
			Allocations: map[common.Address]*big.Int{alice: big.NewInt(10), bob: big.NewInt(5)},
			FromPoints:  map[common.Address]*big.Int{alice: big.NewInt(10)}})
		return err
	})
	err := db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.SaveNextEpoch(ctx, store.Epoch{ChainID: 1337, Distributor: dist, Root: common.Hash{2}, Tree: []byte(`{}`), Allocations: map[common.Address]*big.Int{alice: big.NewInt(1)}})
		return err
	})
	require.ErrorIs(t, err, store.ErrEpochConflict, "a second first epoch of the same distributor")
	var second int64
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		second, err = tx.SaveNextEpoch(ctx, store.Epoch{ChainID: 1337, Distributor: dist, Root: common.Hash{3}, Tree: []byte(`{}`), PrevID: first, Source: store.EpochFromCSV,
			Allocations: map[common.Address]*big.Int{alice: big.NewInt(10), bob: big.NewInt(25)},
			FromPoints:  map[common.Address]*big.Int{alice: big.NewInt(10)}})
		require.NoError(t, err)
		_, err = tx.SaveNextEpoch(ctx, store.Epoch{ChainID: 1337, Distributor: other, Root: common.Hash{4}, Tree: []byte(`{}`), Allocations: map[common.Address]*big.Int{bob: big.NewInt(1)}})
		require.NoError(t, err, "another distributor has epochs of its own")
		return nil
	})
	inTx(t, db, func(tx *store.Tx) error {
		e, err := tx.LatestEpoch(ctx, 1337, dist)
		require.NoError(t, err)
		require.Equal(t, second, e.ID)
		require.Equal(t, first, e.PrevID)
		require.Equal(t, "35", e.Total.String())
		require.Equal(t, store.EpochFromCSV, e.Source)
		require.Equal(t, "25", e.Allocations[bob].String())
		require.Equal(t, "10", e.FromPoints[alice].String())
		require.Nil(t, e.FromPoints[bob])
		require.Zero(t, e.PublishTx)
		require.NoError(t, tx.MarkEpochPublished(ctx, second, common.Hash{0xEE}))
		require.ErrorIs(t, tx.MarkEpochPublished(ctx, 999999, common.Hash{0xEE}), store.ErrNotFound)
		e, err = tx.Epoch(ctx, second)
		require.NoError(t, err)
		require.Equal(t, common.Hash{0xEE}, e.PublishTx)
		require.NotZero(t, e.PublishedAt)
		all, err := tx.Epochs(ctx, 1337, dist)
		require.NoError(t, err)
		require.Len(t, all, 2)
		all, err = tx.Epochs(ctx, 1337, common.Address{})
		require.NoError(t, err)
		require.Len(t, all, 3)
		return nil
	})

	// Claims come from indexed Claimed events of the distributor only.
	claim := func(block uint64, hash byte, contract, account common.Address, amount, cumulative string) chain.Event {
		e := testEvent(block, hash, 0, chain.KindClaim, account)
		e.Contract, e.Source, e.Name = contract, "distributor", "Claimed"
		e.Args = map[string]string{"account": account.Hex(), "amount": amount, "cumulativeAmount": cumulative}
		return e
	}
	inTx(t, db, func(tx *store.Tx) error {
		_, err := tx.InsertEvents(ctx, []chain.Event{
			claim(10, 0x10, dist, bob, "5", "5"),
			claim(11, 0x11, dist, bob, "20", "25"),
			claim(12, 0x12, other, alice, "1", "1"),
		})
		return err
	})
	inTx(t, db, func(tx *store.Tx) error {
		got, err := tx.ClaimedCumulative(ctx, 1337, dist, bob)
		require.NoError(t, err)
		require.Equal(t, "25", got.String())
		got, err = tx.ClaimedCumulative(ctx, 1337, dist, alice)
		require.NoError(t, err)
		require.Equal(t, "0", got.String(), "a claim on another distributor does not count")
		claims, err := tx.Claims(ctx, 1337, dist)
		require.NoError(t, err)
		require.Len(t, claims, 2)
		require.Equal(t, "20", claims[1].Amount.String())
		return nil
	})
}

func exerciseBadgeMints(t *testing.T, db *store.DB) {
	ctx := context.Background()
	var contact int64
	inTx(t, db, func(tx *store.Tx) error {
		var err error
		contact, _, err = tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityWallet, Value: common.Address{0xA1}.Hex()})
		return err
	})
	want := rewards.BadgeMint{ContactID: contact, BadgeID: big.NewInt(7), ChainID: 1337, Contract: common.Address{0xBA}, Wallet: common.Address{0xA1}, Reason: "quest:onboarding"}
	var rec rewards.BadgeMint
	inTx(t, db, func(tx *store.Tx) error {
		var inserted bool
		var err error
		rec, inserted, err = tx.ReserveBadgeMint(ctx, want)
		require.NoError(t, err)
		require.True(t, inserted)
		require.Equal(t, rewards.BadgePending, rec.Status)
		again, inserted, err := tx.ReserveBadgeMint(ctx, want)
		require.NoError(t, err)
		require.False(t, inserted, "one record per contact and badge")
		require.Equal(t, rec.ID, again.ID)
		return nil
	})
	signed := rec
	signed.TxHash, signed.RawTx = common.Hash{0x77}, []byte{1, 2, 3}
	inTx(t, db, func(tx *store.Tx) error { return tx.UpdateBadgeMint(ctx, signed, common.Hash{}) })
	err := db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateBadgeMint(ctx, signed, common.Hash{}) })
	require.ErrorIs(t, err, rewards.ErrBadgeConflict, "the record moved on since it was read")
	minted := signed
	minted.Status = rewards.BadgeMinted
	inTx(t, db, func(tx *store.Tx) error { return tx.UpdateBadgeMint(ctx, minted, signed.TxHash) })
	inTx(t, db, func(tx *store.Tx) error {
		got, inserted, err := tx.ReserveBadgeMint(ctx, want)
		require.NoError(t, err)
		require.False(t, inserted)
		require.Equal(t, rewards.BadgeMinted, got.Status)
		require.Equal(t, common.Hash{0x77}, got.TxHash)
		require.Equal(t, []byte{1, 2, 3}, got.RawTx)
		require.Equal(t, "7", got.BadgeID.String())
		require.Equal(t, "quest:onboarding", got.Reason)
		all, err := tx.BadgeMints(ctx)
		require.NoError(t, err)
		require.Len(t, all, 1)
		return nil
	})
}

func exerciseQuests(t *testing.T, db *store.DB) {
	ctx := context.Background()
	clock := time.UnixMilli(1_780_000_000_000)
	db.Now = func() time.Time { return clock }
	w1, w2 := common.Address{0x51}, common.Address{0x52}
	inTx(t, db, func(tx *store.Tx) error {
		_, ok, err := tx.WalletContact(ctx, w1)
		require.NoError(t, err)
		require.False(t, ok, "looking a wallet up creates no contact")
		a, _, err := crm.EnsureWallet(ctx, tx, w1)
		require.NoError(t, err)
		got, ok, err := tx.WalletContact(ctx, w1)
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, a, got)

		ins, err := tx.InsertEvents(ctx, []chain.Event{testEvent(5, 0x05, 0, chain.KindVote, w1)})
		require.NoError(t, err)
		clock = clock.Add(time.Hour)
		_, err = tx.InsertEvents(ctx, []chain.Event{testEvent(6, 0x06, 0, chain.KindMint, w1), testEvent(7, 0x07, 0, chain.KindMint, w2)})
		require.NoError(t, err)
		acts, err := tx.ContactActivity(ctx, a)
		require.NoError(t, err)
		require.Len(t, acts, 2, "only the contact's wallets")
		require.Equal(t, ins[0].Key(), acts[0].Key)
		require.Equal(t, "pass", acts[0].Contract)
		require.True(t, acts[1].At.Equal(clock), "activity time is the stored time, to the millisecond")
		first, err := tx.FirstActivity(ctx, a)
		require.NoError(t, err)
		require.True(t, first.Event.Equal(clock.Add(-time.Hour)))
		require.True(t, first.Mint.Equal(clock))
		_, err = tx.RemoveEventsAbove(ctx, 1337, 5, 1)
		require.NoError(t, err)
		acts, err = tx.ContactActivity(ctx, a)
		require.NoError(t, err)
		require.Len(t, acts, 1, "removed events are not activity")
		first, err = tx.FirstActivity(ctx, a)
		require.NoError(t, err)
		require.True(t, first.Mint.IsZero())

		prog := []loyalty.ConditionProgress{{Label: "mint", Done: 1, Needed: 1}, {Label: "linked email", Done: 0, Needed: 1}}
		require.NoError(t, tx.SaveQuestProgress(ctx, a, "q", prog))
		require.NoError(t, tx.SaveQuestProgress(ctx, a, "q", prog[:1]))
		stored, err := tx.QuestProgress(ctx, a)
		require.NoError(t, err)
		require.Equal(t, map[string][]loyalty.ConditionProgress{"q": prog[:1]}, stored, "a shorter quest drops its extra rows")

		c := loyalty.Completion{ContactID: a, Quest: "q", Source: "ev", AwardKey: "quest:q:1", Bonus: 5, Badge: "3", CompletedAt: clock}
		ok, err = tx.InsertQuestCompletion(ctx, c)
		require.NoError(t, err)
		require.True(t, ok)
		ok, err = tx.InsertQuestCompletion(ctx, c)
		require.NoError(t, err)
		require.False(t, ok, "one completion per contact and quest")

		// Completions follow merges, also through a chain of them.
		b, _, err := crm.EnsureWallet(ctx, tx, w2)
		require.NoError(t, err)
		_, err = crm.Link(ctx, tx, b, crm.Identity{Kind: crm.IdentityWallet, Value: w1.Hex()})
		require.NoError(t, err)
		person, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "q@example.org"})
		require.NoError(t, err)
		_, err = crm.Link(ctx, tx, person, crm.Identity{Kind: crm.IdentityWallet, Value: w2.Hex()})
		require.NoError(t, err)
		comps, err := tx.QuestCompletions(ctx, person)
		require.NoError(t, err)
		require.Len(t, comps, 1)
		require.Equal(t, a, comps[0].ContactID)
		require.True(t, comps[0].CompletedAt.Equal(clock))
		badges, err := tx.QuestBadges(ctx)
		require.NoError(t, err)
		require.Len(t, badges, 1)
		require.NoError(t, tx.DeleteQuestCompletion(ctx, comps[0].ID))
		comps, err = tx.QuestCompletions(ctx, person)
		require.NoError(t, err)
		require.Empty(t, comps)

		for _, k := range []string{"quest:q:1", "quest:q:1:2", "quest:q:12", "xquest:q:1"} {
			_, err := loyalty.Award(ctx, tx, loyalty.Entry{ContactID: person, Amount: 1, Reason: "r", Source: "s", Key: k})
			require.NoError(t, err)
		}
		n, err := tx.CountLedgerKeys(ctx, "quest:q:1")
		require.NoError(t, err)
		require.Equal(t, int64(2), n, "the key and its :N successors, not quest:q:12")

		clusters, err := tx.HandleClusters(ctx, 2)
		require.NoError(t, err)
		require.Len(t, clusters, 1)
		require.Equal(t, person, clusters[0].ContactID)
		require.ElementsMatch(t, []string{w1.Hex(), w2.Hex()}, clusters[0].Wallets)
		require.Equal(t, []loyalty.Handle{{Kind: "email", Value: "q@example.org"}}, clusters[0].Handles)
		return nil
	})
}
