package ui

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/beckonhq/beckon/crm/siwe"
	"github.com/beckonhq/beckon/store"
)

const (
	sessionCookie = "beckon_session"
	// loginCookie carries the double-submit CSRF token of the sign-in
	// forms, before there is a session to tie a token to.
	loginCookie = "beckon_login"
	maxForm     = 16 << 10
)

// session is what the signed cookie says.
type session struct {
	Subject string `json:"sub"` // "key" or "wallet:0x…"
	Expires int64  `json:"exp"` // unix seconds
	ID      string `json:"sid"` // random; CSRF tokens derive from it
}

type ctxKey struct{}

func (h *Handler) mac(parts ...string) []byte {
	m := hmac.New(sha256.New, h.cfg.SessionSecret)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

func randomToken() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (h *Handler) encodeSession(s session) string {
	body, _ := json.Marshal(s)
	payload := base64.RawURLEncoding.EncodeToString(body)
	return payload + "." + base64.RawURLEncoding.EncodeToString(h.mac("session", payload))
}

// decodeSession checks a cookie value's signature and expiry.
func (h *Handler) decodeSession(v string) (session, bool) {
	var s session
	payload, sig, ok := strings.Cut(v, ".")
	if !ok {
		return s, false
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, h.mac("session", payload)) {
		return s, false
	}
	body, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || json.Unmarshal(body, &s) != nil {
		return s, false
	}
	if s.Subject == "" || s.ID == "" || h.cfg.Now().Unix() >= s.Expires {
		return s, false
	}
	return s, true
}

// csrfToken is the token every form of a session carries.
func (h *Handler) csrfToken(s session) string {
	return hex.EncodeToString(h.mac("csrf", s.ID))[:32]
}

func (h *Handler) setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: Prefix, MaxAge: int(maxAge / time.Second),
		HttpOnly: true, Secure: h.cfg.Secure, SameSite: http.SameSiteStrictMode,
	})
}

func (h *Handler) currentSession(r *http.Request) (session, bool) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return session{}, false
	}
	return h.decodeSession(c.Value)
}

// authed lets signed-in requests through and checks the CSRF token of
// every POST; others go to the sign-in page.
func (h *Handler) authed(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, ok := h.currentSession(r)
		if !ok {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, Prefix+"/login", http.StatusSeeOther)
				return
			}
			h.error(w, r, http.StatusUnauthorized, "Sign in first.")
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxForm)
			token := r.Header.Get("X-CSRF-Token")
			if token == "" {
				token = r.PostFormValue("csrf")
			}
			if !hmac.Equal([]byte(token), []byte(h.csrfToken(s))) {
				h.error(w, r, http.StatusForbidden, "The form expired or came from another site; reload the page and try again.")
				return
			}
		}
		next(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, s)))
	}
}

func sessionOf(r *http.Request) session {
	s, _ := r.Context().Value(ctxKey{}).(session)
	return s
}

// startSession signs subject in.
func (h *Handler) startSession(w http.ResponseWriter, subject string) {
	s := session{Subject: subject, Expires: h.cfg.Now().Add(h.cfg.SessionTTL).Unix(), ID: randomToken()}
	h.setCookie(w, sessionCookie, h.encodeSession(s), h.cfg.SessionTTL)
	h.setCookie(w, loginCookie, "", -time.Second)
}

// loginToken returns the sign-in CSRF token, setting its cookie when absent.
func (h *Handler) loginToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(loginCookie); err == nil && len(c.Value) >= 24 {
		return c.Value
	}
	t := randomToken()
	h.setCookie(w, loginCookie, t, time.Hour)
	return t
}

// checkLoginToken compares the submitted token with the cookie's.
func checkLoginToken(r *http.Request, submitted string) bool {
	c, err := r.Cookie(loginCookie)
	return err == nil && len(c.Value) >= 24 && hmac.Equal([]byte(c.Value), []byte(submitted))
}

type loginView struct {
	CSRF    string
	Keys    bool
	Wallets bool
	Error   string
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := h.currentSession(r); ok {
		http.Redirect(w, r, Prefix+"/", http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "login", page{Title: "Sign in", Data: loginView{
		CSRF: h.loginToken(w, r), Keys: h.cfg.CheckKey != nil, Wallets: len(h.cfg.AdminWallets) > 0}})
}

func (h *Handler) loginFailed(w http.ResponseWriter, r *http.Request, status int, msg string) {
	h.render(w, r, status, "login", page{Title: "Sign in", Data: loginView{
		CSRF: h.loginToken(w, r), Keys: h.cfg.CheckKey != nil, Wallets: len(h.cfg.AdminWallets) > 0, Error: msg}})
}

// loginKey signs in with an admin API key. The key itself is never
// logged or stored in the cookie.
func (h *Handler) loginKey(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if !checkLoginToken(r, r.PostFormValue("csrf")) {
		h.loginFailed(w, r, http.StatusForbidden, "The sign-in form expired; try again.")
		return
	}
	if h.cfg.CheckKey == nil {
		h.loginFailed(w, r, http.StatusForbidden, "Sign-in with an API key is disabled.")
		return
	}
	key := strings.TrimSpace(r.PostFormValue("key"))
	if key == "" {
		h.loginFailed(w, r, http.StatusBadRequest, "Enter an admin API key.")
		return
	}
	admin, err := h.cfg.CheckKey(r.Context(), key)
	if err != nil {
		h.cfg.Log.Error("check dashboard key", "err", err)
		h.loginFailed(w, r, http.StatusInternalServerError, "Could not check the key; try again.")
		return
	}
	if !admin {
		h.cfg.Log.Warn("dashboard sign-in refused", "method", "key", "remote", r.RemoteAddr)
		h.loginFailed(w, r, http.StatusUnauthorized, "That key is unknown, revoked or not an admin key.")
		return
	}
	h.startSession(w, "key")
	h.cfg.Log.Info("dashboard sign-in", "method", "key", "remote", r.RemoteAddr)
	http.Redirect(w, r, Prefix+"/", http.StatusSeeOther)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// loginNonce issues a SIWE nonce for a wallet sign-in, from the same
// store as wallet linking, and returns the message to sign: built here,
// so the browser needs no EIP-55 checksumming.
func (h *Handler) loginNonce(w http.ResponseWriter, r *http.Request) {
	if !checkLoginToken(r, r.Header.Get("X-CSRF-Token")) {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "sign-in form expired; reload the page"})
		return
	}
	if len(h.cfg.AdminWallets) == 0 {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "wallet sign-in is disabled"})
		return
	}
	var req struct {
		Address string `json:"address"`
		ChainID uint64 `json:"chain_id"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxForm)).Decode(&req); err != nil || !common.IsHexAddress(req.Address) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON with a 0x address"})
		return
	}
	n := siwe.NewNonce()
	now := h.cfg.Now().UTC().Truncate(time.Second)
	exp := now.Add(h.cfg.NonceTTL)
	if err := h.cfg.Nonces.PutNonce(r.Context(), n, exp); err != nil {
		h.cfg.Log.Error("store dashboard nonce", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not issue a nonce"})
		return
	}
	uri := h.cfg.SIWE.URI
	if uri == "" {
		uri = "https://" + h.cfg.SIWE.Domain + Prefix
	}
	msg := siwe.Message{Domain: h.cfg.SIWE.Domain, Address: common.HexToAddress(req.Address), Statement: "Sign in to the Beckon dashboard.",
		URI: uri, Version: "1", ChainID: max(req.ChainID, 1), Nonce: n, IssuedAt: now, ExpirationTime: &exp}
	writeJSON(w, http.StatusOK, map[string]any{"nonce": n, "message": msg.String()})
}

// loginSIWE signs in an allowed admin wallet with a signed SIWE message.
func (h *Handler) loginSIWE(w http.ResponseWriter, r *http.Request) {
	if !checkLoginToken(r, r.Header.Get("X-CSRF-Token")) {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "sign-in form expired; reload the page"})
		return
	}
	if len(h.cfg.AdminWallets) == 0 {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "wallet sign-in is disabled"})
		return
	}
	var req struct {
		Message   string `json:"message"`
		Signature string `json:"signature"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxForm)).Decode(&req); err != nil || req.Message == "" || req.Signature == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body must be JSON with message and signature"})
		return
	}
	opts := h.cfg.SIWE
	opts.Now = h.cfg.Now()
	opts.Backend = h.cfg.Backend
	msg, err := siwe.VerifyMessage(r.Context(), req.Message, req.Signature, opts)
	if err != nil {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": err.Error()})
		return
	}
	if !slices.Contains(h.cfg.AdminWallets, msg.Address) {
		h.cfg.Log.Warn("dashboard sign-in refused", "method", "siwe", "wallet", msg.Address.Hex())
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "this wallet is not a dashboard admin"})
		return
	}
	// Spent last: a valid message is single use whatever follows.
	if err := h.cfg.Nonces.UseNonce(r.Context(), msg.Nonce); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "nonce unknown, expired or already used"})
			return
		}
		h.cfg.Log.Error("use dashboard nonce", "err", err)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "could not check the nonce"})
		return
	}
	h.startSession(w, "wallet:"+msg.Address.Hex())
	h.cfg.Log.Info("dashboard sign-in", "method", "siwe", "wallet", msg.Address.Hex())
	writeJSON(w, http.StatusOK, map[string]string{"redirect": Prefix + "/"})
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	h.setCookie(w, sessionCookie, "", -time.Second)
	http.Redirect(w, r, Prefix+"/login", http.StatusSeeOther)
}
