package redisstore_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"
)

// redisServer is a redis-server of the test's own on a free loopback port,
// with no persistence, in a temporary directory; it is stopped at the end
// of the test. These tests run against real Redis, never a fake: without
// redis-server they skip — unless CI is set, where they fail.
type redisServer struct {
	t    testing.TB
	bin  string
	dir  string
	Addr string

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{}
	out    *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// redisServerBinary finds redis-server, or skips (fails under CI).
func redisServerBinary(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if _, serr := os.Stat("/usr/bin/redis-server"); serr == nil {
			return "/usr/bin/redis-server"
		}
		const msg = "redis-server not found on PATH: install the Debian package redis-server (apt-get install -y redis-server) to run the Redis tests"
		if os.Getenv("CI") != "" {
			t.Fatal(msg + " (CI is set: .ci/run installs it)")
		}
		t.Skip(msg)
	}
	return bin
}

// startRedis starts a server for t.
func startRedis(t testing.TB) *redisServer {
	t.Helper()
	r := &redisServer{t: t, bin: redisServerBinary(t), dir: t.TempDir()}
	var err error
	for range 5 { // a free port can be taken between probing and binding
		var port int
		if port, err = freePort(); err != nil {
			continue
		}
		r.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		if err = r.start(); err == nil {
			break
		}
	}
	require.NoError(t, err, "start redis-server")
	t.Cleanup(r.Stop)
	return r
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// start runs redis-server on r.Addr and waits until it answers PING.
func (r *redisServer) start() error {
	_, port, _ := net.SplitHostPort(r.Addr)
	cmd := exec.Command(r.bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", r.dir, "--daemonize", "no", "--loglevel", "warning")
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	r.mu.Lock()
	r.cmd, r.exited, r.out = cmd, exited, out
	r.mu.Unlock()

	rdb := redis.NewClient(&redis.Options{Addr: r.Addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			return nil
		}
		select {
		case <-exited:
			return errors.New("redis-server exited: " + out.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			r.Stop()
			return errors.New("redis-server did not answer PING within 10s: " + out.String())
		}
	}
}

// Kill ends the server at once, as a crash would.
func (r *redisServer) Kill() { r.end(os.Kill) }

// Restart starts the server again on the same port, empty.
func (r *redisServer) Restart() {
	r.t.Helper()
	r.Kill()
	require.NoError(r.t, r.start(), "restart redis-server")
}

// Stop ends the server (SIGTERM, then SIGKILL after 5 s).
func (r *redisServer) Stop() { r.end(os.Interrupt) }

// end sends sig to the running server, if any, and waits for it to exit,
// killing it after 5 s.
func (r *redisServer) end(sig os.Signal) {
	r.mu.Lock()
	cmd, exited := r.cmd, r.exited
	r.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(sig)
	select {
	case <-exited:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
	}
}

// Client returns a go-redis client of its own (its own pool), closed at
// the end of the test.
func (r *redisServer) Client(t testing.TB) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: r.Addr, ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}
