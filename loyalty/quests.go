package loyalty

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
)

// Quest is a named set of conditions with a completion bonus. A contact
// completes it once: when, at one of its chain events inside the quest's
// window, every condition holds.
type Quest struct {
	// Name identifies the quest in progress rows, completions and ledger
	// keys: letters, digits, '-', '_' and '.', unique among quests.
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	// Conditions must all hold; at least one is required.
	Conditions []QuestCondition `yaml:"conditions"`
	// Bonus is the points awarded on completion; 0 awards none.
	Bonus int64 `yaml:"bonus"`
	// Badge is an optional ERC-1155 token id (decimal) recorded with the
	// completion for the rewards module to mint.
	Badge string `yaml:"badge"`
	// Starts and Expires bound the window (RFC 3339, both optional): only
	// events stored at or after Starts and before Expires count.
	Starts  string `yaml:"starts"`
	Expires string `yaml:"expires"`

	starts, expires time.Time
}

// QuestCondition is either an event count or a linked identity.
type QuestCondition struct {
	// Event is one of QuestEventKinds; Contract optionally restricts it to
	// one configured contract; Count is how many such events are needed
	// (default 1).
	Event    string `yaml:"event"`
	Contract string `yaml:"contract"`
	Count    int64  `yaml:"count"`
	// Linked is one of QuestLinkKinds: the contact must have that identity.
	Linked string `yaml:"linked"`
}

// QuestEventKinds are the chain event kinds a condition may count.
var QuestEventKinds = []chain.Kind{chain.KindMint, chain.KindStake, chain.KindUnstake, chain.KindVote, chain.KindProposal, chain.KindClaim}

// QuestLinkKinds are the identity kinds a linked condition may require.
var QuestLinkKinds = []string{crm.IdentityEmail, crm.IdentityDiscord, crm.IdentityTelegram}

var questName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// maxUint256 bounds badge ids.
var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// ValidateQuests checks quests in place, fills defaults (count 1) and
// parses the windows. contracts lists the configured contract names; nil
// skips that check. The error is a *FieldError naming quest and field.
func ValidateQuests(quests []Quest, contracts []string) error {
	seen := map[string]bool{}
	for i := range quests {
		q := &quests[i]
		p := fmt.Sprintf("quests.%d", i)
		fail := func(field, format string, args ...any) error {
			msg := fmt.Sprintf(format, args...)
			if q.Name != "" {
				msg = "quest " + q.Name + ": " + msg
			}
			return &FieldError{Field: p + field, Msg: msg}
		}
		switch {
		case q.Name == "":
			return fail(".name", "required")
		case !questName.MatchString(q.Name):
			return fail(".name", "%q may hold only letters, digits, '-', '_' and '.'", q.Name)
		case seen[q.Name]:
			return fail(".name", "defined twice")
		case q.Bonus < 0:
			return fail(".bonus", "must not be negative")
		case len(q.Conditions) == 0:
			return fail(".conditions", "at least one condition is required")
		}
		seen[q.Name] = true
		if q.Badge != "" {
			id, ok := new(big.Int).SetString(q.Badge, 10)
			if !ok || id.Sign() < 0 || id.Cmp(maxUint256) > 0 {
				return fail(".badge", "%q is not a decimal ERC-1155 token id", q.Badge)
			}
		}
		var err error
		if q.starts, err = parseWindow(q.Starts); err != nil {
			return fail(".starts", "%q is not an RFC 3339 time such as 2026-05-01T00:00:00Z", q.Starts)
		}
		if q.expires, err = parseWindow(q.Expires); err != nil {
			return fail(".expires", "%q is not an RFC 3339 time such as 2026-06-01T00:00:00Z", q.Expires)
		}
		if !q.starts.IsZero() && !q.expires.IsZero() && !q.expires.After(q.starts) {
			return fail(".expires", "must be after starts (%s)", q.Starts)
		}
		for j := range q.Conditions {
			c := &q.Conditions[j]
			cp := fmt.Sprintf(".conditions.%d", j)
			switch {
			case c.Linked != "" && (c.Event != "" || c.Contract != ""):
				return fail(cp, "a condition is either an event or a linked identity, not both")
			case c.Linked != "":
				if !slices.Contains(QuestLinkKinds, c.Linked) {
					return fail(cp+".linked", "unknown identity %q (valid: %s)", c.Linked, strings.Join(QuestLinkKinds, ", "))
				}
				if c.Count > 1 || c.Count < 0 {
					return fail(cp+".count", "a linked condition takes no count")
				}
				c.Count = 1
			case c.Event == "":
				return fail(cp, "needs event or linked")
			default:
				if !slices.Contains(QuestEventKinds, chain.Kind(c.Event)) {
					return fail(cp+".event", "unknown event %q (valid: %s)", c.Event, kindList(QuestEventKinds))
				}
				if c.Contract != "" && contracts != nil && !slices.Contains(contracts, c.Contract) {
					return fail(cp+".contract", "unknown contract %q (not in contracts)", c.Contract)
				}
				if c.Count < 0 {
					return fail(cp+".count", "must be at least 1")
				}
				if c.Count == 0 {
					c.Count = 1
				}
			}
		}
	}
	return nil
}

func parseWindow(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339, s)
}

func kindList(ks []chain.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// Active reports whether t falls in the quest's window: at or after
// starts, strictly before expires.
func (q Quest) Active(t time.Time) bool {
	if !q.starts.IsZero() && t.Before(q.starts) {
		return false
	}
	return q.expires.IsZero() || t.Before(q.expires)
}

// Label describes a condition for progress reports.
func (c QuestCondition) Label() string {
	if c.Linked != "" {
		return "linked " + c.Linked
	}
	if c.Contract == "" {
		return c.Event
	}
	return c.Event + " on " + c.Contract
}

// Activity is one live (not removed) chain event of a contact.
type Activity struct {
	EventID  int64
	Key      string // chain.Event.Key(): the ledger source of what it earns
	Kind     chain.Kind
	Contract string // configured contract name
	Wallet   common.Address
	// At is when Beckon stored the event; block times are not indexed.
	At time.Time
}

// ConditionProgress is where a contact stands on one condition.
type ConditionProgress struct {
	Label  string `json:"condition"`
	Done   int64  `json:"done"`
	Needed int64  `json:"needed"`
}

// Met reports whether the condition holds.
func (p ConditionProgress) Met() bool { return p.Done >= p.Needed }

// Completion records that a contact completed a quest.
type Completion struct {
	ID        int64
	ContactID int64
	Quest     string
	// Source is the key of the completing event; the bonus entry carries
	// it too, so a reorg of that event reverses the bonus.
	Source string
	// AwardKey is the ledger idempotency key of the bonus; "" without bonus.
	AwardKey    string
	Bonus       int64
	Badge       string
	CompletedAt time.Time
}

// QuestStore is what quests need from persistence.
type QuestStore interface {
	Store
	// Contact returns a contact; a merged contact resolves to its survivor.
	Contact(ctx context.Context, id int64) (crm.Contact, error)
	// ContactActivity lists the live events of the contact's wallets, oldest first.
	ContactActivity(ctx context.Context, contactID int64) ([]Activity, error)
	// WalletContact returns the contact owning a wallet, without creating one.
	WalletContact(ctx context.Context, wallet common.Address) (contactID int64, ok bool, err error)
	// SaveQuestProgress replaces the contact's progress rows of one quest.
	SaveQuestProgress(ctx context.Context, contactID int64, quest string, conds []ConditionProgress) error
	// QuestProgress returns the contact's stored progress by quest.
	QuestProgress(ctx context.Context, contactID int64) (map[string][]ConditionProgress, error)
	// QuestCompletions lists completions of the contact and of every
	// contact merged into it.
	QuestCompletions(ctx context.Context, contactID int64) ([]Completion, error)
	// InsertQuestCompletion writes c unless the contact already completed
	// the quest; inserted says which.
	InsertQuestCompletion(ctx context.Context, c Completion) (inserted bool, err error)
	DeleteQuestCompletion(ctx context.Context, id int64) error
	// CountLedgerKeys counts ledger entries whose key is key or starts
	// with key followed by ':'.
	CountLedgerKeys(ctx context.Context, key string) (int64, error)
}

// BadgeAward asks for a quest's badge to be minted to a contact.
type BadgeAward struct {
	ContactID int64
	Badge     string // decimal ERC-1155 token id
	Quest     string
	Reason    string // "quest:<name>"
	// EventID and EventKey name the completing event: the badge is minted
	// only once it is confirmed, and never if a reorg orphans it first.
	EventID  int64
	EventKey string
}

// BadgeQueue schedules badge mints. EnqueueBadge runs in the transaction
// that records the completion (s is that transaction), so the mint is
// scheduled exactly when the completion commits.
type BadgeQueue interface {
	EnqueueBadge(ctx context.Context, s QuestStore, b BadgeAward) error
}

// QuestTracker keeps quest progress and completions up to date from chain
// events; the flow engine calls it for every new and every orphaned event.
type QuestTracker struct {
	quests []Quest
	// Badges, when set, is told about every recorded completion of a quest
	// that names a badge.
	Badges BadgeQueue
}

// NewQuestTracker validates quests (contract names are checked at config
// load) and returns a tracker over a copy of them.
func NewQuestTracker(quests []Quest) (*QuestTracker, error) {
	qs := make([]Quest, len(quests))
	for i, q := range quests {
		q.Conditions = slices.Clone(q.Conditions)
		qs[i] = q
	}
	if err := ValidateQuests(qs, nil); err != nil {
		return nil, err
	}
	return &QuestTracker{quests: qs}, nil
}

// Quests returns the validated quests.
func (t *QuestTracker) Quests() []Quest { return t.quests }

// evaluation is a quest evaluated against a contact.
type evaluation struct {
	conds []ConditionProgress
	met   bool
	// last is the newest event that counts towards the quest (for a quest
	// of linked conditions only: the newest event in its window).
	last *Activity
}

func (t *QuestTracker) evaluate(q Quest, linked map[string]bool, events []Activity) evaluation {
	ev := evaluation{met: true}
	onlyLinked := true
	for _, c := range q.Conditions {
		p := ConditionProgress{Label: c.Label(), Needed: c.Count}
		if c.Linked != "" {
			if linked[c.Linked] {
				p.Done = 1
			}
		} else {
			onlyLinked = false
			for i := range events {
				a := &events[i]
				if string(a.Kind) == c.Event && (c.Contract == "" || a.Contract == c.Contract) && q.Active(a.At) {
					p.Done++
					ev.last = newer(ev.last, a)
				}
			}
		}
		ev.met = ev.met && p.Met()
		ev.conds = append(ev.conds, p)
	}
	if onlyLinked {
		for i := range events {
			if q.Active(events[i].At) {
				ev.last = newer(ev.last, &events[i])
			}
		}
	}
	return ev
}

func newer(a, b *Activity) *Activity {
	if a == nil || b.At.After(a.At) || (b.At.Equal(a.At) && b.EventID > a.EventID) {
		return b
	}
	return a
}

// subject loads what quests see of a contact.
func subject(ctx context.Context, s QuestStore, contactID int64) (crm.Contact, map[string]bool, []Activity, error) {
	c, err := s.Contact(ctx, contactID)
	if err != nil {
		return c, nil, nil, fmt.Errorf("quests: %w", err)
	}
	linked := map[string]bool{}
	for _, id := range c.Identities {
		linked[id.Kind] = true
	}
	events, err := s.ContactActivity(ctx, c.ID)
	if err != nil {
		return c, nil, nil, fmt.Errorf("quests: %w", err)
	}
	return c, linked, events, nil
}

func completionsByQuest(ctx context.Context, s QuestStore, contactID int64) (map[string]Completion, error) {
	list, err := s.QuestCompletions(ctx, contactID)
	if err != nil {
		return nil, fmt.Errorf("quests: %w", err)
	}
	out := make(map[string]Completion, len(list))
	for _, c := range list {
		if _, ok := out[c.Quest]; !ok {
			out[c.Quest] = c
		}
	}
	return out, nil
}

// HandleEvent recomputes the contact's progress from its live events and
// identities after the event with key eventKey was stored, and completes
// every quest whose conditions now all hold, if that event falls in the
// quest's window. Handling the same event again changes nothing.
func (t *QuestTracker) HandleEvent(ctx context.Context, s QuestStore, eventKey string, contactID int64) error {
	if len(t.quests) == 0 {
		return nil
	}
	c, linked, events, err := subject(ctx, s, contactID)
	if err != nil {
		return err
	}
	var trigger *Activity
	for i := range events {
		if events[i].Key == eventKey {
			trigger = &events[i]
		}
	}
	done, err := completionsByQuest(ctx, s, c.ID)
	if err != nil {
		return err
	}
	for _, q := range t.quests {
		ev := t.evaluate(q, linked, events)
		if err := s.SaveQuestProgress(ctx, c.ID, q.Name, ev.conds); err != nil {
			return fmt.Errorf("quest %s: %w", q.Name, err)
		}
		if _, ok := done[q.Name]; ok || !ev.met || trigger == nil || !q.Active(trigger.At) {
			continue
		}
		if err := t.complete(ctx, s, q, c.ID, *trigger); err != nil {
			return err
		}
	}
	return nil
}

// HandleRemoved runs after the event with key eventKey, of wallet, was
// orphaned by a reorg (and the points sourced from it reversed). It
// recomputes the owner's progress from its remaining live events and
// deletes every completion whose conditions no longer hold, reversing its
// bonus if it is still standing. A completion whose own event was orphaned
// but whose conditions still hold through other events is recorded again
// with the newest of them as its source, so the bonus stays earned once.
func (t *QuestTracker) HandleRemoved(ctx context.Context, s QuestStore, eventKey string, wallet common.Address) error {
	if len(t.quests) == 0 {
		return nil
	}
	contactID, ok, err := s.WalletContact(ctx, wallet)
	if err != nil || !ok {
		return err
	}
	c, linked, events, err := subject(ctx, s, contactID)
	if err != nil {
		return err
	}
	done, err := completionsByQuest(ctx, s, c.ID)
	if err != nil {
		return err
	}
	for _, q := range t.quests {
		ev := t.evaluate(q, linked, events)
		if err := s.SaveQuestProgress(ctx, c.ID, q.Name, ev.conds); err != nil {
			return fmt.Errorf("quest %s: %w", q.Name, err)
		}
		comp, ok := done[q.Name]
		if !ok || (ev.met && comp.Source != eventKey) {
			continue
		}
		if err := uncomplete(ctx, s, comp); err != nil {
			return err
		}
		if ev.met && ev.last != nil {
			if err := t.complete(ctx, s, q, c.ID, *ev.last); err != nil {
				return err
			}
		}
	}
	return nil
}

// AwardKeyBase is the ledger key of a contact's first bonus for a quest;
// a bonus earned again after a reorg took the first back gets ":2", ":3"….
func AwardKeyBase(quest string, contactID int64) string {
	return "quest:" + quest + ":" + strconv.FormatInt(contactID, 10)
}

func (t *QuestTracker) complete(ctx context.Context, s QuestStore, q Quest, contactID int64, at Activity) error {
	comp := Completion{
		ContactID: contactID, Quest: q.Name, Source: at.Key, Bonus: q.Bonus, Badge: q.Badge, CompletedAt: at.At,
	}
	if q.Bonus > 0 {
		base := AwardKeyBase(q.Name, contactID)
		n, err := s.CountLedgerKeys(ctx, base)
		if err != nil {
			return fmt.Errorf("quest %s: %w", q.Name, err)
		}
		comp.AwardKey = base
		if n > 0 {
			comp.AwardKey = base + ":" + strconv.FormatInt(n+1, 10)
		}
	}
	inserted, err := s.InsertQuestCompletion(ctx, comp)
	if err != nil || !inserted {
		return err
	}
	if q.Badge != "" && t.Badges != nil {
		if err := t.Badges.EnqueueBadge(ctx, s, BadgeAward{
			ContactID: contactID, Badge: q.Badge, Quest: q.Name, Reason: "quest:" + q.Name, EventID: at.EventID, EventKey: at.Key,
		}); err != nil {
			return fmt.Errorf("quest %s badge: %w", q.Name, err)
		}
	}
	if q.Bonus == 0 {
		return nil
	}
	ok, err := Award(ctx, s, Entry{
		ContactID: contactID, Amount: q.Bonus, Reason: "quest " + q.Name, Source: at.Key, Key: comp.AwardKey,
	})
	if err != nil {
		return fmt.Errorf("quest %s bonus: %w", q.Name, err)
	}
	if !ok {
		return fmt.Errorf("quest %s bonus: ledger key %s is already used", q.Name, comp.AwardKey)
	}
	return nil
}

// uncomplete deletes a completion and reverses its bonus unless a
// reversal exists already (the engine reverses everything sourced from an
// orphaned event before the hooks run).
func uncomplete(ctx context.Context, s QuestStore, comp Completion) error {
	if comp.AwardKey != "" {
		entries, err := s.UnreversedBySource(ctx, comp.Source)
		if err != nil {
			return fmt.Errorf("quest %s: %w", comp.Quest, err)
		}
		for _, e := range entries {
			if e.Key != comp.AwardKey {
				continue
			}
			if _, err := s.InsertEntry(ctx, Entry{
				ContactID: e.ContactID, Amount: -e.Amount, Reason: "quest " + comp.Quest + " no longer complete after a reorg",
				Source: comp.Source, Key: "reverse:" + e.Key, Reverses: e.ID,
			}); err != nil {
				return fmt.Errorf("quest %s: reverse bonus: %w", comp.Quest, err)
			}
		}
	}
	if err := s.DeleteQuestCompletion(ctx, comp.ID); err != nil {
		return fmt.Errorf("quest %s: %w", comp.Quest, err)
	}
	return nil
}

// QuestStatus is a contact's standing on one quest.
type QuestStatus struct {
	Quest       string              `json:"quest"`
	Description string              `json:"description,omitempty"`
	Bonus       int64               `json:"bonus"`
	Badge       string              `json:"badge,omitempty"`
	Starts      string              `json:"starts,omitempty"`
	Expires     string              `json:"expires,omitempty"`
	Conditions  []ConditionProgress `json:"conditions"`
	Completed   bool                `json:"completed"`
	CompletedAt *time.Time          `json:"completed_at,omitempty"`
	// Source is the key of the completing event.
	Source string `json:"source,omitempty"`
}

// Progress returns the contact's standing on every quest, as recorded at
// its last event: per condition done and needed, and the completion. A
// condition whose stored label no longer matches the configured one (the
// quest was edited) shows nothing done until the contact's next event.
func Progress(ctx context.Context, s QuestStore, quests []Quest, contactID int64) (int64, []QuestStatus, error) {
	c, err := s.Contact(ctx, contactID)
	if err != nil {
		return 0, nil, fmt.Errorf("quest progress: %w", err)
	}
	stored, err := s.QuestProgress(ctx, c.ID)
	if err != nil {
		return 0, nil, fmt.Errorf("quest progress: %w", err)
	}
	done, err := completionsByQuest(ctx, s, c.ID)
	if err != nil {
		return 0, nil, err
	}
	out := make([]QuestStatus, 0, len(quests))
	for _, q := range quests {
		st := QuestStatus{Quest: q.Name, Description: q.Description, Bonus: q.Bonus, Badge: q.Badge, Starts: q.Starts, Expires: q.Expires}
		rows := stored[q.Name]
		for i, cond := range q.Conditions {
			p := ConditionProgress{Label: cond.Label(), Needed: max(cond.Count, 1)}
			if i < len(rows) && rows[i].Label == p.Label {
				p.Done = rows[i].Done
			}
			st.Conditions = append(st.Conditions, p)
		}
		if comp, ok := done[q.Name]; ok {
			at := comp.CompletedAt.UTC()
			st.Completed, st.CompletedAt, st.Source = true, &at, comp.Source
		}
		out = append(out, st)
	}
	return c.ID, out, nil
}
