package snap_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/snapbi/snap"
)

func TestRedactTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"access token", `{"responseCode":"2007300","accessToken":"abc.def","expiresIn":"x"}`, `{"responseCode":"2007300","accessToken":"<redacted>","expiresIn":"x"}`},
		{"spacing kept", `{ "accessToken" : "abc" , "tokenType" : "Bearer" }`, `{ "accessToken" : "<redacted>" , "tokenType" : "Bearer" }`},
		{"nested and in arrays", `{"a":[{"customerToken":"c1"},{"b":{"refresh_token":"r1"}}],"n":1}`, `{"a":[{"customerToken":"<redacted>"},{"b":{"refresh_token":"<redacted>"}}],"n":1}`},
		{"escaped value", `{"token":"a\"b\\c","x":"token"}`, `{"token":"<redacted>","x":"token"}`},
		{"escaped key", `{"access\u0054oken":"abc"}`, `{"access\u0054oken":"<redacted>"}`},
		{"secret and authorization", `{"clientSecret":"s","Authorization":"Bearer t"}`, `{"clientSecret":"<redacted>","Authorization":"<redacted>"}`},
		{"value that is a key name", `{"name":"accessToken","value":"kept"}`, `{"name":"accessToken","value":"kept"}`},
		{"non-string values kept", `{"token":null,"maxToken":5,"token2":"k"}`, `{"token":null,"maxToken":5,"token2":"k"}`},
		{"cut short inside the token", `{"responseCode":"2007300","accessToken":"abc.de`, `{"responseCode":"2007300","accessToken":"<redacted>"`},
		{"broken after the token", `{"accessToken":"abc", oops`, `{"accessToken":"<redacted>", oops`},
		{"HTML page", `<html>token expired</html>`, `<html>token expired</html>`},
		{"nothing to redact", `{"responseCode":"4045701"}`, `{"responseCode":"4045701"}`},
		{"empty", ``, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(snap.RedactTokens([]byte(tt.in))))
		})
	}
}

// A body with nothing to redact is returned as is, not copied.
func TestRedactTokensKeepsCleanBody(t *testing.T) {
	for _, body := range [][]byte{[]byte(`{"responseCode":"4045701","tokenType":"Bearer"}`), []byte(`<p>token</p>`)} {
		got := snap.RedactTokens(body)
		assert.Same(t, &body[0], &got[0])
	}
}
