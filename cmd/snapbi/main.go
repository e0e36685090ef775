package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"
)

// Exit codes, as documented in the package doc.
const (
	exitOK      = 0
	exitInvalid = 1 // the answer is "invalid": a signature does not match, a code is malformed
	exitUsage   = 2 // the tool could not do what was asked: bad flags, unreadable input
)

func main() {
	var stdin io.Reader = os.Stdin
	if st, err := os.Stdin.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		// An interactive terminal is not a body: do not wait for one.
		stdin = strings.NewReader("")
	}
	os.Exit(run(os.Args[1:], stdin, os.Stdout, os.Stderr, os.Getenv))
}

// run is the whole tool, minus the process: main hands it the arguments
// (without the program name), the standard streams and the environment, and
// exits with what it returns.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, env: env, now: time.Now, buildInfo: debug.ReadBuildInfo}
	return a.run(args)
}

// app carries what every command reads and writes. now is injectable so
// tests can pin "now in Jakarta", and buildInfo so they can pin a version.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	env            func(string) string
	now            func() time.Time
	buildInfo      func() (*debug.BuildInfo, bool)
}

// command is one subcommand. setup registers its flags and returns the
// function that runs it once the flags are parsed.
type command struct {
	name    string
	args    string // what follows "snapbi name" in the usage line
	summary string // one line for "snapbi help"
	help    string // the long help, printed before the flags
	setup   func(fs *flag.FlagSet) func(a *app, args []string) error
	// operands is set for a command that takes arguments after its flags;
	// the others refuse any.
	operands bool
}

func commands() []*command {
	return []*command{signCommand(), verifyCommand(), tokenSignatureCommand(), nicepayTokenCommand(), codeCommand(), versionCommand()}
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// usageError is a request the tool cannot carry out as given; it exits 2
// with its message on one line of stderr.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errInvalid is returned by a command that has printed its report and whose
// answer is "invalid" (exit 1).
var errInvalid = errors.New("invalid")

func (a *app) run(args []string) int {
	if len(args) == 0 {
		a.printUsage(a.stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return a.help(rest)
	}
	cmd := findCommand(name)
	if cmd == nil {
		fmt.Fprintf(a.stderr, "snapbi: unknown command %q (run 'snapbi help')\n", name)
		return exitUsage
	}
	fs := flag.NewFlagSet("snapbi "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported on one line below
	runCmd := cmd.setup(fs)
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printCommandHelp(a.stdout, cmd)
			return exitOK
		}
		a.fail(cmd, err)
		return exitUsage
	}
	if !cmd.operands && fs.NArg() > 0 {
		a.fail(cmd, usagef("unexpected argument %q", fs.Arg(0)))
		return exitUsage
	}
	err := runCmd(a, fs.Args())
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errInvalid):
		return exitInvalid
	default:
		a.fail(cmd, err)
		return exitUsage
	}
}

// fail prints err as the one line a failed command leaves on stderr.
func (a *app) fail(cmd *command, err error) {
	msg := strings.Join(strings.Fields(err.Error()), " ")
	fmt.Fprintf(a.stderr, "snapbi %s: %s (run 'snapbi help %s')\n", cmd.name, msg, cmd.name)
}

func (a *app) help(args []string) int {
	switch len(args) {
	case 0:
		a.printUsage(a.stdout)
		return exitOK
	case 1:
		cmd := findCommand(args[0])
		if cmd == nil {
			fmt.Fprintf(a.stderr, "snapbi help: unknown command %q (run 'snapbi help')\n", args[0])
			return exitUsage
		}
		printCommandHelp(a.stdout, cmd)
		return exitOK
	default:
		fmt.Fprintln(a.stderr, "snapbi help: give one command name, e.g. 'snapbi help sign'")
		return exitUsage
	}
}

func (a *app) printUsage(w io.Writer) {
	fmt.Fprint(w, `snapbi answers "why doesn't my signature match?" for SNAP BI payment APIs.

Usage:

	snapbi <command> [flags]

The commands are:

`)
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-16s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Use "snapbi help <command>" for more information about a command.

Secrets (client secret, access token, private key, merchant key) are read
from environment variables or files, never from the command line, and are
printed as [redacted, N chars] unless -show-secret is given.

Exit status: 0 ok, 1 invalid (signature does not match, malformed code),
2 usage (bad flags or unreadable input, with a one-line reason on stderr).
`)
}

func printCommandHelp(w io.Writer, cmd *command) {
	fmt.Fprintf(w, "usage: %s\n\n%s\n", strings.TrimSpace("snapbi "+cmd.name+" "+cmd.args), strings.TrimSpace(cmd.help))
	fs := flag.NewFlagSet("snapbi "+cmd.name, flag.ContinueOnError)
	cmd.setup(fs)
	has := false
	fs.VisitAll(func(*flag.Flag) { has = true })
	if has {
		fmt.Fprint(w, "\nFlags:\n")
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
}
