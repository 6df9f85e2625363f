//! For explore's unit tests: the project's spec, case files and mock profile, loaded once.

use std::path::Path;
use std::sync::OnceLock;

use super::menu::Menu;
use super::operations::Operations;
use crate::profile::{self, Profile};
use crate::spec::{self, Spec};

/// The project's spec, operations (from `cases/`) and mock profile.
pub(crate) fn project() -> &'static (Spec, Operations, Profile) {
    static LOADED: OnceLock<(Spec, Operations, Profile)> = OnceLock::new();
    LOADED.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let spec = spec::load(&root.join(spec::DEFAULT_SPEC_PATH)).unwrap();
        let ops = Operations::load(&spec, &root.join("cases")).unwrap();
        let profile = profile::load_str(
            &root.join(profile::DEFAULT_TARGET_PATH),
            &std::fs::read_to_string(root.join(profile::DEFAULT_TARGET_PATH)).unwrap(),
        )
        .unwrap();
        (spec, ops, profile)
    })
}

/// The menu of the mock profile over the project's operations.
pub(crate) fn menu(state_changes: bool) -> Menu {
    let (_, ops, profile) = project();
    Menu::new(
        ops,
        &|v| profile.var(v).is_some(),
        &profile.var_names(),
        &|f| profile.file.fixtures.get(f)?.owner.clone(),
        state_changes,
    )
}
