package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

// page is what the layout renders around a page's own content.
type page struct {
	Title    string
	Nav      string
	CSRF     string
	Who      string
	Segments bool
	Flash    string
	Data     any
}

var pageNames = []string{"login", "error", "indexers", "flows", "flow", "contacts", "contact", "leaderboard", "rewards", "segments"}

func (h *Handler) parseTemplates() error {
	funcs := template.FuncMap{
		"ago":  func(t time.Time) string { return ago(h.cfg.Now(), t) },
		"ts":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") },
		"pct":  pct,
		"addr": shortHex,
		"ms":   func(d time.Duration) string { return strconv.FormatInt(d.Milliseconds(), 10) },
	}
	h.pages = map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return fmt.Errorf("ui: parse template %s: %w", name, err)
		}
		h.pages[name] = t
	}
	return nil
}

// render writes a page; rendering into a buffer first means a template
// error yields a clean 500 instead of half a page.
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	if s, ok := r.Context().Value(ctxKey{}).(session); ok {
		p.CSRF, p.Who = h.csrfToken(s), s.Subject
		p.Segments = h.cfg.Segments != nil
	}
	if p.Nav == "" {
		p.Nav = name
	}
	var buf bytes.Buffer
	if err := h.pages[name].Execute(&buf, p); err != nil {
		h.cfg.Log.Error("render dashboard page", "page", name, "err", err)
		http.Error(w, "could not render the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

func (h *Handler) error(w http.ResponseWriter, r *http.Request, status int, msg string) {
	h.render(w, r, status, "error", page{Title: http.StatusText(status), Data: msg})
}

// failed reports a data source error; details go to the log only.
func (h *Handler) failed(w http.ResponseWriter, r *http.Request, what string, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	h.cfg.Log.Error("dashboard query", "what", what, "err", err)
	h.error(w, r, http.StatusInternalServerError, "Could not load "+what+".")
}

func ago(now, t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < 0:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	}
	return fmt.Sprintf("%dd ago", int(d.Hours()/24))
}

func pct(part, whole int64) string {
	if whole == 0 {
		return "–"
	}
	return strconv.FormatFloat(100*float64(part)/float64(whole), 'f', 1, 64) + "%"
}

func shortHex(s string) string {
	if len(s) > 14 && strings.HasPrefix(s, "0x") {
		return s[:8] + "…" + s[len(s)-4:]
	}
	return s
}

// indexerWindow is how far back events per second are measured.
const indexerWindow = 30 * time.Minute

type indexerView struct {
	Chain     Chain
	Status    store.IndexerStatus
	PerSecond string
	Spark     template.HTML
	Endpoints []chain.EndpointHealth
}

func (h *Handler) indexersPage(w http.ResponseWriter, r *http.Request) {
	var views []indexerView
	for _, c := range h.cfg.Chains {
		v := indexerView{Chain: c}
		if h.cfg.Indexers != nil {
			st, err := h.cfg.Indexers.IndexerStatus(r.Context(), c.ID, indexerWindow)
			if err != nil {
				h.failed(w, r, "indexer status", err)
				return
			}
			v.Status = st
			v.PerSecond = strconv.FormatFloat(float64(st.Recent)/indexerWindow.Seconds(), 'f', 2, 64)
			v.Spark = sparkline("events per minute, last 30 minutes", st.PerMinute)
		}
		if c.Endpoints != nil {
			v.Endpoints = c.Endpoints.Health()
		}
		views = append(views, v)
	}
	h.render(w, r, http.StatusOK, "indexers", page{Title: "Indexers", Data: views})
}

type flowRow struct {
	Name        string
	Description string
	Trigger     string
	Loaded      bool
	Summary     store.FlowSummary
	Bar         template.HTML
}

func (h *Handler) definitions() []*flow.Definition {
	if h.cfg.Definitions == nil {
		return nil
	}
	return h.cfg.Definitions()
}

func (h *Handler) definition(name string) *flow.Definition {
	for _, d := range h.definitions() {
		if d.Name == name {
			return d
		}
	}
	return nil
}

func (h *Handler) flowsPage(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Flows == nil {
		h.error(w, r, http.StatusNotFound, "Flows are not available.")
		return
	}
	sums, err := h.cfg.Flows.FlowSummaries(r.Context())
	if err != nil {
		h.failed(w, r, "flows", err)
		return
	}
	byName := map[string]store.FlowSummary{}
	for _, s := range sums {
		byName[s.Flow] = s
	}
	var rows []flowRow
	seen := map[string]bool{}
	for _, d := range h.definitions() {
		seen[d.Name] = true
		s := byName[d.Name]
		rows = append(rows, flowRow{Name: d.Name, Description: d.Description, Trigger: d.Trigger.Event, Loaded: true, Summary: s, Bar: statusBar(s.ByStatus)})
	}
	for _, s := range sums {
		if !seen[s.Flow] {
			rows = append(rows, flowRow{Name: s.Flow, Summary: s, Bar: statusBar(s.ByStatus)})
		}
	}
	perDay, err := h.cfg.Flows.FlowRunsPerDay(r.Context(), "", 14)
	if err != nil {
		h.failed(w, r, "flow activity", err)
		return
	}
	h.render(w, r, http.StatusOK, "flows", page{Title: "Flows", Data: struct {
		Flows []flowRow
		Chart template.HTML
	}{rows, dayChart("runs started per day, all flows", perDay)}})
}

func dayChart(title string, days []store.DayCount) template.HTML {
	labels := make([]string, len(days))
	values := make([]int64, len(days))
	for i, d := range days {
		labels[i], values[i] = d.Day.Format("01-02"), d.Count
	}
	return barChart(title, labels, values)
}

type flowView struct {
	Name        string
	Definition  *flow.Definition
	Summary     store.FlowSummary
	Diagram     template.HTML
	Chart       template.HTML
	Conversion  string
	Variants    []variantView
	Runs        []store.RunInfo
	Failures    []store.RunInfo
	CanRetry    bool
	StatusOrder []string
}

type variantView struct {
	Variant
	Rate string
}

func (h *Handler) flowPage(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Flows == nil {
		h.error(w, r, http.StatusNotFound, "Flows are not available.")
		return
	}
	ctx := r.Context()
	name := r.PathValue("name")
	def := h.definition(name)
	sums, err := h.cfg.Flows.FlowSummaries(ctx)
	if err != nil {
		h.failed(w, r, "flows", err)
		return
	}
	v := flowView{Name: name, Definition: def, CanRetry: h.cfg.Retrier != nil, StatusOrder: runStatuses}
	found := def != nil
	for _, s := range sums {
		if s.Flow == name {
			v.Summary, found = s, true
		}
	}
	if !found {
		h.error(w, r, http.StatusNotFound, "No flow named "+name+".")
		return
	}
	if v.Summary.ByStatus == nil {
		v.Summary.ByStatus = map[string]int64{}
	}
	if def != nil {
		counts, err := h.cfg.Flows.FlowStepCounts(ctx, name)
		if err != nil {
			h.failed(w, r, "step counts", err)
			return
		}
		v.Diagram = flowDiagram(def, counts, v.Summary.Total)
	}
	// A run converted when it went through every step to the end.
	v.Conversion = pct(v.Summary.ByStatus[flow.RunCompleted], v.Summary.Total)
	perDay, err := h.cfg.Flows.FlowRunsPerDay(ctx, name, 14)
	if err != nil {
		h.failed(w, r, "flow activity", err)
		return
	}
	v.Chart = dayChart("runs started per day", perDay)
	if h.cfg.Experiments != nil {
		vs, err := h.cfg.Experiments.FlowVariants(ctx, name)
		if err != nil {
			h.failed(w, r, "A/B results", err)
			return
		}
		for _, x := range vs {
			v.Variants = append(v.Variants, variantView{Variant: x, Rate: pct(x.Converted, x.Entered)})
		}
	}
	if v.Runs, err = h.cfg.Flows.Runs(ctx, store.RunFilter{Flow: name, Limit: 25}); err != nil {
		h.failed(w, r, "runs", err)
		return
	}
	if v.Failures, err = h.cfg.Flows.Runs(ctx, store.RunFilter{Flow: name, Statuses: []string{flow.RunFailed}, Limit: 25}); err != nil {
		h.failed(w, r, "failed runs", err)
		return
	}
	p := page{Title: "Flow " + name, Nav: "flows", Data: v}
	switch r.URL.Query().Get("retried") {
	case "":
	case "0":
		// The reason is not taken from the URL, so a crafted link cannot
		// put words on the page.
		p.Flash = "That run could not be retried: only failed runs of loaded flows can be."
	default:
		p.Flash = "Run " + r.URL.Query().Get("retried") + " was queued again."
	}
	h.render(w, r, http.StatusOK, "flow", p)
}

func (h *Handler) retryRun(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.error(w, r, http.StatusBadRequest, "A run id is a positive integer.")
		return
	}
	if h.cfg.Retrier == nil {
		h.error(w, r, http.StatusNotFound, "Retrying runs is not available.")
		return
	}
	back := r.PostFormValue("flow")
	q := url.Values{}
	if err := h.cfg.Retrier.RetryRun(r.Context(), id); err != nil {
		if !errors.Is(err, flow.ErrNotRetryable) && !errors.Is(err, store.ErrNotFound) {
			h.failed(w, r, "the retry", err)
			return
		}
		h.cfg.Log.Info("dashboard retry refused", "run", id, "err", err)
		q.Set("retried", "0")
	} else {
		h.cfg.Log.Info("dashboard retried run", "run", id, "by", sessionOf(r).Subject)
		q.Set("retried", strconv.FormatInt(id, 10))
	}
	target := Prefix + "/flows"
	if back != "" {
		target += "/" + url.PathEscape(back)
	}
	http.Redirect(w, r, target+"?"+q.Encode(), http.StatusSeeOther)
}

func (h *Handler) contactsPage(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Contacts == nil {
		h.error(w, r, http.StatusNotFound, "Contacts are not available.")
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var hits []store.ContactHit
	if q != "" {
		var err error
		if hits, err = h.cfg.Contacts.SearchContacts(r.Context(), q, 50); err != nil {
			h.failed(w, r, "contacts", err)
			return
		}
	}
	h.render(w, r, http.StatusOK, "contacts", page{Title: "Contacts", Data: struct {
		Query string
		Hits  []store.ContactHit
	}{q, hits}})
}

type scoreView struct {
	Name  string
	Value string
}

type contactView struct {
	store.ContactDetail
	Chart    template.HTML
	Journeys []store.RunInfo
	Segments []string
	HasSeg   bool
	Scores   []scoreView
	HasScore bool
}

func (h *Handler) contactPage(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Contacts == nil {
		h.error(w, r, http.StatusNotFound, "Contacts are not available.")
		return
	}
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.error(w, r, http.StatusBadRequest, "A contact id is a positive integer.")
		return
	}
	cd, err := h.cfg.Contacts.ContactDetail(ctx, id, 200)
	if errors.Is(err, store.ErrNotFound) {
		h.error(w, r, http.StatusNotFound, "No such contact.")
		return
	}
	if err != nil {
		h.failed(w, r, "the contact", err)
		return
	}
	if cd.Contact.ID != id {
		http.Redirect(w, r, fmt.Sprintf("%s/contacts/%d", Prefix, cd.Contact.ID), http.StatusSeeOther)
		return
	}
	v := contactView{ContactDetail: cd, Chart: balanceChart(cd)}
	if h.cfg.Flows != nil {
		if v.Journeys, err = h.cfg.Flows.Runs(ctx, store.RunFilter{ContactID: id, Limit: 100}); err != nil {
			h.failed(w, r, "journeys", err)
			return
		}
	}
	if h.cfg.Segments != nil {
		v.HasSeg = true
		if v.Segments, err = h.cfg.Segments.ContactSegments(ctx, id); err != nil {
			h.failed(w, r, "segments", err)
			return
		}
	}
	if h.cfg.Scores != nil {
		v.HasScore = true
		scores, err := h.cfg.Scores.ContactScores(ctx, id)
		if err != nil {
			h.failed(w, r, "scores", err)
			return
		}
		for name, s := range scores {
			v.Scores = append(v.Scores, scoreView{name, strconv.FormatFloat(s, 'f', -1, 64)})
		}
		sort.Slice(v.Scores, func(i, j int) bool { return v.Scores[i].Name < v.Scores[j].Name })
	}
	h.render(w, r, http.StatusOK, "contact", page{Title: fmt.Sprintf("Contact %d", id), Nav: "contacts", Data: v})
}

// balanceChart plots the running balance over the shown history,
// working back from the current balance.
func balanceChart(cd store.ContactDetail) template.HTML {
	n := len(cd.History)
	if n < 2 {
		return ""
	}
	at := make([]time.Time, n)
	vals := make([]int64, n)
	bal := cd.Points
	for i, e := range cd.History { // newest first
		at[n-1-i], vals[n-1-i] = e.At, bal
		bal -= e.Amount
	}
	return lineChart("points balance", at, vals)
}

type leaderboardRow struct {
	loyalty.Standing
	Width int
}

func (h *Handler) leaderboardPage(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Loyalty == nil {
		h.error(w, r, http.StatusNotFound, "The leaderboard is not available.")
		return
	}
	top, err := h.cfg.Loyalty.Leaderboard(r.Context(), h.cfg.Season, 50)
	if err != nil {
		h.failed(w, r, "the leaderboard", err)
		return
	}
	labels := make([]string, 0, min(len(top), 20))
	values := make([]int64, 0, cap(labels))
	for _, s := range top[:min(len(top), 20)] {
		labels = append(labels, "#"+strconv.FormatInt(s.ContactID, 10))
		values = append(values, s.Points)
	}
	var chart template.HTML
	if len(top) > 0 {
		chart = barChart("points of the top contacts", labels, values)
	}
	h.render(w, r, http.StatusOK, "leaderboard", page{Title: "Leaderboard", Data: struct {
		Season string
		Top    []loyalty.Standing
		Chart  template.HTML
	}{h.cfg.Season, top, chart}})
}

type batchView struct {
	store.PayoutBatch
	Statuses []string
	Bar      template.HTML
}

func (h *Handler) rewardsPage(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Rewards == nil {
		h.error(w, r, http.StatusNotFound, "Rewards are not available.")
		return
	}
	epochs, err := h.cfg.Rewards.RewardEpochs(r.Context(), 50)
	if err != nil {
		h.failed(w, r, "reward epochs", err)
		return
	}
	batches, err := h.cfg.Rewards.PayoutBatches(r.Context(), 20)
	if err != nil {
		h.failed(w, r, "payouts", err)
		return
	}
	var views []batchView
	for _, b := range batches {
		var sts []string
		for s, n := range b.ByStatus {
			sts = append(sts, fmt.Sprintf("%d %s", n, s))
		}
		slices.Sort(sts)
		views = append(views, batchView{PayoutBatch: b, Statuses: sts})
	}
	h.render(w, r, http.StatusOK, "rewards", page{Title: "Rewards", Data: struct {
		Epochs  []store.EpochSummary
		Batches []batchView
	}{epochs, views}})
}

type segmentView struct {
	Segment
	Chart template.HTML
}

func (h *Handler) segmentsPage(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Segments == nil {
		h.error(w, r, http.StatusNotFound, "Segments are not available.")
		return
	}
	ctx := r.Context()
	segs, err := h.cfg.Segments.Segments(ctx)
	if err != nil {
		h.failed(w, r, "segments", err)
		return
	}
	since := h.cfg.Now().Add(-30 * 24 * time.Hour)
	var views []segmentView
	for _, s := range segs {
		sizes, err := h.cfg.Segments.SegmentSizes(ctx, s.Name, since)
		if err != nil {
			h.failed(w, r, "segment sizes", err)
			return
		}
		at := make([]time.Time, len(sizes))
		vals := make([]int64, len(sizes))
		for i, x := range sizes {
			at[i], vals[i] = x.At, x.Size
		}
		var chart template.HTML
		if len(sizes) > 1 {
			chart = lineChart("size of segment "+s.Name, at, vals)
		}
		views = append(views, segmentView{Segment: s, Chart: chart})
	}
	h.render(w, r, http.StatusOK, "segments", page{Title: "Segments", Data: views})
}
