//! `generate`, `migrate`, `check` and `status` through the real command line.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use schema_core::{introspect, Schema, SchemaFilter};
use schema_tests::TestDb;

/// The schema a database holds after running `sql`.
fn schema_of(sql: &str) -> Schema {
    let db = TestDb::new("mig_schema_of");
    db.execute(sql);
    introspect(&mut db.connect(), &SchemaFilter::AllNonSystem)
        .unwrap()
        .schema
}

/// A project folder: the code (a snapshot file for the fixture binary) and its
/// migrations folder.
struct Project {
    dir: PathBuf,
}

impl Project {
    fn new(label: &str) -> Project {
        let dir = std::env::temp_dir().join(format!("schema-mig-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Project { dir }
    }

    /// Declares `sql`'s tables as the code.
    fn code(&self, sql: &str) {
        std::fs::write(
            self.dir.join("code.json"),
            serde_json::to_string(&schema_of(sql)).unwrap(),
        )
        .unwrap();
    }

    fn run(&self, db: &TestDb, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_schema-fixture"))
            .args(args)
            .args(["--url", &db.url])
            .env("SCHEMA_FIXTURE", self.dir.join("code.json"))
            .env_remove("DATABASE_URL")
            .current_dir(&self.dir)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    fn migrations(&self) -> Vec<PathBuf> {
        let dir = self.dir.join("migrations");
        let mut out: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries.map(|e| e.unwrap().path()).collect(),
            Err(_) => vec![],
        };
        out.sort();
        out
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[track_caller]
fn ok(out: Output) -> String {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    text(&out)
}

const V1: &str = "CREATE TYPE mood AS ENUM ('happy', 'sad');
    CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE,
                        mood mood NOT NULL DEFAULT 'happy', created_at timestamptz NOT NULL DEFAULT now());
    CREATE INDEX users_lower_email_idx ON users (lower(email));";

const V2: &str = "CREATE TYPE mood AS ENUM ('happy', 'meh', 'sad');
    CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE,
                        mood mood NOT NULL DEFAULT 'meh', created_at timestamptz NOT NULL DEFAULT now(),
                        nickname varchar(40));
    CREATE INDEX users_lower_email_idx ON users (lower(email));
    CREATE TABLE posts (id bigint PRIMARY KEY, author bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                        body text NOT NULL CHECK (length(body) > 0));";

#[test]
fn generate_migrate_check_then_push_plans_nothing() {
    let project = Project::new("flow");
    let db = TestDb::new("mig_flow");
    project.code(V1);
    assert!(ok(project.run(&db, &["generate", "--name", "users"])).contains("Wrote migrations/"));
    assert!(ok(project.run(&db, &["generate"])).contains("nothing written"));
    ok(project.run(&db, &["migrate"]));
    assert!(ok(project.run(&db, &["check"])).contains("agree"));

    // The next change: a new enum value used as the default at once, a column, a table.
    project.code(V2);
    let out = project.run(&db, &["check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "unmigrated code must fail the check: {}",
        text(&out)
    );
    assert!(text(&out).contains("no migration"), "{}", text(&out));
    ok(project.run(&db, &["generate", "--name", "posts"]));
    // The new value must commit before the default uses it: a migration of its
    // own, in a transaction of its own (so a failure leaves nothing half-done).
    assert_eq!(project.migrations().len(), 3, "{:?}", project.migrations());
    let name = project.migrations()[1]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.ends_with("_posts_enum_values"), "{name}");
    let early = std::fs::read_to_string(project.migrations()[1].join("up.sql")).unwrap();
    assert!(
        !early.starts_with("-- schema:no-transaction") && early.contains("ADD VALUE"),
        "{early}"
    );
    ok(project.run(&db, &["migrate"]));
    assert!(ok(project.run(&db, &["check"])).contains("agree"));
    assert!(ok(project.run(&db, &["push"])).contains("No changes"));
    let status = ok(project.run(&db, &["status"]));
    assert_eq!(status.matches("applied").count(), 3, "{status}");

    // The journal says what ran; the database equals one built from V2 directly.
    let direct = TestDb::new("mig_flow_direct");
    direct.execute(V2);
    db.execute("DROP TABLE schema_migrations;");
    assert_eq!(db.dump(), direct.dump());
}

#[test]
fn check_fails_when_the_database_drifts() {
    let project = Project::new("drift");
    let db = TestDb::new("mig_drift");
    project.code(V1);
    ok(project.run(&db, &["generate"]));
    ok(project.run(&db, &["migrate"]));
    db.execute("ALTER TABLE users ADD COLUMN hand_made int;");
    let out = project.run(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("DROP COLUMN \"hand_made\""),
        "{}",
        text(&out)
    );
}

#[test]
fn generate_refuses_data_loss_without_force() {
    let project = Project::new("loss");
    let db = TestDb::new("mig_loss");
    project.code(V1);
    ok(project.run(&db, &["generate"]));
    project.code("CREATE TABLE other (id int);");
    let out = project.run(&db, &["generate"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("needs --force"), "{}", text(&out));
    assert_eq!(project.migrations().len(), 1, "nothing written");
    ok(project.run(&db, &["generate", "--force"]));
    assert_eq!(project.migrations().len(), 2);
    let down = std::fs::read_to_string(project.migrations()[1].join("down.sql")).unwrap();
    assert!(
        down.contains("CREATE TABLE \"public\".\"users\""),
        "down.sql recreates what up drops: {down}"
    );
}

#[test]
fn the_example_migrations_hold_the_example_code() {
    use auth_service as _;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/auth-service/migrations");
    let migrated = schema_core::migrate::latest_snapshot(&dir)
        .unwrap()
        .expect("the example has migrations");
    let code = Schema::registered().unwrap();
    let changes = schema_core::diff(&migrated, &code);
    assert!(
        changes.is_empty(),
        "run `generate` in examples/auth-service: {changes:?}"
    );
}

#[test]
fn generate_puts_concurrent_indexes_in_a_migration_of_their_own() {
    let project = Project::new("cic");
    let db = TestDb::new("mig_cic");
    project.code("CREATE TABLE t (id int PRIMARY KEY, v int);");
    ok(project.run(&db, &["generate"]));
    ok(project.run(&db, &["migrate"]));
    project
        .code("CREATE TABLE t (id int PRIMARY KEY, v int, w int); CREATE INDEX t_v_idx ON t (v);");
    ok(project.run(
        &db,
        &["generate", "--concurrent-indexes", "--name", "index v"],
    ));
    let files = project.migrations();
    assert_eq!(files.len(), 3, "{files:?}");
    let last = std::fs::read_to_string(files[2].join("up.sql")).unwrap();
    assert!(
        last.starts_with("-- schema:no-transaction") && last.contains("CREATE INDEX CONCURRENTLY"),
        "{last}"
    );
    assert!(files[2].ends_with(format!(
        "{}_index_v_concurrent_indexes",
        &files[2].file_name().unwrap().to_str().unwrap()[..14]
    )));
    ok(project.run(&db, &["migrate"]));
    assert!(ok(project.run(&db, &["check"])).contains("agree"));
}
