package hostiletest

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/dana"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/nicepay"
	"github.com/snapbi/snap/paydia"
	"github.com/snapbi/snap/payermax"
)

// clientTypes are the provider packages' clients, by package name.
var clientTypes = map[string]reflect.Type{
	"debit":    reflect.TypeFor[*debit.Client](),
	"dana":     reflect.TypeFor[*dana.Client](),
	"payermax": reflect.TypeFor[*payermax.Client](),
	"paydia":   reflect.TypeFor[*paydia.Client](),
	"nicepay":  reflect.TypeFor[*nicepay.Client](),
}

var backticked = regexp.MustCompile("`([^`]+)`")

// TestReadmeProviderTable checks the README's provider table against the
// packages: every provider package has a row; the operations cell lists
// exactly the client's operations, each of the one shape; the notification
// cell names functions the package has (NotifyHandler and one ParseXxx);
// the config cell names the package's Config, and the package has
// NewClient and Core.
func TestReadmeProviderTable(t *testing.T) {
	table := readmeTable(t, "provider-table")
	rows := strings.Split(strings.TrimSpace(table), "\n")
	require.Equal(t, "| package | operations | notification entry point | config |", rows[0])
	seen := map[string]bool{}
	for _, line := range rows[2:] {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		require.Len(t, cells, 4, line)
		pkg := strings.Trim(cells[0], "`")
		typ, ok := clientTypes[pkg]
		require.True(t, ok, "row for an unknown package %q", pkg)
		seen[pkg] = true
		t.Run(pkg, func(t *testing.T) {
			assert.ElementsMatch(t, operationsOf(typ), names(cells[1]), "the operations cell lists the client's operations")
			funcs, types := exported(t, "../../"+pkg)
			for _, fn := range names(cells[2]) {
				if strings.HasPrefix(fn, "*") {
					assert.True(t, types[fn[1:]], "%s.%s is a type", pkg, fn[1:])
					continue
				}
				assert.True(t, funcs[fn], "%s.%s is a function", pkg, fn)
			}
			hasParse := false
			for fn := range funcs {
				hasParse = hasParse || (strings.HasPrefix(fn, "Parse") && fn != "ParseTime")
			}
			assert.Equal(t, funcs["NotifyHandler"], hasParse, "NotifyHandler and one ParseXxx come together")
			assert.Equal(t, funcs["NotifyHandler"], strings.Contains(cells[2], "NotifyHandler"), "the cell names the NotifyHandler there is")
			assert.Contains(t, cells[3], "`"+pkg+".Config`")
			assert.True(t, types["Config"] && funcs["NewClient"], "%s has Config and NewClient", pkg)
			_, core := typ.MethodByName("Core")
			assert.True(t, core, "%s.Client has Core", pkg)
			assert.False(t, funcs["ParseTime"] || types["Timestamp"], "%s keeps times as snap.Timestamp", pkg)
		})
	}
	for pkg := range clientTypes {
		assert.True(t, seen[pkg], "the README's provider table has a row for %s", pkg)
	}
}

// operationsOf lists the methods of the one operation shape:
// (ctx, *Request, ...snap.CallOption) (*Response, error), the response
// embedding snap.Result.
func operationsOf(typ reflect.Type) []string {
	ctx := reflect.TypeFor[context.Context]()
	opts := reflect.TypeFor[[]snap.CallOption]()
	answer := reflect.TypeFor[snap.Answer]()
	errType := reflect.TypeFor[error]()
	var ops []string
	for i := 0; i < typ.NumMethod(); i++ {
		m := typ.Method(i).Type // the receiver is In(0)
		if m.NumIn() != 4 || m.NumOut() != 2 || m.In(1) != ctx || m.In(3) != opts || !m.IsVariadic() {
			continue
		}
		if m.In(2).Kind() != reflect.Pointer || !m.Out(0).Implements(answer) || m.Out(1) != errType {
			continue
		}
		ops = append(ops, typ.Method(i).Name)
	}
	sort.Strings(ops)
	return ops
}

// names are the backticked names of a cell, up to its first colon.
func names(cell string) []string {
	cell, _, _ = strings.Cut(cell, ":")
	var out []string
	for _, m := range backticked.FindAllStringSubmatch(cell, -1) {
		out = append(out, m[1])
	}
	return out
}

// exported reads a package's exported top-level functions and types from
// its source.
func exported(t *testing.T, dir string) (funcs, types map[string]bool) {
	t.Helper()
	pkgs, err := parser.ParseDir(token.NewFileSet(), dir, func(fi os.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	require.NoError(t, err)
	funcs, types = map[string]bool{}, map[string]bool{}
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil && d.Name.IsExported() {
						funcs[d.Name.Name] = true
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.IsExported() {
							types[ts.Name.Name] = true
						}
					}
				}
			}
		}
	}
	return funcs, types
}

// TestRequestsValidateAndStatusesReport holds every provider package to the
// Conventions beyond the operation's signature: each operation's request
// type has Validate() error, the check made before sending, and each status
// inquiry's answer (Status, VoidQuery) has Status(), the state it reports.
func TestRequestsValidateAndStatusesReport(t *testing.T) {
	errType := reflect.TypeFor[error]()
	for pkg, typ := range clientTypes {
		for _, op := range operationsOf(typ) {
			m, _ := typ.MethodByName(op)
			req, resp := m.Type.In(2), m.Type.Out(0)
			t.Run(pkg+"/"+op, func(t *testing.T) {
				v, ok := req.MethodByName("Validate")
				if assert.True(t, ok, "%s has Validate", req) {
					assert.True(t, v.Type.NumIn() == 1 && v.Type.NumOut() == 1 && v.Type.Out(0) == errType, "%s.Validate() error", req)
				}
				if op != "Status" && op != "VoidQuery" {
					return
				}
				s, ok := resp.MethodByName("Status")
				if assert.True(t, ok, "%s has Status", resp) {
					assert.True(t, s.Type.NumIn() == 1 && s.Type.NumOut() == 1, "%s.Status() takes nothing and returns the state", resp)
				}
			})
		}
	}
}
