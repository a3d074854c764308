package rewards

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"
)

func TestParseAllocationsCSV(t *testing.T) {
	t.Parallel()
	in := "address,amount\n" +
		"0xec5ad15e2e62ae1047c025fc226a0a1ff3b4140f,100\n" +
		"\n" +
		"0XEC5AD15E2E62AE1047C025FC226A0A1FF3B41400, 0005\n" +
		"0xf550ADe614232b9780DeEFE2271913DA14c15074,115792089237316195423570985008687907853269984665640564039457584007913129639935\n"
	got, err := ParseAllocationsCSV(strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, got, 3)
	require.Equal(t, "0xeC5aD15E2E62ae1047c025fc226A0A1ff3b4140f", got[0].Account.Hex())
	require.Equal(t, "100", got[0].Amount.String())
	require.Equal(t, "5", got[1].Amount.String())
	require.Equal(t, common.HexToAddress("0xf550ADe614232b9780DeEFE2271913DA14c15074"), got[2].Account)
}

func TestParseAllocationsCSVReportsEveryBadRow(t *testing.T) {
	t.Parallel()
	in := strings.Join([]string{
		"Address,Amount",
		"0xec5ad15e2e62ae1047c025fc226a0a1ff3b4140f,100", // 2 ok
		"0x1234,5", // 3 bad address
		"0xf550ADe614232b9780DeEFE2271913DA14c15074,1.5",                         // 4 bad amount
		"0xf550ADe614232b9780DeEFE2271913DA14c15074,-3",                          // 5 negative
		"0xf550ADe614232b9780DeEFE2271913DA14c15074,0",                           // 6 zero
		"0xEC5AD15E2E62AE1047C025FC226A0A1FF3B4140F,7",                           // 7 duplicate of line 2
		"0xf550ade614232b9780deefe2271913da14c15074",                             // 8 one column
		"0xf550ADE614232b9780DeEFE2271913DA14c15074,1",                           // 9 bad checksum
		"0xf550ade614232b9780deefe2271913da14c15074,0x10",                        // 10 hex amount
		"0xf550ade614232b9780deefe2271913da14c15074,1" + strings.Repeat("0", 78), // 11 wider than uint256
	}, "\n") + "\n"
	got, err := ParseAllocationsCSV(strings.NewReader(in))
	require.Nil(t, got, "nothing is returned when a row is bad")
	var rows CSVErrors
	require.True(t, errors.As(err, &rows), "%v", err)
	want := []struct {
		line   int
		reason string
	}{
		{3, ReasonBadAddress}, {4, ReasonBadAmount}, {5, ReasonNegative}, {6, ReasonZero},
		{7, ReasonDuplicate + " (first on line 2)"}, {8, ReasonColumns}, {9, ReasonBadAddress}, {10, ReasonBadAmount}, {11, ReasonBadAmount},
	}
	require.Len(t, rows, len(want), "%v", err)
	for i, w := range want {
		require.Equal(t, w.line, rows[i].Line, "row %d: %v", i, rows[i])
		require.True(t, strings.HasPrefix(rows[i].Reason, w.reason), "row %d: %v", i, rows[i])
		require.Contains(t, err.Error(), fmt.Sprintf("line %d: %s", w.line, w.reason))
	}
}

func TestParseAllocationsCSVRejectsFileShape(t *testing.T) {
	t.Parallel()
	for name, in := range map[string]string{
		"empty":       "",
		"header only": "address,amount\n",
		"no header":   "0xec5ad15e2e62ae1047c025fc226a0a1ff3b4140f,100\n",
		"bad quotes":  "address,amount\n\"0xec5ad15e2e62ae1047c025fc226a0a1ff3b4140f,100\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseAllocationsCSV(strings.NewReader(in))
			require.Error(t, err)
		})
	}
}

// TestCSVReferenceRoots builds trees from CSV renderings of the reference
// vectors' (address, uint256) leaves; the roots must equal OZ's.
func TestCSVReferenceRoots(t *testing.T) {
	t.Parallel()
	n := 0
	for _, v := range loadMerkleVectors(t) {
		if strings.Join(v.Encoding, ",") != "address,uint256" {
			continue
		}
		n++
		var b strings.Builder
		b.WriteString("address,amount\n")
		for i, l := range v.Leaves {
			addr := l.Value[0].(string)
			if i%2 == 1 {
				addr = strings.ToLower(addr)
			}
			fmt.Fprintf(&b, "%s,%s\n", addr, l.Value[1])
		}
		allocs, err := ParseAllocationsCSV(strings.NewReader(b.String()))
		require.NoError(t, err)
		built, err := Build(allocs)
		require.NoError(t, err)
		require.Equal(t, v.Root, built.Tree.Root().Hex())
		proofs, err := built.Proofs()
		require.NoError(t, err)
		for _, l := range v.Leaves {
			require.Equal(t, hashes(t, l.Proof), proofs[l.Value[0].(string)])
		}
	}
	require.NotZero(t, n)
}

func TestCumulate(t *testing.T) {
	t.Parallel()
	a, b, c := common.Address{0xa}, common.Address{0xb}, common.Address{0xc}
	prev := map[common.Address]*big.Int{a: big.NewInt(10), b: big.NewInt(20)}
	next, err := Cumulate(prev, []Allocation{{b, big.NewInt(5)}, {c, big.NewInt(7)}})
	require.NoError(t, err)
	require.Equal(t, []Allocation{{a, big.NewInt(10)}, {b, big.NewInt(25)}, {c, big.NewInt(7)}}, next)
	require.Equal(t, int64(20), prev[b].Int64(), "prev is not modified")
	require.Equal(t, "42", Total(next).String())

	_, err = Cumulate(prev, []Allocation{{c, big.NewInt(1)}, {c, big.NewInt(1)}})
	require.ErrorIs(t, err, ErrDuplicateAccount)
	_, err = Cumulate(prev, []Allocation{{c, big.NewInt(0)}})
	require.ErrorIs(t, err, ErrInvalidAmount)
	max := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	_, err = Cumulate(map[common.Address]*big.Int{a: max}, []Allocation{{a, big.NewInt(1)}})
	require.ErrorIs(t, err, ErrInvalidAmount)
}

func TestPointsDeltasPayPointsOnce(t *testing.T) {
	t.Parallel()
	w1, w2, w3 := common.Address{1}, common.Address{2}, common.Address{3}
	unit := big.NewInt(100)
	grants := []PointsGrant{
		{ContactID: 1, Points: 10, Wallets: []common.Address{w1, w2}},
		{ContactID: 2, Points: 5, Wallets: []common.Address{w3}},
		{ContactID: 3, Points: 50}, // no wallet
		{ContactID: 4, Points: 9, Wallets: []common.Address{{4}}},
	}
	notFour := func(g PointsGrant) (bool, error) { return g.ContactID != 4, nil }
	first, err := PointsDeltas(grants, unit, nil, notFour)
	require.NoError(t, err)
	require.Equal(t, []Allocation{{w1, big.NewInt(1000)}, {w3, big.NewInt(500)}}, first)

	// Contact 1 earned 2 more points; part of its earlier reward went to
	// its second wallet. Contact 2's balance did not change.
	paid := map[common.Address]*big.Int{w1: big.NewInt(800), w2: big.NewInt(200), w3: big.NewInt(500)}
	grants[0].Points = 12
	second, err := PointsDeltas(grants, unit, paid, notFour)
	require.NoError(t, err)
	require.Equal(t, []Allocation{{w1, big.NewInt(200)}}, second)

	_, err = PointsDeltas(grants, big.NewInt(0), nil, nil)
	require.ErrorIs(t, err, ErrInvalidAmount)
}
