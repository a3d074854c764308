package crm_test

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
)

func TestNormalizeIdentity(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      crm.Identity
		want    string
		invalid bool
	}{
		{in: crm.Identity{Kind: crm.IdentityWallet, Value: "0xf3696aa415904408da7403b505a16e6ee7e0217b"}, want: "0xf3696AA415904408DA7403b505A16E6ee7e0217B"},
		{in: crm.Identity{Kind: crm.IdentityWallet, Value: "0x1234"}, invalid: true},
		{in: crm.Identity{Kind: crm.IdentityEmail, Value: "Ada@Example.ORG"}, want: "ada@example.org"},
		{in: crm.Identity{Kind: crm.IdentityEmail, Value: "Ada <ada@example.org>"}, invalid: true},
		{in: crm.Identity{Kind: crm.IdentityEmail, Value: "not an email"}, invalid: true},
		{in: crm.Identity{Kind: crm.IdentityDiscord, Value: "81000000000000001"}, want: "81000000000000001"},
		{in: crm.Identity{Kind: crm.IdentityTelegram, Value: "  "}, invalid: true},
		{in: crm.Identity{Kind: "fax", Value: "1"}, invalid: true},
	} {
		got, err := crm.NormalizeIdentity(tc.in)
		if tc.invalid {
			require.ErrorIs(t, err, crm.ErrInvalid, "%+v", tc.in)
			continue
		}
		require.NoError(t, err, "%+v", tc.in)
		require.Equal(t, tc.want, got.Value)
	}
}

func TestUnsubscribeToken(t *testing.T) {
	t.Parallel()
	secret := []byte("k")
	tok := crm.UnsubscribeToken(secret, 7)
	require.True(t, crm.CheckUnsubscribeToken(secret, 7, tok))
	require.False(t, crm.CheckUnsubscribeToken(secret, 8, tok), "a token is bound to its contact")
	require.False(t, crm.CheckUnsubscribeToken([]byte("other"), 7, tok), "and to the secret")
	require.False(t, crm.CheckUnsubscribeToken(secret, 7, ""))
}

func TestContactHandles(t *testing.T) {
	t.Parallel()
	c := crm.Contact{Identities: []crm.Identity{
		{Kind: crm.IdentityEmail, Value: "a@example.org"},
		{Kind: crm.IdentityWallet, Value: "0x0000000000000000000000000000000000000001"},
		{Kind: crm.IdentityWallet, Value: "0x0000000000000000000000000000000000000002"},
	}}
	require.Equal(t, []common.Address{common.HexToAddress("0x1"), common.HexToAddress("0x2")}, c.Wallets())
	require.Equal(t, "a@example.org", c.Handle(crm.IdentityEmail))
	require.Empty(t, c.Handle(crm.IdentityDiscord))
}

func FuzzNormalizeIdentity(f *testing.F) {
	for _, s := range []string{"0xf3696aa415904408da7403b505a16e6ee7e0217b", "a@b.co", "x", ""} {
		f.Add(crm.IdentityWallet, s)
		f.Add(crm.IdentityEmail, s)
	}
	f.Fuzz(func(t *testing.T, kind, value string) {
		got, err := crm.NormalizeIdentity(crm.Identity{Kind: kind, Value: value})
		if err != nil {
			require.ErrorIs(t, err, crm.ErrInvalid)
			return
		}
		again, err := crm.NormalizeIdentity(got)
		require.NoError(t, err, "a normalised identity stays valid")
		require.Equal(t, got, again, "normalising is idempotent")
	})
}
