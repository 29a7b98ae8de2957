//! `schema push`: show the plan, get consent for data loss, apply.

use std::time::Instant;

use schema_core::diff::{rename_candidates, RenameCandidate};
use schema_core::introspect::in_snapshot;
use schema_core::plan::{PlanOptions, ROW_COUNT_CAP};
use schema_core::push::{apply, count_losses, prepare, refuse_failing, Applied, PushOptions};
use schema_core::{connect, Change, Loss, Plan, Statement, Target};

use crate::args::PushArgs;
use crate::commands::{code_schema, filter};
use crate::config::Settings;
use crate::prompt::{confirm, interactive, rename_note, settle_renames};
use crate::CodeSchema;

pub fn push(settings: &Settings, args: &PushArgs, code: CodeSchema<'_>) -> anyhow::Result<u8> {
    let url = settings.require_url()?;
    let mut desired = code_schema(code)?;
    let mut client = connect(url)?;
    let options = PushOptions {
        filter: filter(settings),
        tables: settings.table_filter(),
        allow_empty: args.allow_empty_schema,
        lock_timeout: settings.lock_timeout,
        statement_timeout: settings.statement_timeout,
        lock_wait: settings.lock_wait,
        journal: settings.journal(),
        plan: PlanOptions {
            concurrent_indexes: args.concurrent_indexes,
        },
    };
    // Each look at the database sees one moment (apply checks again under the lock).
    let limits = settings.read_limits();
    let mut prepared = in_snapshot(&mut client, &limits, |tx| prepare(tx, &desired, &options))?;
    let candidates = rename_candidates(&prepared.changes);
    let undeclared = settle_renames(&candidates, &mut desired)?;
    if undeclared.len() < candidates.len() {
        prepared = in_snapshot(&mut client, &limits, |tx| prepare(tx, &desired, &options))?;
    }
    let plan = prepared.plan;
    let losses = in_snapshot(&mut client, &limits, |tx| count_losses(tx, &plan))?;
    let report = Report {
        plan: &plan,
        changes: &prepared.changes,
        losses: &losses,
        renames: &undeclared,
        namespaces: &prepared.namespaces,
    };

    if plan.is_empty() {
        report.print(
            args.json,
            "no changes",
            &format!(
                "No changes: the database matches the code (namespaces: {}).",
                prepared.namespaces.join(", ")
            ),
        );
        return Ok(0);
    }
    let refused = refuse_failing(&losses);
    if args.dry_run {
        if args.json {
            report.print(true, "dry_run", "");
        } else {
            outln!("-- managed namespaces: {}", prepared.namespaces.join(", "));
            if let Some(note) = crate::output::unnormalised_note(&prepared.unnormalised) {
                outln!("-- {note}");
            }
            out!("{}", plan.to_psql_script());
            if let Err(e) = &refused {
                outln!("-- refused: {e}");
            }
        }
        return Ok(0);
    }
    if !args.json {
        report.print_text();
    }
    if let Err(e) = refused {
        if args.json {
            report.failed(&e);
        }
        return Err(e.into());
    }
    let consented = !losses.iter().any(Loss::needs_consent)
        || settings.forced(args.force)
        || (interactive() && !args.json && confirm("Apply these changes that lose data?")?);
    if !consented {
        if args.json {
            report.print(true, "refused", "");
        } else {
            eprintln!(
                "Refused: nothing was applied. Changes that lose data need {}.",
                settings.consent_hint()
            );
        }
        return Ok(1);
    }
    let started = Instant::now();
    let outcome = match apply(&mut client, &desired, &plan, &options) {
        Ok(outcome) => outcome,
        Err(e) => {
            if args.json {
                report.failed(&e);
            }
            return Err(e.into());
        }
    };
    let took = started.elapsed().as_millis();
    match outcome {
        Applied::NothingToDo => report.print(
            args.json,
            "nothing_to_do",
            "No changes left: another run applied them first.",
        ),
        Applied::Done {
            in_transaction,
            after_commit,
        } => {
            let alone = if after_commit > 0 {
                format!(", {after_commit} outside the transaction")
            } else {
                String::new()
            };
            let s = if in_transaction == 1 { "" } else { "s" };
            let transactions = match plan.runs().filter(|r| r.transactional).count() {
                1 => "one transaction".to_string(),
                n => format!("{n} transactions"),
            };
            let text = format!(
                "Applied {in_transaction} statement{s} in {transactions}{alone} in {took} ms."
            );
            report.print(args.json, "applied", &text)
        }
    }
    Ok(0)
}

struct Report<'a> {
    plan: &'a Plan,
    changes: &'a [Change],
    losses: &'a [Loss],
    renames: &'a [RenameCandidate],
    namespaces: &'a [String],
}

impl Report<'_> {
    /// Prints the outcome: the JSON document, or one line of text.
    fn print(&self, json: bool, outcome: &str, text: &str) {
        if json {
            self.print_json(outcome, None);
        } else if !text.is_empty() {
            outln!("{text}");
        }
    }

    /// The JSON document of a push that failed: the plan, and the error as data.
    fn failed(&self, error: &dyn std::error::Error) {
        self.print_json("failed", Some(crate::redacted_line(&error.to_string())));
    }

    fn print_json(&self, outcome: &str, error: Option<String>) {
        let mut doc = serde_json::json!({
            "outcome": outcome,
            "namespaces": self.namespaces,
            "statements": self.plan.statements,
            "data_loss": self.losses,
            "possible_renames": self.renames,
        });
        if let Some(error) = error {
            doc["error"] = serde_json::Value::String(error);
        }
        crate::output::print_json(&doc);
    }

    /// The plan for people: each object it touches once, each change to it in
    /// one line (`+ table public.posts (6 columns, 2 indexes)`) with its
    /// statements and hazards under it; then what needs consent, with row
    /// counts, and the possible renames.
    fn print_text(&self) {
        use crate::output::{paint, Paint};
        let n = self.plan.statements.len();
        outln!(
            "{} {n} statement{} (namespaces: {})",
            paint("Plan:", Paint::Heading),
            if n == 1 { "" } else { "s" },
            self.namespaces.join(", ")
        );
        for (target, changes) in grouped(self.plan) {
            outln!("{}", paint(&target.to_string(), Paint::Heading));
            for (change, statements) in changes {
                let (sign, text) = self.changes[change].summary();
                let line = format!("  {} {text}", sign.symbol());
                outln!("{}", paint(&line, Paint::Sign(sign)));
                for statement in statements {
                    let alone = if statement.transactional {
                        ""
                    } else {
                        "  (outside the transaction)"
                    };
                    let sql = statement.display_sql().replace('\n', "\n      ");
                    outln!("      {}{alone}", paint(&sql, Paint::Sql));
                    for hazard in &statement.hazards {
                        outln!("{}", paint(&format!("        ! {hazard}"), Paint::Hazard));
                    }
                }
            }
        }
        if !self.losses.is_empty() {
            outln!("{}", paint("Needs consent:", Paint::Heading));
            for loss in self.losses {
                let line = format!("  - {}: {}", loss.label(), loss_line(loss));
                outln!("{}", paint(&line, Paint::Hazard));
            }
        }
        for candidate in self.renames {
            outln!(
                "{}",
                rename_note(candidate, &crate::output::command("push"))
            );
        }
    }
}

/// A change (its index) and the statements that carry it out.
type ByChange<'p> = Vec<(usize, Vec<&'p Statement>)>;

/// The plan's statements by target (in the order targets first appear), and
/// under each target by change.
fn grouped(plan: &Plan) -> Vec<(&Target, ByChange<'_>)> {
    let mut out: Vec<(&Target, ByChange<'_>)> = Vec::new();
    for s in &plan.statements {
        let at = match out.iter().position(|(t, _)| *t == &s.target) {
            Some(at) => at,
            None => {
                out.push((&s.target, Vec::new()));
                out.len() - 1
            }
        };
        let changes = &mut out[at].1;
        match changes.iter_mut().find(|(c, _)| *c == s.change) {
            Some((_, statements)) => statements.push(s),
            None => changes.push((s.change, vec![s])),
        }
    }
    out
}

/// `drop column public.t.extra (2 rows)`.
pub fn loss_line(loss: &Loss) -> String {
    let rows = match loss.rows {
        Some(n) if n >= ROW_COUNT_CAP => format!("more than {n} rows"),
        Some(1) => "1 row".to_string(),
        Some(n) => format!("{n} rows"),
        None => "rows not counted".to_string(),
    };
    format!("{} ({rows})", loss.what)
}
