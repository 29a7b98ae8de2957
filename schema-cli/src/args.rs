//! The command line, as clap types. Parsing only: nothing here touches a database.

use clap::{Parser, Subcommand};

/// Keeps a PostgreSQL database in step with the tables declared in Rust.
#[derive(Debug, Parser)]
#[command(name = "schema", version, about, propagate_version = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command understands.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct GlobalArgs {
    /// The database URL (default: $DATABASE_URL, also read from .env).
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,
    /// A config file (default: ./schema.toml when present).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,
    /// How long a statement may wait for a table lock, e.g. 500ms, 10s.
    #[arg(long, global = true, value_name = "DURATION")]
    pub lock_timeout: Option<String>,
    /// How long one of the tool's reads (catalog, row counts) may run (default 60s).
    #[arg(long, global = true, value_name = "DURATION")]
    pub statement_timeout: Option<String>,
    /// How long to wait for another push or migration to finish (default 15m).
    #[arg(long, global = true, value_name = "DURATION")]
    pub lock_wait: Option<String>,
    /// Manage these namespaces (repeatable; default: those the code declares,
    /// or every non-system one when no code is involved).
    #[arg(long = "schema", global = true, value_name = "NAME")]
    pub schemas: Vec<String>,
    /// Colour the output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_name = "WHEN", default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
    /// The command people type to run this binary, for messages (set by a
    /// cargo alias: `--as "cargo schema"`).
    #[arg(long = "as", global = true, hide = true, value_name = "COMMAND")]
    pub invoked_as: Option<String>,
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
    /// Write a database's tables and enum types as Rust code: `mod.rs` and one
    /// module per namespace under DIR, ready for `mod DIR;` in your crate.
    Pull(PullArgs),
    /// Bring the database in step with the code: introspect, diff, apply in one
    /// transaction under a lock. Changes that lose data need consent.
    Push(PushArgs),
    /// Write a migration for what the code changed since the latest migration's
    /// snapshot (no database needed): up.sql, down.sql and snapshot.json.
    Generate(GenerateArgs),
    /// Apply every pending migration, each in its own transaction under a lock;
    /// `migrate down [N]` reverts the last N.
    Migrate(MigrateArgs),
    /// List applied, pending, modified and missing migrations.
    Status(StatusArgs),
    /// Browse and edit the database's data in a local browser page, served by
    /// this binary on 127.0.0.1 behind a token.
    Studio(StudioArgs),
    /// Exit 1 when the database differs from the code, the code has changes no
    /// migration holds, or a migration is pending, edited after it was applied
    /// or missing; print what differs. For CI.
    Check,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Exit with 1 when a migration is pending, modified or missing.
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// What the migration does, e.g. `add sessions` (default: `migration`).
    #[arg(long)]
    pub name: Option<String>,
    /// Write a migration that loses data without asking.
    #[arg(long)]
    pub force: bool,
    /// Build new indexes on existing tables with CREATE INDEX CONCURRENTLY, in a
    /// migration of their own that runs outside a transaction.
    #[arg(long)]
    pub concurrent_indexes: bool,
    /// Code that declares no tables is meant: drop what the migrations hold.
    #[arg(long)]
    pub allow_empty_schema: bool,
    /// Write a migration with an empty up.sql for hand-written SQL (data
    /// migrations), carrying the latest snapshot forward.
    #[arg(long, conflicts_with_all = ["force", "concurrent_indexes", "allow_empty_schema"])]
    pub empty: bool,
}

#[derive(Debug, clap::Args)]
pub struct MigrateArgs {
    #[command(subcommand)]
    pub direction: Option<MigrateDirection>,
}

#[derive(Debug, Subcommand)]
pub enum MigrateDirection {
    /// Revert the last N applied migrations with their down.sql.
    Down {
        /// How many to revert.
        #[arg(default_value_t = 1)]
        n: usize,
        /// Revert migrations whose down.sql loses data without asking.
        #[arg(long)]
        force: bool,
    },
    /// Record migrations as applied, without running them, for a database
    /// built another way (by push): only if it matches the migration's snapshot.
    Baseline {
        /// The migration the database is at, by version or folder name
        /// (default: the newest).
        #[arg(value_name = "VERSION")]
        at: Option<String>,
    },
}

#[derive(Debug, clap::Args)]
pub struct PushArgs {
    /// Print the SQL that would run, and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the plan (and the outcome) as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Apply changes that lose data without asking.
    #[arg(long)]
    pub force: bool,
    /// Build new indexes on existing tables with CREATE INDEX CONCURRENTLY, after
    /// the transaction, so writes never wait for them.
    #[arg(long)]
    pub concurrent_indexes: bool,
    /// Code that declares no tables is meant: drop what the database holds in
    /// the managed namespaces (with --force or a yes).
    #[arg(long)]
    pub allow_empty_schema: bool,
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
}

#[derive(Debug, clap::Args)]
pub struct SnapshotArgs {
    /// The schema to print.
    #[arg(long, value_name = "SOURCE", default_value = "code")]
    pub of: String,
}

#[derive(Debug, clap::Args)]
pub struct StudioArgs {
    /// The port on 127.0.0.1 (default 4800, or a free one when it is taken;
    /// 0 always picks a free one).
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Refuse every change: no edits, inserts or deletes, a read-only console.
    #[arg(long)]
    pub read_only: bool,
    /// Let the SQL console write (it runs in a READ ONLY transaction otherwise).
    #[arg(long, conflicts_with = "read_only")]
    pub allow_writes: bool,
    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, clap::Args)]
pub struct PullArgs {
    /// The folder to write: `mod.rs` and one file per namespace.
    #[arg(long, value_name = "DIR")]
    pub out: std::path::PathBuf,
    /// Overwrite files in DIR that exist with other contents.
    #[arg(long)]
    pub force: bool,
}

/// The command line with `name` (the bin as the user runs it) in its usage and
/// examples at the end of each command's help.
pub fn with_examples(command: clap::Command, name: &str) -> clap::Command {
    let examples: &[(&str, &[(&str, &str)])] = &[
        (
            "push",
            &[
                ("push --dry-run", "print the SQL, change nothing"),
                ("push", "apply; on a terminal, asks before data loss"),
                (
                    "push --force --json",
                    "apply in CI, data loss included, the outcome as JSON",
                ),
            ],
        ),
        (
            "diff",
            &[
                (
                    "diff --from empty --to code",
                    "the SQL that creates the code's schema",
                ),
                (
                    "diff --from $STAGING_URL --to $PROD_URL --exit-code",
                    "compare two databases",
                ),
            ],
        ),
        (
            "snapshot",
            &[(
                "snapshot --of $DATABASE_URL > db.json",
                "a database as snapshot JSON",
            )],
        ),
        (
            "pull",
            &[
                ("pull --out src/schema", "the database as Rust modules"),
                (
                    "pull --out src/schema --schema auth",
                    "only the namespace auth",
                ),
            ],
        ),
        (
            "studio",
            &[
                ("studio --open", "browse and edit the data in the browser"),
                (
                    "studio --read-only --port 4801",
                    "look, never change anything",
                ),
            ],
        ),
        (
            "generate",
            &[
                (
                    "generate --name add_posts",
                    "a migration for what the code changed",
                ),
                (
                    "generate --empty --name seed_tags",
                    "a migration to write by hand",
                ),
            ],
        ),
        (
            "migrate",
            &[
                ("migrate", "apply every pending migration"),
                (
                    "migrate down",
                    "revert the newest one (asks before data loss)",
                ),
                (
                    "migrate baseline",
                    "adopt migrations on a database built by push",
                ),
            ],
        ),
        (
            "status",
            &[(
                "status --exit-code",
                "exit 1 when a migration is pending or edited",
            )],
        ),
        (
            "check",
            &[(
                "check",
                "in CI: exit 1 when code, migrations and database disagree",
            )],
        ),
    ];
    let mut command = command.bin_name(name.to_string());
    for (sub, lines) in examples {
        let width = lines.iter().map(|(c, _)| c.len()).max().unwrap_or(0) + name.len() + 1;
        let text: Vec<String> = lines
            .iter()
            .map(|(c, what)| format!("  {:width$}  {what}", format!("{name} {c}")))
            .collect();
        let help = format!("Examples:\n{}", text.join("\n"));
        command = command.mut_subcommand(*sub, |c| c.after_help(help));
    }
    command
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
        super::with_examples(super::Cli::command(), "blog-schema").debug_assert();
    }

    #[test]
    fn every_command_ends_its_help_with_examples() {
        let mut command = super::with_examples(super::Cli::command(), "blog-schema");
        for sub in command.get_subcommands_mut() {
            let help = sub.render_long_help().to_string();
            assert!(
                help.contains("Examples:\n  blog-schema "),
                "{}: {help}",
                sub.get_name()
            );
        }
    }
}
