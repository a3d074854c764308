package chain_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/store/storetest"
)

// TestNodeBehindCheckpointWaits reorganises the chain onto a shorter
// branch: the indexer waits instead of failing every pass, and handles the
// reorg once the branch grows past the checkpoint.
func TestNodeBehindCheckpointWaits(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := newSimChain(t)
	fork := s.head()
	mint := s.send(s.c.MintPass(s.alice.next(ctx)))
	for range 4 {
		s.sim.Commit()
	}
	x := newIndexed(t, s, storetest.OpenSQLite(t), 16, 100)
	_, err := x.ix.Sync(ctx, 0)
	require.NoError(t, err)
	require.Len(t, findTx(x.events(t, false), mint.Hash()), 1)
	cp := x.checkpoint(t)

	// A branch one block long, shorter than the indexed chain.
	s.orphan(fork, s.alice, mint, 1)
	require.Less(t, s.head().Number.Uint64(), cp.Number)
	res, err := x.ix.Sync(ctx, 0)
	require.NoError(t, err, "a node below the checkpoint is waited for")
	require.False(t, res.Reorged)
	require.Equal(t, cp, x.checkpoint(t))

	for range 6 {
		s.sim.Commit()
	}
	res, err = x.ix.Sync(ctx, 0)
	require.NoError(t, err)
	require.True(t, res.Reorged)
	require.Empty(t, findTx(x.events(t, false), mint.Hash()), "the orphaned mint is removed")
	requireCheckpointAtHead(t, s, x)
}
