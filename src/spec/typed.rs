//! A value of the spec document read as a Rust type, or an input error at its JSON pointer:
//! how the loader and the `x-` extension checks read fields alike.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::InputError;

/// `v` as a `T`, or an error at `pointer` naming its last segment.
pub(super) fn typed<T: DeserializeOwned>(
    v: &Value,
    pointer: &str,
    at: &impl Fn(&str, String) -> InputError,
) -> Result<T, InputError> {
    T::deserialize(v).map_err(|e| {
        at(
            pointer,
            format!("`{}`: {e}", pointer.rsplit('/').next().unwrap_or(pointer)),
        )
    })
}
