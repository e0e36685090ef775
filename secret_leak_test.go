package snap_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/dana"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/nicepay"
	"github.com/snapbi/snap/paydia"
	"github.com/snapbi/snap/payermax"
)

// Known secrets, distinctive enough that any hit in printed output is a leak.
const (
	leakClientSecret   = "cs-LEAK-7f3a9c01d2e4b5a6"
	leakMerchantKey    = "mk-LEAK-33f0e1d2c3b4a596"
	leakCustomerToken  = "ct-LEAK-5e6f7a8b9c0d1e2f"
	leakAccessToken    = "at-LEAK-0a1b2c3d4e5f6a7b"
	leakTokenPath      = "/v1.0/access-token/b2b"
	leakIMID           = "IONPAYTEST"
	leakPartnerID      = "partner-leak"
	leakChannelID      = "95221"
	leakKeyName        = "partner_pkcs1.pem"
	leakRefusedService = "/v1.0/debit/cancel"
)

// leakKey is the 2048-bit RSA key of the probes, with every form it could
// leak in: the PEM, the base64 DER, D, P and Q in decimal and hex.
type leakKey struct {
	key     *rsa.PrivateKey
	needles map[string]string // what → text that must never be printed
}

func loadLeakKey(t *testing.T) leakKey {
	t.Helper()
	pemText := testkit.KeyPEM(t, leakKeyName)
	key, err := snap.ParsePrivateKey(pemText)
	require.NoError(t, err)
	require.Equal(t, 2048, key.N.BitLen())
	n := map[string]string{}
	for i, line := range strings.Split(strings.TrimSpace(string(pemText)), "\n") {
		if !strings.HasPrefix(line, "-----") && len(line) >= 32 {
			n[fmt.Sprintf("PEM line %d", i)] = line
		}
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	for name, der := range map[string][]byte{"PKCS#1": x509.MarshalPKCS1PrivateKey(key), "PKCS#8": pkcs8} {
		b64 := base64.StdEncoding.EncodeToString(der)
		n["base64 "+name+" DER"] = b64
		n["base64 "+name+" DER, middle"] = b64[len(b64)/2 : len(b64)/2+40]
	}
	for name, v := range map[string]interface{ Text(int) string }{"D": key.D, "P": key.Primes[0], "Q": key.Primes[1]} {
		// Prefixes catch a value wrapped or cut short as well as a whole one.
		n[name+" decimal"] = v.Text(10)[:40]
		n[name+" hex"] = v.Text(16)[:40]
		n[name+" HEX"] = strings.ToUpper(v.Text(16)[:40])
	}
	return leakKey{key: key, needles: n}
}

// needles are every secret the probes hold.
func (k leakKey) all() map[string]string {
	n := map[string]string{
		"client secret":  leakClientSecret,
		"merchant key":   leakMerchantKey,
		"customer token": leakCustomerToken,
		"access token":   leakAccessToken,
	}
	for what, s := range k.needles {
		n[what] = s
	}
	return n
}

// tokenProvider is a loopback provider that issues leakAccessToken and
// answers every other call with success, so that clients hold a token.
func tokenProvider(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, leakTokenPath) {
			_, _ = io.WriteString(w, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"`+leakAccessToken+`","tokenType":"Bearer","expiresIn":"900"}`)
			return
		}
		_, _ = io.WriteString(w, `{"responseCode":"2005700","responseMessage":"Successful"}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// primeToken makes one call through core, so that it caches the access token
// and has carried the customer token.
func primeToken(t *testing.T, core *snap.Client) {
	t.Helper()
	_, err := core.Do(context.Background(), &snap.Request{Path: "/v1.0/debit/status"}, nil, snap.CustomerToken(leakCustomerToken))
	require.NoError(t, err)
}

// probes builds every config and client type of every package with the
// known secrets, clients with a cached access token.
func probes(t *testing.T, key *rsa.PrivateKey) map[string]any {
	t.Helper()
	srv := tokenProvider(t)
	pk := snap.NewPrivateKey(key)

	coreCfg := snap.Config{
		BaseURL: srv.URL, PartnerID: leakPartnerID, ChannelID: leakChannelID, ClientSecret: leakClientSecret,
		PrivateKey: pk, Signature: snap.Symmetric, TokenPath: leakTokenPath,
	}
	core, err := snap.NewClient(coreCfg)
	require.NoError(t, err)
	primeToken(t, core)

	danaCfg := dana.Config{BaseURL: srv.URL, PartnerID: leakPartnerID, ChannelID: leakChannelID, PrivateKey: pk}
	danaClient, err := dana.NewClient(danaCfg)
	require.NoError(t, err)

	paydiaCfg := paydia.Config{BaseURL: srv.URL + "/snap", PartnerID: leakPartnerID, ChannelID: leakChannelID, ClientSecret: leakClientSecret, PrivateKey: pk}
	paydiaClient, err := paydia.NewClient(paydiaCfg)
	require.NoError(t, err)
	primeToken(t, paydiaClient.Core())

	payermaxCfg := payermax.Config{BaseURL: srv.URL, PartnerID: leakPartnerID, ChannelID: leakChannelID, ClientSecret: leakClientSecret, PrivateKey: pk}
	payermaxClient, err := payermax.NewClient(payermaxCfg)
	require.NoError(t, err)
	primeToken(t, payermaxClient.Core())

	nicepayCfg := nicepay.Config{BaseURL: srv.URL, IMID: leakIMID, MerchantKey: leakMerchantKey}
	nicepayClient, err := nicepay.NewClient(nicepayCfg)
	require.NoError(t, err)

	debitCfg := debit.Config{BaseURL: srv.URL, PartnerID: leakPartnerID, ChannelID: leakChannelID, ClientSecret: leakClientSecret, PrivateKey: pk}
	debitClient, err := debit.NewClient(debitCfg)
	require.NoError(t, err)
	primeToken(t, debitClient.Core())

	return map[string]any{
		"snap.Config": coreCfg, "*snap.Config": &coreCfg, "*snap.Client": core,
		"dana.Config": danaCfg, "*dana.Config": &danaCfg, "*dana.Client": danaClient,
		"paydia.Config": paydiaCfg, "*paydia.Config": &paydiaCfg, "*paydia.Client": paydiaClient,
		"payermax.Config": payermaxCfg, "*payermax.Config": &payermaxCfg, "*payermax.Client": payermaxClient,
		"nicepay.Config": nicepayCfg, "*nicepay.Config": &nicepayCfg, "*nicepay.Client": nicepayClient,
		"debit.Config": debitCfg, "*debit.Config": &debitCfg, "*debit.Client": debitClient,
		"snap.Secret": snap.Secret(leakClientSecret), "snap.PrivateKey": pk, "*snap.PrivateKey": &pk,
		"core.Config()": core.Config(), "[]any{configs}": []any{coreCfg, nicepayCfg},
		"map of clients": map[string]any{"core": core, "nicepay": nicepayClient},
	}
}

// printRoutes are every way a value gets printed: fmt, slog's handlers,
// encoding/json, and an error made of it.
var printRoutes = map[string]func(t *testing.T, v any) string{
	"%v":  func(_ *testing.T, v any) string { return fmt.Sprintf("%v", v) },
	"%+v": func(_ *testing.T, v any) string { return fmt.Sprintf("%+v", v) },
	"%#v": func(_ *testing.T, v any) string { return fmt.Sprintf("%#v", v) },
	"%s":  func(_ *testing.T, v any) string { return fmt.Sprintf("%s", v) },
	"%q":  func(_ *testing.T, v any) string { return fmt.Sprintf("%q", v) },
	"%x":  func(_ *testing.T, v any) string { return fmt.Sprintf("%x", v) },
	"slog text": func(_ *testing.T, v any) string {
		var b bytes.Buffer
		slog.New(slog.NewTextHandler(&b, nil)).Info("probe", "value", v)
		return b.String()
	},
	"slog JSON": func(_ *testing.T, v any) string {
		var b bytes.Buffer
		slog.New(slog.NewJSONHandler(&b, nil)).Info("probe", "value", v)
		return b.String()
	},
	"json.Marshal": func(t *testing.T, v any) string {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		return string(b)
	},
	"error": func(_ *testing.T, v any) string { return errors.New(fmt.Sprint(v)).Error() },
}

// leaks returns the names of the needles found in out.
func leaks(out string, needles map[string]string) []string {
	var found []string
	for what, s := range needles {
		if strings.Contains(out, s) {
			found = append(found, what)
		}
	}
	slices.Sort(found)
	return found
}

func TestSecretsNeverPrint(t *testing.T) {
	k := loadLeakKey(t)
	needles := k.all()
	values := probes(t, k.key)
	for name, v := range values {
		for route, printer := range printRoutes {
			t.Run(name+"/"+route, func(t *testing.T) {
				out := printer(t, v)
				assert.Empty(t, leaks(out, needles), "printed: %s", out)
			})
		}
	}

	// The probe finds a leak where there is one: the bare key through slog's
	// JSON handler, a plain string secret through %v.
	raw := printRoutes["slog JSON"](t, k.key)
	assert.Subset(t, leaks(raw, needles), []string{"D decimal", "P decimal", "Q decimal"})
	plain := printRoutes["%v"](t, struct{ ClientSecret string }{leakClientSecret})
	assert.Equal(t, []string{"client secret"}, leaks(plain, needles))
}

func TestSecretTypesPrintPlaceholder(t *testing.T) {
	s := snap.Secret(leakClientSecret)
	pk := snap.NewPrivateKey(loadLeakKey(t).key)
	tests := []struct {
		name string
		got  func() (string, error)
		want string
	}{
		{"Secret String", func() (string, error) { return s.String(), nil }, "<redacted>"},
		{"Secret GoString", func() (string, error) { return s.GoString(), nil }, "<redacted>"},
		{"Secret %d", func() (string, error) { return fmt.Sprintf("%d", s), nil }, "<redacted>"},
		{"Secret %q", func() (string, error) { return fmt.Sprintf("%q", s), nil }, `"<redacted>"`},
		{"Secret LogValue", func() (string, error) { return s.LogValue().String(), nil }, "<redacted>"},
		{"Secret MarshalJSON", func() (string, error) { b, err := s.MarshalJSON(); return string(b), err }, `"<redacted>"`},
		{"Secret MarshalText", func() (string, error) { b, err := s.MarshalText(); return string(b), err }, "<redacted>"},
		{"Secret Reveal", func() (string, error) { return s.Reveal(), nil }, leakClientSecret},
		{"empty Secret", func() (string, error) { return fmt.Sprintf("[%v]", snap.Secret("")), nil }, "[]"},
		{"empty Secret JSON", func() (string, error) { b, err := json.Marshal(snap.Secret("")); return string(b), err }, `""`},
		{"PrivateKey %v", func() (string, error) { return fmt.Sprintf("%v", pk), nil }, "<redacted>"},
		{"PrivateKey LogValue", func() (string, error) { return pk.LogValue().String(), nil }, "<redacted>"},
		{"PrivateKey MarshalJSON", func() (string, error) { b, err := pk.MarshalJSON(); return string(b), err }, `"<redacted>"`},
		{"PrivateKey MarshalText", func() (string, error) { b, err := pk.MarshalText(); return string(b), err }, "<redacted>"},
		{"zero PrivateKey", func() (string, error) { return fmt.Sprintf("%v", snap.PrivateKey{}), nil }, "<nil>"},
		{"zero PrivateKey JSON", func() (string, error) { b, err := json.Marshal(snap.PrivateKey{}); return string(b), err }, "null"},
		{"typed nil key", func() (string, error) {
			return fmt.Sprint(snap.NewPrivateKey((*rsa.PrivateKey)(nil)).IsZero()), nil
		}, "true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.got()
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestPrivateKeySigns(t *testing.T) {
	key := loadLeakKey(t).key
	pk := snap.NewPrivateKey(key)
	assert.Equal(t, key.Public(), pk.Public())
	assert.Equal(t, pk, snap.NewPrivateKey(pk), "wrapping twice changes nothing")
	sig, err := snap.SignRSA(pk, []byte("data"))
	require.NoError(t, err)
	require.NoError(t, snap.VerifyRSA(&key.PublicKey, []byte("data"), sig))
	_, err = snap.SignRSA(snap.PrivateKey{}, []byte("data"))
	assert.ErrorContains(t, err, "no private key")
	assert.Nil(t, snap.PrivateKey{}.Public())
}

// secretName matches field names that suggest a secret.
var secretName = regexp.MustCompile(`(?i)(secret|key|token|password|passwd|credential)s?$`)

var (
	secretType     = reflect.TypeFor[snap.Secret]()
	privateKeyType = reflect.TypeFor[snap.PrivateKey]()
	signerType     = reflect.TypeFor[crypto.Signer]()
	formatterType  = reflect.TypeFor[fmt.Formatter]()
)

// secretFieldProblems walks the fields of struct type top the way the
// printing routes can reach them, and reports every secret not held in a
// redacting type, and every redacting field that fmt would print raw. fmt
// calls no method of a value behind an unexported field, and for %s, %x or
// %q it walks the target of an unexported pointer field field by field: so
// a type that reaches a secret through an unexported field or a pointer must
// implement fmt.Formatter. Once it does, only json's route is left: exported
// fields, pointers followed.
func secretFieldProblems(top reflect.Type) []string {
	var problems []string
	formats := reflect.PointerTo(top).Implements(formatterType)
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, path string, hidden bool)
	walk = func(t reflect.Type, path string, hidden bool) {
		switch t.Kind() {
		case reflect.Pointer:
			walk(t.Elem(), path, true)
			return
		case reflect.Slice, reflect.Array, reflect.Map:
			walk(t.Elem(), path+"[]", hidden)
			return
		case reflect.Struct:
		default:
			return
		}
		if seen[t] {
			return
		}
		seen[t] = true
		defer delete(seen, t)
		for i := range t.NumField() {
			f := t.Field(i)
			if formats && !f.IsExported() {
				continue // fmt sees top's Format only, json sees exported fields only
			}
			p, ft, h := path+"."+f.Name, f.Type, hidden || !f.IsExported()
			switch {
			case ft == secretType || ft == privateKeyType:
				if h && !formats {
					problems = append(problems, p+" is a "+ft.String()+" behind an unexported field or a pointer, and "+top.String()+" does not implement fmt.Formatter")
				}
			case ft == reflect.TypeFor[*rsa.PrivateKey]() || ft == reflect.TypeFor[rsa.PrivateKey]() ||
				ft.Kind() == reflect.Interface && ft.Implements(signerType):
				problems = append(problems, p+" holds a private key as "+ft.String()+": use snap.PrivateKey")
			case (ft.Kind() == reflect.String || ft == reflect.TypeFor[[]byte]()) && secretName.MatchString(f.Name):
				problems = append(problems, p+" holds a secret as "+ft.String()+": use snap.Secret")
			default:
				walk(ft, p, h)
			}
		}
	}
	walk(top, top.String(), false)
	return problems
}

func TestSecretFieldChecker(t *testing.T) {
	//lint:ignore U1000 the field is only read by reflection
	type hidesConfig struct{ cfg snap.Config }
	type pointsToSecret struct{ Inner *struct{ S snap.Secret } }
	tests := []struct {
		name string
		typ  reflect.Type
		want string // "" = no problem
	}{
		{"string key", reflect.TypeFor[struct{ APIKey string }](), "holds a secret as string"},
		{"bytes secret", reflect.TypeFor[struct{ HMACSecret []byte }](), "holds a secret as []uint8"},
		{"signer", reflect.TypeFor[struct{ Signer crypto.Signer }](), "holds a private key"},
		{"rsa key", reflect.TypeFor[struct{ K *rsa.PrivateKey }](), "holds a private key"},
		{"nested", reflect.TypeFor[struct{ Inner struct{ Token string } }](), "holds a secret"},
		{"behind a pointer", reflect.TypeFor[struct{ Inner *struct{ Password string } }](), "holds a secret"},
		{"unexported redacting field", reflect.TypeFor[hidesConfig](), "does not implement fmt.Formatter"},
		{"redacting field behind a pointer", reflect.TypeFor[pointsToSecret](), "does not implement fmt.Formatter"},
		{"formatter hides unexported fields", reflect.TypeFor[snap.Client](), ""},
		{"redacting types", reflect.TypeFor[snap.Config](), ""},
		{"path is not a token", reflect.TypeFor[struct{ TokenPath string }](), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := secretFieldProblems(tt.typ)
			if tt.want == "" {
				assert.Empty(t, got)
				return
			}
			require.NotEmpty(t, got)
			assert.Contains(t, got[0], tt.want)
		})
	}
}

// configAndClientTypes lists, from the module's source, every exported
// struct type named Config or Client (or ending so) of every library
// package, as "pkg.Name".
func configAndClientTypes(t *testing.T) []string {
	t.Helper()
	var names []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch base := d.Name(); {
			case path != "." && (strings.HasPrefix(base, ".") || base == "testdata" || base == "internal" || base == "examples" || base == "cmd"):
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				if _, isStruct := ts.Type.(*ast.StructType); isStruct && ts.Name.IsExported() &&
					(strings.HasSuffix(ts.Name.Name, "Config") || strings.HasSuffix(ts.Name.Name, "Client")) {
					names = append(names, f.Name.Name+"."+ts.Name.Name)
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
	slices.Sort(names)
	return names
}

// Every config and client type of the module is probed by
// TestSecretsNeverPrint, and holds its secrets in redacting types: a type
// added later fails here until it is.
func TestEveryConfigAndClientIsProbed(t *testing.T) {
	declared := configAndClientTypes(t)
	require.Subset(t, declared, []string{"snap.Config", "snap.Client", "nicepay.Client", "debit.Client"}, "the source scan works")

	probed := map[string]reflect.Type{}
	for _, v := range probes(t, loadLeakKey(t).key) {
		typ := reflect.TypeOf(v)
		for typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		probed[typ.String()] = typ
	}
	for _, name := range declared {
		t.Run(name, func(t *testing.T) {
			typ, ok := probed[name]
			require.True(t, ok, "%s is not in probes(): add it with known secrets", name)
			assert.Empty(t, secretFieldProblems(typ))
		})
	}
}

// A token answer refused after it carried a token, and a refused answer that
// echoes the customer token, keep no token in the *snap.Error.
func TestRefusedAnswersKeepNoToken(t *testing.T) {
	tests := []struct {
		name   string
		token  string // the token endpoint's answer
		answer string // the call's answer (status 404)
		secret string
	}{
		{"token with a bad lifetime", `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"` + leakAccessToken + `","expiresIn":"soon"}`, "", leakAccessToken},
		{"token refused but carried", `{"responseCode":"4017300","responseMessage":"Unauthorized","accessToken":"` + leakAccessToken + `"}`, "", leakAccessToken},
		{"token nested, spaced", `{"responseCode":"4017300", "additionalInfo": {"access_token" : "` + leakAccessToken + `"}}`, "", leakAccessToken},
		{"customer token echoed", "", `{"responseCode":"4045701","responseMessage":"Transaction Not Found","additionalInfo":{"customerToken":"Bearer ` + leakCustomerToken + `"}}`, leakCustomerToken},
		// The answer's headers: a token or signature there is kept out of Error.Header too.
		{"token in a response header", "", `{"responseCode":"4045701","responseMessage":"Transaction Not Found"}`, leakAccessToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				for _, name := range []string{"Authorization", "Set-Cookie", "X-SIGNATURE", "X-Access-Token"} {
					w.Header().Set(name, "Bearer "+leakAccessToken)
				}
				w.Header().Set("X-Request-Id", "req-1")
				if r.URL.Path == leakTokenPath {
					body := tt.token
					if body == "" {
						body = `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"` + leakAccessToken + `","expiresIn":"900"}`
					}
					if strings.Contains(body, `"4017300"`) {
						w.WriteHeader(http.StatusUnauthorized)
					}
					_, _ = io.WriteString(w, body)
					return
				}
				w.WriteHeader(http.StatusNotFound)
				_, _ = io.WriteString(w, tt.answer)
			}))
			t.Cleanup(srv.Close)
			core, err := snap.NewClient(snap.Config{
				BaseURL: srv.URL, PartnerID: leakPartnerID, ChannelID: leakChannelID, ClientSecret: leakClientSecret,
				PrivateKey: snap.NewPrivateKey(loadLeakKey(t).key), Signature: snap.Symmetric, TokenPath: leakTokenPath,
			})
			require.NoError(t, err)
			_, err = core.Do(context.Background(), &snap.Request{Path: leakRefusedService, Idempotent: true}, nil, snap.CustomerToken(leakCustomerToken))
			var e *snap.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, snap.Failed, e.Outcome)
			require.NotEmpty(t, e.Body, "the answer is kept")
			assert.NotContains(t, string(e.Body), tt.secret)
			assert.Contains(t, string(e.Body), `"responseCode"`, "the rest of the body is kept")
			if strings.Contains(tt.token+tt.answer, tt.secret) {
				assert.Contains(t, string(e.Body), "<redacted>")
			}
			assert.NotContains(t, e.Error(), tt.secret)
			assert.NotContains(t, fmt.Sprintf("%+v", e), tt.secret)
			assert.NotContains(t, fmt.Sprint(e.Header), leakAccessToken, "no credential header is kept")
			assert.Equal(t, "<redacted>", e.Header.Get("X-SIGNATURE"))
			assert.Equal(t, "req-1", e.Header.Get("X-Request-Id"), "the other headers are kept")
		})
	}
}
