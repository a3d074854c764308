package rewards

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
)

// PasswordSource says where a keystore password is read from: the
// environment variable Env (read through Getenv, default os.Getenv) or the
// file File, whose trailing line break is dropped. Exactly one is set.
type PasswordSource struct {
	Env    string
	File   string
	Getenv func(string) string
}

// password returns the password. Errors name the variable or file, never
// what it holds.
func (s PasswordSource) password() (string, error) {
	switch {
	case s.Env != "" && s.File != "":
		return "", errors.New("keystore password: set either an environment variable or a file, not both")
	case s.Env != "":
		getenv := s.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		pw := getenv(s.Env)
		if pw == "" {
			return "", fmt.Errorf("keystore password: environment variable %s is empty or unset", s.Env)
		}
		return pw, nil
	case s.File != "":
		b, err := os.ReadFile(s.File)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return "", fmt.Errorf("keystore password: read %s: %w", s.File, pe.Err)
			}
			return "", errors.New("keystore password: read " + s.File + " failed")
		}
		pw := strings.TrimRight(string(b), "\r\n")
		if pw == "" {
			return "", fmt.Errorf("keystore password: %s is empty", s.File)
		}
		return pw, nil
	default:
		return "", errors.New("keystore password: no environment variable or file named")
	}
}

// ErrKeystore is wrapped by every failure to open a keystore.
var ErrKeystore = errors.New("keystore")

// KeySigner signs with a decrypted hot wallet key. It prints, formats and
// logs as its address only.
type KeySigner struct {
	addr common.Address
	key  *ecdsa.PrivateKey
}

var _ TxSigner = (*KeySigner)(nil)

// LoadKeystore decrypts the keystore v3 file at path with the password
// from src. Errors never contain the password or the key.
func LoadKeystore(path string, src PasswordSource) (*KeySigner, error) {
	pw, err := src.password()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeystore, err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: read %s: %w", ErrKeystore, path, err)
	}
	k, err := keystore.DecryptKey(data, pw)
	if err != nil {
		if errors.Is(err, keystore.ErrDecrypt) {
			return nil, fmt.Errorf("%w: %s: wrong password", ErrKeystore, path)
		}
		// Parse errors describe the JSON structure, not secrets; keep only
		// their kind.
		return nil, fmt.Errorf("%w: %s: not a valid keystore v3 file", ErrKeystore, path)
	}
	return &KeySigner{addr: k.Address, key: k.PrivateKey}, nil
}

// NewKeySigner wraps a key already in memory (tests, the demo).
func NewKeySigner(key *ecdsa.PrivateKey) *KeySigner {
	return &KeySigner{addr: crypto.PubkeyToAddress(key.PublicKey), key: key}
}

// Address implements TxSigner.
func (s *KeySigner) Address() common.Address { return s.addr }

// TransactOpts returns bound-contract transact options signing with the key.
func (s *KeySigner) TransactOpts(chainID *big.Int) *bind.TransactOpts {
	return bind.NewKeyedTransactor(s.key, chainID)
}

// SignTx implements TxSigner.
func (s *KeySigner) SignTx(tx *types.Transaction, chainID *big.Int) (*types.Transaction, error) {
	return types.SignTx(tx, types.LatestSignerForChainID(chainID), s.key)
}

// String, GoString and LogValue show the address only.
func (s *KeySigner) String() string       { return "KeySigner(" + s.addr.Hex() + ")" }
func (s *KeySigner) GoString() string     { return s.String() }
func (s *KeySigner) LogValue() slog.Value { return slog.StringValue(s.addr.Hex()) }
func (s *KeySigner) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte(s.String()))
}
