//! The `schema` command over this service's tables:
//! `cargo run -p auth-service --bin auth-schema -- diff --from empty --to code`.

use auth_service as _; // link the tables so they register

fn main() -> std::process::ExitCode {
    schema_cli::main_with_code(schema_core::Schema::registered)
}
