package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runVersion runs "snapbi version" with the build information pinned.
func runVersion(t *testing.T, bi *debug.BuildInfo, ok bool) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, env: func(string) string { return "" }, now: time.Now,
		buildInfo: func() (*debug.BuildInfo, bool) { return bi, ok }}
	return result{a.run([]string{"version"}), stdout.String(), stderr.String()}
}

func TestVersion(t *testing.T) {
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"installed at a tag", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/snapbi/snap", Version: "v0.1.0"}}, true,
			"github.com/snapbi/snap v0.1.0\ngo1.26.0\n"},
		{"built from a checkout", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/snapbi/snap", Version: "(devel)"}}, true,
			"github.com/snapbi/snap (devel)\ngo1.26.0\n"},
		{"stamped from version control", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/snapbi/snap", Version: "v0.1.1-0.20261201101500-0123456789ab+dirty"}}, true,
			"github.com/snapbi/snap v0.1.1-0.20261201101500-0123456789ab+dirty\ngo1.26.0\n"},
		{"no main module version", &debug.BuildInfo{GoVersion: "go1.26.0"}, true,
			"github.com/snapbi/snap (devel)\ngo1.26.0\n"},
		{"no build information", nil, false,
			"github.com/snapbi/snap (devel)\n" + runtime.Version() + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runVersion(t, tt.bi, tt.ok)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Empty(t, r.stderr)
			assert.Equal(t, tt.want, r.stdout)
		})
	}
}

// TestVersionOfThisBinary runs "snapbi version" with the test binary's own
// build information: the Go version is the one running, and the version is
// the main module's as the go command recorded it.
func TestVersionOfThisBinary(t *testing.T) {
	r := snapRun(t, nil, "", "version")
	require.Equal(t, exitOK, r.code, r.stderr)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	require.Len(t, lines, 2, r.stdout)
	assert.Equal(t, runtime.Version(), lines[1])
	module, version, found := strings.Cut(lines[0], " ")
	require.True(t, found, lines[0])
	assert.Equal(t, "github.com/snapbi/snap", module)
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		assert.Equal(t, bi.Main.Version, version)
	} else {
		assert.Equal(t, "(devel)", version)
	}
}

// TestVersionOfBuiltCheckout builds the command from this checkout, as
// "go build ./cmd/snapbi" does, and runs its version subcommand: the module
// version is "(devel)", the Go version the toolchain's.
func TestVersionOfBuiltCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH")
	}
	bin := filepath.Join(t.TempDir(), "snapbi")
	build := exec.Command(goCmd, "build", "-buildvcs=false", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)
	goVersion, err := exec.Command(goCmd, "env", "GOVERSION").Output()
	require.NoError(t, err)

	out, err = exec.Command(bin, "version").CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, "github.com/snapbi/snap (devel)\n"+strings.TrimSpace(string(goVersion))+"\n", string(out))
}
