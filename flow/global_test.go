package flow_test

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/stretchr/testify/require"

	"github.com/beckonhq/beckon/community"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
	"github.com/beckonhq/beckon/store/storetest"
)

// TestGlobalSchedule fires a global schedule: each firing starts one run
// for no contact that posts to a channel; the same firing delivered twice
// (a retried job, a second replica) is queued once and, queued anyway,
// starts nothing more.
func TestGlobalSchedule(t *testing.T) {
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		var hits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
		defer srv.Close()
		def := parseFlow(t, `name: weekly-post
trigger: {event: schedule, cron: '0 9 * * 1'}
when: 'event.kind == "schedule"'
steps:
  - discord_message: {channel: "c1", text: "leaderboard of {{.Event.at}}"}
  - webhook: {url: '`+srv.URL+`/hook'}
`)
		require.True(t, def.Global())
		h := newHarnessWith(t, backend, func(e *flow.Engine) {
			e.Webhook = flow.WebhookConfig{Secret: []byte("k"), AllowPrivate: true}
		}, def)
		h.newHolder("alice") // contacts exist, and get nothing
		monday := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
		// The periodic job's options: the same firing is queued once.
		unique := &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
		for i, at := range []time.Time{monday, monday, monday.AddDate(0, 0, 7)} {
			res, err := h.jobs.Insert(h.ctx, flow.ScheduleArgs{Flow: def.Name, At: at}, unique)
			require.NoError(t, err)
			require.Equal(t, i == 1, res.UniqueSkippedAsDuplicate)
		}
		// Queued again regardless (another leader's enqueuer): the firing
		// time in the trigger key still starts one run.
		_, err := h.jobs.Insert(h.ctx, flow.ScheduleArgs{Flow: def.Name, At: monday}, nil)
		require.NoError(t, err)
		h.waitFor("two completed runs", func() (bool, error) {
			runs := h.flowRuns(def.Name)
			return len(runs) == 2 && runs[0].Status == flow.RunCompleted && runs[1].Status == flow.RunCompleted, nil
		})
		time.Sleep(200 * time.Millisecond) // the duplicate firing had its chance
		runs := h.flowRuns(def.Name)
		require.Len(t, runs, 2)
		for _, r := range runs {
			require.Zero(t, r.ContactID, "a global run belongs to no contact")
		}
		posts := h.actions.matching(func(a community.Action) bool { return a.Channel == "c1" })
		texts := []string{}
		for _, p := range posts {
			texts = append(texts, p.Text)
		}
		require.ElementsMatch(t, []string{"leaderboard of 2026-11-23T09:00:00Z", "leaderboard of 2026-11-30T09:00:00Z"}, texts)
		require.EqualValues(t, 2, hits.Load())
	})
}

// TestGlobalScheduleRejectsContactSteps: a run for no contact cannot
// email, award points or wait for a contact's event.
func TestGlobalScheduleRejectsContactSteps(t *testing.T) {
	_, err := flow.Parse("g.yaml", []byte(`name: g
trigger: {event: schedule, cron: '@daily'}
reentry: always
steps:
  - email: {template: welcome}
  - award_points: {amount: 1}
  - discord_message: {text: hi}
  - wait: {event: vote, timeout: 1h}
  - webhook: {url: "https://example.org/x"}
`))
	require.Error(t, err)
	for _, want := range []string{"reentry: not allowed", "steps.0: email is not allowed", "steps.1: award_points is not allowed",
		"steps.2: discord_message needs a channel", "steps.3: wait for an event is not allowed"} {
		require.ErrorContains(t, err, want)
	}
	require.NotContains(t, err.Error(), "steps.4")
	_, err = flow.Parse("p.yaml", []byte(`name: p
trigger: {event: schedule, cron: '@daily', per_contact: true}
steps: [ { email: {template: welcome} } ]
`))
	require.NoError(t, err, "per-contact schedules run for a contact")
}

// TestSetFlowsDrains swaps the flows while workers run: a flow moved to
// draining starts no run, but its run under way still resumes and ends.
func TestSetFlowsDrains(t *testing.T) {
	def := parseFlow(t, `name: drain
trigger: {event: custom, name: go}
reentry: always
steps:
  - wait: {event: custom, timeout: 1h}
  - crm_update: {done: "yes"}
`)
	forEachBackend(t, func(t *testing.T, backend storetest.Backend) {
		h := newHarnessWith(t, backend, nil, def)
		alice := h.newHolder("alice")
		h.signal(func(tx *store.Tx) error { return h.engine.CustomEvent(h.ctx, tx, alice.contactID, "go", "k1", nil) })
		h.waitFor("the run to wait", func() (bool, error) {
			runs := h.flowRuns("drain")
			return len(runs) == 1 && runs[0].WaitEvent == "custom", nil
		})
		h.engine.SetFlows(nil, []*flow.Definition{def})
		require.Empty(t, h.engine.Definitions())
		h.signal(func(tx *store.Tx) error { return h.engine.CustomEvent(h.ctx, tx, alice.contactID, "go", "k2", nil) })
		h.waitFor("the draining run to finish", func() (bool, error) {
			runs := h.flowRuns("drain")
			return len(runs) == 1 && runs[0].Status == flow.RunCompleted, nil
		})
	})
}
