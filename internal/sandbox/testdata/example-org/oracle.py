#!/usr/bin/env python3
"""Independent oracle for the dxgh_deployments acceptance tests.

Reads fixture.json and computes, from DESIGN.md §2's definitions alone
(sharing no code with the Go provider), the outputs of dxgh_deployments for
app 1001 in named scenarios; writes oracle.json. Python 3.11 stdlib only.

    python3 oracle.py   # from this directory; commit oracle.json
"""
import json
import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
APP = 1001
SCENARIOS = {
    "named_prod_30d": dict(prod=["production"], since="2026-10-21T00:00:00Z", until="2026-11-20T00:00:00Z", tz="UTC"),
    "flag_fallback_30d": dict(prod=[], since="2026-10-21T00:00:00Z", until="2026-11-20T00:00:00Z", tz="UTC"),
    "named_prod_90d_berlin": dict(prod=["production", "prod-eu"], since="2026-08-22T00:00:00Z", until="2026-11-20T00:00:00Z", tz="Europe/Berlin"),
    "scope_all_enabled": dict(prod=["production"], since="2026-10-21T00:00:00Z", until="2026-11-20T00:00:00Z", tz="UTC",
                              archived=True, public=True, forked=True),
    "scope_ignored": dict(prod=["production"], since="2026-10-21T00:00:00Z", until="2026-11-20T00:00:00Z", tz="UTC",
                          ignored=["ACME/API", "acme-labs/experiments"]),
    "short_window_new_york": dict(prod=[], since="2026-10-30T04:00:00Z", until="2026-11-03T05:00:00Z", tz="America/New_York"),
}


def ts(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


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


def compute(fixture, sc):
    since, until, tz = ts(sc["since"]), ts(sc["until"]), ZoneInfo(sc["tz"])
    prod = sc["prod"]
    prod_lower = sorted(prod)
    rows = []
    for r in repositories(fixture, sc):
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
            rows.append(dict(id=d["id"], repository=r["full_name"], environment=d["environment"], created=created,
                             state=state, successful=bool(successes),
                             deployed_at=successes[0]["created_at"] if successes else None))

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
    per_block = sorted(sum(1 for d in b if per_date.get(d)) for b in blocks)
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
        "repository_count": len(repositories(fixture, sc)),
        "total_count": len(rows),
        "successful_count": len(ok),
        "failed_count": sum(1 for x in rows if x["state"] in ("failure", "error")),
        "frequency": {"per_day": per_day, "per_week": 7 * len(ok) / days, "per_month": per_month,
                      "deployment_days": len(per_date), "median_days_per_week": median, "dora_tier": tier},
        "by_repository": by_repo,
        "by_environment": by_env,
        "daily": [{"date": d.isoformat(), "count": per_date.get(d, 0)} for d in dates],
        "deployment_ids": [x["id"] for x in newest_first],
        "states": {str(x["id"]): x["state"] for x in rows},
        "deployed_at": {str(x["id"]): x["deployed_at"] for x in rows},
    }


def main():
    with open(os.path.join(HERE, "fixture.json")) as f:
        fixture = json.load(f)
    out = {name: compute(fixture, sc) for name, sc in SCENARIOS.items()}
    with open(os.path.join(HERE, "oracle.json"), "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")
    for name, o in out.items():
        print(f"{name}: total {o['total_count']} ok {o['successful_count']} failed {o['failed_count']} "
              f"per_week {o['frequency']['per_week']:.3f} median {o['frequency']['median_days_per_week']} {o['frequency']['dora_tier']}")


if __name__ == "__main__":
    main()
