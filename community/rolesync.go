package community

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/beckonhq/beckon/crm"
)

// GrantMember is the grant name of a gated-chat membership.
const GrantMember = "member"

// SyncStore is what role syncing reads and writes.
type SyncStore interface {
	RuleStore
	GrantStore
	IdentityStore
	IdentityContact(ctx context.Context, kind, value string) (int64, bool, error)
	Contact(ctx context.Context, id int64) (crm.Contact, error)
	UserGrants(ctx context.Context, platform, scope, userID string) ([]Grant, error)
}

// Member is a guild member as Discord reports it.
type Member struct {
	UserID string
	Roles  []string // role ids
}

// MemberLister is the optional capability of listing a guild's members,
// which full reconciliation uses to find members who left and roles
// changed by hand. Without it reconciliation trusts the recorded grants.
type MemberLister interface {
	GuildMembers(ctx context.Context, guildID string) ([]Member, error)
}

// ChatGate performs gated-chat membership changes on Telegram.
type ChatGate interface {
	ApproveJoinRequest(ctx context.Context, chatID, userID string) error
	DeclineJoinRequest(ctx context.Context, chatID, userID string) error
	// RemoveMember removes the user without a lasting ban, so they may
	// request to join again once they qualify.
	RemoveMember(ctx context.Context, chatID, userID string) error
}

// GatedChat is a Telegram chat whose members must qualify for Role.
type GatedChat struct {
	ChatID string
	Role   string // a role of the role rules
	// Grace is how long a member may keep failing the rule before removal.
	Grace time.Duration
}

// Syncer keeps Discord roles and gated-chat memberships in line with the
// rules. Changes for one user are computed from the store, applied on the
// platform, then recorded: a failure part-way is retried by the caller's
// job, and repeating an applied change is harmless (Discord's role PUT and
// DELETE are idempotent).
type Syncer struct {
	InTx    func(ctx context.Context, fn func(s SyncStore) error) error
	Rules   *Rules
	Discord Discord // nil: no Discord roles
	Guild   string
	// RoleIDs maps role names in the rules to Discord role ids; a name
	// missing here is used as the id.
	RoleIDs map[string]string
	Gate    ChatGate // nil: no gated chats
	Chats   []GatedChat
	Log     *slog.Logger
	Now     func() time.Time
}

func (y *Syncer) now() time.Time {
	if y.Now == nil {
		return time.Now()
	}
	return y.Now()
}

func (y *Syncer) log() *slog.Logger {
	if y.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return y.Log
}

func (y *Syncer) roleID(name string) string {
	if id := y.RoleIDs[name]; id != "" {
		return id
	}
	return name
}

// managed maps the Discord role ids Beckon manages to their rule names.
func (y *Syncer) managed() map[string]string {
	out := map[string]string{}
	for _, name := range y.Rules.Roles() {
		out[y.roleID(name)] = name
	}
	return out
}

// ContactUsers returns the Discord and Telegram accounts of a contact.
func ContactUsers(c crm.Contact) (discord, telegram []string) {
	for _, id := range c.Identities {
		switch id.Kind {
		case crm.IdentityDiscord:
			discord = append(discord, id.Value)
		case crm.IdentityTelegram:
			telegram = append(telegram, id.Value)
		}
	}
	return discord, telegram
}

// SyncContact brings the roles of every account of the contact in line.
// key distinguishes this sync's actions in the log sink (a job id).
func (y *Syncer) SyncContact(ctx context.Context, contactID int64, key string) ([]RoleChange, error) {
	var dc, tg []string
	if err := y.InTx(ctx, func(s SyncStore) error {
		c, err := s.Contact(ctx, contactID)
		if err != nil {
			return err
		}
		dc, tg = ContactUsers(c)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("sync contact %d: %w", contactID, err)
	}
	var all []RoleChange
	for _, u := range dc {
		ch, err := y.SyncUser(ctx, PlatformDiscord, u, key)
		if err != nil {
			return all, err
		}
		all = append(all, ch...)
	}
	for _, u := range tg {
		ch, err := y.SyncUser(ctx, PlatformTelegram, u, key)
		if err != nil {
			return all, err
		}
		all = append(all, ch...)
	}
	return all, nil
}

// SyncUser brings one platform user's roles (Discord) or gated-chat
// standing (Telegram) in line with the rules.
func (y *Syncer) SyncUser(ctx context.Context, platform, userID, key string) ([]RoleChange, error) {
	switch platform {
	case PlatformDiscord:
		return y.syncDiscordUser(ctx, userID, key)
	case PlatformTelegram:
		return nil, y.markTelegramUser(ctx, userID)
	}
	return nil, fmt.Errorf("sync user: unknown platform %q", platform)
}

// desired returns the role names the user's contact qualifies for (none
// when unlinked) and the contact.
func (y *Syncer) desired(ctx context.Context, s SyncStore, platform, userID string) (map[string]bool, int64, error) {
	contactID, ok, err := s.IdentityContact(ctx, platform, userID)
	if err != nil || !ok {
		return map[string]bool{}, 0, err
	}
	roles, err := y.Rules.Qualifies(ctx, s, contactID)
	if err != nil {
		return nil, 0, err
	}
	out := make(map[string]bool, len(roles))
	for _, r := range roles {
		out[r] = true
	}
	return out, contactID, nil
}

func (y *Syncer) syncDiscordUser(ctx context.Context, userID, key string) ([]RoleChange, error) {
	if y.Discord == nil || y.Guild == "" {
		return nil, nil
	}
	var changes []RoleChange
	err := y.InTx(ctx, func(s SyncStore) error {
		want, contactID, err := y.desired(ctx, s, PlatformDiscord, userID)
		if err != nil {
			return err
		}
		grants, err := s.UserGrants(ctx, PlatformDiscord, y.Guild, userID)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, g := range grants {
			have[g.Name] = true
		}
		changes = diffRoles(y.managed(), want, have, userID, y.Guild, contactID)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("plan roles of %s: %w", userID, err)
	}
	return changes, y.apply(ctx, changes, key)
}

// diffRoles compares wanted role names with held role ids over the
// managed roles.
func diffRoles(managed map[string]string, want, have map[string]bool, userID, guild string, contactID int64) []RoleChange {
	var out []RoleChange
	for id, name := range managed {
		switch {
		case want[name] && !have[id]:
			out = append(out, RoleChange{Platform: PlatformDiscord, Scope: guild, UserID: userID, Role: id, Add: true, ContactID: contactID, Reason: "qualifies for " + name})
		case !want[name] && have[id]:
			reason := "no longer qualifies for " + name
			if contactID == 0 {
				reason = "account not linked"
			}
			out = append(out, RoleChange{Platform: PlatformDiscord, Scope: guild, UserID: userID, Role: id, ContactID: contactID, Reason: reason})
		}
	}
	r := SyncReport{Changes: out}
	r.Sort()
	return r.Changes
}

// apply performs the changes on Discord, then records each.
func (y *Syncer) apply(ctx context.Context, changes []RoleChange, key string) error {
	for _, c := range changes {
		k := ""
		if key != "" {
			k = fmt.Sprintf("%s:%s:%s:%t", key, c.UserID, c.Role, c.Add)
		}
		var err error
		if c.Add {
			err = y.Discord.AddRole(ctx, c.Scope, c.UserID, c.Role, k)
		} else {
			err = y.Discord.RemoveRole(ctx, c.Scope, c.UserID, c.Role, k)
		}
		if err != nil {
			return fmt.Errorf("apply role change: %w", err)
		}
		if err := y.record(ctx, c); err != nil {
			return err
		}
		y.log().InfoContext(ctx, "discord role synced", "user", c.UserID, "role", c.Role, "add", c.Add, "reason", c.Reason)
	}
	return nil
}

func (y *Syncer) record(ctx context.Context, c RoleChange) error {
	return y.InTx(ctx, func(s SyncStore) error {
		if c.Add {
			return s.PutGrant(ctx, Grant{Platform: c.Platform, Scope: c.Scope, UserID: c.UserID, Name: c.Role, ContactID: c.ContactID})
		}
		return s.DeleteGrant(ctx, c.Platform, c.Scope, c.UserID, c.Role)
	})
}

// markTelegramUser starts or clears the grace period of the user in every
// gated chat they are a member of; removal happens in SweepChats.
func (y *Syncer) markTelegramUser(ctx context.Context, userID string) error {
	return y.InTx(ctx, func(s SyncStore) error {
		for _, chat := range y.Chats {
			grants, err := s.UserGrants(ctx, PlatformTelegram, chat.ChatID, userID)
			if err != nil || len(grants) == 0 {
				return err
			}
			want, contactID, err := y.desired(ctx, s, PlatformTelegram, userID)
			if err != nil {
				return err
			}
			if err := y.mark(ctx, s, grants[0], want[chat.Role], contactID); err != nil {
				return err
			}
		}
		return nil
	})
}

func (y *Syncer) mark(ctx context.Context, s SyncStore, g Grant, qualifies bool, contactID int64) error {
	switch {
	case qualifies && !g.FailingSince.IsZero():
		g.FailingSince = time.Time{}
	case !qualifies && g.FailingSince.IsZero():
		g.FailingSince = y.now()
	default:
		return nil
	}
	if contactID != 0 {
		g.ContactID = contactID
	}
	return s.PutGrant(ctx, g)
}

// JoinRequest decides a Telegram join request by the chat's rule, and
// records the member when approved. ok is false for chats that are not
// gated (the request is left alone).
func (y *Syncer) JoinRequest(ctx context.Context, chatID, userID string) (approved, ok bool, err error) {
	var chat *GatedChat
	for i := range y.Chats {
		if y.Chats[i].ChatID == chatID {
			chat = &y.Chats[i]
		}
	}
	if chat == nil || y.Gate == nil {
		return false, false, nil
	}
	var contactID int64
	if err := y.InTx(ctx, func(s SyncStore) error {
		want, id, err := y.desired(ctx, s, PlatformTelegram, userID)
		approved, contactID = want[chat.Role], id
		return err
	}); err != nil {
		return false, true, fmt.Errorf("join request %s in %s: %w", userID, chatID, err)
	}
	if !approved {
		if err := y.Gate.DeclineJoinRequest(ctx, chatID, userID); err != nil {
			return false, true, err
		}
		return false, true, nil
	}
	if err := y.Gate.ApproveJoinRequest(ctx, chatID, userID); err != nil {
		return false, true, err
	}
	return true, true, y.InTx(ctx, func(s SyncStore) error {
		return s.PutGrant(ctx, Grant{Platform: PlatformTelegram, Scope: chatID, UserID: userID, Name: GrantMember, ContactID: contactID})
	})
}

// SweepChats re-checks every gated-chat member, starts or clears grace
// periods, and removes members whose grace has run out.
func (y *Syncer) SweepChats(ctx context.Context, dryRun bool) ([]RoleChange, error) {
	if y.Gate == nil {
		return nil, nil
	}
	var out []RoleChange
	for _, chat := range y.Chats {
		var remove []Grant
		err := y.InTx(ctx, func(s SyncStore) error {
			grants, err := s.Grants(ctx, PlatformTelegram, chat.ChatID)
			if err != nil {
				return err
			}
			for _, g := range grants {
				want, contactID, err := y.desired(ctx, s, PlatformTelegram, g.UserID)
				if err != nil {
					return err
				}
				q := want[chat.Role]
				if !dryRun {
					if err := y.mark(ctx, s, g, q, contactID); err != nil {
						return err
					}
				}
				since := g.FailingSince
				if !q && since.IsZero() {
					since = y.now()
				}
				if !q && !y.now().Before(since.Add(chat.Grace)) {
					remove = append(remove, g)
				}
			}
			return nil
		})
		if err != nil {
			return out, fmt.Errorf("sweep chat %s: %w", chat.ChatID, err)
		}
		for _, g := range remove {
			out = append(out, RoleChange{Platform: PlatformTelegram, Scope: chat.ChatID, UserID: g.UserID, Role: GrantMember,
				ContactID: g.ContactID, Reason: "no longer qualifies for " + chat.Role + " after the grace period"})
			if dryRun {
				continue
			}
			if err := y.Gate.RemoveMember(ctx, chat.ChatID, g.UserID); err != nil {
				return out, err
			}
			if err := y.InTx(ctx, func(s SyncStore) error {
				return s.DeleteGrant(ctx, PlatformTelegram, chat.ChatID, g.UserID, GrantMember)
			}); err != nil {
				return out, err
			}
			y.log().InfoContext(ctx, "telegram member removed", "chat", chat.ChatID, "user", g.UserID)
		}
	}
	return out, nil
}

// Reconcile compares every Discord member (when the client can list them)
// or every recorded grant and linked account with the rules, and fixes
// the differences unless dryRun; it also sweeps gated chats.
func (y *Syncer) Reconcile(ctx context.Context, dryRun bool) (SyncReport, error) {
	rep := SyncReport{DryRun: dryRun}
	if y.Discord != nil && y.Guild != "" {
		if err := y.reconcileDiscord(ctx, dryRun, &rep); err != nil {
			return rep, err
		}
	}
	chats, err := y.SweepChats(ctx, dryRun)
	rep.Changes = append(rep.Changes, chats...)
	rep.Sort()
	return rep, err
}

func (y *Syncer) reconcileDiscord(ctx context.Context, dryRun bool, rep *SyncReport) error {
	managed := y.managed()
	var members []Member
	lister, canList := y.Discord.(MemberLister)
	if canList {
		var err error
		if members, err = lister.GuildMembers(ctx, y.Guild); err != nil {
			return fmt.Errorf("reconcile: %w", err)
		}
	}
	var changes []RoleChange
	var left []Grant   // grants of members who left
	var forget []Grant // grants of roles taken by hand and no longer due
	var adopt []Grant  // managed roles held and due but not recorded
	err := y.InTx(ctx, func(s SyncStore) error {
		grants, err := s.Grants(ctx, PlatformDiscord, y.Guild)
		if err != nil {
			return err
		}
		recorded := map[[2]string]bool{}
		for _, g := range grants {
			recorded[[2]string{g.UserID, g.Name}] = true
		}
		if !canList {
			// Without a member list, the members are the linked accounts
			// and everyone holding a recorded grant, with those grants.
			linked, err := s.IdentityContacts(ctx, PlatformDiscord)
			if err != nil {
				return err
			}
			byUser := map[string]*Member{}
			for u := range linked {
				byUser[u] = &Member{UserID: u}
			}
			for _, g := range grants {
				if byUser[g.UserID] == nil {
					byUser[g.UserID] = &Member{UserID: g.UserID}
				}
				byUser[g.UserID].Roles = append(byUser[g.UserID].Roles, g.Name)
			}
			for _, m := range byUser {
				members = append(members, *m)
			}
		} else {
			present := map[string]bool{}
			for _, m := range members {
				present[m.UserID] = true
			}
			for _, g := range grants {
				if !present[g.UserID] {
					left = append(left, g)
				}
			}
		}
		for _, m := range members {
			want, contactID, err := y.desired(ctx, s, PlatformDiscord, m.UserID)
			if err != nil {
				return err
			}
			have := map[string]bool{}
			for _, r := range m.Roles {
				have[r] = true
			}
			changes = append(changes, diffRoles(managed, want, have, m.UserID, y.Guild, contactID)...)
			// Keep the record matching Discord, so event-driven syncs, which
			// diff against it, can later take away a role given by hand.
			for id, name := range managed {
				rec := recorded[[2]string{m.UserID, id}]
				switch {
				case have[id] && want[name] && !rec:
					adopt = append(adopt, Grant{Platform: PlatformDiscord, Scope: y.Guild, UserID: m.UserID, Name: id, ContactID: contactID})
				case !have[id] && !want[name] && rec:
					forget = append(forget, Grant{Platform: PlatformDiscord, Scope: y.Guild, UserID: m.UserID, Name: id})
				}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	rep.Checked += len(members)
	for _, g := range left {
		rep.Changes = append(rep.Changes, RoleChange{Platform: PlatformDiscord, Scope: g.Scope, UserID: g.UserID, Role: g.Name, ContactID: g.ContactID, Reason: "member left the server"})
	}
	rep.Changes = append(rep.Changes, changes...)
	if dryRun {
		return nil
	}
	if err := y.InTx(ctx, func(s SyncStore) error {
		for _, g := range append(left, forget...) {
			if err := s.DeleteGrant(ctx, g.Platform, g.Scope, g.UserID, g.Name); err != nil {
				return err
			}
		}
		for _, g := range adopt {
			if err := s.PutGrant(ctx, g); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return fmt.Errorf("reconcile: %w", err)
	}
	return y.apply(ctx, changes, "reconcile:"+y.now().UTC().Format(time.RFC3339))
}
