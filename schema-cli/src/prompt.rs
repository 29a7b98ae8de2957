//! Questions on the terminal: consent, and drop+add pairs that may be renames.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context;
use schema_core::diff::{apply_rename, RenameCandidate};
use schema_core::Schema;

/// Whether a person can answer questions: standard input and error are a terminal.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// Asks a yes/no question on the terminal; anything but y/yes is no.
pub fn confirm(question: &str) -> anyhow::Result<bool> {
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .context("reading the answer")?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// Asks about each drop+add pair that may be a rename (on a terminal), records
/// the confirmed ones as hints on `desired`, and returns the rest, to be
/// explained. Without a terminal nothing is asked: all are returned.
pub fn settle_renames(
    candidates: &[RenameCandidate],
    desired: &mut Schema,
) -> anyhow::Result<Vec<RenameCandidate>> {
    let interactive = interactive();
    let mut undeclared = Vec::new();
    for candidate in candidates {
        let question = format!(
            "{}: renamed (y) or dropped and created anew (n)?",
            describe_rename(candidate)
        );
        if !(interactive && confirm(&question)? && apply_rename(desired, candidate)) {
            undeclared.push(candidate.clone());
        }
    }
    Ok(undeclared)
}

/// The note printed for a possible rename nobody confirmed; `again` is the
/// command to run once it is declared (`push`, `generate`).
pub fn rename_note(c: &RenameCandidate, again: &str) -> String {
    format!(
        "Note: {}; if it was renamed, declare it with {} and run `{again}` again.",
        describe_rename(c),
        declare_hint(c)
    )
}

fn describe_rename(c: &RenameCandidate) -> String {
    match c {
        RenameCandidate::Table { schema, from, to } => {
            format!("table {schema}.{from} is gone and {schema}.{to} is new")
        }
        RenameCandidate::Column { table, from, to } => {
            format!(
                "column {}.{}.{from} is gone and {to} is new",
                table.schema, table.name
            )
        }
        RenameCandidate::Enum { schema, from, to } => {
            format!("enum {schema}.{from} is gone and {schema}.{to} is new")
        }
    }
}

fn declare_hint(c: &RenameCandidate) -> String {
    match c {
        RenameCandidate::Table { from, .. } => format!("#[table(renamed_from = \"{from}\")]"),
        RenameCandidate::Column { from, .. } => format!("#[column(renamed_from = \"{from}\")]"),
        RenameCandidate::Enum { from, .. } => format!("#[enum_type(renamed_from = \"{from}\")]"),
    }
}
