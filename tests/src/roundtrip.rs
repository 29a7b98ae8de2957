//! The round-trip check shared by the case corpus and the property test.
//!
//! Given a database at A and one at B: introspect both, `diff(A, B)`, `plan`, and
//! apply the plan to A twice, once as a CLI user would (`psql -f` on the script
//! `schema diff` prints) and once through `schema_core::push` on a second copy of
//! A. Each migrated copy must then introspect equal to B, dump equal to B, diff
//! empty against B, and keep the row count of every table A and B share unless
//! the plan says it deletes data there.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use schema_core::plan::{HazardKind, Plan};
use schema_core::push::{self, PushError, PushOptions};
use schema_core::{diff, introspect, plan, Schema, SchemaFilter};

use crate::TestDb;

/// A declared rename, applied to B's introspection as the hint code would carry.
#[derive(Debug, Clone, Copy)]
pub enum Hint {
    Table {
        schema: &'static str,
        from: &'static str,
        to: &'static str,
    },
    Column {
        schema: &'static str,
        table: &'static str,
        from: &'static str,
        to: &'static str,
    },
    Enum {
        schema: &'static str,
        from: &'static str,
        to: &'static str,
    },
    EnumValue {
        schema: &'static str,
        enum_name: &'static str,
        from: &'static str,
        to: &'static str,
    },
}

/// What a round trip is expected to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The migrated database equals B.
    Equal,
    /// Equal to B but for the order of columns (ADD COLUMN appends): the dumps are
    /// compared with the columns of each CREATE TABLE sorted.
    EqualButColumnOrder,
    /// Applying fails with an error containing `error`, and the push leaves the
    /// database as it was: Postgres cannot make the change, for the reason `why`.
    ApplyFails {
        error: &'static str,
        why: &'static str,
    },
}

/// The schema a database holds.
pub fn schema_of(db: &TestDb) -> Schema {
    introspect(&mut db.connect(), &SchemaFilter::AllNonSystem)
        .unwrap_or_else(|e| panic!("introspecting {}: {e}", db.name))
        .schema
}

/// `schema` with the rename hints applied.
pub fn with_hints(schema: &Schema, hints: &[Hint]) -> Schema {
    let mut s = schema.clone();
    for hint in hints {
        match *hint {
            Hint::Table { schema, from, to } => {
                table(&mut s, schema, to).renamed_from.push(from.into())
            }
            Hint::Column {
                schema,
                table: t,
                from,
                to,
            } => {
                let column = table(&mut s, schema, t)
                    .columns
                    .iter_mut()
                    .find(|c| c.name == to);
                column
                    .unwrap_or_else(|| panic!("hint: no column {to} in {schema}.{t}"))
                    .renamed_from
                    .push(from.into());
            }
            Hint::Enum { schema, from, to } => {
                enum_type(&mut s, schema, to).renamed_from.push(from.into())
            }
            Hint::EnumValue {
                schema,
                enum_name,
                from,
                to,
            } => enum_type(&mut s, schema, enum_name)
                .renamed_values
                .push((from.into(), to.into())),
        }
    }
    s
}

fn table<'a>(s: &'a mut Schema, schema: &str, name: &str) -> &'a mut schema_core::model::Table {
    s.tables
        .iter_mut()
        .find(|t| t.schema == schema && t.name == name)
        .unwrap_or_else(|| panic!("hint: no table {schema}.{name}"))
}

fn enum_type<'a>(
    s: &'a mut Schema,
    schema: &str,
    name: &str,
) -> &'a mut schema_core::model::EnumType {
    s.enums
        .iter_mut()
        .find(|e| e.schema == schema && e.name == name)
        .unwrap_or_else(|| panic!("hint: no enum {schema}.{name}"))
}

/// The round trip from the database `a` was made by (`make_a` builds a fresh copy)
/// to database `b`. Panics with a readable report on any failed check.
///
/// `cli` is the `schema` binary (or the test fixture wrapping it): when given and
/// there are no hints (which a URL cannot carry), the script psql runs is the one
/// `schema diff --from URL_A --to URL_B` prints, as in the acceptance check.
pub fn check(
    label: &str,
    make_a: &dyn Fn(&str) -> TestDb,
    b: &TestDb,
    hints: &[Hint],
    expect: Expect,
    cli: Option<&Path>,
) {
    let a = make_a(&format!("{label}_a"));
    let from = schema_of(&a);
    let to_plain = schema_of(b);
    let to = with_hints(&to_plain, hints);
    let changes = diff(&from, &to);
    let p = plan(&changes);
    let script = p.to_psql_script();
    let rows_before = row_counts(&a, &from);
    let dump_b = std::cell::OnceCell::new();
    let b_dump = || dump_b.get_or_init(|| b.dump()).clone();
    let renamed = renamed_tables(hints);

    // 1. As the CLI user: the printed script through psql.
    let printed = match cli {
        Some(bin) if hints.is_empty() => cli_diff(label, bin, &a, b, &script),
        _ => script.clone(),
    };
    let psql = run_psql(&a, &printed);
    match (expect, psql) {
        (Expect::ApplyFails { error, .. }, Err(err)) => assert!(
            err.contains(error),
            "{label}: psql failed, but not with {error:?}:\n{err}\n--- script ---\n{script}"
        ),
        (Expect::ApplyFails { error, why }, Ok(())) => panic!(
            "{label}: expected psql to fail with {error:?} ({why}), it succeeded\n--- script ---\n{script}"
        ),
        (_, Err(err)) => panic!("{label}: psql failed:\n{err}\n--- script ---\n{script}"),
        (_, Ok(())) => migrated_matches(
            label,
            "psql",
            &a,
            &b_dump(),
            &to,
            &p,
            expect,
            &rows_before,
            &renamed,
        ),
    }

    // 2. As `push`: prepare against a second copy of A, then apply.
    let a2 = make_a(&format!("{label}_p"));
    // The whole database is compared, as `schema diff` between two databases does,
    // and a B that holds nothing is meant.
    let options = PushOptions {
        lock_timeout: Duration::from_secs(10),
        filter: SchemaFilter::AllNonSystem,
        allow_empty: true,
        ..PushOptions::default()
    };
    let mut client = a2.connect();
    let prepared = match (expect, push::prepare(&mut client, &to, &options)) {
        (_, Ok(prepared)) => prepared,
        (Expect::ApplyFails { error, .. }, Err(e)) if e.to_string().contains(error) => {
            // Refused while planning: nothing was applied.
            unchanged(label, &a2, &from, &rows_before);
            return;
        }
        (_, Err(e)) => panic!("{label}: push prepare: {e}\n--- diff plan ---\n{script}"),
    };
    assert_eq!(
        prepared.plan.to_psql_script(),
        script,
        "{label}: push plans differently from diff(A, B) (normalising B through the database changed it)"
    );
    let applied = push::apply(&mut client, &to, &prepared.plan, &options);
    drop(client);
    match (expect, applied) {
        // Failed in a statement, or refused before one ran (known to fail).
        (
            Expect::ApplyFails { error, .. },
            Err(e @ (PushError::Statement { .. } | PushError::WouldFail { .. })),
        ) => {
            let message = e.to_string();
            assert!(
                message.contains(error),
                "{label}: push failed, but not with {error:?}: {message}"
            );
            unchanged(label, &a2, &from, &rows_before);
        }
        (Expect::ApplyFails { error, why }, other) => {
            panic!("{label}: expected push to fail with {error:?} ({why}), got {other:?}")
        }
        (_, Err(e)) => panic!("{label}: push apply: {e}\n--- plan ---\n{script}"),
        (_, Ok(_)) => {
            migrated_matches(
                label,
                "push",
                &a2,
                &b_dump(),
                &to,
                &p,
                expect,
                &rows_before,
                &renamed,
            );
            // A push right after a push plans nothing.
            let again = push::prepare(&mut a2.connect(), &to, &options)
                .unwrap_or_else(|e| panic!("{label}: second push: {e}"));
            assert!(
                again.plan.is_empty(),
                "{label}: a push right after a push plans:\n{}",
                again.plan.to_sql_script()
            );
        }
    }
}

/// A failed push changed nothing: same schema, same rows.
fn unchanged(label: &str, db: &TestDb, before: &Schema, rows: &BTreeMap<(String, String), i64>) {
    let now = schema_of(db);
    assert_same(
        label,
        "a failed push left the database as it was",
        before,
        &now,
    );
    assert_eq!(
        &row_counts(db, &now),
        rows,
        "{label}: a failed push changed rows"
    );
}

/// Table renames as (old, new) qualified names.
fn renamed_tables(hints: &[Hint]) -> BTreeMap<(String, String), String> {
    hints
        .iter()
        .filter_map(|h| match *h {
            Hint::Table { schema, from, to } => {
                Some(((schema.to_string(), from.to_string()), to.to_string()))
            }
            _ => None,
        })
        .collect()
}

/// The checks on a migrated database: introspection, dump, second diff, rows.
#[allow(clippy::too_many_arguments)]
fn migrated_matches(
    label: &str,
    how: &str,
    migrated: &TestDb,
    dump_b: &str,
    to: &Schema,
    p: &Plan,
    expect: Expect,
    rows_before: &BTreeMap<(String, String), i64>,
    renamed: &BTreeMap<(String, String), String>,
) {
    let script = p.to_sql_script();
    let after = schema_of(migrated);
    let target = to.without_hints();
    let order_free = expect == Expect::EqualButColumnOrder;
    let (left, right) = if order_free {
        (sorted_columns(&after), sorted_columns(&target))
    } else {
        (after.clone(), target.clone())
    };
    if left != right {
        panic!(
            "{label} ({how}): migrated database does not introspect as B\n{}\n--- plan ---\n{script}",
            json_diff(&left, &right)
        );
    }
    let (dump_a, dump_b) = (migrated.dump(), dump_b.to_string());
    let (dump_a, dump_b) = match expect {
        Expect::EqualButColumnOrder => (
            sorted_create_table_lines(&dump_a),
            sorted_create_table_lines(&dump_b),
        ),
        _ => (dump_a, dump_b),
    };
    if dump_a != dump_b {
        panic!(
            "{label} ({how}): pg_dump of the migrated database differs from B's (- migrated, + B)\n{}\n--- plan ---\n{script}",
            line_diff(&dump_a, &dump_b)
        );
    }
    let again = diff(&after, to);
    assert!(
        again.is_empty(),
        "{label} ({how}): a second diff is not empty: {again:#?}\n--- first plan ---\n{script}"
    );
    let rows_after = row_counts(migrated, &after);
    for ((schema, name), before) in rows_before {
        let new_name = renamed
            .get(&(schema.clone(), name.clone()))
            .cloned()
            .unwrap_or_else(|| name.clone());
        let Some(now) = rows_after.get(&(schema.clone(), new_name.clone())) else {
            continue;
        };
        let deletes = [name, &new_name].iter().any(|n| {
            let target = format!("table {schema}.{n}");
            p.statements.iter().any(|s| {
                s.target == target && s.hazards.iter().any(|h| h.kind == HazardKind::DeletesData)
            })
        });
        assert!(
            now == before || deletes,
            "{label} ({how}): {schema}.{new_name} had {before} rows, now {now}, and the plan has no data-loss hazard for it\n--- plan ---\n{script}"
        );
    }
}

/// What `schema diff --from A --to B` prints; it must be the in-process plan's
/// script under a header line.
fn cli_diff(label: &str, bin: &Path, a: &TestDb, b: &TestDb, script: &str) -> String {
    let out = Command::new(bin)
        .args(["diff", "--from", &a.url, "--to", &b.url])
        .env_remove("DATABASE_URL")
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run the schema CLI");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{label}: schema diff failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let body = stdout.split_once('\n').map_or("", |(_, body)| body);
    assert_eq!(body, script, "{label}: schema diff printed another plan");
    stdout
}

/// Runs the script as `psql -v ON_ERROR_STOP=1 -X -q -d URL -f FILE`.
pub fn run_psql(db: &TestDb, script: &str) -> Result<(), String> {
    let path = std::env::temp_dir().join(format!("{}.sql", db.name));
    std::fs::write(&path, script).expect("write script");
    let out = Command::new("psql")
        .args(["-v", "ON_ERROR_STOP=1", "-X", "-q", "-d", &db.url, "-f"])
        .arg(&path)
        .output()
        .expect("run psql");
    let _ = std::fs::remove_file(&path);
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// Rows per table.
pub fn row_counts(db: &TestDb, schema: &Schema) -> BTreeMap<(String, String), i64> {
    let mut client = db.connect();
    schema
        .tables
        .iter()
        .map(|t| {
            let sql = format!("SELECT count(*) FROM {}", t.qualified_name());
            let n: i64 = client.query_one(&sql, &[]).expect("count rows").get(0);
            ((t.schema.clone(), t.name.clone()), n)
        })
        .collect()
}

/// Panics with a readable diff unless the schemas are equal.
pub fn assert_same(label: &str, what: &str, left: &Schema, right: &Schema) {
    if left != right {
        panic!(
            "{label}: {what}: schemas differ (- left, + right)\n{}",
            json_diff(left, right)
        );
    }
}

fn sorted_columns(s: &Schema) -> Schema {
    let mut s = s.clone();
    for t in &mut s.tables {
        t.columns.sort_by(|a, b| a.name.cmp(&b.name));
    }
    s
}

/// The dump with the lines inside each `CREATE TABLE ... ( ... );` sorted and
/// stripped of their trailing comma, and runs of column comments sorted, so
/// column order does not count.
fn sorted_create_table_lines(dump: &str) -> String {
    let mut out = Vec::new();
    let mut body: Option<Vec<String>> = None;
    for line in dump.lines() {
        match &mut body {
            Some(lines) if line == ");" => {
                lines.sort();
                out.append(lines);
                out.push(line.to_string());
                body = None;
            }
            Some(lines) => lines.push(line.trim_end_matches(',').to_string()),
            None => {
                out.push(line.to_string());
                if line.starts_with("CREATE TABLE ") && line.ends_with('(') {
                    body = Some(Vec::new());
                }
            }
        }
    }
    // Column comments come in column order too.
    for run in out.chunk_by_mut(|a, b| {
        a.starts_with("COMMENT ON COLUMN ") && b.starts_with("COMMENT ON COLUMN ")
    }) {
        run.sort();
    }
    out.join("\n")
}

/// Both schemas as pretty JSON, differing lines marked.
pub fn json_diff(left: &Schema, right: &Schema) -> String {
    let l = serde_json::to_string_pretty(left).unwrap();
    let r = serde_json::to_string_pretty(right).unwrap();
    line_diff(&l, &r)
}

/// A line diff (longest common subsequence), with three lines of context.
pub fn line_diff(left: &str, right: &str) -> String {
    let a: Vec<&str> = left.lines().collect();
    let b: Vec<&str> = right.lines().collect();
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            ops.push(('+', b[j]));
            j += 1;
        } else {
            ops.push(('-', a[i]));
            i += 1;
        }
    }
    let near = |k: usize| {
        ops[k.saturating_sub(3)..(k + 4).min(ops.len())]
            .iter()
            .any(|(op, _)| *op != ' ')
    };
    let mut out = String::new();
    let mut skipped = false;
    for (k, (op, line)) in ops.iter().enumerate() {
        if near(k) {
            if skipped {
                out.push_str("   ...\n");
                skipped = false;
            }
            let _ = writeln!(out, "{op}  {line}");
        } else {
            skipped = true;
        }
    }
    out
}

/// One round trip: SQL that builds A (with a few rows), SQL that builds B.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    pub name: &'static str,
    pub from_sql: &'static str,
    pub to_sql: &'static str,
    /// Declared renames, given to the diff as hints on B.
    pub hints: &'static [Hint],
    pub expect: Expect,
}

impl Case {
    pub const fn new(from_sql: &'static str, to_sql: &'static str) -> Case {
        Case {
            name: "",
            from_sql,
            to_sql,
            hints: &[],
            expect: Expect::Equal,
        }
    }

    pub const fn named(mut self, name: &'static str) -> Case {
        self.name = name;
        self
    }

    /// ADD COLUMN appends, so B's column order cannot be reached in place.
    pub const fn column_order_differs(mut self) -> Case {
        self.expect = Expect::EqualButColumnOrder;
        self
    }

    pub const fn hints(mut self, hints: &'static [Hint]) -> Case {
        self.hints = hints;
        self
    }

    /// The documented behaviour where Postgres itself refuses the change (`why`):
    /// applying fails with this error text, and `push` leaves the database as it was.
    pub const fn apply_fails(mut self, error: &'static str, why: &'static str) -> Case {
        self.expect = Expect::ApplyFails { error, why };
        self
    }
}
