package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/beckonhq/beckon/api"
	"github.com/beckonhq/beckon/crm/facts"
	"github.com/beckonhq/beckon/crm/segment"
	"github.com/beckonhq/beckon/store"
)

// segmentsAPI serves the API's segment routes from the segment engine:
// segments saved through the API are stored, kept by the engine at once
// and recomputed; those defined in the config file are read-only.
type segmentsAPI struct {
	db     *store.DB
	engine *segment.Engine
	fixed  map[string]bool // defined in the config file
}

var _ api.Segments = (*segmentsAPI)(nil)

func newSegmentsAPI(cfg *Config, db *store.DB, engine *segment.Engine) (*segmentsAPI, error) {
	defs, err := cfg.segmentDefinitions()
	if err != nil {
		return nil, err
	}
	fixed := map[string]bool{}
	for _, d := range defs {
		fixed[d.Name] = true
	}
	return &segmentsAPI{db: db, engine: engine, fixed: fixed}, nil
}

// describe sizes each segment; saved segments carry their update time.
func (s *segmentsAPI) describe(ctx context.Context, tx *store.Tx, segs ...*segment.Segment) ([]api.Segment, error) {
	saved, err := tx.SavedSegments(ctx)
	if err != nil {
		return nil, err
	}
	updated := make(map[string]time.Time, len(saved))
	for _, sv := range saved {
		updated[sv.Name] = sv.UpdatedAt
	}
	out := make([]api.Segment, 0, len(segs))
	for _, seg := range segs {
		size, err := tx.SegmentSize(ctx, seg.Name)
		if err != nil {
			return nil, err
		}
		out = append(out, api.Segment{Name: seg.Name, Definition: seg.When, Size: size, UpdatedAt: updated[seg.Name]})
	}
	return out, nil
}

func (s *segmentsAPI) List(ctx context.Context) ([]api.Segment, error) {
	var out []api.Segment
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = s.describe(ctx, tx, s.engine.List()...)
		return err
	})
	return out, err
}

func (s *segmentsAPI) Get(ctx context.Context, name string) (api.Segment, error) {
	seg := s.engine.Segment(name)
	if seg == nil {
		return api.Segment{}, fmt.Errorf("segment %s: %w", name, store.ErrNotFound)
	}
	var out []api.Segment
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = s.describe(ctx, tx, seg)
		return err
	})
	if err != nil {
		return api.Segment{}, err
	}
	return out[0], nil
}

func compileSegment(name, definition string) (*segment.Segment, error) {
	env, err := facts.NewContactEnv()
	if err != nil {
		return nil, err
	}
	seg, err := segment.Compile(env, segment.Definition{Name: name, When: definition})
	if errors.Is(err, segment.ErrInvalid) {
		return nil, fmt.Errorf("%w: %w", api.ErrInvalid, err)
	}
	return seg, err
}

// Put stores the segment, has the engine keep it and recomputes its
// members in the same transaction, so entries start flows at once.
func (s *segmentsAPI) Put(ctx context.Context, name, definition string, create bool) (api.Segment, error) {
	if s.fixed[name] {
		return api.Segment{}, fmt.Errorf("segment %s is defined in the config file: %w", name, store.ErrExists)
	}
	seg, err := compileSegment(name, definition)
	if err != nil {
		return api.Segment{}, err
	}
	if create && s.engine.Segment(name) != nil {
		return api.Segment{}, fmt.Errorf("segment %s: %w", name, store.ErrExists)
	}
	var out []api.Segment
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SaveSegment(ctx, store.SavedSegment{Name: name, Expr: definition}); err != nil {
			return err
		}
		if _, err := s.engine.Recompute(ctx, tx, seg); err != nil {
			return err
		}
		var err error
		out, err = s.describe(ctx, tx, seg)
		return err
	})
	if err != nil {
		return api.Segment{}, err
	}
	s.engine.Put(seg)
	return out[0], nil
}

func (s *segmentsAPI) Delete(ctx context.Context, name string) error {
	if s.fixed[name] {
		return fmt.Errorf("segment %s is defined in the config file: %w", name, api.ErrInvalid)
	}
	if err := s.db.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteSegment(ctx, name) }); err != nil {
		return err
	}
	s.engine.Remove(name)
	return nil
}

func (s *segmentsAPI) Preview(ctx context.Context, definition string, sample int) (int64, []int64, error) {
	seg, err := compileSegment("preview", definition)
	if err != nil {
		return 0, nil, err
	}
	var p segment.Preview
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err = s.engine.Preview(ctx, tx, seg, sample)
		return err
	})
	return p.Size, p.Sample, err
}

func (s *segmentsAPI) Members(ctx context.Context, name string, after int64, limit int) ([]int64, int64, error) {
	if s.engine.Segment(name) == nil {
		return nil, 0, fmt.Errorf("segment %s: %w", name, store.ErrNotFound)
	}
	var ids []int64
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		var err error
		ids, err = tx.SegmentMembers(ctx, name, after, limit)
		return err
	})
	var next int64
	if len(ids) == limit && limit > 0 {
		next = ids[len(ids)-1]
	}
	return ids, next, err
}
