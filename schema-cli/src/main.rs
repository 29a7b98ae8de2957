//! The standalone `schema` binary. Inside an application, prefer a bin of your own
//! that calls `schema_cli::main_with_code(schema_core::Schema::registered)`, so the
//! `code` source sees your tables.

fn main() -> std::process::ExitCode {
    schema_cli::main()
}
