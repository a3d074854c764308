package rewards

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// DumpFormat is the only serialisation format understood by Load. It is the
// format written by @openzeppelin/merkle-tree's StandardMerkleTree.dump, so
// trees can be exchanged with the JavaScript tooling and the claim contracts'
// deploy scripts without conversion.
const DumpFormat = "standard-v1"

// Sentinel errors, checkable with errors.Is.
var (
	// ErrEmptyTree is returned when building a tree without leaves; OZ refuses
	// this too, because an empty tree has no meaningful root.
	ErrEmptyTree = errors.New("merkle tree has no leaves")
	// ErrInvalidValue is returned when a leaf value does not fit its ABI type.
	ErrInvalidValue = errors.New("invalid leaf value")
	// ErrUnsupportedType is returned for leaf encodings that cannot be packed.
	ErrUnsupportedType = errors.New("unsupported leaf type")
	// ErrIndexOutOfRange is returned for value indices outside the tree.
	ErrIndexOutOfRange = errors.New("value index out of range")
	// ErrInvalidDump is returned by Load when a dump is malformed or its
	// hashes do not match its values.
	ErrInvalidDump = errors.New("invalid merkle tree dump")
	// ErrInvalidMultiProof is returned when a multiproof is structurally
	// inconsistent (wrong lengths) or proves duplicated leaves.
	ErrInvalidMultiProof = errors.New("invalid multiproof")
	// ErrNotFound is returned when a value or account is not in the tree.
	ErrNotFound = errors.New("leaf not found")
	// ErrDuplicateAccount is returned when an allocation list names an
	// account twice; a claim contract could only ever honour one of them.
	ErrDuplicateAccount = errors.New("duplicate allocation account")
	// ErrInvalidAmount is returned for nil, non-positive or over-wide amounts.
	ErrInvalidAmount = errors.New("invalid allocation amount")
)

// Tree is an OpenZeppelin-compatible StandardMerkleTree: leaves are
// double-keccak256 hashes of the ABI-encoded values, sorted, and stored with
// the root in a flat array so proofs, roots and dumps are byte-identical to
// the ones produced by @openzeppelin/merkle-tree.
type Tree struct {
	encoding []string
	args     abi.Arguments
	tree     []common.Hash
	values   []leafValue
	// hashLookup maps a leaf hash to its value index; like OZ, the last of
	// several identical values wins.
	hashLookup map[common.Hash]int
}

type leafValue struct {
	// display is the canonical JSON-friendly form used in dumps and proofs.
	display   []any
	hash      common.Hash
	treeIndex int
}

// MultiProof proves several leaves at once, in the layout consumed by
// OpenZeppelin's MerkleProof.multiProofVerify.
type MultiProof struct {
	Leaves     [][]any       `json:"leaves"`
	Proof      []common.Hash `json:"proof"`
	ProofFlags []bool        `json:"proofFlags"`
}

// Dump is the standard-v1 serialisation of a tree.
type Dump struct {
	Format       string        `json:"format"`
	LeafEncoding []string      `json:"leafEncoding"`
	Tree         []common.Hash `json:"tree"`
	Values       []DumpValue   `json:"values"`
}

// DumpValue is one leaf value of a dump with its position in Tree.
type DumpValue struct {
	Value     []any `json:"value"`
	TreeIndex int   `json:"treeIndex"`
}

// UnmarshalJSON decodes numbers as json.Number so that integer leaf values
// written as JSON numbers keep full precision.
func (v *DumpValue) UnmarshalJSON(data []byte) error {
	var raw struct {
		Value     []any `json:"value"`
		TreeIndex *int  `json:"treeIndex"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("decode dump value: %w", err)
	}
	if raw.TreeIndex == nil {
		return fmt.Errorf("dump value without treeIndex: %w", ErrInvalidDump)
	}
	v.Value, v.TreeIndex = raw.Value, *raw.TreeIndex
	return nil
}

// New builds a tree from values, each a slice with one element per entry of
// leafEncoding (ABI type strings such as "address" or "uint256"). Values may
// be given as native Go types (common.Address, *big.Int, bool, [32]byte,
// []byte, string, integers) or as the strings used in OZ dumps.
func New(values [][]any, leafEncoding []string) (*Tree, error) {
	args, err := arguments(leafEncoding)
	if err != nil {
		return nil, err
	}
	if len(values) == 0 {
		return nil, ErrEmptyTree
	}
	t := &Tree{
		encoding:   slices.Clone(leafEncoding),
		args:       args,
		values:     make([]leafValue, len(values)),
		hashLookup: make(map[common.Hash]int, len(values)),
	}
	for i, v := range values {
		display, hash, err := hashLeaf(args, v)
		if err != nil {
			return nil, fmt.Errorf("value %d: %w", i, err)
		}
		t.values[i] = leafValue{display: display, hash: hash}
		t.hashLookup[hash] = i
	}
	// Sort value indices by leaf hash (stable, as Array.prototype.sort is) and
	// place them into the tree in that order.
	order := make([]int, len(values))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return bytes.Compare(t.values[order[a]].hash[:], t.values[order[b]].hash[:]) < 0
	})
	leaves := make([]common.Hash, len(order))
	for leafIndex, valueIndex := range order {
		leaves[leafIndex] = t.values[valueIndex].hash
	}
	t.tree = makeMerkleTree(leaves)
	for leafIndex, valueIndex := range order {
		t.values[valueIndex].treeIndex = len(t.tree) - leafIndex - 1
	}
	return t, nil
}

// Load rebuilds a tree from a standard-v1 dump. Every leaf is re-hashed and
// every internal node recomputed, so a dump whose values or hashes were
// altered is rejected rather than yielding proofs for a different root.
func Load(d Dump) (*Tree, error) {
	if d.Format != DumpFormat {
		return nil, fmt.Errorf("unknown format %q: %w", d.Format, ErrInvalidDump)
	}
	args, err := arguments(d.LeafEncoding)
	if err != nil {
		return nil, fmt.Errorf("leaf encoding: %w", errors.Join(ErrInvalidDump, err))
	}
	if len(d.Values) == 0 || len(d.Tree) != 2*len(d.Values)-1 {
		return nil, fmt.Errorf("tree has %d nodes for %d values: %w", len(d.Tree), len(d.Values), ErrInvalidDump)
	}
	t := &Tree{
		encoding:   slices.Clone(d.LeafEncoding),
		args:       args,
		tree:       slices.Clone(d.Tree),
		values:     make([]leafValue, len(d.Values)),
		hashLookup: make(map[common.Hash]int, len(d.Values)),
	}
	firstLeaf := len(d.Tree) - len(d.Values)
	seen := make(map[int]bool, len(d.Values))
	for i, v := range d.Values {
		if v.TreeIndex < firstLeaf || v.TreeIndex >= len(d.Tree) || seen[v.TreeIndex] {
			return nil, fmt.Errorf("value %d: tree index %d is not a free leaf: %w", i, v.TreeIndex, ErrInvalidDump)
		}
		seen[v.TreeIndex] = true
		display, hash, err := hashLeaf(args, v.Value)
		if err != nil {
			return nil, fmt.Errorf("value %d: %w", i, errors.Join(ErrInvalidDump, err))
		}
		if hash != d.Tree[v.TreeIndex] {
			return nil, fmt.Errorf("value %d: leaf hash does not match tree node %d: %w", i, v.TreeIndex, ErrInvalidDump)
		}
		t.values[i] = leafValue{display: display, hash: hash, treeIndex: v.TreeIndex}
		t.hashLookup[hash] = i
	}
	for i := firstLeaf - 1; i >= 0; i-- {
		if hashPair(d.Tree[2*i+1], d.Tree[2*i+2]) != d.Tree[i] {
			return nil, fmt.Errorf("internal node %d does not hash its children: %w", i, ErrInvalidDump)
		}
	}
	return t, nil
}

// Root is the value to publish on chain.
func (t *Tree) Root() common.Hash { return t.tree[0] }

// Len is the number of values (leaves) in the tree.
func (t *Tree) Len() int { return len(t.values) }

// LeafEncoding returns the ABI types of each value's elements.
func (t *Tree) LeafEncoding() []string { return slices.Clone(t.encoding) }

// Value returns value i in its canonical dump form (addresses checksummed,
// integers as decimal strings, fixed and dynamic bytes as 0x hex).
func (t *Tree) Value(i int) ([]any, error) {
	if i < 0 || i >= len(t.values) {
		return nil, fmt.Errorf("value %d of %d: %w", i, len(t.values), ErrIndexOutOfRange)
	}
	return slices.Clone(t.values[i].display), nil
}

// LeafHash returns the leaf hash of value under the tree's encoding.
func (t *Tree) LeafHash(value []any) (common.Hash, error) {
	_, h, err := hashLeaf(t.args, value)
	return h, err
}

// IndexOf returns the index of value, identified by its leaf hash so that
// equivalent representations (checksummed or lowercase address, decimal or
// *big.Int amount) match.
func (t *Tree) IndexOf(value []any) (int, error) {
	h, err := t.LeafHash(value)
	if err != nil {
		return 0, err
	}
	i, ok := t.hashLookup[h]
	if !ok {
		return 0, ErrNotFound
	}
	return i, nil
}

// Proof returns the sibling path from value i up to the root, leaf first, as
// expected by MerkleProof.verify.
func (t *Tree) Proof(i int) ([]common.Hash, error) {
	if i < 0 || i >= len(t.values) {
		return nil, fmt.Errorf("value %d of %d: %w", i, len(t.values), ErrIndexOutOfRange)
	}
	proof := []common.Hash{}
	for j := t.values[i].treeIndex; j > 0; j = parentIndex(j) {
		proof = append(proof, t.tree[siblingIndex(j)])
	}
	return proof, nil
}

// Verify reports whether proof proves value against the tree's root.
func (t *Tree) Verify(value []any, proof []common.Hash) (bool, error) {
	return Verify(t.Root(), t.encoding, value, proof)
}

// Verify reports whether proof proves value against root without needing
// the whole tree, mirroring what a claim contract checks.
func Verify(root common.Hash, leafEncoding []string, value []any, proof []common.Hash) (bool, error) {
	args, err := arguments(leafEncoding)
	if err != nil {
		return false, err
	}
	_, h, err := hashLeaf(args, value)
	if err != nil {
		return false, err
	}
	for _, p := range proof {
		h = hashPair(h, p)
	}
	return h == root, nil
}

// MultiProof proves the values at the given indices together. The result is
// in OZ's order: leaves sorted by descending tree index, proof and flags as
// consumed by MerkleProof.multiProofVerify.
func (t *Tree) MultiProof(indices []int) (*MultiProof, error) {
	treeIndices := make([]int, len(indices))
	for k, i := range indices {
		if i < 0 || i >= len(t.values) {
			return nil, fmt.Errorf("value %d of %d: %w", i, len(t.values), ErrIndexOutOfRange)
		}
		treeIndices[k] = t.values[i].treeIndex
	}
	sort.Sort(sort.Reverse(sort.IntSlice(treeIndices)))
	for k := 1; k < len(treeIndices); k++ {
		if treeIndices[k] == treeIndices[k-1] {
			return nil, fmt.Errorf("duplicated index: %w", ErrInvalidMultiProof)
		}
	}
	mp := &MultiProof{Leaves: [][]any{}, Proof: []common.Hash{}, ProofFlags: []bool{}}
	stack := slices.Clone(treeIndices)
	for len(stack) > 0 && stack[0] > 0 {
		j := stack[0]
		stack = stack[1:]
		s, p := siblingIndex(j), parentIndex(j)
		if len(stack) > 0 && stack[0] == s {
			mp.ProofFlags = append(mp.ProofFlags, true)
			stack = stack[1:]
		} else {
			mp.ProofFlags = append(mp.ProofFlags, false)
			mp.Proof = append(mp.Proof, t.tree[s])
		}
		stack = append(stack, p)
	}
	if len(indices) == 0 {
		mp.Proof = append(mp.Proof, t.tree[0])
	}
	for _, ti := range treeIndices {
		mp.Leaves = append(mp.Leaves, slices.Clone(t.values[t.hashLookup[t.tree[ti]]].display))
	}
	return mp, nil
}

// VerifyMultiProof reports whether mp proves its leaves against the root.
func (t *Tree) VerifyMultiProof(mp *MultiProof) (bool, error) {
	return VerifyMultiProof(t.Root(), t.encoding, mp)
}

// VerifyMultiProof reports whether mp proves its leaves against root. A
// structurally inconsistent proof is an error rather than false, matching
// OZ, because it indicates a bug in the producer rather than a wrong claim.
func VerifyMultiProof(root common.Hash, leafEncoding []string, mp *MultiProof) (bool, error) {
	if mp == nil {
		return false, fmt.Errorf("nil multiproof: %w", ErrInvalidMultiProof)
	}
	args, err := arguments(leafEncoding)
	if err != nil {
		return false, err
	}
	stack := make([]common.Hash, 0, len(mp.Leaves))
	for i, v := range mp.Leaves {
		_, h, err := hashLeaf(args, v)
		if err != nil {
			return false, fmt.Errorf("leaf %d: %w", i, err)
		}
		stack = append(stack, h)
	}
	proof := slices.Clone(mp.Proof)
	need := 0
	for _, f := range mp.ProofFlags {
		if !f {
			need++
		}
	}
	if len(proof) < need || len(stack)+len(proof) != len(mp.ProofFlags)+1 {
		return false, fmt.Errorf("%d leaves, %d proof nodes, %d flags: %w", len(stack), len(proof), len(mp.ProofFlags), ErrInvalidMultiProof)
	}
	for _, flag := range mp.ProofFlags {
		if len(stack) == 0 {
			return false, fmt.Errorf("flags consume more leaves than given: %w", ErrInvalidMultiProof)
		}
		a := stack[0]
		stack = stack[1:]
		var b common.Hash
		if flag {
			if len(stack) == 0 {
				return false, fmt.Errorf("flags consume more leaves than given: %w", ErrInvalidMultiProof)
			}
			b, stack = stack[0], stack[1:]
		} else {
			b, proof = proof[0], proof[1:]
		}
		stack = append(stack, hashPair(a, b))
	}
	if len(stack)+len(proof) != 1 {
		return false, fmt.Errorf("proof does not reduce to one root: %w", ErrInvalidMultiProof)
	}
	if len(stack) == 1 {
		return stack[0] == root, nil
	}
	return proof[0] == root, nil
}

// Dump serialises the tree in the standard-v1 format; values appear in their
// original order with canonical string forms.
func (t *Tree) Dump() Dump {
	d := Dump{
		Format:       DumpFormat,
		LeafEncoding: slices.Clone(t.encoding),
		Tree:         slices.Clone(t.tree),
		Values:       make([]DumpValue, len(t.values)),
	}
	for i, v := range t.values {
		d.Values[i] = DumpValue{Value: slices.Clone(v.display), TreeIndex: v.treeIndex}
	}
	return d
}

// Allocation is one account's share of a reward distribution.
type Allocation struct {
	Account common.Address
	Amount  *big.Int
}

// NewAllocationTree builds an ["address","uint256"] tree from allocations.
// Duplicate accounts and amounts that are nil, zero, negative or wider than
// 256 bits are rejected: a claim contract can honour only one leaf per
// account, and a zero allocation is a no-op that usually signals an upstream
// bug.
func NewAllocationTree(allocs []Allocation) (*Tree, error) {
	if len(allocs) == 0 {
		return nil, ErrEmptyTree
	}
	seen := make(map[common.Address]int, len(allocs))
	values := make([][]any, len(allocs))
	for i, a := range allocs {
		if j, ok := seen[a.Account]; ok {
			return nil, fmt.Errorf("allocations %d and %d both for %s: %w", j, i, a.Account.Hex(), ErrDuplicateAccount)
		}
		seen[a.Account] = i
		if a.Amount == nil || a.Amount.Sign() <= 0 || a.Amount.BitLen() > 256 {
			return nil, fmt.Errorf("allocation %d for %s: amount %v: %w", i, a.Account.Hex(), a.Amount, ErrInvalidAmount)
		}
		values[i] = []any{a.Account, new(big.Int).Set(a.Amount)}
	}
	return New(values, allocationEncoding())
}

// ProofFor returns the allocation and proof of account in a tree built with
// the ["address","uint256"] encoding (for example by NewAllocationTree or
// Load of such a dump).
func (t *Tree) ProofFor(account common.Address) (Allocation, []common.Hash, error) {
	if !slices.Equal(t.encoding, allocationEncoding()) {
		return Allocation{}, nil, fmt.Errorf("tree encoding %v is not an allocation encoding: %w", t.encoding, ErrUnsupportedType)
	}
	want := account.Hex()
	for i, v := range t.values {
		if v.display[0] != want {
			continue
		}
		amount, ok := new(big.Int).SetString(v.display[1].(string), 10)
		if !ok {
			return Allocation{}, nil, fmt.Errorf("allocation %d amount %v: %w", i, v.display[1], ErrInvalidValue)
		}
		proof, err := t.Proof(i)
		if err != nil {
			return Allocation{}, nil, err
		}
		return Allocation{Account: account, Amount: amount}, proof, nil
	}
	return Allocation{}, nil, fmt.Errorf("account %s: %w", want, ErrNotFound)
}

// makeMerkleTree lays out a complete binary tree in an array: leaves fill
// the end in reverse order and tree[0] is the root, exactly like OZ.
func makeMerkleTree(leaves []common.Hash) []common.Hash {
	tree := make([]common.Hash, 2*len(leaves)-1)
	for i, leaf := range leaves {
		tree[len(tree)-1-i] = leaf
	}
	for i := len(tree) - 1 - len(leaves); i >= 0; i-- {
		tree[i] = hashPair(tree[2*i+1], tree[2*i+2])
	}
	return tree
}

// allocationEncoding is the leaf encoding used for reward allocations. It
// matches the abi.encode(account, amount) leaf that MerkleProof-based claim
// contracts recompute on chain.
func allocationEncoding() []string { return []string{"address", "uint256"} }

func parentIndex(i int) int { return (i - 1) / 2 }

func siblingIndex(i int) int {
	if i%2 == 1 {
		return i + 1
	}
	return i - 1
}

// hashPair hashes the sorted pair so proofs need no left/right flags, which
// is what OZ's MerkleProof library assumes.
func hashPair(a, b common.Hash) common.Hash {
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	return crypto.Keccak256Hash(a[:], b[:])
}

func arguments(leafEncoding []string) (abi.Arguments, error) {
	if len(leafEncoding) == 0 {
		return nil, fmt.Errorf("empty leaf encoding: %w", ErrUnsupportedType)
	}
	args := make(abi.Arguments, len(leafEncoding))
	for i, s := range leafEncoding {
		typ, err := abi.NewType(s, "", nil)
		if err != nil {
			return nil, fmt.Errorf("leaf type %q: %w", s, errors.Join(ErrUnsupportedType, err))
		}
		switch typ.T {
		case abi.AddressTy, abi.UintTy, abi.IntTy, abi.BoolTy, abi.FixedBytesTy, abi.BytesTy, abi.StringTy:
		default:
			return nil, fmt.Errorf("leaf type %q: %w", s, ErrUnsupportedType)
		}
		args[i] = abi.Argument{Type: typ}
	}
	return args, nil
}

// hashLeaf returns the canonical display form and the double-keccak256 leaf
// hash; hashing twice prevents second-preimage attacks where a 64-byte leaf
// encoding could be passed off as an internal node.
func hashLeaf(args abi.Arguments, value []any) ([]any, common.Hash, error) {
	if len(value) != len(args) {
		return nil, common.Hash{}, fmt.Errorf("%d elements for %d types: %w", len(value), len(args), ErrInvalidValue)
	}
	packed := make([]any, len(value))
	display := make([]any, len(value))
	for i, v := range value {
		p, d, err := normalize(args[i].Type, v)
		if err != nil {
			return nil, common.Hash{}, fmt.Errorf("element %d (%s): %w", i, args[i].Type.String(), err)
		}
		packed[i], display[i] = p, d
	}
	enc, err := args.Pack(packed...)
	if err != nil {
		return nil, common.Hash{}, fmt.Errorf("abi encode: %w", errors.Join(ErrInvalidValue, err))
	}
	return display, crypto.Keccak256Hash(crypto.Keccak256(enc)), nil
}

// normalize converts v to the Go type go-ethereum's ABI packer expects for
// typ and to the canonical display form used in dumps.
func normalize(typ abi.Type, v any) (packed any, display any, err error) {
	switch typ.T {
	case abi.AddressTy:
		a, err := toAddress(v)
		if err != nil {
			return nil, nil, err
		}
		return a, a.Hex(), nil
	case abi.UintTy, abi.IntTy:
		n, err := toBigInt(v)
		if err != nil {
			return nil, nil, err
		}
		lo, hi := new(big.Int), new(big.Int).Lsh(big.NewInt(1), uint(typ.Size))
		if typ.T == abi.IntTy {
			hi.Rsh(hi, 1)
			lo.Neg(hi)
		}
		if n.Cmp(lo) < 0 || n.Cmp(hi) >= 0 {
			return nil, nil, fmt.Errorf("%s out of range: %w", n, ErrInvalidValue)
		}
		goType := typ.GetType()
		if goType == reflect.TypeFor[*big.Int]() {
			return n, n.String(), nil
		}
		if typ.T == abi.UintTy {
			return reflect.ValueOf(n.Uint64()).Convert(goType).Interface(), n.String(), nil
		}
		return reflect.ValueOf(n.Int64()).Convert(goType).Interface(), n.String(), nil
	case abi.BoolTy:
		switch b := v.(type) {
		case bool:
			return b, b, nil
		case string:
			if parsed, err := strconv.ParseBool(b); err == nil && (b == "true" || b == "false") {
				return parsed, parsed, nil
			}
		}
		return nil, nil, fmt.Errorf("%v is not a bool: %w", v, ErrInvalidValue)
	case abi.FixedBytesTy:
		b, err := toBytes(v)
		if err != nil {
			return nil, nil, err
		}
		if len(b) != typ.Size {
			return nil, nil, fmt.Errorf("%d bytes, want %d: %w", len(b), typ.Size, ErrInvalidValue)
		}
		arr := reflect.New(typ.GetType()).Elem()
		reflect.Copy(arr, reflect.ValueOf(b))
		return arr.Interface(), hexutil.Encode(b), nil
	case abi.BytesTy:
		b, err := toBytes(v)
		if err != nil {
			return nil, nil, err
		}
		return b, hexutil.Encode(b), nil
	case abi.StringTy:
		s, ok := v.(string)
		if !ok {
			return nil, nil, fmt.Errorf("%T is not a string: %w", v, ErrInvalidValue)
		}
		return s, s, nil
	}
	return nil, nil, fmt.Errorf("%s: %w", typ.String(), ErrUnsupportedType)
}

func toAddress(v any) (common.Address, error) {
	switch a := v.(type) {
	case common.Address:
		return a, nil
	case *common.Address:
		if a != nil {
			return *a, nil
		}
	case string:
		if !common.IsHexAddress(a) || !strings.HasPrefix(a, "0x") {
			return common.Address{}, fmt.Errorf("%q is not a 0x-prefixed address: %w", a, ErrInvalidValue)
		}
		addr := common.HexToAddress(a)
		// Mixed case claims an EIP-55 checksum; a wrong one is a typo.
		body := a[2:]
		if body != strings.ToLower(body) && body != strings.ToUpper(body) && addr.Hex() != a {
			return common.Address{}, fmt.Errorf("%q has an invalid checksum: %w", a, ErrInvalidValue)
		}
		return addr, nil
	}
	return common.Address{}, fmt.Errorf("%T is not an address: %w", v, ErrInvalidValue)
}

func toBigInt(v any) (*big.Int, error) {
	switch n := v.(type) {
	case *big.Int:
		if n != nil {
			return new(big.Int).Set(n), nil
		}
	case big.Int:
		return new(big.Int).Set(&n), nil
	case json.Number:
		return parseIntString(string(n))
	case string:
		return parseIntString(n)
	case int:
		return big.NewInt(int64(n)), nil
	case int8:
		return big.NewInt(int64(n)), nil
	case int16:
		return big.NewInt(int64(n)), nil
	case int32:
		return big.NewInt(int64(n)), nil
	case int64:
		return big.NewInt(n), nil
	case uint:
		return new(big.Int).SetUint64(uint64(n)), nil
	case uint8:
		return new(big.Int).SetUint64(uint64(n)), nil
	case uint16:
		return new(big.Int).SetUint64(uint64(n)), nil
	case uint32:
		return new(big.Int).SetUint64(uint64(n)), nil
	case uint64:
		return new(big.Int).SetUint64(n), nil
	}
	return nil, fmt.Errorf("%T is not an integer: %w", v, ErrInvalidValue)
}

// parseIntString accepts decimal (as OZ dumps write bigints) and 0x hex.
func parseIntString(s string) (*big.Int, error) {
	neg := strings.HasPrefix(s, "-")
	body := strings.TrimPrefix(s, "-")
	base := 10
	if strings.HasPrefix(body, "0x") || strings.HasPrefix(body, "0X") {
		base, body = 16, body[2:]
	}
	n, ok := new(big.Int).SetString(body, base)
	if !ok || body == "" || strings.ContainsAny(body, "+-_") {
		return nil, fmt.Errorf("%q is not an integer: %w", s, ErrInvalidValue)
	}
	if neg {
		n.Neg(n)
	}
	return n, nil
}

func toBytes(v any) ([]byte, error) {
	switch b := v.(type) {
	case []byte:
		return slices.Clone(b), nil
	case common.Hash:
		return b.Bytes(), nil
	case string:
		if strings.HasPrefix(b, "0x") && len(b)%2 == 0 {
			if out, err := hex.DecodeString(b[2:]); err == nil {
				return out, nil
			}
		}
		return nil, fmt.Errorf("%q is not 0x-prefixed hex: %w", b, ErrInvalidValue)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Array && rv.Type().Elem().Kind() == reflect.Uint8 {
		out := make([]byte, rv.Len())
		reflect.Copy(reflect.ValueOf(out), rv)
		return out, nil
	}
	return nil, fmt.Errorf("%T is not bytes: %w", v, ErrInvalidValue)
}
