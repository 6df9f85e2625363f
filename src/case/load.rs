//! Reading case files into checked [`Case`]s.
//!
//! A file that cannot be read or parsed, or names an unknown operation, is one error for the
//! whole file; a problem inside one case (an undocumented code, an undefined variable, a
//! duplicate id) is an error for that case only, so every other case still runs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::file::{CaseDef, CaseFile};
use super::model::{Case, IdAt, Origin};
use super::parts::{self, Ctx};
use crate::error::{InputError, did_you_mean};
use crate::profile::Profile;
use crate::spec::{Operation, Spec};
use crate::yaml::{self, Positions};

/// The result of loading one file.
#[derive(Debug)]
pub struct LoadedFile {
    /// The file.
    pub path: PathBuf,
    /// Its good cases.
    pub cases: Vec<Case>,
    /// Cases that could not be loaded, by test name, with why.
    pub case_errors: Vec<(String, InputError)>,
    /// Set when the whole file is unusable.
    pub file_error: Option<InputError>,
    /// SHA-256 of the bytes as read (the run's provenance), when the file could be read.
    pub sha256: Option<String>,
}

/// Loads every `*.yaml` / `*.yml` file directly in `dir`, sorted by name.
pub fn load_dir(dir: &Path, spec: &Spec, profile: &Profile) -> Result<Vec<LoadedFile>, InputError> {
    let paths = yaml::files_in(dir)
        .map_err(|e| InputError::file(dir, format!("cannot read the cases directory: {e}")))?;
    // Files are independent: parsed on every core (most of the time to load 10,000 cases),
    // the largest first. The YAML reader holds a whole file's events while it reads it (about
    // 12 bytes per byte of text): started last, the largest file's buffer came on top of every
    // case loaded before it, the peak of the whole run's heap.
    let mut order: Vec<(u64, usize)> = paths
        .iter()
        .enumerate()
        .map(|(i, p)| (std::fs::metadata(p).map_or(0, |m| m.len()), i))
        .collect();
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let loaded = crate::parallel::map(&order, |&(_, i)| load_file(&paths[i], spec, profile));
    let mut files: Vec<(usize, LoadedFile)> = order.iter().map(|&(_, i)| i).zip(loaded).collect();
    // Back in name order.
    files.sort_unstable_by_key(|&(i, _)| i);
    Ok(files.into_iter().map(|(_, f)| f).collect())
}

/// Loads one file.
pub fn load_file(path: &Path, spec: &Spec, profile: &Profile) -> LoadedFile {
    match crate::input_file::read(path, crate::input_file::CASE_FILE_LIMIT) {
        Ok(text) => LoadedFile {
            // Hashed here, from what was parsed, on the loading thread.
            sha256: Some(crate::provenance::sha256_hex(text.as_bytes())),
            ..load_str(path, &text, spec, profile)
        },
        Err(e) => LoadedFile {
            path: path.to_path_buf(),
            cases: vec![],
            case_errors: vec![],
            file_error: Some(InputError::file(
                path,
                format!("cannot read the case file: {e}"),
            )),
            sha256: None,
        },
    }
}

/// Loads a file given as text; `path` is used for messages.
pub fn load_str(path: &Path, text: &str, spec: &Spec, profile: &Profile) -> LoadedFile {
    let mut out = LoadedFile {
        path: path.to_path_buf(),
        cases: vec![],
        case_errors: vec![],
        file_error: None,
        sha256: None,
    };
    let file: CaseFile = match yaml::parse(path, text) {
        Ok(f) => f,
        Err(e) => {
            out.file_error = Some(e);
            return out;
        }
    };
    let positions = Arc::new(Positions::new(text));
    let ctx = Ctx {
        path,
        positions: &positions,
    };
    let Some(op) = spec.operation(&file.operation) else {
        let mut e = ctx.at(
            "/operation",
            format!("unknown operation `{}`", file.operation),
        );
        e = match did_you_mean(&file.operation, spec.operation_ids()) {
            Some(best) => e.with_help(format!("did you mean `{best}`?")),
            None => e.with_help(format!(
                "the spec has: {}",
                spec.operation_ids().collect::<Vec<_>>().join(", ")
            )),
        };
        out.file_error = Some(e);
        return out;
    };
    if file.cases.is_empty() {
        out.file_error = Some(ctx.at("/cases", "the file has no cases".into()));
        return out;
    }
    // A map, not a list: a linear search per case was quadratic in a file of 2,000 cases.
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(file.cases.len());
    // Sized once: grown by doubling, the vector of a 2,000-case file held up to twice its
    // cases' size at the loading's peak, and copied them at each step.
    out.cases.reserve_exact(file.cases.len());
    for (i, def) in file.cases.iter().enumerate() {
        // Built only for an error: a format per good case was measurable at 10,000 cases.
        let name = || format!("{}::{}", op.id, def.id);
        if let Some(first) = seen.get(def.id.as_str()) {
            let first_line = positions
                .index()
                .value(&format!("/cases/{first}/id"))
                .map(|p| p.line)
                .unwrap_or(0);
            let e = ctx.at(
                &format!("/cases/{i}/id"),
                format!("duplicate case id `{}`", def.id),
            );
            out.case_errors.push((
                format!("{}#{}", name(), i + 1),
                e.with_help(format!("first used on line {first_line}")),
            ));
            continue;
        }
        seen.insert(&def.id, i);
        let at = IdAt::new(Arc::clone(&positions), i);
        match case(&ctx, at, def, (&file, spec, op), profile) {
            Ok(c) => out.cases.push(c),
            Err(e) => out.case_errors.push((name(), e)),
        }
    }
    out
}

/// One case of a file: its id, its expectation and its request, each checked.
fn case(
    ctx: &Ctx,
    at: IdAt,
    def: &CaseDef,
    (file, spec, op): (&CaseFile, &Spec, &Operation),
    profile: &Profile,
) -> Result<Case, InputError> {
    let base = format!("/cases/{}", at.index());
    parts::check_id(ctx, &format!("{base}/id"), &def.id, "case")?;
    let vars = parts::Vars::profile(profile);
    let expect = parts::expectation(ctx, &base, &def.expect, op, profile, &vars)?;
    if let Some(label) = &def.test_data {
        parts::test_data(ctx, &base, label, &expect, op)?;
    }
    let request = parts::request(ctx, &base, &def.request, &vars)?;
    let on = (op, def.test_data.as_deref());
    let expect = super::grounds::ground(ctx, &base, spec, on, expect)?;
    super::demands::check(ctx, &base, spec, op, &expect)?;
    Ok(Case {
        file: ctx.path.to_path_buf(),
        at,
        operation: op.id.clone(),
        id: def.id.clone(),
        test_data: def.test_data.clone(),
        source: file.source.clone(),
        description: def.description.clone(),
        tags: def.tags.clone(),
        ignore: def.ignore.clone(),
        origin: Origin::Documented,
        request,
        expect,
    })
}
