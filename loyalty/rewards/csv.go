package rewards

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

// CSVHeader is the header row an allocations file must start with.
var CSVHeader = []string{"address", "amount"}

// CSVRowError is one rejected row of an allocations file.
type CSVRowError struct {
	Line   int    // 1-based line number in the file
	Reason string // bad address, bad amount, negative amount, zero amount, duplicate address, …
	Value  string // the offending field, as written
}

func (e CSVRowError) Error() string {
	if e.Value == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("line %d: %s: %q", e.Line, e.Reason, e.Value)
}

// CSVErrors lists every rejected row of an allocations file, in file order.
// ParseAllocationsCSV returns it, and no allocations, when any row is bad.
type CSVErrors []CSVRowError

func (es CSVErrors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	noun := "rows"
	if len(es) == 1 {
		noun = "row"
	}
	return fmt.Sprintf("%d bad %s:\n  %s", len(es), noun, strings.Join(lines, "\n  "))
}

// Reasons given in CSVRowError.
const (
	ReasonBadAddress = "bad address"
	ReasonBadAmount  = "bad amount"
	ReasonNegative   = "negative amount"
	ReasonZero       = "zero amount"
	ReasonDuplicate  = "duplicate address"
	ReasonColumns    = "wrong number of columns"
	ReasonSyntax     = "malformed CSV"
)

// ErrNoAllocations is returned for an allocations file without data rows.
var ErrNoAllocations = errors.New("no allocations")

// ParseAllocationsCSV reads an allocations file: a header row
// "address,amount", then one row per account. Addresses may be written in
// any case (a mixed-case address must carry a valid EIP-55 checksum, since
// a wrong one is a typo); amounts are decimal integers in the token's
// smallest unit, positive and at most 256 bits. Blank lines are ignored.
//
// Every row is checked before anything is returned: when any row is bad
// the result is nil and the error is a CSVErrors naming each bad row.
// Allocations come back in file order with checksummed accounts.
func ParseAllocationsCSV(r io.Reader) ([]Allocation, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = false

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("allocations: empty file, want the header %q: %w", strings.Join(CSVHeader, ","), ErrNoAllocations)
	}
	if err != nil {
		return nil, CSVErrors{syntaxError(err)}
	}
	if !isHeader(header) {
		line, _ := cr.FieldPos(0)
		return nil, CSVErrors{{Line: line, Reason: fmt.Sprintf("header must be %q", strings.Join(CSVHeader, ",")), Value: strings.Join(header, ",")}}
	}

	var (
		out  []Allocation
		bad  CSVErrors
		seen = map[common.Address]int{}
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			bad = append(bad, syntaxError(err))
			if !errors.As(err, &pe) {
				return nil, bad
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(CSVHeader) {
			bad = append(bad, CSVRowError{Line: line, Reason: fmt.Sprintf("%s: %d, want 2", ReasonColumns, len(rec)), Value: strings.Join(rec, ",")})
			continue
		}
		addrField, amountField := strings.TrimSpace(rec[0]), strings.TrimSpace(rec[1])
		acct, addrErr := parseCSVAddress(addrField)
		amount, amountErr := parseCSVAmount(amountField)
		if addrErr != "" {
			bad = append(bad, CSVRowError{Line: line, Reason: addrErr, Value: addrField})
		}
		if amountErr != "" {
			bad = append(bad, CSVRowError{Line: line, Reason: amountErr, Value: amountField})
		}
		if addrErr != "" || amountErr != "" {
			continue
		}
		if first, dup := seen[acct]; dup {
			bad = append(bad, CSVRowError{Line: line, Reason: fmt.Sprintf("%s (first on line %d)", ReasonDuplicate, first), Value: addrField})
			continue
		}
		seen[acct] = line
		out = append(out, Allocation{Account: acct, Amount: amount})
	}
	if len(bad) > 0 {
		return nil, bad
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("allocations: header only: %w", ErrNoAllocations)
	}
	return out, nil
}

func isHeader(rec []string) bool {
	if len(rec) != len(CSVHeader) {
		return false
	}
	for i, h := range CSVHeader {
		field := strings.TrimSpace(rec[i])
		if i == 0 {
			field = strings.TrimPrefix(field, "\ufeff") // a byte order mark written by spreadsheets
		}
		if !strings.EqualFold(field, h) {
			return false
		}
	}
	return true
}

func syntaxError(err error) CSVRowError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return CSVRowError{Line: pe.Line, Reason: fmt.Sprintf("%s: %v", ReasonSyntax, pe.Err)}
	}
	return CSVRowError{Reason: fmt.Sprintf("%s: %v", ReasonSyntax, err)}
}

// parseCSVAddress returns the account or the reason it is rejected.
func parseCSVAddress(s string) (common.Address, string) {
	if s == "" {
		return common.Address{}, ReasonBadAddress + " (empty)"
	}
	if !strings.HasPrefix(s, "0x") && !strings.HasPrefix(s, "0X") || len(s) != 42 || !common.IsHexAddress(s) {
		return common.Address{}, ReasonBadAddress + " (want 0x and 40 hex digits)"
	}
	body := s[2:]
	addr := common.HexToAddress(body)
	if body != strings.ToLower(body) && body != strings.ToUpper(body) && addr.Hex()[2:] != body {
		return common.Address{}, ReasonBadAddress + " (mixed case with an invalid EIP-55 checksum)"
	}
	if addr == (common.Address{}) {
		return common.Address{}, ReasonBadAddress + " (zero address)"
	}
	return addr, ""
}

// parseCSVAmount returns the amount or the reason it is rejected.
func parseCSVAmount(s string) (*big.Int, string) {
	if s == "" {
		return nil, ReasonBadAmount + " (empty)"
	}
	body := strings.TrimPrefix(s, "-")
	if body == "" || strings.TrimLeft(body, "0123456789") != "" {
		return nil, ReasonBadAmount + " (want a decimal integer in the token's smallest unit)"
	}
	n, ok := new(big.Int).SetString(body, 10)
	if !ok {
		return nil, ReasonBadAmount
	}
	switch {
	case strings.HasPrefix(s, "-") && n.Sign() != 0:
		return nil, ReasonNegative
	case n.Sign() == 0:
		return nil, ReasonZero
	case n.BitLen() > 256:
		return nil, ReasonBadAmount + " (wider than uint256)"
	}
	return n, ""
}
