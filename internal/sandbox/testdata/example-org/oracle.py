#!/usr/bin/env python3
"""The oracle for the dxgh_deployments acceptance tests.

Reads fixture.json beside this file and computes, from DESIGN.md §2's
definitions alone (sharing no code with the Go provider, so the two can only
agree by both being right), every output of dxgh_deployments for app 1001 in
the named scenarios below; writes oracle.json, which
internal/provider/data_source_deployments_test.go reads scenario by scenario.
Python 3.11+, standard library only.

    python3 oracle.py           # write oracle.json (commit it)
    python3 oracle.py --check   # exit 1, naming what differs, if oracle.json is stale

`go test ./internal/sandbox/orggen` runs the --check (TestExampleOracleIsCurrent).

Definitions DESIGN leaves open, as implemented here:
- scope: repositories of app 1001's installations that are not suspended
  ("all": every repository the account owns; "selected": the listed ones),
  minus ignored (case-insensitive), archived unless archived, public unless
  public (internal counts as private), forks unless forked. `repositories`
  narrows the read to those (case-insensitive; each must be in scope);
  repository_count stays the scope before narrowing.
- state: newest status by (created_at, id); null without statuses.
  deployed_at: created_at of the first success by the same order.
- deployments: newest first, created_at descending then id descending;
  environment is the deployment's own spelling; times in UTC with Z.
- daily: every local date in tz from since's date to the date of the last
  instant before until (until itself excluded), zeros included.
- weekly_blocks: daily cut into 7-date blocks from since's date; a trailing
  block of fewer than 7 dates is dropped unless it is the only one;
  median_days_per_week is the median of their deployment days (two middles
  averaged). weekly_blocks is written to explain the median; it is not an
  output of the data source.
- by_repository: successful counts by the repository's own owner/name, only
  repositories with at least one.
- by_environment: successful counts keyed by the production entry matched
  (the smallest in code-point order if two differ only by case) or, with the
  flag fallback, by the smallest spelling of that name among the window's
  production deployments.
- Floats are as Python computes them; compare with a tolerance.
"""
import json
import os
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "oracle.json")
APP = 1001
SINCE_30D, UNTIL = "2026-10-21T00:00:00Z", "2026-11-20T00:00:00Z"
SCENARIOS = {
    "named_prod_30d": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC"),
    "flag_fallback_30d": dict(prod=[], since=SINCE_30D, until=UNTIL, tz="UTC"),
    "named_prod_90d_berlin": dict(prod=["production", "prod-eu"], since="2026-08-22T00:00:00Z", until=UNTIL, tz="Europe/Berlin"),
    "scope_all_enabled": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC",
                              archived=True, public=True, forked=True),
    "scope_ignored": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC",
                          ignored=["ACME/API", "acme-labs/experiments"]),
    # Local midnight to local midnight across the end of US summer time: 97 hours, 4 whole dates.
    "short_window_new_york": dict(prod=[], since="2026-10-30T04:00:00Z", until="2026-11-03T05:00:00Z", tz="America/New_York"),
    # UTC midnights, so 20:00 and 19:00 in New York: since's local date (29 Oct) is not its UTC
    # date, the first and last dates are partial, and 4 days of window cover 5 dates.
    "short_window_partial_days_new_york": dict(prod=[], since="2026-10-30T00:00:00Z", until="2026-11-03T00:00:00Z",
                                               tz="America/New_York"),
    # The repositories input narrows the read (spelled as the user likes); the other DORA tiers.
    "narrowed_high": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC",
                          repositories=["ACME/Payments", "acme/infra"]),
    # ml-platform's one successful deployment falls in the dropped trailing 2 days: median 0, yet
    # per_month is just over 1.
    "narrowed_medium_trailing_block": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC",
                                           repositories=["acme-labs/ml-platform"]),
    "narrowed_low_empty": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC", repositories=["acme/sandbox"]),
}


def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def utc(t):
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def repositories(fixture, sc):
    """Repositories of app 1001's unsuspended installations, after the settings."""
    out = []
    ignored = {n.lower() for n in sc.get("ignored", [])}
    for inst in fixture["installations"]:
        if inst["app_id"] != APP or inst.get("suspended_at"):
            continue
        login = inst["account"]["login"].lower()
        for r in fixture["repositories"]:
            if inst["repository_selection"] == "all":
                if r["full_name"].split("/")[0].lower() != login:
                    continue
            elif r["full_name"].lower() not in {n.lower() for n in inst.get("repositories") or []}:
                continue
            if r["full_name"].lower() in ignored:
                continue
            if r["archived"] and not sc.get("archived"):
                continue
            if r["visibility"] == "public" and not sc.get("public"):
                continue
            if r["fork"] and not sc.get("forked"):
                continue
            out.append(r)
    return out


def narrowed(repos, sc):
    if "repositories" not in sc:
        return repos
    wanted = {n.lower() for n in sc["repositories"]}
    in_scope = {r["full_name"].lower() for r in repos}
    if not wanted <= in_scope:
        raise SystemExit(f"scenario narrows to {sorted(wanted - in_scope)}, not in scope: the provider would fail")
    return [r for r in repos if r["full_name"].lower() in wanted]


def compute(fixture, sc):
    since, until, tz = ts(sc["since"]), ts(sc["until"]), ZoneInfo(sc["tz"])
    prod = sc["prod"]
    prod_lower = sorted(prod)
    scope = repositories(fixture, sc)
    rows = []
    for r in narrowed(scope, sc):
        for d in r["deployments"]:
            created = ts(d["created_at"])
            if not (since <= created < until):
                continue
            if prod:
                if d["environment"].lower() not in {p.lower() for p in prod}:
                    continue
            elif not d["production_environment"]:
                continue
            sts = sorted(d["statuses"], key=lambda s: (ts(s["created_at"]), s["id"]))
            state = sts[-1]["state"] if sts else None
            successes = [s for s in sts if s["state"] == "success"]
            rows.append(dict(id=d["id"], repository=r["full_name"], environment=d["environment"], sha=d["sha"],
                             ref=display_ref(d["ref"]), task=d["task"], creator=d["creator"], created=created,
                             state=state, successful=bool(successes),
                             deployed_at=utc(ts(successes[0]["created_at"])) if successes else None))

    def env_key(env):
        if prod:
            return next(p for p in prod_lower if p.lower() == env.lower())
        return min(x["environment"] for x in rows if x["environment"].lower() == env.lower())

    ok = [x for x in rows if x["successful"]]
    days = (until - since).total_seconds() / 86400
    first = since.astimezone(tz).date()
    last = (until - timedelta(microseconds=1)).astimezone(tz).date()
    dates = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    per_date = {}
    for x in ok:
        d = x["created"].astimezone(tz).date()
        per_date[d] = per_date.get(d, 0) + 1
    nblocks = len(dates) // 7
    blocks = [dates[i * 7:(i + 1) * 7] for i in range(nblocks)] or [dates]
    block_days = [sum(1 for d in b if per_date.get(d)) for b in blocks]
    per_block = sorted(block_days)
    n = len(per_block)
    median = per_block[n // 2] if n % 2 else (per_block[n // 2 - 1] + per_block[n // 2]) / 2
    per_day = len(ok) / days
    per_month = 30.436875 * len(ok) / days
    tier = "elite" if median >= 3 else "high" if median >= 1 else "medium" if per_month >= 1 else "low"
    by_repo, by_env = {}, {}
    for x in ok:
        by_repo[x["repository"]] = by_repo.get(x["repository"], 0) + 1
        k = env_key(x["environment"])
        by_env[k] = by_env.get(k, 0) + 1
    newest_first = sorted(rows, key=lambda x: (x["created"], x["id"]), reverse=True)
    return {
        "inputs": sc,
        "repository_count": len(scope),
        "total_count": len(rows),
        "successful_count": len(ok),
        "failed_count": sum(1 for x in rows if x["state"] in ("failure", "error")),
        "frequency": {"per_day": per_day, "per_week": 7 * len(ok) / days, "per_month": per_month,
                      "deployment_days": len(per_date), "median_days_per_week": median, "dora_tier": tier},
        "by_repository": by_repo,
        "by_environment": by_env,
        "daily": [{"date": d.isoformat(), "count": per_date.get(d, 0)} for d in dates],
        "weekly_blocks": [{"start": b[0].isoformat(), "end": b[-1].isoformat(), "deployment_days": k}
                          for b, k in zip(blocks, block_days)],
        "deployments": [{"id": x["id"], "repository": x["repository"], "environment": x["environment"],
                         "sha": x["sha"], "ref": x["ref"], "task": x["task"], "creator": x["creator"],
                         "created_at": utc(x["created"]), "deployed_at": x["deployed_at"], "state": x["state"]}
                        for x in newest_first],
    }


def render(fixture):
    out = {name: compute(fixture, sc) for name, sc in SCENARIOS.items()}
    return out, json.dumps(out, indent=1, sort_keys=True) + "\n"


def differences(committed, computed, path=""):
    """Yield (path, committed, computed) for every leaf that differs."""
    if isinstance(committed, dict) and isinstance(computed, dict):
        for k in sorted(set(committed) | set(computed), key=str):
            p = f"{path}.{k}" if path else k
            if k not in committed:
                yield p, "(missing)", computed[k]
            elif k not in computed:
                yield p, committed[k], "(not computed)"
            else:
                yield from differences(committed[k], computed[k], p)
    elif isinstance(committed, list) and isinstance(computed, list):
        for i, (a, b) in enumerate(zip(committed, computed)):
            yield from differences(a, b, f"{path}[{i}]")
        if len(committed) != len(computed):
            yield f"{path} length", len(committed), len(computed)
    elif committed != computed or type(committed) is not type(computed):
        yield path, committed, computed


def check(out, text):
    """Compare with the committed oracle.json; return the exit status."""
    regen = "regenerate with: python3 internal/sandbox/testdata/example-org/oracle.py, and commit oracle.json"
    try:
        with open(OUT) as f:
            committed_text = f.read()
        committed = json.loads(committed_text)
    except (OSError, ValueError) as e:
        print(f"oracle.json is stale: cannot read it ({e}); {regen}", file=sys.stderr)
        return 1
    if committed_text == text:
        return 0
    diffs = list(differences(committed, out))
    if not diffs:
        print(f"oracle.json is stale: same values, different formatting; {regen}", file=sys.stderr)
        return 1
    print(f"oracle.json is stale: {len(diffs)} value(s) differ from what oracle.py computes from fixture.json:",
          file=sys.stderr)
    for p, a, b in diffs[:20]:
        scenario, _, field = p.partition(".")
        print(f"  scenario {scenario}, {field or '(whole scenario)'}: oracle.json has {json.dumps(a)[:120]}, "
              f"oracle.py computes {json.dumps(b)[:120]}", file=sys.stderr)
    if len(diffs) > 20:
        print(f"  … and {len(diffs) - 20} more", file=sys.stderr)
    print(regen, file=sys.stderr)
    return 1


def display_ref(ref):
    """A branch or tag name without refs/heads/ or refs/tags/, as GraphQL's Ref.name; else as REST has it."""
    for prefix in ("refs/heads/", "refs/tags/"):
        if ref.startswith(prefix):
            return ref[len(prefix):]
    return ref


def main(argv):
    with open(os.path.join(HERE, "fixture.json")) as f:
        fixture = json.load(f)
    out, text = render(fixture)
    if argv == ["--check"]:
        return check(out, text)
    if argv:
        print("usage: oracle.py [--check]", file=sys.stderr)
        return 2
    with open(OUT, "w") as f:
        f.write(text)
    for name, o in out.items():
        print(f"{name}: total {o['total_count']} ok {o['successful_count']} failed {o['failed_count']} "
              f"per_week {o['frequency']['per_week']:.3f} median {o['frequency']['median_days_per_week']} {o['frequency']['dora_tier']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
