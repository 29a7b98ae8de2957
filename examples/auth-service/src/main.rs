//! The auth service at start-up: migrate its own database from the migrations
//! compiled into the binary, then do its work. This is the container entrypoint:
//! `DATABASE_URL=postgres://... auth-service`.

use std::process::ExitCode;

use schema_core::migrate::{run_embedded, EmbeddedMigration, MigrateOptions};

static MIGRATIONS: &[EmbeddedMigration] = schema_core::embed_migrations!("migrations");

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL").map_err(|_| {
        "set DATABASE_URL to the service's database, e.g. postgres://postgres@127.0.0.1:5432/auth"
    })?;
    let mut client = schema_core::connect(&url)?;
    let report = run_embedded(&mut client, MIGRATIONS, &MigrateOptions::default())?;
    println!(
        "migrations: {} applied, {} embedded",
        report.applied.len(),
        MIGRATIONS.len()
    );
    let summary =
        auth_service::service::sign_up_and_buy_credits(&mut client, "ada@example.com", "starter")
            .map_err(|e| e.to_string())?;
    println!("{summary}");
    Ok(())
}
