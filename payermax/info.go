package payermax

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/jsonbytes"
	"github.com/snapbi/snap/internal/validate"
)

// Defaults of the additionalInfo keys PayerMax makes mandatory.
const (
	// DefaultVersion is additionalInfo.version, the API version ("Current value: 1.4").
	DefaultVersion = "1.4"
	// DefaultKeyVersion is additionalInfo.keyVersion, the signature algorithm
	// version ("Current value: 1").
	DefaultKeyVersion = "1"
)

// AdditionalInfo is the additionalInfo object of a request. PayerMax makes
// version and keyVersion mandatory; empty ones are sent as DefaultVersion and
// DefaultKeyVersion.
type AdditionalInfo struct {
	// Version is the API version, max 8; "" sends DefaultVersion.
	Version string
	// KeyVersion is the signature algorithm version, max 8; "" sends
	// DefaultKeyVersion.
	KeyVersion string
	// Extra holds any further keys, sent after version and keyVersion in key
	// order. It must not repeat version or keyVersion.
	Extra map[string]any
}

// withDefaults returns a copy with the mandatory keys filled in.
func (a AdditionalInfo) withDefaults() AdditionalInfo {
	if a.Version == "" {
		a.Version = DefaultVersion
	}
	if a.KeyVersion == "" {
		a.KeyVersion = DefaultKeyVersion
	}
	return a
}

func (a AdditionalInfo) check(c *validate.Checker) {
	c.RequiredMaxLen("additionalInfo.version", a.Version, 8)
	c.RequiredMaxLen("additionalInfo.keyVersion", a.KeyVersion, 8)
	for _, k := range []string{"version", "keyVersion"} {
		if _, dup := a.Extra[k]; dup {
			c.Fail("additionalInfo."+k, "is set through the %s field; do not repeat it in Extra", map[string]string{"version": "Version", "keyVersion": "KeyVersion"}[k])
		}
	}
}

// MarshalJSON writes {"version":…,"keyVersion":…,<Extra in key order>},
// leaving out an empty version or keyVersion. Nothing is HTML-escaped, so the
// bytes are those that get signed.
func (a AdditionalInfo) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 64)
	b = append(b, '{')
	first := true
	add := func(k string, v any) error {
		kb, err := jsonbytes.Marshal(k)
		if err != nil {
			return err
		}
		vb, err := jsonbytes.Marshal(v)
		if err != nil {
			return fmt.Errorf("additionalInfo.%s: %w", k, err)
		}
		if vb == nil {
			vb = []byte("null")
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, kb...)
		b = append(b, ':')
		b = append(b, vb...)
		return nil
	}
	if a.Version != "" {
		if err := add("version", a.Version); err != nil {
			return nil, err
		}
	}
	if a.KeyVersion != "" {
		if err := add("keyVersion", a.KeyVersion); err != nil {
			return nil, err
		}
	}
	keys := make([]string, 0, len(a.Extra))
	for k := range a.Extra {
		if k != "version" && k != "keyVersion" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := add(k, a.Extra[k]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads an additionalInfo object; keys other than version and
// keyVersion go to Extra, numbers as json.Number so that nothing is rounded.
func (a *AdditionalInfo) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return fmt.Errorf("payermax: additionalInfo: %w", err)
	}
	out := AdditionalInfo{}
	for k, v := range m {
		switch k {
		case "version", "keyVersion":
			s, ok := v.(string)
			if !ok && v != nil {
				return fmt.Errorf("payermax: additionalInfo.%s is not a string", k)
			}
			if k == "version" {
				out.Version = s
			} else {
				out.KeyVersion = s
			}
		default:
			if out.Extra == nil {
				out.Extra = make(map[string]any, len(m))
			}
			out.Extra[k] = v
		}
	}
	*a = out
	return nil
}

// ResponseAdditionalInfo is the additionalInfo object of an answer or a
// notice: latestTransactionStatus where PayerMax puts it (the cancel
// answer), every other key kept as received.
type ResponseAdditionalInfo struct {
	// LatestTransactionStatus is the transaction's status after the call
	// ("00" Success, "03" Pending, "05" Canceled, "06" Failed); "" when absent.
	LatestTransactionStatus debit.TransactionStatus
	// Extra holds every other key as its raw JSON value.
	Extra map[string]json.RawMessage
}

// UnmarshalJSON reads additionalInfo leniently: null or a value that is not
// an object leaves it empty (the raw answer is still in the response's
// Raw.Body), and a latestTransactionStatus that is neither a string nor a
// number stays in Extra.
func (a *ResponseAdditionalInfo) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) && json.Unmarshal(data, &m) == nil {
		out := ResponseAdditionalInfo{}
		for k, v := range m {
			if k == "latestTransactionStatus" {
				var st debit.TransactionStatus // a string, or a number as lenient providers send it
				if json.Unmarshal(v, &st) == nil {
					out.LatestTransactionStatus = st
					continue
				}
			}
			if out.Extra == nil {
				out.Extra = make(map[string]json.RawMessage, len(m))
			}
			out.Extra[k] = v
		}
		*a = out
	}
	return nil
}

// MarshalJSON writes the object back: latestTransactionStatus first (when
// set), then Extra in key order.
func (a ResponseAdditionalInfo) MarshalJSON() ([]byte, error) {
	extra := make(map[string]any, len(a.Extra))
	for k, v := range a.Extra {
		extra[k] = v
	}
	b := []byte{'{'}
	if a.LatestTransactionStatus != "" {
		s, _ := jsonbytes.Marshal(string(a.LatestTransactionStatus))
		b = append(append(b, `"latestTransactionStatus":`...), s...)
		delete(extra, "latestTransactionStatus")
	}
	if len(extra) > 0 {
		rest, err := jsonbytes.Marshal(extra) // maps marshal in key order
		if err != nil {
			return nil, err
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, rest[1:len(rest)-1]...)
	}
	return append(b, '}'), nil
}

// MaxTimestampLen is the longest time a request may carry: the 29
// characters of yyyy-MM-dd'T'HH:mm:ss.SSS+07:00.
const MaxTimestampLen = 29

// NewTimestamp formats t in Jakarta time the way PayerMax documents its
// date fields: 2006-01-02T15:04:05.000+07:00. The pages' samples and some
// length limits (25) use the form without milliseconds; snap.Timestamp's
// Time reads both.
func NewTimestamp(t time.Time) snap.Timestamp {
	return snap.NewTimestamp(t, snap.TimestampLayoutMillis)
}
