package main

import (
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

func versionCommand() *command {
	return &command{
		name:    "version",
		summary: "print the module version of this binary and the Go version that built it",
		help: `
Version prints the version of the github.com/snapbi/snap module this binary
was built from and the Go version that built it:

	github.com/snapbi/snap v0.1.0
	go1.26.0

A binary installed with "go install github.com/snapbi/snap/cmd/snapbi@v0.1.0"
reports v0.1.0; one built from a checkout reports "(devel)" (or, when the go
command stamps version control information, a pseudo-version).`,
		setup: func(fs *flag.FlagSet) func(*app, []string) error {
			return func(a *app, _ []string) error {
				module, goVersion := versionInfo(a.buildInfo())
				fmt.Fprintln(a.stdout, module)
				fmt.Fprintln(a.stdout, goVersion)
				return nil
			}
		},
	}
}

// versionInfo returns the main module's path and version ("(devel)" when the
// go command recorded none) and the Go version of the build, from the build
// information debug.ReadBuildInfo returns.
func versionInfo(bi *debug.BuildInfo, ok bool) (module, goVersion string) {
	path, version, goVersion := "github.com/snapbi/snap", "(devel)", runtime.Version()
	if !ok || bi == nil {
		return path + " " + version, goVersion
	}
	if bi.Main.Path != "" {
		path = bi.Main.Path
	}
	if bi.Main.Version != "" {
		version = bi.Main.Version
	}
	if bi.GoVersion != "" {
		goVersion = bi.GoVersion
	}
	return path + " " + version, goVersion
}
