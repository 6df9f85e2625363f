//! `probe --target PROFILE`: a few read-only requests, and a profile fragment that says what
//! the target does where the vendor is silent ([`crate::check::conventions`],
//! [`crate::report::fragment`]).
//!
//! The requests are the profile's own documented cases, one per operation the spec does not
//! flag as state-changing, plus two copies of one of them with a header broken (one without
//! `X-KM-Tran-Time`, one with an access key nobody issued). No state-changing operation is
//! ever sent, whatever the profile's environment: a probe must be safe before the first run.

use super::inputs::load;
use super::options::{Options, Stopped};
use super::run::{plan, runner};
use super::target::Target;
use crate::case::Case;
use crate::check::conventions::{self, Conventions, Observed, Purpose};
use crate::plan::{Planned, Task};
use crate::report::fragment::{self, Probed};
use crate::report::{Event, Reporters, Started};
use crate::spec::Spec;
use crate::spec::protocol::header as names;

/// What a probe found.
#[derive(Debug, Clone)]
pub struct Probe {
    /// The conventions, settled or not.
    pub conventions: Conventions,
    /// The commented profile fragment, masked.
    pub fragment: String,
    /// The operations requests went to.
    pub operations: Vec<String>,
}

/// Probes the target the options name; `reporters` hear of each request as it is answered.
pub fn probe(options: &Options, reporters: &Reporters) -> Result<Probe, Stopped> {
    let options = Options {
        generated: false,
        ..options.clone()
    };
    let mut inputs = load(&options)?;
    let planned = plan(&options, &mut inputs, &Reporters::new())?.trials;
    let requests = requests(&inputs.spec, &planned);
    if requests.is_empty() {
        return Err(Stopped::input(
            "error: no documented case of a read-only operation to build probe requests from",
        ));
    }
    let mut target = Target::start(&inputs.profile, inputs.base_url.clone(), false)?;
    let (runner, masker) = runner(&options, &inputs, &target)?;
    reporters.emit(&Event::Started(&Started {
        command: "probe",
        planned: requests.len(),
    }));
    let observed: Vec<Observed> = requests
        .iter()
        .map(|(purpose, case)| {
            let judged =
                runner
                    .rt
                    .block_on(runner.exchange(&case.operation, &case.request, &case.expect));
            reporters.emit(&Event::Sent {
                operation: &case.operation,
            });
            Observed {
                purpose: *purpose,
                operation: case.operation.clone(),
                encrypted_in_spec: inputs
                    .spec
                    .operation(&case.operation)
                    .is_some_and(|op| op.encryption.response),
                exchange: judged.sent.exchange,
                error: judged.sent.error.map(|e| e.kind),
            }
        })
        .collect();
    target.shutdown();
    let conventions = conventions::settle(&observed);
    let mut operations: Vec<String> = Vec::new();
    for (_, case) in &requests {
        if !operations.contains(&case.operation) {
            operations.push(case.operation.clone());
        }
    }
    let text = fragment::render(
        &Probed {
            target: &target.base_url,
            profile: &inputs.profile.path.display().to_string(),
            operations: &operations,
            requests: requests.len(),
        },
        &conventions,
    );
    Ok(Probe {
        conventions,
        fragment: masker.text(&text),
        operations,
    })
}

/// One documented case per read-only operation (a success case where there is one), then the
/// two header probes built from the first of them whose request travels plain.
pub fn requests(spec: &Spec, planned: &[Planned]) -> Vec<(Purpose, Case)> {
    let mut plain: Vec<Case> = Vec::new();
    for op in spec.operations.iter().filter(|op| !op.state_changing) {
        let cases: Vec<&Case> = planned
            .iter()
            .filter(|p| p.refused.is_none())
            .filter_map(|p| match &p.task {
                Task::Run(c) if c.operation == op.id && c.request.headers.is_empty() => Some(&**c),
                _ => None,
            })
            .collect();
        let best = cases
            .iter()
            .find(|c| c.expect.status == Some(200))
            .or(cases.first());
        plain.extend(best.map(|c| (*c).clone()));
    }
    let base = plain
        .iter()
        .find(|c| {
            spec.operation(&c.operation)
                .is_some_and(|op| !op.encryption.request)
        })
        .or(plain.first())
        .cloned();
    let mut out: Vec<(Purpose, Case)> = plain.into_iter().map(|c| (Purpose::Plain, c)).collect();
    if let Some(base) = base {
        let mut malformed = base.clone();
        malformed
            .request
            .headers
            .push((names::TRAN_TIME.to_string(), None));
        out.push((Purpose::Malformed, malformed));
        let mut unauthorized = base;
        let key = format!("{:0<40}", "KPPROBEUNKNOWNACCESSKEY");
        unauthorized
            .request
            .headers
            .push((names::ACCESS_KEY.to_string(), Some(key)));
        out.push((Purpose::Unauthorized, unauthorized));
    }
    out
}
