// Command dxgh-bench is `make bench`: it generates organisations of three
// sizes, serves each from the sandbox in its own process with a fixed
// latency, reads it through the provider's read path, and reports requests
// against the REST lower bound, wall time against the ideal, and peak memory.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/bench"
)

func main() {
	latency := flag.Duration("latency", 20*time.Millisecond, "latency the sandbox adds to every request")
	concurrency := flag.Int("concurrency", 8, "max_concurrency")
	fanOut := flag.Int("fanout", 0, "goroutines per read (connector.GitHub.Concurrency); 0: max_concurrency, as the provider sets it")
	sizes := flag.String("sizes", "small,medium,large", "which sizes to run")
	apis := flag.String("apis", "rest,graphql", "which api modes to run")
	dora := flag.Bool("dora", true, "also read dxgh_dora_metrics after the three reads, measured apart")
	out := flag.String("out", "", "also write the results table (markdown) to this file")
	cpuProfile := flag.String("cpuprofile", "", "write the benchmark process's CPU profile (the provider side) to this file")
	memProfile := flag.String("memprofile", "", "write the benchmark process's allocation profile (the provider side) to this file at the end")
	child := flag.Int("child", -1, "internal: run only this run of the one size and api given, and print its result as JSON")
	sandboxBin := flag.String("sandbox", "", "internal: the sandbox binary to use instead of building one")
	flag.Parse()
	log.SetFlags(0)

	if *sandboxBin == "" {
		dir, err := os.MkdirTemp("", "dxgh-bench-bin-")
		if err != nil {
			log.Fatal(err)
		}
		defer os.RemoveAll(dir)
		*sandboxBin = filepath.Join(dir, "dxgh-sandbox")
		if b, err := exec.Command("go", "build", "-o", *sandboxBin, "github.com/dxgh/terraform-provider-dxgh/internal/sandbox/cmd/dxgh-sandbox").CombinedOutput(); err != nil {
			log.Fatalf("building the sandbox: %v\n%s", err, b)
		}
	}
	// Each run is a process of its own, as each terraform plan starts the
	// provider afresh: in one process, a run's peak memory depended on the
	// runs before it (up to 25 MB at 2,000 repositories). With a profile
	// requested, everything runs here, so that one profile covers it all.
	inProcess := *child >= 0 || *cpuProfile != "" || *memProfile != ""

	all := map[string]bench.Size{
		"small":  {Name: "small", Repos: 10, DeploymentsPerRepo: 50, Teams: 3},
		"medium": {Name: "medium", Repos: 200, DeploymentsPerRepo: 50, Teams: 10},
		"large":  {Name: "large", Repos: 2000, DeploymentsPerRepo: 50, Teams: 100},
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer writeAllocProfile(*memProfile)
	}
	var results []bench.Result
	var detail bytes.Buffer
	for _, name := range strings.Split(*sizes, ",") {
		size, ok := all[name]
		if !ok {
			log.Fatalf("unknown size %q", name)
		}
		runs := []bench.Config{{ProductionEnvironments: []string{"production"}, IncludeDeployments: true}}
		if name == "large" {
			runs = append(runs, bench.Config{ProductionEnvironments: []string{"production"}})
		}
		runs = append(runs, bench.Config{IncludeDeployments: true})
		for _, api := range strings.Split(*apis, ",") {
			for k, cfg := range runs {
				if *child >= 0 && k != *child {
					continue
				}
				cfg.SandboxBinary, cfg.Latency, cfg.MaxConcurrency, cfg.FanOut, cfg.Seed, cfg.API = *sandboxBin, *latency, *concurrency, *fanOut, 1, api
				cfg.DORA = *dora
				var r bench.Result
				var err error
				if inProcess {
					if *child < 0 {
						log.Printf("running %s (%d repositories), %v, api %s…", name, size.Repos, cfg.ProductionEnvironments, api)
					}
					r, err = bench.Run(context.Background(), size, cfg)
				} else {
					log.Printf("running %s (%d repositories), %v, api %s, in a process of its own…", name, size.Repos, cfg.ProductionEnvironments, api)
					r, err = runChild(name, api, k, *sandboxBin)
				}
				if err != nil {
					log.Fatalf("%s, api %s: %v", name, api, err)
				}
				if *child >= 0 {
					if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
						log.Fatal(err)
					}
					return
				}
				results = append(results, r)
				bench.WriteDetail(&detail, r)
			}
		}
	}
	var table bytes.Buffer
	command := "make bench"
	if len(os.Args) > 1 {
		command += fmt.Sprintf(" ARGS=%q", strings.Join(os.Args[1:], " "))
	}
	fmt.Fprintf(&table, "Command: `%s` (latency %s, max_concurrency %d). Machine: %d CPUs, %s, %s/%s, %s.\n\n",
		command, *latency, *concurrency, runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH, time.Now().UTC().Format("2006-01-02"))
	bench.WriteTable(&table, results)
	fmt.Fprint(&table, "\nThe two API modes side by side:\n\n")
	bench.WriteModeComparison(&table, results)
	fmt.Fprint(&table, "\ndxgh_dora_metrics, read after the three reads in the same plan (cost = REST requests + GraphQL points; not in the figures above):\n\n")
	bench.WriteDORATable(&table, results)
	fmt.Fprint(&table, "\ndxgh_dora_metrics with group_by = \"team\", read after the same read without it (what grouping adds is the teams read; issue 21's targets at the largest size: cost ≤ 1.1 ×, peak RSS ≤ 1.1 ×):\n\n")
	bench.WriteGroupedTable(&table, results)
	fmt.Fprint(&table, "\nWhere the time went:\n\n")
	bench.WriteTimeTable(&table, results)
	fmt.Fprintf(&table, "\nTargets: rest, requests ≤ %.2f × the REST lower bound and wall ≤ %.1f × ideal (requests × latency ÷ max_concurrency); graphql, REST requests + GraphQL points ≤ %.2f × the REST lower bound with production named and ≤ %.2f × with the flag fallback (judged at the largest size), wall ≤ rest's; peak memory ≤ %d MB at the largest size without the list; ✗ marks a miss.\n\n```\n%s```\n",
		bench.TargetRequestRatio, bench.TargetWallRatio, bench.TargetGraphQLNamedRatio, bench.TargetGraphQLFlagRatio, bench.TargetPeakMB, detail.String())
	fmt.Print("\n" + table.String())
	if *out != "" {
		if err := os.WriteFile(*out, table.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// writeAllocProfile writes what was allocated where over the whole run
// (go tool pprof -sample_index=alloc_space), for finding what peak memory
// is made of.
func writeAllocProfile(path string) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		log.Fatal(err)
	}
}

// runChild runs run k of size name and api in a new process of this
// program, with this process's flags, and reads back its result.
func runChild(name, api string, k int, sandboxBin string) (bench.Result, error) {
	args := []string{"-child", strconv.Itoa(k), "-sizes", name, "-apis", api, "-sandbox", sandboxBin}
	flag.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "latency", "concurrency", "fanout", "dora":
			args = append(args, "-"+f.Name+"="+f.Value.String())
		}
	})
	self, err := os.Executable()
	if err != nil {
		return bench.Result{}, err
	}
	cmd := exec.Command(self, args...)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return bench.Result{}, fmt.Errorf("the run's process: %w", err)
	}
	var r bench.Result
	if err := json.Unmarshal(out, &r); err != nil {
		return bench.Result{}, fmt.Errorf("the run's result: %w", err)
	}
	return r, nil
}
