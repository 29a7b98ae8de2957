//! The command line, as clap types. Parsing only: nothing here touches a database.

use clap::{Parser, Subcommand};

/// Keeps a PostgreSQL database in step with the tables declared in Rust.
#[derive(Debug, Parser)]
#[command(name = "schema", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the SQL that turns one schema into another.
    ///
    /// A SOURCE is a postgres:// URL, `code` (the tables registered in this
    /// binary), `empty` (no objects at all), or a snapshot JSON file.
    Diff(DiffArgs),
    /// Print the schema of a source as snapshot JSON.
    Snapshot(SnapshotArgs),
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The schema to start from.
    #[arg(long, value_name = "SOURCE")]
    pub from: String,
    /// The schema to arrive at.
    #[arg(long, value_name = "SOURCE")]
    pub to: String,
    /// Exit with 1 when the schemas differ (like `git diff --exit-code`).
    #[arg(long)]
    pub exit_code: bool,
    /// Only manage these namespaces (repeatable; default: every non-system one).
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct SnapshotArgs {
    /// The schema to print.
    #[arg(long, value_name = "SOURCE", default_value = "code")]
    pub of: String,
    /// Only these namespaces (repeatable).
    #[arg(long = "schema", value_name = "NAME")]
    pub schemas: Vec<String>,
}
