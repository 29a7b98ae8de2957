//! The service's schema bin, `auth-schema`, run from anywhere: it finds the
//! package's migrations beside its Cargo.toml, and names itself in messages.

use std::process::Command;

use schema_tests::TestDb;

fn auth_schema(cwd: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_auth-schema"))
        .current_dir(cwd)
        .env_remove("DATABASE_URL")
        .args(args)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn the_migrations_are_found_from_any_working_directory() {
    let db = TestDb::new("schema_bin_paths");
    let elsewhere = std::env::temp_dir().join(format!("schema-bin-cwd-{}", std::process::id()));
    std::fs::create_dir_all(&elsewhere).unwrap();
    let workspace_root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for cwd in [elsewhere.as_path(), workspace_root.as_path()] {
        let (code, text) = auth_schema(cwd, &["status", "--url", &db.url]);
        assert_eq!(code, Some(0), "{text}");
        assert!(text.contains("_auth_and_credits  pending"), "{text}");
    }
    let (code, text) = auth_schema(&elsewhere, &["migrate", "--url", &db.url]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Applied"), "{text}");
    let (code, text) = auth_schema(&elsewhere, &["check", "--url", &db.url]);
    assert_eq!(code, Some(0), "{text}");
    let _ = std::fs::remove_dir_all(&elsewhere);
}

#[test]
fn messages_name_the_command_the_user_runs() {
    let db = TestDb::new("schema_bin_name");
    db.execute("CREATE TABLE users (id int);");
    let elsewhere = std::env::temp_dir().join(format!("schema-bin-name-{}", std::process::id()));
    std::fs::create_dir_all(&elsewhere).unwrap();
    let (code, text) = auth_schema(&elsewhere, &["check", "--url", &db.url]);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains("(run `auth-schema migrate`, or `auth-schema push`)"),
        "{text}"
    );
    let (_, text) = auth_schema(
        &elsewhere,
        &["check", "--url", &db.url, "--as", "cargo schema"],
    );
    assert!(
        text.contains("(run `cargo schema migrate`, or `cargo schema push`)"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&elsewhere);
}
