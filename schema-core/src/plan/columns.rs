//! Column statements: ADD COLUMN and the steps of an ALTER COLUMN, with a small
//! table of type conversions deciding USING clauses and hazards.

use super::render::{display, Context};
use super::{loss, HazardKind::*, Statement, Target};
use crate::ddl;
use crate::diff::EnumUse;
use crate::model::{draws_from_sequence, quote_ident, Column, QualifiedName};
use crate::types::SqlType;

/// Defaults Postgres must evaluate per row, which rewrites the table on ADD COLUMN
/// (a constant or stable default is stored once in the catalog instead).
const VOLATILE: &[&str] = &[
    "random(",
    "gen_random_uuid(",
    "uuid_generate_",
    "clock_timestamp(",
    "nextval(",
    "timeofday(",
];

pub(super) fn add_column(table: &QualifiedName, c: &Column, ctx: &Context) -> Statement {
    let mut s = Statement::new(ddl::add_column(table, c), Target::Table(table.clone()));
    let t = display(table);
    if !c.nullable && c.default.is_none() && c.identity.is_none() && c.generated.is_none() {
        s = s
            .hazard(
                MayFailOnExistingRows,
                format!(
                    "adding NOT NULL column {} without a default fails if {t} has rows",
                    c.name
                ),
            )
            .with_loss(loss::added_without_default(ctx, table, &c.name));
    }
    if c.generated.is_some() {
        s = s.hazard(
            RewritesTable,
            format!("computing stored column {} rewrites {t}", c.name),
        );
    } else if c.identity.is_some() {
        s = s.hazard(
            RewritesTable,
            format!("numbering identity column {} rewrites {t}", c.name),
        );
    } else if c
        .default
        .as_deref()
        .is_some_and(|d| VOLATILE.iter().any(|v| d.contains(v)))
    {
        s = s.hazard(
            RewritesTable,
            format!("a volatile default for {} rewrites {t}", c.name),
        );
    }
    s
}

/// The statements that turn column `from` into `to`, in an order Postgres accepts:
/// drop what is going (expression, identity, default), change the type, change
/// nullability (filling NULLs with the new default first, when there is one),
/// then set the new default and identity.
///
/// A default drawn from a sequence (a `serial`'s) that goes takes the sequence
/// the column owns with it, as a table made with the new column has none; a new
/// identity then gets the name `{table}_{column}_seq` that sequence had, and
/// numbers on from the values already in the column.
pub(super) fn alter_column(
    table: &QualifiedName,
    from: &Column,
    to: &Column,
    ctx: &Context,
) -> Vec<Statement> {
    let stmt = |sql: String| Statement::new(sql, Target::Table(table.clone()));
    let name = &to.name;
    let mut out = Vec::new();
    if from.generated.is_some() && to.generated.is_none() {
        out.push(stmt(ddl::drop_expression(table, name)));
    }
    if from.identity.is_some() && to.identity.is_none() {
        out.push(stmt(ddl::drop_identity(table, name)));
    }
    let retyped = from.ty != to.ty || from.collation != to.collation;
    let default_changed = from.default != to.default;
    // A default cannot always be cast along with its column: drop it, set it again.
    let drop_default = from.default.is_some() && (retyped || to.default.is_none());
    if drop_default {
        out.push(stmt(ddl::drop_default(table, name)));
    }
    if retyped {
        out.push(change_type(table, from, to, ctx));
    }
    if from.nullable && !to.nullable {
        let t = display(table);
        let set_not_null = stmt(ddl::set_not_null(table, name))
            .hazard(
                MayFailOnExistingRows,
                format!("fails if a row of {t} holds NULL in {name}"),
            )
            .hazard(
                LocksTable,
                format!("scans every row of {t} under an exclusive lock"),
            );
        match &to.default {
            Some(default) => {
                out.push(
                    stmt(ddl::fill_nulls(table, name, default))
                        .hazard(
                            WritesRows,
                            format!("fills the NULLs in {name} of {t} with its default {default}"),
                        )
                        .with_loss(loss::filled_nulls(ctx, table, name, default)),
                );
                out.push(set_not_null);
            }
            None => out.push(set_not_null.with_loss(loss::nulls_in_not_null(ctx, table, name))),
        }
    } else if !from.nullable && to.nullable {
        out.push(stmt(ddl::drop_not_null(table, name)));
    }
    if let Some(default) = &to.default {
        if default_changed || drop_default {
            out.push(stmt(ddl::set_default(table, name, default)));
        }
    }
    if draws_from_sequence(from) && default_changed {
        out.push(stmt(ddl::release_owned_sequence(table, name)));
    }
    match (&from.identity, &to.identity) {
        (None, Some(identity)) => {
            out.push(stmt(ddl::add_identity(table, name, identity)));
            let descending = identity.increment.is_some_and(|i| i < 0);
            let (edge, bound) = if descending {
                ("below", "MINVALUE")
            } else {
                ("past", "MAXVALUE")
            };
            out.push(
                stmt(ddl::continue_identity(table, name, descending)).hazard(
                    MayFailOnExistingRows,
                    format!(
                        "numbering continues after the values in {name}; fails if a row of {} holds one at or {edge} the identity's {bound}",
                        display(table)
                    ),
                ),
            );
        }
        (Some(a), Some(b)) if a != b => out.push(stmt(ddl::alter_identity(table, name, a, b))),
        _ => {}
    }
    out
}

/// How a value of one type becomes another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Conversion {
    /// Binary coercible: a catalog change, no rewrite, cannot fail.
    Free,
    /// An assignment cast that rewrites the table but accepts every value.
    Widening,
    /// An assignment cast that rewrites the table and fails on values that don't fit.
    Narrowing,
    /// No assignment cast: needs `USING`, may fail.
    Cast,
}

/// The small table of known conversions; anything not in it is a [`Conversion::Cast`].
pub(super) fn conversion(from: &SqlType, to: &SqlType) -> Conversion {
    use Conversion::*;
    use SqlType::*;
    let wider = |a: &Option<u32>, b: &Option<u32>| match (a, b) {
        (_, None) => true,
        (Some(a), Some(b)) => b >= a,
        (None, Some(_)) => false,
    };
    match (from, to) {
        (a, b) if a == b => Free,
        (Varchar(a), Varchar(b)) => {
            if wider(a, b) {
                Free
            } else {
                Narrowing
            }
        }
        (Varchar(_), Text) | (Text, Varchar(None)) | (Cidr, Inet) => Free,
        (Text, Varchar(Some(_))) | (Char(_), Varchar(_)) => Narrowing,
        (Text | Varchar(_), Char(_)) => Narrowing,
        (Numeric(Some(a)), Numeric(Some(b))) => numeric(*a, *b),
        (Numeric(_), Numeric(None)) => Free,
        (Numeric(None), Numeric(Some(_))) => Narrowing,
        (Timestamp(a), Timestamp(b))
        | (TimestampTz(a), TimestampTz(b))
        | (Time(a), Time(b))
        | (TimeTz(a), TimeTz(b)) => {
            if wider(a, b) {
                Free
            } else {
                Narrowing
            }
        }
        (SmallInt, Integer | BigInt) | (Integer, BigInt) => Widening,
        (SmallInt | Integer | BigInt, Numeric(None)) => Widening,
        (SmallInt | Integer, DoublePrecision) | (Real, DoublePrecision) => Widening,
        (Date, Timestamp(_) | TimestampTz(_)) | (Timestamp(_), TimestampTz(_)) => Widening,
        (_, Text) => Widening,
        (BigInt, Integer | SmallInt) | (Integer, SmallInt) | (DoublePrecision, Real) => Narrowing,
        (SmallInt | Integer | BigInt, Numeric(Some(_)))
        | (Numeric(_), SmallInt | Integer | BigInt) => Narrowing,
        (Array(a), Array(b)) => conversion(a, b),
        _ => Cast,
    }
}

/// `numeric(p,s)` to `numeric(q,t)`: free when only the precision grows, widening
/// when neither the integer digits nor the scale shrink.
fn numeric((p, s): (u32, Option<u32>), (q, t): (u32, Option<u32>)) -> Conversion {
    let (s, t) = (s.unwrap_or(0), t.unwrap_or(0));
    if s == t && q >= p {
        Conversion::Free
    } else if t >= s && q.saturating_sub(t) >= p.saturating_sub(s) {
        Conversion::Widening
    } else {
        Conversion::Narrowing
    }
}

/// `"col"::type`, through `text` when either side is a user type (an enum has no
/// cast to or from anything but text).
fn using(column: &str, from: &SqlType, to: &SqlType) -> String {
    let user = |t: &SqlType| matches!(t.element(), SqlType::Named(_));
    let text = |t: &SqlType| matches!(t.element(), SqlType::Text);
    let col = quote_ident(column);
    match to {
        // An explicit cast to a bounded string truncates; casting to text and letting
        // the column's assignment cast check the length fails instead.
        SqlType::Varchar(Some(_)) | SqlType::Char(_) => format!("{col}::text"),
        _ if (user(from) || user(to)) && !text(from) && !text(to) => {
            let via = if matches!(from, SqlType::Array(_)) {
                "text[]"
            } else {
                "text"
            };
            format!("{col}::{via}::{to}")
        }
        _ => format!("{col}::{to}"),
    }
}

fn change_type(table: &QualifiedName, from: &Column, to: &Column, ctx: &Context) -> Statement {
    let kind = conversion(&from.ty, &to.ty);
    let using_clause = (kind == Conversion::Cast).then(|| using(&to.name, &from.ty, &to.ty));
    let sql = ddl::alter_column_type(
        table,
        &to.name,
        &to.ty,
        to.collation.as_deref(),
        using_clause.as_deref(),
    );
    let s = Statement::new(sql, Target::Table(table.clone()));
    let (t, c) = (display(table), &to.name);
    let change = format!("{} to {}", from.ty, to.ty);
    match kind {
        Conversion::Free => s,
        Conversion::Widening => s.hazard(
            RewritesTable,
            format!("changing {c} from {change} rewrites {t}"),
        ),
        Conversion::Narrowing => s
            .hazard(
                MayFailOnExistingRows,
                format!("narrowing {c} from {change} fails on values that do not fit"),
            )
            .hazard(
                RewritesTable,
                format!("changing {c} checks and rewrites every row of {t}"),
            )
            .with_loss(loss::retyped_column(ctx, table, from, to)),
        Conversion::Cast => s
            .hazard(
                MayFailOnExistingRows,
                format!("casting {c} from {change} fails on values that do not convert"),
            )
            .hazard(RewritesTable, format!("changing {c} rewrites {t}"))
            .with_loss(loss::retyped_column(ctx, table, from, to)),
    }
}

/// A column of a recreated enum: drop its default, convert it through text to the
/// new type, set its default again.
pub(super) fn convert_enum_column(enum_name: &QualifiedName, u: &EnumUse) -> Vec<Statement> {
    let stmt = |sql: String| Statement::new(sql, Target::Table(u.table.clone()));
    let named = SqlType::Named(enum_name.clone());
    let ty = if u.array {
        SqlType::Array(Box::new(named))
    } else {
        named
    };
    let via = if u.array { "text[]" } else { "text" };
    let using = format!("{}::{via}::{ty}", quote_ident(&u.column));
    let mut out = Vec::new();
    if u.old_default.is_some() {
        out.push(stmt(ddl::drop_default(&u.table, &u.column)));
    }
    out.push(
        stmt(ddl::alter_column_type(
            &u.table,
            &u.column,
            &ty,
            None,
            Some(&using),
        ))
        .hazard(
            RewritesTable,
            format!("converting {} rewrites {}", u.column, display(&u.table)),
        ),
    );
    if let Some(default) = &u.default {
        out.push(stmt(ddl::set_default(&u.table, &u.column, default)));
    }
    out
}
