// Package metrics computes deployment frequency from production
// deployments, and the other DORA keys and rework rate from deployments,
// merged pull requests and incident issues (ComputeDORA; each definition is
// on its function: LeadTimes, ChangeFailures, Recovery, Rework), as pure
// functions of their data. The definitions are also in the metric
// definitions guide, templates/guides/metric-definitions.md.tmpl, whose
// worked example TestGuideWorkedExample checks.
//
// Definitions (DESIGN §2, data source dxgh_deployments):
//   - A deployment is in the window when created_at ∈ [since, until).
//   - state is the state of its newest status, by created_at then ID.
//   - deployed_at is the created_at of its first "success" status.
//   - successful: it reached "success" at any point (a later "inactive" or
//     "failure" does not undo that). failed: its newest state is "failure"
//     or "error". A deployment can be both.
//   - per_day = successful ÷ window length in days (fractional);
//     per_week = 7 × per_day; per_month = 30.436875 × per_day.
//   - Days are calendar dates in the window's time zone, and a deployment's
//     day is that of its created_at. The window's dates run from since's date
//     to the date of the last instant before until.
//   - deployment_days = distinct dates with at least one successful deployment.
//   - median_days_per_week = median over consecutive 7-day blocks of dates
//     starting at since's date (a trailing partial block is dropped unless it
//     is the only one) of the deployment days in each block; an even number
//     of blocks averages the two middle values. Summary.Weekly lists every
//     block, the dropped one too (marked), and the median reads that list.
//   - dora_tier (DORA's bands, measured the way Four Keys does): elite when
//     median_days_per_week ≥ 3, high when ≥ 1, medium when per_month ≥ 1,
//     else low.
//
// ByEnvironment is keyed by Deployment.Environment as given: callers decide
// how case variants of a name are grouped, and the same key names the
// deployment's stream for the DORA keys.
package metrics
