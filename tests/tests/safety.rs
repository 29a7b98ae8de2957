//! Nothing lost, nothing hung, nothing leaked: each safety rule through the real
//! binary against the real server.

use std::path::Path;
use std::process::Output;

use schema_core::Schema;
use schema_tests::{fixture, run_fixture, schema_of, text, Project, TestDb};

fn cli(fixture: &Path, args: &[&str]) -> Output {
    run_fixture(env!("CARGO_BIN_EXE_schema-fixture"), fixture, args)
}

/// Exit code, the stderr lines, stdout.
fn outcome(out: &Output) -> (Option<i32>, Vec<String>, String) {
    let stderr = text(&out.stderr);
    let lines = stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    (out.status.code(), lines, text(&out.stdout))
}

/// Asserts one line on stderr, starting `error: ` and containing `expected`, and
/// the exit code.
fn assert_error(out: &Output, code: i32, expected: &str) {
    let (status, lines, stdout) = outcome(out);
    assert_eq!(status, Some(code), "{lines:?} {stdout}");
    assert_eq!(lines.len(), 1, "one line expected: {lines:?}");
    assert!(
        lines[0].starts_with("error: ") && lines[0].contains(expected),
        "{lines:?}"
    );
}

const TWO_NAMESPACES: &str = "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);
     CREATE SCHEMA auth; CREATE TABLE auth.u (id int PRIMARY KEY); INSERT INTO auth.u VALUES (1);";

#[test]
fn code_that_declares_nothing_drops_nothing_whatever_the_flags() {
    let db = TestDb::new("safety_empty");
    db.execute(TWO_NAMESPACES);
    let empty = fixture(&Schema::empty(), "safety_empty");
    let before = db.dump();
    for args in [
        vec!["push", "--url", &db.url],
        vec!["push", "--url", &db.url, "--force"],
        vec!["push", "--url", &db.url, "--force", "--schema", "public"],
        vec!["check", "--url", &db.url],
    ] {
        let out = cli(&empty, &args);
        assert_error(&out, 2, "declares no tables, enums, views or functions");
        assert!(text(&out.stderr).contains("schema_cli::main!"));
    }
    assert_eq!(db.dump(), before);
    // Said explicitly, an empty schema manages nothing unless namespaces are named...
    let out = cli(
        &empty,
        &["push", "--url", &db.url, "--force", "--allow-empty-schema"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(db.dump(), before);
    // ...and then drops what they hold.
    let out = cli(
        &empty,
        &[
            "push",
            "--url",
            &db.url,
            "--force",
            "--allow-empty-schema",
            "--schema",
            "auth",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!db.dump().contains("auth.u"), "{}", db.dump());
}

#[test]
fn namespaces_the_code_never_mentions_are_left_alone() {
    let db = TestDb::new("safety_namespaces");
    db.execute(TWO_NAMESPACES);
    let code = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY, note text);"),
        "safety_public",
    );
    let out = cli(&code, &["push", "--url", &db.url, "--dry-run"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        stdout.contains("-- managed namespaces: public\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("auth"), "{stdout}");
    let out = cli(&code, &["push", "--url", &db.url, "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("(namespaces: public)"));
    let dump = db.dump();
    assert!(dump.contains("auth.u") && dump.contains("note"), "{dump}");

    // Named, a namespace the code leaves empty is refused, not dropped.
    let out = cli(
        &code,
        &[
            "push", "--url", &db.url, "--force", "--schema", "public", "--schema", "auth",
        ],
    );
    assert_error(&out, 2, "declares nothing in namespace auth, which holds 1");
    assert!(db.dump().contains("auth.u"));
}

#[test]
fn a_namespace_neither_side_has_is_an_error() {
    let db = TestDb::new("safety_nosuch");
    db.execute("CREATE TABLE t (id int PRIMARY KEY);");
    let code = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY);"),
        "safety_nosuch",
    );
    for command in ["push", "check"] {
        let out = cli(&code, &[command, "--url", &db.url, "--schema", "nosuch"]);
        assert_error(
            &out,
            2,
            "namespace nosuch is neither in the code nor in the database",
        );
    }
}

#[test]
fn generate_refuses_to_write_a_drop_everything_migration() {
    let dir = std::env::temp_dir().join(format!("safety-gen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let migrations = dir.join("migrations");
    let config = dir.join("schema.toml");
    std::fs::write(
        &config,
        format!("migrations = {:?}\n", migrations.display().to_string()),
    )
    .unwrap();
    let config = config.display().to_string();
    let code = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY);"),
        "safety_gen",
    );
    let out = cli(&code, &["generate", "--config", &config, "--name", "init"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = || std::fs::read_dir(&migrations).unwrap().count();
    assert_eq!(written(), 1);
    let empty = fixture(&Schema::empty(), "safety_gen_empty");
    for args in [
        vec!["generate", "--config", &config],
        vec!["generate", "--config", &config, "--force"],
    ] {
        assert_error(
            &cli(&empty, &args),
            2,
            "declares no tables, enums, views or functions",
        );
    }
    assert_eq!(written(), 1, "nothing was written");
    let _ = std::fs::remove_dir_all(&dir);
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

#[test]
fn migrate_down_asks_before_it_loses_data() {
    let project = Project::new(env!("CARGO_BIN_EXE_schema-fixture"), "down");
    let db = TestDb::new("safety_down");
    let v1 = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY);"),
        "down_v1",
    );
    let v2 = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY, extra text);"),
        "down_v2",
    );
    ok(project.run(&v1, &["generate", "--name", "t"]));
    ok(project.run(&v2, &["generate", "--name", "extra"]));
    ok(project.run(&v2, &["migrate", "--url", &db.url]));
    db.execute("INSERT INTO t VALUES (1, 'kept'), (2, NULL);");
    let before = db.dump();

    let out = project.run(&v2, &["migrate", "down", "--url", &db.url]);
    let (code, lines, stdout) = outcome(&out);
    assert_eq!(code, Some(1), "{lines:?} {stdout}");
    assert!(
        stdout.contains("drop column public.t.extra (1 row)"),
        "{stdout}"
    );
    assert!(
        lines[0].contains("Refused: nothing was reverted"),
        "{lines:?}"
    );
    assert_eq!(db.dump(), before, "a refused down changes nothing");

    let out = ok(project.run(&v2, &["migrate", "down", "--url", &db.url, "--force"]));
    assert!(out.contains("Reverted"), "{out}");
    assert!(!db.dump().contains("extra"));
}

#[test]
fn migrate_down_of_a_migration_without_a_snapshot_asks() {
    let project = Project::new(env!("CARGO_BIN_EXE_schema-fixture"), "down_unchecked");
    let db = TestDb::new("safety_down_unchecked");
    let v1 = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY);"),
        "unchecked_v1",
    );
    ok(project.run(&v1, &["generate", "--name", "t"]));
    let folder = project.migrations()[0].clone();
    std::fs::remove_file(folder.join("snapshot.json")).unwrap();
    ok(project.run(&v1, &["migrate", "--url", &db.url]));
    let out = project.run(&v1, &["migrate", "down", "--url", &db.url]);
    let (code, _, stdout) = outcome(&out);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("has no snapshot.json"), "{stdout}");
    assert!(db.dump().contains("CREATE TABLE public.t"));
}

#[test]
fn nulls_under_a_new_not_null_are_filled_with_consent_or_refused_before_anything_runs() {
    let db = TestDb::new("safety_not_null");
    db.execute(
        "CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, NULL), (2, 5);",
    );
    let before = db.dump();

    // No default in the code: refused, with the row count and what to write.
    let strict = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL);"),
        "not_null_strict",
    );
    for args in [
        vec!["push", "--url", &db.url],
        vec!["push", "--url", &db.url, "--force"],
    ] {
        let out = cli(&strict, &args);
        assert_error(&out, 2, "public.t.v cannot become NOT NULL while rows hold NULL in it (column \"v\" contains null values): 1 row; give `v` a default");
        assert!(text(&out.stderr).contains("nothing was applied"));
    }
    assert_eq!(db.dump(), before);

    // A default in the code: the NULLs are filled with it, with consent.
    let filled = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL DEFAULT 0);"),
        "not_null_filled",
    );
    let out = cli(&filled, &["push", "--url", &db.url]);
    let (code, lines, stdout) = outcome(&out);
    assert_eq!(code, Some(1), "{lines:?} {stdout}");
    assert!(
        stdout.contains("data change: fill NULLs in public.t.v with its default 0 (1 row)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("UPDATE \"public\".\"t\" SET \"v\" = 0 WHERE \"v\" IS NULL"),
        "{stdout}"
    );
    assert_eq!(db.dump(), before);
    ok(cli(&filled, &["push", "--url", &db.url, "--force"]));
    let rows: Vec<(i32, i32)> = db
        .connect()
        .query("SELECT id, v FROM t ORDER BY id", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(rows, [(1, 0), (2, 5)]);
}

#[test]
fn a_not_null_column_without_a_default_is_refused_on_a_table_with_rows() {
    let db = TestDb::new("safety_add_not_null");
    db.execute("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);");
    let code = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL);"),
        "add_not_null",
    );
    let before = db.dump();
    let out = cli(&code, &["push", "--url", &db.url, "--force"]);
    assert_error(
        &out,
        2,
        "NOT NULL column public.t.name cannot be added without a default to a table with rows",
    );
    assert_eq!(db.dump(), before);
    // On an empty table it is fine.
    db.execute("DELETE FROM t;");
    ok(cli(&code, &["push", "--url", &db.url]));
    assert!(db.dump().contains("name text NOT NULL"));
}

#[test]
fn an_invalid_index_is_a_difference_that_is_rebuilt() {
    let db = TestDb::new("safety_invalid_index");
    db.execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 7), (2, 7);");
    // A concurrent build over duplicates fails and leaves the index invalid.
    let failed = db
        .connect()
        .batch_execute("CREATE UNIQUE INDEX CONCURRENTLY t_v_idx ON t (v)");
    assert!(failed.is_err());
    let code = fixture(
        &schema_of(
            "CREATE TABLE t (id int PRIMARY KEY, v int); CREATE UNIQUE INDEX t_v_idx ON t (v);",
        ),
        "invalid_index",
    );
    let out = cli(&code, &["check", "--url", &db.url]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("is invalid"),
        "{}",
        text(&out.stdout)
    );
    let out = cli(&code, &["push", "--url", &db.url, "--dry-run"]);
    let script = text(&out.stdout);
    assert!(
        script.contains("DROP INDEX \"public\".\"t_v_idx\"")
            && script.contains("CREATE UNIQUE INDEX \"t_v_idx\""),
        "{script}"
    );
    // The duplicates still there: the rebuild fails, and nothing changes.
    let out = cli(&code, &["push", "--url", &db.url, "--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("could not create unique index"));
    // Once they are gone, it is rebuilt valid, and the next push plans nothing.
    db.execute("DELETE FROM t WHERE id = 2;");
    ok(cli(&code, &["push", "--url", &db.url]));
    let valid: bool = db
        .connect()
        .query_one(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v_idx'::regclass",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(valid);
    assert!(ok(cli(&code, &["push", "--url", &db.url])).contains("No changes"));
}

#[test]
fn an_empty_up_sql_is_refused_unless_it_says_it_means_nothing() {
    let project = Project::new(env!("CARGO_BIN_EXE_schema-fixture"), "empty_up");
    let db = TestDb::new("safety_empty_up");
    let code = Path::new("/nonexistent-code.json");
    project.add("20260101000000_t", "CREATE TABLE t (id int);\n");
    project.add("20260101000001_later", "-- to do\n\n");
    let out = project.run(code, &["migrate", "--url", &db.url]);
    assert_error(
        &out,
        2,
        "migration 20260101000001_later has an empty up.sql: write its SQL, or put the line `-- schema:empty` in it",
    );
    assert!(
        !db.dump().contains("CREATE TABLE public.t"),
        "nothing was applied"
    );
    project.add("20260101000001_later", "-- schema:empty\n");
    let out = ok(project.run(code, &["migrate", "--url", &db.url]));
    assert!(out.contains("20260101000001_later"), "{out}");
}

#[test]
fn snapshots_from_a_newer_version_or_with_unknown_fields_are_refused() {
    let dir = std::env::temp_dir().join(format!("safety-snap-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let newer = dir.join("newer.json");
    std::fs::write(&newer, r#"{"format": 2, "tables": []}"#).unwrap();
    let unknown = dir.join("unknown.json");
    std::fs::write(
        &unknown,
        r#"{"format": 1, "tables": [{"schema": "public", "name": "t", "columns": [], "partitioned": true}]}"#,
    )
    .unwrap();
    let code = fixture(&Schema::empty(), "snap_code");
    for (file, expected) in [
        (&newer, "newer.json is not a schema snapshot this version reads: it is in snapshot format 2, newer than this version reads (1); upgrade the tool"),
        (&unknown, "unknown.json is not a schema snapshot this version reads: tables[0].partitioned: unknown field `partitioned`"),
    ] {
        let out = cli(
            &code,
            &["diff", "--from", &file.display().to_string(), "--to", "empty"],
        );
        assert_error(&out, 2, expected);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs the command, killing it (and failing) if it has not ended in 30 s.
fn within_30s(mut command: std::process::Command) -> Output {
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the command hung for 30 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn fixture_command(code: &Path, args: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_schema-fixture"));
    command
        .env("SCHEMA_FIXTURE", code)
        .env_remove("DATABASE_URL")
        .args(args)
        .stdin(std::process::Stdio::null());
    command
}

#[test]
fn reads_under_a_table_lock_time_out_and_name_who_holds_it() {
    let db = TestDb::new("safety_locked");
    db.execute(
        "CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n > 0)); CREATE INDEX t_n ON t (n);",
    );
    let code = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY, n int CHECK (n > 0), extra text); CREATE INDEX t_n ON t (n);"),
        "locked",
    );
    let mut holder = db.connect();
    holder
        .batch_execute(
            "SET application_name = 'long-job'; BEGIN; LOCK TABLE t IN ACCESS EXCLUSIVE MODE;",
        )
        .unwrap();
    for command in ["push --dry-run", "push", "check"] {
        let mut args: Vec<&str> = command.split(' ').collect();
        args.extend(["--url", &db.url, "--lock-timeout", "300ms"]);
        let out = within_30s(fixture_command(&code, &args));
        assert_error(&out, 2, "waited longer than the lock timeout (300 ms) for a lock on table public.t held (AccessExclusiveLock) by backend pid");
        assert!(
            text(&out.stderr).contains("application \"long-job\""),
            "{}",
            text(&out.stderr)
        );
    }
    holder.batch_execute("ROLLBACK").unwrap();
    ok(cli(&code, &["push", "--url", &db.url]));
}

#[test]
fn waiting_for_another_run_is_bounded_and_names_it() {
    let db = TestDb::new("safety_lock_wait");
    db.execute("CREATE TABLE t (id int PRIMARY KEY);");
    let code = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY, extra text);"),
        "lock_wait",
    );
    let mut other = db.connect();
    other
        .batch_execute(
            "SET application_name = 'other-deploy'; \
             SELECT pg_advisory_lock(1396918341, hashtext('public.schema_migrations'))",
        )
        .unwrap();
    let out = within_30s(fixture_command(
        &code,
        &["push", "--url", &db.url, "--lock-wait", "1s"],
    ));
    assert_error(&out, 2, "another push or migration has held the schema lock of public.schema_migrations for longer than 1 s (backend pid");
    assert!(
        text(&out.stderr).contains("other-deploy"),
        "{}",
        text(&out.stderr)
    );
    assert!(!db.dump().contains("extra"));
}

/// A login role for one test (on the test's database), dropped afterwards.
struct Role {
    name: String,
    db: String,
}

impl Role {
    fn create(label: &str, db: &TestDb, grants: &str) -> Role {
        let name = format!("{label}_{}", std::process::id());
        let mut admin =
            schema_tests::Client::connect(&schema_tests::server_url(), schema_tests::NoTls)
                .unwrap();
        admin
            .batch_execute(&format!(
                "DROP ROLE IF EXISTS {name}; CREATE ROLE {name} LOGIN; GRANT CONNECT ON DATABASE \"{}\" TO {name};",
                db.name
            ))
            .unwrap();
        db.execute(&grants.replace("{role}", &name));
        Role {
            name,
            db: db.name.clone(),
        }
    }

    fn url(&self, db: &TestDb) -> String {
        db.url.replacen("postgres@", &format!("{}@", self.name), 1)
    }
}

impl Drop for Role {
    fn drop(&mut self) {
        let Ok(mut admin) =
            schema_tests::Client::connect(&schema_tests::server_url(), schema_tests::NoTls)
        else {
            return;
        };
        let _ = admin.batch_execute(&format!(
            "REVOKE ALL ON DATABASE \"{}\" FROM {}",
            self.db, self.name
        ));
        let url = schema_tests::with_database(&schema_tests::server_url(), &self.db);
        if let Ok(mut c) = schema_tests::Client::connect(&url, schema_tests::NoTls) {
            let _ = c.batch_execute(&format!("DROP OWNED BY {}", self.name));
        }
        let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {}", self.name));
    }
}

#[test]
fn checks_work_for_roles_that_may_not_write() {
    let db = TestDb::new("safety_read_only");
    db.execute(
        "CREATE TABLE t (id int PRIMARY KEY, n int CONSTRAINT t_n_check CHECK (n > 0 AND n < 10));",
    );
    let mut drifted = schema_of(
        "CREATE TABLE t (id int PRIMARY KEY, n int CONSTRAINT t_n_check CHECK (n > 0 AND n < 10), note text);",
    );
    // Spelled as code spells it, so comparing it needs the database's rendering.
    drifted.tables[0].checks[0].expression = "n > 0 AND n < 10".into();
    let code = fixture(&drifted, "read_only");
    let reader = Role::create(
        "reader",
        &db,
        "GRANT USAGE ON SCHEMA public TO {role}; GRANT SELECT ON t TO {role};",
    );
    let read_only = Role::create(
        "readonly",
        &db,
        "GRANT CREATE ON DATABASE CURRENT_DATABASE_NAME TO {role}; GRANT USAGE ON SCHEMA public TO {role}; \
         GRANT SELECT ON t TO {role}; ALTER ROLE {role} SET default_transaction_read_only = on;"
            .replace("CURRENT_DATABASE_NAME", &format!("\"{}\"", db.name))
            .as_str(),
    );
    for role in [&reader, &read_only] {
        let url = role.url(&db);
        let out = cli(&code, &["check", "--url", &url]);
        let (code_, lines, stdout) = outcome(&out);
        assert_eq!(code_, Some(1), "{}: {lines:?} {stdout}", role.name);
        assert!(lines.is_empty(), "{lines:?}");
        assert!(stdout.contains("ADD COLUMN \"note\" text"), "{stdout}");
        assert!(
            stdout.contains("the database accepts no writes here") && stdout.contains("public.t"),
            "{stdout}"
        );
        assert_eq!(
            stdout.matches("The database differs").count(),
            1,
            "{stdout}"
        );
        let out = cli(&code, &["push", "--url", &url, "--dry-run"]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("-- note: the database accepts no writes"));
    }
    // A role that may write gets the comparison normalised: only the new column.
    let out = cli(&code, &["check", "--url", &db.url]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    let drift = stdout.split("The database differs").nth(1).unwrap();
    assert!(
        !drift.contains("accepts no writes") && !drift.contains("t_n_check"),
        "{stdout}"
    );
}
