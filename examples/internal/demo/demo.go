// Package demo is the scaffolding the runnable examples share, so that each
// example's main.go shows only what a merchant writes: the provider's
// client, its calls and what each outcome means for the money. Here is the
// rest: the real account the environment names or, when it names none, a
// simulated provider started in-process; the log of attempts; the
// contexts; and the exit codes (0 done, 1 failed or unknown, 2 bad
// settings).
package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/snaptest"
)

// Main runs an example's body and returns the process's exit code: the one
// body returns, or 2 when it returns an error (a bad setting, printed as
// "name example: err"). What the run started ends with it.
func Main(name string, body func(r *Run) (int, error)) int {
	r := &Run{}
	defer r.end()
	code, err := body(r)
	if err != nil {
		fmt.Fprintln(os.Stderr, name+" example:", err)
		return 2
	}
	return code
}

// Run is one run of an example: what it started, ended when Main returns.
type Run struct {
	ends []func()
}

func (r *Run) end() {
	for i := len(r.ends) - 1; i >= 0; i-- {
		r.ends[i]()
	}
}

// Context is the context of the example's calls: it ends after timeout, or
// with the run.
func (r *Run) Context(timeout time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	r.ends = append(r.ends, cancel)
	return ctx
}

// Simulate starts a simulated provider, closed when the run ends.
func (r *Run) Simulate(p snaptest.Profile, opts ...snaptest.Option) *snaptest.Server {
	srv := snaptest.NewServer(p, opts...)
	r.ends = append(r.ends, srv.Close)
	return srv
}

// Account is what a SNAP provider gives a merchant at onboarding.
type Account struct {
	// Simulated is set when the account is a simulated provider's.
	Simulated bool
	// BaseURL is the API root; empty when the setting is unset, for the
	// example's default.
	BaseURL string
	// PartnerID is X-PARTNER-ID (the client id).
	PartnerID string
	// ChannelID is CHANNEL-ID.
	ChannelID string
	// ClientSecret signs symmetric signatures; empty when the provider
	// gave none.
	ClientSecret snap.Secret
	// PrivateKey is the merchant's RSA key, which the provider trusts.
	PrivateKey snap.PrivateKey
	// CustomerToken is the customer's B2B2C token, when there is one.
	CustomerToken string
}

// Account reads the account from the settings PREFIX_BASE_URL,
// PREFIX_PARTNER_ID, PREFIX_CHANNEL_ID, PREFIX_CLIENT_SECRET,
// PREFIX_PRIVATE_KEY_FILE (a PEM file) and PREFIX_CUSTOMER_TOKEN when all
// of required are set. When none is, simulate starts the simulated
// provider (see Simulate) and the account is the one it trusts; simulator
// names it in the error when only some are set.
func (r *Run) Account(prefix string, required []string, simulator string, simulate func(r *Run) *snaptest.Server) (Account, error) {
	real, err := AllOrNone(required, simulator)
	if err != nil {
		return Account{}, err
	}
	if !real {
		srv := simulate(r)
		return Account{
			Simulated: true, BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(), ClientSecret: srv.ClientSecret(),
			PrivateKey: snap.NewPrivateKey(srv.PartnerKey()), CustomerToken: srv.CustomerToken(),
		}, nil
	}
	acct := Account{
		BaseURL:       os.Getenv(prefix + "_BASE_URL"),
		PartnerID:     os.Getenv(prefix + "_PARTNER_ID"),
		ChannelID:     os.Getenv(prefix + "_CHANNEL_ID"),
		ClientSecret:  snap.Secret(os.Getenv(prefix + "_CLIENT_SECRET")),
		CustomerToken: os.Getenv(prefix + "_CUSTOMER_TOKEN"),
	}
	keyFile := prefix + "_PRIVATE_KEY_FILE"
	pem, err := os.ReadFile(os.Getenv(keyFile))
	if err != nil {
		return Account{}, fmt.Errorf("%s: %w", keyFile, err)
	}
	key, err := snap.ParsePrivateKey(pem)
	if err != nil {
		return Account{}, fmt.Errorf("%s: %w", keyFile, err)
	}
	acct.PrivateKey = snap.NewPrivateKey(key)
	return acct, nil
}

// AllOrNone reports whether every setting is set, for a real call; none set
// means the simulator, and only some an error naming simulator and the
// missing ones.
func AllOrNone(settings []string, simulator string) (bool, error) {
	var missing []string
	for _, k := range settings {
		if os.Getenv(k) == "" {
			missing = append(missing, k)
		}
	}
	switch len(missing) {
	case 0:
		return true, nil
	case len(settings):
		return false, nil
	}
	return false, fmt.Errorf("set all of %s for a real call, or none for %s (missing %s)",
		strings.Join(settings, ", "), simulator, strings.Join(missing, ", "))
}

// Env is the setting key, or fallback when it is unset.
func Env(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

// Logger logs one line per attempt to stderr; the SDK logs no secret.
func Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

// NotSent prints a snap.ValidationError, the one Failed that never left
// the merchant (the request broke a rule of the provider's field table),
// and reports whether err was one.
func NotSent(err error) bool {
	var v *snap.ValidationError
	if errors.As(err, &v) {
		fmt.Println("Failed before sending:", v)
		return true
	}
	return false
}
