package chain_test

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/store"
)

// TestRefetchAddsALateSource indexes a chain with one contract, then adds
// another whose history lies behind the checkpoint: Refetch stores just
// its events, once, and leaves the checkpoint where it was.
func TestRefetchAddsALateSource(t *testing.T) {
	t.Parallel()
	forEachBackend(t, func(t *testing.T, open func(testing.TB) *store.DB) {
		ctx := t.Context()
		s := newSimChain(t)
		s.fund()
		for i := range 6 {
			s.send(s.c.MintPass(s.alice.next(ctx)))
			s.send(s.c.Stake(s.bob.next(ctx), big.NewInt(int64(i+1))))
			s.sim.Commit()
		}
		want := s.emittedEvents()
		require.Equal(t, map[chain.Kind]int{chain.KindMint: 6, chain.KindStake: 6}, countKinds(want))

		x := newIndexed(t, s, open(t), 4, 3)
		passOnly, err := chain.NewDecoder(s.sources()[:1])
		require.NoError(t, err)
		x.ix.Decoder = passOnly
		_, err = x.ix.Sync(ctx, 0)
		require.NoError(t, err)
		cp := x.checkpoint(t)
		require.Len(t, x.events(t, false), 6, "only the pass was watched")

		all, err := chain.NewDecoder(s.sources())
		require.NoError(t, err)
		x.ix.Decoder = all
		n, err := x.ix.Refetch(ctx, 0, cp.Number+100)
		require.NoError(t, err)
		require.Equal(t, 12, n, "every event of the range is read again")
		require.Equal(t, cp, x.checkpoint(t), "the checkpoint stays")
		require.ElementsMatch(t, want, asEmitted(x.events(t, false)))
		require.Len(t, x.inserted, 12, "one job per stored event, none twice")

		_, err = x.ix.Refetch(ctx, 0, cp.Number)
		require.NoError(t, err)
		require.Len(t, x.events(t, true), 12, "a second refetch stores nothing")
		require.Len(t, x.inserted, 12)
	})
}
