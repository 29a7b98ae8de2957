//! Support for the integration tests: a fresh PostgreSQL database per test.
//!
//! `DATABASE_URL` names the server (default: the local one, user `postgres`);
//! each [`TestDb`] creates its own database and drops it when dropped, so tests
//! run in parallel without touching each other.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

pub mod http;
pub mod pgbouncer;
pub mod roundtrip;

pub use postgres::{Client, NoTls};

/// The server URL the tests use.
pub fn server_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string())
}

/// A database created for one test and dropped (with its connections) on drop.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    /// Creates an empty database named after `label` and a unique suffix.
    pub fn new(label: &str) -> TestDb {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let label: String = label
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .take(30)
            .collect();
        let name = format!(
            "t_{label}_{}_{}_{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        admin()
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .unwrap_or_else(|e| {
                panic!(
                    "cannot create test database {name} on {}: {e}",
                    redacted(&server_url())
                )
            });
        let url = with_database(&server_url(), &name);
        TestDb { name, url }
    }

    /// A new connection to this database.
    pub fn connect(&self) -> Client {
        Client::connect(&self.url, NoTls).expect("connect to test database")
    }

    /// The value of one SQL expression, as text (`NULL` for NULL).
    pub fn scalar(&self, expression: &str) -> String {
        let row = self
            .connect()
            .query_one(&format!("SELECT ({expression})::text"), &[])
            .unwrap_or_else(|e| panic!("{e}\n--- SQL ---\n{expression}"));
        row.get::<_, Option<String>>(0)
            .unwrap_or_else(|| "NULL".into())
    }

    /// Runs a script of SQL statements.
    pub fn execute(&self, sql: &str) {
        self.connect()
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{e}\n--- SQL ---\n{sql}"));
    }

    /// `pg_dump --schema-only` of this database, privileges included, with the lines that vary between
    /// databases (comments, SET, settings) removed, for comparing two databases.
    pub fn dump(&self) -> String {
        let out = std::process::Command::new("pg_dump")
            .args(["--schema-only", "--no-owner", "--dbname", &self.url])
            .output()
            .expect("run pg_dump");
        assert!(
            out.status.success(),
            "pg_dump failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| {
                !l.starts_with("--")
                    && !l.starts_with("SET ")
                    && !l.starts_with("SELECT pg_catalog.set_config")
            })
            .filter(|l| !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict"))
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            // An ACL lists its entries in the order they were granted: the
            // order of a run of GRANT lines means nothing.
            .chunk_by(|a, b| a.starts_with("GRANT ") && b.starts_with("GRANT "))
            .flat_map(|run| {
                let mut run = run.to_vec();
                run.sort();
                run
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = admin().batch_execute(&format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        ));
    }
}

fn admin() -> Client {
    Client::connect(&server_url(), NoTls).unwrap_or_else(|e| {
        panic!(
            "cannot connect to PostgreSQL at {}: {e}; set DATABASE_URL to a server the tests may create databases on",
            redacted(&server_url())
        )
    })
}

/// The URL with its path replaced by `/name` (query string kept).
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let authority_start = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{base}/{name}{query}")
}

fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let userinfo = &url[s + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// The schema a database holds after running `sql` (in a database of its own).
pub fn schema_of(sql: &str) -> schema_core::Schema {
    let db = TestDb::new("schema_of");
    db.execute(sql);
    schema_core::introspect(&mut db.connect(), &schema_core::SchemaFilter::AllNonSystem)
        .unwrap()
        .schema
}

/// Writes `schema` as a snapshot file, for the `schema-fixture` binary to read
/// as its `code`.
pub fn fixture(schema: &schema_core::Schema, name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("schema-fixtures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.json"));
    std::fs::write(&path, serde_json::to_string(schema).unwrap()).unwrap();
    path
}

/// Runs `program` (the `schema-fixture` binary) with `code` = the snapshot at
/// `fixture`, no DATABASE_URL from the environment, in an empty folder, with no
/// terminal; waits for it.
pub fn run_fixture(
    program: &str,
    fixture: &std::path::Path,
    args: &[&str],
) -> std::process::Output {
    let cwd = std::env::temp_dir().join(format!("schema-fixture-cwd-{}", std::process::id()));
    std::fs::create_dir_all(&cwd).unwrap();
    std::process::Command::new(program)
        .env("SCHEMA_FIXTURE", fixture)
        .env_remove("DATABASE_URL")
        .current_dir(cwd)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap()
}

/// Standard output and error as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A folder with a `schema.toml` naming its migrations folder, for the
/// `schema-fixture` binary; removed when dropped.
pub struct Project {
    pub dir: std::path::PathBuf,
    pub config: String,
    program: String,
}

impl Project {
    /// A fresh folder; `program` is the `schema-fixture` binary.
    pub fn new(program: &str, label: &str) -> Project {
        let dir = std::env::temp_dir().join(format!("project-{label}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("schema.toml");
        let migrations = dir.join("migrations").display().to_string();
        std::fs::write(&config, format!("migrations = {migrations:?}\n")).unwrap();
        Project {
            config: config.display().to_string(),
            dir,
            program: program.to_string(),
        }
    }

    /// The fixture binary with `code` = the snapshot at `code` and this config.
    pub fn command(&self, code: &std::path::Path, args: &[&str]) -> std::process::Command {
        let mut command = std::process::Command::new(&self.program);
        command
            .env("SCHEMA_FIXTURE", code)
            .env_remove("DATABASE_URL")
            .current_dir(&self.dir)
            .args(args)
            .args(["--config", &self.config])
            .stdin(std::process::Stdio::null());
        command
    }

    /// Runs [`Project::command`] and waits for it.
    pub fn run(&self, code: &std::path::Path, args: &[&str]) -> std::process::Output {
        self.command(code, args).output().unwrap()
    }

    /// The migration folders, in order.
    pub fn migrations(&self) -> Vec<std::path::PathBuf> {
        let mut all: Vec<_> = std::fs::read_dir(self.dir.join("migrations"))
            .map(|entries| entries.map(|e| e.unwrap().path()).collect())
            .unwrap_or_default();
        all.sort();
        all
    }

    /// Writes a migration folder by hand.
    pub fn add(&self, folder: &str, up: &str) {
        let dir = self.dir.join("migrations").join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("up.sql"), up).unwrap();
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_is_swapped_in_urls() {
        assert_eq!(
            with_database("postgres://u@h:5432/postgres", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
        assert_eq!(
            with_database("postgres://u@h/db?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redacted("postgres://u:secret@h/db"),
            "postgres://u:***@h/db"
        );
    }
}
