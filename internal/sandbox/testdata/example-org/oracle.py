#!/usr/bin/env python3
"""The oracle for the dxgh_deployments and dxgh_dora_metrics acceptance tests.

Reads fixture.json beside this file and computes, from DESIGN.md §2's
definitions alone (sharing no code with the Go provider, so the two can only
agree by both being right), every output of dxgh_deployments (SCENARIOS, at
oracle.json's top level) and of dxgh_dora_metrics (DORA_SCENARIOS, under
oracle.json's "dora_scenarios") for app 1001 in the named scenarios below;
writes oracle.json, which the acceptance tests in internal/provider read
scenario by scenario. Python 3.11+, standard library only.

    python3 oracle.py              # write oracle.json (commit it)
    python3 oracle.py --check      # exit 1, naming what differs, if oracle.json is stale
    python3 oracle.py --selftest   # the DORA definitions on small hand-made fixtures

`go test ./internal/sandbox/orggen` runs the --check (TestExampleOracleIsCurrent)
and the --selftest (TestExampleOracleSelfTest).

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
- weekly: daily cut into 7-date blocks from since's date, oldest first, each
  {start, days, deployment_days, successful_count, partial (fewer than 7
  dates), dropped}; a trailing block of fewer than 7 dates is listed but
  dropped unless it is the only one; median_days_per_week is the median of
  the deployment days of the blocks not dropped (two middles averaged).
- by_repository: successful counts by the repository's own owner/name, only
  repositories with at least one.
- by_environment: successful counts keyed by the production entry matched
  (the smallest in code-point order if two differ only by case) or, with the
  flag fallback, by the smallest spelling of that name among the window's
  production deployments.
- Floats are as Python computes them; compare with a tolerance.

dxgh_dora_metrics, from DESIGN §2 "Data source dxgh_dora_metrics". Where
DESIGN is silent this follows internal/metrics' doc comments and the metric
definitions guide's "Edge cases" (templates/guides/metric-definitions.md.tmpl),
read for their decisions only, never their code:
- Inputs: a DORA scenario key left out is an input not set: incident_labels
  ["incident"], include_bots false, include_details false (changes and
  failures are then null). deployment_frequency is dxgh_deployments'
  frequency for the same inputs. "explain" is not an output: it lists the
  rolled-back, incident-attributed and rework deployment ids and each
  incident's deployment, to explain a difference.
- Reads: changes are the pull requests of the narrowed scope with merged_at in
  [since, until) (closed-unmerged and open ones never); a bot is an author
  whose login ends in "[bot]" (the fixture's spelling of user type Bot); the
  first commit is the first listed in commits (GitHub's order, oldest first),
  its committed_at; with no commits lead time starts at merged_at. Incidents
  are the issues list's entries (a pull request's labels never make it an
  incident) with any of incident_labels, compared lower-cased, created in
  [since, until), each once; who opened the issue does not matter.
- Only the window's successful production deployments take part (created in
  [since, until), with a success status); "first", "next", "earlier" order
  them by created_at, then id. A stream is (repository, by_environment key).
- Delivering deployment: any stream of the change's repository, created at or
  after merged_at (equal counts); a sha match needs a merge_commit_sha; refs
  match the base branch exactly (case-sensitive) once "refs/heads/" is dropped
  from either, so a tag (refs/tags/…) or a bare sha matches no branch. A
  deployment created before until delivers even if it went live after until.
  Lead time = deployed_at − min(merged_at, first commit's committed_at).
- Rollback: D's next N in its stream has a sha other than D's that a
  deployment of the stream before D had; a redeploy of D's own sha is none.
- Attribution: the repository's latest (deployed_at, then id) deployment of
  any stream with deployed_at ≤ the issue's created_at (equal counts; of two
  live in the same second the higher id).
- Failures: an incident recovers at closed_at if before until, else
  unresolved (open, or closed at or after until); a rollback of a deployment
  with no incident recovers at N's deployed_at if before until. A rolled-back
  deployment with an incident is that incident's failure only; several
  incidents on one deployment are one failed deployment and several failures.
  Times are never clamped: a rollback that went live before the deployment it
  rolled back recovers in negative time.
- Rework: the next deployment of its stream after a failed one, whatever it
  did itself; a failed deployment with no next in the window leaves none.
- Arithmetic: durations are exact seconds (Fraction); medians average the two
  middle values; p90 is the ⌈9n/10⌉-th smallest; tiers compare the exact
  median or rate (1 of 20 is elite); hours are float(seconds ÷ 3600). Rates
  and their tier are null with no deployments, lead-time hours and tier with
  nothing delivered, the recovery median and tier with nothing recovered.
  Rework rate has no tier.
- The oracle refuses a fixture GitHub would never serve (pull request and
  issue numbers shared in a repository, state "closed" without closed_at or
  the reverse, merged_at other than closed_at, updated_at before closed_at or
  created_at) rather than guess what the provider would read.
Teams and groups (dxgh_teams, and teams/group_by on both data sources), from DESIGN §2 "Teams and
groups" and "Data source dxgh_teams":
- dxgh_teams (TEAMS_SCENARIOS, under "teams_scenarios"): the teams of the organisations of app 1001's
  installations in scope (not suspended; Organization accounts only), each {slug, organization, name,
  description (null if empty), privacy, parent (slug or null), members_count, repositories}, sorted by
  slug then organization. members_count: distinct logins among the team's and all its descendant
  teams' members. repositories: the in-scope repositories (the scope rules above: flags, ignored,
  installation selection) in the union of the team's own grants and every ancestor's, owner/name as
  the fixture spells it, sorted case-insensitively then by byte order (as ungrouped_repositories).
  `teams` input: only those slugs, case-insensitive (an unknown slug is the provider's error; not
  modelled).
- Scope by team (`teams` on either data source): the in-scope repositories of those teams (union);
  with `repositories` too, the intersection.
- group_by "team": one group per team slug having at least one repository in the read's scope (teams
  with none are left out); a slug found in two organisations is one group, their union. group_by
  "topic": one group per topic of a repository in the read's scope. A group's figures are the data
  source's over the group's repositories ∩ the read's scope, with the same window, time zone and
  settings; a repository in two groups counts in both. ungrouped_repositories: the read's in-scope
  repositories in no group, sorted as above.
- dxgh_deployments groups (GROUP_SCENARIOS, "group_scenarios"): {total_count, successful_count,
  failed_count, frequency, weekly} per key. dxgh_dora_metrics groups (DORA_GROUP_SCENARIOS,
  "dora_group_scenarios"): per key deployment_frequency, lead_time, change_failure_rate,
  recovery_time, rework_rate as the top level has them (never changes or failures).
"""
import json
import os
import sys
from datetime import datetime, timedelta, timezone
from fractions import Fraction
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
# dxgh_dora_metrics; a key left out is an input not set (incident_labels ["incident"], include_bots and
# include_details false).
DORA_SCENARIOS = {
    "dora_named_prod_30d": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC", include_details=True),
    # Every DORA input at its default: the details lists are null.
    "dora_named_prod_30d_summary": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC"),
    "dora_flag_fallback_30d": dict(prod=[], since=SINCE_30D, until=UNTIL, tz="UTC", include_details=True),
    "dora_named_prod_90d_berlin": dict(prod=["production", "prod-eu"], since="2026-08-22T00:00:00Z", until=UNTIL,
                                       tz="Europe/Berlin", include_details=True),
    "dora_include_bots_30d": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC", include_bots=True,
                                  include_details=True),
    "dora_labels_incident_sev1_30d": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC",
                                          incident_labels=["Incident", "sev1"], include_details=True),
    "dora_no_incident_labels_30d": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC", incident_labels=[],
                                        include_details=True),
    "dora_narrowed_30d": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC",
                              repositories=["ACME/Web", "acme/payments"], include_details=True),
    # The fixture's deployments return to an earlier sha rarely: only the whole history, with every
    # repository imported, has rollbacks that are failures of their own (none has an incident).
    "dora_whole_history_all_repos": dict(prod=["production"], since="2026-08-01T00:00:00Z",
                                         until="2026-11-21T00:00:00Z", tz="UTC", archived=True, public=True,
                                         forked=True, include_details=True),
    "dora_short_window_partial_days_new_york": dict(prod=[], since="2026-10-30T00:00:00Z", until="2026-11-03T00:00:00Z",
                                                    tz="America/New_York", include_details=True),
}


# dxgh_teams; "teams" filters by slug (spelled as the user likes).
TEAMS_SCENARIOS = {
    "teams_default": dict(),
    "teams_all_enabled": dict(archived=True, public=True, forked=True),
    "teams_filtered": dict(teams=["PLATFORM", "Sre"]),
    "teams_ignored": dict(ignored=["ACME/API", "acme-labs/experiments"]),
}
# dxgh_deployments and dxgh_dora_metrics with teams and group_by.
GROUP_SCENARIOS = {
    "group_team_30d": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC", group_by="team"),
    "group_topic_30d": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC", group_by="topic",
                            archived=True, forked=True),
    "teams_scope_30d": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC", teams=["Product", "platform"],
                            group_by="team"),
    "teams_and_repositories_30d": dict(prod=["production"], since=SINCE_30D, until=UNTIL, tz="UTC",
                                       teams=["payments-team"], repositories=["acme/api", "ACME/Payments", "acme/infra"],
                                       group_by="topic"),
}
DORA_GROUP_SCENARIOS = {"dora_" + k: v for k, v in GROUP_SCENARIOS.items()}


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


def production_deployments(fixture, sc):
    """The scope, the window's production deployments of the narrowed scope, and env_key."""
    since, until = ts(sc["since"]), ts(sc["until"])
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
                             ref=display_ref(d["ref"]), raw_ref=d["ref"], task=d["task"], creator=d["creator"],
                             created=created, state=state, successful=bool(successes),
                             deployed=ts(successes[0]["created_at"]) if successes else None,
                             deployed_at=utc(ts(successes[0]["created_at"])) if successes else None))

    def env_key(env):
        if prod:
            return next(p for p in prod_lower if p.lower() == env.lower())
        return min(x["environment"] for x in rows if x["environment"].lower() == env.lower())

    return scope, rows, env_key


def compute(fixture, sc):
    since, until, tz = ts(sc["since"]), ts(sc["until"]), ZoneInfo(sc["tz"])
    scope, rows, env_key = production_deployments(fixture, sc)
    ok = [x for x in rows if x["successful"]]
    days = (until - since).total_seconds() / 86400
    first = since.astimezone(tz).date()
    last = (until - timedelta(microseconds=1)).astimezone(tz).date()
    dates = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    per_date = {}
    for x in ok:
        d = x["created"].astimezone(tz).date()
        per_date[d] = per_date.get(d, 0) + 1
    blocks = [dates[i:i + 7] for i in range(0, len(dates), 7)]
    weekly = [{"start": b[0].isoformat(), "days": len(b),
               "deployment_days": sum(1 for d in b if per_date.get(d)),
               "successful_count": sum(per_date.get(d, 0) for d in b),
               "partial": len(b) < 7, "dropped": len(b) < 7 and len(blocks) > 1} for b in blocks]
    per_block = sorted(w["deployment_days"] for w in weekly if not w["dropped"])
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
        "weekly": weekly,
        "deployments": [{"id": x["id"], "repository": x["repository"], "environment": x["environment"],
                         "sha": x["sha"], "ref": x["ref"], "task": x["task"], "creator": x["creator"],
                         "created_at": utc(x["created"]), "deployed_at": x["deployed_at"], "state": x["state"]}
                        for x in newest_first],
    }


# ---- dxgh_dora_metrics ----------------------------------------------------------------------

def order(d):
    """First, next and earlier: created_at, then id."""
    return d["created"], d["id"]


def branch(ref):
    """A ref as a branch name: "refs/heads/" dropped, anything else (tags, shas) as it is."""
    return ref[len("refs/heads/"):] if ref.startswith("refs/heads/") else ref


def seconds(td):
    """A timedelta as an exact number of seconds."""
    return Fraction(td.days * 86400 + td.seconds) + Fraction(td.microseconds, 10**6)


def median(values):
    """The median of exact values, the two middle ones averaged; None when empty."""
    v = sorted(values)
    n = len(v)
    if not n:
        return None
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def p90(values):
    """Nearest rank: the ⌈0.9·n⌉-th smallest, the rank as ⌈9n/10⌉ in integers; None when empty."""
    v = sorted(values)
    return v[(9 * len(v) + 9) // 10 - 1] if v else None


def hours(s):
    return None if s is None else float(Fraction(s) / 3600)


def lead_time_tier(median_seconds):
    h = 3600
    return ("elite" if median_seconds < 24 * h else "high" if median_seconds < 168 * h
            else "medium" if median_seconds < 730 * h else "low")


def change_failure_tier(rate):
    return ("elite" if rate <= Fraction(5, 100) else "high" if rate <= Fraction(10, 100)
            else "medium" if rate <= Fraction(15, 100) else "low")


def recovery_tier(median_seconds):
    h = 3600
    return ("elite" if median_seconds < h else "high" if median_seconds < 24 * h
            else "medium" if median_seconds < 168 * h else "low")


def fixture_problems(fixture):
    """What in the fixture GitHub would never serve; the oracle refuses to guess around it."""
    for r in fixture["repositories"]:
        numbers = [p["number"] for p in r.get("pull_requests") or []] + [i["number"] for i in r.get("issues") or []]
        if len(numbers) != len(set(numbers)):
            yield f"{r['full_name']}: pull request and issue numbers repeat"
        for p in r.get("pull_requests") or []:
            where = f"{r['full_name']}#{p['number']}"
            if p["state"] not in ("open", "closed"):
                yield f"{where}: state {p['state']!r}"
            if (p["state"] == "closed") != bool(p.get("closed_at")):
                yield f"{where}: state {p['state']} with closed_at {p.get('closed_at')}"
            if p.get("merged_at") and p.get("closed_at") != p["merged_at"]:
                yield f"{where}: merged_at {p['merged_at']} is not closed_at {p.get('closed_at')}"
            if ts(p["updated_at"]) < ts(p.get("closed_at") or p["created_at"]):
                yield f"{where}: updated_at before closed_at or created_at"
        for i in r.get("issues") or []:
            where = f"{r['full_name']}#{i['number']} (issue)"
            if (i["state"] == "closed") != bool(i.get("closed_at")):
                yield f"{where}: state {i['state']} with closed_at {i.get('closed_at')}"
            if ts(i["updated_at"]) < ts(i.get("closed_at") or i["created_at"]):
                yield f"{where}: updated_at before closed_at or created_at"


def changes_of(repos, since, until, include_bots):
    """Pull requests merged into the repositories, merged_at in the window; bots' only if included."""
    out = []
    for r in repos:
        for p in r.get("pull_requests") or []:
            if not p.get("merged_at") or not (since <= ts(p["merged_at"]) < until):
                continue
            if p["author"].endswith("[bot]") and not include_bots:
                continue
            first = (p.get("commits") or [{}])[0].get("committed_at")
            out.append(dict(repository=r["full_name"], number=p["number"], merged=ts(p["merged_at"]),
                            sha=p.get("merge_commit_sha") or "", base=p["base_ref"],
                            first_commit=ts(first) if first else None))
    return out


def incidents_of(repos, labels, since, until):
    """Issues of the repositories with any of labels (case-insensitive), created in the window, each once."""
    wanted = {label.lower() for label in labels}
    out = []
    for r in repos:
        for i in r.get("issues") or []:
            if any(label.lower() in wanted for label in i.get("labels") or []) and since <= ts(i["created_at"]) < until:
                out.append(dict(repository=r["full_name"], number=i["number"], created=ts(i["created_at"]),
                                closed=ts(i["closed_at"]) if i.get("closed_at") else None))
    return out


def delivering(change, live):
    """The earliest live deployment of the change's repository created at or after the merge: by merge
    commit sha, else by base branch, else any."""
    after = [d for d in live if d["repository"] == change["repository"] and d["created"] >= change["merged"]]
    for matches in (lambda d: change["sha"] != "" and d["sha"] == change["sha"],
                    lambda d: branch(d["raw_ref"]) == branch(change["base"]),
                    lambda d: True):
        for d in after:
            if matches(d):
                return d
    return None


def compute_dora(fixture, sc):
    problems = list(fixture_problems(fixture))
    if problems:
        raise SystemExit("the fixture has what GitHub would never serve:\n  " + "\n  ".join(problems))
    since, until = ts(sc["since"]), ts(sc["until"])
    scope, rows, env_key = production_deployments(fixture, sc)
    repos = narrowed(scope, sc)
    live = sorted((x for x in rows if x["successful"]), key=order)
    streams = {}
    for d in live:
        streams.setdefault((d["repository"], env_key(d["environment"])), []).append(d)

    # Rollbacks and each deployment's next, within its stream.
    following, rolled_back = {}, set()
    for s in streams.values():
        for i, (d, n) in enumerate(zip(s, s[1:])):
            following[d["id"]] = n
            if n["sha"] != d["sha"] and n["sha"] in {e["sha"] for e in s[:i]}:
                rolled_back.add(d["id"])

    # Incidents, attributed to the repository's latest deployment live by then, any stream.
    incidents = incidents_of(repos, sc.get("incident_labels", ["incident"]), since, until)
    for inc in incidents:
        live_by_then = [d for d in live if d["repository"] == inc["repository"] and d["deployed"] <= inc["created"]]
        inc["deployment"] = max(live_by_then, key=lambda d: (d["deployed"], d["id"]), default=None)
    by_incident = {inc["deployment"]["id"] for inc in incidents if inc["deployment"]}
    failed = by_incident | rolled_back
    by_id = {d["id"]: d for d in live}

    # Lead time.
    changes = changes_of(repos, since, until, sc.get("include_bots", False))
    for c in changes:
        c["deployment"] = d = delivering(c, live)
        if d:
            c["lead"] = seconds(d["deployed"] - min(c["merged"], c["first_commit"] or c["merged"]))
            c["merge_to_deploy"] = seconds(d["deployed"] - c["merged"])
    delivered = [c for c in changes if c["deployment"]]
    lead_median = median(c["lead"] for c in delivered)

    # Recovery: one failure per incident, and per rollback of a deployment without an incident.
    failures = []
    for inc in incidents:
        failures.append(dict(repository=inc["repository"], deployment=inc["deployment"], cause="incident",
                             issue_number=inc["number"], started=inc["created"],
                             recovered=inc["closed"] if inc["closed"] and inc["closed"] < until else None))
    for i in sorted(rolled_back - by_incident):
        d, n = by_id[i], following[i]
        failures.append(dict(repository=d["repository"], deployment=d, cause="rollback", issue_number=None,
                             started=d["deployed"], recovered=n["deployed"] if n["deployed"] < until else None))
    recovered = [f for f in failures if f["recovered"]]
    recovery_median = median(seconds(f["recovered"] - f["started"]) for f in recovered)

    rework = {following[i]["id"] for i in failed if i in following}
    n = len(live)
    cfr = Fraction(len(failed), n) if n else None
    details = sc.get("include_details", False)
    changes_out = sorted(changes, key=lambda c: (-c["merged"].timestamp(), c["repository"], -c["number"]))
    failures_out = sorted(failures, key=lambda f: (-f["started"].timestamp(), f["repository"], f["cause"] != "incident",
                                                   -(f["issue_number"] if f["cause"] == "incident" else f["deployment"]["id"])))
    return {
        "inputs": sc,
        "deployment_frequency": compute(fixture, sc)["frequency"],
        "lead_time": {"changes": len(changes), "delivered": len(delivered), "undelivered": len(changes) - len(delivered),
                      "median_hours": hours(lead_median), "p90_hours": hours(p90(c["lead"] for c in delivered)),
                      "median_merge_to_deploy_hours": hours(median(c["merge_to_deploy"] for c in delivered)),
                      "tier": lead_time_tier(lead_median) if delivered else None},
        "change_failure_rate": {"deployments": n, "failed": len(failed), "by_incident": len(by_incident),
                                "by_rollback": len(rolled_back), "rate": float(cfr) if n else None,
                                "tier": change_failure_tier(cfr) if n else None},
        "recovery_time": {"failures": len(failures), "recovered": len(recovered),
                          "unresolved": len(failures) - len(recovered), "median_hours": hours(recovery_median),
                          "tier": recovery_tier(recovery_median) if recovered else None},
        "rework_rate": {"deployments": n, "rework": len(rework), "rate": float(Fraction(len(rework), n)) if n else None},
        "changes": [{"repository": c["repository"], "number": c["number"], "merged_at": utc(c["merged"]),
                     "deployment_id": c["deployment"]["id"] if c["deployment"] else None,
                     "lead_time_hours": hours(c["lead"]) if c["deployment"] else None}
                    for c in changes_out] if details else None,
        "failures": [{"repository": f["repository"], "deployment_id": f["deployment"]["id"] if f["deployment"] else None,
                      "cause": f["cause"], "issue_number": f["issue_number"], "started_at": utc(f["started"]),
                      "recovered_at": utc(f["recovered"]) if f["recovered"] else None}
                     for f in failures_out] if details else None,
        # Not outputs: what the numbers come from, to explain a difference.
        "explain": {"rolled_back": sorted(rolled_back), "by_incident": sorted(by_incident),
                    "rework": sorted(rework),
                    "incidents": {f"{i['repository']}#{i['number']}": i["deployment"]["id"] if i["deployment"] else None
                                  for i in incidents}},
    }


# ---- teams and groups -----------------------------------------------------------------------

def repo_sort_key(name):
    return name.lower(), name


def team_orgs(fixture):
    """Logins (lower case) of the organisations of app 1001's unsuspended installations."""
    return {i["account"]["login"].lower() for i in fixture["installations"]
            if i["app_id"] == APP and not i.get("suspended_at") and i["account"].get("type", "Organization") == "Organization"}


def teams_in_scope(fixture):
    orgs = team_orgs(fixture)
    return [t for t in fixture.get("teams") or [] if t["org"].lower() in orgs]


def team_of(fixture, org, slug):
    return next((t for t in fixture.get("teams") or [] if t["org"].lower() == org.lower() and t["slug"].lower() == slug.lower()), None)


def team_repositories(fixture, sc, team):
    """In-scope repositories granted to the team or any ancestor, by owner/name as the fixture has it."""
    in_scope = {r["full_name"].lower(): r["full_name"] for r in repositories(fixture, sc)}
    names, t = set(), team
    while t is not None:
        names |= {in_scope[n.lower()] for n in t.get("repositories") or [] if n.lower() in in_scope}
        t = team_of(fixture, t["org"], t["parent"]) if t.get("parent") else None
    return sorted(names, key=repo_sort_key)


def members_count(fixture, team):
    logins, todo = set(), [team]
    while todo:
        t = todo.pop()
        logins |= set(t.get("members") or [])
        todo += [c for c in fixture.get("teams") or [] if c["org"].lower() == t["org"].lower()
                 and (c.get("parent") or "").lower() == t["slug"].lower()]
    return len(logins)


def compute_teams(fixture, sc):
    wanted = {s.lower() for s in sc["teams"]} if "teams" in sc else None
    out = []
    for t in teams_in_scope(fixture):
        if wanted is not None and t["slug"].lower() not in wanted:
            continue
        out.append({"slug": t["slug"], "organization": t["org"], "name": t["name"],
                    "description": t.get("description") or None, "privacy": t["privacy"],
                    "parent": t.get("parent") or None, "members_count": members_count(fixture, t),
                    "repositories": team_repositories(fixture, sc, t)})
    return {"inputs": sc, "teams": sorted(out, key=lambda t: (t["slug"], t["organization"]))}


def read_scope(fixture, sc):
    """The read's repositories: the scope, narrowed by repositories, then by teams (intersection)."""
    repos = [r["full_name"] for r in narrowed(repositories(fixture, sc), sc)]
    if "teams" in sc:
        wanted = {s.lower() for s in sc["teams"]}
        of_teams = {n.lower() for t in teams_in_scope(fixture) if t["slug"].lower() in wanted
                    for n in team_repositories(fixture, sc, t)}
        repos = [n for n in repos if n.lower() in of_teams]
    return repos


def groups_of(fixture, sc, repos):
    """Group key → the read's repositories in it (non-empty groups only)."""
    groups = {}
    if sc.get("group_by") == "team":
        for t in teams_in_scope(fixture):
            names = {n.lower() for n in team_repositories(fixture, sc, t)}
            groups.setdefault(t["slug"], set()).update(n for n in repos if n.lower() in names)
    elif sc.get("group_by") == "topic":
        topics = {r["full_name"]: r.get("topics") or [] for r in fixture["repositories"]}
        for n in repos:
            for topic in topics[n]:
                groups.setdefault(topic, set()).add(n)
    return {k: sorted(v, key=repo_sort_key) for k, v in groups.items() if v}


def with_groups(fixture, sc, whole, keys):
    """Run whole (compute or compute_dora) over the read's scope, adding groups when group_by is set."""
    repos = read_scope(fixture, sc)
    inner = {k: v for k, v in sc.items() if k not in ("teams", "group_by")}
    if "teams" in sc:
        inner["repositories"] = repos
    out = whole(fixture, inner)
    out["inputs"] = sc
    if "group_by" in sc:
        groups = groups_of(fixture, sc, repos)
        out["groups"] = {k: {f: v for f, v in whole(fixture, {**inner, "repositories": names}).items() if f in keys}
                         for k, names in sorted(groups.items())}
        grouped = {n for names in groups.values() for n in names}
        out["ungrouped_repositories"] = sorted((n for n in repos if n not in grouped), key=repo_sort_key)
    return out


DEPLOYMENT_GROUP_KEYS = ("total_count", "successful_count", "failed_count", "frequency", "weekly")
DORA_GROUP_KEYS = ("deployment_frequency", "lead_time", "change_failure_rate", "recovery_time", "rework_rate")


def render(fixture):
    out = {name: compute(fixture, sc) for name, sc in SCENARIOS.items()}
    out["dora_scenarios"] = {name: compute_dora(fixture, sc) for name, sc in DORA_SCENARIOS.items()}
    out["teams_scenarios"] = {name: compute_teams(fixture, sc) for name, sc in TEAMS_SCENARIOS.items()}
    out["group_scenarios"] = {name: with_groups(fixture, sc, compute, DEPLOYMENT_GROUP_KEYS)
                              for name, sc in GROUP_SCENARIOS.items()}
    out["dora_group_scenarios"] = {name: with_groups(fixture, sc, compute_dora, DORA_GROUP_KEYS)
                                   for name, sc in DORA_GROUP_SCENARIOS.items()}
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
        group, (scenario, _, field) = "", p.partition(".")
        if scenario == "dora_scenarios" and field:
            group, (scenario, _, field) = "DORA ", field.partition(".")
        print(f"  {group}scenario {scenario}, {field or '(whole scenario)'}: oracle.json has {json.dumps(a)[:120]}, "
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


# ---- --selftest: the DORA definitions on small hand-made fixtures ---------------------------

def _t(s):
    """"MM-DD HH:MM[:SS]" in 2026, UTC, as the fixture spells times."""
    if "T" in s:
        return s
    day, clock = s.split()
    return f"2026-{day}T{clock}{':00' if clock.count(':') == 1 else ''}Z"


def _dep(id, sha, created, live=None, env="production", ref="main", ok=True, flag=True):
    """A deployment; live: its first success status's time (default 30 minutes after created)."""
    live = live or utc(ts(_t(created)) + timedelta(minutes=30))
    statuses = [{"id": id * 10, "state": "success" if ok else "failure", "creator": "ci", "created_at": _t(live)}]
    return {"id": id, "sha": sha, "ref": ref, "task": "deploy", "environment": env, "production_environment": flag,
            "transient_environment": False, "creator": "ci", "created_at": _t(created), "statuses": statuses}


def _pr(number, merged, sha="", base="main", first=None, author="alice", commits=None):
    """A merged pull request (merged None: closed unmerged); first: its first commit's committer date."""
    closed = _t(merged) if merged else _t("02-01 00:00")
    if commits is None:
        commits = [{"sha": f"c{number}", "authored_at": _t(first), "committed_at": _t(first)}] if first else \
                  [{"sha": f"c{number}", "authored_at": closed, "committed_at": closed}]
    return {"number": number, "id": 9000 + number, "title": f"pr {number}", "author": author, "state": "closed",
            "base_ref": base, "head_ref": f"topic-{number}", "created_at": _t("01-01 00:00"), "updated_at": closed,
            "closed_at": closed, "merged_at": _t(merged) if merged else None, "merge_commit_sha": sha,
            "labels": [], "commits": commits}


def _issue(number, created, closed=None, labels=("incident",)):
    return {"number": number, "id": 8000 + number, "title": f"issue {number}", "author": "oncall",
            "state": "closed" if closed else "open", "created_at": _t(created),
            "updated_at": _t(closed or created), "closed_at": _t(closed) if closed else None, "labels": list(labels)}


def _fixture(*repos):
    owners = sorted({name.split("/")[0] for name, _ in repos})
    return {"apps": [], "installations": [{"id": i, "app_id": APP, "account": {"login": o}, "repository_selection": "all"}
                                          for i, o in enumerate(owners)],
            "repositories": [{"full_name": name, "visibility": "private", "archived": False, "fork": False,
                              "default_branch": "main", "environments": [], **kw} for name, kw in repos]}


def _sc(since="03-02 00:00", until="03-09 00:00", **kw):
    return {"prod": ["production"], "since": _t(since), "until": _t(until), "tz": "UTC", "include_details": True, **kw}


class _Checks:
    def __init__(self):
        self.failed, self.count = [], 0

    def eq(self, what, got, want):
        self.count += 1
        if isinstance(want, float) and isinstance(got, float) and abs(got - want) < 1e-9:
            return
        if got != want:
            self.failed.append(f"{what}: got {got!r}, want {want!r}")

    def outputs(self, what, out, **want):
        """Compare the named outputs; a dict in want compares just the keys it has."""
        for k, v in want.items():
            if isinstance(v, dict):
                for kk, vv in v.items():
                    self.eq(f"{what}: {k}.{kk}", out[k].get(kk), vv)
            else:
                self.eq(f"{what}: {k}", out[k], v)


def _worked_example(c):
    """The metric definitions guide's worked example, every number as the guide states it."""
    api = dict(deployments=[_dep(101, "aaa", "03-02 10:00"), _dep(102, "bbb", "03-03 15:00"),
                            _dep(103, "aaa", "03-03 16:00"), _dep(104, "ccc", "03-05 09:00", ref="refs/heads/main"),
                            _dep(105, "ddd", "03-06 10:00")],
               pull_requests=[_pr(11, "03-02 08:00", "aaa", first="03-01 12:00"),
                              _pr(12, "03-03 14:00", "bbb", first="03-03 09:00"),
                              _pr(13, "03-04 12:00", "eee", first="03-04 10:00"),
                              _pr(14, "03-05 20:00", "fff", base="release", first="03-05 18:00"),
                              _pr(15, "03-06 12:00", "ggg", first="03-06 11:00", author="dependabot[bot]"),
                              _pr(16, "03-08 20:00", "hhh", first="03-08 16:00")],
               issues=[_issue(7, "03-05 11:00", "03-05 13:30")])
    web = dict(deployments=[], issues=[_issue(3, "03-07 08:00")])
    fx = _fixture(("acme/api", api), ("acme/web", web))
    out = compute_dora(fx, _sc())
    c.outputs("worked example", out,
              lead_time=dict(changes=5, delivered=4, undelivered=1, median_hours=19.5, p90_hours=23.5,
                             median_merge_to_deploy_hours=8.5, tier="elite"),
              change_failure_rate=dict(deployments=5, failed=2, by_incident=1, by_rollback=1, rate=0.4, tier="low"),
              recovery_time=dict(failures=3, recovered=2, unresolved=1, median_hours=1.75, tier="high"),
              rework_rate=dict(deployments=5, rework=2, rate=0.4))
    c.eq("worked example: changes", [(x["number"], x["deployment_id"], x["lead_time_hours"]) for x in out["changes"]],
         [(16, None, None), (14, 105, 16.5), (13, 104, 23.5), (12, 102, 6.5), (11, 101, 22.5)])
    c.eq("worked example: failures",
         [(f["repository"], f["deployment_id"], f["cause"], f["issue_number"], f["started_at"], f["recovered_at"])
          for f in out["failures"]],
         [("acme/web", None, "incident", 3, _t("03-07 08:00"), None),
          ("acme/api", 104, "incident", 7, _t("03-05 11:00"), _t("03-05 13:30")),
          ("acme/api", 102, "rollback", None, _t("03-03 15:30"), _t("03-03 16:30"))])
    bots = compute_dora(fx, _sc(include_bots=True))
    c.outputs("worked example, bots included", bots,
              lead_time=dict(changes=6, delivered=4, undelivered=2, median_hours=19.5, tier="elite"))
    c.eq("worked example, bots included: the bot's change", bots["changes"][1]["number"], 15)
    c.eq("include_details false: changes", compute_dora(fx, _sc(include_details=False))["changes"], None)
    c.eq("include_details false: failures", compute_dora(fx, _sc(include_details=False))["failures"], None)


def _delivery(c):
    """Delivered by sha, by base branch, by time only, undelivered; where lead time starts."""
    a = dict(deployments=[
        _dep(1, "s1", "03-02 09:00"),                                   # before every merge
        _dep(2, "x", "03-02 10:00", ref="main"),                         # at #2's merge: delivers by branch
        _dep(3, "s1", "03-02 11:00", ok=False),                         # s1, but never live
        _dep(4, "s1", "03-02 12:00"),                                   # #1's merge commit
        _dep(5, "t1", "03-02 13:00", ref="refs/tags/release"),          # a tag is no branch
        _dep(6, "t2", "03-02 14:00", ref="refs/heads/release"),
        _dep(7, "t3", "03-02 23:59", live="03-03 00:10"),               # created in the window, live after it
    ], pull_requests=[
        _pr(1, "03-02 10:00", "s1", first="03-02 08:00"),              # sha beats the earlier branch match
        _pr(2, "03-02 10:00", "nope", first="03-02 09:00"),            # deployment created at merged_at counts
        _pr(3, "03-02 10:00", "", base="release"),                     # no sha: branch, refs/heads/ dropped
        _pr(4, "03-02 12:30", "", base="Release"),                     # refs are case-sensitive: time only
        _pr(5, "03-02 23:00", "q", first="03-02 23:30"),               # first commit after the merge (rebased)
        _pr(6, "03-02 23:59:30", "q"),                                 # nothing after it: undelivered
        _pr(7, None, "s1"),                                            # closed unmerged: no change
        _pr(8, "03-01 23:59:59", "s1"),                                # merged before since
        _pr(9, "03-02 00:00", "zz", commits=[]),                       # at since: a change; no commits
        _pr(10, "03-03 00:00", "s1"),                                  # at until: not
        _pr(11, "03-02 11:30", "t1", base="main", commits=[
            {"sha": "k1", "authored_at": _t("03-02 10:00"), "committed_at": _t("03-02 10:00")},
            {"sha": "k2", "authored_at": _t("03-02 09:00"), "committed_at": _t("03-02 09:00")}]),
    ])
    b = dict(deployments=[], pull_requests=[_pr(1, "03-02 10:00", "s1")])  # another repository's deployments do not deliver
    out = compute_dora(_fixture(("t/a", a), ("t/b", b)), _sc(until="03-03 00:00"))
    got = {(x["repository"], x["number"]): (x["deployment_id"], x["lead_time_hours"]) for x in out["changes"]}
    c.eq("delivery", got, {
        ("t/a", 1): (4, 4.5), ("t/a", 2): (2, 1.5), ("t/a", 3): (6, 4.5), ("t/a", 4): (5, 1.0),
        ("t/a", 5): (7, 70 / 60), ("t/a", 6): (None, None), ("t/a", 9): (1, 9.5),
        ("t/a", 11): (5, 3.5),      # the first listed commit (10:00), not the oldest date; sha t1 though a tag
        ("t/b", 1): (None, None)})
    c.outputs("delivery", out, lead_time=dict(changes=9, delivered=7, undelivered=2))


def _bots(c):
    r = dict(deployments=[_dep(1, "s", "03-02 12:00")],
             pull_requests=[_pr(1, "03-02 10:00", "s", author="dependabot[bot]"),
                            _pr(2, "03-02 11:00", "s", author="botanist"),
                            _pr(3, "03-02 11:00", "s", author="renovate[bot]")])
    fx = _fixture(("t/a", r))
    c.eq("bots out", [x["number"] for x in compute_dora(fx, _sc())["changes"]], [2])
    c.eq("bots in", [x["number"] for x in compute_dora(fx, _sc(include_bots=True))["changes"]], [3, 2, 1])


def _reads(c):
    """Scope, narrowing, labels (case, several, none), the window of incidents, pull requests' labels."""
    pr = _pr(20, "03-02 10:00", "s")
    pr["labels"] = ["incident"]
    a = dict(deployments=[_dep(1, "s", "03-02 09:00")], pull_requests=[pr], issues=[
        _issue(1, "03-02 10:00", labels=["INCIDENT"]),
        _issue(2, "03-02 11:00", labels=["Incident", "sev1"]),
        _issue(3, "03-02 12:00", labels=["bug"]),
        _issue(4, "03-01 23:59:59"),
        _issue(5, "03-09 00:00"),
        _issue(6, "03-02 00:00", labels=["bug", "SEV1"])])
    archived = dict(archived=True, deployments=[], pull_requests=[_pr(1, "03-02 10:00")], issues=[_issue(9, "03-02 10:00")])
    other = dict(deployments=[], pull_requests=[_pr(1, "03-02 10:00")], issues=[_issue(9, "03-02 10:00")])
    fx = _fixture(("t/a", a), ("t/archived", archived), ("t/other", other))

    def incidents(sc):
        return sorted((f["repository"], f["issue_number"]) for f in compute_dora(fx, sc)["failures"])

    c.eq("default label", incidents(_sc()), [("t/a", 1), ("t/a", 2), ("t/other", 9)])
    c.eq("two labels, each issue once", incidents(_sc(incident_labels=["incident", "Sev1"])),
         [("t/a", 1), ("t/a", 2), ("t/a", 6), ("t/other", 9)])
    c.eq("no labels: no incidents", incidents(_sc(incident_labels=[])), [])
    c.eq("narrowed", incidents(_sc(repositories=["T/A"])), [("t/a", 1), ("t/a", 2)])
    c.eq("narrowed changes", [x["repository"] for x in compute_dora(fx, _sc(repositories=["T/A"]))["changes"]], ["t/a"])
    c.eq("archived out", sorted(x["repository"] for x in compute_dora(fx, _sc())["changes"]), ["t/a", "t/other"])


def _attribution(c):
    """Incidents: before any deployment of the window, at the second of going live, several on one."""
    r = dict(deployments=[
        _dep(1, "a", "03-01 23:50", live="03-02 00:10"),            # created before since: never attributed
        _dep(2, "b", "03-02 01:00", live="03-02 01:30"),
        _dep(3, "c", "03-02 01:10", live="03-02 01:30", env="prod-eu"),  # same second, higher id, other stream
        _dep(4, "d", "03-02 02:00", live="03-02 03:00"),
    ], issues=[
        _issue(1, "03-02 00:20", "03-02 00:50"),   # no deployment of the window live yet: unattributed
        _issue(2, "03-02 01:30", "03-02 02:00"),   # at the second 2 and 3 went live: 3
        _issue(3, "03-02 02:30"),                  # 4 created, not live yet: 3 again; open
        _issue(4, "03-02 04:00", "03-03 00:00"),   # closed at until: unresolved
    ])
    out = compute_dora(_fixture(("t/a", r)), _sc(prod=["production", "prod-eu"], until="03-03 00:00"))
    c.eq("attribution", out["explain"]["incidents"], {"t/a#1": None, "t/a#2": 3, "t/a#3": 3, "t/a#4": 4})
    c.outputs("attribution", out,
              change_failure_rate=dict(deployments=3, failed=2, by_incident=2, by_rollback=0, rate=2 / 3, tier="low"),
              recovery_time=dict(failures=4, recovered=2, unresolved=2, median_hours=0.5, tier="elite"),
              rework_rate=dict(deployments=3, rework=0, rate=0.0))


def _rollbacks(c):
    """Rollback vs redeploy, per stream, within the window; recovery of a rollback, and rework."""
    r = dict(deployments=[
        _dep(1, "old", "03-01 12:00"),                       # before the window: returning to it is no rollback
        _dep(2, "x", "03-02 01:00"), _dep(3, "y", "03-02 02:00"), _dep(4, "old", "03-02 03:00"),
        _dep(5, "y", "03-02 04:00"),                         # 4 rolled back to y (3's)
        _dep(6, "y", "03-02 05:00"),                         # a redeploy of 5's sha: 5 not rolled back
        _dep(7, "z", "03-02 06:00"), _dep(8, "y", "03-02 23:50", live="03-03 00:30"),  # 7 rolled back, recovered after until
        _dep(11, "p", "03-02 01:00", env="prod-eu"), _dep(12, "x", "03-02 02:00", env="prod-eu"),
        _dep(13, "p", "03-02 03:00", env="prod-eu", ok=False),  # never live: not a deployment here
        _dep(14, "q", "03-02 04:00", env="prod-eu"), _dep(15, "p", "03-02 05:00", env="prod-eu", live="03-02 04:00"),
    ])
    out = compute_dora(_fixture(("t/a", r)), _sc(prod=["production", "prod-eu"], until="03-03 00:00"))
    c.eq("rolled back", out["explain"]["rolled_back"], [4, 7, 14])
    c.eq("rework", out["explain"]["rework"], [5, 8, 15])
    c.eq("rollback failures",
         [(f["deployment_id"], f["started_at"], f["recovered_at"]) for f in out["failures"]],
         [(7, _t("03-02 06:30"), None), (14, _t("03-02 04:30"), _t("03-02 04:00")),
          (4, _t("03-02 03:30"), _t("03-02 04:30"))])
    c.outputs("rollbacks", out, change_failure_rate=dict(deployments=11, failed=3, by_rollback=3, tier="low"),
              recovery_time=dict(failures=3, recovered=2, unresolved=1, median_hours=0.25, tier="elite"))
    # The flag fallback merges Production and production into one stream.
    f = dict(deployments=[_dep(1, "a", "03-02 01:00", env="Production"), _dep(2, "b", "03-02 02:00", env="production"),
                          _dep(3, "a", "03-02 03:00", env="PRODUCTION")])
    c.eq("one stream across spellings", compute_dora(_fixture(("t/a", f)), _sc(prod=[]))["explain"]["rolled_back"], [2])


def _both_causes(c):
    """A deployment rolled back and attributed an incident; rework that fails; a failure with no next."""
    r = dict(deployments=[_dep(1, "a", "03-02 01:00"), _dep(2, "b", "03-02 02:00"), _dep(3, "a", "03-02 03:00"),
                          _dep(4, "c", "03-02 04:00"), _dep(5, "d", "03-02 05:00")],
             issues=[_issue(1, "03-02 02:45", "03-02 03:15"),   # on 2, which 3 also rolls back
                     _issue(2, "03-02 03:40", "03-02 04:40"),   # on 3, itself rework
                     _issue(3, "03-02 06:00", "03-02 07:00")])  # on 5, the last: no rework after it
    out = compute_dora(_fixture(("t/a", r)), _sc(until="03-03 00:00"))
    c.outputs("both causes", out,
              change_failure_rate=dict(deployments=5, failed=3, by_incident=3, by_rollback=1, rate=0.6),
              recovery_time=dict(failures=3, recovered=3, unresolved=0, median_hours=1.0),
              rework_rate=dict(deployments=5, rework=2, rate=0.4))
    c.eq("both causes: one failure, the incident", [(f["cause"], f["deployment_id"]) for f in out["failures"]],
         [("incident", 5), ("incident", 3), ("incident", 2)])
    c.eq("both causes: rework", out["explain"]["rework"], [3, 4])


def _percentiles(c):
    """Lead times of 1..n hours: medians average the middle two, p90 is the ⌈0.9·n⌉-th."""
    for n, med, p in ((1, 1.0, 1.0), (2, 1.5, 2.0), (10, 5.5, 9.0)):
        r = dict(deployments=[_dep(1, "s", "03-02 20:00", live="03-02 20:00")],
                 pull_requests=[_pr(k, utc(ts(_t("03-02 20:00")) - timedelta(hours=k)), "s") for k in range(1, n + 1)])
        out = compute_dora(_fixture(("t/a", r)), _sc())
        c.outputs(f"{n} lead times", out, lead_time=dict(delivered=n, median_hours=med, p90_hours=p,
                                                          median_merge_to_deploy_hours=med))
    c.eq("p90 of 4", p90([1, 2, 3, 4]), 4)
    c.eq("p90 of 11", p90(list(range(1, 12))), 10)
    c.eq("median of none", median([]), None)


def _tiers(c):
    h = 3600
    for s, want in ((24 * h - 1, "elite"), (24 * h, "high"), (168 * h - 1, "high"), (168 * h, "medium"),
                    (730 * h - 1, "medium"), (730 * h, "low")):
        c.eq(f"lead time tier at {s} s", lead_time_tier(s), want)
    for n, d, want in ((0, 5, "elite"), (1, 20, "elite"), (1, 19, "high"), (2, 20, "high"), (3, 20, "medium"),
                       (2, 13, "low")):
        c.eq(f"change failure tier at {n}/{d}", change_failure_tier(Fraction(n, d)), want)
    for s, want in ((h - 1, "elite"), (h, "high"), (24 * h - 1, "high"), (24 * h, "medium"), (168 * h - 1, "medium"),
                    (168 * h, "low")):
        c.eq(f"recovery tier at {s} s", recovery_tier(s), want)
    # Through the whole computation: 1 failed of 20 is elite (0.05 exactly); medians of 23 h and 25 h are 24 h, high.
    r = dict(deployments=[_dep(k, f"s{k}", f"03-02 {k:02}:00") for k in range(1, 21)]
             + [_dep(21, "m", "03-04 00:00", live="03-04 00:00")],
             pull_requests=[_pr(1, "03-02 23:00", "m", first="03-02 23:00"), _pr(2, "03-03 01:00", "m")],
             issues=[_issue(5, "03-02 05:00", "03-02 06:00")])
    r["deployments"] = r["deployments"][:19] + r["deployments"][20:]   # 19 the day before, and 21: 20 in all
    out = compute_dora(_fixture(("t/a", r)), _sc())
    c.outputs("1 of 20", out, change_failure_rate=dict(deployments=20, failed=1, rate=0.05, tier="elite"),
              recovery_time=dict(median_hours=1.0, tier="high"),
              lead_time=dict(median_hours=24.0, p90_hours=25.0, tier="high"))


def _ordering(c):
    """Ties in the details lists: repository ascending, then number (changes) descending; incidents before
    rollbacks, then issue number or deployment id descending."""
    r = dict(deployments=[_dep(1, "a", "03-02 01:00", live="03-02 01:00"), _dep(2, "b", "03-02 02:00", live="03-02 02:00"),
                          _dep(3, "a", "03-02 03:00"), _dep(4, "c", "03-02 04:00"),
                          _dep(5, "d", "03-02 01:00", env="prod-eu", live="03-02 02:00"),
                          _dep(6, "e", "03-02 01:30", env="prod-eu", live="03-02 02:00"),
                          _dep(7, "d", "03-02 03:00", env="prod-eu"),
                          _dep(21, "f", "03-02 01:00", env="canary", live="03-02 01:00"),
                          _dep(22, "g", "03-02 01:40", env="canary", live="03-02 02:00"),
                          _dep(23, "f", "03-02 03:00", env="canary")],
             pull_requests=[_pr(11, "03-02 10:00"), _pr(13, "03-02 10:00"), _pr(12, "03-02 10:00")],
             issues=[_issue(1, "03-02 02:00"), _issue(2, "03-02 02:00")])
    s = dict(deployments=[], pull_requests=[_pr(8, "03-02 10:00")], issues=[_issue(9, "03-02 02:00")])
    out = compute_dora(_fixture(("t/b", r), ("t/a", s)), _sc(prod=["production", "prod-eu", "canary"]))
    c.eq("changes order", [(x["repository"], x["number"]) for x in out["changes"]],
         [("t/a", 8), ("t/b", 13), ("t/b", 12), ("t/b", 11)])
    c.eq("failures order", [(f["repository"], f["cause"], f["issue_number"], f["deployment_id"]) for f in out["failures"]],
         [("t/a", "incident", 9, None), ("t/b", "incident", 2, 22), ("t/b", "incident", 1, 22),
          ("t/b", "rollback", None, 6), ("t/b", "rollback", None, 2)])
    c.eq("ordering: rolled back", out["explain"]["rolled_back"], [2, 6, 22])


def _nothing(c):
    out = compute_dora(_fixture(("t/a", dict(deployments=[]))), _sc())
    c.outputs("nothing", out,
              lead_time=dict(changes=0, delivered=0, median_hours=None, p90_hours=None, median_merge_to_deploy_hours=None,
                             tier=None),
              change_failure_rate=dict(deployments=0, failed=0, rate=None, tier=None),
              recovery_time=dict(failures=0, median_hours=None, tier=None), rework_rate=dict(deployments=0, rate=None))


def _teams(c):
    """Inheritance, an out-of-scope grant, teams ∩ repositories, a repository in two groups."""
    dep = [_dep(1, "a1", "03-03 10:00", "03-03 10:05")]
    fx = _fixture(("t/a", dict(deployments=dep, topics=["x", "y"])), ("t/b", dict(deployments=[], topics=["x"])),
                  ("t/old", dict(deployments=[], archived=True)))
    fx["teams"] = [
        {"org": "t", "slug": "parent", "name": "P", "privacy": "closed", "members": ["ann"], "repositories": ["t/a", "t/old"]},
        {"org": "t", "slug": "child", "name": "C", "privacy": "secret", "parent": "parent", "members": ["ann", "bo"]},
        {"org": "t", "slug": "both", "name": "B", "privacy": "closed", "parent": "parent", "repositories": ["t/a", "t/b"]},
    ]
    teams = {t["slug"]: t for t in compute_teams(fx, {})["teams"]}
    c.eq("a child with no grants inherits", teams["child"]["repositories"], ["t/a"])
    c.eq("granted to parent and child, once", teams["both"]["repositories"], ["t/a", "t/b"])
    c.eq("the archived grant is out of scope", teams["parent"]["repositories"], ["t/a"])
    c.eq("members_count counts child teams' members once", teams["parent"]["members_count"], 2)
    c.eq("no description is null", teams["child"]["description"], None)
    sc = _sc(teams=["CHILD"], repositories=["t/a", "t/b"], group_by="topic")
    out = with_groups(fx, sc, compute, DEPLOYMENT_GROUP_KEYS)
    c.eq("teams ∩ repositories", sorted(out["groups"]), ["x", "y"])
    c.eq("teams ∩ repositories: the whole", out["successful_count"], 1)
    out = with_groups(fx, _sc(group_by="team"), compute, DEPLOYMENT_GROUP_KEYS)
    c.eq("a repository in two groups counts in both", [out["groups"][k]["successful_count"] for k in sorted(out["groups"])],
         [1, 1, 1])
    c.eq("every in-scope repository is in a group", out["ungrouped_repositories"], [])
    out = with_groups(fx, _sc(group_by="topic", repositories=["t/b"]), compute_dora, DORA_GROUP_KEYS)
    c.eq("groups over the read's scope only", sorted(out["groups"]), ["x"])


def selftest():
    c = _Checks()
    for case in (_worked_example, _delivery, _bots, _reads, _attribution, _rollbacks, _both_causes, _percentiles,
                 _tiers, _ordering, _nothing, _teams):
        case(c)
    for f in c.failed:
        print(f"selftest: {f}", file=sys.stderr)
    print(f"selftest: {c.count - len(c.failed)} of {c.count} checks pass", file=sys.stderr if c.failed else sys.stdout)
    return 1 if c.failed else 0


def main(argv):
    if argv == ["--selftest"]:
        return selftest()
    with open(os.path.join(HERE, "fixture.json")) as f:
        fixture = json.load(f)
    out, text = render(fixture)
    if argv == ["--check"]:
        return check(out, text)
    if argv:
        print("usage: oracle.py [--check | --selftest]", file=sys.stderr)
        return 2
    with open(OUT, "w") as f:
        f.write(text)
    for name, o in out.items():
        if name in ("dora_scenarios", "teams_scenarios", "group_scenarios", "dora_group_scenarios"):
            continue
        print(f"{name}: total {o['total_count']} ok {o['successful_count']} failed {o['failed_count']} "
              f"per_week {o['frequency']['per_week']:.3f} median {o['frequency']['median_days_per_week']} {o['frequency']['dora_tier']}")
    for name, o in out["dora_scenarios"].items():
        lt, cfr, rt, rw = o["lead_time"], o["change_failure_rate"], o["recovery_time"], o["rework_rate"]
        print(f"{name}: changes {lt['changes']} delivered {lt['delivered']} median {fmt(lt['median_hours'])} h "
              f"p90 {fmt(lt['p90_hours'])} h {lt['tier']}; cfr {cfr['failed']}/{cfr['deployments']} "
              f"(incident {cfr['by_incident']}, rollback {cfr['by_rollback']}) {cfr['tier']}; recovery "
              f"{rt['recovered']}/{rt['failures']} median {fmt(rt['median_hours'])} h {rt['tier']}; "
              f"rework {rw['rework']}/{rw['deployments']}")
    return 0


def fmt(x):
    return "null" if x is None else f"{x:.3f}"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
