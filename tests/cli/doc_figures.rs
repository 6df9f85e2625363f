//! The figures the docs state are the tool's: every count README.md and docs/*.md (and the
//! case and spec READMEs) give of the documented cases, scenarios, generated cases, trials and
//! request constraints is computed here from the committed spec, cases and profiles, the way
//! `run` computes them, and each place a doc states one is compared with it. A doc that
//! states a figure in one of these phrasings and gets it wrong fails; a phrasing that no doc
//! uses any more fails too (drop it here when the doc drops the number). Timings are not
//! figures a test can hold: the docs give none outside the dated measurements of README's
//! Performance section (`cargo bench` and `benches/peers.sh` make them).

use std::collections::BTreeMap;
use std::path::Path;

use konaplate_conformance::constraint_coverage::Location;
use konaplate_conformance::{case, explore, generate, profile, scenario, spec};
use regex::{Captures, Regex};

/// What the docs count, computed from the committed files.
struct Figures {
    documented: usize,
    scenarios: usize,
    generated: usize,
    /// Generated cases for a target without `header-errors` (the sandbox template).
    generated_sandbox: usize,
    /// Request constraints by operation: (body, header).
    constraints: BTreeMap<String, (usize, usize)>,
}

impl Figures {
    fn compute() -> Figures {
        let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
        let mock = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
        let files = case::load_dir(Path::new("cases"), &spec, &mock).unwrap();
        let scenarios = scenario::load_dir(
            &Path::new("cases").join(scenario::DEFAULT_DIR),
            &spec,
            &mock,
        )
        .unwrap();
        let generated = generate::generate(&spec, &files, &mock);
        let sandbox_path = Path::new("cases/targets/sandbox.yaml");
        let sandbox = profile::load_str(
            sandbox_path,
            &std::fs::read_to_string(sandbox_path).unwrap(),
        )
        .unwrap();
        let sandbox_files = case::load_dir(Path::new("cases"), &spec, &sandbox).unwrap();
        let mut constraints = BTreeMap::new();
        for c in &generated.constraints {
            let e: &mut (usize, usize) = constraints.entry(c.operation.clone()).or_default();
            match c.location {
                Location::Body => e.0 += 1,
                Location::Header => e.1 += 1,
            }
        }
        Figures {
            documented: files.iter().map(|f| f.cases.len()).sum(),
            scenarios: scenarios.len(),
            generated: generated.cases.len(),
            generated_sandbox: generate::generate(&spec, &sandbox_files, &sandbox)
                .cases
                .len(),
            constraints,
        }
    }

    fn trials(&self) -> usize {
        self.documented + self.scenarios + self.generated
    }

    fn body(&self) -> usize {
        self.constraints.values().map(|c| c.0).sum()
    }

    fn header(&self) -> usize {
        self.constraints.values().map(|c| c.1).sum()
    }

    fn constraints(&self) -> usize {
        self.body() + self.header()
    }
}

/// One way the docs state a figure: its pattern, and the figure each capture group must be.
struct Claim {
    pattern: &'static str,
    expected: fn(&Figures, &Captures) -> Vec<usize>,
}

/// The number a capture group holds (`1,000` as 1000).
fn number(c: &Captures, i: usize) -> usize {
    c[i].replace(',', "").parse().unwrap()
}

fn claims() -> Vec<Claim> {
    let explore_budget = |_: &Figures, _: &Captures| {
        let (steps, runs) = (explore::DEFAULT_STEPS, explore::DEFAULT_RUNS);
        vec![steps, runs, steps * runs]
    };
    vec![
        Claim {
            pattern: r"(\d+) documented cases",
            expected: |f, _| vec![f.documented],
        },
        Claim {
            pattern: r"Test Data item \((\d+)\)|\((\d+) in all\)|all (\d+) cases",
            expected: |f, _| vec![f.documented],
        },
        Claim {
            pattern: r"(\d+) scenarios",
            expected: |f, _| vec![f.scenarios],
        },
        Claim {
            pattern: r"(\d+) generated\b",
            expected: |f, _| vec![f.generated],
        },
        Claim {
            pattern: r"(\d+)\s+trials",
            expected: |f, _| vec![f.trials()],
        },
        Claim {
            pattern: r"(\d+)\s+without the generated ones",
            expected: |f, _| vec![f.documented + f.scenarios],
        },
        Claim {
            pattern: r"(\d+) request constraints\*\* \((\d+) body, (\d+) header[;)]",
            expected: |f, _| vec![f.constraints(), f.body(), f.header()],
        },
        Claim {
            pattern: r"(\d+)/(\d+) request constraints covered by generated cases",
            expected: |f, c| {
                let covered = if number(c, 1) == 0 {
                    0
                } else {
                    f.constraints()
                };
                vec![covered, f.constraints()]
            },
        },
        Claim {
            pattern: r"\((\d+) with every case passing\)|not covered: (\d+):",
            expected: |f, _| vec![f.constraints()],
        },
        Claim {
            pattern: r"(?m)^\| `(\w+)` \| (\d+) \| (\d+) \| (\d+) \|$",
            expected: |f, c| {
                let (body, header) = f.constraints.get(&c[1]).copied().unwrap_or_default();
                vec![body, header, body + header]
            },
        },
        Claim {
            pattern: r"\| \*\*all\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \| \*\*(\d+)\*\* \|",
            expected: |f, _| vec![f.body(), f.header(), f.constraints()],
        },
        Claim {
            pattern: r"Against the vendor sandbox\s+they add (\d+) requests",
            expected: |f, _| vec![f.generated_sandbox],
        },
        Claim {
            pattern: r"`--steps` \(default (\d+)\) × `--runs` \(default (\d+)\) is the budget: ([\d,]+) steps",
            expected: explore_budget,
        },
    ]
}

/// The docs whose figures and command lines are held: README.md, docs/*.md, the case and
/// spec READMEs, each with its text.
pub(crate) fn docs() -> Vec<(String, String)> {
    let mut paths = vec![
        "README.md".to_string(),
        "cases/README.md".to_string(),
        "specs/README.md".to_string(),
    ];
    for entry in std::fs::read_dir("docs").unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "md") {
            paths.push(p.to_string_lossy().replace('\\', "/"));
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect()
}

/// Every stated figure that is not the tool's: `file:line: "text": says …, is …`; and the
/// claims no doc makes.
fn wrong_figures(figures: &Figures, docs: &[(String, String)]) -> (Vec<String>, Vec<&'static str>) {
    let (mut wrong, mut unused) = (Vec::new(), Vec::new());
    for claim in claims() {
        let re = Regex::new(claim.pattern).unwrap();
        let mut used = false;
        for (path, text) in docs {
            for c in re.captures_iter(text) {
                used = true;
                let said: Vec<usize> = (1..c.len())
                    .filter(|&i| {
                        c.get(i).is_some()
                            && c[i].chars().all(|ch| ch.is_ascii_digit() || ch == ',')
                    })
                    .map(|i| number(&c, i))
                    .collect();
                let is = (claim.expected)(figures, &c);
                if said != is {
                    let at = c.get(0).unwrap().start();
                    let line = 1 + text[..at].matches('\n').count();
                    wrong.push(format!(
                        "{path}:{line}: {:?}: says {said:?}, is {is:?}",
                        &c[0]
                    ));
                }
            }
        }
        if !used {
            unused.push(claim.pattern);
        }
    }
    (wrong, unused)
}

#[test]
fn every_count_the_docs_state_is_the_tools() {
    let figures = Figures::compute();
    let (wrong, unused) = wrong_figures(&figures, &docs());
    assert!(
        wrong.is_empty(),
        "figures in the docs that are not what the tool counts:\n{}",
        wrong.join("\n")
    );
    assert!(
        unused.is_empty(),
        "phrasings no doc uses any more (drop them from tests/cli/doc_figures.rs): {unused:#?}"
    );
}

#[test]
fn a_wrong_figure_in_a_doc_is_caught_with_its_line() {
    let figures = Figures::compute();
    let (documented, generated) = (figures.documented, figures.generated);
    let planted = vec![(
        "docs/planted.md".to_string(),
        format!(
            "the {documented} documented cases and {} generated cases\nin {} trials\n",
            generated - 3,
            figures.trials()
        ),
    )];
    let (wrong, _) = wrong_figures(&figures, &planted);
    assert_eq!(
        wrong,
        [format!(
            "docs/planted.md:1: \"{} generated\": says [{}], is [{generated}]",
            generated - 3,
            generated - 3
        )]
    );
}
