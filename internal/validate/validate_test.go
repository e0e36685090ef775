package validate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
)

func TestChecker(t *testing.T) {
	neg := money.IDR(-1)
	tests := []struct {
		name  string
		check func(c *Checker)
		field string
		msg   string
	}{
		{"ok", func(c *Checker) { c.RequiredMaxLen("a", "abc", 3); c.Digits("b", "123"); c.OneOf("c", "1", "1", "2") }, "", ""},
		{"required", func(c *Checker) { c.Required("reason", "") }, "reason", "is required"},
		{"max len counts characters", func(c *Checker) { c.MaxLen("name", "ééé", 2) }, "name", "at most 2 characters (got 3)"},
		{"exact", func(c *Checker) { c.ExactLen("ts", "2024", 14) }, "ts", "exactly 14 characters (got 4)"},
		{"digits", func(c *Checker) { c.Digits("amt", "12a") }, "amt", "digits only"},
		{"alnum", func(c *Checker) { c.Alphanumeric("iMid", "AB-1") }, "iMid", "letters and digits only"},
		{"one of", func(c *Checker) { c.OneOf("type", "X", "PAY_RETURN", "PAY_NOTIFY") }, "type", "must be one of"},
		{"money", func(c *Checker) { c.Money("amount", neg) }, "amount", "negative"},
		{"required money", func(c *Checker) { c.RequiredMoney("amount", money.Money{}) }, "amount", "is required"},
		// The case: reason "   " passed Required; a provider reads it as missing.
		{"whitespace is not a value", func(c *Checker) { c.Required("reason", "   ") }, "reason", "whitespace only"},
		{"whitespace in max len", func(c *Checker) { c.RequiredMaxLen("reason", "\t\n", 512) }, "reason", "whitespace only"},
		{"text with spaces is a value", func(c *Checker) { c.Required("reason", " a ") }, "", ""},
		// 0.00 moves no money: providers answer 404xx13 Invalid Amount.
		{"zero amount moves nothing", func(c *Checker) { c.PositiveMoney("refundAmount", money.IDR(0)) }, "refundAmount", "greater than zero"},
		{"zero optional amount", func(c *Checker) { m := money.IDR(0); c.OptionalPositiveMoney("amount", m) }, "amount", "greater than zero"},
		{"absent optional amount", func(c *Checker) { c.OptionalPositiveMoney("amount", money.Money{}) }, "", ""},
		{"positive amount", func(c *Checker) { m := money.IDR(1); c.RequiredPositiveMoney("amount", m) }, "", ""},
		{"required positive amount", func(c *Checker) { c.RequiredPositiveMoney("refundAmount", money.Money{}) }, "refundAmount", "is required"},
		// NICEPAY's "20179999999999" is 14 digits and no time.
		{"time not real", func(c *Checker) { c.Time("timeStamp", "20179999999999", "20060102150405") }, "timeStamp", "real time"},
		{"time real", func(c *Checker) { c.Time("timeStamp", "20170708123456", "20060102150405") }, "", ""},
		{"first failure wins", func(c *Checker) { c.Required("first", ""); c.Required("second", "") }, "first", "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Checker
			tt.check(&c)
			if tt.field == "" {
				require.NoError(t, c.Err())
				return
			}
			var ve *snap.ValidationError
			require.ErrorAs(t, c.Err(), &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, ve.Reason, tt.msg)
		})
	}
}
