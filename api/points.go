package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/gin-gonic/gin"

	"github.com/beckonhq/beckon/crm"
	"github.com/beckonhq/beckon/loyalty"
	"github.com/beckonhq/beckon/store"
)

// contactParam resolves :contact, a contact id or a wallet address, to a
// live contact id. With create, an unseen wallet gets a contact.
func (s *Server) contactParam(c *gin.Context, tx *store.Tx, create bool) (int64, error) {
	v := c.Param("contact")
	ctx := c.Request.Context()
	if common.IsHexAddress(v) {
		w := common.HexToAddress(v)
		if create {
			id, _, err := crm.EnsureWallet(ctx, tx, w)
			return id, err
		}
		id, ok, err := tx.WalletContact(ctx, w)
		if err != nil {
			return 0, err
		}
		if !ok {
			return 0, fmt.Errorf("wallet %s: %w", w.Hex(), store.ErrNotFound)
		}
		return id, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, errBadContact
	}
	ct, err := tx.Contact(ctx, id)
	return ct.ID, err
}

var errBadContact = errors.New("contact must be a contact id or a 0x wallet address")

func (s *Server) pointsErr(c *gin.Context, what string, err error) {
	if errors.Is(err, errBadContact) {
		badRequest(c, "contact", "must be a positive contact id or a 0x-prefixed 20-byte hex address")
		return
	}
	s.contactErr(c, what, err)
}

func (s *Server) balance(c *gin.Context) {
	ctx := c.Request.Context()
	season := c.Query("season")
	out := gin.H{}
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err := s.contactParam(c, tx, false)
		if err != nil {
			return err
		}
		bal, err := tx.Balance(ctx, id)
		if err != nil {
			return err
		}
		tier, err := tx.ContactTier(ctx, id)
		if err != nil {
			return err
		}
		out["contact_id"], out["points"], out["tier"] = id, bal, tier
		if season != "" {
			sb, err := tx.SeasonBalance(ctx, id, season)
			if err != nil {
				return err
			}
			out["season"], out["season_points"] = season, sb
		}
		return nil
	})
	if err != nil {
		s.pointsErr(c, "read the balance", err)
		return
	}
	c.JSON(http.StatusOK, out)
}

type entryJSON struct {
	ID        int64  `json:"id"`
	Amount    int64  `json:"amount"`
	Reason    string `json:"reason"`
	Source    string `json:"source"`
	Reverses  int64  `json:"reverses,omitempty"`
	Season    string `json:"season"`
	Rule      string `json:"rule,omitempty"`
	Actor     string `json:"actor,omitempty"`
	ExpiresAt string `json:"expires_at,omitempty"`
	At        string `json:"at"`
}

func (s *Server) history(c *gin.Context) {
	pos, limit, ok := pageParams(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	var entries []loyalty.Entry
	var next int64
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		id, err := s.contactParam(c, tx, false)
		if err != nil {
			return err
		}
		entries, next, err = tx.History(ctx, id, pos, min(limit, 1000))
		return err
	})
	if err != nil {
		s.pointsErr(c, "read the history", err)
		return
	}
	items := make([]entryJSON, len(entries))
	for i, e := range entries {
		items[i] = entryJSON{ID: e.ID, Amount: e.Amount, Reason: e.Reason, Source: e.Source, Reverses: e.Reverses, Season: e.Season,
			Rule: e.Rule, Actor: e.Actor, ExpiresAt: rfc3339(e.ExpiresAt), At: rfc3339(e.At)}
	}
	c.JSON(http.StatusOK, page{Items: items, NextCursor: encodeCursor(next)})
}

func (s *Server) rank(c *gin.Context) {
	k := 0
	if v := c.Query("neighbours"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > loyalty.MaxLeaderboard {
			badRequest(c, "neighbours", fmt.Sprintf("must be 0 to %d", loyalty.MaxLeaderboard))
			return
		}
		k = n
	}
	ctx := c.Request.Context()
	season := c.Query("season")
	var id int64
	var list []loyalty.Standing
	err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = s.contactParam(c, tx, false); err != nil {
			return err
		}
		list, err = tx.Neighbours(ctx, id, season, k)
		return err
	})
	if errors.Is(err, loyalty.ErrNotRanked) {
		problem(c, http.StatusNotFound, fmt.Sprintf("contact has no points in season %q", season))
		return
	}
	if err != nil {
		s.pointsErr(c, "read the rank", err)
		return
	}
	var me loyalty.Standing
	for _, st := range list {
		if st.ContactID == id {
			me = st
		}
	}
	c.JSON(http.StatusOK, gin.H{"contact_id": id, "season": season, "rank": me.Rank, "points": me.Points, "standings": list})
}

func (s *Server) leaderboard(c *gin.Context) {
	limit := 10
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > loyalty.MaxLeaderboard {
			badRequest(c, "limit", fmt.Sprintf("must be 1 to %d", loyalty.MaxLeaderboard))
			return
		}
		limit = n
	}
	season := c.Query("season")
	var top []loyalty.Standing
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		top, err = tx.Top(c.Request.Context(), season, limit)
		return err
	})
	if err != nil {
		s.internal(c, "read the leaderboard", err)
		return
	}
	if top == nil {
		top = []loyalty.Standing{}
	}
	c.JSON(http.StatusOK, gin.H{"season": season, "standings": top})
}

type awardRequest struct {
	Amount int64  `json:"amount"`
	Reason string `json:"reason"`
	Key    string `json:"key"`
	Season string `json:"season"`
}

// award writes a manual ledger entry (sign -1: a revoke) in the caller's
// key's name; the same idempotency key twice writes one entry.
func (s *Server) award(sign int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req awardRequest
		if !bindJSON(c, &req) {
			return
		}
		var errs []fieldError
		if req.Amount <= 0 {
			errs = append(errs, fieldError{Field: "amount", Message: "must be a positive number of points"})
		}
		if strings.TrimSpace(req.Reason) == "" {
			errs = append(errs, fieldError{Field: "reason", Message: "is required"})
		}
		if len(req.Key) > 200 {
			errs = append(errs, fieldError{Field: "key", Message: "at most 200 bytes"})
		}
		if len(errs) > 0 {
			unprocessable(c, "invalid award", errs)
			return
		}
		actor := "api:" + callerKey(c).Prefix
		key := req.Key
		if key == "" {
			key = fmt.Sprintf("manual:%s:%d", actor, time.Now().UnixNano())
		} else {
			key = "api:" + key
		}
		season := req.Season
		if season == "" && s.cfg.Ledger != nil {
			season = s.cfg.Ledger.Season
		}
		ctx := c.Request.Context()
		out := gin.H{}
		err := s.cfg.DB.InTx(ctx, func(tx *store.Tx) error {
			id, err := s.contactParam(c, tx, sign > 0)
			if err != nil {
				return err
			}
			var ls loyalty.Store = tx
			if s.cfg.Ledger != nil {
				ls = s.cfg.Ledger.Bind(tx)
			}
			inserted, err := loyalty.AwardManual(ctx, ls, loyalty.Entry{ContactID: id, Amount: sign * req.Amount, Reason: req.Reason,
				Actor: actor, Source: "manual:" + actor, Key: key, Season: season})
			if err != nil {
				return err
			}
			bal, err := tx.Balance(ctx, id)
			if err != nil {
				return err
			}
			tier, err := tx.ContactTier(ctx, id)
			out["contact_id"], out["amount"], out["inserted"], out["points"], out["tier"] = id, sign*req.Amount, inserted, bal, tier
			return err
		})
		if err != nil {
			s.pointsErr(c, "write the award", err)
			return
		}
		status := http.StatusCreated
		if !out["inserted"].(bool) {
			status = http.StatusOK
		}
		c.JSON(status, out)
	}
}

type questJSON struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	Bonus       int64  `json:"bonus"`
	Badge       string `json:"badge,omitempty"`
	Starts      string `json:"starts,omitempty"`
	Expires     string `json:"expires,omitempty"`
	Conditions  []struct {
		Event    string `json:"event,omitempty"`
		Contract string `json:"contract,omitempty"`
		Count    int64  `json:"count,omitempty"`
		Linked   string `json:"linked,omitempty"`
	} `json:"conditions"`
}

func (s *Server) quests(c *gin.Context) {
	items := make([]questJSON, len(s.cfg.Quests))
	for i, q := range s.cfg.Quests {
		items[i] = questJSON{Name: q.Name, Description: q.Description, Bonus: q.Bonus, Badge: q.Badge, Starts: q.Starts, Expires: q.Expires}
		for _, cond := range q.Conditions {
			items[i].Conditions = append(items[i].Conditions, struct {
				Event    string `json:"event,omitempty"`
				Contract string `json:"contract,omitempty"`
				Count    int64  `json:"count,omitempty"`
				Linked   string `json:"linked,omitempty"`
			}{cond.Event, cond.Contract, cond.Count, cond.Linked})
		}
	}
	c.JSON(http.StatusOK, page{Items: items})
}
