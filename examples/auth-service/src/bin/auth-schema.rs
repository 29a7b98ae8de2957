//! The `schema` command over this service's tables:
//! `cargo run -p auth-service --bin auth-schema -- diff --from empty --to code`.

schema_cli::main!(auth_service);
