package discord

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/ethereum/go-ethereum/common"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

type interactionBundle struct {
	h    *Interactions
	priv ed25519.PrivateKey
	db   *store.DB
	now  time.Time
}

type ledgerPoints struct{ db *store.DB }

func (p ledgerPoints) AwardManual(ctx context.Context, contactID, amount int64, reason, actor, key string) (bool, error) {
	var ok bool
	err := p.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		ok, err = loyalty.AwardManual(ctx, tx, loyalty.Entry{ContactID: contactID, Amount: amount, Reason: reason, Source: "manual:" + key, Key: key, Actor: actor})
		return err
	})
	return ok, err
}

func setupInteractions(t *testing.T) *interactionBundle {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	db := storetest.OpenSQLite(t)
	now := time.Unix(1_800_000_000, 0)
	bot := &community.Bot{
		InTx: func(ctx context.Context, fn func(community.BotStore) error) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
		},
		PublicURL: "https://beckon.example/", Points: ledgerPoints{db}, Now: func() time.Time { return now },
	}
	h := &Interactions{PublicKey: pub, Commands: &Commands{Bot: bot, AdminRole: "admin-role"}, Now: func() time.Time { return now }}
	return &interactionBundle{h: h, priv: priv, db: db, now: now}
}

func (b *interactionBundle) request(body string, ts time.Time, key ed25519.PrivateKey) *http.Request {
	stamp := strconv.FormatInt(ts.Unix(), 10)
	sig := ed25519.Sign(key, []byte(stamp+body))
	r := httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(body))
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	r.Header.Set("X-Signature-Timestamp", stamp)
	r.Header.Set("Content-Type", "application/json")
	return r
}

func (b *interactionBundle) do(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	b.h.ServeHTTP(w, r)
	return w
}

func command(name, user string, roles []string, opts string) string {
	if opts == "" {
		opts = "[]"
	}
	return `{"id":"i-` + name + `-` + user + `","application_id":"app","type":2,"token":"t","version":1,"guild_id":"g1",` +
		`"member":{"user":{"id":"` + user + `","username":"x"},"roles":` + mustJSON(roles) + `},` +
		`"data":{"id":"c","name":"` + name + `","type":1,"options":` + opts + `}}`
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func decodeResponse(t *testing.T, w *httptest.ResponseRecorder) discordgo.InteractionResponse {
	t.Helper()
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	var resp discordgo.InteractionResponse
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &resp))
	return resp
}

func TestInteractionsVerification(t *testing.T) {
	t.Parallel()
	b := setupInteractions(t)
	ping := `{"id":"1","application_id":"app","type":1,"token":"t","version":1}`

	resp := decodeResponse(t, b.do(b.request(ping, b.now, b.priv)))
	require.Equal(t, discordgo.InteractionResponsePong, resp.Type)

	_, otherKey, err := ed25519.GenerateKey(nil)
	require.NoError(t, err)
	altered := httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(strings.Replace(ping, `"type":1`, `"type":2`, 1)))
	good := b.request(ping, b.now, b.priv)
	altered.Header = good.Header.Clone()

	noSig := b.request(ping, b.now, b.priv)
	noSig.Header.Del("X-Signature-Ed25519")
	noTS := b.request(ping, b.now, b.priv)
	noTS.Header.Del("X-Signature-Timestamp")
	badHex := b.request(ping, b.now, b.priv)
	badHex.Header.Set("X-Signature-Ed25519", "zz")
	// A signature made for another timestamp than the header's.
	swapped := b.request(ping, b.now, b.priv)
	swapped.Header.Set("X-Signature-Timestamp", strconv.FormatInt(b.now.Unix()-1, 10))

	for name, r := range map[string]*http.Request{
		"wrong key":         b.request(ping, b.now, otherKey),
		"altered body":      altered,
		"stale timestamp":   b.request(ping, b.now.Add(-MaxTimestampSkew-time.Second), b.priv),
		"future timestamp":  b.request(ping, b.now.Add(MaxTimestampSkew+time.Second), b.priv),
		"missing signature": noSig,
		"missing timestamp": noTS,
		"malformed sig":     badHex,
		"swapped timestamp": swapped,
		"no headers at all": httptest.NewRequest(http.MethodPost, "/discord/interactions", strings.NewReader(ping)),
	} {
		t.Run(name, func(t *testing.T) {
			w := b.do(r)
			require.Equal(t, http.StatusUnauthorized, w.Code)
		})
	}
	// Within the allowed skew is accepted.
	resp = decodeResponse(t, b.do(b.request(ping, b.now.Add(-MaxTimestampSkew+time.Second), b.priv)))
	require.Equal(t, discordgo.InteractionResponsePong, resp.Type)
}

func TestInteractionsCommands(t *testing.T) {
	t.Parallel()
	b := setupInteractions(t)
	ctx := t.Context()

	// /link answers ephemerally with a single-use link to the link page.
	resp := decodeResponse(t, b.do(b.request(command("link", "811", nil, ""), b.now, b.priv)))
	require.Equal(t, discordgo.InteractionResponseChannelMessageWithSource, resp.Type)
	require.Equal(t, discordgo.MessageFlagsEphemeral, resp.Data.Flags)
	_, after, ok := strings.Cut(resp.Data.Content, "https://beckon.example/link?token=")
	require.True(t, ok, resp.Data.Content)
	token := strings.Fields(after)[0]

	// Unlinked members are told to link.
	resp = decodeResponse(t, b.do(b.request(command("points", "811", nil, ""), b.now, b.priv)))
	require.Contains(t, resp.Data.Content, "not linked")

	// The link page redeems the token for the contact that signed.
	var contact int64
	require.NoError(t, b.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		contact, _, err = crm.EnsureWallet(ctx, tx, common.HexToAddress("0x00000000000000000000000000000000000000a1"))
		require.NoError(t, err)
		_, err = community.RedeemLinkToken(ctx, tx, token, contact, b.now)
		return err
	}))

	// Admin commands need the admin role.
	award := command("award", "811", []string{"member"}, `[{"name":"user","type":6,"value":"811"},{"name":"amount","type":4,"value":150},{"name":"reason","type":3,"value":"AMA host"}]`)
	resp = decodeResponse(t, b.do(b.request(award, b.now, b.priv)))
	require.Equal(t, "This command is for admins only.", resp.Data.Content)
	award = command("award", "811", []string{"admin-role"}, `[{"name":"user","type":6,"value":"811"},{"name":"amount","type":4,"value":150},{"name":"reason","type":3,"value":"AMA host"}]`)
	resp = decodeResponse(t, b.do(b.request(award, b.now, b.priv)))
	require.Equal(t, "Awarded 150 points (AMA host).", resp.Data.Content)
	resp = decodeResponse(t, b.do(b.request(award, b.now, b.priv)))
	require.Equal(t, "Awarded 150 points (AMA host).", resp.Data.Content, "a redelivered interaction awards once")

	resp = decodeResponse(t, b.do(b.request(command("points", "811", nil, ""), b.now, b.priv)))
	require.Equal(t, "You have 150 points.", resp.Data.Content)
	resp = decodeResponse(t, b.do(b.request(command("rank", "811", nil, ""), b.now, b.priv)))
	require.Equal(t, "You are #1 with 150 points.", resp.Data.Content)
	resp = decodeResponse(t, b.do(b.request(command("leaderboard", "811", nil, ""), b.now, b.priv)))
	require.Equal(t, "Leaderboard\n1. 0x0000…00A1 — 150 points", resp.Data.Content)
	require.Zero(t, resp.Data.Flags, "the leaderboard is public")

	revoke := command("revoke", "811", []string{"admin-role"}, `[{"name":"user","type":6,"value":"811"},{"name":"amount","type":4,"value":50}]`)
	resp = decodeResponse(t, b.do(b.request(revoke, b.now, b.priv)))
	require.Equal(t, "Revoked 50 points (revoke by discord admin).", resp.Data.Content)

	seg := command("segment", "811", []string{"admin-role"}, `[{"name":"size","type":1,"options":[{"name":"name","type":3,"value":"whales"}]}]`)
	resp = decodeResponse(t, b.do(b.request(seg, b.now, b.priv)))
	require.Equal(t, "Segments are not configured.", resp.Data.Content)

	resp = decodeResponse(t, b.do(b.request(command("rewards", "811", nil, ""), b.now, b.priv)))
	require.Equal(t, "Rewards are not configured.", resp.Data.Content)
	resp = decodeResponse(t, b.do(b.request(command("quests", "811", nil, ""), b.now, b.priv)))
	require.Equal(t, "No quests are running.", resp.Data.Content)

	resp = decodeResponse(t, b.do(b.request(command("unlink", "811", nil, ""), b.now, b.priv)))
	require.Contains(t, resp.Data.Content, "unlinked")
	resp = decodeResponse(t, b.do(b.request(command("points", "811", nil, ""), b.now, b.priv)))
	require.Contains(t, resp.Data.Content, "not linked")

	// Malformed JSON with a valid signature is a 400, not a crash.
	w := b.do(b.request("{", b.now, b.priv))
	require.Equal(t, http.StatusBadRequest, w.Code)
}

type reportSyncer struct{ rep community.SyncReport }

func (s reportSyncer) SyncUser(context.Context, string, string) error { return nil }
func (s reportSyncer) SyncAll(_ context.Context, dryRun bool) (community.SyncReport, error) {
	r := s.rep
	r.DryRun = dryRun
	return r, nil
}

// TestSyncRolesDeferred: /sync-roles is answered at once with a deferred
// response, and the report is edited in when reconciliation finishes.
func TestSyncRolesDeferred(t *testing.T) {
	t.Parallel()
	c, f := newTestClient(t)
	bot := &community.Bot{Roles: reportSyncer{community.SyncReport{Checked: 3, Changes: []community.RoleChange{{Add: true}}}}}
	cmds := &Commands{Bot: bot, AdminRole: "admin-role", Session: c.Session()}
	var in discordgo.Interaction
	require.NoError(t, json.Unmarshal([]byte(command("sync-roles", "811", []string{"admin-role"}, "")), &in))
	resp := cmds.Respond(t.Context(), &in)
	require.Equal(t, discordgo.InteractionResponseDeferredChannelMessageWithSource, resp.Type)
	require.Equal(t, discordgo.MessageFlagsEphemeral, resp.Data.Flags)
	require.Eventually(t, func() bool {
		f.mu.Lock()
		defer f.mu.Unlock()
		return len(f.messages) == 1
	}, 5*time.Second, 10*time.Millisecond)
	require.Equal(t, []string{"PATCH " + apiPrefix + "webhooks/app/t/messages/@original"}, f.routes())
	f.mu.Lock()
	require.Equal(t, "edit @original: Checked 3 members: 1 roles added, 0 removed.", f.messages[0])
	f.mu.Unlock()

	// Non-admins are refused at once, without a deferral.
	require.NoError(t, json.Unmarshal([]byte(command("sync-roles", "812", nil, "")), &in))
	resp = cmds.Respond(t.Context(), &in)
	require.Equal(t, discordgo.InteractionResponseChannelMessageWithSource, resp.Type)
	require.Equal(t, "This command is for admins only.", resp.Data.Content)
}
