package siwe

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

const vectorsPath = "../../testdata/reference/merkle_siwe_vectors.json"

type siweVector struct {
	Name           string  `json:"name"`
	Message        string  `json:"message"`
	Signature      string  `json:"signature"`
	Address        string  `json:"address"`
	Nonce          string  `json:"nonce"`
	Domain         string  `json:"domain"`
	ChainID        uint64  `json:"chain_id"`
	IssuedAt       string  `json:"issued_at"`
	ExpirationTime *string `json:"expiration_time"`
	VerifyAt       string  `json:"verify_at"`
	Expect         string  `json:"expect"`
}

func loadSIWEVectors(tb testing.TB) []siweVector {
	tb.Helper()
	raw, err := os.ReadFile(vectorsPath)
	require.NoError(tb, err)
	var file struct {
		SIWE []siweVector `json:"siwe"`
	}
	require.NoError(tb, json.Unmarshal(raw, &file))
	require.NotEmpty(tb, file.SIWE)
	return file.SIWE
}

// requireOnly asserts err is want and none of the other sentinels.
func requireOnly(t *testing.T, err, want error) {
	t.Helper()
	require.ErrorIs(t, err, want)
	for _, s := range []error{
		ErrMalformed, ErrInvalidSignature, ErrExpired, ErrNotYetValid, ErrDomainMismatch,
		ErrURIMismatch, ErrNonceMismatch, ErrChainIDMismatch, ErrUnsupported,
	} {
		if s != want {
			require.NotErrorIs(t, err, s)
		}
	}
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339Nano, s)
	require.NoError(t, err)
	return tm
}

func TestReferenceVectors(t *testing.T) {
	expect := map[string]error{
		"invalid_signature": ErrInvalidSignature,
		"expired":           ErrExpired,
		"domain_mismatch":   ErrDomainMismatch,
	}
	for _, v := range loadSIWEVectors(t) {
		t.Run(v.Name, func(t *testing.T) {
			msg, err := Parse(v.Message)
			require.NoError(t, err)
			require.Equal(t, v.Message, msg.String())
			require.Equal(t, v.Address, msg.Address.Hex())
			require.Equal(t, v.Nonce, msg.Nonce)
			if v.ChainID != 0 {
				require.Equal(t, v.ChainID, msg.ChainID)
			}
			if v.IssuedAt != "" {
				require.True(t, mustTime(t, v.IssuedAt).Equal(msg.IssuedAt))
			}
			if v.ExpirationTime != nil {
				require.NotNil(t, msg.ExpirationTime)
				require.True(t, mustTime(t, *v.ExpirationTime).Equal(*msg.ExpirationTime))
			}

			opts := VerifyOptions{Domain: v.Domain, Nonce: v.Nonce, Now: mustTime(t, v.VerifyAt)}
			sig, err := hexutil.Decode(v.Signature)
			require.NoError(t, err)
			err = Verify(context.Background(), msg, sig, opts)
			_, err2 := VerifyMessage(context.Background(), v.Message, v.Signature, opts)
			if v.Expect == "valid" {
				require.NoError(t, err)
				require.NoError(t, err2)
				return
			}
			want, ok := expect[v.Expect]
			require.True(t, ok, "unknown expectation %q", v.Expect)
			requireOnly(t, err, want)
			requireOnly(t, err2, want)
		})
	}
}

func signEOA(t *testing.T, key *ecdsa.PrivateKey, msg *Message) []byte {
	t.Helper()
	h := msg.Hash()
	sig, err := crypto.Sign(h[:], key)
	require.NoError(t, err)
	return sig
}

func testMessage(t *testing.T, addr common.Address) *Message {
	t.Helper()
	exp := mustTime(t, "2030-01-01T01:00:00Z")
	nbf := mustTime(t, "2030-01-01T00:00:00Z")
	return &Message{
		Scheme:         "https",
		Domain:         "beckon.example:8443",
		Address:        addr,
		Statement:      "Sign in to Beckon.",
		URI:            "https://beckon.example:8443/login",
		Version:        "1",
		ChainID:        10,
		Nonce:          "abcdEFGH1234",
		IssuedAt:       mustTime(t, "2029-12-31T23:59:00Z"),
		ExpirationTime: &exp,
		NotBefore:      &nbf,
		RequestID:      "req-42",
		Resources:      []string{"https://beckon.example/terms", "ipfs://bafy/x"},
	}
}

func TestBuiltMessageRoundTripAndChecks(t *testing.T) {
	key, err := crypto.HexToECDSA(strings.Repeat("42", 32))
	require.NoError(t, err)
	msg := testMessage(t, crypto.PubkeyToAddress(key.PublicKey))
	text := msg.String()
	require.Contains(t, text, "https://beckon.example:8443 wants you to sign in")
	require.Contains(t, text, "\nIssued At: 2029-12-31T23:59:00.000Z\n")
	parsed, err := Parse(text)
	require.NoError(t, err)
	require.Equal(t, text, parsed.String())
	require.Equal(t, msg.Hash(), parsed.Hash())

	sig := signEOA(t, key, msg)
	ctx := context.Background()
	ok := VerifyOptions{
		Domain: msg.Domain, URI: msg.URI, Nonce: msg.Nonce, ChainID: msg.ChainID,
		Now: mustTime(t, "2030-01-01T00:30:00Z"),
	}
	require.NoError(t, Verify(ctx, parsed, sig, ok))

	// v as 27/28, and EIP-2098 compact form.
	sig27 := bytes.Clone(sig)
	sig27[64] += 27
	require.NoError(t, Verify(ctx, parsed, sig27, ok))
	compact := bytes.Clone(sig[:64])
	compact[32] |= sig[64] << 7
	require.NoError(t, Verify(ctx, parsed, compact, ok))
	badV := bytes.Clone(sig)
	badV[64] = 29
	requireOnly(t, Verify(ctx, parsed, badV, ok), ErrInvalidSignature)
	requireOnly(t, Verify(ctx, parsed, sig[:40], ok), ErrInvalidSignature)
	requireOnly(t, Verify(ctx, parsed, nil, ok), ErrInvalidSignature)
	requireOnly(t, Verify(ctx, nil, sig, ok), ErrMalformed)

	cases := []struct {
		name   string
		mutate func(o *VerifyOptions)
		want   error
	}{
		{"no domain", func(o *VerifyOptions) { o.Domain = "" }, ErrDomainMismatch},
		{"domain", func(o *VerifyOptions) { o.Domain = "beckon.example" }, ErrDomainMismatch},
		{"uri", func(o *VerifyOptions) { o.URI = "https://beckon.example:8443/other" }, ErrURIMismatch},
		{"nonce", func(o *VerifyOptions) { o.Nonce = "zzzzzzzz" }, ErrNonceMismatch},
		{"chain", func(o *VerifyOptions) { o.ChainID = 1 }, ErrChainIDMismatch},
		{"expired exactly", func(o *VerifyOptions) { o.Now = *msg.ExpirationTime }, ErrExpired},
		{"not before", func(o *VerifyOptions) { o.Now = msg.NotBefore.Add(-time.Nanosecond) }, ErrNotYetValid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := ok
			c.mutate(&o)
			requireOnly(t, Verify(ctx, parsed, sig, o), c.want)
		})
	}
	o := ok
	o.Now = *msg.NotBefore
	require.NoError(t, Verify(ctx, parsed, sig, o))

	// Changing a parsed time re-renders it instead of reusing stale text.
	later := parsed.IssuedAt.Add(time.Second)
	parsed.IssuedAt = later
	require.Contains(t, parsed.String(), "Issued At: 2029-12-31T23:59:01.000Z")
	requireOnly(t, Verify(ctx, parsed, sig, ok), ErrInvalidSignature)
}

func TestVerifyMessageBadHex(t *testing.T) {
	v := loadSIWEVectors(t)[0]
	_, err := VerifyMessage(context.Background(), v.Message, "0xzz", VerifyOptions{Domain: v.Domain})
	requireOnly(t, err, ErrMalformed)
	_, err = VerifyMessage(context.Background(), v.Message+"\n", v.Signature, VerifyOptions{Domain: v.Domain})
	requireOnly(t, err, ErrMalformed)
}

func TestParseRejectsMalformed(t *testing.T) {
	base := loadSIWEVectors(t)[8].Message // statement, expiration and resources
	_, err := Parse(base)
	require.NoError(t, err)
	lower := strings.Replace(base, "0xC0977B38f5C5bE1D758686Dd70bAD346F8381BC3", "0xc0977b38f5c5be1d758686dd70bad346f8381bc3", 1)
	badSum := strings.Replace(base, "0xC0977B38f5C5bE1D758686Dd70bAD346F8381BC3", "0xC0977B38f5C5bE1D758686Dd70bAD346F8381Bc3", 1)
	cases := map[string]string{
		"empty":                "",
		"no header suffix":     strings.Replace(base, " wants you to sign in with your Ethereum account:", " wants you to sign in:", 1),
		"empty domain":         strings.Replace(base, "app.example.org wants", " wants", 1),
		"domain with space":    strings.Replace(base, "app.example.org wants", "app example.org wants", 1),
		"bad scheme":           "1http://" + base,
		"lowercase address":    lower,
		"bad checksum":         badSum,
		"short address":        strings.Replace(base, "0xC0977B38f5C5bE1D758686Dd70bAD346F8381BC3", "0xC0977B38f5C5bE1D758686Dd70bAD346F8381B", 1),
		"address without 0x":   strings.Replace(base, "0xC0977B38", "C0977B38", 1),
		"missing blank":        strings.Replace(base, "BC3\n\nLink", "BC3\nLink", 1),
		"missing stmt blank":   strings.Replace(base, "account.\n\nURI", "account.\nURI", 1),
		"multiline statement":  strings.Replace(base, "Link this wallet", "Link\nthis wallet", 1),
		"statement bad char":   strings.Replace(base, "Link this wallet", "Link this wallet\"", 1),
		"missing uri":          strings.Replace(base, "URI: https://app.example.org/link\n", "", 1),
		"relative uri":         strings.Replace(base, "URI: https://app.example.org/link", "URI: /link", 1),
		"missing version":      strings.Replace(base, "Version: 1\n", "", 1),
		"bad version":          strings.Replace(base, "Version: 1", "Version: 2", 1),
		"wrong order":          strings.Replace(base, "Version: 1\nChain ID: 137", "Chain ID: 137\nVersion: 1", 1),
		"missing chain id":     strings.Replace(base, "Chain ID: 137\n", "", 1),
		"chain id text":        strings.Replace(base, "Chain ID: 137", "Chain ID: polygon", 1),
		"chain id zero pad":    strings.Replace(base, "Chain ID: 137", "Chain ID: 0137", 1),
		"chain id overflow":    strings.Replace(base, "Chain ID: 137", "Chain ID: 99999999999999999999", 1),
		"missing nonce":        strings.Replace(base, "Nonce: yf20o1ydofuk2gmjj\n", "", 1),
		"short nonce":          strings.Replace(base, "Nonce: yf20o1ydofuk2gmjj", "Nonce: abc123", 1),
		"nonce symbols":        strings.Replace(base, "Nonce: yf20o1ydofuk2gmjj", "Nonce: yf20o1y-ofuk2gmjj", 1),
		"missing issued at":    strings.Replace(base, "Issued At: 2026-11-20T12:02:00.000Z\n", "", 1),
		"issued at not rfc":    strings.Replace(base, "Issued At: 2026-11-20T12:02:00.000Z", "Issued At: 2026-11-20 12:02:00", 1),
		"issued at comma":      strings.Replace(base, "Issued At: 2026-11-20T12:02:00.000Z", "Issued At: 2026-11-20T12:02:00,000Z", 1),
		"issued at month 13":   strings.Replace(base, "Issued At: 2026-11-20T12:02:00.000Z", "Issued At: 2026-13-20T12:02:00.000Z", 1),
		"issued at no zone":    strings.Replace(base, "Issued At: 2026-11-20T12:02:00.000Z", "Issued At: 2026-11-20T12:02:00", 1),
		"bad expiration":       strings.Replace(base, "Expiration Time: 2026-11-20T12:12:00.000Z", "Expiration Time: tomorrow", 1),
		"fields swapped":       strings.Replace(base, "Expiration Time: 2026-11-20T12:12:00.000Z", "Not Before: 2026-11-20T12:00:00Z\nExpiration Time: 2026-11-20T12:12:00.000Z", 1),
		"unknown field":        strings.Replace(base, "Resources:", "Foo: bar\nResources:", 1),
		"bad resource":         strings.Replace(base, "- https://example.com/terms", "- not a uri", 1),
		"trailing newline":     base + "\n",
		"trailing junk":        base + "\nhello",
		"duplicate issued at":  strings.Replace(base, "Expiration Time", "Issued At: 2026-11-20T12:02:00.000Z\nExpiration Time", 1),
		"empty request id":     strings.Replace(base, "Resources:", "Request ID: \nResources:", 1),
		"crlf":                 strings.ReplaceAll(base, "\n", "\r\n"),
		"missing field prefix": strings.Replace(base, "URI: https", "URI:https", 1),
	}
	for name, s := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(s)
			requireOnly(t, err, ErrMalformed)
			require.Contains(t, err.Error(), "line ")
		})
	}
}

func TestParseOptionalFields(t *testing.T) {
	base := loadSIWEVectors(t)[4].Message // no statement
	s := strings.Replace(base, "Expiration Time: 2026-11-20T12:11:00.000Z",
		"Expiration Time: 2026-11-20T14:11:00+02:00\nNot Before: 2026-11-20T12:00:00.123456Z\nRequest ID: abc-1:2@x%20y\nResources:", 1)
	msg, err := Parse(s)
	require.NoError(t, err)
	require.Equal(t, "", msg.Statement)
	require.Equal(t, "abc-1:2@x%20y", msg.RequestID)
	require.NotNil(t, msg.Resources)
	require.Empty(t, msg.Resources)
	require.True(t, msg.ExpirationTime.Equal(mustTime(t, "2026-11-20T12:11:00Z")))
	require.Equal(t, s, msg.String())

	withScheme, err := Parse("https://" + base)
	require.NoError(t, err)
	require.Equal(t, "https", withScheme.Scheme)
	require.Equal(t, "app.example.org", withScheme.Domain)
}

// fakeWallet is a Backend whose account is a contract wallet answering
// isValidSignature for one accepted signature.
type fakeWallet struct {
	addr     common.Address
	code     []byte
	accept   []byte
	answer   []byte // returned for the accepted signature
	callErr  error
	codeErr  error
	lastHash common.Hash
	calls    int
}

type revertError struct{}

func (revertError) Error() string  { return "execution reverted" }
func (revertError) ErrorCode() int { return 3 }

func (f *fakeWallet) CodeAt(_ context.Context, a common.Address, _ *big.Int) ([]byte, error) {
	if f.codeErr != nil {
		return nil, f.codeErr
	}
	if a == f.addr {
		return f.code, nil
	}
	return nil, nil
}

func (f *fakeWallet) CallContract(_ context.Context, call ethereum.CallMsg, _ *big.Int) ([]byte, error) {
	f.calls++
	if f.callErr != nil {
		return nil, f.callErr
	}
	if call.To == nil || *call.To != f.addr || len(call.Data) < 4 || !bytes.Equal(call.Data[:4], []byte{0x16, 0x26, 0xba, 0x7e}) {
		return nil, revertError{}
	}
	args, err := newArguments("bytes32", "bytes")
	if err != nil {
		return nil, err
	}
	vals, err := args.Unpack(call.Data[4:])
	if err != nil {
		return nil, revertError{}
	}
	f.lastHash = vals[0].([32]byte)
	if bytes.Equal(vals[1].([]byte), f.accept) {
		return f.answer, nil
	}
	return common.LeftPadBytes(nil, 32), nil
}

func magicWord() []byte { return common.RightPadBytes([]byte{0x16, 0x26, 0xba, 0x7e}, 32) }

func TestEIP1271(t *testing.T) {
	ctx := context.Background()
	wallet := common.HexToAddress("0x00000000000000000000000000000000c0ffee00")
	msg := testMessage(t, wallet)
	opts := VerifyOptions{Domain: msg.Domain, Now: mustTime(t, "2030-01-01T00:30:00Z")}
	walletSig := []byte("passkey assertion or multisig blob")

	fake := &fakeWallet{addr: wallet, code: []byte{0x60, 0x80}, accept: walletSig, answer: magicWord()}
	opts.Backend = fake
	require.NoError(t, Verify(ctx, msg, walletSig, opts))
	require.Equal(t, msg.Hash(), fake.lastHash)

	requireOnly(t, Verify(ctx, msg, []byte("other"), opts), ErrInvalidSignature)

	fake.answer = common.RightPadBytes([]byte{0xff, 0xff, 0xff, 0xff}, 32)
	requireOnly(t, Verify(ctx, msg, walletSig, opts), ErrInvalidSignature)

	// A bare 4-byte or calldata-echoing answer is not an ABI bytes4.
	fake.answer = []byte{0x16, 0x26, 0xba, 0x7e}
	requireOnly(t, Verify(ctx, msg, walletSig, opts), ErrInvalidSignature)
	fake.answer = append(magicWord(), make([]byte, 32)...)
	requireOnly(t, Verify(ctx, msg, walletSig, opts), ErrInvalidSignature)

	fake.callErr = revertError{}
	requireOnly(t, Verify(ctx, msg, walletSig, opts), ErrInvalidSignature)

	// Transport failures are not reported as a bad signature.
	transport := errors.New("connection refused")
	fake.callErr = transport
	err := Verify(ctx, msg, walletSig, opts)
	require.ErrorIs(t, err, transport)
	require.NotErrorIs(t, err, ErrInvalidSignature)
	fake.callErr = nil
	fake.codeErr = transport
	require.ErrorIs(t, Verify(ctx, msg, walletSig, opts), transport)

	// Without a backend, a contract wallet's signature cannot verify.
	opts.Backend = nil
	fake.codeErr = nil
	requireOnly(t, Verify(ctx, msg, walletSig, opts), ErrInvalidSignature)
}

func TestEOAWithBackendAndDelegation(t *testing.T) {
	ctx := context.Background()
	key, err := crypto.HexToECDSA(strings.Repeat("17", 32))
	require.NoError(t, err)
	addr := crypto.PubkeyToAddress(key.PublicKey)
	msg := testMessage(t, addr)
	sig := signEOA(t, key, msg)
	opts := VerifyOptions{Domain: msg.Domain, Now: mustTime(t, "2030-01-01T00:30:00Z")}

	// No code at the address: plain ecrecover, no contract call.
	fake := &fakeWallet{addr: common.Address{1}}
	opts.Backend = fake
	require.NoError(t, Verify(ctx, msg, sig, opts))
	require.Zero(t, fake.calls)

	// EIP-7702 delegated EOA: its own key still signs.
	fake = &fakeWallet{addr: addr, code: append([]byte{0xef, 0x01, 0x00}, common.Address{9}.Bytes()...)}
	opts.Backend = fake
	require.NoError(t, Verify(ctx, msg, sig, opts))
	require.Zero(t, fake.calls)

	// A regular contract at the address is asked via EIP-1271 instead.
	fake = &fakeWallet{addr: addr, code: []byte{0x60}}
	opts.Backend = fake
	requireOnly(t, Verify(ctx, msg, sig, opts), ErrInvalidSignature)
	require.Equal(t, 1, fake.calls)
}

func wrap6492(t *testing.T, factory common.Address, calldata, inner []byte) []byte {
	t.Helper()
	args, err := newArguments("address", "bytes", "bytes")
	require.NoError(t, err)
	packed, err := args.Pack(factory, calldata, inner)
	require.NoError(t, err)
	return append(packed, bytes.Repeat([]byte{0x64, 0x92}, 16)...)
}

func TestEIP6492(t *testing.T) {
	ctx := context.Background()
	wallet := common.HexToAddress("0x00000000000000000000000000000000000b0b00")
	msg := testMessage(t, wallet)
	inner := []byte("inner wallet signature")
	wrapped := wrap6492(t, common.Address{0xfa}, []byte{0xde, 0xad}, inner)
	opts := VerifyOptions{Domain: msg.Domain, Now: mustTime(t, "2030-01-01T00:30:00Z")}

	requireOnly(t, Verify(ctx, msg, wrapped, opts), ErrUnsupported)

	deployed := &fakeWallet{addr: wallet, code: []byte{0x60}, accept: inner, answer: magicWord()}
	opts.Backend = deployed
	require.NoError(t, Verify(ctx, msg, wrapped, opts))

	wrongInner := wrap6492(t, common.Address{0xfa}, nil, []byte("nope"))
	requireOnly(t, Verify(ctx, msg, wrongInner, opts), ErrInvalidSignature)

	garbage := append([]byte{1, 2, 3}, bytes.Repeat([]byte{0x64, 0x92}, 16)...)
	requireOnly(t, Verify(ctx, msg, garbage, opts), ErrInvalidSignature)

	// Not deployed: the deployless validator runs; here the node reverts it.
	opts.Backend = &fakeWallet{addr: common.Address{1}}
	requireOnly(t, Verify(ctx, msg, wrapped, opts), ErrInvalidSignature)
}

// FuzzParse checks that Parse never panics and that whatever it accepts
// renders back to the same text, which parses to an equal message.
func FuzzParse(f *testing.F) {
	for _, v := range loadSIWEVectors(f) {
		f.Add(v.Message)
	}
	f.Add("https://a.b:1 wants you to sign in with your Ethereum account:\n0x0000000000000000000000000000000000000000\n\n\nURI: a:b\nVersion: 1\nChain ID: 0\nNonce: 00000000\nIssued At: 2000-01-01T00:00:00+01:00\nNot Before: 2000-01-01T00:00:00.5Z\nRequest ID: %41\nResources:")
	f.Fuzz(func(t *testing.T, s string) {
		msg, err := Parse(s)
		if err != nil {
			require.ErrorIs(t, err, ErrMalformed)
			return
		}
		out := msg.String()
		require.Equal(t, s, out)
		again, err := Parse(out)
		require.NoError(t, err)
		require.Equal(t, msg, again)
	})
}
