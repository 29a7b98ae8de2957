//! `schema pull` over every target schema of the round-trip corpus: each case's
//! B database is pulled into a module of one scratch crate, the crate must
//! build with `#![deny(warnings)]`, pass `cargo clippy -D warnings` and
//! `rustfmt --check`, and then, per case, through the scratch crate's own
//! schema bin (the CLI with `code` meaning that module's structs): a diff
//! against the source is empty, and a push into an empty database recreates
//! it (the same `pg_dump`) with nothing left to do on a second look.
//!
//! The scratch crate lives in `target/pull-scratch` and builds into
//! `target/fresh-app` (shared with `fresh_app.rs`): its dependencies compile
//! once, about a minute and a half cold on two cores; the pulled modules
//! themselves build in about half a minute.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

pub use schema_tests::roundtrip::Case;
use schema_tests::{text, TestDb};

/// The corpus files' `cases!`, keeping only their `CASES`.
macro_rules! cases {
    ($($name:ident: $case:expr,)*) => {
        pub const CASES: &[$crate::Case] = &[$($case.named(stringify!($name))),*];
    };
}

#[path = "roundtrip/corpus.rs"]
mod corpus;
use corpus::ALL;

const FIXTURE: &str = env!("CARGO_BIN_EXE_schema-fixture");

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

/// One case pulled: its source database and what pull said.
struct Pulled {
    case: &'static str,
    source: TestDb,
    /// `pull` found objects the model does not hold: the code cannot
    /// recreate the source, only describe what it can.
    partial: bool,
}

/// Runs `work` over `items` on a few threads, in any order.
fn parallel<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let out = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let r = work(item);
                out.lock().unwrap().push((i, r));
            });
        }
    });
    let mut out = out.into_inner().unwrap();
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, r)| r).collect()
}

fn scratch_manifest(ws: &Path) -> String {
    format!(
        r#"[package]
name = "pulled"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
schema-core = {{ path = "{core}" }}
schema-cli = {{ path = "{cli}" }}

[workspace]
"#,
        core = ws.join("schema-core").display(),
        cli = ws.join("schema-cli").display(),
    )
}

const MAIN: &str = r#"
fn main() -> std::process::ExitCode {
    schema_cli::main_with_code(|| {
        let case = std::env::var("PULL_CASE").map_err(|_| "set PULL_CASE".to_string())?;
        schema_core::Schema::registered_in(&format!("pulled::{case}")).map_err(|e| e.to_string())
    })
}
"#;

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .env("CARGO_TARGET_DIR", workspace().join("target/fresh-app"))
        .output()
        .unwrap()
}

/// The scratch crate's schema bin for one case, run in `cwd` (where the
/// case's schema.toml is).
fn scratch_bin(case: &str, cwd: &Path) -> Command {
    let mut command = Command::new(workspace().join("target/fresh-app/debug/pulled"));
    command
        .env("PULL_CASE", case)
        .env_remove("DATABASE_URL")
        .current_dir(cwd)
        .stdin(std::process::Stdio::null());
    command
}

/// The source's extensions: name and namespace.
fn extensions(source: &TestDb) -> Vec<(String, String)> {
    source
        .connect()
        .query(
            "SELECT e.extname::text, n.nspname::text FROM pg_extension e
             JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect()
}

/// The auth example's migration folders, oldest first.
fn auth_migrations() -> Vec<PathBuf> {
    let dir = workspace().join("examples/auth-service/migrations");
    let mut all: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    all.sort();
    assert!(!all.is_empty(), "the auth example has migrations");
    all
}

/// The auth example's latest migration folder.
fn auth_migration() -> PathBuf {
    auth_migrations().pop().unwrap()
}

#[test]
fn every_corpus_schema_pulls_into_code_that_compiles_and_pushes_back_unchanged() {
    let ws = workspace();
    let scratch = ws.join("target/pull-scratch");
    let _ = std::fs::remove_dir_all(scratch.join("src"));
    std::fs::create_dir_all(scratch.join("src")).unwrap();
    std::fs::write(scratch.join("Cargo.toml"), scratch_manifest(&ws)).unwrap();
    std::fs::copy(ws.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();

    let cases: Vec<&Case> = ALL.iter().flat_map(|c| c.iter()).collect();
    let failures = Mutex::new(Vec::<String>::new());
    let fail = |msg: String| failures.lock().unwrap().push(msg);

    // 1. Pull every case's B into src/<case>/.
    let started = std::time::Instant::now();
    let pulled: Vec<Option<Pulled>> = parallel(&cases, |case| {
        let source = TestDb::new(&format!("pull_{}", case.name));
        source.execute(case.to_sql);
        let out = Command::new(FIXTURE)
            .args(["pull", "--url", &source.url, "--out"])
            .arg(scratch.join("src").join(case.name))
            .env_remove("DATABASE_URL")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        if !out.status.success() {
            fail(format!("{}: pull failed: {}", case.name, text(&out.stderr)));
            return None;
        }
        let partial = text(&out.stderr).contains("not in the pulled code");
        Some(Pulled {
            case: case.name,
            source,
            partial,
        })
    });
    let mut pulled: Vec<Pulled> = pulled.into_iter().flatten().collect();
    eprintln!("pulled {} cases in {:.1?}", pulled.len(), started.elapsed());

    // The auth example, from a database its migrations built.
    let auth = TestDb::new("pull_auth_example");
    for migration in auth_migrations() {
        auth.execute(&std::fs::read_to_string(migration.join("up.sql")).unwrap());
    }
    let out = Command::new(FIXTURE)
        .args(["pull", "--url", &auth.url, "--out"])
        .arg(scratch.join("src/auth_example"))
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    pulled.push(Pulled {
        case: "auth_example",
        source: auth,
        partial: false,
    });

    // 2. One crate holding every case's module: it builds without a warning,
    // and clippy and rustfmt have nothing to say.
    let mut names: Vec<&str> = pulled.iter().map(|p| p.case).collect();
    names.sort();
    let mods: String = names.iter().map(|case| format!("mod {case};\n")).collect();
    std::fs::write(
        scratch.join("src/main.rs"),
        format!("#![deny(warnings)]\n\n{mods}{MAIN}"),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let built = cargo(&scratch, &["build", "--quiet"]);
    assert!(
        built.status.success(),
        "the pulled code does not build:\n{}",
        text(&built.stderr)
    );
    eprintln!("built the pulled code in {:.1?}", started.elapsed());
    let clippy_available = cargo(&scratch, &["clippy", "--version"]).status.success();
    if clippy_available {
        let started = std::time::Instant::now();
        let linted = cargo(&scratch, &["clippy", "--quiet", "--", "-D", "warnings"]);
        assert!(
            linted.status.success(),
            "clippy objects to the pulled code:\n{}",
            text(&linted.stderr)
        );
        eprintln!("clippy passed in {:.1?}", started.elapsed());
    } else {
        eprintln!("cargo clippy is not installed: skipped the lint step");
    }
    let formatted = Command::new("rustfmt")
        .args(["--edition", "2021", "--check", "--color", "never"])
        .arg(scratch.join("src/main.rs"))
        .output();
    match formatted {
        Ok(out) => assert!(
            out.status.success(),
            "rustfmt would change the pulled code:\n{}",
            text(&out.stdout)
        ),
        Err(_) => eprintln!("rustfmt is not installed: skipped the format step"),
    }

    // 3. Per case: the code is the source (an empty diff), and pushed into an
    // empty database it recreates the source exactly.
    let started = std::time::Instant::now();
    let partial: Vec<&str> = pulled
        .iter()
        .filter(|p| p.partial)
        .map(|p| p.case)
        .collect();
    parallel(&pulled, |p| {
        // As pull tells its user: the extensions go into schema.toml.
        let cwd = std::env::temp_dir().join(format!("pull-{}-{}", std::process::id(), p.case));
        std::fs::create_dir_all(&cwd).unwrap();
        let extensions = extensions(&p.source);
        let names: Vec<String> = extensions.iter().map(|(n, _)| format!("{n:?}")).collect();
        std::fs::write(
            cwd.join("schema.toml"),
            format!("extensions = [{}]\n", names.join(", ")),
        )
        .unwrap();
        let diff = |db: &TestDb| {
            scratch_bin(p.case, &cwd)
                .args(["diff", "--from", &db.url, "--to", "code", "--exit-code"])
                .output()
                .unwrap()
        };
        let against_source = diff(&p.source);
        if !against_source.status.success() {
            fail(format!(
                "{}: the pulled code differs from its source:\n{}{}",
                p.case,
                text(&against_source.stdout),
                text(&against_source.stderr)
            ));
            return;
        }
        if p.partial {
            return;
        }
        let fresh = TestDb::new(&format!("pushed_{}", p.case));
        // Where the source keeps an extension in a namespace of its own, so
        // does the copy (schema.toml names extensions, not where they live).
        for (name, schema) in extensions.iter().filter(|(_, s)| s != "public") {
            fresh.execute(&format!(
                "CREATE SCHEMA IF NOT EXISTS \"{schema}\"; CREATE EXTENSION \"{name}\" WITH SCHEMA \"{schema}\""
            ));
        }
        let pushed = scratch_bin(p.case, &cwd)
            .args(["push", "--url", &fresh.url])
            .output()
            .unwrap();
        if !pushed.status.success() {
            fail(format!(
                "{}: push into an empty database failed:\n{}{}",
                p.case,
                text(&pushed.stdout),
                text(&pushed.stderr)
            ));
            return;
        }
        let (want, got) = (p.source.dump(), fresh.dump());
        if want != got {
            fail(format!(
                "{}: pg_dump of the pushed database differs from the source's (- source, + pushed)\n{}",
                p.case,
                schema_tests::roundtrip::line_diff(&want, &got)
            ));
        }
        let again = diff(&fresh);
        if !again.status.success() {
            fail(format!(
                "{}: a second push would still change:\n{}",
                p.case,
                text(&again.stdout)
            ));
        }
    });
    // The auth example pulled is the hand-written one: the same snapshot.
    let snapshot = scratch_bin("auth_example", &std::env::temp_dir())
        .args(["snapshot", "--of", "code"])
        .output()
        .unwrap();
    assert!(snapshot.status.success(), "{}", text(&snapshot.stderr));
    let mut pulled_auth = schema_core::snapshot::from_json(&text(&snapshot.stdout)).unwrap();
    let mut written =
        schema_core::source::read_snapshot(&auth_migration().join("snapshot.json")).unwrap();
    // Extensions pull names in its advice for schema.toml, not in code.
    written.extensions.clear();
    // SQL text is the database's in the pulled code and as written in the
    // example's: the same objects, as the push back above shows, compared here
    // by name and kind.
    for s in [&mut written, &mut pulled_auth] {
        for f in &mut s.functions {
            f.definition.clear();
        }
        for t in &mut s.tables {
            t.triggers.iter_mut().for_each(|t| t.definition.clear());
            for p in &mut t.policies {
                p.using = p.using.as_ref().map(|_| String::new());
                p.with_check = p.with_check.as_ref().map(|_| String::new());
            }
        }
    }
    schema_tests::roundtrip::assert_same(
        "auth example",
        "pulled structs vs the hand-written ones",
        &written,
        &pulled_auth,
    );

    eprintln!(
        "checked {} cases in {:.1?}; {} hold objects outside the model, so only their diff against the source was checked: {}",
        pulled.len(),
        started.elapsed(),
        partial.len(),
        partial.join(", ")
    );
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

fn pull(db: &TestDb, out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(FIXTURE)
        .args(["pull", "--url", &db.url, "--out"])
        .arg(out)
        .args(extra)
        .env_remove("DATABASE_URL")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn what_the_model_cannot_hold_is_listed_and_files_that_differ_are_kept() {
    let db = TestDb::new("pull_leftovers");
    db.execute(
        "CREATE TABLE orders (id serial PRIMARY KEY, total int);
         CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;
         CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
         CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
         CREATE DOMAIN positive AS int CHECK (VALUE > 0);
         ALTER TABLE orders ADD CONSTRAINT total_positive CHECK (total > 0) NOT VALID;
         CREATE SCHEMA reporting;",
    );
    let dir = std::env::temp_dir().join(format!("pull-leftovers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = pull(&db, &dir, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    for written in [
        "sequence public.orders_id_seq",
        "view public.big_orders",
        "function public.touch()",
        "orders_touch",
    ] {
        assert!(
            !stderr.contains(written),
            "{written:?} is written, not listed:\n{stderr}"
        );
    }
    for expected in [
        "not in the pulled code: NOT VALID constraint public.total_positive (on orders)",
        "not in the pulled code: empty namespace reporting",
    ] {
        assert!(stderr.contains(expected), "{expected:?} in:\n{stderr}");
    }
    assert_eq!(
        text(&out.stdout),
        format!(
            "pulled 1 table, 0 enum types, 1 view, 1 function and 1 sequence into {} (3 files)\n",
            dir.display()
        )
    );
    let public = std::fs::read_to_string(dir.join("public.rs")).unwrap();
    assert!(
        public.contains("//! - NOT VALID constraint public.total_positive"),
        "{public}"
    );
    for item in [
        "pub struct Orders",
        "pub struct BigOrders",
        "pub struct Touch;",
        "pub struct Positive;",
        "#[sequence(sql_type = \"integer\", owned_by = Orders::id)]\npub struct OrdersIdSeq;",
        "trigger(",
    ] {
        assert!(public.contains(item), "{item:?} in:\n{public}");
    }
    let root = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    assert!(
        root.contains("pub mod public;") && root.contains("pub mod reporting;"),
        "{root}"
    );

    // The same pull again writes the same files; an edited file is kept
    // unless --force.
    assert!(pull(&db, &dir, &[]).status.success());
    std::fs::write(dir.join("public.rs"), "// mine\n").unwrap();
    let refused = pull(&db, &dir, &[]);
    assert_eq!(refused.status.code(), Some(2));
    let line = text(&refused.stderr);
    assert!(
        line.contains("public.rs already exists with other contents; pass --force to overwrite"),
        "{line}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("public.rs")).unwrap(),
        "// mine\n"
    );
    assert!(pull(&db, &dir, &["--force"]).status.success());
    assert_eq!(
        std::fs::read_to_string(dir.join("public.rs")).unwrap(),
        public
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_reference_out_of_the_pulled_namespaces_is_an_error_naming_the_fix() {
    let db = TestDb::new("pull_outside");
    db.execute(
        "CREATE SCHEMA auth; CREATE TABLE auth.users (id int PRIMARY KEY);
         CREATE TABLE posts (id int PRIMARY KEY, author int REFERENCES auth.users (id));",
    );
    let dir = std::env::temp_dir().join(format!("pull-outside-{}", std::process::id()));
    let out = pull(&db, &dir, &["--schema", "public"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr).trim(),
        "error: public.posts references auth.users (foreign key posts_author_fkey), which is outside the namespaces pulled; add --schema auth"
    );
    assert!(!dir.exists(), "nothing written");
    let both = pull(&db, &dir, &["--schema", "public", "--schema", "auth"]);
    assert!(both.status.success(), "{}", text(&both.stderr));
    let posts = std::fs::read_to_string(dir.join("public.rs")).unwrap();
    assert!(
        posts.contains("references = super::auth::Users::id"),
        "{posts}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
