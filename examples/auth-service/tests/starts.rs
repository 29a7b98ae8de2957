//! The service binary, started against an empty database, migrates it and works;
//! started again, it has nothing to migrate and works again.

use std::process::Command;

use schema_tests::TestDb;

#[test]
fn the_service_migrates_an_empty_database_and_runs() {
    let db = TestDb::new("service_starts");
    for (run, applied, balance) in [
        (1, "2 applied", "balance 99"),
        (2, "0 applied", "balance 98"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_auth-service"))
            .env("DATABASE_URL", &db.url)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "run {run}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains(applied) && stdout.contains(balance),
            "run {run}: {stdout}"
        );
    }
    let mut client = db.connect();
    let users: i64 = client
        .query_one("SELECT count(*) FROM users", &[])
        .unwrap()
        .get(0);
    let ledger: i64 = client
        .query_one("SELECT count(*) FROM credit_transactions", &[])
        .unwrap()
        .get(0);
    assert_eq!(
        (users, ledger),
        (1, 3),
        "one user; one purchase and two spends"
    );
}

#[test]
fn the_service_says_what_to_set_without_a_database_url() {
    let out = Command::new(env!("CARGO_BIN_EXE_auth-service"))
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.trim().lines().count() == 1 && stderr.contains("set DATABASE_URL"),
        "{stderr}"
    );
}
