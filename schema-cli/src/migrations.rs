//! The migration commands: `generate`, `migrate`, `migrate down`, `status`, `check`.

use std::time::SystemTime;

use schema_core::check::check as check_database;
use schema_core::connect;
use schema_core::diff::{diff, rename_candidates};
use schema_core::migrate::{
    self, draft, migrated_schema, read_migrations, DraftOptions, MigrateOptions, MigrationState,
};
use schema_core::plan::PlanOptions;
use schema_core::push::PushOptions;

use crate::args::{GenerateArgs, MigrateArgs, MigrateDirection, StatusArgs};
use crate::commands::{code_schema, filter};
use crate::config::Settings;
use crate::prompt::{confirm, interactive, rename_note, settle_renames};
use crate::push::loss_line;
use crate::CodeSchema;

fn options(settings: &Settings) -> MigrateOptions {
    MigrateOptions {
        journal: settings.journal(),
        lock_timeout: settings.lock_timeout,
        statement_timeout: settings.statement_timeout,
        lock_wait: settings.lock_wait,
    }
}

/// `schema generate`: the migrations for everything the code changed since the
/// latest snapshot (drafted by the core), after consent for data loss.
pub fn generate(
    settings: &Settings,
    args: &GenerateArgs,
    code: CodeSchema<'_>,
) -> anyhow::Result<u8> {
    let dir = &settings.migrations;
    let previous = migrated_schema(dir)?;
    if args.empty {
        let name = args.name.as_deref().unwrap_or("migration");
        return write_drafts(settings, &migrate::draft_empty(&previous, name));
    }
    let mut desired = code_schema(code)?;
    let candidates = rename_candidates(&diff(&previous, &desired));
    let undeclared = settle_renames(&candidates, &mut desired)?;
    let name = args.name.as_deref().unwrap_or("migration");
    let options = DraftOptions {
        plan: PlanOptions {
            concurrent_indexes: args.concurrent_indexes,
        },
        filter: filter(settings),
        tables: settings.table_filter(),
        allow_empty: args.allow_empty_schema,
    };
    let draft = draft(&previous, &desired, name, &options)?;
    if draft.is_empty() {
        outln!(
            "No changes: the code matches the latest migration in {}; nothing written.",
            crate::output::shown_path(dir)
        );
        return Ok(0);
    }
    let losses: Vec<_> = draft.losses().collect();
    if !losses.is_empty() && !settings.forced(args.force) {
        for loss in &losses {
            outln!("{}: {}", loss.label(), loss.what);
        }
        for c in &undeclared {
            outln!("{}", rename_note(c, &crate::output::command("generate")));
        }
        if !(interactive() && confirm("Write a migration that loses data?")?) {
            eprintln!(
                "Refused: nothing was written. A migration that loses data needs {}.",
                settings.consent_hint()
            );
            return Ok(1);
        }
    }
    write_drafts(settings, &draft)
}

fn write_drafts(settings: &Settings, draft: &migrate::Draft) -> anyhow::Result<u8> {
    let dir = &settings.migrations;
    let written = draft.write(dir, SystemTime::now())?;
    for (m, drafted) in written.iter().zip(&draft.migrations) {
        let what = match drafted.statements {
            0 => "an empty up.sql to write".to_string(),
            1 => "1 statement".to_string(),
            n => format!("{n} statements"),
        };
        let alone = if drafted.no_transaction {
            ", outside a transaction"
        } else {
            ""
        };
        outln!(
            "Wrote {}/{}_{}: {what}{alone}",
            crate::output::shown_path(dir),
            m.version,
            m.name,
        );
    }
    Ok(0)
}

/// `schema migrate` and `schema migrate down [N]`.
pub fn run_migrate(settings: &Settings, args: &MigrateArgs) -> anyhow::Result<u8> {
    let migrations = read_migrations(&settings.migrations)?;
    let mut client = connect(settings.require_url()?)?;
    match &args.direction {
        None => {
            let report = migrate::migrate(&mut client, &migrations, &options(settings))?;
            for m in &report.applied {
                outln!(
                    "Applied {}_{} in {} ms",
                    m.version,
                    m.name,
                    m.duration.as_millis()
                );
            }
            for e in &report.missing {
                outln!(
                    "Warning: {} is in the journal but not in {}",
                    e.id(),
                    crate::output::shown_path(&settings.migrations)
                );
            }
            if report.applied.is_empty() {
                outln!("No pending migrations.");
            }
        }
        Some(MigrateDirection::Down { n, force }) => {
            let options = options(settings);
            let dir = &settings.migrations;
            let down = migrate::plan_down(&mut client, dir, &migrations, *n, &options)?;
            if down.needs_consent() && !settings.forced(*force) {
                outln!("Reverting {} would lose data:", down.migrations.join(", "));
                for loss in down.losses.iter().filter(|l| l.needs_consent()) {
                    outln!("  - {}", loss_line(loss));
                }
                for id in &down.unchecked {
                    outln!("  - {id}: its folder has no snapshot.json, so what its down.sql deletes cannot be told");
                }
                if !(interactive() && confirm("Revert these migrations?")?) {
                    eprintln!(
                        "Refused: nothing was reverted. Reverting migrations that lose data needs {}.",
                        settings.consent_hint()
                    );
                    return Ok(1);
                }
            }
            let report = migrate::revert(&mut client, &migrations, &down, &options)?;
            for m in &report.reverted {
                outln!(
                    "Reverted {}_{} in {} ms",
                    m.version,
                    m.name,
                    m.duration.as_millis()
                );
            }
            if report.reverted.is_empty() {
                outln!("Nothing to revert.");
            }
        }
        Some(MigrateDirection::Baseline { at }) => {
            let options = options(settings);
            let report = migrate::baseline(
                &mut client,
                &settings.migrations,
                &migrations,
                at.as_deref(),
                &settings.table_filter(),
                &options,
            )?;
            match report.recorded.len() {
                0 => outln!(
                    "Nothing to record: the journal already lists {}.",
                    report.at
                ),
                n => outln!(
                    "The database matches {}; recorded {n} migration{} as applied: {}",
                    report.at,
                    if n == 1 { "" } else { "s" },
                    report.recorded.join(", ")
                ),
            }
        }
    }
    Ok(0)
}

/// `schema status`.
pub fn status(settings: &Settings, args: &StatusArgs) -> anyhow::Result<u8> {
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
        outln!("{}_{}  {state}", m.version, m.name);
    }
    for e in &status.missing {
        outln!(
            "{}  applied, but MISSING from {}",
            e.id(),
            crate::output::shown_path(&settings.migrations)
        );
    }
    if status.migrations.is_empty() && status.missing.is_empty() {
        outln!(
            "No migrations in {}.",
            crate::output::shown_path(&settings.migrations)
        );
    }
    Ok(u8::from(args.exit_code && !status.is_up_to_date()))
}

/// `schema check`: the CI gate.
pub fn check(settings: &Settings, code: CodeSchema<'_>) -> anyhow::Result<u8> {
    let code = code_schema(code)?;
    let mut client = connect(settings.require_url()?)?;
    let options = PushOptions {
        filter: filter(settings),
        tables: settings.table_filter(),
        allow_empty: false,
        lock_timeout: settings.lock_timeout,
        statement_timeout: settings.statement_timeout,
        lock_wait: settings.lock_wait,
        journal: settings.journal(),
        plan: PlanOptions::default(),
    };
    let report = check_database(&mut client, &code, &settings.migrations, &options)?;
    if !report.unmigrated.is_empty() {
        outln!(
            "The code has changes no migration in {} holds (run `{}`):",
            crate::output::shown_path(&settings.migrations),
            crate::output::command("generate")
        );
        out!("{}", report.unmigrated.to_sql_script());
    }
    if !report.drift.is_empty() {
        outln!(
            "The database differs from the code (run `{}`, or `{}`):",
            crate::output::command("migrate"),
            crate::output::command("push")
        );
        out!("{}", report.drift.to_psql_script());
        if let Some(note) = crate::output::unnormalised_note(&report.unnormalised) {
            outln!("{note}");
        }
    }
    let journal = &report.migrations;
    let pending: Vec<String> = journal
        .pending()
        .map(|m| format!("{}_{}", m.version, m.name))
        .collect();
    if !pending.is_empty() {
        outln!(
            "Pending migrations (run `{}`): {}",
            crate::output::command("migrate"),
            pending.join(", ")
        );
    }
    let modified: Vec<String> = journal
        .modified()
        .map(|m| format!("{}_{}", m.version, m.name))
        .collect();
    if !modified.is_empty() {
        outln!(
            "Migrations edited after they were applied (restore them, and write a new migration for the change): {}",
            modified.join(", ")
        );
    }
    if !journal.missing.is_empty() {
        let ids: Vec<String> = journal.missing.iter().map(|e| e.id()).collect();
        outln!(
            "Applied, but missing from {} (restore them from version control): {}",
            crate::output::shown_path(&settings.migrations),
            ids.join(", ")
        );
    }
    if report.agrees() {
        outln!(
            "OK: the database, the migrations and the code agree (namespaces: {}).",
            report.namespaces.join(", ")
        );
    }
    Ok(u8::from(!report.agrees()))
}
