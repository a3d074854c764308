package contactcsv_test

import (
	"bytes"
	"context"
	"fmt"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/contactcsv"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// file builds 100 rows of which every tenth is bad in a different way.
func file() (string, map[int]string) {
	var b strings.Builder
	b.WriteString("email,wallet,discord,timezone,locale,ext:hubspot,trait:plan,trait:age:number,trait:vip:bool,trait:joined:time\n")
	bad := map[int]string{}
	reasons := []struct{ row, want string }{
		{"not-an-email,,,,,,,,,", "email"},
		{",0x123,,,,,,,,", "not a hex address"},
		{"x%d@example.org,,,Mars/Base,,,,,,", "timezone"},
		{"x%d@example.org,,,,,,,old,,", "not a number"},
		{"x%d@example.org,,,,,,,,maybe,", "not a bool"},
		{"x%d@example.org,,,,,,,,,yesterday", "not an RFC 3339"},
		{",,,,,,pro,,,", "no identity"},
		{"x%d@example.org,,,,", "fields"},
		{"x%d@example.org,,,,not a locale!,,,,,", "locale"},
		{"x%d@example.org,,,,,,\"unterminated,,,,", "quote"},
	}
	for i := range 100 {
		line := i + 2
		if i%10 == 9 {
			r := reasons[i/10]
			row := r.row
			if strings.Contains(row, "%d") {
				row = fmt.Sprintf(row, i)
			}
			b.WriteString(row + "\n")
			bad[line] = r.want
			continue
		}
		w := common.BigToAddress(new(big.Int).Lsh(big.NewInt(1), uint(i+8)))
		fmt.Fprintf(&b, "User%d@Example.org,%s;%s,d%d,Europe/Paris,en_gb,hs-%d,pro,%d,yes,2026-01-0%d\n",
			i, strings.ToLower(w.Hex()), common.BigToAddress(big.NewInt(int64(1_000_000+i))).Hex(), i, i, 20+i, 1+i%9)
	}
	return b.String(), bad
}

func TestImportReportsEveryBadRow(t *testing.T) {
	t.Parallel()
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			db := b.Open(t)
			ctx := context.Background()
			data, bad := file()
			rows, badRows, err := contactcsv.Parse(strings.NewReader(data))
			require.NoError(t, err)
			require.Len(t, rows, 90)
			require.Len(t, badRows, 10)
			for _, br := range badRows {
				want, ok := bad[br.Line]
				require.True(t, ok, "line %d reported bad: %s", br.Line, br.Reason)
				require.Contains(t, br.Reason, want, "line %d", br.Line)
			}
			rep := contactcsv.Report{Rows: len(rows) + len(badRows), Bad: badRows}
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error { return contactcsv.Import(ctx, tx, rows, &rep) }))
			require.Equal(t, 90, rep.Imported)
			require.Equal(t, 90, rep.Created)
			var n int64
			var c crm.Contact
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				if n, err = tx.CountContacts(ctx); err != nil {
					return err
				}
				id, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityEmail, Value: "user3@example.org"})
				if err != nil {
					return err
				}
				c, err = tx.Contact(ctx, id)
				return err
			}))
			require.Equal(t, "Europe/Paris", c.Timezone)
			require.Equal(t, "en-GB", c.Locale)
			require.Equal(t, "hs-3", c.Handle("ext:hubspot"))
			require.Len(t, c.Wallets(), 2)
			require.Equal(t, "pro", c.Traits["plan"])
			require.Equal(t, 23.0, c.Traits["age"])
			require.Equal(t, true, c.Traits["vip"])
			require.Equal(t, time.Date(2026, 1, 4, 0, 0, 0, 0, time.UTC), c.Traits["joined"])
			require.Equal(t, int64(90), n)

			// Importing again links nothing new and creates no contacts.
			rep = contactcsv.Report{}
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error { return contactcsv.Import(ctx, tx, rows, &rep) }))
			require.Zero(t, rep.Created)
			require.Zero(t, rep.Merged)
		})
	}
}

func TestHeaderErrors(t *testing.T) {
	t.Parallel()
	for _, h := range []string{"", "plan\n", "email,email\n", "email,trait:Bad Name\n", "email,trait:x:money\n", "trait:x\n"} {
		_, _, err := contactcsv.Parse(strings.NewReader(h))
		require.ErrorIs(t, err, contactcsv.ErrHeader, "%q", h)
	}
}

func FuzzParse(f *testing.F) {
	data, _ := file()
	f.Add([]byte(data))
	f.Add([]byte("email\n\"a@b.c\"\n"))
	f.Add([]byte("wallet,trait:t:time\n0x0000000000000000000000000000000000000001,2026-01-01T00:00:00Z\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		rows, bad, err := contactcsv.Parse(bytes.NewReader(in))
		if err != nil {
			return
		}
		lines := map[int]bool{}
		for _, r := range rows {
			// Invariant: a good row has a normalised identity and a line.
			require.NotEmpty(t, r.Identities)
			for _, id := range r.Identities {
				norm, err := crm.NormalizeIdentity(id)
				require.NoError(t, err)
				require.Equal(t, norm, id)
			}
			require.Greater(t, r.Line, 1)
			lines[r.Line] = true
		}
		for _, b := range bad {
			require.NotEmpty(t, b.Reason)
			require.False(t, lines[b.Line], "line %d both good and bad", b.Line)
		}
	})
}
