package api_test

import (
	"encoding/json"
	"math/big"
	"net/http"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

// TestProofClaimedFromIndexedEvents checks that the proof response says
// how much of the cumulative amount indexed Claimed events already paid.
func TestProofClaimedFromIndexedEvents(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *apiEnv) {
		dist, otherDist := common.HexToAddress("0x00000000000000000000000000000000000D15A1"), common.HexToAddress("0x00000000000000000000000000000000000D15A2")
		alice := common.HexToAddress("0x00000000000000000000000000000000000A11cE")
		bob := common.HexToAddress("0x0000000000000000000000000000000000000B0b")
		built, err := rewards.Build([]rewards.Allocation{{Account: alice, Amount: big.NewInt(300)}, {Account: bob, Amount: big.NewInt(40)}})
		require.NoError(t, err)
		dump, err := built.DumpJSON()
		require.NoError(t, err)
		require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) error {
			_, err := tx.SaveNextEpoch(e.ctx, store.Epoch{ChainID: rewardsChainID, Distributor: dist, Root: built.Tree.Root(), Tree: dump, Allocations: built.Amounts()})
			return err
		}))
		claim := func(block uint64, contract, account common.Address, amount, cumulative string, removed bool) {
			t.Helper()
			ev := chain.Event{ChainID: rewardsChainID, BlockNumber: block, BlockHash: common.Hash{byte(block)}, TxHash: common.Hash{byte(block), 1},
				Contract: contract, Source: "distributor", Kind: chain.KindClaim, Name: "Claimed", Wallet: account,
				Args: map[string]string{"account": account.Hex(), "amount": amount, "cumulativeAmount": cumulative}}
			require.NoError(t, e.db.InTx(e.ctx, func(tx *store.Tx) error {
				if _, err := tx.InsertEvents(e.ctx, []chain.Event{ev}); err != nil {
					return err
				}
				if removed {
					_, err := tx.RemoveEventsAbove(e.ctx, rewardsChainID, block-1, 1)
					return err
				}
				return nil
			}))
		}
		get := func(account common.Address) (claimed, claimable, amount string) {
			t.Helper()
			res := e.do(http.MethodGet, "/v1/rewards/proofs/"+account.Hex(), nil)
			require.Equal(t, http.StatusOK, res.status, "body: %s", res.body)
			var out struct {
				Amount    string `json:"amount"`
				Claimed   string `json:"claimed"`
				Claimable string `json:"claimable"`
			}
			require.NoError(t, json.Unmarshal(res.body, &out))
			return out.Claimed, out.Claimable, out.Amount
		}

		claimed, claimable, amount := get(alice)
		require.Equal(t, []string{"0", "300", "300"}, []string{claimed, claimable, amount})

		claim(10, dist, alice, "100", "100", false)
		claim(11, otherDist, alice, "999", "999", false) // another distributor
		claimed, claimable, _ = get(alice)
		require.Equal(t, []string{"100", "200"}, []string{claimed, claimable})

		claim(12, dist, alice, "200", "300", false)
		claimed, claimable, _ = get(alice)
		require.Equal(t, []string{"300", "0"}, []string{claimed, claimable})

		claim(20, dist, bob, "40", "40", true) // orphaned by a reorg
		claimed, claimable, _ = get(bob)
		require.Equal(t, []string{"0", "40"}, []string{claimed, claimable})
	})
}
