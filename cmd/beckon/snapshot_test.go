package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestIndexSnapshotSpace indexes a space from a hub that answers the way
// hub.snapshot.org does, then reads it back through index status.
func TestIndexSnapshotSpace(t *testing.T) {
	var queries []string
	hub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			Query     string         `json:"query"`
			Variables map[string]any `json:"variables"`
		}
		require.NoError(t, json.NewDecoder(r.Body).Decode(&req))
		queries = append(queries, req.Query)
		var items []map[string]any
		if req.Variables["skip"].(float64) == 0 && req.Variables["space"] == "beckon.eth" {
			if strings.Contains(req.Query, "proposals(") {
				items = []map[string]any{{"id": "0xp1", "author": "0x00000000000000000000000000000000000000a1", "created": 1700000000,
					"title": "Fund it", "choices": []string{"Yes", "No"}, "start": 1700000000, "end": 1700086400, "snapshot": "1", "state": "active", "type": "basic"}}
			} else {
				items = []map[string]any{
					{"id": "0xv1", "voter": "0x00000000000000000000000000000000000000b1", "created": 1700000100, "choice": 1, "vp": 3, "reason": "", "proposal": map[string]any{"id": "0xp1"}},
					{"id": "0xv2", "voter": "0x00000000000000000000000000000000000000b2", "created": 1700000200, "choice": 2, "vp": 1, "reason": "no", "proposal": map[string]any{"id": "0xp1"}},
				}
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"items": items}})
	}))
	defer hub.Close()

	dir := t.TempDir()
	cfg := filepath.Join(dir, "beckon.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("snapshot:\n  - name: dao\n    space: beckon.eth\n    hub: "+hub.URL+"\n"), 0o600))
	code, stdout, stderr := runCLI(t, "index", "--config", cfg, "--data-dir", dir, "--to", "1")
	require.Equal(t, exitOK, code, stderr)
	require.Contains(t, stdout, "dao: 1 proposals, 2 votes")
	require.NotEmpty(t, queries)

	code, stdout, stderr = runCLI(t, "index", "status", "--config", cfg, "--data-dir", dir, "--json")
	require.Equal(t, exitOK, code, stderr)
	var st struct {
		Snapshot map[string]struct {
			Space     string           `json:"space"`
			Proposals int64            `json:"proposals_cursor"`
			Votes     int64            `json:"votes_cursor"`
			Events    map[string]int64 `json:"events"`
		} `json:"snapshot"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &st), stdout)
	dao := st.Snapshot["dao"]
	require.Equal(t, "beckon.eth", dao.Space)
	require.Equal(t, int64(1700000000), dao.Proposals)
	require.Equal(t, int64(1700000200), dao.Votes)
	require.Equal(t, map[string]int64{"proposal": 1, "vote": 2}, dao.Events)

	// A second run stores nothing twice.
	code, _, stderr = runCLI(t, "index", "--config", cfg, "--data-dir", dir, "--to", "1")
	require.Equal(t, exitOK, code, stderr)
	code, stdout, _ = runCLI(t, "index", "status", "--config", cfg, "--data-dir", dir, "--json")
	require.Equal(t, exitOK, code)
	require.NoError(t, json.Unmarshal([]byte(stdout), &st))
	require.Equal(t, map[string]int64{"proposal": 1, "vote": 2}, st.Snapshot["dao"].Events)
}

func TestSnapshotConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, body, field string }{
		{"no space", "snapshot:\n  - name: dao\n", "snapshot.0.space"},
		{"no name", "snapshot:\n  - space: x.eth\n", "snapshot.0.name"},
		{"clashes with contract", validConfig + "snapshot:\n  - name: pass\n    space: x.eth\n", "snapshot.0.name"},
		{"bad hub", "snapshot:\n  - name: dao\n    space: x.eth\n    hub: hub.snapshot.org\n", "snapshot.0.hub"},
		{"bad interval", "snapshot:\n  - name: dao\n    space: x.eth\n    poll_interval: often\n", "snapshot.0.poll_interval"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadConfig(writeConfig(t, tc.body), noEnv)
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			require.Equal(t, tc.field, ce.Field, "%v", err)
		})
	}
}
