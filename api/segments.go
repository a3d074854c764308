package api

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/beckonhq/beckon/store"
)

// Segment is a named set of contacts defined by a rule.
type Segment struct {
	Name string `json:"name"`
	// Definition is the segment's rule, in the segment package's syntax.
	Definition string    `json:"definition"`
	Size       int64     `json:"size"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// Segments is what the segment routes need. Methods return errors
// wrapping store.ErrNotFound for an unknown segment and ErrInvalid for a
// bad definition.
type Segments interface {
	List(ctx context.Context) ([]Segment, error)
	Get(ctx context.Context, name string) (Segment, error)
	// Put creates (create true; ErrExists-like conflicts wrap store.ErrExists)
	// or replaces a segment.
	Put(ctx context.Context, name, definition string, create bool) (Segment, error)
	Delete(ctx context.Context, name string) error
	// Preview sizes a definition without storing it, with a few members.
	Preview(ctx context.Context, definition string, sample int) (size int64, members []int64, err error)
	// Members pages through a segment's contact ids above after.
	Members(ctx context.Context, name string, after int64, limit int) (ids []int64, next int64, err error)
}

type segmentRequest struct {
	Name       string `json:"name"`
	Definition string `json:"definition"`
}

func (s *Server) listSegments(c *gin.Context) {
	list, err := s.cfg.Segments.List(c.Request.Context())
	if err != nil {
		s.depErr(c, "list segments", err)
		return
	}
	if list == nil {
		list = []Segment{}
	}
	c.JSON(http.StatusOK, page{Items: list})
}

func (s *Server) getSegment(c *gin.Context) {
	seg, err := s.cfg.Segments.Get(c.Request.Context(), c.Param("name"))
	if err != nil {
		s.depErr(c, "read the segment", err)
		return
	}
	c.JSON(http.StatusOK, seg)
}

func (s *Server) putSegment(create bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		var req segmentRequest
		if !bindJSON(c, &req) {
			return
		}
		name := req.Name
		if !create {
			if name != "" && name != c.Param("name") {
				unprocessable(c, "the name must match the path", []fieldError{{Field: "name", Message: "differs from the path"}})
				return
			}
			name = c.Param("name")
		}
		var errs []fieldError
		if !eventNamePattern.MatchString(name) {
			errs = append(errs, fieldError{Field: "name", Message: "1 to 100 letters, digits, '_', '.', ':' or '-'"})
		}
		if req.Definition == "" {
			errs = append(errs, fieldError{Field: "definition", Message: "is required"})
		}
		if len(errs) > 0 {
			unprocessable(c, "invalid segment", errs)
			return
		}
		seg, err := s.cfg.Segments.Put(c.Request.Context(), name, req.Definition, create)
		if err != nil {
			if isExists(err) {
				problem(c, http.StatusConflict, fmt.Sprintf("segment %q exists", name))
				return
			}
			s.depErr(c, "store the segment", err)
			return
		}
		status := http.StatusOK
		if create {
			status = http.StatusCreated
		}
		c.JSON(status, seg)
	}
}

func (s *Server) deleteSegment(c *gin.Context) {
	if err := s.cfg.Segments.Delete(c.Request.Context(), c.Param("name")); err != nil {
		s.depErr(c, "delete the segment", err)
		return
	}
	c.Status(http.StatusNoContent)
}

func (s *Server) previewSegment(c *gin.Context) {
	var req segmentRequest
	if !bindJSON(c, &req) {
		return
	}
	if req.Definition == "" {
		unprocessable(c, "invalid segment", []fieldError{{Field: "definition", Message: "is required"}})
		return
	}
	size, sample, err := s.cfg.Segments.Preview(c.Request.Context(), req.Definition, 20)
	if err != nil {
		s.depErr(c, "preview the segment", err)
		return
	}
	if sample == nil {
		sample = []int64{}
	}
	c.JSON(http.StatusOK, gin.H{"size": size, "sample": sample})
}

func (s *Server) segmentMembers(c *gin.Context) {
	pos, limit, ok := pageParams(c)
	if !ok {
		return
	}
	ids, next, err := s.cfg.Segments.Members(c.Request.Context(), c.Param("name"), pos, limit)
	if err != nil {
		s.depErr(c, "list segment members", err)
		return
	}
	if ids == nil {
		ids = []int64{}
	}
	c.JSON(http.StatusOK, page{Items: ids, NextCursor: encodeCursor(next)})
}

// exportSegment streams every member id as CSV.
func (s *Server) exportSegment(c *gin.Context) {
	name := c.Param("name")
	ctx := c.Request.Context()
	ids, next, err := s.cfg.Segments.Members(ctx, name, 0, maxLimit)
	if err != nil {
		s.depErr(c, "export the segment", err)
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, name))
	c.Status(http.StatusOK)
	w := csv.NewWriter(c.Writer)
	_ = w.Write([]string{"contact_id"})
	for {
		for _, id := range ids {
			_ = w.Write([]string{strconv.FormatInt(id, 10)})
		}
		if next == 0 {
			break
		}
		if ids, next, err = s.cfg.Segments.Members(ctx, name, next, maxLimit); err != nil {
			s.log(c).Error("export segment", "segment", name, "err", err)
			break
		}
	}
	w.Flush()
}

func isExists(err error) bool { return errors.Is(err, store.ErrExists) }
