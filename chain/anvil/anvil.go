// Package anvil installs and runs a local anvil node (Foundry's dev chain)
// from its npm package, for benchmarks and tests against a real node.
package anvil

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ethereum/go-ethereum/rpc"
)

// Version is the anvil npm package installed.
const Version = "1.7.1"

// ChainID is anvil's default chain id.
const ChainID = 31337

// DefaultCacheDir is where Install keeps the package: the user's cache
// folder, so every run after the first reuses it.
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("anvil: cache dir: %w", err)
	}
	return filepath.Join(dir, "beckon", "anvil"), nil
}

// Install makes sure anvil is installed under cacheDir (DefaultCacheDir
// when empty) and returns the binary's path. It runs npm only when the
// binary is missing; a file lock keeps concurrent installs (parallel test
// packages) from clobbering each other.
func Install(ctx context.Context, cacheDir string) (string, error) {
	if cacheDir == "" {
		var err error
		if cacheDir, err = DefaultCacheDir(); err != nil {
			return "", err
		}
	}
	prefix := filepath.Join(cacheDir, Version)
	arch := runtime.GOARCH
	bin := filepath.Join(prefix, "node_modules", "@foundry-rs", "anvil-"+runtime.GOOS+"-"+arch, "bin", "anvil")
	if runs(ctx, bin) {
		return bin, nil
	}
	if err := os.MkdirAll(prefix, 0o755); err != nil {
		return "", fmt.Errorf("anvil: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(prefix, ".lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return "", fmt.Errorf("anvil: lock: %w", err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		return "", fmt.Errorf("anvil: lock: %w", err)
	}
	// Closing the file releases the lock.
	if runs(ctx, bin) { // another process installed it while we waited
		return bin, nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", fmt.Errorf("anvil: npm is needed to install @foundry-rs/anvil: %w", err)
	}
	// The package's postinstall is not needed (npm ≥ 11 skips it anyway):
	// the platform package it depends on carries the binary, which is all
	// we run.
	cmd := exec.CommandContext(ctx, npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", prefix, "@foundry-rs/anvil@"+Version)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("anvil: npm install @foundry-rs/anvil@%s: %w: %s", Version, err, lastLines(out.String(), 10))
	}
	if !runs(ctx, bin) {
		return "", fmt.Errorf("anvil: npm installed @foundry-rs/anvil@%s but %s does not run", Version, bin)
	}
	return bin, nil
}

func runs(ctx context.Context, bin string) bool {
	if _, err := os.Stat(bin); err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "--version").Output()
	return err == nil && strings.Contains(string(out), "anvil")
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Node is a running anvil process on a loopback port.
type Node struct {
	// URL is the node's HTTP JSON-RPC endpoint (also WebSocket, as ws://).
	URL  string
	Port int

	cmd    *exec.Cmd
	done   chan struct{}
	mu     sync.Mutex
	output bytes.Buffer
	err    error // the process's exit, once done is closed
}

// Start runs bin on a free loopback port with args (e.g. "--no-mining")
// and waits until it answers JSON-RPC. Stop it with Stop.
func Start(ctx context.Context, bin string, args ...string) (*Node, error) {
	var lastErr error
	// A free port can be taken between probing and anvil binding it: retry.
	for range 3 {
		n, err := start(ctx, bin, args)
		if err == nil {
			return n, nil
		}
		lastErr = err
		if ctx.Err() != nil {
			break
		}
	}
	return nil, lastErr
}

func start(ctx context.Context, bin string, args []string) (*Node, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	n := &Node{Port: port, URL: "http://127.0.0.1:" + strconv.Itoa(port), done: make(chan struct{})}
	all := append([]string{"--host", "127.0.0.1", "--port", strconv.Itoa(port)}, args...)
	// Not CommandContext: the node must outlive a start-up ctx; Stop ends it.
	n.cmd = exec.Command(bin, all...)
	n.cmd.Stdout, n.cmd.Stderr = (*lockedWriter)(n), (*lockedWriter)(n)
	n.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := n.cmd.Start(); err != nil {
		return nil, fmt.Errorf("anvil: start: %w", err)
	}
	go func() {
		err := n.cmd.Wait()
		n.mu.Lock()
		n.err = err
		n.mu.Unlock()
		close(n.done)
	}()
	if err := n.waitReady(ctx, 30*time.Second); err != nil {
		n.Stop()
		return nil, err
	}
	return n, nil
}

// lockedWriter collects the process's output under the node's lock.
type lockedWriter Node

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	// Keep the tail only: anvil logs every request at its default level.
	if w.output.Len() > 1<<20 {
		tail := append([]byte(nil), w.output.Bytes()[w.output.Len()-64<<10:]...)
		w.output.Reset()
		w.output.Write(tail)
	}
	return w.output.Write(p)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("anvil: free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (n *Node) waitReady(ctx context.Context, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	body := `{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}`
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, n.URL, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-n.done:
			return fmt.Errorf("anvil: exited before answering: %v: %s", n.err, lastLines(n.Output(), 10))
		case <-ctx.Done():
			return fmt.Errorf("anvil: not answering on %s: %w", n.URL, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Output returns what the node printed lately.
func (n *Node) Output() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.output.String()
}

// Dial returns a JSON-RPC client of the node, for its anvil_* and evm_* methods.
func (n *Node) Dial(ctx context.Context) (*rpc.Client, error) {
	c, err := rpc.DialContext(ctx, n.URL)
	if err != nil {
		return nil, fmt.Errorf("anvil: dial: %w", err)
	}
	return c, nil
}

// Stop ends the node (SIGTERM, then SIGKILL after 5 s) and waits for it.
func (n *Node) Stop() {
	select {
	case <-n.done:
		return
	default:
	}
	_ = n.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-n.done:
	case <-time.After(5 * time.Second):
		_ = n.cmd.Process.Kill()
		<-n.done
	}
}

// Kill ends the node at once, as a crash would.
func (n *Node) Kill() {
	_ = n.cmd.Process.Kill()
	<-n.done
}

// ErrExited is returned by Alive when the node has stopped.
var ErrExited = errors.New("anvil: node exited")

// Alive reports ErrExited once the process has ended.
func (n *Node) Alive() error {
	select {
	case <-n.done:
		return fmt.Errorf("%w: %v", ErrExited, n.err)
	default:
		return nil
	}
}
