package money_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/money"
)

func TestNew(t *testing.T) {
	tests := []struct {
		name     string
		value    string
		currency string
		want     string // ValueString, when valid
		err      error
	}{
		{"two decimals", "10000.00", "IDR", "10000.00", nil},
		{"no decimals", "10000", "IDR", "10000.00", nil},
		{"one decimal", "10000.5", "IDR", "10000.50", nil},
		{"zero", "0", "IDR", "0.00", nil},
		{"zero with decimals", "0.00", "USD", "0.00", nil},
		{"leading zeros", "007.10", "IDR", "7.10", nil},
		{"16 integer digits", "9999999999999999.99", "IDR", "9999999999999999.99", nil},
		{"16 digits after leading zeros", "0009999999999999999", "IDR", "9999999999999999.00", nil},
		{"17 integer digits", "10000000000000000", "IDR", "", money.ErrDigits},
		{"three decimals", "10.123", "IDR", "", money.ErrDecimals},
		{"three decimals trailing zero", "10.100", "IDR", "", money.ErrDecimals},
		{"negative", "-1.00", "IDR", "", money.ErrNegative},
		{"negative zero", "-0", "IDR", "", money.ErrNegative},
		{"empty", "", "IDR", "", money.ErrSyntax},
		{"garbage", "ten", "IDR", "", money.ErrSyntax},
		{"NaN", "NaN", "IDR", "", money.ErrSyntax},
		{"Inf", "Inf", "IDR", "", money.ErrSyntax},
		{"exponent", "1e5", "IDR", "", money.ErrSyntax},
		{"exponent upper", "1E5", "IDR", "", money.ErrSyntax},
		{"plus sign", "+1", "IDR", "", money.ErrSyntax},
		{"leading dot", ".5", "IDR", "", money.ErrSyntax},
		{"trailing dot", "5.", "IDR", "", money.ErrSyntax},
		{"comma", "10,00", "IDR", "", money.ErrSyntax},
		{"space", " 10", "IDR", "", money.ErrSyntax},
		{"thousands separator", "10.000.00", "IDR", "", money.ErrSyntax},
		{"non-ascii digit", "١٠", "IDR", "", money.ErrSyntax},
		{"lower-case currency", "1", "idr", "", money.ErrCurrency},
		{"short currency", "1", "ID", "", money.ErrCurrency},
		{"long currency", "1", "IDRX", "", money.ErrCurrency},
		{"empty currency", "1", "", "", money.ErrCurrency},
		{"digit currency", "1", "ID1", "", money.ErrCurrency},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := money.New(tt.value, tt.currency)
			if tt.err != nil {
				require.Error(t, err)
				assert.ErrorIs(t, err, tt.err)
				var me *money.Error
				require.ErrorAs(t, err, &me)
				assert.Contains(t, err.Error(), "money: ")
				assert.Contains(t, err.Error(), tt.err.Error())
				assert.Equal(t, money.Money{}, m)
				assert.Panics(t, func() { money.MustNew(tt.value, tt.currency) })
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.ValueString())
			assert.Equal(t, tt.currency, m.Currency)
			assert.NoError(t, m.Validate())
			assert.NotPanics(t, func() { money.MustNew(tt.value, tt.currency) })
		})
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := money.New("10.123", "IDR")
	require.EqualError(t, err, `money: value has more than 2 decimal places ("10.123")`)

	_, err = money.New("1", "idr")
	require.EqualError(t, err, `money: currency is not 3 upper-case ASCII letters ("idr")`)

	_, err = money.New("1"+string(bytes.Repeat([]byte("0"), 100)), "IDR")
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 120, "long input is truncated in the message")
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		m    money.Money
		err  error
	}{
		{"valid", money.Money{Value: decimal.RequireFromString("1.5"), Currency: "IDR"}, nil},
		{"trailing zeros beyond two places are fine numerically", money.Money{Value: decimal.RequireFromString("1.500"), Currency: "IDR"}, nil},
		{"zero Money", money.Money{}, money.ErrCurrency},
		{"negative", money.Money{Value: decimal.NewFromInt(-1), Currency: "IDR"}, money.ErrNegative},
		{"three places", money.Money{Value: decimal.RequireFromString("1.001"), Currency: "IDR"}, money.ErrDecimals},
		{"too big", money.Money{Value: decimal.New(1, 16), Currency: "IDR"}, money.ErrDigits},
		{"bad currency", money.Money{Value: decimal.NewFromInt(1), Currency: "Rp"}, money.ErrCurrency},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Validate()
			if tt.err == nil {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, tt.err)
		})
	}
}

func TestIDR(t *testing.T) {
	m := money.IDR(10000)
	assert.NoError(t, m.Validate())
	assert.Equal(t, "10000.00", m.ValueString())
	assert.Equal(t, "IDR 10000.00", m.String())
	assert.True(t, m.Equal(money.MustNew("10000.00", "IDR")))

	assert.ErrorIs(t, money.IDR(-1).Validate(), money.ErrNegative)
	assert.ErrorIs(t, money.IDR(1<<62).Validate(), money.ErrDigits)
	_, err := json.Marshal(money.IDR(-1))
	assert.ErrorIs(t, err, money.ErrNegative)
}

func TestIsZero(t *testing.T) {
	assert.True(t, money.Money{}.IsZero())
	assert.False(t, money.IDR(0).IsZero())
	assert.False(t, money.IDR(1).IsZero())

	type req struct {
		Amount money.Money `json:"amount,omitzero"`
	}
	b, err := json.Marshal(req{})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(b))
	b, err = json.Marshal(req{Amount: money.IDR(0)})
	require.NoError(t, err)
	assert.Equal(t, `{"amount":{"value":"0.00","currency":"IDR"}}`, string(b))
}

func TestIntegerString(t *testing.T) {
	tests := []struct {
		value string
		want  string
		err   error
	}{
		{"10000.00", "10000", nil},
		{"10000", "10000", nil},
		{"0", "0", nil},
		{"10000.50", "", money.ErrFraction},
		{"0.01", "", money.ErrFraction},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			got, err := money.MustNew(tt.value, "IDR").IntegerString()
			if tt.err != nil {
				assert.ErrorIs(t, err, tt.err)
				assert.Empty(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	_, err := money.IDR(-5).IntegerString()
	assert.ErrorIs(t, err, money.ErrNegative)
}

func TestArithmetic(t *testing.T) {
	a := money.MustNew("10000.50", "IDR")
	b := money.MustNew("0.50", "IDR")
	usd := money.MustNew("1", "USD")

	sum, err := a.Add(b)
	require.NoError(t, err)
	assert.Equal(t, "10001.00", sum.ValueString())

	diff, err := a.Sub(b)
	require.NoError(t, err)
	assert.Equal(t, "10000.00", diff.ValueString())

	zero, err := a.Sub(a)
	require.NoError(t, err)
	assert.True(t, zero.Value.IsZero())

	_, err = b.Sub(a)
	assert.ErrorIs(t, err, money.ErrNegative)

	_, err = a.Add(usd)
	assert.ErrorIs(t, err, money.ErrCurrencyMismatch)
	assert.EqualError(t, err, `money: currencies differ ("IDR" vs "USD")`)
	_, err = a.Sub(usd)
	assert.ErrorIs(t, err, money.ErrCurrencyMismatch)

	big := money.MustNew("9999999999999999.99", "IDR")
	_, err = big.Add(money.MustNew("0.01", "IDR"))
	assert.ErrorIs(t, err, money.ErrDigits)

	_, err = a.Add(money.IDR(-1))
	assert.ErrorIs(t, err, money.ErrNegative)

	c, err := a.Cmp(b)
	require.NoError(t, err)
	assert.Equal(t, 1, c)
	c, err = b.Cmp(a)
	require.NoError(t, err)
	assert.Equal(t, -1, c)
	c, err = money.MustNew("10000", "IDR").Cmp(money.MustNew("10000.00", "IDR"))
	require.NoError(t, err)
	assert.Equal(t, 0, c)
	_, err = a.Cmp(usd)
	assert.ErrorIs(t, err, money.ErrCurrencyMismatch)

	assert.True(t, money.MustNew("10000", "IDR").Equal(money.MustNew("10000.00", "IDR")))
	assert.False(t, money.MustNew("1", "IDR").Equal(money.MustNew("1", "USD")))
	assert.False(t, money.MustNew("1", "IDR").Equal(money.MustNew("1.01", "IDR")))
}

func TestMarshalJSON(t *testing.T) {
	tests := []struct {
		m    money.Money
		want string
	}{
		{money.MustNew("10000", "IDR"), `{"value":"10000.00","currency":"IDR"}`},
		{money.MustNew("10000.5", "IDR"), `{"value":"10000.50","currency":"IDR"}`},
		{money.MustNew("0", "USD"), `{"value":"0.00","currency":"USD"}`},
		{money.IDR(12345), `{"value":"12345.00","currency":"IDR"}`},
		{money.Money{Value: decimal.RequireFromString("1.500"), Currency: "IDR"}, `{"value":"1.50","currency":"IDR"}`},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			b, err := json.Marshal(tt.m)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(b))

			// pointer and nested, with an encoder that does not escape HTML
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			require.NoError(t, enc.Encode(struct {
				Amount *money.Money `json:"amount"`
			}{&tt.m}))
			assert.Equal(t, `{"amount":`+tt.want+"}\n", buf.String())
		})
	}
}

func TestMarshalJSONInvalid(t *testing.T) {
	for _, m := range []money.Money{
		{},
		money.IDR(-1),
		{Value: decimal.RequireFromString("1.001"), Currency: "IDR"},
		{Value: decimal.NewFromInt(1), Currency: "idr"},
	} {
		_, err := json.Marshal(m)
		var me *money.Error
		assert.ErrorAs(t, err, &me, "%#v", m)
		_, err = json.Marshal(struct{ A money.Money }{m})
		assert.Error(t, err)
	}
}

func TestUnmarshalJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // String() of the result
		err  error
	}{
		{"string two decimals", `{"value":"10000.00","currency":"IDR"}`, "IDR 10000.00", nil},
		{"string no decimals", `{"value":"10000","currency":"IDR"}`, "IDR 10000.00", nil},
		{"string one decimal", `{"value":"10000.5","currency":"IDR"}`, "IDR 10000.50", nil},
		{"number integer", `{"value":10000,"currency":"IDR"}`, "IDR 10000.00", nil},
		{"number decimal", `{"value":10000.5,"currency":"IDR"}`, "IDR 10000.50", nil},
		{"number two decimals", `{"value":10000.55,"currency":"IDR"}`, "IDR 10000.55", nil},
		{"currency first", `{"currency":"IDR","value":"1.00"}`, "IDR 1.00", nil},
		{"unknown keys ignored", `{"value":"1.00","currency":"IDR","extra":{"a":[1,2]},"x":null}`, "IDR 1.00", nil},
		{"whitespace", " {\n \"value\" : \"1\" ,\t\"currency\" : \"IDR\" } ", "IDR 1.00", nil},
		{"escaped string", `{"value":"\u0031\u0030","currency":"\u0049DR"}`, "IDR 10.00", nil},

		{"number exponent", `{"value":1e5,"currency":"IDR"}`, "", money.ErrSyntax},
		{"number exponent fraction", `{"value":1.5E+2,"currency":"IDR"}`, "", money.ErrSyntax},
		{"string exponent", `{"value":"1e5","currency":"IDR"}`, "", money.ErrSyntax},
		{"number negative", `{"value":-1,"currency":"IDR"}`, "", money.ErrNegative},
		{"string negative", `{"value":"-1.00","currency":"IDR"}`, "", money.ErrNegative},
		{"number three decimals", `{"value":10.123,"currency":"IDR"}`, "", money.ErrDecimals},
		{"string three decimals", `{"value":"10.123","currency":"IDR"}`, "", money.ErrDecimals},
		{"too many digits", `{"value":"12345678901234567","currency":"IDR"}`, "", money.ErrDigits},
		{"string NaN", `{"value":"NaN","currency":"IDR"}`, "", money.ErrSyntax},
		{"string empty", `{"value":"","currency":"IDR"}`, "", money.ErrSyntax},
		{"string garbage", `{"value":"Rp 10.000","currency":"IDR"}`, "", money.ErrSyntax},
		{"value bool", `{"value":true,"currency":"IDR"}`, "", money.ErrJSON},
		{"value object", `{"value":{},"currency":"IDR"}`, "", money.ErrJSON},
		{"value null", `{"value":null,"currency":"IDR"}`, "", money.ErrJSON},
		{"value missing", `{"currency":"IDR"}`, "", money.ErrJSON},
		{"currency missing", `{"value":"1.00"}`, "", money.ErrJSON},
		{"currency number", `{"value":"1.00","currency":360}`, "", money.ErrJSON},
		{"currency lower", `{"value":"1.00","currency":"idr"}`, "", money.ErrCurrency},
		{"currency empty", `{"value":"1.00","currency":""}`, "", money.ErrCurrency},
		{"not an object: string", `"10000.00"`, "", money.ErrJSON},
		{"not an object: number", `10000`, "", money.ErrJSON},
		{"not an object: array", `[]`, "", money.ErrJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m money.Money
			err := json.Unmarshal([]byte(tt.in), &m)
			if tt.err != nil {
				require.Error(t, err)
				assert.ErrorIs(t, err, tt.err)
				assert.Contains(t, err.Error(), "money: ")
				assert.Equal(t, money.Money{}, m, "unchanged on error")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.String())
			assert.NoError(t, m.Validate())
		})
	}
}

func TestUnmarshalJSONNull(t *testing.T) {
	var s struct {
		Amount  money.Money  `json:"amount"`
		Pointer *money.Money `json:"pointer"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"amount":null,"pointer":null}`), &s))
	assert.True(t, s.Amount.IsZero())
	assert.Nil(t, s.Pointer)

	m := money.IDR(5)
	require.NoError(t, m.UnmarshalJSON([]byte("null")))
	assert.Equal(t, "IDR 5.00", m.String(), "null leaves the value unchanged")
}

func TestUnmarshalJSONUnchangedOnError(t *testing.T) {
	m := money.IDR(5)
	require.Error(t, json.Unmarshal([]byte(`{"value":"1.001","currency":"IDR"}`), &m))
	assert.Equal(t, "IDR 5.00", m.String())
}

func TestRoundTrip(t *testing.T) {
	for _, in := range []string{
		`{"value":"10000.00","currency":"IDR"}`,
		`{"value":10000.5,"currency":"IDR"}`,
		`{"value":"0","currency":"USD"}`,
		`{"value":"9999999999999999.99","currency":"IDR"}`,
	} {
		var a, b money.Money
		require.NoError(t, json.Unmarshal([]byte(in), &a), in)
		out, err := json.Marshal(a)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(out, &b))
		assert.True(t, a.Equal(b), in)
		out2, err := json.Marshal(b)
		require.NoError(t, err)
		assert.Equal(t, string(out), string(out2))
	}
}

func TestErrorUnwrap(t *testing.T) {
	_, err := money.New("x", "IDR")
	var me *money.Error
	require.True(t, errors.As(err, &me))
	assert.Equal(t, money.ErrSyntax, me.Err)
	assert.Equal(t, `"x"`, me.Detail)
	assert.EqualError(t, &money.Error{Err: money.ErrJSON}, "money: malformed money JSON")
}
