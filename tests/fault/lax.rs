//! Lax servers ([`support::lax`]): a target that skips one check must fail exactly the cases
//! that probe it, on a documented expectation where the pages state it, and nothing else may
//! change, whatever the order of the trials.
//!
//! These run the documented and generated cases through the library, one at a time in a chosen
//! order, against the fault proxy in front of a fresh reference mock: the order is then the
//! test's to choose (the binary's parallel trials would choose it for us).

use crate::support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use konaplate_conformance::case::{self, Case};
use konaplate_conformance::generate;
use konaplate_conformance::outcome::{Failure, Outcome, Verdict};
use konaplate_conformance::{profile, spec};
use support::fault::{CORRELATION, Fault, FaultServer, Injected, Mutation, Target};
use support::lax::Lax;

/// Where the request bodies carry a `userId`.
const USER_IDS: &[&str] = &["/userId", "/userInfo/userId"];

/// The documented cases and the generated ones, as `run` plans them with the mock profile.
fn all_cases() -> Vec<Case> {
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let files = case::load_dir(Path::new("cases"), &spec, &profile).unwrap();
    let generated = generate::generate(&spec, &files, &profile);
    let mut cases: Vec<Case> = files.into_iter().flat_map(|f| f.cases).collect();
    cases.extend(generated.cases);
    cases.sort_by_cached_key(Case::name);
    cases
}

/// What a case came to, without the values that differ from run to run: the verdict and, for
/// each failure and warning, its check, place and basis.
fn seen_as(o: &Outcome) -> String {
    let line = |f: &Failure| {
        format!(
            "{} at {} ({})",
            f.check.name(),
            f.path,
            f.assumption.map_or("documented", |a| a.name())
        )
    };
    let verdict = match &o.verdict {
        Verdict::Pass => "pass".to_string(),
        Verdict::Fail { failures } => {
            let mut lines: Vec<String> = failures.iter().map(line).collect();
            lines.sort();
            format!("fail: {}", lines.join("; "))
        }
        other => format!("{other:?}"),
    };
    let mut warnings: Vec<String> = o.warnings.iter().map(line).collect();
    warnings.sort();
    if warnings.is_empty() {
        verdict
    } else {
        format!("{verdict}; warn: {}", warnings.join("; "))
    }
}

/// What one run showed: what each case came to, by name, and the cases whose requests the
/// lax server read otherwise.
struct Run {
    seen: BTreeMap<String, String>,
    read_otherwise: BTreeSet<String>,
}

/// One run: every case in `order`, one after the other, against a fresh mock behind a lax
/// server.
fn run_in_order(lax: &Lax, order: &[&Case], strict: bool) -> Run {
    let mut runner = support::runner("http://127.0.0.1:1", strict, 10_000);
    let fault = Fault {
        target: Target::every(),
        mutation: Mutation::Lax(lax.clone()),
    };
    let (mock, proxy) = runner.rt.block_on(FaultServer::before_fresh_mock(fault));
    runner.options.base_url = proxy.base_url.clone();
    let mut seen = BTreeMap::new();
    // Each request carries a fresh correlation id: it names the case that sent it.
    let mut sent_by = BTreeMap::new();
    for c in order {
        let o = runner.execute(c);
        if let Some(id) = o.exchange.as_ref().and_then(|x| {
            x.request
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(CORRELATION))
                .map(|(_, v)| v.clone())
        }) {
            sent_by.insert(id, o.name.clone());
        }
        seen.insert(o.name.clone(), seen_as(&o));
    }
    let read_otherwise = proxy
        .injected()
        .iter()
        .map(|i: &Injected| {
            sent_by
                .get(&i.correlation_id)
                .cloned()
                .unwrap_or_else(|| format!("no case sent {} to {}", i.correlation_id, i.path))
        })
        .collect();
    drop(proxy);
    drop(mock);
    Run {
        seen,
        read_otherwise,
    }
}

/// The names of the cases that did not pass cleanly.
fn noticed(seen: &BTreeMap<String, String>) -> BTreeSet<String> {
    seen.iter()
        .filter(|(_, s)| s.as_str() != "pass")
        .map(|(n, _)| n.clone())
        .collect()
}

/// The orders the cases are tried in: the run's (sorted by name), reversed, every generated
/// case first (so each can disturb the documented ones before they run), and shuffled.
fn orders(cases: &[Case]) -> Vec<(String, Vec<&Case>)> {
    let sorted: Vec<&Case> = cases.iter().collect();
    let mut reversed = sorted.clone();
    reversed.reverse();
    let (mut generated_first, documented): (Vec<&Case>, Vec<&Case>) = sorted
        .iter()
        .partition(|c| c.origin == case::Origin::Generated);
    generated_first.extend(documented);
    let mut out = vec![
        ("sorted by name".to_string(), sorted.clone()),
        ("reversed".to_string(), reversed),
        ("generated first".to_string(), generated_first),
    ];
    for seed in [1, 2, 3] {
        let mut shuffled = sorted.clone();
        fastrand::Rng::with_seed(seed).shuffle(&mut shuffled);
        out.push((format!("shuffled with seed {seed}"), shuffled));
    }
    out
}

/// A server that coerces a `userId` sent as a string (and goes on to change the fixture it
/// names) fails exactly the generated wrong-type cases of `userId`, in every order: the
/// generated cases of state-changing operations change their own fixtures, never the ones the
/// documented cases use.
pub(crate) fn a_server_that_coerces_a_string_user_id_fails_exactly_the_wrong_type_cases()
-> Result<(), String> {
    let cases = all_cases();
    let wrong_type: BTreeSet<String> = cases
        .iter()
        .map(Case::name)
        .filter(|n| n.contains("::generated::") && n.ends_with("userId::wrong-type"))
        .collect();
    if wrong_type.is_empty() {
        return Err("no generated wrong-type case of a userId".into());
    }
    let lax = Lax::CoercesUserId(USER_IDS);
    let mut problems = Vec::new();
    let mut first: Option<(String, BTreeMap<String, String>)> = None;
    for (label, order) in orders(&cases) {
        // Strict: a server is certified against every expectation, the inferred ones too.
        let Run {
            seen,
            read_otherwise: coerced,
        } = run_in_order(&lax, &order, true);
        if coerced != wrong_type {
            problems.push(format!(
                "{label}: the lax server coerced the requests of {coerced:?}, expected {wrong_type:?}"
            ));
        }
        // Each is noticed on "not accepted": the coerced request was served.
        for name in &wrong_type {
            let s = seen.get(name).map_or("not run", String::as_str);
            if !(s.starts_with("fail:") && s.contains("accepted at /response/code (")) {
                problems.push(format!(
                    "{label}: {name}: {s} (expected: fail, not accepted)"
                ));
            }
        }
        let noticed = noticed(&seen);
        if noticed != wrong_type {
            let detail: Vec<String> = noticed
                .symmetric_difference(&wrong_type)
                .map(|n| format!("{n}: {}", seen.get(n).map_or("not run", String::as_str)))
                .collect();
            problems.push(format!(
                "{label}: cases not passing cleanly are not exactly the wrong-type ones:\n    {}",
                detail.join("\n    ")
            ));
        }
        match &first {
            None => first = Some((label, seen)),
            Some((first_label, first_seen)) => {
                for (name, s) in &seen {
                    if first_seen.get(name) != Some(s) {
                        problems.push(format!(
                            "{name}: {s} when {label}, {} when {first_label}",
                            first_seen.get(name).map_or("not run", String::as_str)
                        ));
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The generated cases whose name ends with `suffix`, none of them missing.
fn generated_ending(cases: &[Case], suffix: &str) -> Result<BTreeSet<String>, String> {
    let names: BTreeSet<String> = cases
        .iter()
        .map(Case::name)
        .filter(|n| n.contains("::generated::") && n.ends_with(suffix))
        .collect();
    if names.is_empty() {
        return Err(format!("no generated case ends with {suffix:?}"));
    }
    Ok(names)
}

/// One run in the run's order (sorted by name): exactly `expected` read otherwise by the lax
/// server and not passing cleanly, each as `judged` says; every other case clean.
fn exactly(
    lax: Lax,
    strict: bool,
    expected: &BTreeSet<String>,
    judged: impl Fn(&str) -> bool,
    what: &str,
) -> Result<(), String> {
    let cases = all_cases();
    let order: Vec<&Case> = cases.iter().collect();
    let run = run_in_order(&lax, &order, strict);
    let mut problems = Vec::new();
    if &run.read_otherwise != expected {
        problems.push(format!(
            "the lax server read otherwise the requests of {:?}, expected {expected:?}",
            run.read_otherwise
        ));
    }
    let noticed = noticed(&run.seen);
    for name in noticed.symmetric_difference(expected) {
        problems.push(format!(
            "{name}: {} (expected: {})",
            run.seen.get(name).map_or("not run", String::as_str),
            if expected.contains(name) {
                what
            } else {
                "pass"
            }
        ));
    }
    for name in expected {
        let seen = run.seen.get(name).map_or("not run", String::as_str);
        if !judged(seen) {
            problems.push(format!("{name}: {seen} (expected: {what})"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// A server that never verifies the Tran-Token MAC accepts the generated `hmac-mismatch` cases
/// (their bodies would succeed): each fails on a documented expectation, in a default run,
/// not only with a warning about which code a bad header gets.
pub(crate) fn a_server_that_never_checks_the_mac_fails_the_hmac_cases_on_a_documented_fact()
-> Result<(), String> {
    let expected = generated_ending(&all_cases(), "X-KM-Tran-Token::hmac-mismatch")?;
    exactly(
        Lax::IgnoresMac,
        false,
        &expected,
        |seen| {
            seen.starts_with("fail:") && seen.contains("accepted at /response/code (documented)")
        },
        "a failure of the documented not-accepted expectation",
    )
}

/// A server that serves any method as POST answers the generated `method` cases (the success
/// request sent with a method the path does not declare) with success: each warns, naming
/// the assumption (the pages do not say how an undeclared method is answered), and fails
/// under `--strict`; every other case passes cleanly.
pub(crate) fn a_server_that_ignores_the_method_warns_and_fails_under_strict() -> Result<(), String>
{
    let expected = generated_ending(&all_cases(), "::method::put")?;
    let named = |seen: &str| seen.contains("status at  (undeclared-method)");
    exactly(
        Lax::IgnoresMethod,
        false,
        &expected,
        |seen| seen.starts_with("pass; warn:") && named(seen),
        "a pass with a warning naming undeclared-method",
    )?;
    exactly(
        Lax::IgnoresMethod,
        true,
        &expected,
        |seen| seen.starts_with("fail:") && named(seen),
        "a failure naming undeclared-method",
    )
}
