package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/community/discord/discordtest"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/store"
)

// discordAPI is the fake Discord every test of this package talks to;
// discordgo's endpoints are package variables, so they are set once here.
var discordAPI *discordtest.Server

func TestMain(m *testing.M) {
	discordAPI = discordtest.NewServer()
	discordAPI.PointDiscordgo()
	code := m.Run()
	discordAPI.Close()
	os.Exit(code)
}

const (
	e2eGuild   = "900000000000000001"
	passRole   = "900000000000000200"
	stakerRole = "900000000000000201"
)

// TestRolesFollowTheChain runs Beckon on a simulated chain against the fake
// Discord: roles come with a mint and a stake, go with an unstake and with
// a reorg that orphans the qualifying mint, and reconciliation repairs
// hand edits and forgets members who left.
func TestRolesFollowTheChain(t *testing.T) {
	ctx := t.Context()
	token := "e2e-roles"
	fake := discordAPI.Fake(token)
	t.Cleanup(func() { discordAPI.Remove(token) })
	fake.RateLimitNext(1) // the first role change meets a 429 and must still land

	d, err := newDemo(ctx, demoOptions{
		// Roles only: without the demo's flows no flow step competes with
		// the role jobs for workers, so the latency measured is the roles'.
		Dir: t.TempDir(), Wallets: 2, NoFlows: true,
		Configure: func(c *Config) {
			c.Discord.Roles["Pass"] = passRole
			c.Discord.Roles["Staker"] = stakerRole
			c.Community.RoleRules = []community.RoleRule{
				{Role: "Pass", Holds: &community.Threshold{Contract: "beckon-pass", Min: "1"}},
				{Role: "Staker", Staked: &community.Threshold{Contract: "beckon-vault", Min: "60000000000000000000"}},
			}
		},
		Getenv: mapEnv(map[string]string{"DISCORD_TOKEN": token}),
	})
	require.NoError(t, err)
	t.Cleanup(d.close)

	link := func(i int, user string) {
		require.NoError(t, d.app.db.InTx(ctx, func(tx *store.Tx) error {
			id, _, err := crm.EnsureWallet(ctx, tx, d.wallet(i))
			if err != nil {
				return err
			}
			_, err = crm.Link(ctx, tx, id, crm.Identity{Kind: crm.IdentityDiscord, Value: user})
			return err
		}))
	}
	link(0, "u0")
	late := d.opts.Wallets
	link(late, "ulate")
	has := func(user, role string) func() bool { return func() bool { return fake.HasRole(user, role) } }
	lacks := func(user, role string) func() bool { return func() bool { return !fake.HasRole(user, role) } }

	// A mint grants the holder role within 2 s of being indexed.
	require.NoError(t, d.each(ctx, "mint", []int{0}, func(o *bind.TransactOpts, _ int) (*types.Transaction, error) { return d.c.MintPass(o) }))
	require.NoError(t, d.mine(ctx, 0))
	require.Eventually(t, has("u0", passRole), 2*time.Second, 10*time.Millisecond, "role after mint")
	require.False(t, fake.HasRole("u0", stakerRole))

	// Staking 100 grants the staker role; unstaking to 50 (< 60) takes it.
	amount := new(big.Int).Mul(big.NewInt(100), big.NewInt(1e18))
	o, err := d.ownerTx(ctx)
	require.NoError(t, err)
	tx, err := d.c.MintToken(o, d.wallet(0), amount)
	require.NoError(t, err)
	d.sent("fund", tx)
	require.NoError(t, d.commit(ctx))
	require.NoError(t, d.each(ctx, "approve", []int{0}, func(o *bind.TransactOpts, _ int) (*types.Transaction, error) {
		return d.c.Approve(o, d.addrs.Vault, amount)
	}))
	require.NoError(t, d.commit(ctx))
	require.NoError(t, d.each(ctx, "stake", []int{0}, func(o *bind.TransactOpts, _ int) (*types.Transaction, error) { return d.c.Stake(o, amount) }))
	require.NoError(t, d.mine(ctx, 0))
	require.Eventually(t, has("u0", stakerRole), 10*time.Second, 10*time.Millisecond, "role after stake")
	require.NoError(t, d.each(ctx, "unstake", []int{0}, func(o *bind.TransactOpts, _ int) (*types.Transaction, error) {
		return d.c.Unstake(o, new(big.Int).Div(amount, big.NewInt(2)))
	}))
	require.NoError(t, d.mine(ctx, 0))
	require.Eventually(t, lacks("u0", stakerRole), 15*time.Second, 10*time.Millisecond, "role removed after unstake")
	require.True(t, fake.HasRole("u0", passRole), "the holder role stays")

	// A mint that a reorg orphans: the role comes, then goes again.
	parent, err := d.client.HeaderByNumber(ctx, nil)
	require.NoError(t, err)
	o, err = d.tx(ctx, late)
	require.NoError(t, err)
	mintTx, err := d.c.MintPass(o)
	require.NoError(t, err)
	require.NoError(t, d.mine(ctx, 0))
	require.Eventually(t, has("ulate", passRole), 10*time.Second, 10*time.Millisecond, "role after the late mint")

	require.NoError(t, d.backend.Fork(parent.Hash()))
	replacement, err := types.SignNewTx(d.wallets[late], types.LatestSignerForChainID(big.NewInt(demoChainID)), &types.DynamicFeeTx{
		ChainID: big.NewInt(demoChainID), Nonce: mintTx.Nonce(), To: ptr(d.wallet(late)), Gas: 21000,
		GasTipCap: new(big.Int).Mul(mintTx.GasTipCap(), big.NewInt(10)), GasFeeCap: new(big.Int).Mul(mintTx.GasFeeCap(), big.NewInt(10)),
	})
	require.NoError(t, err)
	require.Eventually(t, func() bool { return d.client.SendTransaction(ctx, replacement) == nil }, 5*time.Second, 20*time.Millisecond)
	require.Eventually(t, func() bool {
		_, pending, err := d.client.TransactionByHash(ctx, replacement.Hash())
		return err == nil && pending
	}, 5*time.Second, 10*time.Millisecond)
	d.sent("replacement of the late mint", replacement)
	require.NoError(t, d.commit(ctx))
	require.NoError(t, d.mine(ctx, 1))
	require.Eventually(t, lacks("ulate", passRole), 15*time.Second, 10*time.Millisecond, "role removed after the reorg")

	var lateChanges []bool
	for _, c := range fake.Changes() {
		require.Equal(t, e2eGuild, c.Guild)
		if c.User == "ulate" && c.Role == passRole {
			lateChanges = append(lateChanges, c.Add)
		}
	}
	require.Equal(t, []bool{true, false}, lateChanges)

	// Reconciliation: a moderator took the role by hand; the dry run only
	// reports, the real run restores it.
	fake.SetRoles("u0")
	rep, err := d.app.comm.syncer.Reconcile(ctx, true)
	require.NoError(t, err)
	require.True(t, rep.DryRun)
	require.Len(t, rep.Changes, 1)
	require.Equal(t, community.RoleChange{Platform: "discord", Scope: e2eGuild, UserID: "u0", Role: passRole, Add: true,
		ContactID: rep.Changes[0].ContactID, Reason: "qualifies for Pass"}, rep.Changes[0])
	require.NotZero(t, rep.Changes[0].ContactID)
	require.False(t, fake.HasRole("u0", passRole), "a dry run changes nothing")
	rep, err = d.app.comm.syncer.Reconcile(ctx, false)
	require.NoError(t, err)
	require.True(t, fake.HasRole("u0", passRole))
	rep, err = d.app.comm.syncer.Reconcile(ctx, true)
	require.NoError(t, err)
	require.Empty(t, rep.Changes, "nothing left to fix")

	// A role held and due but missing from the record is adopted, so a
	// later event-driven sync can take it away.
	grants := func() []community.Grant {
		var gs []community.Grant
		require.NoError(t, d.app.db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			gs, err = tx.UserGrants(ctx, community.PlatformDiscord, e2eGuild, "u0")
			return err
		}))
		return gs
	}
	require.NoError(t, d.app.db.InTx(ctx, func(tx *store.Tx) error {
		return tx.DeleteGrant(ctx, community.PlatformDiscord, e2eGuild, "u0", passRole)
	}))
	require.Empty(t, grants())
	_, err = d.app.comm.syncer.Reconcile(ctx, false)
	require.NoError(t, err)
	require.Len(t, grants(), 1)
	require.Equal(t, passRole, grants()[0].Name)

	// A member who left: their grants are forgotten.
	fake.Leave("u0")
	rep, err = d.app.comm.syncer.Reconcile(ctx, false)
	require.NoError(t, err)
	require.Len(t, rep.Changes, 1)
	require.Equal(t, "member left the server", rep.Changes[0].Reason)
	require.NoError(t, d.app.db.InTx(ctx, func(tx *store.Tx) error {
		gs, err := tx.Grants(ctx, community.PlatformDiscord, e2eGuild)
		require.NoError(t, err)
		require.Empty(t, gs)
		return nil
	}))
}

func TestCommunityConfigErrorsNameTheField(t *testing.T) {
	cfg, err := LoadConfig(exampleConfig, mapEnv(nil))
	require.NoError(t, err)
	rules, err := cfg.validateCommunity()
	require.NoError(t, err, "the example is valid")
	require.Equal(t, []string{"Holder", "Staker"}, rules.Roles())

	for _, tc := range []struct {
		field  string
		change func(c *Config)
	}{
		{"community.role_rules.0.holds.contract", func(c *Config) { c.Community.RoleRules[0].Holds.Contract = "nope" }},
		{"community.role_rules.0.holds.min", func(c *Config) { c.Community.RoleRules[0].Holds.Min = "-1" }},
		{"community.role_rules.2.when", func(c *Config) { c.Community.RoleRules[2].When = "contact.points >" }},
		{"community.role_rules.1.staked.contract", func(c *Config) { c.Community.RoleRules[1].Staked.Contract = "genesis-pass" }},
		{"community.role_rules.0.segment", func(c *Config) { c.Community.RoleRules[0].Segment = "whales" }},
		{"community.role_rules.0.role", func(c *Config) {
			c.Community.RoleRules[0] = community.RoleRule{Role: "Holder"}
		}},
		{"telegram.chats.0.role", func(c *Config) { c.Telegram.Chats[0].Role = "Nobody" }},
		{"telegram.chats.0.grace_period", func(c *Config) { c.Telegram.Chats[0].GracePeriod = "soon" }},
		{"telegram.mode", func(c *Config) { c.Telegram.Mode = "carrier-pigeon" }},
		{"discord.interactions", func(c *Config) { c.Discord.Interactions = "smoke" }},
		{"discord.public_key", func(c *Config) { c.Discord.PublicKey = "abc" }},
		{"community.link_ttl", func(c *Config) { c.Community.LinkTTL = "-5m" }},
		{"discord.guild_id", func(c *Config) { c.Discord.GuildID = "" }},
	} {
		t.Run(tc.field, func(t *testing.T) {
			cfg, err := LoadConfig(exampleConfig, mapEnv(nil))
			require.NoError(t, err)
			tc.change(cfg)
			_, err = cfg.validateCommunity()
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			require.Equal(t, tc.field, ce.Field, err.Error())
		})
	}
}

const syncRolesConfig = `
discord:
  guild_id: "g1"
  roles: { Pass: "r-pass" }
chains:
  - { name: test, chain_id: 1337, rpc: ["http://127.0.0.1:1"] }
contracts:
  - { name: pass, chain: test, address: "0x0000000000000000000000000000000000000001", kind: erc721 }
community:
  role_rules:
    - { role: Pass, holds: { contract: pass, min: "1" } }
`

// TestCLISyncRoles: without a token the reconciliation runs against the
// log sink; a linked member holding nothing loses the role a previous
// grant recorded, and --dry-run only reports it.
func TestCLISyncRoles(t *testing.T) {
	dir := t.TempDir()
	cfgFile := writeFile(t, "beckon.yaml", syncRolesConfig)
	cfg, err := LoadConfig(cfgFile, noEnv)
	require.NoError(t, err)
	ctx := t.Context()
	db, err := openStore(ctx, cfg, dir, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.NoError(t, db.InTx(ctx, func(tx *store.Tx) error {
		id, _, err := tx.ContactForIdentity(ctx, crm.Identity{Kind: crm.IdentityDiscord, Value: "u1"})
		if err != nil {
			return err
		}
		return tx.PutGrant(ctx, community.Grant{Platform: community.PlatformDiscord, Scope: "g1", UserID: "u1", Name: "r-pass", ContactID: id})
	}))
	require.NoError(t, db.Close())

	code, out, errOut := runCLI(t, "community", "sync-roles", "--config", cfgFile, "--data-dir", dir, "--dry-run", "--json")
	require.Equal(t, 0, code, errOut)
	var rep community.SyncReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.True(t, rep.DryRun)
	require.Equal(t, 1, rep.Checked)
	require.Len(t, rep.Changes, 1)
	require.Equal(t, "r-pass", rep.Changes[0].Role)
	require.False(t, rep.Changes[0].Add)

	code, out, errOut = runCLI(t, "community", "sync-roles", "--config", cfgFile, "--data-dir", dir)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "remove discord g1 u1 r-pass: no longer qualifies for Pass")
	require.Contains(t, out, "Checked 1 members: 0 roles added, 1 removed.")
	log, err := os.ReadFile(filepath.Join(dir, "community.log"))
	require.NoError(t, err)
	require.Contains(t, string(log), `"kind":"role_remove","target":"u1","guild":"g1","role":"r-pass"`)

	code, out, _ = runCLI(t, "community", "sync-roles", "--config", cfgFile, "--data-dir", dir, "--dry-run")
	require.Equal(t, 0, code)
	require.Contains(t, out, "Dry run: checked 1 members; 0 roles to add, 0 to remove.")

	code, _, _ = runCLI(t, "community")
	require.Equal(t, exitUsage, code)
	code, _, _ = runCLI(t, "community", "sync-roles", "--bogus")
	require.Equal(t, exitUsage, code)
}

// TestCLIInviteLink creates a join-request invite link through a fake Bot
// API named by telegram.api_endpoint.
func TestCLIInviteLink(t *testing.T) {
	var calls []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		mu.Lock()
		calls = append(calls, r.URL.Path+" "+r.PostForm.Encode())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/botTG-TOKEN/getMe":
			_, _ = w.Write([]byte(`{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"Beckon","username":"beckon_bot"}}`))
		case "/botTG-TOKEN/createChatInviteLink":
			_, _ = w.Write([]byte(`{"ok":true,"result":{"invite_link":"https://t.me/+Gated","creator":{"id":1,"is_bot":true,"first_name":"Beckon"},"creates_join_request":true,"is_primary":false,"is_revoked":false}}`))
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"ok":false,"error_code":404,"description":"Not Found"}`))
		}
	}))
	t.Cleanup(srv.Close)
	cfgFile := writeFile(t, "beckon.yaml", syncRolesConfig+`
telegram:
  api_endpoint: "`+srv.URL+`/bot%s/%s"
  chats:
    - { chat_id: "-100777", role: Pass, grace_period: 1h }
`)
	dir := t.TempDir()
	var out, errb bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errb, Getenv: mapEnv(map[string]string{"TELEGRAM_TOKEN": "TG-TOKEN"})}
	code := m.Run(t.Context(), []string{"community", "invite-link", "--config", cfgFile, "--data-dir", dir, "--chat", "-100777"})
	require.Equal(t, 0, code, errb.String())
	require.Equal(t, "https://t.me/+Gated\n", out.String())
	mu.Lock()
	require.Contains(t, calls, "/botTG-TOKEN/createChatInviteLink chat_id=-100777&creates_join_request=true&name=beckon")
	mu.Unlock()

	code, _, _ = runCLI(t, "community", "invite-link", "--config", cfgFile, "--data-dir", dir, "--chat", "-1")
	require.Equal(t, exitUsage, code, "not a gated chat")
	code, _, errOut := runCLI(t, "community", "invite-link", "--config", cfgFile, "--data-dir", dir, "--chat", "-100777")
	require.Equal(t, exitFailure, code)
	require.Contains(t, errOut, "TELEGRAM_TOKEN holds no Telegram bot token")
}
