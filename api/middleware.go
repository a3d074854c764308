package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

const (
	requestIDKey   = "request_id"
	requestIDHdr   = "X-Request-Id"
	apiKeyCtxKey   = "api_key"
	maxRequestID   = 128
	corsMaxAgeSecs = "600"
)

// requestIDPattern bounds what a client may send as its request id, so
// ids are safe to log and echo.
var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

// requestID takes the caller's X-Request-Id when well formed, else makes
// one, and echoes it on the response.
func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader(requestIDHdr)
	if len(id) > maxRequestID || !requestIDPattern.MatchString(id) {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(requestIDKey, id)
	c.Header(requestIDHdr, id)
	c.Next()
}

// log is the server's logger with the request's id.
func (s *Server) log(c *gin.Context) *slog.Logger {
	return s.cfg.Log.With("request_id", c.GetString(requestIDKey))
}

// accessLog logs each request by route pattern, never by raw URL: query
// strings carry unsubscribe tokens, and headers carry keys.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "(unmatched)"
	}
	attrs := []any{"method", c.Request.Method, "route", route, "status", c.Writer.Status(),
		"duration_ms", float64(time.Since(start).Microseconds()) / 1000}
	if k, ok := c.Get(apiKeyCtxKey); ok {
		attrs = append(attrs, "key", k.(Key).Prefix)
	}
	s.log(c).Info("request", attrs...)
}

// recovered answers a panic with a problem document; the panic value is
// logged, the request (and its headers) is not.
func (s *Server) recovered(c *gin.Context, err any) {
	s.log(c).Error("panic serving request", "route", c.FullPath(), "panic", fmt.Sprint(err))
	problem(c, http.StatusInternalServerError, "internal error")
}

// cors answers preflights and marks responses for the allowed origins.
func (s *Server) cors(c *gin.Context) {
	origin := c.GetHeader("Origin")
	if origin == "" || len(s.cfg.CORSOrigins) == 0 {
		c.Next()
		return
	}
	allowed := slices.Contains(s.cfg.CORSOrigins, "*") || slices.Contains(s.cfg.CORSOrigins, origin)
	c.Writer.Header().Add("Vary", "Origin")
	if !allowed {
		if c.Request.Method == http.MethodOptions {
			problem(c, http.StatusForbidden, "origin not allowed")
			return
		}
		c.Next()
		return
	}
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Access-Control-Expose-Headers", "X-Request-Id, Retry-After")
	if c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE")
		h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id, X-API-Key")
		h.Set("Access-Control-Max-Age", corsMaxAgeSecs)
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	c.Next()
}

// Scopes, weakest first: each includes the ones before it.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
	ScopeAdmin = "admin"
)

func scopeRank(s string) int {
	switch s {
	case ScopeRead:
		return 1
	case ScopeWrite:
		return 2
	case ScopeAdmin:
		return 3
	}
	return 0
}

// ValidScope reports whether s is a scope.
func ValidScope(s string) bool { return scopeRank(s) > 0 }

// bearer extracts the key from Authorization: Bearer … or X-API-Key.
func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(tok)
		}
		return ""
	}
	return strings.TrimSpace(r.Header.Get("X-API-Key"))
}

// auth requires a valid, unrevoked key of at least scope, then applies
// the key's rate limit.
func (s *Server) auth(scope string) gin.HandlerFunc {
	return func(c *gin.Context) {
		secret := bearer(c.Request)
		if secret == "" {
			c.Header("WWW-Authenticate", `Bearer realm="beckon"`)
			problem(c, http.StatusUnauthorized, "an API key is required: Authorization: Bearer <key>")
			return
		}
		k, err := s.keys.Lookup(c.Request.Context(), secret)
		if err != nil {
			if isUnauthorized(err) {
				c.Header("WWW-Authenticate", `Bearer realm="beckon", error="invalid_token"`)
				problem(c, http.StatusUnauthorized, "the API key is unknown or revoked")
				return
			}
			s.log(c).Error("check api key", "err", err)
			problem(c, http.StatusInternalServerError, "could not check the API key")
			return
		}
		c.Set(apiKeyCtxKey, k)
		if scopeRank(k.Scope) < scopeRank(scope) {
			problem(c, http.StatusForbidden, fmt.Sprintf("this route needs a %s key; this key has scope %s", scope, k.Scope))
			return
		}
		if wait, ok := s.limits.allow(k.ID); !ok {
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			problem(c, http.StatusTooManyRequests, fmt.Sprintf("rate limit of %g requests/s exceeded", s.cfg.RateLimit))
			return
		}
		c.Next()
	}
}

// callerKey is the authenticated key of the request.
func callerKey(c *gin.Context) Key {
	k, _ := c.Get(apiKeyCtxKey)
	key, _ := k.(Key)
	return key
}

// rateLimits holds one token bucket per key.
type rateLimits struct {
	rate  rate.Limit
	burst int
	mu    sync.Mutex
	byKey map[int64]*rate.Limiter
}

func newRateLimits(perSecond float64, burst int) *rateLimits {
	return &rateLimits{rate: rate.Limit(perSecond), burst: max(burst, 1), byKey: map[int64]*rate.Limiter{}}
}

// allow takes a token for key, or says how long until one is free.
func (l *rateLimits) allow(key int64) (time.Duration, bool) {
	l.mu.Lock()
	lim, ok := l.byKey[key]
	if !ok {
		lim = rate.NewLimiter(l.rate, l.burst)
		l.byKey[key] = lim
	}
	l.mu.Unlock()
	r := lim.Reserve()
	if d := r.Delay(); d > 0 {
		r.Cancel()
		return max(d, time.Second), false
	}
	return 0, true
}
