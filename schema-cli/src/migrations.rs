//! The migration commands: `generate`, `migrate`, `migrate down`, `status`, `check`.

use std::time::SystemTime;

use anyhow::Context;
use schema_core::compare::database_view;
use schema_core::diff::{diff, rename_candidates};
use schema_core::introspect::in_snapshot;
use schema_core::migrate::{
    self, latest_snapshot, read_migrations, write_migration, MigrateOptions, MigrationState,
};
use schema_core::plan::{plan, plan_with, Plan, PlanOptions};
use schema_core::{connect, introspect, HazardKind, Schema};

use crate::args::{GenerateArgs, MigrateArgs, MigrateDirection};
use crate::commands::{code_schema, filter};
use crate::config::Settings;
use crate::push::{confirm, declare_hint, describe_rename, interactive, settle_renames_in};
use crate::CodeSchema;

fn options(settings: &Settings) -> MigrateOptions {
    MigrateOptions {
        journal: settings.journal(),
        lock_timeout: settings.lock_timeout,
    }
}

/// The schema the migrations add up to; none yet when the folder does not exist.
fn migrated(settings: &Settings) -> anyhow::Result<Schema> {
    if !settings.migrations.exists() {
        return Ok(Schema::empty());
    }
    Ok(latest_snapshot(&settings.migrations)?.unwrap_or_default())
}

/// The code's schema, restricted to the managed namespaces.
fn desired(settings: &Settings, code: CodeSchema<'_>) -> anyhow::Result<Schema> {
    Ok(filter(settings).restrict(&code_schema(code)?).into_owned())
}

/// `schema generate`: one migration for everything the code changed since the
/// latest snapshot. Statements that must commit before the rest (new enum values
/// the same change uses) go into a migration of their own just before it.
pub fn generate(
    settings: &Settings,
    args: &GenerateArgs,
    code: CodeSchema<'_>,
) -> anyhow::Result<u8> {
    let dir = &settings.migrations;
    let previous = migrated(settings)?;
    let mut desired = desired(settings, code)?;
    let mut changes = diff(&previous, &desired);
    if changes.is_empty() {
        println!(
            "No changes: the code matches the latest migration in {}; nothing written.",
            dir.display()
        );
        return Ok(0);
    }
    let candidates = rename_candidates(&changes);
    let undeclared = settle_renames_in(&candidates, &mut desired, interactive())?;
    if undeclared.len() < candidates.len() {
        changes = diff(&previous, &desired);
    }
    let up = plan_with(
        &changes,
        &PlanOptions {
            concurrent_indexes: args.concurrent_indexes,
        },
    );
    let losing: Vec<_> = up
        .statements
        .iter()
        .filter(|s| s.hazards.iter().any(|h| h.kind == HazardKind::DeletesData))
        .collect();
    if !losing.is_empty() && !args.force {
        for s in &losing {
            println!(
                "data loss: {}",
                s.hazards
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
        for c in &undeclared {
            println!(
                "Note: {}; if it was renamed, declare it with {} and generate again.",
                describe_rename(c),
                declare_hint(c)
            );
        }
        if !(interactive() && confirm("Write a migration that loses data?")?) {
            eprintln!("Refused: nothing was written. A migration that loses data needs --force, or a yes on a terminal.");
            return Ok(1);
        }
    }
    let down = plan(&diff(&desired, &previous));
    let name = args.name.as_deref().unwrap_or("migration");
    let segments = segments(&up);
    let main = segments
        .iter()
        .position(|(transactional, _)| *transactional);
    let now = SystemTime::now();
    for (i, (transactional, part)) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let snapshot = if last { &desired } else { &previous };
        let (title, script, down_sql) = if *transactional {
            (
                name.to_string(),
                part.to_sql_script(),
                (Some(i) == main).then(|| down.to_sql_script()),
            )
        } else {
            let what = if main.is_some_and(|m| i > m) {
                "concurrent indexes"
            } else {
                "enum values"
            };
            let script = format!(
                "{}\n{}",
                migrate::NO_TRANSACTION_HEADER,
                part.to_sql_script()
            );
            (format!("{name} {what}"), script, None)
        };
        let m = write_migration(dir, &title, &script, down_sql.as_deref(), snapshot, now)?;
        let alone = if *transactional {
            ""
        } else {
            ", outside a transaction"
        };
        println!(
            "Wrote {}/{}_{}: {} statements{alone}",
            dir.display(),
            m.version,
            m.name,
            part.statements.len()
        );
    }
    Ok(0)
}

/// The plan cut into runs of statements that share a transaction, and runs of
/// statements that must each run alone (one migration file per run).
fn segments(plan: &Plan) -> Vec<(bool, Plan)> {
    let mut out: Vec<(bool, Plan)> = Vec::new();
    for statement in &plan.statements {
        match out.last_mut() {
            Some((transactional, part)) if *transactional == statement.transactional => {
                part.statements.push(statement.clone())
            }
            _ => out.push((
                statement.transactional,
                Plan {
                    statements: vec![statement.clone()],
                },
            )),
        }
    }
    out
}

/// `schema migrate` and `schema migrate down [N]`.
pub fn run_migrate(settings: &Settings, args: &MigrateArgs) -> anyhow::Result<u8> {
    let migrations = read_migrations(&settings.migrations)?;
    let mut client = connect(settings.require_url()?)?;
    match args.direction {
        None => {
            let report = migrate::migrate(&mut client, &migrations, &options(settings))?;
            for m in &report.applied {
                println!(
                    "Applied {}_{} in {} ms",
                    m.version,
                    m.name,
                    m.duration.as_millis()
                );
            }
            for e in &report.missing {
                println!(
                    "Warning: {} is in the journal but not in {}",
                    e.id(),
                    settings.migrations.display()
                );
            }
            if report.applied.is_empty() {
                println!("No pending migrations.");
            }
        }
        Some(MigrateDirection::Down { n }) => {
            let report = migrate::migrate_down(&mut client, &migrations, n, &options(settings))?;
            for m in &report.reverted {
                println!(
                    "Reverted {}_{} in {} ms",
                    m.version,
                    m.name,
                    m.duration.as_millis()
                );
            }
            if report.reverted.is_empty() {
                println!("Nothing to revert.");
            }
        }
    }
    Ok(0)
}

/// `schema status`.
pub fn status(settings: &Settings) -> anyhow::Result<u8> {
    let migrations = read_migrations(&settings.migrations)?;
    let mut client = connect(settings.require_url()?)?;
    let status = migrate::status(&mut client, &migrations, &options(settings))?;
    for m in &status.migrations {
        let state = match &m.state {
            MigrationState::Pending => "pending".to_string(),
            MigrationState::Applied { duration, .. } => {
                format!("applied ({} ms)", duration.as_millis())
            }
            MigrationState::Modified { .. } => "MODIFIED after it was applied".to_string(),
        };
        println!("{}_{}  {state}", m.version, m.name);
    }
    for e in &status.missing {
        println!(
            "{}  applied, but MISSING from {}",
            e.id(),
            settings.migrations.display()
        );
    }
    if status.migrations.is_empty() && status.missing.is_empty() {
        println!("No migrations in {}.", settings.migrations.display());
    }
    Ok(0)
}

/// `schema check`: the CI gate.
pub fn check(settings: &Settings, code: CodeSchema<'_>) -> anyhow::Result<u8> {
    let desired = desired(settings, code)?;
    let mut differs = false;
    let previous = migrated(settings)?;
    let unmigrated = plan(&diff(&previous, &desired));
    if !unmigrated.is_empty() {
        differs = true;
        println!(
            "The code has changes no migration in {} holds (run `generate`):",
            settings.migrations.display()
        );
        print!("{}", unmigrated.to_sql_script());
    }
    let mut client = connect(settings.require_url()?)?;
    let journal = settings.journal();
    let current = in_snapshot(&mut client, |tx| introspect(tx, &filter(settings)))
        .context("reading the database")?
        .schema
        .without_table(&journal.schema, &journal.name);
    let desired = database_view(&mut client, &current, &desired)?;
    let drift = plan(&diff(&current, &desired));
    if !drift.is_empty() {
        differs = true;
        println!("The database differs from the code (run `migrate`, or `push`):");
        print!("{}", drift.to_psql_script());
    }
    if !differs {
        println!("OK: the database, the migrations and the code agree.");
    }
    Ok(u8::from(differs))
}
