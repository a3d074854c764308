package community

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
)

// Command names, shared by Discord slash commands and Telegram commands.
const (
	CmdLink        = "link"
	CmdPoints      = "points"
	CmdRank        = "rank"
	CmdLeaderboard = "leaderboard"
	CmdQuests      = "quests"
	CmdRewards     = "rewards"
	CmdUnlink      = "unlink"
	CmdAward       = "award"
	CmdRevoke      = "revoke"
	CmdSegment     = "segment"
	CmdSyncRoles   = "sync-roles"
	CmdStart       = "start"
)

// IsAdminCommand reports whether name needs the admin role.
func IsAdminCommand(name string) bool {
	switch name {
	case CmdAward, CmdRevoke, CmdSegment, CmdSyncRoles:
		return true
	}
	return false
}

// Command is one bot command from either platform, already parsed.
type Command struct {
	Platform string // PlatformDiscord or PlatformTelegram
	UserID   string // who sent it
	Name     string // Cmd*
	// Args: "user" (a platform user id) and "amount", "reason" for
	// award/revoke; "name" for segment size.
	Args map[string]string
	// Admin is true when the sender holds the admin role; the platform
	// adapter decides.
	Admin bool
	// ID identifies the invocation (interaction or message id); it keys
	// point awards so a redelivered command awards once.
	ID string
}

// Reply is what the bot answers.
type Reply struct {
	Text string
	// Ephemeral replies are shown to the sender only (Discord).
	Ephemeral bool
}

// BotStore is what commands read and write in one transaction.
type BotStore interface {
	RedeemStore
	loyalty.Leaderboard
	// IdentityContact finds the contact owning an identity without
	// creating one.
	IdentityContact(ctx context.Context, kind, value string) (int64, bool, error)
	UnlinkIdentity(ctx context.Context, kind, value string) (int64, bool, error)
	Balance(ctx context.Context, contactID int64) (int64, error)
	ContactTier(ctx context.Context, contactID int64) (string, error)
	QuestProgress(ctx context.Context, contactID int64) (map[string][]loyalty.ConditionProgress, error)
	QuestCompletions(ctx context.Context, contactID int64) ([]loyalty.Completion, error)
}

// Claimable is a reward the contact can claim on-chain.
type Claimable struct {
	Wallet string
	Amount *big.Int // token base units, cumulative minus claimed
	Epoch  int64
}

// RewardLookup finds claimable merkle rewards; nil when rewards are off.
type RewardLookup interface {
	Claimable(ctx context.Context, contactID int64) ([]Claimable, error)
}

// PointsWriter awards or revokes points through the ledger (seasons and
// tiers applied). amount < 0 revokes.
type PointsWriter interface {
	AwardManual(ctx context.Context, contactID, amount int64, reason, actor, key string) (bool, error)
}

// RoleSyncer brings roles in line with the rules.
type RoleSyncer interface {
	// SyncUser schedules a role sync for one platform user (after a link
	// or unlink).
	SyncUser(ctx context.Context, platform, userID string) error
	// SyncAll reconciles every member and reports the changes; with
	// dryRun nothing changes.
	SyncAll(ctx context.Context, dryRun bool) (SyncReport, error)
}

// Bot answers commands. Nil optional fields turn their commands into a
// polite "not configured".
type Bot struct {
	InTx      func(ctx context.Context, fn func(s BotStore) error) error
	PublicURL string // the link page is PublicURL + "/link?token=…"
	ClaimURL  string // where rewards are claimed; default PublicURL + "/claim"
	LinkTTL   time.Duration
	Season    string // leaderboard season; "" overall
	Quests    []loyalty.Quest
	Rewards   RewardLookup
	Points    PointsWriter
	Segments  SegmentSizer
	Roles     RoleSyncer
	Log       *slog.Logger
	Now       func() time.Time
}

func (b *Bot) now() time.Time {
	if b.Now == nil {
		return time.Now()
	}
	return b.Now()
}

func (b *Bot) log() *slog.Logger {
	if b.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return b.Log
}

// errReply is an answer to show the user as is.
type errReply string

func (e errReply) Error() string { return string(e) }

const notLinked = "Your account is not linked to a wallet yet. Use /link to link it."

// Handle runs one command. Errors meant for the user come back as a
// Reply; an error return is an internal failure (logged, and answered
// with a generic message by the adapters).
func (b *Bot) Handle(ctx context.Context, c Command) (Reply, error) {
	if IsAdminCommand(c.Name) && !c.Admin {
		return Reply{Text: "This command is for admins only.", Ephemeral: true}, nil
	}
	var r Reply
	var err error
	switch c.Name {
	case CmdStart:
		r, err = b.start(ctx, c)
	case CmdLink:
		r, err = b.link(ctx, c)
	case CmdPoints:
		r, err = b.points(ctx, c)
	case CmdRank:
		r, err = b.rank(ctx, c)
	case CmdLeaderboard:
		r, err = b.leaderboard(ctx)
	case CmdQuests:
		r, err = b.quests(ctx, c)
	case CmdRewards:
		r, err = b.rewards(ctx, c)
	case CmdUnlink:
		r, err = b.unlink(ctx, c)
	case CmdAward, CmdRevoke:
		r, err = b.award(ctx, c)
	case CmdSegment:
		r, err = b.segment(ctx, c)
	case CmdSyncRoles:
		r, err = b.syncRoles(ctx)
	default:
		return Reply{Text: "Unknown command.", Ephemeral: true}, nil
	}
	var user errReply
	if errors.As(err, &user) {
		return Reply{Text: string(user), Ephemeral: true}, nil
	}
	if err != nil {
		b.log().ErrorContext(ctx, "bot command failed", "platform", c.Platform, "command", c.Name, "err", err)
		return Reply{Text: "Something went wrong; please try again later.", Ephemeral: true}, err
	}
	return r, nil
}

// contact returns the sender's contact or an errReply when unlinked.
func contactOf(ctx context.Context, s BotStore, platform, userID string) (int64, error) {
	id, ok, err := s.IdentityContact(ctx, platform, userID)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, errReply(notLinked)
	}
	return id, nil
}

func (b *Bot) link(ctx context.Context, c Command) (Reply, error) {
	var token string
	err := b.InTx(ctx, func(s BotStore) error {
		var err error
		token, err = IssueLinkToken(ctx, s, c.Platform, c.UserID, b.LinkTTL, b.now())
		return err
	})
	if err != nil {
		return Reply{}, err
	}
	ttl := b.LinkTTL
	if ttl <= 0 {
		ttl = DefaultLinkTTL
	}
	return Reply{Ephemeral: true, Text: fmt.Sprintf("Link your wallet here (single use, valid for %s): %s",
		ttl.Round(time.Minute), LinkURL(b.PublicURL, token))}, nil
}

// start redeems a deep-link token (/start TOKEN); without one it greets.
func (b *Bot) start(ctx context.Context, c Command) (Reply, error) {
	token := strings.TrimSpace(c.Args["token"])
	if token == "" {
		return Reply{Text: "Hi! Use /link to link your wallet, then /points, /rank, /leaderboard and /rewards."}, nil
	}
	err := b.InTx(ctx, func(s BotStore) error {
		_, err := RedeemContactToken(ctx, s, token, c.Platform, c.UserID, b.now())
		if errors.Is(err, ErrLinkToken) {
			return errReply("This link is invalid, expired or already used. Open the link page again, or use /link.")
		}
		return err
	})
	if err != nil {
		return Reply{}, err
	}
	if b.Roles != nil {
		if err := b.Roles.SyncUser(ctx, c.Platform, c.UserID); err != nil {
			b.log().WarnContext(ctx, "role sync after link", "user", c.UserID, "err", err)
		}
	}
	return Reply{Text: "Your account is linked to your wallet."}, nil
}

func (b *Bot) points(ctx context.Context, c Command) (Reply, error) {
	var points int64
	var tier string
	err := b.InTx(ctx, func(s BotStore) error {
		id, err := contactOf(ctx, s, c.Platform, c.UserID)
		if err != nil {
			return err
		}
		if points, err = s.Balance(ctx, id); err != nil {
			return err
		}
		tier, err = s.ContactTier(ctx, id)
		return err
	})
	if err != nil {
		return Reply{}, err
	}
	text := fmt.Sprintf("You have %d points.", points)
	if tier != "" {
		text += fmt.Sprintf(" Tier: %s.", tier)
	}
	return Reply{Text: text, Ephemeral: true}, nil
}

func (b *Bot) rank(ctx context.Context, c Command) (Reply, error) {
	var st loyalty.Standing
	err := b.InTx(ctx, func(s BotStore) error {
		id, err := contactOf(ctx, s, c.Platform, c.UserID)
		if err != nil {
			return err
		}
		st, err = s.Rank(ctx, id, b.Season)
		if errors.Is(err, loyalty.ErrNotRanked) {
			return errReply("You are not on the leaderboard yet: earn some points first.")
		}
		return err
	})
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: fmt.Sprintf("You are #%d with %d points.", st.Rank, st.Points), Ephemeral: true}, nil
}

// LeaderboardSize is how many standings /leaderboard shows.
const LeaderboardSize = 10

func (b *Bot) leaderboard(ctx context.Context) (Reply, error) {
	var lines []string
	err := b.InTx(ctx, func(s BotStore) error {
		top, err := s.Top(ctx, b.Season, LeaderboardSize)
		if err != nil {
			return err
		}
		for _, st := range top {
			c, err := s.Contact(ctx, st.ContactID)
			if err != nil {
				return err
			}
			lines = append(lines, fmt.Sprintf("%d. %s — %d points", st.Rank, displayName(c), st.Points))
		}
		return nil
	})
	if err != nil {
		return Reply{}, err
	}
	if len(lines) == 0 {
		return Reply{Text: "The leaderboard is empty."}, nil
	}
	title := "Leaderboard"
	if b.Season != "" {
		title += " (" + b.Season + ")"
	}
	return Reply{Text: title + "\n" + strings.Join(lines, "\n")}, nil
}

// displayName shows a shortened wallet, never an email.
func displayName(c crm.Contact) string {
	if ws := c.Wallets(); len(ws) > 0 {
		h := ws[0].Hex()
		return h[:6] + "…" + h[len(h)-4:]
	}
	return fmt.Sprintf("contact %d", c.ID)
}

func (b *Bot) quests(ctx context.Context, c Command) (Reply, error) {
	if len(b.Quests) == 0 {
		return Reply{Text: "No quests are running.", Ephemeral: true}, nil
	}
	var progress map[string][]loyalty.ConditionProgress
	done := map[string]bool{}
	err := b.InTx(ctx, func(s BotStore) error {
		id, err := contactOf(ctx, s, c.Platform, c.UserID)
		if err != nil {
			return err
		}
		if progress, err = s.QuestProgress(ctx, id); err != nil {
			return err
		}
		comps, err := s.QuestCompletions(ctx, id)
		for _, cp := range comps {
			done[cp.Quest] = true
		}
		return err
	})
	if err != nil {
		return Reply{}, err
	}
	var lines []string
	for _, q := range b.Quests {
		switch {
		case done[q.Name]:
			lines = append(lines, fmt.Sprintf("✅ %s — completed", q.Name))
		default:
			var parts []string
			for _, p := range progress[q.Name] {
				parts = append(parts, fmt.Sprintf("%s %d/%d", p.Label, min(p.Done, p.Needed), p.Needed))
			}
			line := "⬜ " + q.Name
			if len(parts) > 0 {
				line += " — " + strings.Join(parts, ", ")
			}
			lines = append(lines, line)
		}
	}
	return Reply{Text: "Quests\n" + strings.Join(lines, "\n"), Ephemeral: true}, nil
}

func (b *Bot) rewards(ctx context.Context, c Command) (Reply, error) {
	if b.Rewards == nil {
		return Reply{Text: "Rewards are not configured.", Ephemeral: true}, nil
	}
	var id int64
	if err := b.InTx(ctx, func(s BotStore) error {
		var err error
		id, err = contactOf(ctx, s, c.Platform, c.UserID)
		return err
	}); err != nil {
		return Reply{}, err
	}
	claims, err := b.Rewards.Claimable(ctx, id)
	if err != nil {
		return Reply{}, err
	}
	if len(claims) == 0 {
		return Reply{Text: "You have no rewards to claim right now.", Ephemeral: true}, nil
	}
	claimURL := b.ClaimURL
	if claimURL == "" {
		claimURL = trimSlash(b.PublicURL) + "/claim"
	}
	lines := []string{"Claimable rewards:"}
	for _, cl := range claims {
		lines = append(lines, fmt.Sprintf("%s: %s (epoch %d)", cl.Wallet, cl.Amount.String(), cl.Epoch))
	}
	lines = append(lines, "Claim at "+claimURL)
	return Reply{Text: strings.Join(lines, "\n"), Ephemeral: true}, nil
}

func (b *Bot) unlink(ctx context.Context, c Command) (Reply, error) {
	var ok bool
	err := b.InTx(ctx, func(s BotStore) error {
		var err error
		_, ok, err = s.UnlinkIdentity(ctx, c.Platform, c.UserID)
		return err
	})
	if err != nil {
		return Reply{}, err
	}
	if !ok {
		return Reply{Text: "Your account was not linked.", Ephemeral: true}, nil
	}
	if b.Roles != nil {
		// The identity is gone, so roles granted through it come off.
		if err := b.Roles.SyncUser(ctx, c.Platform, c.UserID); err != nil {
			b.log().WarnContext(ctx, "role sync after unlink", "user", c.UserID, "err", err)
		}
	}
	return Reply{Text: "Your account is unlinked. Roles granted through it will be removed.", Ephemeral: true}, nil
}

func (b *Bot) award(ctx context.Context, c Command) (Reply, error) {
	if b.Points == nil {
		return Reply{Text: "Points are not configured.", Ephemeral: true}, nil
	}
	user := c.Args["user"]
	amount, err := strconv.ParseInt(c.Args["amount"], 10, 64)
	if user == "" || err != nil || amount <= 0 {
		return Reply{}, errReply("Usage: /" + c.Name + " user:<member> amount:<positive number> reason:<text>")
	}
	reason := strings.TrimSpace(c.Args["reason"])
	if reason == "" {
		reason = c.Name + " by " + c.Platform + " admin"
	}
	if c.Name == CmdRevoke {
		amount = -amount
	}
	var contactID int64
	if err := b.InTx(ctx, func(s BotStore) error {
		id, ok, err := s.IdentityContact(ctx, c.Platform, user)
		if err != nil {
			return err
		}
		if !ok {
			return errReply("That member has not linked a wallet.")
		}
		contactID = id
		return nil
	}); err != nil {
		return Reply{}, err
	}
	key := c.Platform + ":" + c.Name + ":" + c.ID
	if c.ID == "" {
		key = fmt.Sprintf("%s:%s:%s:%d", c.Platform, c.Name, user, b.now().UnixNano())
	}
	if _, err := b.Points.AwardManual(ctx, contactID, amount, reason, c.Platform+":"+c.UserID, key); err != nil {
		if errors.Is(err, loyalty.ErrInvalid) {
			return Reply{}, errReply("Rejected: " + err.Error())
		}
		return Reply{}, err
	}
	verb := "Awarded"
	if amount < 0 {
		verb, amount = "Revoked", -amount
	}
	return Reply{Text: fmt.Sprintf("%s %d points (%s).", verb, amount, reason), Ephemeral: true}, nil
}

func (b *Bot) segment(ctx context.Context, c Command) (Reply, error) {
	if b.Segments == nil {
		return Reply{Text: "Segments are not configured.", Ephemeral: true}, nil
	}
	name := strings.TrimSpace(c.Args["name"])
	if name == "" {
		return Reply{}, errReply("Usage: /segment size name:<segment>")
	}
	n, err := b.Segments.SegmentSize(ctx, name)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: fmt.Sprintf("Segment %s has %d members.", name, n), Ephemeral: true}, nil
}

func (b *Bot) syncRoles(ctx context.Context) (Reply, error) {
	if b.Roles == nil {
		return Reply{Text: "No role rules are configured.", Ephemeral: true}, nil
	}
	rep, err := b.Roles.SyncAll(ctx, false)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Text: rep.Summary(), Ephemeral: true}, nil
}

// SyncReport lists what a reconciliation changed (or would change).
type SyncReport struct {
	DryRun  bool         `json:"dry_run"`
	Checked int          `json:"checked"`
	Changes []RoleChange `json:"changes"`
}

// RoleChange is one role (or chat membership) added or removed.
type RoleChange struct {
	Platform  string `json:"platform"`
	Scope     string `json:"scope"`
	UserID    string `json:"user_id"`
	Role      string `json:"role"`
	Add       bool   `json:"add"`
	ContactID int64  `json:"contact_id,omitempty"`
	Reason    string `json:"reason"`
}

// Summary is a one-line account of the report.
func (r SyncReport) Summary() string {
	var add, remove int
	for _, c := range r.Changes {
		if c.Add {
			add++
		} else {
			remove++
		}
	}
	if r.DryRun {
		return fmt.Sprintf("Dry run: checked %d members; %d roles to add, %d to remove.", r.Checked, add, remove)
	}
	return fmt.Sprintf("Checked %d members: %d roles added, %d removed.", r.Checked, add, remove)
}

// Sort orders changes by platform, scope, user, role.
func (r *SyncReport) Sort() {
	sort.Slice(r.Changes, func(i, j int) bool {
		a, b := r.Changes[i], r.Changes[j]
		if a.Platform != b.Platform {
			return a.Platform < b.Platform
		}
		if a.Scope != b.Scope {
			return a.Scope < b.Scope
		}
		if a.UserID != b.UserID {
			return a.UserID < b.UserID
		}
		return a.Role < b.Role
	})
}
