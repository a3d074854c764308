// Package anviltest starts an anvil node for a test, or skips the test
// when anvil cannot be installed — failing instead when the environment
// demands every real dependency (BECKON_TEST_REQUIRE_POSTGRES=1, as CI sets).
package anviltest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/beckonhq/beckon/chain/anvil"
)

// Start installs anvil if needed and runs a node with args until the test ends.
func Start(t testing.TB, args ...string) *anvil.Node {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	bin, err := anvil.Install(ctx, os.Getenv("BECKON_ANVIL_CACHE"))
	if err != nil {
		unavailable(t, err)
	}
	n, err := anvil.Start(ctx, bin, args...)
	if err != nil {
		unavailable(t, err)
	}
	t.Cleanup(n.Stop)
	return n
}

func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("BECKON_TEST_REQUIRE_POSTGRES") == "1" {
		t.Fatalf("anvil is required (BECKON_TEST_REQUIRE_POSTGRES=1): %v", err)
	}
	t.Skipf("anvil unavailable: %v", err)
}
