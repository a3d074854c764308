package flow_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

var errRollback = errors.New("roll back the simulation")

// TestSimulateMatchesRealRun simulates a flow over stored history, checks
// it left nothing behind, then runs the engine over the same events and
// compares the stats and the effects with what the simulation reported.
func TestSimulateMatchesRealRun(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		def := parseFlow(t, `name: sim
trigger: { event: mint, contract: pass, args: { tokenId: '>= 1010' } }
reentry: always
steps:
  - award_points: { amount: 10, reason: mint }
  - if: 'contact.points >= 20'
    then: [ { email: { template: welcome } } ]
    else: [ { discord_role: { add: Holder } } ]
  - split:
      holdout: 1
      variants:
        - { name: a, steps: [ { crm_update: { variant: a } } ] }
        - { name: b, steps: [ { telegram_message: { text: 'hi {{ .Contact.id }}' } } ] }
goal: { event: stake, within: 1d }
`)
		h := newHarnessWith(t, backend, nil, def)
		silent := &store.ChainStore{DB: h.db} // stores history without starting anything
		var holders []holder
		for i := range 6 {
			holders = append(holders, h.newHolder("sim"+string(rune('a'+i))))
		}
		var mints, stakes []chain.Event
		block := uint64(100)
		for round := range 2 {
			for i, hd := range holders {
				block++
				ev := mintEvent(block, uint(round), hd.wallet)
				require.NoError(t, silent.Commit(h.ctx, chain.Batch{ChainID: testChainID, Events: []chain.Event{ev},
					Headers:    []chain.Header{{Number: block, Hash: blockHash(block), ParentHash: blockHash(block - 1)}},
					Checkpoint: chain.Checkpoint{ChainID: testChainID, Number: block, Hash: blockHash(block)}}))
				_ = i
			}
		}
		block++
		stake := mintEvent(block, 0, holders[0].wallet)
		stake.Kind, stake.Name = chain.KindStake, "Staked"
		require.NoError(t, silent.Commit(h.ctx, chain.Batch{ChainID: testChainID, Events: []chain.Event{stake},
			Headers:    []chain.Header{{Number: block, Hash: blockHash(block), ParentHash: blockHash(block - 1)}},
			Checkpoint: chain.Checkpoint{ChainID: testChainID, Number: block, Hash: blockHash(block)}}))
		var all []chain.Event
		h.signal(func(tx *store.Tx) (err error) {
			all, err = tx.Events(h.ctx, store.EventFilter{ChainID: testChainID})
			return err
		})
		for _, ev := range all {
			if ev.Kind == chain.KindMint {
				mints = append(mints, ev)
			} else {
				stakes = append(stakes, ev)
			}
		}
		require.Len(t, mints, 12)

		// Simulate in a transaction that is rolled back.
		var sim flow.Simulation
		err := h.db.InTx(h.ctx, func(tx *store.Tx) error {
			var err error
			sim, err = h.engine.Simulate(h.ctx, tx, def, all)
			if err != nil {
				return err
			}
			return errRollback
		})
		require.ErrorIs(t, err, errRollback)
		require.Zero(t, h.count(`SELECT COUNT(*) FROM flow_runs`))
		require.Zero(t, h.count(`SELECT COUNT(*) FROM points_ledger`))
		require.Zero(t, h.mail.count())
		require.Empty(t, h.actions.matching(func(a community.Action) bool { return true }))
		require.EqualValues(t, 12, sim.Stats.Entered, "tokenIds 1010 and up: all mints")
		require.EqualValues(t, 2, sim.Stats.Converted, "both runs of the staker")

		// The real run over the same history, one round of mints at a time
		// as a live chain would deliver them (jobs of one batch run
		// concurrently, a simulation replays in chain order).
		for _, round := range [][]chain.Event{mints[:6], mints[6:]} {
			h.signal(func(tx *store.Tx) error { return h.engine.EnqueueEvents(h.ctx, tx.SQL(), round) })
			h.drain()
		}
		h.signal(func(tx *store.Tx) error { return h.engine.EnqueueEvents(h.ctx, tx.SQL(), stakes) })
		h.drain()
		real := h.stats(def)
		require.Equal(t, sim.Stats, real)

		byStep := map[string]flow.StepAction{}
		for _, a := range sim.Actions {
			byStep[a.Step] = a
		}
		require.EqualValues(t, byStep["0"].Count, h.count(`SELECT COUNT(*) FROM points_ledger`))
		require.Equal(t, byStep["1.then.0"].Count, h.mail.count())
		require.Equal(t, byStep["1.else.0"].Count, len(h.actions.matching(func(a community.Action) bool { return a.Platform == "discord" })))
		require.Equal(t, byStep["2.b.0"].Count, len(h.actions.matching(func(a community.Action) bool { return a.Platform == "telegram" })))
		require.Positive(t, h.mail.count())
	})
}
