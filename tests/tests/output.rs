//! What push prints for people, compared with committed files (refresh them
//! with `UPDATE_OUTPUT=1`, then read the diff): the plan without and with colour.
//! And a closed pipe is not a panic.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use schema_tests::{fixture, run_fixture, schema_of, text, TestDb};

const FIXTURE: &str = env!("CARGO_BIN_EXE_schema-fixture");

const BEFORE: &str = "CREATE TABLE users (id int PRIMARY KEY, title text, legacy text);
    INSERT INTO users VALUES (1, 'a', 'x'), (2, NULL, 'y');";
const AFTER: &str = "CREATE TABLE users (id int PRIMARY KEY, title varchar(200), nick text);
    CREATE TABLE posts (id int PRIMARY KEY, author int REFERENCES users ON DELETE CASCADE,
                        body text NOT NULL CHECK (length(body) > 0));
    CREATE INDEX posts_author_idx ON posts (author);";

fn compare(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/output")
        .join(name);
    if std::env::var_os("UPDATE_OUTPUT").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_OUTPUT=1", path.display()));
    assert_eq!(
        actual, expected,
        "{name} changed; run with UPDATE_OUTPUT=1 and read the diff"
    );
}

#[test]
fn the_push_plan_reads_as_a_summary_per_object_with_and_without_colour() {
    let db = TestDb::new("output_plan");
    db.execute(BEFORE);
    let code = fixture(&schema_of(AFTER), "output_plan");
    for (file, color) in [
        ("push_plan.txt", "never"),
        ("push_plan_color.txt", "always"),
    ] {
        let out = run_fixture(
            FIXTURE,
            &code,
            &["push", "--url", &db.url, "--color", color],
        );
        assert_eq!(out.status.code(), Some(1), "refused without consent");
        compare(file, &text(&out.stdout));
    }
    // Not a terminal: no colour unless asked.
    let out = run_fixture(FIXTURE, &code, &["push", "--url", &db.url]);
    assert!(!text(&out.stdout).contains('\x1b'));
}

#[test]
fn a_closed_pipe_ends_the_output_without_a_panic() {
    let db = TestDb::new("output_pipe");
    let code = fixture(&schema_of(AFTER), "output_pipe");
    let mut child = Command::new(FIXTURE)
        .env("SCHEMA_FIXTURE", &code)
        .args(["push", "--url", &db.url, "--dry-run", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 8];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(out.status.code(), Some(101), "{stderr}");
}
