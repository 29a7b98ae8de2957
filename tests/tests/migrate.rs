//! The migration runner against the real server: applying folders of migrations,
//! refusing edited ones, rolling back failures, serialising concurrent runs,
//! statements outside transactions, status, down, and embedded migrations.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use schema_core::migrate::{
    migrate, migrate_down, read_migrations, run_embedded, status, EmbeddedMigration, JournalTable,
    MigrateError, MigrateOptions, Migration, MigrationState,
};
use schema_tests::{Client, TestDb};

/// A folder under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let path = std::env::temp_dir().join(format!(
            "schema-migrate-{label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    /// Writes `{id}/up.sql` (and `down.sql` when given).
    fn add(&self, id: &str, up: &str, down: Option<&str>) -> &Self {
        let folder = self.0.join(id);
        fs::create_dir_all(&folder).unwrap();
        fs::write(folder.join("up.sql"), up).unwrap();
        if let Some(down) = down {
            fs::write(folder.join("down.sql"), down).unwrap();
        }
        self
    }

    fn migrations(&self) -> Vec<Migration> {
        read_migrations(&self.0).unwrap_or_else(|e| panic!("{e}"))
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.0.join(relative)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const USERS: &str = "20261124101500_add_users";
const POSTS: &str = "20261124101600_add_posts";
const TAGS: &str = "20261124101700_add_tags";

/// Three migrations, each with a down.
fn three(dir: &TempDir) {
    dir.add(
        USERS,
        "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n",
        Some("DROP TABLE users;\n"),
    )
    .add(
        POSTS,
        "CREATE TABLE posts (\n  id bigint PRIMARY KEY,\n  user_id bigint NOT NULL REFERENCES users (id)\n);\nCREATE INDEX posts_user_id ON posts (user_id);\n",
        Some("DROP TABLE posts;\n"),
    )
    .add(
        TAGS,
        "CREATE TABLE tags (name text PRIMARY KEY);\nINSERT INTO tags VALUES ('a;b'), ($$c$$);\n",
        Some("DROP TABLE tags;\n"),
    );
}

fn versions(client: &mut Client) -> Vec<String> {
    client
        .query(
            "SELECT version FROM public.schema_migrations ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

fn table_exists(client: &mut Client, name: &str) -> bool {
    client
        .query_one("SELECT to_regclass($1) IS NOT NULL", &[&name])
        .unwrap()
        .get(0)
}

fn run(client: &mut Client, dir: &TempDir) -> Result<Vec<String>, MigrateError> {
    let report = migrate(client, &dir.migrations(), &MigrateOptions::default())?;
    Ok(report.applied.into_iter().map(|m| m.version).collect())
}

#[test]
fn a_folder_applies_once_and_then_there_is_nothing_to_do() {
    let db = TestDb::new("migrate_once");
    let dir = TempDir::new("once");
    three(&dir);
    let mut client = db.connect();
    let applied = run(&mut client, &dir).unwrap();
    assert_eq!(
        applied,
        ["20261124101500", "20261124101600", "20261124101700"]
    );
    assert!(table_exists(&mut client, "tags"));
    let tags: i64 = client
        .query_one("SELECT count(*) FROM tags", &[])
        .unwrap()
        .get(0);
    assert_eq!(tags, 2);
    let checksum: String = client
        .query_one(
            "SELECT checksum FROM schema_migrations WHERE version = '20261124101500'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(checksum, dir.migrations()[0].checksum);
    assert_eq!(run(&mut client, &dir).unwrap(), Vec::<String>::new());
    assert_eq!(versions(&mut client).len(), 3);
}

#[test]
fn an_edited_applied_migration_stops_the_run_before_anything_applies() {
    let db = TestDb::new("migrate_edited");
    let dir = TempDir::new("edited");
    three(&dir);
    fs::remove_dir_all(dir.path(TAGS)).unwrap();
    let mut client = db.connect();
    run(&mut client, &dir).unwrap();
    three(&dir);
    fs::write(
        dir.path(&format!("{USERS}/up.sql")),
        "CREATE TABLE users (id int PRIMARY KEY);\n",
    )
    .unwrap();
    let err = run(&mut client, &dir).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, MigrateError::Edited { .. }), "{text}");
    assert!(
        text.starts_with(&format!(
            "migration {USERS} was edited after it was applied"
        )),
        "{text}"
    );
    assert!(
        text.contains("write a new migration") && !text.contains('\n'),
        "{text}"
    );
    assert!(
        !table_exists(&mut client, "tags"),
        "the pending migration ran"
    );
    assert_eq!(versions(&mut client).len(), 2);
}

#[test]
fn a_failing_statement_rolls_its_migration_back_and_names_file_and_line() {
    let db = TestDb::new("migrate_failing");
    let dir = TempDir::new("failing");
    dir.add(USERS, "CREATE TABLE users (id bigint PRIMARY KEY);\n", None);
    let mut client = db.connect();
    run(&mut client, &dir).unwrap();
    let before = db.dump();
    dir.add(
        POSTS,
        "-- posts and their first row\nCREATE TABLE posts (id bigint PRIMARY KEY);\nINSERT INTO posts VALUES (1);\n\nINSERT INTO posts\n  VALUES (1);\nCREATE TABLE never (id int);\n",
        None,
    );
    let err = run(&mut client, &dir).unwrap_err();
    let text = err.to_string();
    let MigrateError::StatementFailed(failure) = &err else {
        panic!("{text}")
    };
    assert_eq!(failure.file, format!("{POSTS}/up.sql"));
    assert_eq!(failure.line, 5);
    assert_eq!(failure.statement, "INSERT INTO posts");
    assert_eq!(failure.code.as_deref(), Some("23505"));
    assert_eq!(
        failure.detail.as_deref(),
        Some("Key (id)=(1) already exists.")
    );
    assert!(
        text.starts_with(&format!("{POSTS}/up.sql line 5 (`INSERT INTO posts`) failed: duplicate key value violates unique constraint \"posts_pkey\" (Key (id)=(1) already exists.)")),
        "{text}"
    );
    assert!(
        text.contains("nothing of the migration was applied") && !text.contains('\n'),
        "{text}"
    );
    assert_eq!(db.dump(), before);
    assert_eq!(versions(&mut client), ["20261124101500"]);
}

#[test]
fn four_concurrent_runs_apply_each_migration_exactly_once() {
    let db = TestDb::new("migrate_concurrent");
    let dir = TempDir::new("concurrent");
    three(&dir);
    dir.add(
        "20261124101800_count_runs",
        "CREATE TABLE runs (n int);\nINSERT INTO runs SELECT g FROM generate_series(1, 50000) g;\nSELECT pg_sleep(0.2);\n",
        None,
    )
    // CREATE INDEX CONCURRENTLY waits for every transaction with an older
    // snapshot: runs waiting for the lock must not hold one, or they deadlock.
    .add(
        "20261124101900_index_runs",
        "-- schema:no-transaction\nCREATE INDEX CONCURRENTLY runs_n ON runs (n);\n",
        None,
    )
    .add(
        "20261124102000_after_index",
        "CREATE TABLE after_index (id int);\n",
        None,
    );
    let migrations = dir.migrations();
    let applied: Vec<Vec<String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                scope.spawn(|| {
                    let mut client = db.connect();
                    migrate(&mut client, &migrations, &MigrateOptions::default())
                        .unwrap_or_else(|e| panic!("{e}"))
                        .applied
                        .into_iter()
                        .map(|m| m.version)
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut all: Vec<String> = applied.into_iter().flatten().collect();
    all.sort();
    assert_eq!(all, versions(&mut db.connect()));
    assert_eq!(all.len(), 6);
    let runs: i64 = db
        .connect()
        .query_one("SELECT count(*) FROM runs", &[])
        .unwrap()
        .get(0);
    assert_eq!(runs, 50000);
    let valid: bool = db
        .connect()
        .query_one(
            "SELECT indisvalid FROM pg_index WHERE indexrelid = 'runs_n'::regclass",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(valid);
}

#[test]
fn a_migration_older_than_applied_ones_is_applied() {
    let db = TestDb::new("migrate_out_of_order");
    let dir = TempDir::new("out_of_order");
    three(&dir);
    fs::remove_dir_all(dir.path(POSTS)).unwrap();
    let mut client = db.connect();
    run(&mut client, &dir).unwrap();
    three(&dir);
    assert_eq!(run(&mut client, &dir).unwrap(), ["20261124101600"]);
    assert!(table_exists(&mut client, "posts"));
    assert_eq!(versions(&mut client).len(), 3);
}

#[test]
fn a_no_transaction_migration_creates_an_index_concurrently() {
    let db = TestDb::new("migrate_concurrently");
    let dir = TempDir::new("concurrently");
    dir.add(USERS, "CREATE TABLE users (id bigint, email text);\n", None)
        .add(
            POSTS,
            "-- schema:no-transaction\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n\nCREATE INDEX CONCURRENTLY users_id ON users (id);\n",
            Some("-- schema:no-transaction\nDROP INDEX CONCURRENTLY users_id;\nDROP INDEX CONCURRENTLY users_email;\n"),
        );
    let mut client = db.connect();
    assert_eq!(run(&mut client, &dir).unwrap().len(), 2);
    assert!(table_exists(&mut client, "users_email") && table_exists(&mut client, "users_id"));
    let down = migrate_down(
        &mut client,
        &dir.migrations(),
        1,
        &MigrateOptions::default(),
    )
    .unwrap();
    assert_eq!(down.reverted[0].version, "20261124101600");
    assert!(!table_exists(&mut client, "users_email"));
    assert_eq!(versions(&mut client), ["20261124101500"]);
    // The lock and lock_timeout were released with the session kept.
    let held: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(held, 0);
}

#[test]
fn a_failing_no_transaction_migration_is_not_recorded_and_says_what_stayed() {
    let db = TestDb::new("migrate_no_tx_failing");
    let dir = TempDir::new("no_tx_failing");
    dir.add(USERS, "CREATE TABLE users (id bigint, email text);\n", None)
        .add(
            POSTS,
            "-- schema:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_email ON users (email);\nCREATE INDEX CONCURRENTLY users_x ON users (x);\n",
            None,
        );
    let mut client = db.connect();
    let text = run(&mut client, &dir).unwrap_err().to_string();
    assert!(
        text.starts_with(&format!("{POSTS}/up.sql line 3 (`CREATE INDEX CONCURRENTLY users_x ON users (x)`) failed: column \"x\" does not exist")),
        "{text}"
    );
    assert!(
        text.contains("the statements before it stay applied"),
        "{text}"
    );
    assert!(table_exists(&mut client, "users_email"));
    assert_eq!(versions(&mut client), ["20261124101500"]);
    // Fixed, the file runs again from the top.
    dir.add(
        POSTS,
        "-- schema:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_email ON users (email);\n",
        None,
    );
    assert_eq!(run(&mut client, &dir).unwrap(), ["20261124101600"]);
}

#[test]
fn concurrently_inside_a_transaction_says_to_add_the_header() {
    let db = TestDb::new("migrate_needs_header");
    let dir = TempDir::new("needs_header");
    dir.add(USERS, "CREATE TABLE users (email text);\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n", None);
    let text = run(&mut db.connect(), &dir).unwrap_err().to_string();
    assert!(
        text.contains(
            "line 2 (`CREATE INDEX CONCURRENTLY users_email ON users (email)`) failed: CREATE INDEX CONCURRENTLY cannot run inside a transaction block"
        ) && text.contains("`-- schema:no-transaction`"),
        "{text}"
    );
}

#[test]
fn a_transactional_migration_may_not_commit() {
    let db = TestDb::new("migrate_commit");
    let dir = TempDir::new("commit");
    dir.add(USERS, "CREATE TABLE users (id int);\nCOMMIT;\n", None);
    let mut client = db.connect();
    let err = run(&mut client, &dir).unwrap_err();
    assert!(
        matches!(err, MigrateError::TransactionControl { line: 2, .. }),
        "{err}"
    );
    assert!(!table_exists(&mut client, "users"));
}

#[test]
fn status_reports_applied_pending_modified_and_missing_without_writing() {
    let db = TestDb::new("migrate_status");
    let dir = TempDir::new("status");
    three(&dir);
    let mut client = db.connect();
    let options = MigrateOptions::default();
    let fresh = status(&mut client, &dir.migrations(), &options).unwrap();
    assert_eq!(fresh.pending().count(), 3);
    assert!(
        !table_exists(&mut client, "schema_migrations"),
        "status created the journal"
    );

    migrate(&mut client, &dir.migrations()[..2], &options).unwrap();
    client
        .batch_execute("INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES ('20200101000000', 'gone', 'x', 0)")
        .unwrap();
    fs::write(dir.path(&format!("{POSTS}/up.sql")), "SELECT 1;\n").unwrap();
    let report = status(&mut client, &dir.migrations(), &options).unwrap();
    let states: Vec<&MigrationState> = report.migrations.iter().map(|m| &m.state).collect();
    assert!(
        matches!(states[0], MigrationState::Applied { .. }),
        "{states:?}"
    );
    assert!(
        matches!(states[1], MigrationState::Modified { .. }),
        "{states:?}"
    );
    assert_eq!(states[2], &MigrationState::Pending);
    assert_eq!(report.missing.len(), 1);
    assert_eq!(report.missing[0].id(), "20200101000000_gone");
    assert!(!report.is_up_to_date());
}

#[test]
fn a_journal_entry_without_a_file_is_reported_not_fatal() {
    let db = TestDb::new("migrate_missing");
    let dir = TempDir::new("missing");
    three(&dir);
    let mut client = db.connect();
    run(&mut client, &dir).unwrap();
    fs::remove_dir_all(dir.path(USERS)).unwrap();
    let report = migrate(&mut client, &dir.migrations(), &MigrateOptions::default()).unwrap();
    assert!(report.applied.is_empty());
    assert_eq!(report.missing[0].id(), USERS);
}

#[test]
fn down_reverts_the_newest_and_needs_a_down_file() {
    let db = TestDb::new("migrate_down");
    let dir = TempDir::new("down");
    three(&dir);
    let mut client = db.connect();
    let options = MigrateOptions::default();
    run(&mut client, &dir).unwrap();
    let report = migrate_down(&mut client, &dir.migrations(), 1, &options).unwrap();
    assert_eq!(report.reverted.len(), 1);
    assert_eq!(report.reverted[0].name, "add_tags");
    assert!(!table_exists(&mut client, "tags") && table_exists(&mut client, "posts"));
    assert_eq!(versions(&mut client).len(), 2);

    fs::remove_file(dir.path(&format!("{POSTS}/down.sql"))).unwrap();
    let err = migrate_down(&mut client, &dir.migrations(), 1, &options).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("cannot revert migration {POSTS}: it has no down.sql; write one, or undo it with a new migration")
    );
    assert!(table_exists(&mut client, "posts"));

    // Re-applying after a revert works, and down past the start stops there.
    three(&dir);
    run(&mut client, &dir).unwrap();
    let all = migrate_down(&mut client, &dir.migrations(), 10, &options).unwrap();
    assert_eq!(all.reverted.len(), 3);
    assert!(versions(&mut client).is_empty() && !table_exists(&mut client, "users"));
}

#[test]
fn the_journal_may_live_in_its_own_schema() {
    let db = TestDb::new("migrate_journal_name");
    let dir = TempDir::new("journal_name");
    three(&dir);
    let options = MigrateOptions {
        journal: JournalTable::new("meta", "applied migrations"),
        ..MigrateOptions::default()
    };
    let mut client = db.connect();
    let report = migrate(&mut client, &dir.migrations(), &options).unwrap();
    assert_eq!(report.applied.len(), 3);
    let rows: i64 = client
        .query_one(r#"SELECT count(*) FROM meta."applied migrations""#, &[])
        .unwrap()
        .get(0);
    assert_eq!(rows, 3);
    assert!(!table_exists(&mut client, "public.schema_migrations"));
    let report = status(&mut client, &dir.migrations(), &options).unwrap();
    assert!(report.is_up_to_date());
}

static EMBEDDED: &[EmbeddedMigration] =
    schema_core::embed_migrations!("fixtures/migrations/embedded");

#[test]
fn embedded_migrations_run_on_an_empty_database() {
    assert_eq!(EMBEDDED.len(), 2);
    assert_eq!(EMBEDDED[0].version, "20260101000000");
    assert_eq!(EMBEDDED[1].name, "index_accounts");
    let db = TestDb::new("migrate_embedded");
    let mut client = db.connect();
    let options = MigrateOptions::default();
    let report = run_embedded(&mut client, EMBEDDED, &options).unwrap();
    assert_eq!(report.applied.len(), 2);
    assert!(table_exists(&mut client, "app.accounts_email_key"));
    assert!(run_embedded(&mut client, EMBEDDED, &options)
        .unwrap()
        .applied
        .is_empty());
    // The same files read from disk carry the same checksums.
    let on_disk = read_migrations(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/migrations/embedded"),
    )
    .unwrap();
    assert_eq!(on_disk, EmbeddedMigration::all(EMBEDDED));
}
