package ghclient

import "testing"

func TestNormalizeBaseURL(t *testing.T) {
	good := []struct{ in, want string }{
		{"", "https://api.github.com/"},
		{"  ", "https://api.github.com/"},
		{"https://api.github.com/", "https://api.github.com/"},
		{"https://api.github.com", "https://api.github.com/"},
		{"https://github.com", "https://api.github.com/"},
		{"https://github.com/", "https://api.github.com/"},
		{"github.com", "https://api.github.com/"},
		{"api.github.com", "https://api.github.com/"},
		{"HTTPS://API.GitHub.com/", "https://api.github.com/"},
		{"https://ghe.example.com", "https://ghe.example.com/api/v3/"},
		{"https://ghe.example.com/", "https://ghe.example.com/api/v3/"},
		{"https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/"},
		{"https://ghe.example.com/api/v3/", "https://ghe.example.com/api/v3/"},
		{"ghe.example.com", "https://ghe.example.com/api/v3/"},
		{"https://GHE.Example.com:8443/api/v3", "https://ghe.example.com:8443/api/v3/"},
		{"https://acme.ghe.com", "https://api.acme.ghe.com/"},
		{"https://api.acme.ghe.com/", "https://api.acme.ghe.com/"},
		// Loopback (the sandbox) is kept as written: root or /api/v3/.
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080/"},
		{"http://127.0.0.1:8080/api/v3", "http://127.0.0.1:8080/api/v3/"},
		{"http://localhost:9000/", "http://localhost:9000/"},
		{"http://[::1]:9000/", "http://[::1]:9000/"},
		{"https://127.0.0.1:8443/", "https://127.0.0.1:8443/"},
	}
	for _, tc := range good {
		got, err := NormalizeBaseURL(tc.in)
		if err != nil {
			t.Errorf("NormalizeBaseURL(%q): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("NormalizeBaseURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
		// Normalising twice changes nothing (New normalises again).
		if again, err := NormalizeBaseURL(got); err != nil || again != got {
			t.Errorf("NormalizeBaseURL(%q) = %q, %v; not idempotent", got, again, err)
		}
	}

	bad := []string{
		"ftp://ghe.example.com",
		"http://ghe.example.com/api/v3/", // plain http off loopback
		"http://evil.localhost/",         // only "localhost" itself is loopback for sure
		"http://127.0.0.1.nip.io/",
		"http://github.com",
		"https://user:secret@ghe.example.com/api/v3/",
		"https://ghe.example.com/api/v3/?token=x",
		"https://ghe.example.com/some/where",
		"https://github.com/acme",
		"https://",
		"https://ghe example.com",
	}
	for _, in := range bad {
		if got, err := NormalizeBaseURL(in); err == nil {
			t.Errorf("NormalizeBaseURL(%q) = %q, want an error", in, got)
		}
	}
}
