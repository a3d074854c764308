package crm

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // timezones validate the same on hosts without zoneinfo

	"golang.org/x/text/language"
)

// TraitType is the declared type of a custom trait.
type TraitType string

// Trait types. Untyped traits (set by flows' set_trait step) are strings.
const (
	TraitString TraitType = "string"
	TraitNumber TraitType = "number"
	TraitBool   TraitType = "bool"
	TraitTime   TraitType = "time"
)

// Trait is one typed custom trait. Value is a string, float64, bool or
// time.Time according to Type.
type Trait struct {
	Name  string
	Type  TraitType
	Value any
}

// traitName keeps names usable as CEL field selections and CSV headers.
var traitName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// ParseTrait parses raw as a trait of type typ ("" means string). Times
// are RFC 3339 or a date (2006-01-02, UTC); bools are true/false/yes/no/1/0.
func ParseTrait(name string, typ TraitType, raw string) (Trait, error) {
	t := Trait{Name: name, Type: typ}
	if !traitName.MatchString(name) {
		return t, fmt.Errorf("trait name %q: %w: want lower case letters, digits and _ , starting with a letter or _", name, ErrInvalid)
	}
	raw = strings.TrimSpace(raw)
	switch typ {
	case "", TraitString:
		t.Type, t.Value = TraitString, raw
	case TraitNumber:
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return t, fmt.Errorf("trait %s: %w: %q is not a number", name, ErrInvalid, raw)
		}
		t.Value = f
	case TraitBool:
		switch strings.ToLower(raw) {
		case "true", "yes", "1":
			t.Value = true
		case "false", "no", "0":
			t.Value = false
		default:
			return t, fmt.Errorf("trait %s: %w: %q is not a bool (true/false)", name, ErrInvalid, raw)
		}
	case TraitTime:
		v, err := time.Parse(time.RFC3339Nano, raw)
		if err != nil {
			v, err = time.Parse(time.DateOnly, raw)
		}
		if err != nil {
			return t, fmt.Errorf("trait %s: %w: %q is not an RFC 3339 time or a date", name, ErrInvalid, raw)
		}
		t.Value = v.UTC()
	default:
		return t, fmt.Errorf("trait %s: type %q: %w (valid: string, number, bool, time)", name, typ, ErrInvalid)
	}
	return t, nil
}

// Stored returns the JSON value the trait is stored as: times as RFC 3339
// strings, the rest as themselves.
func (t Trait) Stored() any {
	if v, ok := t.Value.(time.Time); ok {
		return v.UTC().Format(time.RFC3339Nano)
	}
	return t.Value
}

// DecodeTrait turns a stored JSON value back into its typed value.
func DecodeTrait(typ TraitType, stored any) any {
	if typ != TraitTime {
		return stored
	}
	s, _ := stored.(string)
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return stored
	}
	return v
}

// NormalizeTimezone checks an IANA timezone name ("" clears it).
func NormalizeTimezone(tz string) (string, error) {
	tz = strings.TrimSpace(tz)
	if tz == "" {
		return "", nil
	}
	if strings.EqualFold(tz, "local") {
		return "", fmt.Errorf("timezone %q: %w: name an IANA zone such as Europe/Paris", tz, ErrInvalid)
	}
	if _, err := time.LoadLocation(tz); err != nil {
		return "", fmt.Errorf("timezone %q: %w: not an IANA zone", tz, ErrInvalid)
	}
	return tz, nil
}

// NormalizeLocale canonicalises a BCP 47 locale tag ("" clears it).
func NormalizeLocale(loc string) (string, error) {
	loc = strings.TrimSpace(loc)
	if loc == "" {
		return "", nil
	}
	tag, err := language.Parse(strings.ReplaceAll(loc, "_", "-"))
	if err != nil {
		return "", fmt.Errorf("locale %q: %w: not a BCP 47 tag", loc, ErrInvalid)
	}
	return tag.String(), nil
}

// ProfileStore is what typed traits and the profile need from persistence.
type ProfileStore interface {
	// PutTraits merges typed traits into the contact's traits.
	PutTraits(ctx context.Context, contactID int64, traits []Trait) error
	// SetProfile sets the contact's timezone and locale.
	SetProfile(ctx context.Context, contactID int64, timezone, locale string) error
}

// SetProfile validates and stores a contact's timezone and locale.
func SetProfile(ctx context.Context, s ProfileStore, contactID int64, timezone, locale string) error {
	tz, err := NormalizeTimezone(timezone)
	if err != nil {
		return err
	}
	loc, err := NormalizeLocale(locale)
	if err != nil {
		return err
	}
	return s.SetProfile(ctx, contactID, tz, loc)
}

// ExternalIdentity is the identity of a contact's record in an external
// CRM: kind "ext:<system>", e.g. ext:hubspot.
func ExternalIdentity(system, id string) Identity {
	return Identity{Kind: IdentityExternalPrefix + system, Value: id}
}

// IdentityExternalPrefix starts the kind of external CRM ids.
const IdentityExternalPrefix = "ext:"

var externalSystem = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)

func normalizeExternal(id Identity) (Identity, error) {
	system := strings.TrimPrefix(id.Kind, IdentityExternalPrefix)
	if !externalSystem.MatchString(system) {
		return id, fmt.Errorf("identity kind %q: %w: external system must be lower case letters, digits, - or _", id.Kind, ErrInvalid)
	}
	id.Value = strings.TrimSpace(id.Value)
	if id.Value == "" || len(id.Value) > 256 {
		return id, fmt.Errorf("%s id: %w: empty or longer than 256", system, ErrInvalid)
	}
	return id, nil
}
