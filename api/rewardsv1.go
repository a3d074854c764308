package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/beckonhq/beckon/loyalty/rewards"
	"github.com/beckonhq/beckon/store"
)

type epochJSON struct {
	ID          int64  `json:"id"`
	ChainID     uint64 `json:"chain_id"`
	Distributor string `json:"distributor"`
	Root        string `json:"root"`
	Total       string `json:"total"`
	Source      string `json:"source"`
	PrevID      *int64 `json:"prev_epoch"`
	Accounts    int64  `json:"accounts"`
	PublishTx   string `json:"publish_tx,omitempty"`
	PublishedAt string `json:"published_at,omitempty"`
	CreatedAt   string `json:"created_at"`
}

func toEpochJSON(e store.EpochSummary) epochJSON {
	out := epochJSON{ID: e.ID, ChainID: e.ChainID, Distributor: e.Distributor.Hex(), Root: e.Root.Hex(), Total: e.Total,
		Source: e.Source, Accounts: e.Accounts, PublishTx: e.PublishTx, PublishedAt: rfc3339(e.PublishedAt), CreatedAt: rfc3339(e.CreatedAt)}
	if e.PrevID >= 0 {
		p := e.PrevID
		out.PrevID = &p
	}
	return out
}

func (s *Server) epochs(c *gin.Context) {
	pos, limit, ok := pageParams(c)
	if !ok {
		return
	}
	var chainID uint64
	if v := c.Query("chain_id"); v != "" {
		n, err := parseUint(v)
		if err != nil {
			badRequest(c, "chain_id", "must be a non-negative integer")
			return
		}
		chainID = n
	}
	var list []store.EpochSummary
	var next int64
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		list, next, err = tx.EpochSummaries(c.Request.Context(), chainID, pos, limit)
		return err
	})
	if err != nil {
		s.internal(c, "list epochs", err)
		return
	}
	items := make([]epochJSON, len(list))
	for i, e := range list {
		items[i] = toEpochJSON(e)
	}
	c.JSON(http.StatusOK, page{Items: items, NextCursor: encodeCursor(next)})
}

func (s *Server) epoch(c *gin.Context) {
	id, ok := pathID(c, "id")
	if !ok {
		return
	}
	var list []store.EpochSummary
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		list, _, err = tx.EpochSummaries(c.Request.Context(), 0, id+1, 1)
		return err
	})
	if err != nil {
		s.internal(c, "read the epoch", err)
		return
	}
	if len(list) == 0 || list[0].ID != id {
		problem(c, http.StatusNotFound, "no such epoch")
		return
	}
	c.JSON(http.StatusOK, toEpochJSON(list[0]))
}

type payoutJSON struct {
	ID        int64  `json:"id"`
	Key       string `json:"key"`
	Batch     string `json:"batch"`
	ChainID   uint64 `json:"chain_id"`
	Token     string `json:"token"`
	From      string `json:"from"`
	To        string `json:"to"`
	Amount    string `json:"amount"`
	Status    string `json:"status"`
	Nonce     *int64 `json:"nonce"`
	TxHash    string `json:"tx_hash,omitempty"`
	Attempts  int    `json:"attempts"`
	Block     uint64 `json:"block,omitempty"`
	Error     string `json:"error,omitempty"`
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
}

// payoutStatuses lists every payout status in lifecycle order.
func payoutStatuses() []rewards.PayoutStatus {
	return []rewards.PayoutStatus{rewards.PayoutPlanned, rewards.PayoutSigned, rewards.PayoutBroadcast, rewards.PayoutConfirmed, rewards.PayoutFailed}
}

func (s *Server) payouts(c *gin.Context) {
	pos, limit, ok := pageParams(c)
	if !ok {
		return
	}
	status := c.Query("status")
	if status != "" {
		valid := false
		for _, st := range payoutStatuses() {
			valid = valid || string(st) == status
		}
		if !valid {
			badRequest(c, "status", "must be planned, signed, broadcast, confirmed or failed")
			return
		}
	}
	var list []rewards.Payout
	var next int64
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		list, next, err = tx.PayoutPage(c.Request.Context(), status, c.Query("batch"), pos, limit)
		return err
	})
	if err != nil {
		s.internal(c, "list payouts", err)
		return
	}
	items := make([]payoutJSON, len(list))
	for i, p := range list {
		items[i] = payoutJSON{ID: p.ID, Key: p.Key, Batch: p.Batch, ChainID: p.ChainID, Token: p.Token.Hex(), From: p.From.Hex(), To: p.To.Hex(),
			Amount: p.Amount.String(), Status: string(p.Status), Attempts: p.Attempts, Block: p.Block, Error: p.Error,
			CreatedAt: rfc3339(p.CreatedAt), UpdatedAt: rfc3339(p.UpdatedAt)}
		if p.HasNonce {
			n := int64(p.Nonce)
			items[i].Nonce = &n
		}
		if p.Attempts > 0 {
			items[i].TxHash = p.TxHash.Hex()
		}
	}
	c.JSON(http.StatusOK, page{Items: items, NextCursor: encodeCursor(next)})
}

// rewardsStatus is the latest epoch of the API's chain and payouts per status.
func (s *Server) rewardsStatus(c *gin.Context) {
	var latest []store.EpochSummary
	var counts map[string]int64
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		if latest, _, err = tx.EpochSummaries(c.Request.Context(), s.cfg.ChainID, 0, 1); err != nil {
			return err
		}
		counts, err = tx.PayoutCounts(c.Request.Context())
		return err
	})
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		s.internal(c, "read rewards status", err)
		return
	}
	payouts := map[string]int64{}
	for _, st := range payoutStatuses() {
		payouts[string(st)] = counts[string(st)]
	}
	out := gin.H{"chain_id": s.cfg.ChainID, "latest_epoch": nil, "payouts": payouts}
	if len(latest) > 0 {
		out["latest_epoch"] = toEpochJSON(latest[0])
	}
	c.JSON(http.StatusOK, out)
}
