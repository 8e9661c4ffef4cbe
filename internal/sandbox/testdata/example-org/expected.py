#!/usr/bin/env python3
"""Independent oracle for the acceptance tests of dxgh_connection,
dxgh_environments and dxgh_deployments against the example organisation.

Reads fixture.json beside this file and writes expected.json: for each
scenario, what the provider must report. It implements DESIGN.md §2 from
scratch, on purpose sharing no code with the Go implementation, so the two
can only agree by both being right.

    python3 expected.py           # write expected.json
    python3 expected.py --check   # exit 1 if expected.json is stale

Python 3.11+, standard library only.
"""

import datetime as dt
import json
import pathlib
import sys
from zoneinfo import ZoneInfo

HERE = pathlib.Path(__file__).resolve().parent
APP_ID = 1001  # the app the provider is configured with
DAYS_PER_MONTH = 30.436875

SINCE_30D = "2026-10-21T00:00:00Z"
UNTIL = "2026-11-20T00:00:00Z"

DEFAULT_SETTINGS = {
    "import_archived": False,
    "import_public": False,
    "import_forked": False,
    "production_environments": [],
    "ignored_repositories": [],
}


def scenario(name, since, until, time_zone="UTC", repositories=None, **settings):
    s = dict(DEFAULT_SETTINGS)
    s.update(settings)
    return {"name": name, "since": since, "until": until, "time_zone": time_zone, "repositories": repositories,
            "import_settings": s}


SCENARIOS = [
    scenario("named_prod_30d", SINCE_30D, UNTIL, production_environments=["production"]),
    scenario("flag_fallback_30d", SINCE_30D, UNTIL),
    scenario("named_prod_90d_berlin", "2026-08-22T00:00:00Z", UNTIL, "Europe/Berlin",
             production_environments=["production", "prod-eu"]),
    scenario("scope_all_enabled", SINCE_30D, UNTIL, import_archived=True, import_public=True,
             import_forked=True, production_environments=["production"]),
    scenario("scope_ignored", SINCE_30D, UNTIL, production_environments=["production"],
             ignored_repositories=["acme/api", "ACME/Payments"]),
    scenario("short_window", "2026-10-30T00:00:00Z", "2026-11-03T00:00:00Z", "America/New_York"),
    # Narrowed with the data sources' repositories input, for the other DORA tiers.
    scenario("narrowed_high", SINCE_30D, UNTIL, repositories=["acme/payments", "acme/infra"],
             production_environments=["production"]),
    scenario("narrowed_medium_trailing_block", SINCE_30D, UNTIL, repositories=["acme-labs/ml-platform"],
             production_environments=["production"]),
    scenario("narrowed_low_empty", SINCE_30D, UNTIL, repositories=["acme/sandbox"],
             production_environments=["production"]),
]

NOTES = {
    "window": "a deployment is in the window when since <= created_at < until (instants, not local dates)",
    "production": "environment in production_environments compared case-insensitively; when that list is empty, "
                  "the deployment's production_environment flag",
    "state": "state of the newest status by (created_at, id); null when the deployment has no status",
    "deployed_at": "created_at of the first success status by (created_at, id); null when none",
    "counts": "total_count: production deployments in the window; successful_count: ever had a success status; "
              "failed_count: state is failure or error (a success then a failure counts in both)",
    "frequency": "from successful deployments only, bucketed by the deployment's created_at in time_zone; "
                 "per_day = successful / ((until - since) in days, fractional); per_week = 7 * per_day; "
                 "per_month = 30.436875 * per_day",
    "daily": "one entry for every local date from the date of since to the date of the last instant before until "
             "(until itself excluded), in time_zone, with the number of successful deployments created that date",
    "weekly_blocks": "the daily dates cut into consecutive 7-date blocks from since's local date; a trailing block "
                     "of fewer than 7 dates is dropped unless it is the only block; median_days_per_week is the "
                     "median of each block's deployment days (dates with at least one), two middles averaged",
    "dora_tier": "elite when median_days_per_week >= 3, high when >= 1, medium when per_month >= 1, else low",
    "by_repository": "successful counts by owner/name, only repositories with at least one",
    "by_environment_merged": "the same counts with case variants merged, as the provider documents by_environment: "
                             "keyed by the production_environments entry matched (the smallest in code-point order "
                             "when two entries differ only by case) or, with the flag fallback, by the smallest "
                             "spelling of that name among the window's production deployments",
    "repositories": "scenarios with a repositories input narrow the deployments and environments read to those "
                    "repositories (case-insensitive); repository_count and repositories stay the connection's "
                    "scope after the import settings",
    "by_environment": "successful counts keyed by the deployment's own environment spelling, exactly as GitHub "
                      "returns it (\"Production\" and \"production\" are separate keys), only environments with at "
                      "least one",
    "deployments": "production deployments in the window, newest first: created_at descending, then id descending",
    "scope": "repositories of app 1001's installations that are not suspended (\"all\": every repository owned by "
             "the account; \"selected\": the listed ones), minus ignored_repositories (case-insensitive), archived "
             "unless import_archived, visibility public unless import_public (internal counts as private), forks "
             "unless import_forked",
    "environments": "environments listed by in-scope repositories (not deployment environments), merged when names "
                    "differ only by case, sorted by lowercased name; the spelling shown is the one used by the most "
                    "repositories, ties broken by the smallest in code-point order (so \"Prod-EU\" before "
                    "\"prod-eu\"); production is true when the name is in production_environments, case-insensitively",
}


def parse_time(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00"))


def fmt_time(t):
    return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if t else None


def repositories_in_scope(fixture, settings):
    """Repositories the app can read, then the import settings."""
    visible = {}
    for inst in fixture["installations"]:
        if inst["app_id"] != APP_ID or inst.get("suspended_at"):
            continue
        if inst["repository_selection"] == "all":
            owned = [r for r in fixture["repositories"]
                     if r["full_name"].split("/")[0] == inst["account"]["login"]]
        else:
            selected = set(inst.get("repositories") or [])
            owned = [r for r in fixture["repositories"] if r["full_name"] in selected]
        for r in owned:
            visible[r["full_name"]] = r

    ignored = {name.lower() for name in settings["ignored_repositories"]}
    out = []
    for name in sorted(visible):
        r = visible[name]
        if name.lower() in ignored:
            continue
        if r["archived"] and not settings["import_archived"]:
            continue
        if r["visibility"] == "public" and not settings["import_public"]:
            continue
        if r["fork"] and not settings["import_forked"]:
            continue
        out.append(r)
    return out


def narrow(repos, names):
    if names is None:
        return repos
    wanted = {n.lower() for n in names}
    return [r for r in repos if r["full_name"].lower() in wanted]


def merged_environment_keys(rows, settings):
    """Environment spelling -> key with case variants merged (see NOTES)."""
    named = sorted(settings["production_environments"])
    smallest = {}
    for x in rows:
        k = x["environment"].lower()
        smallest[k] = min(smallest.get(k, x["environment"]), x["environment"])
    keys = {}
    for x in rows:
        env = x["environment"]
        match = [p for p in named if p.lower() == env.lower()]
        keys[env] = match[0] if match else smallest[env.lower()]
    return keys


def environments(repos, settings):
    groups = {}  # lowercased name -> {spelling: set of repositories}
    for r in repos:
        for e in r["environments"]:
            groups.setdefault(e["name"].lower(), {}).setdefault(e["name"], set()).add(r["full_name"])
    prod = {p.lower() for p in settings["production_environments"]}
    out = []
    for key in sorted(groups):
        spellings = groups[key]
        name = min(spellings, key=lambda s: (-len(spellings[s]), s))
        repositories = sorted(set().union(*spellings.values()))
        entry = {"name": name, "repositories": repositories, "production": key in prod}
        if len(spellings) > 1:
            entry["spellings"] = {s: sorted(spellings[s]) for s in sorted(spellings)}
        out.append(entry)
    return out


def is_production(d, settings):
    names = {p.lower() for p in settings["production_environments"]}
    if names:
        return d["environment"].lower() in names
    return bool(d["production_environment"])


def summarise(repo, d):
    statuses = sorted(d["statuses"], key=lambda s: (parse_time(s["created_at"]), s["id"]))
    state = statuses[-1]["state"] if statuses else None
    first_success = next((s for s in statuses if s["state"] == "success"), None)
    return {
        "id": d["id"],
        "repository": repo["full_name"],
        "environment": d["environment"],
        "sha": d["sha"],
        "ref": d["ref"],
        "task": d["task"],
        "creator": d["creator"],
        "created_at": fmt_time(parse_time(d["created_at"])),
        "deployed_at": fmt_time(parse_time(first_success["created_at"])) if first_success else None,
        "state": state,
        # Not outputs of the data source; kept to explain the counts.
        "_successful": first_success is not None,
        "_failed": state in ("failure", "error"),
    }


def median(values):
    v = sorted(values)
    n = len(v)
    if n == 0:
        return 0.0
    if n % 2:
        return float(v[n // 2])
    return (v[n // 2 - 1] + v[n // 2]) / 2


def deployments_read(fixture, sc):
    settings = sc["import_settings"]
    since, until = parse_time(sc["since"]), parse_time(sc["until"])
    tz = ZoneInfo(sc["time_zone"])
    repos = narrow(repositories_in_scope(fixture, settings), sc["repositories"])

    rows = []
    for r in repos:
        for d in r["deployments"]:
            created = parse_time(d["created_at"])
            if since <= created < until and is_production(d, settings):
                rows.append(summarise(r, d))
    rows.sort(key=lambda x: (x["created_at"], x["id"]), reverse=True)
    successful = [x for x in rows if x["_successful"]]

    first = since.astimezone(tz).date()
    last = (until - dt.timedelta(microseconds=1)).astimezone(tz).date()
    dates = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    per_date = {day: 0 for day in dates}
    for x in successful:
        per_date[parse_time(x["created_at"]).astimezone(tz).date()] += 1

    blocks = [dates[i:i + 7] for i in range(0, len(dates), 7)]
    if len(blocks) > 1 and len(blocks[-1]) < 7:
        blocks.pop()
    block_days = [sum(1 for day in b if per_date[day] > 0) for b in blocks]

    window_days = (until - since).total_seconds() / 86400
    per_day = len(successful) / window_days
    per_month = DAYS_PER_MONTH * per_day
    mdpw = median(block_days)
    if mdpw >= 3:
        tier = "elite"
    elif mdpw >= 1:
        tier = "high"
    elif per_month >= 1:
        tier = "medium"
    else:
        tier = "low"

    by_repo, by_env, by_env_merged = {}, {}, {}
    merged_key = merged_environment_keys(rows, settings)
    for x in successful:
        by_repo[x["repository"]] = by_repo.get(x["repository"], 0) + 1
        by_env[x["environment"]] = by_env.get(x["environment"], 0) + 1
        k = merged_key[x["environment"]]
        by_env_merged[k] = by_env_merged.get(k, 0) + 1

    return {
        "total_count": len(rows),
        "successful_count": len(successful),
        "failed_count": sum(1 for x in rows if x["_failed"]),
        "frequency": {
            "per_day": per_day,
            "per_week": 7 * per_day,
            "per_month": per_month,
            "deployment_days": sum(1 for day in dates if per_date[day] > 0),
            "median_days_per_week": mdpw,
            "dora_tier": tier,
        },
        "by_repository": dict(sorted(by_repo.items())),
        "by_environment": dict(sorted(by_env.items())),
        "by_environment_merged": dict(sorted(by_env_merged.items())),
        "daily": [{"date": day.isoformat(), "count": per_date[day]} for day in dates],
        "weekly_blocks": [{"start": b[0].isoformat(), "end": b[-1].isoformat(), "deployment_days": n}
                          for b, n in zip(blocks, block_days)],
        "deployment_ids": [x["id"] for x in rows],
        "deployments": [{k: v for k, v in x.items() if not k.startswith("_")} for x in rows],
    }


def expected(fixture):
    out = {
        "generated_by": "expected.py from fixture.json; do not edit by hand",
        "app_id": APP_ID,
        "notes": NOTES,
        "environments_default": None,
        "scenarios": {},
    }
    default_repos = repositories_in_scope(fixture, DEFAULT_SETTINGS)
    out["environments_default"] = environments(default_repos, DEFAULT_SETTINGS)
    for sc in SCENARIOS:
        repos = repositories_in_scope(fixture, sc["import_settings"])
        result = {
            "inputs": {k: sc[k] for k in ("since", "until", "time_zone", "repositories", "import_settings")},
            "repository_count": len(repos),
            "repositories": [r["full_name"] for r in repos],
            "environments": environments(narrow(repos, sc["repositories"]), sc["import_settings"]),
        }
        result.update(deployments_read(fixture, sc))
        out["scenarios"][sc["name"]] = result
    return out


def main():
    fixture = json.loads((HERE / "fixture.json").read_text())
    text = json.dumps(expected(fixture), indent=2) + "\n"
    path = HERE / "expected.json"
    if "--check" in sys.argv[1:]:
        if not path.exists() or path.read_text() != text:
            print("expected.json is stale: run python3 expected.py", file=sys.stderr)
            return 1
        return 0
    path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
