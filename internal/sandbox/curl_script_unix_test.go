//go:build unix

package sandbox

import (
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// jwt.sh copies the key to a temporary file (to drop CRs). Interrupted while
// that copy exists, by Ctrl-C (SIGINT to the whole foreground process group,
// as a terminal sends it), kill (SIGTERM) or a closed terminal (SIGHUP), it
// must still remove the copy. The key file is a FIFO, so the script's tr
// blocks reading it with the copy made. Writing more than a pipe holds
// returns only once tr has read some, so the signal comes while tr itself
// (not the shell that opened the FIFO for it) waits for more.
func TestJWTScriptInterruptedLeavesNoKeyCopy(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			// A test started with the signal ignored (SIGINT, as a background
			// job of a non-interactive shell) would pass that on, and a shell
			// cannot trap an ignored signal; while caught here, the script
			// starts with the default, as under a terminal.
			caught := make(chan os.Signal, 1)
			signal.Notify(caught, sig)
			defer signal.Stop(caught)
			dir := t.TempDir()
			tmpdir := filepath.Join(dir, "tmp")
			if err := os.Mkdir(tmpdir, 0o700); err != nil {
				t.Fatal(err)
			}
			key := filepath.Join(dir, "key.pem")
			if err := syscall.Mkfifo(key, 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("bash", filepath.Join("..", "..", "examples", "troubleshooting", "jwt.sh"))
			cmd.Env = append(os.Environ(), "APP_ID=1001", "PRIVATE_KEY_FILE="+key, "TMPDIR="+tmpdir)
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its own group, as a terminal's foreground job
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })

			opened := make(chan *os.File, 1)
			go func() {
				w, err := os.OpenFile(key, os.O_WRONLY, 0)
				if err != nil {
					return
				}
				if _, err := w.Write(make([]byte, 1<<20)); err != nil {
					w.Close()
					return
				}
				opened <- w
			}()
			select {
			case w := <-opened:
				defer w.Close()
			case err := <-exited:
				t.Fatalf("jwt.sh ended before reading the key: %v", err)
			case <-time.After(time.Minute):
				t.Fatal("jwt.sh did not read the key file within a minute")
			}
			if copies, _ := os.ReadDir(tmpdir); len(copies) != 1 {
				t.Fatalf("%d files in TMPDIR while jwt.sh reads the key, want its one copy", len(copies))
			}

			if err := syscall.Kill(-cmd.Process.Pid, sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-exited:
				var exit *exec.ExitError
				if !errors.As(err, &exit) {
					t.Errorf("jwt.sh after %s: %v, want it to fail", sig, err)
				}
			case <-time.After(time.Minute):
				t.Fatalf("jwt.sh did not end within a minute of %s", sig)
			}
			if copies, _ := os.ReadDir(tmpdir); len(copies) != 0 {
				t.Errorf("jwt.sh left %s in TMPDIR after %s: a copy of the private key", copies[0].Name(), sig)
			}
		})
	}
}
