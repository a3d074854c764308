package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/beckonhq/beckon/flow"
	"github.com/beckonhq/beckon/store"
)

// FlowSimulator dry-runs a flow against a contact or event without side
// effects. input and the result are JSON objects whose shape the
// simulator defines. Errors wrapping store.ErrNotFound answer 404, ErrInvalid 422.
type FlowSimulator interface {
	Simulate(ctx context.Context, flow string, input json.RawMessage) (json.RawMessage, error)
}

// FlowStats reports a flow's analytics (counts per step, conversion, A/B
// results) as a JSON object. Errors wrapping store.ErrNotFound answer 404.
type FlowStats interface {
	Stats(ctx context.Context, flow string) (json.RawMessage, error)
}

// ErrInvalid marks bad input from a dependency (segments, simulator):
// answered 422 with the error's text.
var ErrInvalid = errors.New("invalid")

// Flow sources.
const (
	flowFromConfig = "config" // a file named in the config; read-only here
	flowFromAPI    = "api"    // stored through the API
)

type flowJSON struct {
	Name        string `json:"name"`
	Source      string `json:"source"`
	File        string `json:"file,omitempty"`
	Enabled     bool   `json:"enabled"`
	Version     int64  `json:"version,omitempty"`
	Description string `json:"description,omitempty"`
	Trigger     struct {
		Event    string `json:"event"`
		Contract string `json:"contract,omitempty"`
	} `json:"trigger"`
	Steps     int    `json:"steps"`
	YAML      string `json:"yaml,omitempty"`
	UpdatedAt string `json:"updated_at,omitempty"`
}

func describeFlow(d *flow.Definition, out *flowJSON) {
	out.Description = d.Description
	out.Trigger.Event, out.Trigger.Contract = d.Trigger.Event, d.Trigger.Contract
	out.Steps = countSteps(d.Steps)
}

func countSteps(steps []flow.Step) int {
	n := len(steps)
	for _, s := range steps {
		n += countSteps(s.Then) + countSteps(s.Else)
	}
	return n
}

func (s *Server) configFlow(name string) *flow.Definition {
	for _, d := range s.cfg.Flows {
		if d.Name == name {
			return d
		}
	}
	return nil
}

func storedFlowJSON(d store.FlowDefinition, withYAML bool) flowJSON {
	out := flowJSON{Name: d.Name, Source: flowFromAPI, Enabled: d.Enabled, Version: d.Version, UpdatedAt: rfc3339(d.UpdatedAt)}
	if def, err := flow.Parse(d.Name, []byte(d.YAML)); err == nil {
		describeFlow(def, &out)
	}
	if withYAML {
		out.YAML = d.YAML
	}
	return out
}

func (s *Server) listFlows(c *gin.Context) {
	items := []flowJSON{}
	for _, d := range s.cfg.Flows {
		f := flowJSON{Name: d.Name, Source: flowFromConfig, File: d.File, Enabled: true}
		describeFlow(d, &f)
		items = append(items, f)
	}
	var stored []store.FlowDefinition
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		stored, err = tx.FlowDefinitions(c.Request.Context())
		return err
	})
	if err != nil {
		s.internal(c, "list flows", err)
		return
	}
	for _, d := range stored {
		items = append(items, storedFlowJSON(d, false))
	}
	c.JSON(http.StatusOK, page{Items: items})
}

func (s *Server) getFlow(c *gin.Context) {
	name := c.Param("name")
	if d := s.configFlow(name); d != nil {
		f := flowJSON{Name: d.Name, Source: flowFromConfig, File: d.File, Enabled: true}
		describeFlow(d, &f)
		c.JSON(http.StatusOK, f)
		return
	}
	var d store.FlowDefinition
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		d, err = tx.FlowDefinition(c.Request.Context(), name)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		problem(c, http.StatusNotFound, fmt.Sprintf("no flow named %q", name))
		return
	}
	if err != nil {
		s.internal(c, "read the flow", err)
		return
	}
	c.JSON(http.StatusOK, storedFlowJSON(d, true))
}

// flowBody reads a flow's YAML: the raw body for YAML content types, else
// a JSON object {"yaml": "…"}.
func flowBody(c *gin.Context) (string, bool) {
	ct := c.ContentType()
	if strings.Contains(ct, "yaml") || ct == "text/plain" {
		b, err := io.ReadAll(c.Request.Body)
		if err != nil {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				problem(c, http.StatusRequestEntityTooLarge, fmt.Sprintf("body larger than %d bytes", tooLarge.Limit))
				return "", false
			}
			problem(c, http.StatusBadRequest, "could not read the body")
			return "", false
		}
		if len(strings.TrimSpace(string(b))) == 0 {
			badRequest(c, "body", "the flow's YAML is required")
			return "", false
		}
		return string(b), true
	}
	var req struct {
		YAML string `json:"yaml"`
	}
	if !bindJSON(c, &req) {
		return "", false
	}
	if strings.TrimSpace(req.YAML) == "" {
		badRequest(c, "yaml", "the flow's YAML is required")
		return "", false
	}
	return req.YAML, true
}

func validationFields(err error) []fieldError {
	var ve flow.ValidationErrors
	var one *flow.ValidationError
	switch {
	case errors.As(err, &ve):
		out := make([]fieldError, len(ve))
		for i, e := range ve {
			out[i] = fieldError{Field: e.Field, Message: e.Msg, Line: e.Line}
		}
		return out
	case errors.As(err, &one):
		return []fieldError{{Field: one.Field, Message: one.Msg, Line: one.Line}}
	}
	return []fieldError{{Field: "yaml", Message: err.Error()}}
}

// parseFlowBody reads and validates a flow, answering 4xx itself.
func parseFlowBody(c *gin.Context) (*flow.Definition, string, bool) {
	text, ok := flowBody(c)
	if !ok {
		return nil, "", false
	}
	def, err := flow.Parse("request", []byte(text))
	if err != nil {
		unprocessable(c, "the flow is invalid", validationFields(err))
		return nil, "", false
	}
	return def, text, true
}

func (s *Server) validateFlow(c *gin.Context) {
	text, ok := flowBody(c)
	if !ok {
		return
	}
	def, err := flow.Parse("request", []byte(text))
	if err != nil {
		c.JSON(http.StatusOK, gin.H{"valid": false, "errors": validationFields(err)})
		return
	}
	c.JSON(http.StatusOK, gin.H{"valid": true, "name": def.Name, "steps": countSteps(def.Steps), "errors": []fieldError{}})
}

func (s *Server) createFlow(c *gin.Context) {
	def, text, ok := parseFlowBody(c)
	if !ok {
		return
	}
	if s.configFlow(def.Name) != nil {
		problem(c, http.StatusConflict, fmt.Sprintf("flow %q is defined in a config file; change it there", def.Name))
		return
	}
	var d store.FlowDefinition
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		d, err = tx.CreateFlowDefinition(c.Request.Context(), def.Name, text)
		return err
	})
	if errors.Is(err, store.ErrExists) {
		problem(c, http.StatusConflict, fmt.Sprintf("flow %q exists; PUT /v1/flows/%s updates it", def.Name, def.Name))
		return
	}
	if err != nil {
		s.internal(c, "store the flow", err)
		return
	}
	s.flowsChanged(c.Request.Context())
	c.Header("Location", "/v1/flows/"+d.Name)
	c.JSON(http.StatusCreated, storedFlowJSON(d, true))
}

func (s *Server) updateFlow(c *gin.Context) {
	name := c.Param("name")
	if s.configFlow(name) != nil {
		problem(c, http.StatusConflict, fmt.Sprintf("flow %q is defined in a config file; change it there", name))
		return
	}
	def, text, ok := parseFlowBody(c)
	if !ok {
		return
	}
	if def.Name != name {
		unprocessable(c, "the flow's name must match the path", []fieldError{{Field: "name", Message: fmt.Sprintf("is %q, path says %q", def.Name, name)}})
		return
	}
	var d store.FlowDefinition
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		d, err = tx.UpdateFlowDefinition(c.Request.Context(), name, text)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		problem(c, http.StatusNotFound, fmt.Sprintf("no stored flow named %q; POST /v1/flows creates it", name))
		return
	}
	if err != nil {
		s.internal(c, "update the flow", err)
		return
	}
	s.flowsChanged(c.Request.Context())
	c.JSON(http.StatusOK, storedFlowJSON(d, true))
}

func (s *Server) enableFlow(enabled bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		name := c.Param("name")
		if s.configFlow(name) != nil {
			problem(c, http.StatusConflict, fmt.Sprintf("flow %q is defined in a config file; remove it there to disable it", name))
			return
		}
		var d store.FlowDefinition
		err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
			var err error
			d, err = tx.SetFlowEnabled(c.Request.Context(), name, enabled)
			return err
		})
		if errors.Is(err, store.ErrNotFound) {
			problem(c, http.StatusNotFound, fmt.Sprintf("no flow named %q", name))
			return
		}
		if err != nil {
			s.internal(c, "change the flow", err)
			return
		}
		s.flowsChanged(c.Request.Context())
		c.JSON(http.StatusOK, storedFlowJSON(d, false))
	}
}

type runJSON struct {
	ID         int64  `json:"id"`
	Flow       string `json:"flow"`
	ContactID  int64  `json:"contact_id"`
	TriggerKey string `json:"trigger_key"`
	EventID    int64  `json:"event_id,omitempty"`
	Status     string `json:"status"`
	Step       string `json:"step"`
	Error      string `json:"error,omitempty"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
}

func (s *Server) flowRuns(c *gin.Context) {
	pos, limit, ok := pageParams(c)
	if !ok {
		return
	}
	var runs []store.RunRecord
	var next int64
	err := s.cfg.DB.InTx(c.Request.Context(), func(tx *store.Tx) error {
		var err error
		runs, next, err = tx.FlowRuns(c.Request.Context(), c.Param("name"), c.Query("status"), pos, limit)
		return err
	})
	if err != nil {
		s.internal(c, "list runs", err)
		return
	}
	items := make([]runJSON, len(runs))
	for i, r := range runs {
		items[i] = runJSON{ID: r.ID, Flow: r.Flow, ContactID: r.ContactID, TriggerKey: r.TriggerKey, EventID: r.EventID,
			Status: r.Status, Step: r.Step, Error: r.Error, CreatedAt: rfc3339(r.CreatedAt), UpdatedAt: rfc3339(r.UpdatedAt)}
	}
	c.JSON(http.StatusOK, page{Items: items, NextCursor: encodeCursor(next)})
}

// depErr answers an error from an optional dependency.
func (s *Server) depErr(c *gin.Context, what string, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		problem(c, http.StatusNotFound, err.Error())
	case errors.Is(err, ErrInvalid):
		unprocessable(c, err.Error(), []fieldError{{Field: "body", Message: err.Error()}})
	default:
		s.internal(c, what, err)
	}
}

func (s *Server) simulateFlow(c *gin.Context) {
	var input json.RawMessage
	if !bindJSON(c, &input) {
		return
	}
	out, err := s.cfg.FlowSimulator.Simulate(c.Request.Context(), c.Param("name"), input)
	if err != nil {
		s.depErr(c, "simulate the flow", err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", out)
}

func (s *Server) flowStats(c *gin.Context) {
	out, err := s.cfg.FlowStats.Stats(c.Request.Context(), c.Param("name"))
	if err != nil {
		s.depErr(c, "read flow stats", err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", out)
}

func (s *Server) flowsChanged(ctx context.Context) {
	if s.cfg.OnFlowsChanged != nil {
		s.cfg.OnFlowsChanged(ctx)
	}
}
