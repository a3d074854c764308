package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/gin-gonic/gin"

	"github.com/beckonhq/beckon/chain"
	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

type identityJSON struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

type contactJSON struct {
	ID           int64          `json:"id"`
	Email        string         `json:"email,omitempty"`
	Timezone     string         `json:"timezone,omitempty"`
	Locale       string         `json:"locale,omitempty"`
	Traits       map[string]any `json:"traits"`
	Identities   []identityJSON `json:"identities"`
	Unsubscribed bool           `json:"unsubscribed"`
	Points       *int64         `json:"points,omitempty"`
	Tier         *string        `json:"tier,omitempty"`
}

func toContactJSON(c crm.Contact) contactJSON {
	out := contactJSON{ID: c.ID, Email: c.Email, Timezone: c.Timezone, Locale: c.Locale, Traits: c.Traits,
		Identities: identitiesJSON(c.Identities), Unsubscribed: c.Unsubscribed}
	if out.Traits == nil {
		out.Traits = map[string]any{}
	}
	return out
}

func identitiesJSON(ids []crm.Identity) []identityJSON {
	out := make([]identityJSON, len(ids))
	for i, id := range ids {
		out[i] = identityJSON{Kind: id.Kind, Value: id.Value}
	}
	return out
}

// searchContacts finds contacts by email, wallet or Discord/Telegram handle.
func (s *Server) searchContacts(c *gin.Context) {
	pos, limit, ok := pageParams(c)
	if !ok {
		return
	}
	f := store.ContactFilter{After: pos, Limit: limit, Handle: strings.TrimSpace(c.Query("handle"))}
	if v := c.Query("email"); v != "" {
		id, err := crm.NormalizeIdentity(crm.Identity{Kind: crm.IdentityEmail, Value: v})
		if err != nil {
			badRequest(c, "email", "not a plain email address")
			return
		}
		f.Email = id.Value
	}
	if v := c.Query("wallet"); v != "" {
		if !common.IsHexAddress(v) {
			badRequest(c, "wallet", "must be a 0x-prefixed 20-byte hex address")
			return
		}
		f.Wallet = common.HexToAddress(v).Hex()
	}
	var list []crm.Contact
	var next int64
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		list, next, err = tx.SearchContacts(c.Request.Context(), f)
		return err
	})
	if err != nil {
		s.internal(c, "search contacts", err)
		return
	}
	items := make([]contactJSON, len(list))
	for i, ct := range list {
		items[i] = toContactJSON(ct)
	}
	c.JSON(http.StatusOK, page{Items: items, NextCursor: encodeCursor(next)})
}

// contactErr answers the errors contact lookups share.
func (s *Server) contactErr(c *gin.Context, what string, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		problem(c, http.StatusNotFound, "no such contact")
	case errors.Is(err, crm.ErrInvalid), errors.Is(err, loyalty.ErrInvalid):
		problemWith(c, http.StatusUnprocessableEntity, err.Error(), gin.H{"errors": []fieldError{{Field: "body", Message: err.Error()}}})
	default:
		s.internal(c, what, err)
	}
}

func (s *Server) getContact(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	ctx := c.Request.Context()
	var out contactJSON
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		ct, err := tx.Contact(ctx, id)
		if err != nil {
			return err
		}
		out = toContactJSON(ct)
		bal, err := tx.Balance(ctx, ct.ID)
		if err != nil {
			return err
		}
		tier, err := tx.ContactTier(ctx, ct.ID)
		out.Points, out.Tier = &bal, &tier
		return err
	})
	if err != nil {
		s.contactErr(c, "read the contact", err)
		return
	}
	c.JSON(http.StatusOK, out)
}

type traitsRequest struct {
	Traits map[string]string `json:"traits"`
}

const (
	maxTraits     = 50
	maxTraitKey   = 64
	maxTraitValue = 1024
)

// setTraits merges string traits into the contact's traits.
func (s *Server) setTraits(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req traitsRequest
	if !bindJSON(c, &req) {
		return
	}
	var errs []fieldError
	if len(req.Traits) == 0 {
		errs = append(errs, fieldError{Field: "traits", Message: "at least one trait is required"})
	}
	if len(req.Traits) > maxTraits {
		errs = append(errs, fieldError{Field: "traits", Message: fmt.Sprintf("at most %d traits at once", maxTraits)})
	}
	for k, v := range req.Traits {
		if k == "" || len(k) > maxTraitKey {
			errs = append(errs, fieldError{Field: "traits", Message: fmt.Sprintf("trait names must be 1 to %d bytes", maxTraitKey)})
		}
		if len(v) > maxTraitValue {
			errs = append(errs, fieldError{Field: "traits." + k, Message: fmt.Sprintf("at most %d bytes", maxTraitValue)})
		}
	}
	if len(errs) > 0 {
		unprocessable(c, "invalid traits", errs)
		return
	}
	ctx := c.Request.Context()
	var out contactJSON
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetTraits(ctx, id, req.Traits); err != nil {
			return err
		}
		ct, err := tx.Contact(ctx, id)
		out = toContactJSON(ct)
		return err
	})
	if err != nil {
		s.contactErr(c, "set traits", err)
		return
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) identities(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var ct crm.Contact
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		ct, err = tx.Contact(c.Request.Context(), id)
		return err
	})
	if err != nil {
		s.contactErr(c, "read identities", err)
		return
	}
	c.JSON(http.StatusOK, page{Items: identitiesJSON(ct.Identities)})
}

// linkIdentity attaches an identity to the contact; when another contact
// holds it, that contact is merged into this one.
func (s *Server) linkIdentity(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req identityJSON
	if !bindJSON(c, &req) {
		return
	}
	norm, err := crm.NormalizeIdentity(crm.Identity{Kind: req.Kind, Value: req.Value})
	if err != nil {
		unprocessable(c, err.Error(), []fieldError{{Field: "kind", Message: err.Error()}})
		return
	}
	ctx := c.Request.Context()
	var merged bool
	var ct crm.Contact
	err = s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if merged, err = tx.LinkIdentity(ctx, id, norm); err != nil {
			return err
		}
		ct, err = tx.Contact(ctx, id)
		return err
	})
	if err != nil {
		s.contactErr(c, "link the identity", err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"contact": toContactJSON(ct), "merged": merged})
}

type mergeRequest struct {
	From int64 `json:"from"`
}

// mergeContact merges contact "from" into the path's contact.
func (s *Server) mergeContact(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var req mergeRequest
	if !bindJSON(c, &req) {
		return
	}
	if req.From <= 0 {
		unprocessable(c, "from must be a contact id", []fieldError{{Field: "from", Message: "must be a positive contact id"}})
		return
	}
	ctx := c.Request.Context()
	var ct crm.Contact
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.MergeContacts(ctx, req.From, id, "api merge by "+callerKey(c).Prefix); err != nil {
			return err
		}
		var err error
		ct, err = tx.Contact(ctx, id)
		return err
	})
	if err != nil {
		s.contactErr(c, "merge contacts", err)
		return
	}
	c.JSON(http.StatusOK, toContactJSON(ct))
}

func (s *Server) contactQuests(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	ctx := c.Request.Context()
	var bonus int64
	var list []loyalty.QuestStatus
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Contact(ctx, id); err != nil {
			return err
		}
		var err error
		bonus, list, err = loyalty.Progress(ctx, tx, s.cfg.Quests, id)
		return err
	})
	if err != nil {
		s.contactErr(c, "read quest progress", err)
		return
	}
	if list == nil {
		list = []loyalty.QuestStatus{}
	}
	c.JSON(http.StatusOK, gin.H{"contact_id": id, "bonus_points": bonus, "items": list})
}

type eventJSON struct {
	ID          int64             `json:"id"`
	ChainID     uint64            `json:"chain_id"`
	BlockNumber uint64            `json:"block_number"`
	BlockHash   string            `json:"block_hash"`
	TxHash      string            `json:"tx_hash"`
	LogIndex    uint              `json:"log_index"`
	Contract    string            `json:"contract"`
	Source      string            `json:"source"`
	Kind        string            `json:"kind"`
	Name        string            `json:"name"`
	Wallet      string            `json:"wallet"`
	Args        map[string]string `json:"args"`
	Revision    int               `json:"revision"`
}

// events queries indexed events by chain, contract, kind, wallet and block range.
func (s *Server) events(c *gin.Context) {
	pos, limit, ok := pageParams(c)
	if !ok {
		return
	}
	q := store.EventQuery{After: pos, Limit: limit, Contract: c.Query("contract"), Kind: chain.Kind(c.Query("kind"))}
	uints := map[string]*uint64{"chain_id": &q.ChainID, "from_block": &q.FromBlock, "to_block": &q.ToBlock}
	for _, name := range []string{"chain_id", "from_block", "to_block"} {
		if v := c.Query(name); v != "" {
			n, err := parseUint(v)
			if err != nil {
				badRequest(c, name, "must be a non-negative integer")
				return
			}
			*uints[name] = n
		}
	}
	if q.ToBlock > 0 && q.FromBlock > q.ToBlock {
		badRequest(c, "to_block", "must not be below from_block")
		return
	}
	if v := c.Query("wallet"); v != "" {
		if !common.IsHexAddress(v) {
			badRequest(c, "wallet", "must be a 0x-prefixed 20-byte hex address")
			return
		}
		w := common.HexToAddress(v)
		q.Wallet = &w
	}
	var list []chain.Event
	var next int64
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		list, next, err = tx.QueryEvents(c.Request.Context(), q)
		return err
	})
	if err != nil {
		s.internal(c, "query events", err)
		return
	}
	items := make([]eventJSON, len(list))
	for i, e := range list {
		items[i] = eventJSON{ID: e.ID, ChainID: e.ChainID, BlockNumber: e.BlockNumber, BlockHash: e.BlockHash.Hex(), TxHash: e.TxHash.Hex(),
			LogIndex: e.LogIndex, Contract: e.Contract.Hex(), Source: e.Source, Kind: string(e.Kind), Name: e.Name,
			Wallet: e.Wallet.Hex(), Args: e.Args, Revision: e.Revision}
		if items[i].Args == nil {
			items[i].Args = map[string]string{}
		}
	}
	c.JSON(http.StatusOK, page{Items: items, NextCursor: encodeCursor(next)})
}

func parseUint(s string) (uint64, error) {
	var n uint64
	_, err := fmt.Sscan(s, &n)
	if err != nil || fmt.Sprint(n) != s {
		return 0, errors.New("not an unsigned integer")
	}
	return n, nil
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
