//! `push` against the real server: idempotent, atomic, consent before loss,
//! declared renames, concurrent runs, and one clear line for every bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use schema_core::push::{apply, prepare, Applied, PushError, PushOptions};
use schema_core::{introspect, Schema, SchemaFilter};
use schema_tests::pgbouncer::PgBouncer;
use schema_tests::{server_url, with_database, TestDb};

use auth_service as _;

const SECRET: &str = "hunter2-secret";

fn options() -> PushOptions {
    PushOptions {
        lock_timeout: std::time::Duration::from_secs(5),
        ..PushOptions::default()
    }
}

/// The schema a database holds after running `sql`.
fn schema_of(sql: &str) -> Schema {
    let db = TestDb::new("schema_of");
    db.execute(sql);
    introspect(&mut db.connect(), &SchemaFilter::AllNonSystem)
        .unwrap()
        .schema
}

/// Writes `schema` as a snapshot file for the fixture binary.
fn fixture(schema: &Schema, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("schema-push-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string(schema).unwrap()).unwrap();
    path
}

/// `program` with `code` = the snapshot at `fixture`, no DATABASE_URL from the
/// environment, in an empty folder, with no input and its output captured.
fn fixture_command(program: &str, fixture: &Path) -> Command {
    let cwd = std::env::temp_dir().join(format!("schema-push-cwd-{}", std::process::id()));
    std::fs::create_dir_all(&cwd).unwrap();
    let mut command = Command::new(program);
    command
        .env("SCHEMA_FIXTURE", fixture)
        .env_remove("DATABASE_URL")
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Runs the CLI (no terminal) and waits for it.
fn cli(fixture: &Path, args: &[&str]) -> Output {
    fixture_command(env!("CARGO_BIN_EXE_schema-fixture"), fixture)
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_push_after_a_push_plans_nothing() {
    let desired = Schema::registered().unwrap();
    let db = TestDb::new("push_twice");
    let mut client = db.connect();
    let first = prepare(&mut client, &desired, &options()).unwrap();
    assert!(!first.plan.is_empty());
    let applied = apply(&mut client, &desired, &first.plan, &options()).unwrap();
    assert!(
        matches!(
            applied,
            Applied::Done {
                in_transaction: 26,
                after_commit: 0
            }
        ),
        "{applied:?}"
    );
    let second = prepare(&mut client, &desired, &options()).unwrap();
    assert!(
        second.plan.is_empty(),
        "second plan: {}",
        second.plan.to_sql_script()
    );
}

#[test]
fn a_failing_third_statement_leaves_the_database_as_it_was() {
    // A failure no row count predicts (a SET NOT NULL over NULLs is refused before
    // anything runs): a unique constraint over duplicate values.
    let db = TestDb::new("push_fail3");
    db.execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 7), (2, 7);");
    let desired = schema_of(
        "CREATE TABLE t (id int PRIMARY KEY, v int UNIQUE);
         CREATE TABLE a (id int); CREATE TABLE b (id int);",
    );
    let before = db.dump();
    let mut client = db.connect();
    let prepared = prepare(&mut client, &desired, &options()).unwrap();
    assert_eq!(
        prepared.plan.statements.len(),
        3,
        "{}",
        prepared.plan.to_sql_script()
    );
    assert!(prepared.plan.statements[2].sql.contains("UNIQUE"));
    let err = apply(&mut client, &desired, &prepared.plan, &options()).unwrap_err();
    assert!(
        matches!(
            err,
            PushError::Statement {
                index: 3,
                total: 3,
                committed: 0,
                ..
            }
        ),
        "{err}"
    );
    let text = err.to_string();
    assert!(
        text.contains("nothing was changed") && text.contains("could not create unique index"),
        "{text}"
    );
    assert_eq!(db.dump(), before);
}

#[test]
fn a_drop_is_refused_without_force_and_applied_with_it() {
    let db = TestDb::new("push_drop");
    db.execute(
        "CREATE TABLE t (id int PRIMARY KEY, extra text); INSERT INTO t VALUES (1, 'x'), (2, 'y');",
    );
    let desired = fixture(&schema_of("CREATE TABLE t (id int PRIMARY KEY);"), "drop");
    let before = db.dump();
    let out = cli(&desired, &["push", "--url", &db.url]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("drop column public.t.extra (2 rows)"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).contains("need --force"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(db.dump(), before, "a refused push changes nothing");

    let out = cli(&desired, &["push", "--url", &db.url, "--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(!db.dump().contains("extra"));
}

#[test]
fn a_declared_rename_keeps_the_rows() {
    let db = TestDb::new("push_rename");
    db.execute("CREATE TABLE people (id int PRIMARY KEY, name text); INSERT INTO people VALUES (1, 'Ada');");
    let mut schema = schema_of("CREATE TABLE persons (id int PRIMARY KEY, full_name text);");
    let table = &mut schema.tables[0];
    table.renamed_from = vec!["people".into()];
    table.columns[1].renamed_from = vec!["name".into()];
    // The primary key keeps the old table's name: renaming a table renames no constraint.
    table.primary_key.as_mut().unwrap().name = "people_pkey".into();
    let out = cli(&fixture(&schema, "rename"), &["push", "--url", &db.url]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let row = db
        .connect()
        .query_one("SELECT full_name FROM persons WHERE id = 1", &[])
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "Ada");
}

#[test]
fn an_undeclared_rename_is_refused_and_explained() {
    let db = TestDb::new("push_undeclared");
    db.execute("CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'Ada');");
    let desired = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY, full_name text);"),
        "undeclared",
    );
    let out = cli(&desired, &["push", "--url", &db.url]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("#[column(renamed_from = \"name\")]"),
        "{stdout}"
    );
}

#[test]
fn four_concurrent_pushes_apply_once_and_all_succeed() {
    let db = TestDb::new("push_concurrent");
    let desired = fixture(&Schema::registered().unwrap(), "concurrent");
    let runs: Vec<_> = (0..4)
        .map(|_| {
            fixture_command(env!("CARGO_BIN_EXE_schema-fixture"), &desired)
                .args(["push", "--url", &db.url])
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<Output> = runs
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    for out in &outputs {
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
    }
    let applied = outputs
        .iter()
        .filter(|o| text(&o.stdout).contains("Applied 26 statements"))
        .count();
    assert_eq!(applied, 1, "exactly one run applies the plan");
    let again = cli(&desired, &["push", "--url", &db.url]);
    assert!(
        text(&again.stdout).contains("No changes"),
        "{}",
        text(&again.stdout)
    );
}

#[test]
fn push_works_through_pgbouncer_in_transaction_pooling_mode() {
    let db = TestDb::new("push_bouncer");
    let bouncer = PgBouncer::start(1);
    let url = bouncer.url(&db.name, schema_tests::pgbouncer::PASSWORD);
    let desired = fixture(&Schema::registered().unwrap(), "bouncer");
    for expected in ["Applied 26 statements", "No changes"] {
        let out = cli(&desired, &["push", "--url", &url]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}\n{}",
            text(&out.stdout),
            text(&out.stderr),
            bouncer.log()
        );
        assert!(
            text(&out.stdout).contains(expected),
            "{}",
            text(&out.stdout)
        );
    }
}

/// A role that may connect but not create anything; dropped afterwards.
struct Role(String);

impl Role {
    fn create() -> Role {
        let name = format!("noperm_{}", std::process::id());
        let mut admin = postgres::Client::connect(&server_url(), postgres::NoTls).unwrap();
        admin
            .batch_execute(&format!(
                "DROP ROLE IF EXISTS {name}; CREATE ROLE {name} LOGIN"
            ))
            .unwrap();
        Role(name)
    }
}

impl Drop for Role {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&server_url(), postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP ROLE IF EXISTS {}", self.0));
        }
    }
}

#[test]
fn every_bad_input_is_one_line_with_a_non_zero_exit_and_no_password() {
    let db = TestDb::new("push_bad");
    db.execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, NULL);");
    let bouncer = PgBouncer::start(1);
    let role = Role::create();
    let good = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL);"),
        "bad_good",
    );
    let new_table = fixture(&schema_of("CREATE TABLE fresh (id int);"), "bad_new");
    let mut for_a_missing_role = schema_of("CREATE TABLE t (id int PRIMARY KEY, v int);");
    for_a_missing_role.tables[0]
        .policies
        .push(schema_core::model::Policy {
            name: "own_rows".into(),
            restrictive: false,
            command: schema_core::model::PolicyCommand::Select,
            roles: vec!["no_such_role_anywhere".into()],
            using: Some("true".into()),
            with_check: None,
        });
    let missing_role = fixture(&for_a_missing_role, "bad_role");
    let mut granted_to_a_missing_role = schema_of("CREATE TABLE t (id int PRIMARY KEY, v int);");
    granted_to_a_missing_role.tables[0]
        .grants
        .push(schema_core::model::Grant::new(
            "no_such_role_anywhere",
            "SELECT",
        ));
    let missing_grant_role = fixture(&granted_to_a_missing_role, "bad_grant_role");
    let dir = std::env::temp_dir().join(format!("schema-push-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad_config = dir.join("bad.toml");
    std::fs::write(&bad_config, "lock_timout = \"1s\"\n").unwrap();
    let not_json = dir.join("not.json");
    std::fs::write(&not_json, "{ nope").unwrap();
    let missing = dir.join("missing.json");
    let at = |host_port: &str, db: &str| format!("postgres://postgres:{SECRET}@{host_port}/{db}");
    let local = "127.0.0.1:5432";
    let no_perm_url = with_database(
        &format!("postgres://{}:{SECRET}@{local}/postgres", role.0),
        &db.name,
    );
    let wrong_password = bouncer.url(&db.name, SECRET);
    let url = with_database(&at(local, "x"), &db.name);
    let with_query = |q: &str| format!("{url}?{q}");

    let cases: Vec<(&str, PathBuf, Vec<String>, i32, &str)> = vec![
        (
            "not a URL",
            good.clone(),
            vec![
                "push".into(),
                "--url".into(),
                format!("postgres://postgres:{SECRET}@[::1/x"),
            ],
            2,
            "invalid database URL",
        ),
        (
            "bad port",
            good.clone(),
            vec!["push".into(), "--url".into(), at("127.0.0.1:notaport", "x")],
            2,
            "invalid database URL",
        ),
        (
            "connection refused",
            good.clone(),
            vec!["push".into(), "--url".into(), at("127.0.0.1:1", "x")],
            2,
            "connection refused",
        ),
        (
            "unknown host",
            good.clone(),
            vec![
                "push".into(),
                "--url".into(),
                at("no-such-host.invalid:5432", "x"),
            ],
            2,
            "check the host name",
        ),
        (
            "wrong password",
            good.clone(),
            vec!["push".into(), "--url".into(), wrong_password],
            2,
            "password authentication failed",
        ),
        (
            "missing database",
            good.clone(),
            vec!["push".into(), "--url".into(), at(local, "no_such_db_here")],
            2,
            "does not exist",
        ),
        (
            "unknown sslmode",
            good.clone(),
            vec!["push".into(), "--url".into(), with_query("sslmode=bogus")],
            2,
            "unknown sslmode",
        ),
        (
            "no URL anywhere",
            good.clone(),
            vec!["push".into()],
            2,
            "no database URL",
        ),
        (
            "bad config file",
            good.clone(),
            vec![
                "push".into(),
                "--url".into(),
                url.clone(),
                "--config".into(),
                bad_config.display().to_string(),
            ],
            2,
            "unknown field `lock_timout`",
        ),
        (
            "bad lock timeout",
            good.clone(),
            vec![
                "push".into(),
                "--url".into(),
                url.clone(),
                "--lock-timeout".into(),
                "5h".into(),
            ],
            2,
            "invalid lock_timeout",
        ),
        (
            "missing privilege",
            new_table.clone(),
            vec!["push".into(), "--url".into(), no_perm_url],
            2,
            "permission denied",
        ),
        (
            "failing statement",
            good.clone(),
            vec!["push".into(), "--url".into(), url.clone()],
            2,
            "contains null values",
        ),
        (
            "a policy for a role the server lacks",
            missing_role,
            vec!["push".into(), "--url".into(), url.clone()],
            2,
            "policy own_rows on public.t is for role no_such_role_anywhere, which this server does not have (roles are not created for you)",
        ),
        (
            "a grant to a role the server lacks",
            missing_grant_role,
            vec!["push".into(), "--url".into(), url.clone()],
            2,
            "a grant on table public.t is for role no_such_role_anywhere, which this server does not have (roles are not created for you): create it first (CREATE ROLE \"no_such_role_anywhere\") or leave it out of the grant's `to`",
        ),
        (
            "code snapshot missing",
            missing.clone(),
            vec!["push".into(), "--url".into(), url.clone()],
            2,
            "cannot read snapshot",
        ),
        (
            "diff from a missing file",
            good.clone(),
            vec![
                "diff".into(),
                "--from".into(),
                missing.display().to_string(),
                "--to".into(),
                "code".into(),
            ],
            2,
            "cannot read snapshot",
        ),
        (
            "diff from a file that is not JSON",
            good.clone(),
            vec![
                "diff".into(),
                "--from".into(),
                not_json.display().to_string(),
                "--to".into(),
                "code".into(),
            ],
            2,
            "is not a schema snapshot",
        ),
        (
            "key=value conninfo, unreachable",
            good.clone(),
            vec![
                "push".into(),
                "--url".into(),
                format!("host=127.0.0.1 port=1 user=postgres password={SECRET} dbname=x"),
            ],
            2,
            "connection refused",
        ),
        (
            "key=value conninfo, quoted password, wrong",
            good.clone(),
            vec![
                "push".into(),
                "--url".into(),
                format!(
                    "host=127.0.0.1 port={} user=postgres password='{SECRET} x' dbname={}",
                    bouncer.port, db.name
                ),
            ],
            2,
            "password authentication failed",
        ),
        (
            "raw ? in the password, parsed as a password",
            good.clone(),
            vec![
                "push".into(),
                "--url".into(),
                format!(
                    "postgres://postgres:{SECRET}?x@127.0.0.1:{}/{}",
                    bouncer.port, db.name
                ),
            ],
            2,
            "password authentication failed",
        ),
        (
            "raw # in the password, unreachable",
            good.clone(),
            vec![
                "push".into(),
                "--url".into(),
                format!("postgres://postgres:{SECRET}#x@127.0.0.1:1/x"),
            ],
            2,
            "connection refused",
        ),
        (
            "a lock timeout that overflows",
            good.clone(),
            vec![
                "push".into(),
                "--url".into(),
                url.clone(),
                "--lock-timeout".into(),
                "307445734561825861m".into(),
            ],
            2,
            "at most 3600 s",
        ),
        (
            "a lock timeout over an hour",
            good.clone(),
            vec![
                "push".into(),
                "--url".into(),
                url.clone(),
                "--lock-timeout".into(),
                "90m".into(),
            ],
            2,
            "at most 3600 s",
        ),
        (
            "an unknown flag",
            good.clone(),
            vec!["push".into(), "--url".into(), url.clone(), "--frce".into()],
            2,
            "unexpected argument '--frce'",
        ),
        (
            "a flag without its value",
            good.clone(),
            vec!["push".into(), "--url".into()],
            2,
            "a value is required for '--url <URL>'",
        ),
        (
            "an unknown command",
            good.clone(),
            vec!["pushh".into()],
            2,
            "unrecognized subcommand 'pushh'",
        ),
        (
            "a 100 kB URL",
            good.clone(),
            vec![
                "push".into(),
                "--url".into(),
                format!(
                    "postgres://postgres:{SECRET}@127.0.0.1:1/{}",
                    "x".repeat(100_000)
                ),
            ],
            2,
            "connection refused",
        ),
        (
            "diff from an unreachable database",
            good.clone(),
            vec![
                "diff".into(),
                "--from".into(),
                at("127.0.0.1:1", "x"),
                "--to".into(),
                "code".into(),
            ],
            2,
            "connection refused",
        ),
    ];
    let before = db.dump();
    let check = |name: &str, out: Output, code: i32, expected: &str| {
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(code), "{name}: {stdout}{stderr}");
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{name}: one line expected, got: {stderr}");
        assert!(
            lines[0].starts_with("error: ") && lines[0].contains(expected),
            "{name}: {stderr}"
        );
        assert!(
            lines[0].len() < 1200,
            "{name}: a line of {} bytes",
            lines[0].len()
        );
        assert!(
            !stdout.contains(SECRET) && !stderr.contains(SECRET),
            "{name} shows the password: {stderr}"
        );
    };
    for (name, fixture, args, code, expected) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        check(name, cli(fixture, &args), *code, expected);
    }
    // A .env whose quote is never closed: the line (and its password) is not echoed.
    let env_dir = dir.join("dotenv");
    std::fs::create_dir_all(&env_dir).unwrap();
    std::fs::write(
        env_dir.join(".env"),
        format!("# local\nDATABASE_URL=\"postgres://postgres:{SECRET}@127.0.0.1/x\n"),
    )
    .unwrap();
    let out = fixture_command(env!("CARGO_BIN_EXE_schema-fixture"), &good)
        .current_dir(&env_dir)
        .arg("push")
        .output()
        .unwrap();
    check(
        ".env with an unterminated quote",
        out,
        2,
        "cannot read .env: line 2",
    );
    // The outcome of a failed push as JSON, the error as data, on standard output.
    let out = cli(&good, &["push", "--url", &url, "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["outcome"], "failed", "{doc}");
    assert!(
        doc["error"]
            .as_str()
            .unwrap()
            .contains("contains null values"),
        "{doc}"
    );
    assert!(!text(&out.stdout).contains(SECRET));
    assert!(cases.len() >= 25);
    assert_eq!(db.dump(), before, "no bad input changed the database");
}

#[test]
fn concurrent_indexes_are_built_after_the_transaction() {
    let db = TestDb::new("push_concurrent_idx");
    db.execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 1), (2, 2);");
    let desired = fixture(
        &schema_of(
            "CREATE TABLE t (id int PRIMARY KEY, v int, w int);
             CREATE INDEX t_v_idx ON t (v); COMMENT ON INDEX t_v_idx IS 'by v';",
        ),
        "concurrent_idx",
    );
    let out = cli(
        &desired,
        &["push", "--url", &db.url, "--concurrent-indexes"],
    );
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("CREATE INDEX CONCURRENTLY")
            && stdout.contains("(outside the transaction)"),
        "{stdout}"
    );
    assert!(stdout.contains("1 outside the transaction"), "{stdout}");
    let valid: bool = db
        .connect()
        .query_one(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v_idx'::regclass",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(valid);
    let again = cli(
        &desired,
        &["push", "--url", &db.url, "--concurrent-indexes"],
    );
    assert!(
        text(&again.stdout).contains("No changes"),
        "{}",
        text(&again.stdout)
    );
}

/// Runs the CLI on a pseudo-terminal (util-linux `script`), typing `answers`.
fn cli_on_terminal(fixture: &Path, args: &[&str], answers: &str) -> (Option<i32>, String) {
    let command = std::iter::once(env!("CARGO_BIN_EXE_schema-fixture"))
        .chain(args.iter().copied())
        .map(|a| format!("'{a}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let mut child = fixture_command("script", fixture)
        .args(["-qec", &command, "/dev/null"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs a command on a terminal");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code(), text(&out.stdout))
}

#[test]
fn on_a_terminal_a_rename_is_asked_and_a_yes_keeps_the_rows() {
    let db = TestDb::new("push_tty_rename");
    db.execute("CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'Ada');");
    let desired = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY, full_name text);"),
        "tty_rename",
    );
    let (code, screen) = cli_on_terminal(&desired, &["push", "--url", &db.url], "y\n");
    assert_eq!(code, Some(0), "{screen}");
    assert!(
        screen.contains("column public.t.name is gone and full_name is new"),
        "{screen}"
    );
    let row = db
        .connect()
        .query_one("SELECT full_name FROM t", &[])
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "Ada");
}

#[test]
fn on_a_terminal_data_loss_is_asked_and_a_no_changes_nothing() {
    let db = TestDb::new("push_tty_loss");
    db.execute("CREATE TABLE t (id int PRIMARY KEY); CREATE TABLE gone (id int); INSERT INTO gone VALUES (1);");
    let desired = fixture(
        &schema_of("CREATE TABLE t (id int PRIMARY KEY);"),
        "tty_loss",
    );
    let before = db.dump();
    let (code, screen) = cli_on_terminal(&desired, &["push", "--url", &db.url], "n\n");
    assert_eq!(code, Some(1), "{screen}");
    assert!(
        screen.contains("drop table public.gone (1 row)") && screen.contains("lose data?"),
        "{screen}"
    );
    assert_eq!(db.dump(), before);
    let (code, screen) = cli_on_terminal(&desired, &["push", "--url", &db.url], "y\n");
    assert_eq!(code, Some(0), "{screen}");
    assert!(!db.dump().contains("gone"));
}

#[test]
fn the_diff_script_is_atomic_under_psql() {
    let a = TestDb::new("diff_atomic_a");
    a.execute("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, NULL);");
    let b = TestDb::new("diff_atomic_b");
    b.execute("CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL); CREATE TABLE u (id int);");
    let out = cli(
        Path::new("/nonexistent"),
        &["diff", "--from", &a.url, "--to", &b.url],
    );
    let script = text(&out.stdout);
    assert!(
        script.contains("BEGIN;") && script.trim_end().ends_with("COMMIT;"),
        "{script}"
    );
    let before = a.dump();
    let psql = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", &a.url])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    psql.stdin
        .as_ref()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let result = psql.wait_with_output().unwrap();
    assert!(
        !result.status.success(),
        "SET NOT NULL over a NULL must fail"
    );
    assert_eq!(
        a.dump(),
        before,
        "the table created before the failure was rolled back too"
    );
}
