//! Connections against the real server: TLS per `sslmode`, and each failure as one
//! classified line without the password.

use schema_core::{connect, ConnectError};
use schema_tests::{server_url, with_database};

const SNAKEOIL: &str = "/etc/ssl/certs/ssl-cert-snakeoil.pem";

fn url_with(query: &str) -> String {
    let base = server_url();
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{query}")
}

fn uses_tls(url: &str) -> bool {
    let mut client = connect(url).unwrap_or_else(|e| panic!("{e}"));
    client
        .query_one(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
            &[],
        )
        .unwrap()
        .get(0)
}

fn server_has_ssl() -> bool {
    let mut client = connect(&url_with("sslmode=disable")).unwrap();
    client
        .query_one("SHOW ssl", &[])
        .unwrap()
        .get::<_, String>(0)
        == "on"
}

#[test]
fn sslmode_disable_and_require_are_honoured() {
    assert!(!uses_tls(&url_with("sslmode=disable")));
    if server_has_ssl() {
        assert!(uses_tls(&url_with("sslmode=require")));
        assert!(
            uses_tls(&server_url()),
            "prefer encrypts when the server can"
        );
    }
}

#[test]
fn verify_full_refuses_an_untrusted_certificate() {
    if !server_has_ssl() {
        return;
    }
    let err = connect(&url_with("sslmode=verify-full"))
        .err()
        .expect("must not connect");
    assert!(matches!(err, ConnectError::Tls { .. }), "{err}");
    assert!(err.to_string().contains("sslrootcert"), "{err}");
}

#[test]
fn verify_ca_accepts_the_server_certificate_as_root() {
    if !server_has_ssl() || !std::path::Path::new(SNAKEOIL).exists() {
        return;
    }
    // The certificate names the machine, not 127.0.0.1: verify-ca checks only the chain.
    assert!(uses_tls(&url_with(&format!(
        "sslmode=verify-ca&sslrootcert={SNAKEOIL}"
    ))));
    let err = connect(&url_with(&format!(
        "sslmode=verify-full&sslrootcert={SNAKEOIL}"
    )))
    .err()
    .expect("the certificate does not name 127.0.0.1");
    assert!(err.to_string().contains("does not name this host"), "{err}");
}

#[test]
fn refused_unreachable_and_missing_database_are_one_line_each() {
    let cases = [
        ("postgres://u:hunter2@127.0.0.1:1/db", "connection refused"),
        (
            "postgres://u:hunter2@no-such-host.invalid:5432/db",
            "check the host name",
        ),
        (
            "postgres://u:hunter2@127.0.0.1:5432/db?sslmode=bogus",
            "unknown sslmode",
        ),
        (
            "postgres://u:hunter2@127.0.0.1:notaport/db",
            "invalid database URL",
        ),
    ];
    for (url, expected) in cases {
        let err = connect(url).err().expect(url).to_string();
        assert!(err.contains(expected), "{url}: {err}");
        assert!(
            !err.contains("hunter2") && !err.contains('\n'),
            "{url}: {err}"
        );
    }
    let missing = with_database(&server_url(), "no_such_database_here");
    let err = connect(&missing)
        .err()
        .expect("missing database")
        .to_string();
    assert!(
        err.contains("database \"no_such_database_here\" does not exist"),
        "{err}"
    );
}

#[test]
fn a_wrong_password_is_named_and_not_shown() {
    let bouncer = schema_tests::pgbouncer::PgBouncer::start(2);
    let mut ok = connect(&bouncer.url("postgres", schema_tests::pgbouncer::PASSWORD))
        .expect("right password");
    ok.batch_execute("SELECT 1").unwrap();
    let err = connect(&bouncer.url("postgres", "wrong-pw-123"))
        .err()
        .expect("wrong password must fail");
    let text = err.to_string();
    assert!(matches!(err, ConnectError::BadPassword { .. }), "{text}");
    assert!(
        !text.contains("wrong-pw-123") && !text.contains('\n'),
        "{text}"
    );
}
