//! DDL of views, functions, triggers, row level security and policies.
//!
//! The text of a view's query, a function and a trigger is kept whole in the
//! model (as the database prints it, or as the code wrote it); these functions
//! put the statement around it.

use crate::model::{
    quote_ident, Check, CheckOption, Domain, Exclusion, Function, Grant, Policy, QualifiedName,
    RowSecurity, Sequence, SequenceOwner, SequenceType, View,
};

/// `CREATE [MATERIALIZED] VIEW "s"."v" [WITH (...)] AS query [WITH ... CHECK OPTION]`.
pub fn create_view(v: &View) -> String {
    let name = v.qualified_name();
    let query = v.definition.trim_end().trim_end_matches(';').trim_end();
    if v.materialized {
        return format!("CREATE MATERIALIZED VIEW {name} AS\n{query}");
    }
    let mut options = Vec::new();
    if v.security_barrier {
        options.push("security_barrier = true");
    }
    let with = if options.is_empty() {
        String::new()
    } else {
        format!(" WITH ({})", options.join(", "))
    };
    let check = match v.check_option {
        None => "",
        Some(CheckOption::Local) => "\nWITH LOCAL CHECK OPTION",
        Some(CheckOption::Cascaded) => "\nWITH CASCADED CHECK OPTION",
    };
    format!("CREATE VIEW {name}{with} AS\n{query}{check}")
}

pub fn drop_view(v: &View) -> String {
    let kind = if v.materialized {
        "MATERIALIZED VIEW"
    } else {
        "VIEW"
    };
    format!("DROP {kind} {}", v.qualified_name())
}

/// The function's own `CREATE [OR REPLACE] FUNCTION` text, as kept.
pub fn create_function(f: &Function) -> String {
    f.definition.trim_end().trim_end_matches(';').to_string()
}

/// Whether the body of `f` is checked against tables when it is created
/// (`LANGUAGE sql` bodies are, unless `check_function_bodies` is off).
pub fn checks_body(f: &Function) -> bool {
    f.definition.to_ascii_lowercase().contains("language sql")
}

/// Lets a `LANGUAGE sql` function be created before the tables its body names,
/// as `pg_dump` does; lasts until the transaction ends.
pub const UNCHECKED_BODIES: &str = "SET LOCAL check_function_bodies = off";

pub fn drop_function(f: &Function) -> String {
    let kind = if f.returns.is_none() {
        "PROCEDURE"
    } else {
        "FUNCTION"
    };
    format!("DROP {kind} {}({})", f.qualified_name(), f.identity)
}

/// The trigger's own `CREATE TRIGGER` text, as kept.
pub fn create_trigger(definition: &str) -> String {
    definition.trim_end().trim_end_matches(';').to_string()
}

pub fn drop_trigger(table: &QualifiedName, name: &str) -> String {
    format!("DROP TRIGGER {} ON {table}", quote_ident(name))
}

/// `ALTER TABLE ... {ENABLE | DISABLE} ROW LEVEL SECURITY` and `[NO] FORCE`,
/// for what differs between `from` and `to`.
pub fn row_security(table: &QualifiedName, from: RowSecurity, to: RowSecurity) -> Vec<String> {
    let mut out = Vec::new();
    if from.enabled != to.enabled {
        let verb = if to.enabled { "ENABLE" } else { "DISABLE" };
        out.push(format!("ALTER TABLE {table} {verb} ROW LEVEL SECURITY"));
    }
    if from.forced != to.forced {
        let verb = if to.forced { "FORCE" } else { "NO FORCE" };
        out.push(format!("ALTER TABLE {table} {verb} ROW LEVEL SECURITY"));
    }
    out
}

/// `CREATE POLICY "p" ON t AS {PERMISSIVE | RESTRICTIVE} FOR cmd TO roles
/// [USING (...)] [WITH CHECK (...)]`.
pub fn create_policy(table: &QualifiedName, p: &Policy) -> String {
    let kind = if p.restrictive {
        "RESTRICTIVE"
    } else {
        "PERMISSIVE"
    };
    let roles = if p.roles.is_empty() {
        "PUBLIC".to_string()
    } else {
        p.roles
            .iter()
            .map(|r| role(r))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut sql = format!(
        "CREATE POLICY {} ON {table} AS {kind} FOR {} TO {roles}",
        quote_ident(&p.name),
        p.command.sql()
    );
    if let Some(using) = &p.using {
        sql.push_str(&format!(" USING ({using})"));
    }
    if let Some(check) = &p.with_check {
        sql.push_str(&format!(" WITH CHECK ({check})"));
    }
    sql
}

/// A role as a policy or grant names it: the keywords `PUBLIC`,
/// `CURRENT_USER`, `SESSION_USER`, `CURRENT_ROLE` bare, any other name quoted.
fn role(name: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        "public" | "current_user" | "session_user" | "current_role" => name.to_ascii_uppercase(),
        _ => quote_ident(name),
    }
}

pub fn drop_policy(table: &QualifiedName, name: &str) -> String {
    format!("DROP POLICY {} ON {table}", quote_ident(name))
}

/// `ALTER TABLE t ADD CONSTRAINT "x" EXCLUDE USING ...`.
pub fn add_exclusion(table: &QualifiedName, x: &Exclusion) -> String {
    format!(
        "ALTER TABLE {table} ADD CONSTRAINT {} {}",
        quote_ident(&x.name),
        x.definition.trim()
    )
}

/// `CREATE DOMAIN "s"."d" AS base [DEFAULT ...] [NOT NULL] [CONSTRAINT "c" CHECK (...)]...`.
pub fn create_domain(d: &Domain) -> String {
    create_domain_named(&d.qualified_name(), d)
}

/// [`create_domain`] under another name (a recreated domain's new self).
pub fn create_domain_named(name: &QualifiedName, d: &Domain) -> String {
    let mut sql = format!("CREATE DOMAIN {name} AS {}", d.base);
    if let Some(default) = &d.default {
        sql.push_str(&format!(" DEFAULT {default}"));
    }
    if d.not_null {
        sql.push_str(" NOT NULL");
    }
    for c in &d.checks {
        sql.push_str(&format!(" {}", domain_check(c)));
    }
    sql
}

fn domain_check(c: &Check) -> String {
    let expr = c.expression.trim();
    let wrapped = if expr.starts_with('(') && expr.ends_with(')') {
        expr.to_string()
    } else {
        format!("({expr})")
    };
    format!("CONSTRAINT {} CHECK {wrapped}", quote_ident(&c.name))
}

pub fn drop_domain(name: &QualifiedName) -> String {
    format!("DROP DOMAIN {name}")
}

pub fn rename_domain(name: &QualifiedName, to: &str) -> String {
    format!("ALTER DOMAIN {name} RENAME TO {}", quote_ident(to))
}

/// The `ALTER DOMAIN` statements from `from` to `to` (same base type): the
/// default, NOT NULL, then checks dropped and added by name.
pub fn alter_domain(from: &Domain, to: &Domain) -> Vec<String> {
    let name = to.qualified_name();
    let mut out = Vec::new();
    if from.default != to.default {
        out.push(match &to.default {
            Some(d) => format!("ALTER DOMAIN {name} SET DEFAULT {d}"),
            None => format!("ALTER DOMAIN {name} DROP DEFAULT"),
        });
    }
    if from.not_null != to.not_null {
        let verb = if to.not_null { "SET" } else { "DROP" };
        out.push(format!("ALTER DOMAIN {name} {verb} NOT NULL"));
    }
    for c in &from.checks {
        if !to.checks.contains(c) {
            out.push(format!(
                "ALTER DOMAIN {name} DROP CONSTRAINT {}",
                quote_ident(&c.name)
            ));
        }
    }
    for c in &to.checks {
        if !from.checks.contains(c) {
            out.push(format!("ALTER DOMAIN {name} ADD {}", domain_check(c)));
        }
    }
    out
}

/// `CREATE SEQUENCE "s"."n" [AS type] [INCREMENT BY n] ...`: every option that
/// is not the default, never `OWNED BY` (the column may not exist yet).
pub fn create_sequence(q: &Sequence) -> String {
    let mut sql = format!("CREATE SEQUENCE {}", q.qualified_name());
    let mut options = Vec::new();
    if q.data_type != SequenceType::default() {
        options.push(format!("AS {}", q.data_type.sql()));
    }
    if q.increment != 1 {
        options.push(format!("INCREMENT BY {}", q.increment));
    }
    if let Some(min) = q.min_value {
        options.push(format!("MINVALUE {min}"));
    }
    if let Some(max) = q.max_value {
        options.push(format!("MAXVALUE {max}"));
    }
    if let Some(start) = q.start {
        options.push(format!("START WITH {start}"));
    }
    if q.cache != 1 {
        options.push(format!("CACHE {}", q.cache));
    }
    if q.cycle {
        options.push("CYCLE".into());
    }
    for option in options {
        sql.push(' ');
        sql.push_str(&option);
    }
    sql
}

/// `ALTER SEQUENCE ... AS ... INCREMENT BY ... START WITH ...`: the options of
/// `to` that differ from `from`. When the type, direction or bounds move, all
/// of them are said, so that none is left outside the new range. Never
/// `RESTART`: the sequence keeps counting where it is.
pub fn alter_sequence(from: &Sequence, to: &Sequence) -> Option<String> {
    let mut options = Vec::new();
    let bounds_move = from.data_type != to.data_type
        || from.increment.signum() != to.increment.signum()
        || from.bounds() != to.bounds();
    if from.data_type != to.data_type {
        options.push(format!("AS {}", to.data_type.sql()));
    }
    if from.increment != to.increment {
        options.push(format!("INCREMENT BY {}", to.increment));
    }
    if bounds_move {
        let (min, max, start) = to.bounds();
        options.push(format!("MINVALUE {min} MAXVALUE {max} START WITH {start}"));
    }
    if from.cache != to.cache {
        options.push(format!("CACHE {}", to.cache));
    }
    if from.cycle != to.cycle {
        options.push(if to.cycle { "CYCLE" } else { "NO CYCLE" }.into());
    }
    if options.is_empty() {
        return None;
    }
    let name = to.qualified_name();
    let alter = format!("ALTER SEQUENCE {name} {}", options.join(" "));
    if !bounds_move {
        return Some(alter);
    }
    // A sequence never drawn from starts over at the new start (its current
    // value may lie outside the new bounds); one in use goes on from where it
    // stands, and Postgres refuses bounds that leave that outside.
    let body = format!(
        "BEGIN IF (SELECT NOT is_called FROM {name}) THEN {alter} RESTART; \
         ELSE {alter}; END IF; END"
    );
    Some(format!("DO {}", super::dollar_quote(&body)))
}

/// `ALTER SEQUENCE ... OWNED BY "s"."t"."c"` (or `NONE`).
pub fn sequence_owner(name: &QualifiedName, owner: Option<&SequenceOwner>) -> String {
    let owner = match owner {
        Some(o) => format!("{}.{}", o.table, quote_ident(&o.column)),
        None => "NONE".into(),
    };
    format!("ALTER SEQUENCE {name} OWNED BY {owner}")
}

/// What a `GRANT` is on.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GrantTarget {
    /// A table, view or materialized view (`ON TABLE`).
    Table(QualifiedName),
    Sequence(QualifiedName),
    /// A function or procedure, by its identity arguments (`ON ROUTINE`).
    Function {
        name: QualifiedName,
        identity: String,
    },
    Namespace {
        name: String,
    },
}

impl GrantTarget {
    fn sql(&self) -> String {
        match self {
            GrantTarget::Table(name) => format!("TABLE {name}"),
            GrantTarget::Sequence(name) => format!("SEQUENCE {name}"),
            GrantTarget::Function { name, identity } => format!("ROUTINE {name}({identity})"),
            GrantTarget::Namespace { name } => format!("SCHEMA {}", quote_ident(name)),
        }
    }
}

fn privilege(g: &Grant) -> String {
    match &g.column {
        Some(c) => format!("{} ({})", g.privilege, quote_ident(c)),
        None => g.privilege.clone(),
    }
}

/// `GRANT SELECT ("email") ON TABLE "public"."users" TO "app" [WITH GRANT OPTION]`.
pub fn grant(on: &GrantTarget, g: &Grant) -> String {
    format!(
        "GRANT {} ON {} TO {}{}",
        privilege(g),
        on.sql(),
        role(&g.role),
        if g.grantable {
            " WITH GRANT OPTION"
        } else {
            ""
        }
    )
}

/// `REVOKE SELECT ON TABLE "public"."users" FROM "app"`.
pub fn revoke(on: &GrantTarget, g: &Grant) -> String {
    format!(
        "REVOKE {} ON {} FROM {}",
        privilege(g),
        on.sql(),
        role(&g.role)
    )
}

pub fn drop_sequence(name: &QualifiedName) -> String {
    format!("DROP SEQUENCE {name}")
}
