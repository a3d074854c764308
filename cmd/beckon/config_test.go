package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

const (
	exampleConfig = "../../deploy/beckon.yaml"
	configDoc     = "../../docs/configuration.md"
)

// noEnv is an environment with nothing set.
func noEnv(string) string { return "" }

// mapEnv is an environment holding exactly vars.
func mapEnv(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// configKey is one key of Config as written in YAML: path uses "[]" for the
// entries of a list of structs (chains[].rpc), env is its BECKON_* variable
// or "" when the key is file-only.
type configKey struct {
	path string
	env  string
}

// configKeys walks Config by reflection, the same way LoadConfig and
// applyEnv see it.
func configKeys(t reflect.Type, prefix, envPrefix string) []configKey {
	var keys []configKey
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if !f.IsExported() || tag == "" || tag == "-" {
			continue
		}
		path := prefix + tag
		env := ""
		if envPrefix != "" {
			env = envPrefix + "_" + strings.ToUpper(tag)
		}
		switch ft := f.Type; {
		case ft.Kind() == reflect.Struct:
			keys = append(keys, configKeys(ft, path+".", env)...)
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			keys = append(keys, configKey{path: path})
			keys = append(keys, configKeys(ft.Elem(), path+"[].", "")...)
		case ft.Kind() == reflect.Map:
			keys = append(keys, configKey{path: path})
		default:
			keys = append(keys, configKey{path: path, env: env})
		}
	}
	return keys
}

// yamlKeys returns every key path of a YAML document in configKey notation,
// with the key node of its first occurrence.
func yamlKeys(n *yaml.Node, prefix string, out map[string]*yaml.Node) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			yamlKeys(c, prefix, out)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			path := prefix + n.Content[i].Value
			if _, ok := out[path]; !ok {
				out[path] = n.Content[i]
			}
			v := n.Content[i+1]
			switch v.Kind {
			case yaml.MappingNode:
				yamlKeys(v, path+".", out)
			case yaml.SequenceNode:
				for _, item := range v.Content {
					yamlKeys(item, path+"[].", out)
				}
			}
		}
	}
}

func TestConfigKeysWalk(t *testing.T) {
	keys := map[string]string{}
	for _, k := range configKeys(reflect.TypeOf(Config{}), "", "BECKON") {
		keys[k.path] = k.env
	}
	// Spot-check the walk itself so the documentation tests below cannot
	// pass vacuously.
	require.Equal(t, "BECKON_DATABASE_URL", keys["database_url"])
	require.Equal(t, "BECKON_EMAIL_SMTP_URL", keys["email.smtp_url"])
	require.Equal(t, "BECKON_FLOWS", keys["flows"])
	require.Contains(t, keys, "chains[].chain_id")
	require.Contains(t, keys, "contracts[].start_block")
	require.Contains(t, keys, "discord.roles")
	require.NotContains(t, keys, "file")
	require.NotContains(t, keys, "root")
}

func TestConfigExampleLoads(t *testing.T) {
	cfg, err := LoadConfig(exampleConfig, noEnv)
	require.NoError(t, err)
	require.Len(t, cfg.Chains, 1)
	require.Equal(t, uint64(8453), cfg.Chains[0].ChainID)
	require.Equal(t, []string{"flows/*.yaml"}, cfg.Flows)
	kinds := map[string]bool{}
	for _, c := range cfg.Contracts {
		kinds[c.Kind] = true
		require.Equal(t, "base", c.Chain)
	}
	require.Equal(t, map[string]bool{"erc721": true, "staking": true, "governor": true, "distributor": true, "abi": true}, kinds)
}

// TestConfigExampleDocumentsEveryKey fails when a key is added to Config
// without being shown in deploy/beckon.yaml with a comment naming its
// environment variable.
func TestConfigExampleDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile(exampleConfig)
	require.NoError(t, err)
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal(data, &doc))
	present := map[string]*yaml.Node{}
	yamlKeys(&doc, "", present)
	lines := strings.Split(string(data), "\n")
	for _, k := range configKeys(reflect.TypeOf(Config{}), "", "BECKON") {
		node, ok := present[k.path]
		if !assertf(t, ok, "%s: key %s is missing", exampleConfig, k.path) {
			continue
		}
		comment := commentAbove(lines, node.Line)
		assertf(t, comment != "", "%s:%d: key %s has no comment", exampleConfig, node.Line, k.path)
		if k.env != "" {
			assertf(t, strings.Contains(comment, k.env), "%s:%d: comment of %s does not name %s", exampleConfig, node.Line, k.path, k.env)
		}
	}
}

// TestConfigReferenceDocumentsEveryKey fails when a key is added to Config
// without a row in docs/configuration.md.
func TestConfigReferenceDocumentsEveryKey(t *testing.T) {
	data, err := os.ReadFile(configDoc)
	require.NoError(t, err)
	rows := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "| `"); ok {
			if key, _, ok := strings.Cut(rest, "`"); ok {
				rows[key] = line
			}
		}
	}
	for _, k := range configKeys(reflect.TypeOf(Config{}), "", "BECKON") {
		row, ok := rows[k.path]
		if !assertf(t, ok, "%s: no table row for key `%s`", configDoc, k.path) {
			continue
		}
		if k.env != "" {
			assertf(t, strings.Contains(row, "`"+k.env+"`"), "%s: row of %s does not name %s", configDoc, k.path, k.env)
		}
	}
}

// commentAbove returns the comment lines directly above line (1-based),
// including the key's own trailing comment.
func commentAbove(lines []string, line int) string {
	var b strings.Builder
	if _, c, ok := strings.Cut(lines[line-1], "#"); ok {
		b.WriteString(c)
	}
	for i := line - 2; i >= 0; i-- {
		s := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(s, "#") {
			break
		}
		b.WriteString(s)
		b.WriteByte('\n')
	}
	return b.String()
}

func assertf(t *testing.T, ok bool, format string, args ...any) bool {
	t.Helper()
	if !ok {
		t.Errorf(format, args...)
	}
	return ok
}

func TestConfigDefaults(t *testing.T) {
	cfg, err := LoadConfig("", noEnv)
	require.NoError(t, err)
	require.Equal(t, "", cfg.DatabaseURL)
	require.Equal(t, "127.0.0.1:8080", cfg.Listen)
	require.Equal(t, "http://127.0.0.1:8080", cfg.PublicURL)
	require.Equal(t, "info", cfg.LogLevel)
	require.Equal(t, "outbox", cfg.Email.OutboxDir)
	require.Equal(t, "DISCORD_TOKEN", cfg.Discord.TokenEnv)
	require.Equal(t, "TELEGRAM_TOKEN", cfg.Telegram.TokenEnv)
	require.Equal(t, "10m", cfg.SIWE.NonceTTL)
}

func TestConfigEnvOverrides(t *testing.T) {
	env := mapEnv(map[string]string{
		"BECKON_DATABASE_URL":   "postgres://beckon:secret@db:5432/beckon",
		"BECKON_EMAIL_SMTP_URL": "smtps://mailer:secret@smtp.example.org:465",
		"BECKON_FLOWS":          "flows/*.yaml, extra/*.yaml,,more.yaml",
		"BECKON_SIWE_NONCE_TTL": "5m",
		"BECKON_LISTEN":         "0.0.0.0:9090",
	})
	cfg, err := LoadConfig(exampleConfig, env)
	require.NoError(t, err)
	require.Equal(t, "postgres://beckon:secret@db:5432/beckon", cfg.DatabaseURL)
	require.Equal(t, "smtps://mailer:secret@smtp.example.org:465", cfg.Email.SMTPURL)
	require.Equal(t, []string{"flows/*.yaml", "extra/*.yaml", "more.yaml"}, cfg.Flows)
	require.Equal(t, "5m", cfg.SIWE.NonceTTL)
	require.Equal(t, "0.0.0.0:9090", cfg.Listen)

	// Keys not overridden keep the file's values.
	require.Equal(t, "https://beckon.example.org", cfg.PublicURL)
	require.Equal(t, "beckon.example.org", cfg.SIWE.Domain)
	require.Len(t, cfg.Contracts, 5)

	// Without a file, the environment alone configures Beckon, and defaults
	// derive from overridden values.
	cfg, err = LoadConfig("", mapEnv(map[string]string{"BECKON_LISTEN": "0.0.0.0:8080"}))
	require.NoError(t, err)
	require.Equal(t, "http://0.0.0.0:8080", cfg.PublicURL)
}

const validConfig = `database_url: ""
chains:
  - name: base
    chain_id: 8453
    rpc: ["https://mainnet.base.org"]
contracts:
  - name: pass
    chain: base
    address: "0x1111111111111111111111111111111111111111"
    kind: erc721
`

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "beckon.yaml")
	require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
	return path
}

func TestConfigValidMinimal(t *testing.T) {
	_, err := LoadConfig(writeConfig(t, validConfig), noEnv)
	require.NoError(t, err)
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		body  string
		line  int
		field string
		msg   string
	}{
		{"unknown key", validConfig + "    adress: \"0x1\"\n", 11, "adress", "not found"},
		{"unknown top-level key", "databse_url: x\n", 1, "databse_url", "not found"},
		{"bad address", strings.Replace(validConfig, "0x1111111111111111111111111111111111111111", "0x1234", 1), 9, "contracts.0.address", `"0x1234"`},
		{"unknown contract kind", strings.Replace(validConfig, "kind: erc721", "kind: erc4626", 1), 10, "contracts.0.kind", `unknown kind "erc4626"`},
		{"unknown chain reference", strings.Replace(validConfig, "chain: base", "chain: optimism", 1), 8, "contracts.0.chain", `unknown chain "optimism"`},
		{"missing chain_id", strings.Replace(validConfig, "    chain_id: 8453\n", "", 1), 3, "chains.0.chain_id", "required"},
		{"non-URL rpc", strings.Replace(validConfig, `"https://mainnet.base.org"`, `"https://mainnet.base.org", "mainnet.base.org"`, 1), 5, "chains.0.rpc.1", "not an http(s):// or ws(s):// URL"},
		{"yaml syntax error", "listen: 127.0.0.1:8080\nchains:\n  - name: base\n    rpc: [\"https://mainnet.base.org\"\n    chain_id: 8453\n", 4, "yaml", "did not find expected ',' or ']'"},
		{"yaml indentation error", "listen: 127.0.0.1:8080\nchains:\n  - name: base\n    chain_id: 8453\n      rpc: x\n", 5, "yaml", "mapping values are not allowed"},
		{"yaml bad key indentation", "email:\n  from: a@example.org\n outbox_dir: out\n", 3, "yaml", "did not find expected key"},
		{"yaml type error", strings.Replace(validConfig, "chain_id: 8453", "chain_id: base", 1), 4, "yaml", "cannot unmarshal"},
		{"duplicate contract name", validConfig + `  - name: pass
    chain: base
    address: "0x2222222222222222222222222222222222222222"
    kind: staking
`, 11, "contracts.1.name", `contract "pass" defined twice`},
		{"duplicate chain name", strings.Replace(validConfig, "contracts:", `  - name: base
    chain_id: 10
    rpc: ["https://mainnet.optimism.io"]
contracts:`, 1), 6, "chains.1.name", `chain "base" defined twice`},
		{"negative confirmations", strings.Replace(validConfig, "chain_id: 8453", "chain_id: 8453\n    confirmations: -1", 1), 5, "chains.0.confirmations", "negative"},
		{"bad poll interval", strings.Replace(validConfig, "chain_id: 8453", "chain_id: 8453\n    poll_interval: soon", 1), 5, "chains.0.poll_interval", "positive duration"},
		{"bad finality", strings.Replace(validConfig, "chain_id: 8453", "chain_id: 8453\n    finality: latest", 1), 5, "chains.0.finality", "safe or finalized"},
		{"bad watchdog", strings.Replace(validConfig, "chain_id: 8453", "chain_id: 8453\n    watchdog: 0s", 1), 5, "chains.0.watchdog", "positive duration"},
		{"bad nonce ttl", validConfig + "siwe:\n  nonce_ttl: 0s\n", 12, "siwe.nonce_ttl", "positive duration"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeConfig(t, tc.body)
			_, err := LoadConfig(path, noEnv)
			require.Error(t, err)
			var ce *ConfigError
			require.True(t, errors.As(err, &ce), "want *ConfigError, got %T: %v", err, err)
			require.Equal(t, path, ce.File)
			require.Equal(t, tc.line, ce.Line, "%v", err)
			require.Equal(t, tc.field, ce.Field, "%v", err)
			require.Contains(t, err.Error(), fmt.Sprintf("%s:%d: %s: ", path, tc.line, tc.field))
			require.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestConfigErrorsFromEnvironment(t *testing.T) {
	// A value from the environment is validated like one from the file.
	_, err := LoadConfig(writeConfig(t, validConfig), mapEnv(map[string]string{"BECKON_SIWE_NONCE_TTL": "forever"}))
	var ce *ConfigError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, "siwe.nonce_ttl", ce.Field)

	// A missing file is a configuration error naming it.
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	_, err = LoadConfig(missing, noEnv)
	require.ErrorAs(t, err, &ce)
	require.Contains(t, err.Error(), missing)
}
