package siwe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/beckonhq/beckon/abi/sigvalidator"
)

const (
	// erc6492Suffix ends every EIP-6492 wrapped signature.
	erc6492Suffix = "\x64\x92\x64\x92\x64\x92\x64\x92\x64\x92\x64\x92\x64\x92\x64\x92" +
		"\x64\x92\x64\x92\x64\x92\x64\x92\x64\x92\x64\x92\x64\x92\x64\x92"
	// erc1271Magic is both the isValidSignature(bytes32,bytes) selector and
	// its success return value.
	erc1271Magic = "\x16\x26\xba\x7e"
	// delegationPrefix marks EIP-7702 delegated EOAs, which have code but
	// can still sign with their own key.
	delegationPrefix = "\xef\x01\x00"
	// rpcRevertCode is the JSON-RPC error code nodes use for reverted calls.
	rpcRevertCode = 3
)

// Backend is the part of an Ethereum client needed to verify signatures of
// smart-contract wallets. *ethclient.Client satisfies it.
type Backend interface {
	CodeAt(ctx context.Context, account common.Address, blockNumber *big.Int) ([]byte, error)
	CallContract(ctx context.Context, call ethereum.CallMsg, blockNumber *big.Int) ([]byte, error)
}

// VerifyOptions are the expectations a message must meet.
type VerifyOptions struct {
	// Domain is required: a message for any other domain may have been
	// phished on another site.
	Domain string
	// URI, Nonce and ChainID are checked when non-zero. Servers should
	// always pass the nonce they issued to prevent replay.
	URI     string
	Nonce   string
	ChainID uint64
	// Now is the verification time; zero means time.Now().
	Now time.Time
	// Backend enables EIP-1271 and EIP-6492 verification of smart-contract
	// wallets. Without it only EOA signatures can be verified.
	Backend Backend
}

// VerifyMessage parses raw, decodes a 0x-hex signature and verifies both. It
// is the usual entry point for a sign-in request.
func VerifyMessage(ctx context.Context, raw, signature string, opts VerifyOptions) (*Message, error) {
	msg, err := Parse(raw)
	if err != nil {
		return nil, err
	}
	sig, err := hexutil.Decode(signature)
	if err != nil {
		return nil, fmt.Errorf("decode signature: %w", errors.Join(ErrMalformed, err))
	}
	if err := Verify(ctx, msg, sig, opts); err != nil {
		return nil, err
	}
	return msg, nil
}

// Verify checks msg against opts and then the signature over msg.String().
// The cheap field checks run first so that stale or foreign messages never
// cost an RPC round trip. Signatures are tried as EIP-6492 (when wrapped),
// then EIP-1271 (when the address has code and a Backend is given), then
// EIP-191 personal_sign recovery.
func Verify(ctx context.Context, msg *Message, signature []byte, opts VerifyOptions) error {
	if msg == nil {
		return fmt.Errorf("nil message: %w", ErrMalformed)
	}
	if msg.Version != "1" {
		return fmt.Errorf("version %q: %w", msg.Version, ErrMalformed)
	}
	if opts.Domain == "" {
		return fmt.Errorf("no expected domain configured: %w", ErrDomainMismatch)
	}
	if msg.Domain != opts.Domain {
		return fmt.Errorf("message domain %q, expected %q: %w", msg.Domain, opts.Domain, ErrDomainMismatch)
	}
	if opts.URI != "" && msg.URI != opts.URI {
		return fmt.Errorf("message uri %q, expected %q: %w", msg.URI, opts.URI, ErrURIMismatch)
	}
	if opts.ChainID != 0 && msg.ChainID != opts.ChainID {
		return fmt.Errorf("message chain id %d, expected %d: %w", msg.ChainID, opts.ChainID, ErrChainIDMismatch)
	}
	if opts.Nonce != "" && msg.Nonce != opts.Nonce {
		return fmt.Errorf("message nonce %q: %w", msg.Nonce, ErrNonceMismatch)
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	if msg.ExpirationTime != nil && !now.Before(*msg.ExpirationTime) {
		return fmt.Errorf("expired at %s: %w", msg.ExpirationTime.Format(time.RFC3339), ErrExpired)
	}
	if msg.NotBefore != nil && now.Before(*msg.NotBefore) {
		return fmt.Errorf("valid from %s: %w", msg.NotBefore.Format(time.RFC3339), ErrNotYetValid)
	}
	return verifySignature(ctx, opts.Backend, msg.Address, msg.Hash(), signature)
}

func verifySignature(ctx context.Context, backend Backend, addr common.Address, hash common.Hash, sig []byte) error {
	if len(sig) == 0 {
		return fmt.Errorf("empty signature: %w", ErrInvalidSignature)
	}
	if inner, ok := bytes.CutSuffix(sig, []byte(erc6492Suffix)); ok {
		return verifyERC6492(ctx, backend, addr, hash, sig, inner)
	}
	if backend != nil {
		code, err := backend.CodeAt(ctx, addr, nil)
		if err != nil {
			return fmt.Errorf("fetch code of %s: %w", addr.Hex(), err)
		}
		if len(code) > 0 {
			return verifyContract(ctx, backend, addr, code, hash, sig)
		}
	}
	return verifyECDSA(addr, hash, sig)
}

// verifyERC6492 unwraps (factory, factoryCalldata, signature). A deployed
// wallet is checked through EIP-1271 directly. For a wallet not deployed
// yet, the EIP's reference validator runs as a deployless eth_call: its
// constructor deploys the wallet through the factory inside the call,
// asks it through EIP-1271 and returns one byte, 0x01 when valid.
func verifyERC6492(ctx context.Context, backend Backend, addr common.Address, hash common.Hash, sig, wrapped []byte) error {
	if backend == nil {
		return fmt.Errorf("eip-6492 signature requires a backend: %w", ErrUnsupported)
	}
	args, err := newArguments("address", "bytes", "bytes")
	if err != nil {
		return err
	}
	vals, err := args.Unpack(wrapped)
	if err != nil {
		return fmt.Errorf("decode eip-6492 wrapper: %w", errors.Join(ErrInvalidSignature, err))
	}
	inner := vals[2].([]byte)
	code, err := backend.CodeAt(ctx, addr, nil)
	if err != nil {
		return fmt.Errorf("fetch code of %s: %w", addr.Hex(), err)
	}
	if len(code) > 0 {
		return verifyContract(ctx, backend, addr, code, hash, inner)
	}
	return verifyCounterfactual(ctx, backend, addr, hash, sig, vals[0].(common.Address))
}

func verifyCounterfactual(ctx context.Context, backend Backend, addr common.Address, hash common.Hash, sig []byte, factory common.Address) error {
	args, err := newArguments("address", "bytes32", "bytes")
	if err != nil {
		return err
	}
	packed, err := args.Pack(addr, hash, sig)
	if err != nil {
		return fmt.Errorf("encode eip-6492 validation: %w", err)
	}
	creation, err := hexutil.Decode(sigvalidator.ValidateSigOffchainMetaData.Bin)
	if err != nil {
		return fmt.Errorf("eip-6492 validator bytecode: %w", err)
	}
	out, err := backend.CallContract(ctx, ethereum.CallMsg{Data: append(creation, packed...)}, nil)
	if err != nil {
		if isRevert(err) {
			return fmt.Errorf("eip-6492 validation of %s (factory %s) reverted: %w", addr.Hex(), factory.Hex(), errors.Join(ErrInvalidSignature, err))
		}
		return fmt.Errorf("eip-6492 validation of %s: %w", addr.Hex(), err)
	}
	if !bytes.Equal(out, []byte{1}) {
		return fmt.Errorf("eip-6492 validator answered %s for %s (factory %s): %w", hexutil.Encode(out), addr.Hex(), factory.Hex(), ErrInvalidSignature)
	}
	return nil
}

// verifyContract asks the wallet through EIP-1271. An EIP-7702 delegated
// EOA may also sign with its key, so recovery is tried first for those.
func verifyContract(ctx context.Context, backend Backend, addr common.Address, code []byte, hash common.Hash, sig []byte) error {
	if bytes.HasPrefix(code, []byte(delegationPrefix)) && verifyECDSA(addr, hash, sig) == nil {
		return nil
	}
	args, err := newArguments("bytes32", "bytes")
	if err != nil {
		return err
	}
	packed, err := args.Pack(hash, sig)
	if err != nil {
		return fmt.Errorf("encode isValidSignature call: %w", err)
	}
	to := addr
	out, err := backend.CallContract(ctx, ethereum.CallMsg{To: &to, Data: append([]byte(erc1271Magic), packed...)}, nil)
	if err != nil {
		if isRevert(err) {
			return fmt.Errorf("isValidSignature reverted: %w", errors.Join(ErrInvalidSignature, err))
		}
		return fmt.Errorf("call isValidSignature on %s: %w", addr.Hex(), err)
	}
	// Demand exactly an ABI-encoded bytes4, so a contract that merely echoes
	// its calldata (which starts with the same selector) is not accepted.
	want := append([]byte(erc1271Magic), make([]byte, 28)...)
	if !bytes.Equal(out, want) {
		return fmt.Errorf("isValidSignature returned %s: %w", hexutil.Encode(out), ErrInvalidSignature)
	}
	return nil
}

// isRevert recognises a reverted eth_call as opposed to a transport error,
// so that only genuine rejections are reported as invalid signatures.
func isRevert(err error) bool {
	var coded interface{ ErrorCode() int }
	if errors.As(err, &coded) && coded.ErrorCode() == rpcRevertCode {
		return true
	}
	return strings.Contains(err.Error(), "execution reverted")
}

// verifyECDSA recovers the EIP-191 signer. Both v encodings (27/28 and
// 0/1) and EIP-2098 64-byte compact signatures are accepted, as wallets
// produce all of them.
func verifyECDSA(addr common.Address, hash common.Hash, sig []byte) error {
	rsv := make([]byte, 65)
	switch len(sig) {
	case 65:
		copy(rsv, sig)
		if rsv[64] >= 27 {
			rsv[64] -= 27
		}
	case 64:
		copy(rsv, sig[:64])
		rsv[64] = sig[32] >> 7
		rsv[32] &= 0x7f
	default:
		return fmt.Errorf("signature is %d bytes: %w", len(sig), ErrInvalidSignature)
	}
	if rsv[64] > 1 {
		return fmt.Errorf("signature recovery id %d: %w", sig[64], ErrInvalidSignature)
	}
	pub, err := crypto.SigToPub(hash[:], rsv)
	if err != nil {
		return fmt.Errorf("recover signer: %w", errors.Join(ErrInvalidSignature, err))
	}
	if signer := crypto.PubkeyToAddress(*pub); signer != addr {
		return fmt.Errorf("signed by %s, not %s: %w", signer.Hex(), addr.Hex(), ErrInvalidSignature)
	}
	return nil
}

func newArguments(types ...string) (abi.Arguments, error) {
	args := make(abi.Arguments, len(types))
	for i, t := range types {
		typ, err := abi.NewType(t, "", nil)
		if err != nil {
			return nil, fmt.Errorf("abi type %q: %w", t, err)
		}
		args[i] = abi.Argument{Type: typ}
	}
	return args, nil
}
