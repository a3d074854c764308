// Package facts holds what conditions know about a contact: the CEL
// environment segments and flow conditions share, and the conversion of
// stored Go values into values CEL understands.
package facts

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"time"
)

// CELMap returns a copy of m with every value converted by CELValue. A nil
// map becomes an empty one so that `has(event.x)` works on missing data.
func CELMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = CELValue(v)
	}
	return out
}

// CELValue converts a Go value decoded from chain logs or storage into one
// CEL's type adapter understands, recursing into map[string]any and []any:
//
//   - *big.Int and big.Int become int64 when they fit. Larger values (token
//     amounts in wei, uint256 ids) become float64: CEL has no big integer
//     type, and a double keeps ordering comparisons such as
//     `event.args.value > 1e21` working at the cost of precision beyond
//     about 15 significant digits. A nil *big.Int becomes null.
//   - Every Go integer type becomes int64 (uint64 beyond MaxInt64 becomes
//     float64 as above), so expressions can compare against int literals
//     without mixing int and uint; float32 becomes float64.
//   - time.Time and time.Duration are kept (CEL timestamp and duration).
//   - Other values implementing fmt.Stringer (addresses, hashes) become
//     their String(); everything else is passed through unchanged.
func CELValue(v any) any {
	switch x := v.(type) {
	case nil, bool, string, int64, float64, []byte, time.Time, time.Duration:
		return v
	case *big.Int:
		if x == nil {
			return nil
		}
		return bigToCEL(x)
	case big.Int:
		return bigToCEL(&x)
	case int:
		return int64(x)
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint:
		return uintToCEL(uint64(x))
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return uintToCEL(x)
	case float32:
		return float64(x)
	case map[string]any:
		return CELMap(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = CELValue(e)
		}
		return out
	case []string:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = e
		}
		return out
	case fmt.Stringer:
		if rv := reflect.ValueOf(x); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil
		}
		return x.String()
	}
	return v
}

func bigToCEL(x *big.Int) any {
	if x.IsInt64() {
		return x.Int64()
	}
	f, _ := new(big.Float).SetInt(x).Float64()
	return f
}

func uintToCEL(x uint64) any {
	if x <= math.MaxInt64 {
		return int64(x)
	}
	return float64(x)
}
