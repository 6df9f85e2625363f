//! An independent implementation of the five vendor pages, for testing `explore` against a
//! server we did not derive from our mock: written from the pages (../shared/seeds) and the
//! protocol notes (../shared/reference/konaplate-protocol.md), with its own fixture table and
//! its own decisions where the pages are silent ([`pages`]). Like a sandbox it offers no
//! control plane (no `POST /__admin/reset`: a fresh server is a fresh state) and reuses a few
//! test members and cards for several documented purposes; `target.yaml` is its profile.
//!
//! Plain JSON only (no message encryption): explore runs against it with encryption off. A
//! [`Defect`] breaks one lifecycle rule of the pages.

mod pages;
mod wire;
mod world;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, Uri};
use konaplate_conformance::profile;
use tokio::net::TcpListener;

use wire::{Invalid, Keys, respond};
use world::World;

/// The server's profile: its fixtures under the variable names every profile uses, and what it
/// declares about them.
pub const PROFILE: &str = "tests/support/independent/target.yaml";

/// One lifecycle rule of the pages, broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Defect {
    /// A second cancel of an application already cancelled is accepted.
    SecondCancelAccepted,
    /// A reissue is not recorded on the old card: a second reissue is accepted.
    SecondReissueAccepted,
    /// A SUSPEND is answered but not recorded: the RESUME after it is refused.
    SuspensionForgotten,
}

/// The server, on its own runtime, on 127.0.0.1.
pub struct Independent {
    pub base_url: String,
    _rt: tokio::runtime::Runtime,
}

impl Independent {
    /// Starts a fresh server (the fixtures as seeded) accepting the credentials of
    /// [`PROFILE`] (its test defaults, or the `KONAPLATE_*` variables when they are set).
    pub fn start(defect: Option<Defect>) -> Independent {
        let secrets = profile::load(Path::new(PROFILE))
            .unwrap()
            .secrets()
            .unwrap();
        let keys = Keys {
            access_key: secrets.access_key.expose().to_string(),
            secret_key: secrets.secret_key.expose().to_string(),
        };
        let world = Arc::new(Mutex::new(World::seeded()));
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let base_url = rt.block_on(async move {
            let app =
                axum::Router::new().fallback(move |uri: Uri, headers: HeaderMap, body: Bytes| {
                    let (world, keys) = (world.clone(), keys.clone());
                    async move {
                        let answer = wire::headers(&headers, &body, &keys).and_then(|()| {
                            let json = serde_json::from_slice(&body)
                                .map_err(|_| Invalid("body".into()))?;
                            pages::handle(uri.path(), &json, &mut world.lock().unwrap(), defect)
                        });
                        respond(answer, headers.get("x-km-correlation-id"))
                    }
                });
            let listener = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
                .await
                .unwrap();
            let base_url = format!("http://{}", listener.local_addr().unwrap());
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            base_url
        });
        Independent { base_url, _rt: rt }
    }
}
