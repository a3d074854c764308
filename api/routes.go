package api

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// routes registers the v1 resources. Public routes (health, link,
// proofs, unsubscribe) are registered in New; everything here needs a key
// of the scope named, except the OpenAPI document and signed intakes.
func (s *Server) routes(r *gin.Engine) {
	read, write, admin := s.auth(ScopeRead), s.auth(ScopeWrite), s.auth(ScopeAdmin)
	r.GET("/v1/openapi.json", s.openAPI)
	if s.cfg.Metrics != nil {
		r.GET("/metrics", read, gin.WrapH(s.cfg.Metrics))
	}
	for route, h := range s.cfg.Webhooks {
		method, path, ok := strings.Cut(route, " ")
		if !ok {
			panic(fmt.Sprintf("api: webhook key %q must be \"METHOD /path\"", route))
		}
		r.Handle(method, path, gin.WrapH(h))
	}
	if len(s.cfg.CustomEventSecret) > 0 {
		r.POST("/v1/events/custom", s.customEvent)
	}

	v1 := r.Group("/v1")
	v1.GET("/contacts", read, s.searchContacts)
	v1.GET("/contacts/:id", read, s.getContact)
	v1.PATCH("/contacts/:id/traits", write, s.setTraits)
	v1.GET("/contacts/:id/identities", read, s.identities)
	v1.POST("/contacts/:id/identities", write, s.linkIdentity)
	v1.POST("/contacts/:id/merge", admin, s.mergeContact)
	v1.GET("/contacts/:id/quests", read, s.contactQuests)

	v1.GET("/events", read, s.events)

	v1.GET("/flows", read, s.listFlows)
	v1.POST("/flows", write, s.createFlow)
	v1.POST("/flows/validate", read, s.validateFlow)
	v1.GET("/flows/:name", read, s.getFlow)
	v1.PUT("/flows/:name", write, s.updateFlow)
	v1.POST("/flows/:name/enable", write, s.enableFlow(true))
	v1.POST("/flows/:name/disable", write, s.enableFlow(false))
	v1.GET("/flows/:name/runs", read, s.flowRuns)
	if s.cfg.FlowSimulator != nil {
		v1.POST("/flows/:name/simulate", read, s.simulateFlow)
	}
	if s.cfg.FlowStats != nil {
		v1.GET("/flows/:name/stats", read, s.flowStats)
	}

	v1.GET("/points/leaderboard", read, s.leaderboard)
	v1.GET("/points/:contact/balance", read, s.balance)
	v1.GET("/points/:contact/history", read, s.history)
	v1.GET("/points/:contact/rank", read, s.rank)
	v1.POST("/points/:contact/award", write, s.award(1))
	v1.POST("/points/:contact/revoke", write, s.award(-1))

	v1.GET("/quests", read, s.quests)

	v1.GET("/rewards/epochs", read, s.epochs)
	v1.GET("/rewards/epochs/:id", read, s.epoch)
	v1.GET("/rewards/payouts", read, s.payouts)
	v1.GET("/rewards/status", read, s.rewardsStatus)

	if s.cfg.Segments != nil {
		v1.GET("/segments", read, s.listSegments)
		v1.POST("/segments", write, s.putSegment(true))
		v1.POST("/segments/preview", read, s.previewSegment)
		v1.GET("/segments/:name", read, s.getSegment)
		v1.PUT("/segments/:name", write, s.putSegment(false))
		v1.DELETE("/segments/:name", write, s.deleteSegment)
		v1.GET("/segments/:name/members", read, s.segmentMembers)
		v1.GET("/segments/:name/export", read, s.exportSegment)
	}
}

// Pages.
const (
	defaultLimit = 50
	maxLimit     = 500
	cursorTag    = "c1:"
)

// page is a list response: items and, when more follow, the opaque
// cursor of the next page.
type page struct {
	Items      any    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

// encodeCursor hides the position (an id) so clients treat it as opaque.
func encodeCursor(pos int64) string {
	if pos == 0 {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(cursorTag + strconv.FormatInt(pos, 10)))
}

func decodeCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || !strings.HasPrefix(string(b), cursorTag) {
		return 0, errors.New("cursor is not one this API issued")
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(string(b), cursorTag), 10, 64)
	if err != nil || n <= 0 {
		return 0, errors.New("cursor is not one this API issued")
	}
	return n, nil
}

// pageParams reads ?cursor= and ?limit=, answering 400 when bad.
func pageParams(c *gin.Context) (pos int64, limit int, ok bool) {
	pos, err := decodeCursor(c.Query("cursor"))
	if err != nil {
		badRequest(c, "cursor", err.Error())
		return 0, 0, false
	}
	limit = defaultLimit
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLimit {
			badRequest(c, "limit", fmt.Sprintf("limit must be an integer from 1 to %d", maxLimit))
			return 0, 0, false
		}
		limit = n
	}
	return pos, limit, true
}

// fieldError names one bad input.
type fieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
}

// badRequest is a 400 naming the bad field.
func badRequest(c *gin.Context, field, msg string) {
	problemWith(c, http.StatusBadRequest, field+": "+msg, gin.H{"errors": []fieldError{{Field: field, Message: msg}}})
}

// unprocessable is a 422 listing every problem of a well-formed body.
func unprocessable(c *gin.Context, detail string, errs []fieldError) {
	problemWith(c, http.StatusUnprocessableEntity, detail, gin.H{"errors": errs})
}

// bindJSON decodes the body, answering 413 or 400 itself.
func bindJSON(c *gin.Context, v any) bool {
	if err := c.ShouldBindJSON(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			problem(c, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", tooLarge.Limit))
			return false
		}
		problemWith(c, http.StatusBadRequest, "body must be a JSON object: "+err.Error(), gin.H{"errors": []fieldError{{Field: "body", Message: "not valid JSON for this route"}}})
		return false
	}
	return true
}

// internal logs err and answers 500 without its text.
func (s *Server) internal(c *gin.Context, what string, err error) {
	s.log(c).Error(what, "err", err)
	problem(c, http.StatusInternalServerError, "could not "+what)
}

func pathID(c *gin.Context, name string) (int64, bool) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		badRequest(c, name, "must be a positive integer")
		return 0, false
	}
	return id, true
}
