//! The migration workflow around the engine: adopting migrations on a database
//! built by push (baseline), the CI gate (check and status on pending, edited
//! and missing migrations), and hand-written migrations (generate --empty).

use std::path::Path;
use std::process::Output;

use schema_tests::{fixture, schema_of, text, Project, TestDb};

const FIXTURE: &str = env!("CARGO_BIN_EXE_schema-fixture");

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

#[track_caller]
fn code_of(out: &Output) -> (Option<i32>, String) {
    (
        out.status.code(),
        format!("{}{}", text(&out.stdout), text(&out.stderr)),
    )
}

const V1: &str = "CREATE TYPE mood AS ENUM ('ok', 'meh');
    CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL UNIQUE, mood mood NOT NULL DEFAULT 'ok');";

#[test]
fn a_database_built_by_push_adopts_the_migrations_with_baseline() {
    let project = Project::new(FIXTURE, "baseline");
    let db = TestDb::new("wf_baseline");
    let code = fixture(&schema_of(V1), "wf_baseline");
    ok(project.run(&code, &["push", "--url", &db.url]));
    ok(project.run(&code, &["generate", "--name", "users"]));
    // Running the migration over what push built fails: the objects exist.
    let (status, out) = code_of(&project.run(&code, &["migrate", "--url", &db.url]));
    assert_eq!(status, Some(2), "{out}");
    assert!(out.contains("already exists"), "{out}");

    // A database that differs is refused, nothing recorded.
    let other = TestDb::new("wf_baseline_other");
    other.execute("CREATE TABLE users (id int PRIMARY KEY);");
    let (status, out) = code_of(&project.run(&code, &["migrate", "baseline", "--url", &other.url]));
    assert_eq!(status, Some(2), "{out}");
    assert!(out.contains("the database is not at migration"), "{out}");
    assert!(out.contains("nothing was recorded"), "{out}");

    let out = ok(project.run(&code, &["migrate", "baseline", "--url", &db.url]));
    assert!(out.contains("recorded 1 migration as applied"), "{out}");
    assert!(ok(project.run(&code, &["migrate", "--url", &db.url])).contains("No pending"));
    assert!(ok(project.run(&code, &["check", "--url", &db.url])).contains("agree"));
    let out = ok(project.run(&code, &["migrate", "baseline", "--url", &db.url]));
    assert!(out.contains("Nothing to record"), "{out}");
}

#[test]
fn check_and_status_fail_on_pending_edited_and_missing_migrations() {
    let project = Project::new(FIXTURE, "gate");
    let db = TestDb::new("wf_gate");
    let code = fixture(&schema_of(V1), "wf_gate");
    ok(project.run(&code, &["generate", "--name", "users"]));
    // Pending: the database was pushed, but the migration never ran.
    ok(project.run(&code, &["push", "--url", &db.url]));
    let (status, out) = code_of(&project.run(&code, &["check", "--url", &db.url]));
    assert_eq!(status, Some(1), "{out}");
    assert!(
        out.contains("Pending migrations (run `schema-fixture migrate`)"),
        "{out}"
    );
    let (status, _) = code_of(&project.run(&code, &["status", "--url", &db.url, "--exit-code"]));
    assert_eq!(status, Some(1));
    assert_eq!(
        code_of(&project.run(&code, &["status", "--url", &db.url])).0,
        Some(0)
    );

    ok(project.run(&code, &["migrate", "baseline", "--url", &db.url]));
    assert!(ok(project.run(&code, &["check", "--url", &db.url])).contains("agree"));
    ok(project.run(&code, &["status", "--url", &db.url, "--exit-code"]));

    // Edited after it was applied.
    let up = project.migrations()[0].join("up.sql");
    let original = std::fs::read_to_string(&up).unwrap();
    std::fs::write(&up, format!("{original}\n-- edited\n")).unwrap();
    let (status, out) = code_of(&project.run(&code, &["check", "--url", &db.url]));
    assert_eq!(status, Some(1), "{out}");
    assert!(out.contains("edited after they were applied"), "{out}");
    std::fs::write(&up, original).unwrap();

    // Applied, but its folder is gone.
    let folder = project.migrations()[0].clone();
    let saved = project.dir.join("saved");
    std::fs::rename(&folder, &saved).unwrap();
    std::fs::create_dir_all(project.dir.join("migrations")).unwrap();
    let (status, out) = code_of(&project.run(&code, &["check", "--url", &db.url]));
    assert_eq!(status, Some(1), "{out}");
    assert!(out.contains("Applied, but missing from"), "{out}");
    std::fs::rename(&saved, &folder).unwrap();
    assert!(ok(project.run(&code, &["check", "--url", &db.url])).contains("agree"));
}

#[test]
fn generate_empty_writes_a_migration_to_fill_that_carries_the_snapshot() {
    let project = Project::new(FIXTURE, "empty");
    let db = TestDb::new("wf_empty");
    let code = fixture(&schema_of(V1), "wf_empty");
    ok(project.run(&code, &["generate", "--name", "users"]));
    let out = ok(project.run(&code, &["generate", "--empty", "--name", "seed users"]));
    assert!(
        out.contains("_seed_users: an empty up.sql to write"),
        "{out}"
    );
    let folders = project.migrations();
    assert_eq!(folders.len(), 2);
    let snapshot = |i: usize| std::fs::read_to_string(folders[i].join("snapshot.json")).unwrap();
    assert_eq!(snapshot(0), snapshot(1), "the snapshot is carried forward");
    // Left unwritten, it is refused; written, it runs.
    let (status, out) = code_of(&project.run(&code, &["migrate", "--url", &db.url]));
    assert_eq!(status, Some(2), "{out}");
    assert!(out.contains("has an empty up.sql"), "{out}");
    std::fs::write(
        folders[1].join("up.sql"),
        "INSERT INTO users (id, email) VALUES (1, 'ada@example.com');\n",
    )
    .unwrap();
    ok(project.run(&code, &["migrate", "--url", &db.url]));
    let rows: i64 = db
        .connect()
        .query_one("SELECT count(*) FROM users", &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 1);
    assert!(ok(project.run(&code, &["generate"])).contains("No changes"));
    assert!(ok(project.run(&code, &["check", "--url", &db.url])).contains("agree"));
}

#[test]
fn paths_come_from_the_config_file_not_the_working_directory() {
    let project = Project::new(FIXTURE, "paths");
    let code = fixture(&schema_of(V1), "wf_paths");
    // The config names a migrations folder relative to itself.
    std::fs::write(&project.config, "migrations = \"db/migrations\"\n").unwrap();
    let elsewhere = std::env::temp_dir().join(format!("wf-elsewhere-{}", std::process::id()));
    std::fs::create_dir_all(&elsewhere).unwrap();
    let out = project
        .command(&code, &["generate", "--name", "users"])
        .current_dir(&elsewhere)
        .output()
        .unwrap();
    ok(out);
    assert!(project.dir.join("db/migrations").is_dir());
    assert!(!elsewhere.join("db").exists());
    let _ = Path::new(&elsewhere);
    let _ = std::fs::remove_dir_all(&elsewhere);
}

#[test]
fn tables_left_out_by_the_config_are_never_touched() {
    let project = Project::new(FIXTURE, "tables_filter");
    std::fs::write(
        &project.config,
        "migrations = \"migrations\"\ntables = [\"!legacy_*\"]\n",
    )
    .unwrap();
    let db = TestDb::new("wf_tables_filter");
    db.execute("CREATE TABLE legacy_users (id int); INSERT INTO legacy_users VALUES (1);");
    let code = fixture(
        &schema_of("CREATE TABLE users (id int PRIMARY KEY);"),
        "wf_tables",
    );
    let out = ok(project.run(&code, &["push", "--url", &db.url]));
    assert!(!out.contains("legacy"), "{out}");
    assert!(db.dump().contains("legacy_users"));
    let out = ok(project.run(&code, &["generate", "--name", "users"]));
    assert!(!out.contains("legacy"), "{out}");
    ok(project.run(&code, &["migrate", "baseline", "--url", &db.url]));
    assert!(ok(project.run(&code, &["check", "--url", &db.url])).contains("agree"));
}

#[test]
fn strict_asks_on_a_terminal_even_with_force() {
    let project = Project::new(FIXTURE, "strict");
    std::fs::write(&project.config, "strict = true\n").unwrap();
    let db = TestDb::new("wf_strict");
    db.execute("CREATE TABLE t (id int PRIMARY KEY, extra text); INSERT INTO t VALUES (1, 'x');");
    let code = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY);"),
        "wf_strict",
    );
    let (status, out) = code_of(&project.run(&code, &["push", "--url", &db.url, "--force"]));
    assert_eq!(status, Some(1), "{out}");
    assert!(
        out.contains("strict = true, so --force is not enough"),
        "{out}"
    );
    assert!(db.dump().contains("extra"));
}

#[test]
fn extensions_the_config_names_are_created_and_then_left_as_they_are() {
    let project = Project::new(FIXTURE, "extensions");
    std::fs::write(&project.config, "extensions = [\"citext\"]\n").unwrap();
    let db = TestDb::new("wf_extensions");
    db.execute("CREATE EXTENSION pg_trgm;");
    let mut schema = schema_of("CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);");
    schema.tables[0].columns[1].ty = schema_core::SqlType::parse("citext");
    let code = fixture(&schema, "wf_extensions");
    let out = ok(project.run(&code, &["push", "--url", &db.url]));
    assert!(out.contains("+ extension citext"), "{out}");
    let dump = db.dump();
    assert!(
        dump.contains("CREATE EXTENSION IF NOT EXISTS citext"),
        "{dump}"
    );
    assert!(dump.contains("email public.citext NOT NULL"), "{dump}");
    assert!(
        dump.contains("pg_trgm"),
        "another extension is left alone: {dump}"
    );
    assert!(ok(project.run(&code, &["push", "--url", &db.url])).contains("No changes"));
    // A migration written for it creates it too.
    ok(project.run(&code, &["generate", "--name", "users"]));
    let up = std::fs::read_to_string(project.migrations()[0].join("up.sql")).unwrap();
    assert!(
        up.starts_with("CREATE EXTENSION IF NOT EXISTS \"citext\""),
        "{up}"
    );
    let fresh = TestDb::new("wf_extensions_fresh");
    ok(project.run(&code, &["migrate", "--url", &fresh.url]));
    assert!(ok(project.run(&code, &["check", "--url", &fresh.url])).contains("agree"));
}
