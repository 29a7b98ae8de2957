//! Faults: a runner killed inside a concurrent index build, kill -9 at random
//! points of push and migrate, and concurrent runs (also through a pooler with a
//! single server connection). After each fault the schema is exactly the one
//! before or the one after, the journal agrees with it, no session or advisory
//! lock is left, and the next run succeeds.
//!
//! The random trials are bounded (`SCHEMA_FAULT_TRIALS`, default 3 each);
//! `SCHEMA_FAULT_TRIALS=100 cargo test -p schema-tests --test faults` runs more.

use std::path::{Path, PathBuf};
use std::process::{Child, Output};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use schema_core::push::{prepare, PushOptions};
use schema_core::{introspect, Schema, SchemaFilter};
use schema_tests::pgbouncer::{PgBouncer, PASSWORD};
use schema_tests::{fixture, server_url, text, Client, NoTls, Project, TestDb};

use auth_service as _;

const FIXTURE: &str = env!("CARGO_BIN_EXE_schema-fixture");

fn trials() -> usize {
    std::env::var("SCHEMA_FAULT_TRIALS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3)
}

/// A small, seedless pseudo-random number in `0..bound`.
fn random(bound: u64) -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    (nanos
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407)
        >> 33)
        % bound
}

#[track_caller]
fn ok(out: Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

fn admin() -> Client {
    Client::connect(&server_url(), NoTls).unwrap()
}

/// Waits (up to 30 s) until no session of the tool is connected to `db`, and
/// says whether an advisory lock is left on it.
fn settle(db: &TestDb) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut admin = admin();
    loop {
        let sessions: i64 = admin
            .query_one(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'schema'",
                &[&db.name],
            )
            .unwrap()
            .get(0);
        if sessions == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "a session of the killed run stays"
        );
        sleep(Duration::from_millis(20));
    }
    let locks: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database \
             WHERE l.locktype = 'advisory' AND d.datname = $1",
            &[&db.name],
        )
        .unwrap()
        .get(0);
    assert_eq!(locks, 0, "an advisory lock is left behind");
}

/// Kills the child with SIGKILL (no chance to clean up) and reaps it.
fn kill_9(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

fn schema_of(db: &TestDb) -> Schema {
    introspect(&mut db.connect(), &SchemaFilter::AllNonSystem)
        .unwrap()
        .schema
        .without_table("public", "schema_migrations")
}

fn journal(db: &TestDb) -> Vec<String> {
    let mut client = db.connect();
    let exists: bool = client
        .query_one(
            "SELECT to_regclass('public.schema_migrations') IS NOT NULL",
            &[],
        )
        .unwrap()
        .get(0);
    if !exists {
        return vec![];
    }
    client
        .query(
            "SELECT version FROM schema_migrations ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

fn index_valid(db: &TestDb, name: &str) -> Option<bool> {
    db.connect()
        .query_opt(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1",
            &[&name],
        )
        .unwrap()
        .map(|r| r.get(0))
}

const RUNS: &str = "20260101000000_runs";
const RUNS_N: &str = "20260101000001_runs_n";

/// The runner killed while `CREATE INDEX CONCURRENTLY` waits for an older
/// snapshot; the server then finishes the build (`finished`) or the backend is
/// terminated, leaving the index invalid. Either way the next migrate ends with
/// a valid index and the migration recorded once.
fn killed_inside_a_concurrent_build(finished: bool) {
    let label = if finished {
        "fault_cic_done"
    } else {
        "fault_cic_cut"
    };
    let db = TestDb::new(label);
    let project = Project::new(FIXTURE, label);
    let code = Path::new("/nonexistent-code.json");
    project.add(
        RUNS,
        "CREATE TABLE runs (n int);\nINSERT INTO runs SELECT generate_series(1, 1000);\n",
    );
    ok(project.run(code, &["migrate", "--url", &db.url]));
    project.add(
        RUNS_N,
        "-- schema:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS runs_n ON runs (n);\n",
    );
    let mut blocker = db.connect();
    blocker
        .batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT count(*) FROM runs;")
        .unwrap();
    let child = project
        .command(code, &["migrate", "--url", &db.url])
        .spawn()
        .unwrap();
    let mut admin = admin();
    let deadline = Instant::now() + Duration::from_secs(30);
    let pid: i32 = loop {
        let row = admin
            .query_opt(
                "SELECT pid FROM pg_stat_activity WHERE datname = $1 \
                 AND query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type IS NOT NULL",
                &[&db.name],
            )
            .unwrap();
        if let Some(row) = row {
            break row.get(0);
        }
        assert!(Instant::now() < deadline, "the build never started waiting");
        sleep(Duration::from_millis(10));
    };
    kill_9(child);
    if !finished {
        admin
            .execute("SELECT pg_terminate_backend($1)", &[&pid])
            .unwrap();
    }
    blocker.batch_execute("COMMIT").unwrap();
    settle(&db);
    assert_eq!(index_valid(&db, "runs_n"), Some(finished));
    assert_eq!(journal(&db), [RUNS.split('_').next().unwrap()]);

    let out = ok(project.run(code, &["migrate", "--url", &db.url]));
    assert!(out.contains("runs_n"), "{out}");
    assert_eq!(index_valid(&db, "runs_n"), Some(true));
    assert_eq!(journal(&db).len(), 2);
    settle(&db);
}

#[test]
fn a_runner_killed_in_a_concurrent_build_the_server_finishes_is_recovered() {
    killed_inside_a_concurrent_build(true);
}

#[test]
fn a_runner_killed_in_a_concurrent_build_that_was_cut_short_is_recovered() {
    killed_inside_a_concurrent_build(false);
}

#[test]
fn push_killed_at_random_points_leaves_before_or_after() {
    let desired = Schema::registered().unwrap();
    let code = fixture(&desired, "fault_push");
    let options = PushOptions::default();
    for trial in 0..trials() {
        let db = TestDb::new("fault_push");
        let child = std::process::Command::new(FIXTURE)
            .env("SCHEMA_FIXTURE", &code)
            .args(["push", "--url", &db.url, "--force"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        sleep(Duration::from_millis(random(120)));
        kill_9(child);
        settle(&db);
        let now = schema_of(&db);
        let after = prepare(&mut db.connect(), &desired, &options)
            .unwrap()
            .plan
            .is_empty();
        assert!(
            now.tables.is_empty() && now.enums.is_empty() || after,
            "trial {trial}: a partial schema: {} tables",
            now.tables.len()
        );
        let out = std::process::Command::new(FIXTURE)
            .env("SCHEMA_FIXTURE", &code)
            .args(["push", "--url", &db.url])
            .output()
            .unwrap();
        ok(out);
        assert!(prepare(&mut db.connect(), &desired, &options)
            .unwrap()
            .plan
            .is_empty());
    }
}

fn example_migrations(project: &Project) {
    let from =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/auth-service/migrations");
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let to = project.dir.join("migrations").join(&name);
        std::fs::create_dir_all(&to).unwrap();
        for file in std::fs::read_dir(entry.path()).unwrap() {
            let file = file.unwrap();
            std::fs::copy(file.path(), to.join(file.file_name())).unwrap();
        }
    }
}

#[test]
fn migrate_killed_at_random_points_leaves_before_or_after() {
    let options = PushOptions::default();
    let project = Project::new(FIXTURE, "fault_migrate");
    example_migrations(&project);
    let code = Path::new("/nonexistent-code.json");
    for trial in 0..trials() {
        let db = TestDb::new("fault_migrate");
        let child = project
            .command(code, &["migrate", "--url", &db.url])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        sleep(Duration::from_millis(random(120)));
        kill_9(child);
        settle(&db);
        // Each migration is atomic: the database holds exactly the migrations
        // the journal records, a prefix of them, and nothing of the next.
        let recorded = journal(&db);
        let folders = project.migrations();
        let names: Vec<String> = folders
            .iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                name.split('_').next().unwrap().to_string()
            })
            .collect();
        assert!(
            names.starts_with(&recorded),
            "trial {trial}: journal {recorded:?} is not a prefix of {names:?}"
        );
        if recorded.is_empty() {
            let now = schema_of(&db).without_table("public", "schema_migrations");
            assert!(
                now.tables.is_empty() && now.enums.is_empty(),
                "trial {trial}: no migration recorded, but {} tables exist",
                now.tables.len()
            );
        } else {
            let snapshot = folders[recorded.len() - 1].join("snapshot.json");
            let expected = schema_core::source::read_snapshot(&snapshot).unwrap();
            let plan = prepare(&mut db.connect(), &expected, &options)
                .unwrap()
                .plan;
            assert!(
                plan.is_empty(),
                "trial {trial}: journal {recorded:?}, but the schema is not what those migrations make:\n{}",
                plan.to_sql_script()
            );
        }
        ok(project.run(code, &["migrate", "--url", &db.url]));
        assert_eq!(journal(&db).len(), project.migrations().len());
    }
}

/// Runs `n` copies of the command at once and waits for all.
fn at_once(n: usize, command: impl Fn() -> std::process::Command) -> Vec<Output> {
    let children: Vec<Child> = (0..n)
        .map(|_| {
            command()
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect()
}

#[test]
fn eight_concurrent_migrates_apply_once_and_all_succeed() {
    let db = TestDb::new("fault_eight");
    let project = Project::new(FIXTURE, "fault_eight");
    example_migrations(&project);
    let code = Path::new("/nonexistent-code.json");
    let outputs = at_once(8, || project.command(code, &["migrate", "--url", &db.url]));
    // Each migration is its own locked step, so the runs may share the work;
    // every migration is applied by exactly one of them.
    let mut applied: Vec<String> = outputs
        .into_iter()
        .map(ok)
        .flat_map(|out| {
            out.lines()
                .filter_map(|l| l.strip_prefix("Applied "))
                .map(|l| l.split(' ').next().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    applied.sort();
    let expected: Vec<String> = project
        .migrations()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(applied, expected, "each migration applied once");
    settle(&db);
}

#[test]
fn eight_concurrent_pushes_apply_once_and_all_succeed() {
    let db = TestDb::new("fault_eight_push");
    let code = fixture(&Schema::registered().unwrap(), "fault_eight_push");
    let outputs = at_once(8, || {
        let mut c = std::process::Command::new(FIXTURE);
        c.env("SCHEMA_FIXTURE", &code)
            .args(["push", "--url", &db.url]);
        c
    });
    let applied = outputs
        .into_iter()
        .map(ok)
        .filter(|out| out.contains("Applied"))
        .count();
    assert_eq!(applied, 1, "exactly one run applies the plan");
    settle(&db);
}

#[test]
fn concurrent_migrates_through_a_pooler_with_one_server_connection_all_succeed() {
    let db = TestDb::new("fault_bouncer");
    let bouncer = PgBouncer::start(1);
    let url = bouncer.url(&db.name, PASSWORD);
    let project = Project::new(FIXTURE, "fault_bouncer");
    let code = Path::new("/nonexistent-code.json");
    project.add(
        RUNS,
        "CREATE TABLE runs (n int);\nINSERT INTO runs SELECT generate_series(1, 1000);\n",
    );
    project.add(
        RUNS_N,
        "-- schema:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS runs_n ON runs (n);\n",
    );
    let outputs = at_once(4, || project.command(code, &["migrate", "--url", &url]));
    let outs: Vec<String> = outputs.into_iter().map(ok).collect();
    let applied_index = outs.iter().filter(|o| o.contains("runs_n in")).count();
    assert_eq!(applied_index, 1, "{outs:?}");
    assert_eq!(index_valid(&db, "runs_n"), Some(true));
    assert_eq!(journal(&db).len(), 2);
}
