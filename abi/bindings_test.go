// Package abi_test guards the committed contract artifacts and their Go bindings.
package abi_test

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/abigen"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"
)

// bindings lists each generated package and the contract it binds, as
// contracts/build.sh produces them.
var bindings = []struct{ pkg, contract string }{
	{"pass", "BeckonPass"},
	{"token", "BeckonToken"},
	{"vault", "StakingVault"},
	{"governor", "BeckonGovernor"},
	{"distributor", "MerkleDistributor"},
	{"badge", "BeckonBadge"},
	{"smartwallet", "SmartWallet"},
	{"walletfactory", "SmartWalletFactory"},
	{"sigvalidator", "ValidateSigOffchain"},
	{"delegateregistry", "TestDelegateRegistry"},
}

// TestBindingsMatchArtifacts regenerates every binding from the committed ABI and
// bytecode, exactly as contracts/build.sh does through abigen, and requires it to
// equal the committed file: an edited binding, or artifacts committed without their
// regenerated binding, fail here. Run contracts/build.sh (make contracts) to fix.
func TestBindingsMatchArtifacts(t *testing.T) {
	t.Parallel()
	for _, b := range bindings {
		t.Run(b.pkg, func(t *testing.T) {
			t.Parallel()
			abiJSON, err := os.ReadFile(filepath.Join(b.pkg, b.contract+".abi"))
			require.NoError(t, err)
			bin, err := os.ReadFile(filepath.Join(b.pkg, b.contract+".bin"))
			require.NoError(t, err)
			committed, err := os.ReadFile(filepath.Join(b.pkg, b.pkg+".go"))
			require.NoError(t, err)

			// Same inputs as `abigen --v2 --abi X.abi --bin X.bin --pkg p --type T`.
			code, err := abigen.BindV2(
				[]string{b.contract}, []string{string(abiJSON)}, []string{string(bin)},
				b.pkg, map[string]string{}, map[string]string{})
			require.NoError(t, err)
			if code != string(committed) {
				t.Fatalf("%s/%s.go does not match %s.abi and %s.bin (first difference at line %d): run make contracts",
					b.pkg, b.pkg, b.contract, b.contract, firstDiffLine(code, string(committed)))
			}
		})
	}
}

// TestBytecodeUnderSizeLimit keeps every contract deployable: chains reject contracts
// whose code exceeds EIP-170's limit. The creation bytecode bounds the runtime code.
func TestBytecodeUnderSizeLimit(t *testing.T) {
	t.Parallel()
	for _, b := range bindings {
		t.Run(b.pkg, func(t *testing.T) {
			t.Parallel()
			bin, err := os.ReadFile(filepath.Join(b.pkg, b.contract+".bin"))
			require.NoError(t, err)
			code, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(string(bin)), "0x"))
			require.NoError(t, err)
			require.NotEmpty(t, code)
			require.LessOrEqual(t, len(code), params.MaxCodeSize, "%s bytecode is %d bytes", b.contract, len(code))
		})
	}
}

// firstDiffLine returns the 1-based number of the first line where a and b differ.
func firstDiffLine(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return i + 1
		}
	}
	return min(len(al), len(bl)) + 1
}
