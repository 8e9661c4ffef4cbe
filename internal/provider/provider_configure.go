package provider

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

const defaultMaxConcurrency = 8

// providerData is what resources and data sources receive. When a provider
// value is unknown at plan time, ready is false and they defer verification
// to apply instead of failing.
type providerData struct {
	gh    connector.GitHub
	ready bool
}

// Configure builds the client. It makes no network call: the key is checked
// offline here, and GitHub is first asked when a resource or data source
// needs it.
func (p *dxghProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if anyUnknown(cfg.AppID, cfg.PrivateKeyPEM, cfg.PrivateKeyFile, cfg.BaseURL, cfg.InstallationIDs, cfg.MaxConcurrency, cfg.MaxRateLimitWait, cfg.API) {
		data := &providerData{}
		resp.ResourceData, resp.DataSourceData = data, data
		return
	}

	appID := stringOrEnv(cfg.AppID, "DXGH_APP_ID")
	if appID == "" {
		resp.Diagnostics.AddAttributeError(path.Root("app_id"), "Missing GitHub App ID",
			"Set app_id in the provider block or the DXGH_APP_ID environment variable to the ID shown at the top of the GitHub App's settings page.")
	}
	id, err := strconv.ParseInt(appID, 10, 64)
	switch {
	case appID == "":
	case errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(appID, "-"):
		resp.Diagnostics.AddAttributeError(path.Root("app_id"), "Invalid GitHub App ID",
			fmt.Sprintf("The app ID %q (from app_id or DXGH_APP_ID) is too large to be a GitHub App ID (at most %d); copy the App ID from the top of the app's settings page, not its client ID or installation ID.", appID, int64(math.MaxInt64)))
	case err != nil || id <= 0:
		resp.Diagnostics.AddAttributeError(path.Root("app_id"), "Invalid GitHub App ID",
			fmt.Sprintf("The app ID %q (from app_id or DXGH_APP_ID) must be a positive number.", appID))
	}
	key := loadPrivateKey(cfg, &resp.Diagnostics)

	baseURL, err := ghclient.NormalizeBaseURL(stringOrEnv(cfg.BaseURL, "DXGH_BASE_URL"))
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid base_url", err.Error()+" Use https://api.github.com/ or, for GitHub Enterprise Server, https://HOST/api/v3/.")
	}
	var installationIDs []int64
	resp.Diagnostics.Append(cfg.InstallationIDs.ElementsAs(ctx, &installationIDs, false)...)
	if resp.Diagnostics.HasError() {
		return
	}

	concurrency := defaultMaxConcurrency
	if !cfg.MaxConcurrency.IsNull() {
		concurrency = int(cfg.MaxConcurrency.ValueInt64())
	}
	var maxWait *time.Duration // unset: the client's default
	if !cfg.MaxRateLimitWait.IsNull() {
		d, diags := cfg.MaxRateLimitWait.ValueGoDuration()
		resp.Diagnostics.Append(diags...)
		if d < 0 {
			resp.Diagnostics.AddAttributeError(path.Root("max_rate_limit_wait"), "Invalid max_rate_limit_wait",
				fmt.Sprintf("max_rate_limit_wait must not be negative, got %q; use 0s to fail at once on a rate limit.", cfg.MaxRateLimitWait.ValueString()))
		}
		if resp.Diagnostics.HasError() {
			return
		}
		maxWait = &d
	}
	api := stringOrEnv(cfg.API, "DXGH_API")
	switch api {
	case "":
		api = connector.APIGraphQL
	case connector.APIREST, connector.APIGraphQL:
	default:
		resp.Diagnostics.AddAttributeError(path.Root("api"), "Invalid api",
			fmt.Sprintf("DXGH_API is %q; set it to %q or %q.", api, connector.APIGraphQL, connector.APIREST))
		return
	}
	client, err := ghclient.New(ghclient.Config{
		AppID:            id,
		PrivateKey:       key,
		BaseURL:          baseURL,
		InstallationIDs:  installationIDs,
		MaxConcurrency:   concurrency,
		MaxRateLimitWait: maxWait,
		UserAgent:        "terraform-provider-dxgh/" + p.version,
		BaseTransport:    p.transport,
	})
	if err != nil {
		resp.Diagnostics.AddError("Cannot create the GitHub client", err.Error())
		return
	}
	data := &providerData{ready: true, gh: connector.GitHub{Client: client, AppID: id, BaseURL: baseURL, Concurrency: concurrency, API: api}}
	resp.ResourceData, resp.DataSourceData = data, data
}

// loadPrivateKey reads the key from the attribute or environment variable
// that sets it and checks offline that it is an RSA private key. Failures
// carry the private_key_needed code on the attribute that supplied the key.
func loadPrivateKey(cfg providerModel, diags *diag.Diagnostics) *rsa.PrivateKey {
	pemAttr := path.Root("private_key_pem")
	fileAttr := path.Root("private_key_file")
	pemText := stringOrEnv(cfg.PrivateKeyPEM, "DXGH_PRIVATE_KEY_PEM")
	file := stringOrEnv(cfg.PrivateKeyFile, "DXGH_PRIVATE_KEY_FILE")
	source, at := "private_key_pem (or DXGH_PRIVATE_KEY_PEM)", pemAttr
	switch {
	case !cfg.PrivateKeyPEM.IsNull():
		file = "" // the attribute wins over DXGH_PRIVATE_KEY_FILE
	case !cfg.PrivateKeyFile.IsNull():
		pemText = ""
	case pemText != "" && file != "":
		diags.AddAttributeError(pemAttr, string(connector.PrivateKeyNeeded)+": two private keys given",
			"Both DXGH_PRIVATE_KEY_PEM and DXGH_PRIVATE_KEY_FILE are set; set only one.")
		return nil
	}
	if file != "" {
		source, at = fmt.Sprintf("the file %s (private_key_file or DXGH_PRIVATE_KEY_FILE)", file), fileAttr
		raw, err := os.ReadFile(file)
		if err != nil {
			diags.AddAttributeError(fileAttr, string(connector.PrivateKeyNeeded)+": cannot read the private key file",
				fmt.Sprintf("Reading %s failed: %s.", file, errors.Unwrap(err)))
			return nil
		}
		pemText = string(raw)
	}
	if pemText == "" {
		diags.AddAttributeError(pemAttr, string(connector.PrivateKeyNeeded)+": no private key given",
			"Set private_key_pem or private_key_file in the provider block, or DXGH_PRIVATE_KEY_PEM or DXGH_PRIVATE_KEY_FILE, to the GitHub App's private key (the app's settings page → Private keys → Generate a private key).")
		return nil
	}
	key, err := ghclient.ParsePrivateKey(pemText)
	if err != nil {
		diags.AddAttributeError(at, string(connector.PrivateKeyNeeded)+": "+err.Error(),
			fmt.Sprintf("Checked offline: the key from %s must be an RSA private key in PEM form, PKCS#1 (\"BEGIN RSA PRIVATE KEY\", as GitHub downloads it) or PKCS#8. Generate one on the GitHub App's settings page → Private keys, and pass the downloaded file's contents.", source))
		return nil
	}
	return key
}

func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

func anyUnknown(values ...interface{ IsUnknown() bool }) bool {
	for _, v := range values {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}
