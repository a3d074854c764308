package siwe

import (
	"context"
	"crypto/ecdsa"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/abi/walletfactory"
)

// walletChain is a simulated chain with a SmartWalletFactory deployed.
type walletChain struct {
	sim      *simulated.Backend
	client   simulated.Client
	deployer *bind.TransactOpts
	factory  common.Address
	binding  *walletfactory.SmartWalletFactory
}

func newWalletChain(t *testing.T) *walletChain {
	t.Helper()
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	from := crypto.PubkeyToAddress(key.PublicKey)
	sim := simulated.NewBackend(types.GenesisAlloc{from: {Balance: new(big.Int).Mul(big.NewInt(1000), big.NewInt(params.Ether))}})
	t.Cleanup(func() { _ = sim.Close() })
	client := sim.Client()
	chainID, err := client.ChainID(context.Background())
	require.NoError(t, err)
	opts := bind.NewKeyedTransactor(key, chainID)
	opts.GasLimit = 3_000_000
	_, tx, err := bind.DeployContract(opts, common.FromHex(walletfactory.SmartWalletFactoryMetaData.Bin), client, nil)
	require.NoError(t, err)
	sim.Commit()
	factory, err := bind.WaitDeployed(context.Background(), client, tx.Hash())
	require.NoError(t, err)
	return &walletChain{sim: sim, client: client, deployer: opts, factory: factory, binding: walletfactory.NewSmartWalletFactory()}
}

func (w *walletChain) predict(t *testing.T, owner common.Address, salt [32]byte) common.Address {
	t.Helper()
	out, err := w.client.CallContract(context.Background(), ethereum.CallMsg{To: &w.factory, Data: w.binding.PackPredict(owner, salt)}, nil)
	require.NoError(t, err)
	addr, err := w.binding.UnpackPredict(out)
	require.NoError(t, err)
	return addr
}

func (w *walletChain) deploy(t *testing.T, owner common.Address, salt [32]byte) common.Address {
	t.Helper()
	ctx := context.Background()
	nonce, err := w.client.PendingNonceAt(ctx, w.deployer.From)
	require.NoError(t, err)
	tip, err := w.client.SuggestGasTipCap(ctx)
	require.NoError(t, err)
	head, err := w.client.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	chainID, err := w.client.ChainID(ctx)
	require.NoError(t, err)
	tx := types.NewTx(&types.DynamicFeeTx{ChainID: chainID, Nonce: nonce, GasTipCap: tip,
		GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip), Gas: 1_000_000,
		To: &w.factory, Data: w.binding.PackDeploy(owner, salt)})
	signed, err := w.deployer.Signer(w.deployer.From, tx)
	require.NoError(t, err)
	require.NoError(t, w.client.SendTransaction(ctx, signed))
	w.sim.Commit()
	rcpt, err := w.client.TransactionReceipt(ctx, signed.Hash())
	require.NoError(t, err)
	require.Equal(t, types.ReceiptStatusSuccessful, rcpt.Status)
	addr := w.predict(t, owner, salt)
	code, err := w.client.CodeAt(ctx, addr, nil)
	require.NoError(t, err)
	require.NotEmpty(t, code)
	return addr
}

// signHash signs the EIP-191 hash of msg the way the wallet's owner key
// does for the wallet (v as 27/28, as ECDSA.tryRecover expects).
func signHash(t *testing.T, key *ecdsa.PrivateKey, msg *Message) []byte {
	t.Helper()
	sig := signEOA(t, key, msg)
	sig[64] += 27
	return sig
}

// TestContractWalletOnChain verifies sign-ins of smart-contract wallets
// against real contracts on a simulated chain: a deployed wallet through
// EIP-1271, a counterfactual one through EIP-6492's deployless validator.
func TestContractWalletOnChain(t *testing.T) {
	ctx := context.Background()
	w := newWalletChain(t)
	owner, err := crypto.GenerateKey()
	require.NoError(t, err)
	stranger, err := crypto.GenerateKey()
	require.NoError(t, err)
	ownerAddr := crypto.PubkeyToAddress(owner.PublicKey)
	opts := VerifyOptions{Backend: w.client, Now: mustTime(t, "2030-01-01T00:30:00Z")}

	// Deployed wallet: EIP-1271.
	deployed := w.deploy(t, ownerAddr, [32]byte{1})
	msg := testMessage(t, deployed)
	opts.Domain = msg.Domain
	require.NoError(t, Verify(ctx, msg, signHash(t, owner, msg), opts))
	requireOnly(t, Verify(ctx, msg, signHash(t, stranger, msg), opts), ErrInvalidSignature)
	// The owner's key alone does not make it the wallet's EOA signature:
	// the message names the wallet, whose code decides.
	other := testMessage(t, deployed)
	other.Nonce = "zzzzZZZZ9999"
	requireOnly(t, Verify(ctx, other, signHash(t, owner, msg), opts), ErrInvalidSignature)

	// Counterfactual wallet: EIP-6492, wallet not deployed.
	salt := [32]byte{2}
	future := w.predict(t, ownerAddr, salt)
	code, err := w.client.CodeAt(ctx, future, nil)
	require.NoError(t, err)
	require.Empty(t, code)
	msg = testMessage(t, future)
	wrapped := wrap6492(t, w.factory, w.binding.PackDeploy(ownerAddr, salt), signHash(t, owner, msg))
	require.NoError(t, Verify(ctx, msg, wrapped, opts))
	badInner := wrap6492(t, w.factory, w.binding.PackDeploy(ownerAddr, salt), signHash(t, stranger, msg))
	requireOnly(t, Verify(ctx, msg, badInner, opts), ErrInvalidSignature)
	// A factory call that deploys some other wallet proves nothing.
	wrongOwner := wrap6492(t, w.factory, w.binding.PackDeploy(crypto.PubkeyToAddress(stranger.PublicKey), salt), signHash(t, owner, msg))
	err = Verify(ctx, msg, wrongOwner, opts)
	require.ErrorIs(t, err, ErrInvalidSignature)
	// Verification deployed nothing: it ran inside an eth_call.
	code, err = w.client.CodeAt(ctx, future, nil)
	require.NoError(t, err)
	require.Empty(t, code)

	// Once deployed, the same wrapped signature verifies through EIP-1271.
	require.Equal(t, future, w.deploy(t, ownerAddr, salt))
	require.NoError(t, Verify(ctx, msg, wrapped, opts))

	// The full text round trip, as the API receives it.
	raw := msg.String()
	_, err = VerifyMessage(ctx, raw, "0x"+strings.TrimPrefix(common.Bytes2Hex(wrapped), "0x"), opts)
	require.NoError(t, err)
}
