//! `lint`: the spec and the cases agree, and every documented Test Data item has a case.

use crate::case::LoadedFile;
use crate::error::InputError;
use crate::spec::Spec;

/// Every disagreement, as input errors.
pub fn check(spec: &Spec, files: &[LoadedFile]) -> Vec<InputError> {
    let mut problems: Vec<InputError> = Vec::new();
    for f in files {
        problems.extend(f.file_error.iter().cloned());
        problems.extend(f.case_errors.iter().map(|(_, e)| e.clone()));
    }
    for op in &spec.operations {
        for td in &op.test_data {
            let covered = files
                .iter()
                .flat_map(|f| &f.cases)
                .any(|c| c.operation == op.id && c.test_data.as_deref() == Some(td.label.as_str()));
            if !covered {
                problems.push(InputError::file(
                    &spec.path,
                    format!(
                        "`{}`: no case reproduces the Test Data item `{}` ({})",
                        op.id, td.label, td.code
                    ),
                ));
            }
        }
    }
    problems
}
