//! The `schema` CLI with `code` meaning the snapshot file named by
//! `SCHEMA_FIXTURE`: lets tests drive the real command line over any schema.

fn main() -> std::process::ExitCode {
    schema_cli::main_with_code(|| {
        let path = std::env::var("SCHEMA_FIXTURE")
            .map_err(|_| "set SCHEMA_FIXTURE to a snapshot file".to_string())?;
        schema_core::source::read_snapshot(std::path::Path::new(&path)).map_err(|e| e.to_string())
    })
}
