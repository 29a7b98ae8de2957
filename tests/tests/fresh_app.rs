//! A user's own app, as README's "Your own app" sets it up: a fresh crate outside
//! the workspace (path dependencies), two tables in its lib, the one-line schema
//! bin and the cargo alias; then push, generate, migrate, status and check run
//! through the real binaries, from the crate and from elsewhere.
//!
//! Building the crate compiles its dependencies once into `target/fresh-app`
//! (about a minute and a half cold on two cores; seconds after that).

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::prelude::*;
use schema_tests::TestDb;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

const LIB: &str = r#"//! A blog's tables.
use schema_core::Table;

#[derive(Table)]
#[table(name = "authors")]
pub struct Author {
    #[column(primary_key, identity = "always")]
    pub id: i64,
    #[column(unique)]
    pub email: String,
    pub name: Option<String>,
}

#[derive(Table)]
#[table(name = "posts", index(columns = [author_id]))]
pub struct Post {
    #[column(primary_key, identity = "always")]
    pub id: i64,
    #[column(references = Author::id, on_delete = "cascade")]
    pub author_id: i64,
    pub title: String,
    #[column(default_sql = "now()")]
    pub published_at: chrono::DateTime<chrono::Utc>,
}
"#;

/// Writes the crate and builds its bins; returns its folder.
fn fresh_crate() -> PathBuf {
    let ws = workspace();
    let root = std::env::temp_dir().join(format!("fresh-app-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let dir = root.join("blog");
    std::fs::create_dir_all(dir.join("src/bin")).unwrap();
    std::fs::create_dir_all(dir.join(".cargo")).unwrap();
    let manifest = format!(
        r#"[package]
name = "blog"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
schema-core = {{ path = "{core}" }}
schema-cli = {{ path = "{cli}" }}
chrono = {{ version = "0.4", default-features = false, features = ["clock", "std"] }}

[workspace]
"#,
        core = ws.join("schema-core").display(),
        cli = ws.join("schema-cli").display(),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/lib.rs"), LIB).unwrap();
    std::fs::write(
        dir.join("src/bin/blog-schema.rs"),
        "schema_cli::main!(blog);\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(".cargo/config.toml"),
        format!(
            "[alias]\nschema = [\"run\", \"--quiet\", \"--bin\", \"blog-schema\", \"--\", \"--as\", \"cargo schema\"]\n\n[build]\ntarget-dir = \"{}\"\n",
            ws.join("target/fresh-app").display()
        ),
    )
    .unwrap();
    // The workspace's versions, so nothing new is resolved.
    std::fs::copy(ws.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let built = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--bins"])
        .current_dir(&dir)
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "the fresh crate does not build: {}",
        String::from_utf8_lossy(&built.stderr)
    );
    dir
}

fn bin(dir: &Path, cwd: &Path) -> Command {
    let _ = dir;
    let mut command = Command::new(workspace().join("target/fresh-app/debug/blog-schema"));
    command.current_dir(cwd).env_remove("DATABASE_URL");
    command
}

#[test]
fn a_fresh_app_goes_from_push_to_migrations_with_its_one_line_schema_bin() {
    let dir = fresh_crate();
    let ws = workspace();
    let dev = TestDb::new("fresh_dev");
    let prod = TestDb::new("fresh_prod");

    // Development: push, from the crate and from the workspace root.
    bin(&dir, &dir)
        .args(["push", "--url", &dev.url])
        .assert()
        .success()
        .stdout(predicates::str::contains("+ table public.authors"));
    bin(&dir, &ws)
        .args(["push", "--url", &dev.url])
        .assert()
        .success()
        .stdout(predicates::str::contains("No changes"));

    // Production: a migration, written beside the crate's Cargo.toml whatever the
    // working directory, then applied.
    bin(&dir, &ws)
        .args(["generate", "--name", "init"])
        .assert()
        .success()
        .stdout(predicates::str::contains("_init: "));
    assert_eq!(
        std::fs::read_dir(dir.join("migrations")).unwrap().count(),
        1
    );
    assert!(!ws.join("migrations").exists());
    bin(&dir, &ws)
        .args(["status", "--url", &prod.url, "--exit-code"])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("_init  pending"));
    bin(&dir, &dir)
        .args(["check", "--url", &prod.url])
        .assert()
        .code(1)
        .stdout(predicates::str::contains("run `blog-schema migrate`"));
    bin(&dir, &ws)
        .args(["migrate", "--url", &prod.url])
        .assert()
        .success()
        .stdout(predicates::str::contains("Applied"));
    bin(&dir, &dir)
        .args(["status", "--url", &prod.url, "--exit-code"])
        .assert()
        .success();
    // The cargo alias from the crate, naming itself as the user typed it.
    Command::new(env!("CARGO"))
        .args(["schema", "check", "--url", &prod.url])
        .current_dir(&dir)
        .env_remove("CARGO_TARGET_DIR")
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "OK: the database, the migrations and the code agree",
        ));
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}
