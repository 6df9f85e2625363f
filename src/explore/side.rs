//! The two sides of an exploration: the target under test and the oracle (a fresh in-process
//! reference mock, with the mock profile's fixtures). Each sends the same abstract step with
//! its own profile's values, and each can be put back to its fixtures' state when it offers
//! the mock's `POST /__admin/reset`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::step::{Arg, Step};
use crate::case::{Body, Request};
use crate::expect::Expect;
use crate::outcome::{Exchange, RunError};
use crate::pipeline::{Stopped, Target};
use crate::profile::Profile;
use crate::run::harness::{self, Runner};
use crate::spec::Spec;

/// Where the reference mock's reset is, relative to the base URL.
pub const RESET_PATH: &str = "/__admin/reset";

/// One side: its profile, its runner, and whether it can be reset.
pub struct Side {
    /// `target` or `oracle`, for messages.
    pub name: &'static str,
    /// Sends and judges on this side.
    pub runner: Runner,
    /// Whether `POST /__admin/reset` answered 200 when probed.
    pub resettable: bool,
    /// Keeps the runtime, and an embedded mock, alive.
    target: Target,
}

/// What a side answered to one step.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    /// `response.code`.
    pub code: Option<String>,
    /// The answer as JSON (decrypted).
    pub body: Option<Value>,
    /// What was sent and received.
    pub exchange: Option<Exchange>,
    /// What kept the exchange from completing.
    pub error: Option<RunError>,
    /// Not sent: an argument had no value on this side (a capture found nothing).
    pub unsent: bool,
}

/// How a side is reached and bounded.
#[derive(Debug, Clone)]
pub struct Reach {
    /// The base URL; `None` starts the reference mock in-process.
    pub base_url: Option<String>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Cap on an answer's body.
    pub body_cap: usize,
    /// Nothing is sent after it.
    pub deadline: Option<Instant>,
    /// Whether a reset may be tried: it changes state, so never on a target the safety rules
    /// keep state changes from.
    pub may_reset: bool,
}

impl Side {
    /// Starts a side for `profile` (its credentials, its encryption) at `reach`.
    pub fn start(
        name: &'static str,
        spec: Arc<Spec>,
        profile: Arc<Profile>,
        reach: &Reach,
    ) -> Result<Side, Stopped> {
        let target = Target::start(&profile, reach.base_url.clone(), false)?;
        let settings = harness::Options {
            timeout: reach.timeout,
            body_cap: reach.body_cap,
            deadline: reach.deadline,
            // No retries: a step sent twice is another sequence (a second cancel).
            ..harness::Options::new(target.base_url.clone())
        };
        let secrets = target.secrets.clone();
        let runner = Runner::new(target.rt.clone(), spec, profile, secrets, settings)
            .map_err(|m| Stopped::input(format!("error: {m}")))?;
        let mut side = Side {
            name,
            runner,
            resettable: false,
            target,
        };
        side.resettable = reach.may_reset && side.reset().is_ok();
        Ok(side)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.target.base_url
    }

    /// Whether this side is the reference mock started in-process.
    pub fn embedded(&self) -> bool {
        self.target.embedded()
    }

    /// Puts the side back to its fixtures: `POST /__admin/reset`, as JSON.
    pub fn reset(&self) -> Result<(), String> {
        let url = format!("{}{RESET_PATH}", self.base_url().trim_end_matches('/'));
        let request = self
            .runner
            .client
            .post(url)
            .header("Content-Type", "application/json")
            .body("{}");
        let status = self
            .runner
            .rt
            .block_on(async { request.send().await.map(|r| r.status()) })
            .map_err(|e| crate::error::with_causes(&e))?;
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("{RESET_PATH} answered HTTP {}", status.as_u16()))
        }
    }

    /// An argument's value on this side: its profile's variable, the value an earlier answer
    /// of this side gave, or the literal.
    pub fn value(&self, arg: &Arg, earlier: &[Answer]) -> Option<Value> {
        match arg {
            Arg::Var(path) => self.runner.profile.var(path).cloned(),
            Arg::Captured { step, pointer } => earlier
                .get(*step)?
                .body
                .as_ref()?
                .pointer(pointer)
                .filter(|v| !v.is_null())
                .cloned(),
            Arg::Literal(v) => Some(v.clone()),
        }
    }

    /// Sends one step, its arguments resolved with this side's profile and earlier answers.
    pub fn send(&self, step: &Step, earlier: &[Answer]) -> Answer {
        let value = |arg: &Arg| self.value(arg, earlier);
        let Some(body) = step.body(&value) else {
            return Answer {
                unsent: true,
                ..Answer::default()
            };
        };
        let request = Request {
            method: None,
            headers: vec![],
            body: Body::Json(body),
        };
        let judged = self.runner.rt.block_on(self.runner.exchange(
            &step.operation,
            &request,
            &any_answer(),
        ));
        let exchange = judged.sent.exchange;
        Answer {
            status: exchange
                .as_ref()
                .and_then(|x| x.response.as_ref())
                .map(|r| r.status),
            code: judged
                .body
                .as_ref()
                .and_then(|b| b.pointer("/response/code"))
                .and_then(Value::as_str)
                .map(str::to_string),
            body: judged.body,
            exchange,
            error: judged.sent.error,
            unsent: false,
        }
    }

    /// Stops an embedded mock.
    pub fn shutdown(&mut self) {
        self.target.shutdown();
    }
}

/// Explore compares the two answers with each other, not with an expectation.
fn any_answer() -> Expect {
    Expect::any_documented().without_schema()
}
