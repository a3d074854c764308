package rewards

import (
	"encoding/json"
	"math/big"
	"os"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

const vectorsPath = "../../testdata/reference/merkle_siwe_vectors.json"

type merkleVector struct {
	Encoding []string `json:"encoding"`
	Root     string   `json:"root"`
	Leaves   []struct {
		Value    []any    `json:"value"`
		LeafHash string   `json:"leaf_hash"`
		Proof    []string `json:"proof"`
	} `json:"leaves"`
	MultiproofExample *struct {
		Leaves     [][]any  `json:"leaves"`
		Proof      []string `json:"proof"`
		ProofFlags []bool   `json:"proofFlags"`
	} `json:"multiproof_example"`
	Dump json.RawMessage `json:"dump"`
}

func loadMerkleVectors(t *testing.T) []merkleVector {
	t.Helper()
	raw, err := os.ReadFile(vectorsPath)
	require.NoError(t, err)
	var file struct {
		Merkle []merkleVector `json:"merkle"`
	}
	require.NoError(t, json.Unmarshal(raw, &file))
	require.NotEmpty(t, file.Merkle)
	return file.Merkle
}

func hashes(t *testing.T, ss []string) []common.Hash {
	t.Helper()
	out := make([]common.Hash, len(ss))
	for i, s := range ss {
		b := common.FromHex(s)
		require.Len(t, b, 32, "hash %q", s)
		out[i] = common.BytesToHash(b)
	}
	return out
}

func vectorValues(v merkleVector) [][]any {
	values := make([][]any, len(v.Leaves))
	for i, l := range v.Leaves {
		values[i] = l.Value
	}
	return values
}

func TestReferenceVectors(t *testing.T) {
	for _, v := range loadMerkleVectors(t) {
		t.Run(v.Root[:10], func(t *testing.T) {
			tree, err := New(vectorValues(v), v.Encoding)
			require.NoError(t, err)
			require.Equal(t, v.Root, tree.Root().Hex())

			for _, l := range v.Leaves {
				i, err := tree.IndexOf(l.Value)
				require.NoError(t, err)
				h, err := tree.LeafHash(l.Value)
				require.NoError(t, err)
				require.Equal(t, l.LeafHash, h.Hex())

				proof, err := tree.Proof(i)
				require.NoError(t, err)
				require.Equal(t, hashes(t, l.Proof), proof)

				ok, err := tree.Verify(l.Value, proof)
				require.NoError(t, err)
				require.True(t, ok)
				ok, err = Verify(tree.Root(), v.Encoding, l.Value, proof)
				require.NoError(t, err)
				require.True(t, ok)
			}

			if ex := v.MultiproofExample; ex != nil {
				indices := make([]int, len(ex.Leaves))
				for k, leaf := range ex.Leaves {
					indices[k], err = tree.IndexOf(leaf)
					require.NoError(t, err)
				}
				mp, err := tree.MultiProof(indices)
				require.NoError(t, err)
				require.Equal(t, ex.Leaves, mp.Leaves)
				require.Equal(t, hashes(t, ex.Proof), mp.Proof)
				require.Equal(t, ex.ProofFlags, mp.ProofFlags)
				ok, err := tree.VerifyMultiProof(mp)
				require.NoError(t, err)
				require.True(t, ok)

				// Swapping in a different leaf must not verify.
				other := tree.values[(indices[0]+1)%tree.Len()].display
				if len(v.Leaves) > 2 {
					bad := *mp
					bad.Leaves = append([][]any{other}, mp.Leaves[1:]...)
					ok, err = tree.VerifyMultiProof(&bad)
					require.NoError(t, err)
					require.False(t, ok)
				}
			}

			got, err := json.Marshal(tree.Dump())
			require.NoError(t, err)
			require.JSONEq(t, string(v.Dump), string(got))

			var d Dump
			require.NoError(t, json.Unmarshal(v.Dump, &d))
			loaded, err := Load(d)
			require.NoError(t, err)
			require.Equal(t, tree.Root(), loaded.Root())
			require.Equal(t, tree.Dump(), loaded.Dump())
		})
	}
}

func TestLoadRejectsTamperedDumps(t *testing.T) {
	v := loadMerkleVectors(t)[0]
	fresh := func() Dump {
		var d Dump
		require.NoError(t, json.Unmarshal(v.Dump, &d))
		return d
	}
	cases := map[string]func(d *Dump){
		"format":        func(d *Dump) { d.Format = "standard-v2" },
		"encoding":      func(d *Dump) { d.LeafEncoding = []string{"address", "bytes32"} },
		"unknown type":  func(d *Dump) { d.LeafEncoding = []string{"address", "tuple"} },
		"value amount":  func(d *Dump) { d.Values[0].Value[1] = "1" },
		"value address": func(d *Dump) { d.Values[0].Value[0] = common.Address{1}.Hex() },
		"bad checksum":  func(d *Dump) { d.Values[0].Value[0] = "0xEC5aD15E2E62ae1047c025fc226A0A1ff3b4140f" },
		"value arity":   func(d *Dump) { d.Values[0].Value = d.Values[0].Value[:1] },
		"leaf node":     func(d *Dump) { d.Tree[len(d.Tree)-1][0] ^= 1 },
		"internal node": func(d *Dump) { d.Tree[1][31] ^= 1 },
		"root":          func(d *Dump) { d.Tree[0][5] ^= 1 },
		"tree index": func(d *Dump) {
			d.Values[0].TreeIndex, d.Values[1].TreeIndex = d.Values[1].TreeIndex, d.Values[0].TreeIndex
		},
		"shared index":    func(d *Dump) { d.Values[1].TreeIndex = d.Values[0].TreeIndex },
		"internal index":  func(d *Dump) { d.Values[0].TreeIndex = 0 },
		"index too large": func(d *Dump) { d.Values[0].TreeIndex = len(d.Tree) },
		"short tree":      func(d *Dump) { d.Tree = d.Tree[1:] },
		"no values":       func(d *Dump) { d.Values = nil; d.Tree = nil },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			d := fresh()
			mutate(&d)
			_, err := Load(d)
			require.ErrorIs(t, err, ErrInvalidDump)
		})
	}
}

func TestDumpJSONRoundTripKeepsTypes(t *testing.T) {
	enc := []string{"address", "uint256", "bytes32", "string", "bool", "uint8", "int64", "int24", "bytes"}
	values := [][]any{
		{common.HexToAddress("0x1"), big.NewInt(5), common.Hash{9}, "hello", true, uint8(7), int64(-3), -8388608, []byte{1, 2}},
		{"0x00000000000000000000000000000000000000ff", "0x10", "0x" + common.Bytes2Hex(make([]byte, 32)), "", "false", "255", json.Number("-9223372036854775808"), "8388607", "0x"},
	}
	tree, err := New(values, enc)
	require.NoError(t, err)
	raw, err := json.Marshal(tree.Dump())
	require.NoError(t, err)
	var d Dump
	require.NoError(t, json.Unmarshal(raw, &d))
	loaded, err := Load(d)
	require.NoError(t, err)
	require.Equal(t, tree.Root(), loaded.Root())
	for i := range values {
		proof, err := loaded.Proof(i)
		require.NoError(t, err)
		ok, err := tree.Verify(values[i], proof)
		require.NoError(t, err)
		require.True(t, ok)
	}
}

func TestInvalidValues(t *testing.T) {
	cases := []struct {
		enc   string
		value any
	}{
		{"uint8", 256},
		{"uint256", -1},
		{"int8", 128},
		{"int8", "-129"},
		{"uint256", "12abc"},
		{"uint256", new(big.Int).Lsh(big.NewInt(1), 256)},
		{"address", "0x123"},
		{"address", 42},
		{"bytes32", "0x01"},
		{"bool", "yes"},
		{"string", 3},
	}
	for _, c := range cases {
		_, err := New([][]any{{c.value}}, []string{c.enc})
		require.ErrorIs(t, err, ErrInvalidValue, "%s %v", c.enc, c.value)
	}
	_, err := New(nil, []string{"uint256"})
	require.ErrorIs(t, err, ErrEmptyTree)
	_, err = New([][]any{{1}}, []string{"uint256[]"})
	require.ErrorIs(t, err, ErrUnsupportedType)
}

func TestMultiProofEdgeCases(t *testing.T) {
	v := loadMerkleVectors(t)[1]
	tree, err := New(vectorValues(v), v.Encoding)
	require.NoError(t, err)

	_, err = tree.MultiProof([]int{3, 3})
	require.ErrorIs(t, err, ErrInvalidMultiProof)
	_, err = tree.MultiProof([]int{tree.Len()})
	require.ErrorIs(t, err, ErrIndexOutOfRange)

	empty, err := tree.MultiProof(nil)
	require.NoError(t, err)
	require.Equal(t, []common.Hash{tree.Root()}, empty.Proof)
	ok, err := tree.VerifyMultiProof(empty)
	require.NoError(t, err)
	require.True(t, ok)

	all := make([]int, tree.Len())
	for i := range all {
		all[i] = i
	}
	full, err := tree.MultiProof(all)
	require.NoError(t, err)
	require.Empty(t, full.Proof)
	ok, err = tree.VerifyMultiProof(full)
	require.NoError(t, err)
	require.True(t, ok)

	some, err := tree.MultiProof([]int{0, 5, 17, 40})
	require.NoError(t, err)
	bad := *some
	bad.ProofFlags = append([]bool{true}, some.ProofFlags...)
	_, err = tree.VerifyMultiProof(&bad)
	require.ErrorIs(t, err, ErrInvalidMultiProof)
}

func TestAllocationTree(t *testing.T) {
	a, b, c := common.Address{0xa}, common.Address{0xb}, common.Address{0xc}
	allocs := []Allocation{{a, big.NewInt(100)}, {b, big.NewInt(250)}, {c, big.NewInt(1)}}
	tree, err := NewAllocationTree(allocs)
	require.NoError(t, err)
	for _, al := range allocs {
		got, proof, err := tree.ProofFor(al.Account)
		require.NoError(t, err)
		require.Equal(t, al.Account, got.Account)
		require.Zero(t, al.Amount.Cmp(got.Amount))
		ok, err := Verify(tree.Root(), []string{"address", "uint256"}, []any{al.Account, al.Amount}, proof)
		require.NoError(t, err)
		require.True(t, ok)
	}
	_, _, err = tree.ProofFor(common.Address{0xd})
	require.ErrorIs(t, err, ErrNotFound)

	_, err = NewAllocationTree([]Allocation{{a, big.NewInt(1)}, {a, big.NewInt(2)}})
	require.ErrorIs(t, err, ErrDuplicateAccount)
	for _, amt := range []*big.Int{nil, big.NewInt(0), big.NewInt(-1), new(big.Int).Lsh(big.NewInt(1), 256)} {
		_, err = NewAllocationTree([]Allocation{{a, amt}})
		require.ErrorIs(t, err, ErrInvalidAmount, "amount %v", amt)
	}
	_, err = NewAllocationTree(nil)
	require.ErrorIs(t, err, ErrEmptyTree)

	other, err := New([][]any{{"x"}}, []string{"string"})
	require.NoError(t, err)
	_, _, err = other.ProofFor(a)
	require.ErrorIs(t, err, ErrUnsupportedType)
}

// FuzzTree builds allocation trees from random bytes and checks that every
// proof verifies and that a proof does not carry over to a changed amount.
func FuzzTree(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28})
	f.Add([]byte("a single allocation of bytes!"))
	f.Add(make([]byte, 29*9))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Each allocation takes 29 bytes: 20 for the account, 9 for the amount.
		const width = 29
		seen := map[common.Address]bool{}
		var allocs []Allocation
		for len(data) >= width && len(allocs) < 64 {
			acct := common.BytesToAddress(data[:20])
			amt := new(big.Int).SetBytes(data[20:width])
			data = data[width:]
			if seen[acct] {
				continue
			}
			seen[acct] = true
			if amt.Sign() == 0 {
				amt.SetInt64(1)
			}
			allocs = append(allocs, Allocation{Account: acct, Amount: amt})
		}
		tree, err := NewAllocationTree(allocs)
		if len(allocs) == 0 {
			require.ErrorIs(t, err, ErrEmptyTree)
			return
		}
		require.NoError(t, err)
		enc := []string{"address", "uint256"}
		for _, al := range allocs {
			got, proof, err := tree.ProofFor(al.Account)
			require.NoError(t, err)
			require.Zero(t, got.Amount.Cmp(al.Amount))
			ok, err := Verify(tree.Root(), enc, []any{al.Account, al.Amount}, proof)
			require.NoError(t, err)
			require.True(t, ok)
			changed := new(big.Int).Add(al.Amount, big.NewInt(1))
			ok, err = Verify(tree.Root(), enc, []any{al.Account, changed}, proof)
			require.NoError(t, err)
			require.False(t, ok)
		}
		d := tree.Dump()
		loaded, err := Load(d)
		require.NoError(t, err)
		require.Equal(t, tree.Root(), loaded.Root())
	})
}
