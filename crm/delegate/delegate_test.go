package delegate_test

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/abi/delegateregistry"
	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/delegate"
	"github.com/beckonhq/beckon/crm/segment"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

var (
	pass  = common.HexToAddress("0x00000000000000000000000000000000000c0de1")
	vault = common.HexToAddress("0x00000000000000000000000000000000000c0de2")
	other = common.HexToAddress("0x00000000000000000000000000000000000c0de3")
)

// registryChain is a simulated chain with a registry speaking the v2
// interface, and a funded vault key to delegate from.
type registryChain struct {
	sim      *simulated.Backend
	client   simulated.Client
	registry common.Address
	vault    *bind.TransactOpts
	binding  *delegateregistry.TestDelegateRegistry
}

func newRegistryChain(t *testing.T) *registryChain {
	t.Helper()
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	from := crypto.PubkeyToAddress(key.PublicKey)
	sim := simulated.NewBackend(types.GenesisAlloc{from: {Balance: new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether))}})
	t.Cleanup(func() { _ = sim.Close() })
	client := sim.Client()
	opts := bind.NewKeyedTransactor(key, big.NewInt(1337))
	opts.GasLimit = 2_000_000
	_, tx, err := bind.DeployContract(opts, common.FromHex(delegateregistry.TestDelegateRegistryMetaData.Bin), client, nil)
	require.NoError(t, err)
	sim.Commit()
	addr, err := bind.WaitDeployed(context.Background(), client, tx.Hash())
	require.NoError(t, err)
	return &registryChain{sim: sim, client: client, registry: addr, vault: opts, binding: delegateregistry.NewTestDelegateRegistry()}
}

func (c *registryChain) send(t *testing.T, data []byte) {
	t.Helper()
	contract := bind.NewBoundContract(c.registry, c.binding.GetABI(), c.client, c.client, c.client)
	tx, err := contract.RawTransact(c.vault, data)
	require.NoError(t, err)
	c.sim.Commit()
	rcpt, err := bind.WaitMined(context.Background(), c.client, tx.Hash())
	require.NoError(t, err)
	require.Equal(t, types.ReceiptStatusSuccessful, rcpt.Status)
}

func TestIncomingAndVaults(t *testing.T) {
	ctx := context.Background()
	c := newRegistryChain(t)
	hot := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	reg := delegate.Registry{Address: c.registry, Client: c.client}

	ds, err := reg.Incoming(ctx, hot)
	require.NoError(t, err)
	require.Empty(t, ds)

	c.send(t, c.binding.PackDelegateAll(hot, [32]byte{}, true))
	c.send(t, c.binding.PackDelegateContract(hot, pass, [32]byte{}, true))
	c.send(t, c.binding.PackDelegateContract(hot, other, [32]byte{}, true))
	c.send(t, c.binding.PackDelegateAll(hot, [32]byte{'a', 'i', 'r'}, true))
	ds, err = reg.Incoming(ctx, hot)
	require.NoError(t, err)
	require.Len(t, ds, 4)
	require.Equal(t, delegate.TypeAll, ds[0].Type)
	require.Equal(t, c.vault.From, ds[0].From)
	require.Equal(t, hot, ds[0].To)
	require.Equal(t, pass, ds[1].Contract)

	vs := delegate.Vaults(ds, []common.Address{pass}, nil)
	require.Equal(t, []delegate.Vault{{Wallet: c.vault.From}, {Wallet: c.vault.From, Contract: pass}}, vs,
		"unwatched contracts and unaccepted rights do not count")
	vs = delegate.Vaults(ds, []common.Address{pass}, [][32]byte{{'a', 'i', 'r'}})
	require.Len(t, vs, 2, "an accepted right adds nothing new: the same vault, wallet-wide")

	// No registry deployed at the address: nothing is delegated.
	ds, err = delegate.Registry{Address: common.Address{0x01, 0x02}, Client: c.client}.Incoming(ctx, hot)
	require.NoError(t, err)
	require.Empty(t, ds)
}

func TestDelegatedHoldingsCount(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			db := b.Open(t)
			c := newRegistryChain(t)
			cold := c.vault.From
			hot := common.HexToAddress("0x00000000000000000000000000000000000000bb")
			// Segments over holdings, kept as serve keeps them: events through
			// the engine, a changed delegation re-evaluates the contact.
			segs, err := segment.CompileAll([]segment.Definition{
				{Name: "pass-holders", When: `contact.holdings.pass.tokens >= 1`},
				{Name: "two-passes", When: `contact.holdings.pass.tokens >= 2`},
				{Name: "stakers", When: `contact.staked`},
			})
			require.NoError(t, err)
			eng := &segment.Engine{Segments: segs}

			// The hot wallet is a linked contact; the vault holds an NFT and a stake.
			var contact int64
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				contact, _, err = tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityWallet, Value: hot.Hex()})
				if err != nil {
					return err
				}
				evs, err := tx.InsertEvents(ctx, []chain.Event{
					{ChainID: 1337, BlockNumber: 1, BlockHash: common.Hash{1}, LogIndex: 0, Contract: pass, Source: "pass", Kind: chain.KindMint,
						Name: "Transfer", Wallet: cold, Args: map[string]string{"from": common.Address{}.Hex(), "to": cold.Hex(), "tokenId": "1"}},
					{ChainID: 1337, BlockNumber: 1, BlockHash: common.Hash{1}, LogIndex: 1, Contract: vault, Source: "vault", Kind: chain.KindStake,
						Name: "Staked", Wallet: cold, Args: map[string]string{"user": cold.Hex(), "amount": "5000"}},
				})
				if err != nil {
					return err
				}
				for _, ev := range evs {
					if err := eng.HandleEvent(ctx, tx, ev, 0); err != nil {
						return err
					}
				}
				return nil
			}))
			segments := func() []string {
				var in []string
				require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
					var err error
					in, err = tx.ContactSegments(ctx, contact)
					return err
				}))
				return in
			}
			holding := func(source, kind string) string {
				var v *big.Int
				require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
					var err error
					v, err = tx.Holding(ctx, contact, source, kind)
					return err
				}))
				return v.String()
			}
			require.Equal(t, "0", holding("pass", chain.SourceERC721))
			require.Empty(t, segments(), "nothing delegated yet")

			var changes []int64
			r := &delegate.Refresher{ChainID: 1337, Registry: delegate.Registry{Address: c.registry, Client: c.client},
				Store: store.Delegations{DB: db}, Watched: []common.Address{pass, vault},
				OnChange: func(ctx context.Context, id int64) error {
					changes = append(changes, id)
					return db.InTx(ctx, func(tx *store.Tx) error { return eng.Update(ctx, tx, id) })
				}}

			// Delegated for the pass only: the NFT counts, the stake does not.
			c.send(t, c.binding.PackDelegateContract(hot, pass, [32]byte{}, true))
			require.NoError(t, r.RefreshAll(ctx))
			require.Equal(t, []int64{contact}, changes)
			require.Equal(t, "1", holding("pass", chain.SourceERC721))
			require.Equal(t, "0", holding("vault", chain.SourceStaking))
			require.Equal(t, []string{"pass-holders"}, segments(), "the vault's pass counts in the hot wallet's segments")

			// Wallet-wide: both count, and show in the contact's facts.
			c.send(t, c.binding.PackDelegateAll(hot, [32]byte{}, true))
			require.NoError(t, r.RefreshAll(ctx))
			require.Equal(t, "1", holding("pass", chain.SourceERC721), "two delegations of one vault count its NFT once")
			require.Equal(t, "5000", holding("vault", chain.SourceStaking))
			var facts map[string]any
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				facts, err = tx.ContactFacts(ctx, contact)
				return err
			}))
			require.Equal(t, "5000", facts["staked_amount"])
			require.Equal(t, int64(0), facts["mints"], "activity stays the vault's own")
			require.Equal(t, map[string]any{"balance": 1.0, "tokens": int64(1)}, facts["holdings"].(map[string]any)["pass"])

			// The vault receives a second pass: the delegate's contact moves.
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				evs, err := tx.InsertEvents(ctx, []chain.Event{{ChainID: 1337, BlockNumber: 2, BlockHash: common.Hash{2}, Contract: pass, Source: "pass",
					Kind: chain.KindTransfer, Name: "Transfer", Wallet: cold, Args: map[string]string{"from": other.Hex(), "to": cold.Hex(), "tokenId": "2"}}})
				if err != nil {
					return err
				}
				return eng.HandleEvent(ctx, tx, evs[0], 0)
			}))
			require.Equal(t, "2", holding("pass", chain.SourceERC721))
			require.Equal(t, []string{"pass-holders", "stakers", "two-passes"}, segments())

			// The vault is a contact of its own and unstakes: its refresh
			// carries the delegate's, which leaves the stakers.
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				vaultContact, _, err := crm.EnsureWallet(ctx, tx, cold)
				if err != nil {
					return err
				}
				evs, err := tx.InsertEvents(ctx, []chain.Event{{ChainID: 1337, BlockNumber: 3, BlockHash: common.Hash{3}, Contract: vault, Source: "vault",
					Kind: chain.KindUnstake, Name: "Unstaked", Wallet: cold, Args: map[string]string{"user": cold.Hex(), "amount": "5000"}}})
				if err != nil {
					return err
				}
				return eng.HandleEvent(ctx, tx, evs[0], vaultContact)
			}))
			require.Equal(t, "0", holding("vault", chain.SourceStaking))
			require.Equal(t, []string{"pass-holders", "two-passes"}, segments())

			// A refresh that finds nothing new reports no change.
			changes = nil
			require.NoError(t, r.RefreshAll(ctx))
			require.Empty(t, changes)

			// Revoked: the vault's holdings stop counting.
			c.send(t, c.binding.PackDelegateAll(hot, [32]byte{}, false))
			c.send(t, c.binding.PackDelegateContract(hot, pass, [32]byte{}, false))
			require.NoError(t, r.RefreshAll(ctx))
			require.Equal(t, []int64{contact}, changes)
			require.Equal(t, "0", holding("pass", chain.SourceERC721))
			require.Equal(t, "0", holding("vault", chain.SourceStaking))
			require.Empty(t, segments(), "revoked: the contact left the holdings segments")
		})
	}
}
