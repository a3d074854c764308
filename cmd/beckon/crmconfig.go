package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/beckonhq/beckon/crm/segment"
)

// SegmentConfig is one segment written in beckon.yaml or a segment file.
type SegmentConfig struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	When        string `yaml:"when"`
}

// ScoresConfig tunes engagement and churn scoring.
type ScoresConfig struct {
	// ChurnWindow is the churn label's horizon (Go duration); default 720h.
	ChurnWindow string `yaml:"churn_window"`
}

func (s ScoresConfig) window() time.Duration {
	d, err := time.ParseDuration(s.ChurnWindow)
	if err != nil || d <= 0 {
		return 30 * 24 * time.Hour
	}
	return d
}

// segmentDefinitions returns the segments of the config and of its segment
// files (YAML lists of the same shape), in order.
func (c *Config) segmentDefinitions() ([]segment.Definition, error) {
	var defs []segment.Definition
	for _, s := range c.Segments {
		defs = append(defs, segment.Definition{Name: s.Name, Description: s.Description, When: s.When})
	}
	for i, pattern := range c.SegmentFiles {
		files, err := filepath.Glob(pattern)
		if err != nil {
			return nil, c.errorf(fmt.Sprintf("segment_files.%d", i), "bad pattern %q: %v", pattern, err)
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, &ConfigError{File: f, Field: "file", Msg: err.Error()}
			}
			var list []SegmentConfig
			dec := yaml.NewDecoder(bytes.NewReader(data))
			dec.KnownFields(true)
			if err := dec.Decode(&list); err != nil {
				return nil, yamlError(f, err)
			}
			for _, s := range list {
				defs = append(defs, segment.Definition{Name: s.Name, Description: s.Description, When: s.When})
			}
		}
	}
	return defs, nil
}

// compileSegments compiles every configured segment; errors name the
// segment's config field.
func (c *Config) compileSegments() ([]*segment.Segment, error) {
	defs, err := c.segmentDefinitions()
	if err != nil {
		return nil, err
	}
	segs, err := segment.CompileAll(defs)
	if err != nil {
		if errors.Is(err, segment.ErrInvalid) {
			for i, s := range c.Segments {
				if s.Name == "" || containsName(err.Error(), s.Name) {
					return nil, c.errorf(fmt.Sprintf("segments.%d.when", i), "%v", err)
				}
			}
			return nil, c.errorf("segments", "%v", err)
		}
		return nil, err
	}
	return segs, nil
}

func (c *Config) validateCRM() error {
	if c.Scores.ChurnWindow != "" {
		if d, err := time.ParseDuration(c.Scores.ChurnWindow); err != nil || d <= 0 {
			return c.errorf("scores.churn_window", "%q is not a positive duration such as 720h", c.Scores.ChurnWindow)
		}
	}
	if c.HubSpot.SyncInterval != "" {
		if d, err := time.ParseDuration(c.HubSpot.SyncInterval); err != nil || d < 0 {
			return c.errorf("hubspot.sync_interval", "%q is not a duration of 0 or more such as 15m", c.HubSpot.SyncInterval)
		}
	}
	if u := c.HubSpot.BaseURL; u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return c.errorf("hubspot.base_url", "%q is not an http(s):// URL", u)
	}
	if err := c.validateWebhooks(); err != nil {
		return err
	}
	_, err := c.compileSegments()
	return err
}

func containsName(msg, name string) bool {
	return strings.Contains(msg, "segment "+name+":") || strings.Contains(msg, "segment name \""+name+"\"")
}
