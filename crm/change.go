package crm

// Contact change types: the event names outbound webhooks carry. Each
// change is recorded in the transaction that makes it.
const (
	// ChangeCreated: a contact was created for its first identity.
	ChangeCreated = "contact.created"
	// ChangeIdentityLinked: an identity was attached to the contact.
	ChangeIdentityLinked = "contact.identity_linked"
	// ChangeIdentityUnlinked: an identity was detached from the contact.
	ChangeIdentityUnlinked = "contact.identity_unlinked"
	// ChangeMerged: another contact was merged into this one.
	ChangeMerged = "contact.merged"
	// ChangeTraits: custom traits were set to new values.
	ChangeTraits = "contact.traits_changed"
	// ChangeProfile: the timezone or locale changed.
	ChangeProfile = "contact.profile_changed"
	// ChangeEmailSubscription: the contact unsubscribed, one of its
	// addresses was suppressed or unsuppressed, or confirmed its opt-in.
	ChangeEmailSubscription = "contact.email_subscription_changed"
	// ChangePoints: the points balance moved; one per contact per
	// transaction, however many ledger entries it wrote.
	ChangePoints = "contact.points_changed"
	// ChangeTier: the loyalty tier changed.
	ChangeTier = "contact.tier_changed"
)

// ChangeTypes lists every contact change type.
var ChangeTypes = []string{ChangeCreated, ChangeIdentityLinked, ChangeIdentityUnlinked, ChangeMerged,
	ChangeTraits, ChangeProfile, ChangeEmailSubscription, ChangePoints, ChangeTier}

// Email subscription changes (EmailSubscriptionChange.Change).
const (
	EmailUnsubscribed   = "unsubscribed"
	EmailSuppressed     = "suppressed"
	EmailUnsuppressed   = "unsuppressed"
	EmailOptInConfirmed = "opt_in_confirmed"
)

// ValueChange is one field's value before and after a change; a field
// that did not exist before has a null Old.
type ValueChange struct {
	Old any `json:"old"`
	New any `json:"new"`
}

// IdentityChange is the data of created, identity_linked and
// identity_unlinked changes.
type IdentityChange struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// MergeChange is the data of a merged change: MergedID now resolves to
// SurvivingID, which holds its identities, points and flow runs.
type MergeChange struct {
	SurvivingID int64  `json:"surviving_id"`
	MergedID    int64  `json:"merged_id"`
	Reason      string `json:"reason"`
}

// TraitsChange is the data of a traits_changed change: only the keys
// whose value changed.
type TraitsChange struct {
	Traits map[string]ValueChange `json:"traits"`
}

// EmailSubscriptionChange is the data of an email_subscription_changed change.
type EmailSubscriptionChange struct {
	Email  string `json:"email,omitempty"`
	Change string `json:"change"`
	// Reason of a suppression: unsubscribed, bounced or complained.
	Reason string `json:"reason,omitempty"`
	Source string `json:"source,omitempty"`
}

// PointsChange is the data of a points_changed change: the all-seasons
// balance and each season balance that moved.
type PointsChange struct {
	Points  ValueChange            `json:"points"`
	Seasons map[string]ValueChange `json:"seasons,omitempty"`
}

// TierChangeData is the data of a tier_changed change.
type TierChangeData struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason"`
}
