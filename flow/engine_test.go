package flow_test

import (
	"context"
	"crypto/ecdsa"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/crm/email"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

const (
	testChainID  = uint64(1337)
	testFlowName = "holder-welcome"
	bonusPoints  = 50
	waitTimeout  = 15 * time.Second
)

var passContract = common.HexToAddress("0x5000000000000000000000000000000000000a55")

// holderFlow is the flow every engine test runs. The wait step is optional
// because River only promotes scheduled jobs every few seconds.
func holderFlow(t *testing.T, withWait bool) *flow.Definition {
	t.Helper()
	wait := ""
	if withWait {
		wait = "  - wait: 1s\n"
	}
	src := `name: ` + testFlowName + `
trigger: { event: mint, contract: pass }
confirmations: 2
reentry: once
steps:
  - award_points: { amount: 100, reason: pass minted }
  - email: { template: welcome }
  - discord_role: { add: Holder }
  - telegram_message:
      channel: "-100777"
      text: 'Holder {{ .Contact.id }} joined {{ .Flow }}'
` + wait + `  - if: 'contact.points >= 100'
    then:
      - award_points: { amount: ` + strconv.Itoa(bonusPoints) + `, reason: early holder bonus }
`
	def, err := flow.Parse("holder-welcome.yaml", []byte(src))
	require.NoError(t, err)
	return def
}

// stepPaths lists every step path of holderFlow.
func stepPaths(withWait bool) []string {
	if withWait {
		return []string{"0", "1", "2", "3", "4", "5", "5.then.0"}
	}
	return []string{"0", "1", "2", "3", "4", "4.then.0"}
}

// sentMail counts every Send call, on top of the outbox, which replaces a
// message with the same ID and so would hide a second delivery.
type sentMail struct {
	outbox *email.Outbox
	mu     sync.Mutex
	sent   []email.Message
}

func (m *sentMail) Send(ctx context.Context, msg email.Message) error {
	m.mu.Lock()
	m.sent = append(m.sent, msg)
	m.mu.Unlock()
	return m.outbox.Send(ctx, msg)
}

func (m *sentMail) to(addr string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, msg := range m.sent {
		if msg.To == addr {
			n++
		}
	}
	return n
}

func (m *sentMail) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.sent)
}

// actionLog records every community action without de-duplicating by key.
type actionLog struct {
	mu      sync.Mutex
	actions []community.Action
}

func (l *actionLog) Record(_ context.Context, a community.Action) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.actions = append(l.actions, a)
	return nil
}

func (l *actionLog) matching(keep func(community.Action) bool) []community.Action {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []community.Action
	for _, a := range l.actions {
		if keep(a) {
			out = append(out, a)
		}
	}
	return out
}

func (l *actionLog) count(platform string) int {
	return len(l.matching(func(a community.Action) bool { return a.Platform == platform }))
}

type holder struct {
	contactID int64
	wallet    common.Address
	email     string
	discord   string
	telegram  string
}

type harness struct {
	t       *testing.T
	ctx     context.Context
	db      *store.DB
	engine  *flow.Engine
	jobs    *river.Client[*sql.Tx]
	chain   *store.ChainStore
	mail    *sentMail
	actions *actionLog

	inserted []chain.Event // events the last Commit stored
}

func newHarness(t *testing.T, backend storetest.Backend, withWait bool) *harness {
	t.Helper()
	return newHarnessWith(t, backend, nil, holderFlow(t, withWait))
}

// newHarnessWith runs defs; configure, when set, adjusts the engine before
// the job client starts.
func newHarnessWith(t *testing.T, backend storetest.Backend, configure func(*flow.Engine), defs ...*flow.Definition) *harness {
	t.Helper()
	ctx := context.Background()
	db := backend.Open(t)
	outbox, err := email.NewOutbox(t.TempDir())
	require.NoError(t, err)
	templates, err := email.NewTemplates()
	require.NoError(t, err)
	h := &harness{t: t, ctx: ctx, db: db, mail: &sentMail{outbox: outbox}, actions: &actionLog{}}
	h.engine = &flow.Engine{
		Flows: defs,
		InTx: func(ctx context.Context, fn func(tx flow.Tx) error) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return fn(tx) })
		},
		Mail:         h.mail,
		Templates:    templates,
		From:         "Team <team@example.org>",
		Discord:      community.NewLogDiscord(h.actions),
		DiscordGuild: "900",
		Telegram:     community.NewLogTelegram(h.actions),
		DiscordRoles: map[string]string{"Holder": "42"},
		ConfirmWait:  200 * time.Millisecond,
	}
	if configure != nil {
		configure(h.engine)
	}
	workers := river.NewWorkers()
	h.engine.Workers(workers)
	client, err := db.JobClient(store.JobConfig{
		Workers:   workers,
		PollEvery: 50 * time.Millisecond,
		Logger:    slog.New(slog.DiscardHandler),
	})
	require.NoError(t, err)
	h.engine.Jobs = client
	h.jobs = client
	h.chain = &store.ChainStore{
		DB: db,
		OnEvents: func(ctx context.Context, tx *store.Tx, events []chain.Event) error {
			h.inserted = events
			return h.engine.EnqueueEvents(ctx, tx.SQL(), events)
		},
		OnRemoved: func(ctx context.Context, tx *store.Tx, events []chain.Event) error {
			return h.engine.EnqueueRemoved(ctx, tx.SQL(), events)
		},
	}
	require.NoError(t, client.Start(ctx))
	t.Cleanup(func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = client.Stop(stopCtx)
	})
	return h
}

// newHolder creates a contact with email, Discord and Telegram identities
// and a linked wallet.
func (h *harness) newHolder(name string) holder {
	h.t.Helper()
	hd := holder{
		wallet:   crypto.PubkeyToAddress(mustKey(h.t).PublicKey),
		email:    name + "@example.org",
		discord:  "d-" + name,
		telegram: "tg-" + name,
	}
	err := h.db.InTx(h.ctx, func(tx *store.Tx) error {
		id, _, err := tx.ContactForIdentity(h.ctx, crm.Identity{Kind: crm.IdentityEmail, Value: hd.email})
		if err != nil {
			return err
		}
		hd.contactID = id
		for _, ident := range []crm.Identity{
			{Kind: crm.IdentityWallet, Value: hd.wallet.Hex()},
			{Kind: crm.IdentityDiscord, Value: hd.discord},
			{Kind: crm.IdentityTelegram, Value: hd.telegram},
		} {
			if _, err := crm.Link(h.ctx, tx, id, ident); err != nil {
				return err
			}
		}
		return nil
	})
	require.NoError(h.t, err)
	return hd
}

func mustKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := crypto.GenerateKey()
	require.NoError(t, err)
	return k
}

func blockHash(n uint64) common.Hash {
	return crypto.Keccak256Hash([]byte(fmt.Sprintf("block-%d", n)))
}

func mintEvent(block uint64, logIndex uint, wallet common.Address) chain.Event {
	return chain.Event{
		ChainID:     testChainID,
		BlockNumber: block,
		BlockHash:   blockHash(block),
		TxHash:      crypto.Keccak256Hash([]byte(fmt.Sprintf("tx-%d-%d", block, logIndex))),
		LogIndex:    logIndex,
		Contract:    passContract,
		Source:      "pass",
		Kind:        chain.KindMint,
		Name:        "Transfer",
		Wallet:      wallet,
		Args:        map[string]string{"from": common.Address{}.Hex(), "to": wallet.Hex(), "tokenId": strconv.FormatUint(block*10+uint64(logIndex), 10)},
	}
}

// commit stores events of block (all at that height) with the checkpoint
// at block and returns the stored events with their IDs.
func (h *harness) commit(block uint64, events ...chain.Event) []chain.Event {
	h.t.Helper()
	h.inserted = nil
	err := h.chain.Commit(h.ctx, chain.Batch{
		ChainID:    testChainID,
		Events:     events,
		Headers:    []chain.Header{{Number: block, Hash: blockHash(block), ParentHash: blockHash(block - 1)}},
		Checkpoint: chain.Checkpoint{ChainID: testChainID, Number: block, Hash: blockHash(block)},
	})
	require.NoError(h.t, err)
	require.Len(h.t, h.inserted, len(events))
	return h.inserted
}

// waitFor polls cond until it holds or the deadline passes.
func (h *harness) waitFor(what string, cond func() (bool, error)) {
	h.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		ok, err := cond()
		require.NoError(h.t, err, what)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			require.FailNowf(h.t, "timed out", "waiting for %s; jobs:\n%s", what, h.describeJobs())
		}
		time.Sleep(25 * time.Millisecond)
	}
}

var pendingStates = []rivertype.JobState{
	rivertype.JobStateAvailable, rivertype.JobStateRunning, rivertype.JobStateRetryable,
	rivertype.JobStateScheduled, rivertype.JobStatePending,
}

// drain waits until no job is left to work, seen twice in a row. Workers
// enqueue follow-up jobs in the transaction of the work itself, so an empty
// queue means the engine is at rest.
func (h *harness) drain() {
	h.t.Helper()
	idleOnce := false
	h.waitFor("the job queue to drain", func() (bool, error) {
		res, err := h.jobs.JobList(h.ctx, river.NewJobListParams().States(pendingStates...))
		if err != nil {
			return false, err
		}
		if len(res.Jobs) > 0 {
			idleOnce = false
			return false, nil
		}
		if idleOnce {
			return true, nil
		}
		idleOnce = true
		time.Sleep(100 * time.Millisecond)
		return false, nil
	})
	res, err := h.jobs.JobList(h.ctx, river.NewJobListParams().States(rivertype.JobStateDiscarded, rivertype.JobStateCancelled))
	require.NoError(h.t, err)
	require.Empty(h.t, res.Jobs, "no job may be discarded or cancelled:\n%s", h.describeJobs())
}

func (h *harness) describeJobs() string {
	res, err := h.jobs.JobList(context.Background(), river.NewJobListParams().First(200))
	if err != nil {
		return "list jobs: " + err.Error()
	}
	var b strings.Builder
	for _, j := range res.Jobs {
		fmt.Fprintf(&b, "  #%d %s %s attempt=%d args=%s meta=%s", j.ID, j.Kind, j.State, j.Attempt, j.EncodedArgs, j.Metadata)
		for _, e := range j.Errors {
			fmt.Fprintf(&b, " err=%q", e.Error)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// snoozes reports how often the step job of run at step was snoozed.
func (h *harness) snoozes(runID int64, step string) (int, error) {
	res, err := h.jobs.JobList(h.ctx, river.NewJobListParams().Kinds(flow.StepArgs{}.Kind()).First(200))
	if err != nil {
		return 0, err
	}
	total := 0
	for _, j := range res.Jobs {
		var args flow.StepArgs
		if err := json.Unmarshal(j.EncodedArgs, &args); err != nil {
			return 0, err
		}
		if args.RunID != runID || args.Step != step {
			continue
		}
		var meta struct {
			Snoozes int `json:"snoozes"`
		}
		if len(j.Metadata) > 0 {
			if err := json.Unmarshal(j.Metadata, &meta); err != nil {
				return 0, err
			}
		}
		total += meta.Snoozes
	}
	return total, nil
}

func (h *harness) balance(contactID int64) int64 {
	h.t.Helper()
	var n int64
	require.NoError(h.t, h.db.InTx(h.ctx, func(tx *store.Tx) (err error) {
		n, err = tx.Balance(h.ctx, contactID)
		return err
	}))
	return n
}

func (h *harness) runsOf(ev chain.Event) []flow.Run {
	h.t.Helper()
	var runs []flow.Run
	require.NoError(h.t, h.db.InTx(h.ctx, func(tx *store.Tx) (err error) {
		runs, err = tx.RunsByEvent(h.ctx, ev.ID)
		return err
	}))
	return runs
}

func (h *harness) run(id int64) flow.Run {
	h.t.Helper()
	var r flow.Run
	require.NoError(h.t, h.db.InTx(h.ctx, func(tx *store.Tx) (err error) {
		r, err = tx.Run(h.ctx, id)
		return err
	}))
	return r
}

// onlyRun waits for the single run an event starts.
func (h *harness) onlyRun(ev chain.Event) flow.Run {
	h.t.Helper()
	h.waitFor("a run for the event", func() (bool, error) { return len(h.runsOf(ev)) > 0, nil })
	runs := h.runsOf(ev)
	require.Len(h.t, runs, 1)
	require.Equal(h.t, testFlowName, runs[0].Flow)
	return runs[0]
}

func (h *harness) waitRunStatus(id int64, status string) flow.Run {
	h.t.Helper()
	h.waitFor("run "+strconv.FormatInt(id, 10)+" to be "+status, func() (bool, error) {
		return h.run(id).Status == status, nil
	})
	return h.run(id)
}

func (h *harness) count(query string, args ...any) int64 {
	h.t.Helper()
	var n int64
	require.NoError(h.t, h.db.SQL.QueryRowContext(h.ctx, query, args...).Scan(&n))
	return n
}

func (h *harness) effectStatuses(runID int64) map[string]string {
	h.t.Helper()
	rows, err := h.db.SQL.QueryContext(h.ctx, `SELECT step, status FROM flow_effects WHERE run_id = $1`, runID)
	require.NoError(h.t, err)
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var step, status string
		require.NoError(h.t, rows.Scan(&step, &status))
		out[step] = status
	}
	require.NoError(h.t, rows.Err())
	return out
}

// snapshot is everything a repeated job must leave unchanged.
type snapshot struct {
	sent, discord, telegram int
	ledger, runs, effects   int64
	balance                 int64
}

func (h *harness) snapshot(contactID int64) snapshot {
	h.t.Helper()
	return snapshot{
		sent:     h.mail.count(),
		discord:  h.actions.count(community.PlatformDiscord),
		telegram: h.actions.count(community.PlatformTelegram),
		ledger:   h.count(`SELECT COUNT(*) FROM points_ledger`),
		runs:     h.count(`SELECT COUNT(*) FROM flow_runs`),
		effects:  h.count(`SELECT COUNT(*) FROM flow_effects`),
		balance:  h.balance(contactID),
	}
}

func forEachBackend(t *testing.T, fn func(t *testing.T, backend storetest.Backend)) {
	for _, backend := range storetest.Backends(t) {
		t.Run(backend.Name, func(t *testing.T) { fn(t, backend) })
	}
}

// TestEngineConfirmationPolicy checks that reversible steps run at once
// while irreversible ones wait for the flow's confirmations, and that the
// finished run does not repeat any effect when its jobs are delivered again.
func TestEngineConfirmationPolicy(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		h := newHarness(t, backend, true)
		alice := h.newHolder("alice")

		ev := h.commit(100, mintEvent(100, 0, alice.wallet))[0]
		run := h.onlyRun(ev)
		require.Equal(t, alice.contactID, run.ContactID)

		// Points are reversible and come at once; the email step waits.
		h.waitFor("the mint points", func() (bool, error) { return h.balance(alice.contactID) == 100, nil })
		h.waitFor("the email step to be re-checked", func() (bool, error) {
			n, err := h.snoozes(run.ID, "1")
			return n >= 2, err
		})
		run = h.run(run.ID)
		require.Equal(t, "1", run.Step)
		require.Contains(t, []string{flow.RunRunning, flow.RunWaiting}, run.Status)
		require.Zero(t, h.mail.count())
		require.Zero(t, h.actions.count(community.PlatformDiscord))
		require.Zero(t, h.actions.count(community.PlatformTelegram))

		// One confirmation is not enough.
		h.commit(101)
		before, err := h.snoozes(run.ID, "1")
		require.NoError(t, err)
		h.waitFor("the email step to be re-checked at one confirmation", func() (bool, error) {
			n, err := h.snoozes(run.ID, "1")
			return n >= before+2, err
		})
		require.Zero(t, h.mail.count())
		require.Equal(t, "1", h.run(run.ID).Step)

		// Two confirmations let the run finish.
		h.commit(102)
		run = h.waitRunStatus(run.ID, flow.RunCompleted)
		require.Empty(t, run.Error)

		files, err := h.mail.outbox.List()
		require.NoError(t, err)
		require.Len(t, files, 1)
		require.Equal(t, 1, h.mail.to(alice.email))

		discord := h.actions.matching(func(a community.Action) bool { return a.Platform == community.PlatformDiscord })
		require.Len(t, discord, 1)
		require.Equal(t, community.KindRoleAdd, discord[0].Kind)
		require.Equal(t, alice.discord, discord[0].Target)
		require.Equal(t, "42", discord[0].Role)
		require.Equal(t, "900", discord[0].Guild)

		telegram := h.actions.matching(func(a community.Action) bool { return a.Platform == community.PlatformTelegram })
		require.Len(t, telegram, 1)
		require.Equal(t, "-100777", telegram[0].Target)
		require.Equal(t, fmt.Sprintf("Holder %d joined %s", alice.contactID, testFlowName), telegram[0].Text)

		require.Equal(t, int64(100+bonusPoints), h.balance(alice.contactID))
		effects := h.effectStatuses(run.ID)
		for _, step := range []string{"0", "1", "2", "3", "5.then.0"} {
			require.Equal(t, flow.EffectDone, effects[step], "effect of step %s", step)
		}
		h.drain()

		// Deliver every job of the run again, and the event job too.
		want := h.snapshot(alice.contactID)
		for _, step := range stepPaths(true) {
			_, err := h.jobs.Insert(h.ctx, flow.StepArgs{RunID: run.ID, Step: step}, nil)
			require.NoError(t, err)
		}
		_, err = h.jobs.Insert(h.ctx, flow.EventArgs{EventID: ev.ID}, nil)
		require.NoError(t, err)
		h.drain()

		require.Equal(t, want, h.snapshot(alice.contactID))
		require.Equal(t, int64(2), want.ledger)
		require.Equal(t, int64(1), want.runs)
		require.Equal(t, flow.RunCompleted, h.run(run.ID).Status)
		files, err = h.mail.outbox.List()
		require.NoError(t, err)
		require.Len(t, files, 1)
	})
}

// TestEngineRedeliveredStepSettles re-delivers a step while the run is
// again at it, as when a job is retried after its work committed: recorded
// effects are skipped, not repeated, and the run still completes.
func TestEngineRedeliveredStepSettles(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		h := newHarness(t, backend, false)
		bob := h.newHolder("bob")
		ev := h.commit(10, mintEvent(10, 0, bob.wallet))[0]
		h.commit(12)
		run := h.onlyRun(ev)
		h.waitRunStatus(run.ID, flow.RunCompleted)
		h.drain()
		want := h.snapshot(bob.contactID)
		require.Equal(t, 1, want.sent)
		require.Equal(t, int64(100+bonusPoints), want.balance)

		require.NoError(t, h.db.InTx(h.ctx, func(tx *store.Tx) error {
			return tx.UpdateRun(h.ctx, run.ID, flow.RunRunning, "0", "")
		}))
		_, err := h.jobs.Insert(h.ctx, flow.StepArgs{RunID: run.ID, Step: "0"}, nil)
		require.NoError(t, err)
		h.waitRunStatus(run.ID, flow.RunCompleted)
		h.drain()

		require.Equal(t, want, h.snapshot(bob.contactID))
		for step, status := range h.effectStatuses(run.ID) {
			require.Equal(t, flow.EffectDone, status, "effect of step %s", step)
		}
	})
}

// TestEngineClaimedEffectIsNotRepeated simulates a crash between claiming an
// effect and performing it: the effect may have happened, so the engine
// marks it uncertain, does not send, and moves the run on.
func TestEngineClaimedEffectIsNotRepeated(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		h := newHarness(t, backend, false)
		carol := h.newHolder("carol")
		dave := h.newHolder("dave")

		events := h.commit(20, mintEvent(20, 0, carol.wallet), mintEvent(20, 1, dave.wallet))
		carolRun := h.onlyRun(events[0])
		daveRun := h.onlyRun(events[1])
		require.NotEqual(t, carolRun.ID, daveRun.ID)

		h.waitFor("dave's run to reach the email step", func() (bool, error) {
			return h.run(daveRun.ID).Step == "1" && h.balance(dave.contactID) == 100, nil
		})
		require.NoError(t, h.db.InTx(h.ctx, func(tx *store.Tx) error {
			_, claimed, err := tx.ClaimEffect(h.ctx, flow.Effect{RunID: daveRun.ID, Step: "1", Kind: flow.StepEmail, Detail: "email welcome to " + dave.email})
			if err == nil && !claimed {
				err = fmt.Errorf("effect was already claimed")
			}
			return err
		}))

		h.commit(22)
		h.waitRunStatus(carolRun.ID, flow.RunCompleted)
		daveRun = h.waitRunStatus(daveRun.ID, flow.RunCompleted)
		h.drain()

		effects := h.effectStatuses(daveRun.ID)
		require.Equal(t, flow.EffectUncertain, effects["1"])
		require.Equal(t, flow.EffectDone, effects["2"])
		require.Equal(t, flow.EffectDone, effects["3"])
		require.Zero(t, h.mail.to(dave.email))
		require.Equal(t, 1, h.mail.to(carol.email))
		require.Equal(t, 1, h.mail.count())
		require.Len(t, h.actions.matching(func(a community.Action) bool { return a.Target == dave.discord }), 1)
		require.Equal(t, int64(100+bonusPoints), h.balance(dave.contactID))
		require.Equal(t, flow.EffectDone, h.effectStatuses(carolRun.ID)["1"])
	})
}

// TestEngineReorgCompensates removes a run's trigger event: its points are
// reversed once, the run is cancelled and nothing irreversible happens.
func TestEngineReorgCompensates(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		h := newHarness(t, backend, false)
		erin := h.newHolder("erin")

		ev := h.commit(30, mintEvent(30, 0, erin.wallet))[0]
		run := h.onlyRun(ev)
		h.waitFor("the mint points", func() (bool, error) { return h.balance(erin.contactID) == 100, nil })
		h.waitFor("the email step to wait for confirmations", func() (bool, error) {
			n, err := h.snoozes(run.ID, "1")
			return n >= 1, err
		})
		require.Equal(t, "1", h.run(run.ID).Step)

		require.NoError(t, h.chain.Rollback(h.ctx, testChainID, chain.Header{Number: 29, Hash: blockHash(29)}, 1))
		run = h.waitRunStatus(run.ID, flow.RunCancelled)
		h.waitFor("the points to be reversed", func() (bool, error) { return h.balance(erin.contactID) == 0, nil })

		// Far past the confirmations the orphaned run must still not act,
		// and a repeated compensation job must not reverse twice.
		h.commit(40)
		_, err := h.jobs.Insert(h.ctx, flow.RemovedArgs{EventID: ev.ID}, nil)
		require.NoError(t, err)
		h.drain()

		require.Equal(t, flow.RunCancelled, h.run(run.ID).Status)
		require.Equal(t, int64(0), h.balance(erin.contactID))
		require.Equal(t, int64(1), h.count(`SELECT COUNT(*) FROM points_ledger WHERE contact_id = $1 AND reverses IS NOT NULL`, erin.contactID))
		require.Equal(t, int64(1), h.count(`SELECT COUNT(*) FROM points_ledger WHERE contact_id = $1 AND reverses IS NULL`, erin.contactID))
		require.Equal(t, int64(-100), h.count(`SELECT COALESCE(SUM(amount), 0) FROM points_ledger WHERE contact_id = $1 AND reverses IS NOT NULL`, erin.contactID))
		require.Zero(t, h.mail.count())
		require.Zero(t, h.actions.count(community.PlatformDiscord))
		require.Zero(t, h.actions.count(community.PlatformTelegram))
		_, emailClaimed := h.effectStatuses(run.ID)["1"]
		require.False(t, emailClaimed)
	})
}

// TestEngineReentryOnce checks that a contact's second trigger event does
// not start the flow again, while another contact's does.
func TestEngineReentryOnce(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		h := newHarness(t, backend, false)
		frank := h.newHolder("frank")
		grace := h.newHolder("grace")

		first := h.commit(50, mintEvent(50, 0, frank.wallet))[0]
		h.commit(52)
		run := h.onlyRun(first)
		h.waitRunStatus(run.ID, flow.RunCompleted)
		h.drain()

		events := h.commit(53, mintEvent(53, 0, frank.wallet), mintEvent(53, 1, grace.wallet))
		h.commit(60)
		graceRun := h.onlyRun(events[1])
		h.waitRunStatus(graceRun.ID, flow.RunCompleted)
		h.drain()

		require.Empty(t, h.runsOf(events[0]))
		require.Equal(t, int64(1), h.count(`SELECT COUNT(*) FROM flow_runs WHERE contact_id = $1`, frank.contactID))
		require.Equal(t, int64(2), h.count(`SELECT COUNT(*) FROM flow_runs`))
		require.Equal(t, int64(100+bonusPoints), h.balance(frank.contactID))
		require.Equal(t, 1, h.mail.to(frank.email))
		require.Equal(t, 1, h.mail.to(grace.email))
	})
}
