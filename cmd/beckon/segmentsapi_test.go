package main

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/segment"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// TestSegmentsThroughTheAPI saves a segment the way POST /v1/segments
// does: it is stored, kept by the engine at once (later events move
// members) and recomputed, with entries reported; config segments are
// read-only.
func TestSegmentConfigTypo(t *testing.T) {
	_, err := LoadConfig(writeConfig(t, "segments:\n  - name: ok\n    when: 'contact.points >= 0'\n  - name: typo\n    when: 'contact.pionts >= 0'\n"), noEnv)
	var ce *ConfigError
	require.ErrorAs(t, err, &ce, "a misspelt fact fails the config check")
	require.Equal(t, "segments.1.when", ce.Field)
	require.Contains(t, ce.Msg, "pionts")
}

func TestSegmentsThroughTheAPI(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			ctx := context.Background()
			db := b.Open(t)
			cfg, err := LoadConfig(writeConfig(t, "segments:\n  - name: everyone\n    when: 'contact.points >= 0'\n"), noEnv)
			require.NoError(t, err)
			eng, err := newSegmentEngine(ctx, cfg, db)
			require.NoError(t, err)
			var entered []int64
			eng.OnChange = func(_ context.Context, _ *store.Tx, c segment.Change) error {
				if c.Entered && c.Segment == "rich" {
					entered = append(entered, c.ContactID)
				}
				return nil
			}
			segs, err := newSegmentsAPI(cfg, db, eng)
			require.NoError(t, err)

			var ids []int64
			for i := range 5 {
				require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
					id, _, err := crm.EnsureWallet(ctx, tx, common.BigToAddress(big.NewInt(int64(500+i))))
					if err != nil {
						return err
					}
					ids = append(ids, id)
					_, err = loyalty.Award(ctx, tx, loyalty.Entry{ContactID: id, Amount: int64(100*i + 1), Reason: "r", Source: "s", Key: fmt.Sprint("k", i)})
					return err
				}))
			}
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				for _, id := range ids {
					if _, _, err := tx.RefreshContactFacts(ctx, id); err != nil {
						return err
					}
				}
				return nil
			}))

			size, sample, err := segs.Preview(ctx, "contact.points >= 300", 10)
			require.NoError(t, err)
			require.EqualValues(t, 2, size)
			require.ElementsMatch(t, ids[3:], sample)
			_, _, err = segs.Preview(ctx, "contact.points >=", 10)
			require.ErrorIs(t, err, api.ErrInvalid)
			_, err = segs.Put(ctx, "typo", "contact.pionts >= 300", true)
			require.ErrorIs(t, err, api.ErrInvalid, "a misspelt fact is refused when the segment is defined")
			require.ErrorContains(t, err, "pionts")

			got, err := segs.Put(ctx, "rich", "contact.points >= 300", true)
			require.NoError(t, err)
			require.EqualValues(t, 2, got.Size)
			require.ElementsMatch(t, ids[3:], entered, "entries are reported (flows, webhooks)")
			require.NotNil(t, eng.Segment("rich"), "kept by the engine at once")
			_, err = segs.Put(ctx, "rich", "contact.points >= 1", true)
			require.ErrorIs(t, err, store.ErrExists)
			_, err = segs.Put(ctx, "everyone", "contact.points >= 1", false)
			require.ErrorIs(t, err, store.ErrExists, "config segments are read-only")

			members, next, err := segs.Members(ctx, "rich", 0, 1)
			require.NoError(t, err)
			require.Len(t, members, 1)
			rest, _, err := segs.Members(ctx, "rich", next, 10)
			require.NoError(t, err)
			require.ElementsMatch(t, ids[3:], append(members, rest...))

			list, err := segs.List(ctx)
			require.NoError(t, err)
			require.Len(t, list, 2)

			// A new award moves a contact in through the event path.
			require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
				if _, err := loyalty.Award(ctx, tx, loyalty.Entry{ContactID: ids[1], Amount: 500, Reason: "r", Source: "s", Key: "late"}); err != nil {
					return err
				}
				return eng.Update(ctx, tx, ids[1])
			}))
			require.Contains(t, entered, ids[1])

			require.NoError(t, segs.Delete(ctx, "rich"))
			require.Nil(t, eng.Segment("rich"))
			_, err = segs.Get(ctx, "rich")
			require.True(t, errors.Is(err, store.ErrNotFound))
			require.ErrorIs(t, segs.Delete(ctx, "everyone"), api.ErrInvalid)
		})
	}
}
