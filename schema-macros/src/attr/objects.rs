//! `policy(...)` and `trigger(...)` inside `#[table(...)]`, `#[view(...)]` and
//! `#[function(...)]`.

use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned as _;
use syn::{LitStr, Token};

use super::values::*;
use super::*;
use crate::ctxt::Ctxt;

/// `"role"` or `["a", "b"]`.
fn lit_str_list(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<Vec<LitStr>> {
    if !expect_eq(cx, meta, example)? {
        return Ok(vec![]);
    }
    if meta.input.peek(LitStr) {
        return Ok(vec![meta.input.parse()?]);
    }
    let content;
    syn::bracketed!(content in meta.input);
    let items = content.parse_terminated(|p| p.parse::<LitStr>(), Token![,])?;
    Ok(items.into_iter().collect())
}

pub fn policy_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<PolicyAttr>> {
    const EXAMPLE: &str = "name = \"own_rows\", using = \"owner = current_user\"";
    if !expect_list(cx, meta, EXAMPLE)? {
        return Ok(None);
    }
    let (mut name, mut command, mut using, mut with_check) = (None, None, None, None);
    let mut to = Vec::new();
    let mut restrictive = false;
    meta.parse_nested_meta(|inner| {
        match key_of(&inner).as_str() {
            "name" => set_once(cx, &inner, &mut name, lit_str(cx, &inner, "\"own_rows\"")?),
            "command" => set_once(
                cx,
                &inner,
                &mut command,
                choice::<PolicyCommand>(cx, &inner)?,
            ),
            "to" => to.extend(lit_str_list(cx, &inner, "[\"app_user\"]")?),
            "using" => set_once(
                cx,
                &inner,
                &mut using,
                lit_str(cx, &inner, "\"owner = current_user\"")?,
            ),
            "with_check" => set_once(
                cx,
                &inner,
                &mut with_check,
                lit_str(cx, &inner, "\"owner = current_user\"")?,
            ),
            "restrictive" => restrictive |= flag(cx, &inner)?.is_some(),
            _ => unknown_key(cx, &inner, "#[table(policy(...))]", POLICY_KEYS)?,
        }
        Ok(())
    })?;
    let Some(name) = name else {
        cx.error_spanned_by(
            &meta.path,
            format!("`policy(...)` needs `name`: write `policy({EXAMPLE})`"),
        );
        return Ok(None);
    };
    let command = command.map_or(PolicyCommand::All, |c: Spanned<PolicyCommand>| c.value);
    if command == PolicyCommand::Insert && using.is_some() {
        cx.error_spanned_by(
            &using,
            "an INSERT policy has only `with_check`: there are no existing rows for `using` to filter",
        );
    }
    if matches!(command, PolicyCommand::Select | PolicyCommand::Delete) && with_check.is_some() {
        cx.error_spanned_by(
            &with_check,
            "a SELECT or DELETE policy has only `using`: it writes no new rows for `with_check` to check",
        );
    }
    if using.is_none() && with_check.is_none() {
        cx.error_spanned_by(
            &meta.path,
            "`policy(...)` needs `using = \"...\"` or `with_check = \"...\"`: a policy without either lets no row through",
        );
    }
    Ok(Some(PolicyAttr {
        name,
        command,
        to,
        using,
        with_check,
        restrictive,
    }))
}

const TRIGGER_EVENTS: &[&str] = &["insert", "update", "delete", "truncate"];

pub fn trigger_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<TriggerAttr>> {
    const EXAMPLE: &str =
        "name = \"users_updated_at\", before = \"update\", function = \"set_updated_at\"";
    if !expect_list(cx, meta, EXAMPLE)? {
        return Ok(None);
    }
    let (mut name, mut function, mut for_each, mut update_of, mut when) =
        (None, None, None, None, None);
    let mut sql: Option<LitStr> = None;
    let mut parts: Vec<String> = Vec::new();
    let mut timings: Vec<(&'static str, LitStr)> = Vec::new();
    let mut args = Vec::new();
    meta.parse_nested_meta(|inner| {
        let key = key_of(&inner);
        if key != "name" && key != "sql" {
            parts.push(key.clone());
        }
        match key.as_str() {
            "name" => set_once(
                cx,
                &inner,
                &mut name,
                lit_str(cx, &inner, "\"users_updated_at\"")?,
            ),
            "sql" => set_once(
                cx,
                &inner,
                &mut sql,
                lit_str(cx, &inner, "\"CREATE TRIGGER ...\"")?,
            ),
            "before" => {
                timings.extend(lit_str(cx, &inner, "\"insert or update\"")?.map(|l| ("BEFORE", l)))
            }
            "after" => {
                timings.extend(lit_str(cx, &inner, "\"insert or update\"")?.map(|l| ("AFTER", l)))
            }
            "function" => set_once(
                cx,
                &inner,
                &mut function,
                lit_str(cx, &inner, "\"set_updated_at\"")?,
            ),
            "args" => args.extend(lit_str_list(cx, &inner, "[\"value\"]")?),
            "for_each" => set_once(cx, &inner, &mut for_each, choice::<ForEach>(cx, &inner)?),
            "update_of" => set_once(cx, &inner, &mut update_of, ident_list(cx, &inner)?),
            "when" => set_once(
                cx,
                &inner,
                &mut when,
                lit_str(cx, &inner, "\"NEW.email IS NOT NULL\"")?,
            ),
            _ => unknown_key(cx, &inner, "#[table(trigger(...))]", TRIGGER_KEYS)?,
        }
        Ok(())
    })?;
    if let Some(sql) = sql {
        let Some(name) = name else {
            cx.error_spanned_by(
                &meta.path,
                "`trigger(...)` needs `name`, as the statement in `sql` names it",
            );
            return Ok(None);
        };
        if !parts.is_empty() {
            cx.error_spanned_by(
                &sql,
                format!("`sql` is the whole CREATE TRIGGER statement: leave out {}, or write the trigger in parts without `sql`", parts.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")),
            );
        }
        let head = sql.value().trim_start().to_ascii_uppercase();
        if !(head.starts_with("CREATE TRIGGER")
            || head.starts_with("CREATE CONSTRAINT TRIGGER")
            || head.starts_with("CREATE OR REPLACE TRIGGER"))
        {
            cx.error_spanned_by(
                &sql,
                "`sql` must be one `CREATE [CONSTRAINT] TRIGGER ...` statement",
            );
        }
        return Ok(Some(TriggerAttr {
            name,
            sql: Some(sql),
            timing: "",
            events: vec![],
            function: LitStr::new("", meta.path.span()),
            args: vec![],
            for_each: ForEach::Row,
            update_of: vec![],
            when: None,
        }));
    }
    let mut missing = Vec::new();
    if name.is_none() {
        missing.push("`name`");
    }
    if timings.is_empty() {
        missing.push("`before = \"...\"` or `after = \"...\"`");
    }
    if function.is_none() {
        missing.push("`function`");
    }
    if !missing.is_empty() {
        cx.error_spanned_by(
            &meta.path,
            format!(
                "`trigger(...)` needs {}: write `trigger({EXAMPLE})`",
                missing.join(" and ")
            ),
        );
        return Ok(None);
    }
    if timings.len() > 1 {
        cx.error_spanned_by(
            &timings[1].1,
            "a trigger fires either `before` or `after` its events, not both: declare two triggers",
        );
    }
    let (timing, events_lit) = timings.swap_remove(0);
    let events = trigger_events(cx, &events_lit);
    let for_each = for_each.map_or(ForEach::Row, |f: Spanned<ForEach>| f.value);
    if for_each == ForEach::Row && events.iter().any(|e| e == "TRUNCATE") {
        cx.error_spanned_by(
            &events_lit,
            "a `truncate` trigger fires once per statement: add `for_each = \"statement\"`",
        );
    }
    let update_of = update_of
        .map(|u: Spanned<Vec<syn::Ident>>| u.value)
        .unwrap_or_default();
    if !update_of.is_empty() && !events.iter().any(|e| e == "UPDATE") {
        cx.error_spanned_by(
            &update_of[0],
            "`update_of` names the columns an `update` fires on, and this trigger does not fire on `update`",
        );
    }
    Ok(Some(TriggerAttr {
        name: name.expect("checked above"),
        sql: None,
        timing,
        events,
        function: function.expect("checked above"),
        args,
        for_each,
        update_of,
        when,
    }))
}

/// `"insert or update"` (or `"insert, update"`) to `["INSERT", "UPDATE"]`.
fn trigger_events(cx: &Ctxt, lit: &LitStr) -> Vec<String> {
    let text = lit.value().to_ascii_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty() && *w != "or")
        .collect();
    if words.is_empty() {
        cx.error_spanned_by(
            lit,
            "name the events the trigger fires on: `\"insert\"`, `\"update\"`, `\"delete\"`, `\"truncate\"`, or several: `\"insert or update\"`",
        );
    }
    let mut out = Vec::new();
    for w in words {
        if TRIGGER_EVENTS.contains(&w) {
            out.push(w.to_ascii_uppercase());
        } else {
            cx.error_spanned_by(
                lit,
                format!(
                    "unknown trigger event `{w}`{}\n  events: insert, update, delete, truncate (several: \"insert or update\")",
                    crate::names::suggestion(w, TRIGGER_EVENTS.iter().copied())
                ),
            );
        }
    }
    out
}

pub fn view_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> ViewAttrs {
    let mut out = ViewAttrs::default();
    each_key(cx, attrs, "view", |meta, key| {
        match key {
            "name" => set_once(
                cx,
                meta,
                &mut out.name,
                lit_str(cx, meta, "\"active_users\"")?,
            ),
            "schema" => set_once(cx, meta, &mut out.schema, lit_str(cx, meta, "\"auth\"")?),
            "sql" => set_once(cx, meta, &mut out.sql, lit_str(cx, meta, "\"SELECT ...\"")?),
            "sql_file" => set_once(
                cx,
                meta,
                &mut out.sql_file,
                lit_str(cx, meta, "\"views/active_users.sql\"")?,
            ),
            "materialized" => out.materialized |= flag(cx, meta)?.is_some(),
            "security_barrier" => out.security_barrier |= flag(cx, meta)?.is_some(),
            "check_option" => set_once(cx, meta, &mut out.check_option, choice(cx, meta)?),
            "comment" => set_once(cx, meta, &mut out.comment, lit_str(cx, meta, "\"...\"")?),
            "index" => out.indexes.extend(super::items::index_attr(cx, meta)?),
            "grant" => out.grants.extend(grant_attr(cx, meta, GrantOn::View)?),
            _ => unknown_key(cx, meta, "#[view(...)]", VIEW_KEYS)?,
        }
        Ok(())
    });
    out
}

pub fn function_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> FunctionAttrs {
    let mut out = FunctionAttrs::default();
    each_key(cx, attrs, "function", |meta, key| {
        match key {
            "sql" => set_once(
                cx,
                meta,
                &mut out.sql,
                lit_str(cx, meta, "\"CREATE FUNCTION ...\"")?,
            ),
            "sql_file" => set_once(
                cx,
                meta,
                &mut out.sql_file,
                lit_str(cx, meta, "\"sql/set_updated_at.sql\"")?,
            ),
            "comment" => set_once(cx, meta, &mut out.comment, lit_str(cx, meta, "\"...\"")?),
            "grant" => out.grants.extend(grant_attr(cx, meta, GrantOn::Function)?),
            "private" => out.private |= flag(cx, meta)?.is_some(),
            _ => unknown_key(cx, meta, "#[function(...)]", FUNCTION_KEYS)?,
        }
        Ok(())
    });
    out
}

pub fn exclude_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<ExcludeAttr>> {
    const EXAMPLE: &str =
        "name = \"no_double_booking\", using = \"gist\", elements = \"room WITH =, during WITH &&\"";
    if !expect_list(cx, meta, EXAMPLE)? {
        return Ok(None);
    }
    let (mut name, mut using, mut elements, mut predicate, mut sql) =
        (None, None, None, None, None);
    meta.parse_nested_meta(|inner| {
        match key_of(&inner).as_str() {
            "name" => set_once(
                cx,
                &inner,
                &mut name,
                lit_str(cx, &inner, "\"no_double_booking\"")?,
            ),
            "using" => set_once(cx, &inner, &mut using, lit_str(cx, &inner, "\"gist\"")?),
            "elements" => set_once(
                cx,
                &inner,
                &mut elements,
                lit_str(cx, &inner, "\"room WITH =, during WITH &&\"")?,
            ),
            "where" => set_once(
                cx,
                &inner,
                &mut predicate,
                lit_str(cx, &inner, "\"NOT cancelled\"")?,
            ),
            "sql" => set_once(
                cx,
                &inner,
                &mut sql,
                lit_str(cx, &inner, "\"EXCLUDE USING gist (...)\"")?,
            ),
            _ => unknown_key(cx, &inner, "#[table(exclude(...))]", EXCLUDE_KEYS)?,
        }
        Ok(())
    })?;
    let Some(name) = name else {
        cx.error_spanned_by(
            &meta.path,
            format!("`exclude(...)` needs `name`: write `exclude({EXAMPLE})`"),
        );
        return Ok(None);
    };
    let definition = match (sql, elements) {
        (Some(sql), None) if using.is_none() && predicate.is_none() => {
            if !sql
                .value()
                .trim_start()
                .to_ascii_uppercase()
                .starts_with("EXCLUDE")
            {
                cx.error_spanned_by(
                    &sql,
                    "`sql` must be the constraint's `EXCLUDE USING ... (...)` text",
                );
            }
            sql.value()
        }
        (Some(sql), _) => {
            cx.error_spanned_by(&sql, "`sql` is the whole EXCLUDE text: leave out `using`, `elements` and `where`, or write it in parts without `sql`");
            return Ok(None);
        }
        (None, Some(elements)) => {
            let using = using.map_or_else(|| "gist".to_string(), |u| u.value());
            let predicate = predicate
                .map(|p| format!(" WHERE ({})", p.value()))
                .unwrap_or_default();
            format!("EXCLUDE USING {using} ({}){predicate}", elements.value())
        }
        (None, None) => {
            cx.error_spanned_by(
                &meta.path,
                format!("`exclude(...)` needs `elements`: write `exclude({EXAMPLE})`"),
            );
            return Ok(None);
        }
    };
    Ok(Some(ExcludeAttr { name, definition }))
}

pub fn domain_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> DomainAttrs {
    let mut out = DomainAttrs::default();
    each_key(cx, attrs, "domain", |meta, key| {
        match key {
            "name" => set_once(
                cx,
                meta,
                &mut out.name,
                lit_str(cx, meta, "\"positive_int\"")?,
            ),
            "schema" => set_once(cx, meta, &mut out.schema, lit_str(cx, meta, "\"auth\"")?),
            "sql_type" => set_once(
                cx,
                meta,
                &mut out.sql_type,
                lit_str(cx, meta, "\"integer\"")?,
            ),
            "default_sql" => set_once(cx, meta, &mut out.default_sql, lit_str(cx, meta, "\"1\"")?),
            "not_null" => out.not_null |= flag(cx, meta)?.is_some(),
            "check" => out.checks.extend(super::items::check_attr(cx, meta)?),
            "comment" => set_once(cx, meta, &mut out.comment, lit_str(cx, meta, "\"...\"")?),
            _ => unknown_key(cx, meta, "#[domain(...)]", DOMAIN_KEYS)?,
        }
        Ok(())
    });
    out
}

pub fn sequence_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> SequenceItemAttrs {
    let mut out = SequenceItemAttrs::default();
    each_key(cx, attrs, "sequence", |meta, key| {
        match key {
            "name" => set_once(
                cx,
                meta,
                &mut out.name,
                lit_str(cx, meta, "\"invoice_number\"")?,
            ),
            "schema" => set_once(cx, meta, &mut out.schema, lit_str(cx, meta, "\"billing\"")?),
            "sql_type" => set_once(
                cx,
                meta,
                &mut out.sql_type,
                lit_str(cx, meta, "\"integer\"")?,
            ),
            "increment" => set_once(cx, meta, &mut out.increment, int_value(cx, meta)?),
            "min_value" => set_once(cx, meta, &mut out.min_value, int_value(cx, meta)?),
            "max_value" => set_once(cx, meta, &mut out.max_value, int_value(cx, meta)?),
            "start" => set_once(cx, meta, &mut out.start, int_value(cx, meta)?),
            "cache" => set_once(cx, meta, &mut out.cache, int_value(cx, meta)?),
            "cycle" => out.cycle |= flag(cx, meta)?.is_some(),
            "owned_by" => set_once(
                cx,
                meta,
                &mut out.owned_by,
                path_value(cx, meta, "Invoice::number")?,
            ),
            "comment" => set_once(cx, meta, &mut out.comment, lit_str(cx, meta, "\"...\"")?),
            "grant" => out.grants.extend(grant_attr(cx, meta, GrantOn::Sequence)?),
            _ => unknown_key(cx, meta, "#[sequence(...)]", SEQUENCE_ITEM_KEYS)?,
        }
        Ok(())
    });
    out
}

impl GrantOn {
    /// The privileges such an object (or, with `columns`, its columns) takes,
    /// in the order `all` spells them.
    fn privileges(self, columns: bool) -> &'static [&'static str] {
        match (self, columns) {
            (GrantOn::Table | GrantOn::View, false) => &[
                "SELECT",
                "INSERT",
                "UPDATE",
                "DELETE",
                "TRUNCATE",
                "REFERENCES",
                "TRIGGER",
            ],
            (GrantOn::Table | GrantOn::View, true) => &["SELECT", "INSERT", "UPDATE", "REFERENCES"],
            (GrantOn::Sequence, _) => &["USAGE", "SELECT", "UPDATE"],
            (GrantOn::Function, _) => &["EXECUTE"],
        }
    }

    fn what(self) -> &'static str {
        match self {
            GrantOn::Table => "a table",
            GrantOn::View => "a view",
            GrantOn::Sequence => "a sequence",
            GrantOn::Function => "a function",
        }
    }
}

/// `grant(to = "app", privileges = ["select", "update"], columns = [email],
/// with_grant_option)`.
pub fn grant_attr(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    on: GrantOn,
) -> syn::Result<Option<GrantAttr>> {
    const EXAMPLE: &str = "to = \"app\", privileges = [\"select\"]";
    if !expect_list(cx, meta, EXAMPLE)? {
        return Ok(None);
    }
    let mut roles = Vec::new();
    let mut privileges: Vec<LitStr> = Vec::new();
    let mut columns = None;
    let mut grantable = false;
    meta.parse_nested_meta(|inner| {
        match key_of(&inner).as_str() {
            "to" => roles.extend(lit_str_list(cx, &inner, "[\"app\"]")?),
            "privileges" => {
                privileges.extend(lit_str_list(cx, &inner, "[\"select\", \"insert\"]")?)
            }
            "columns" => {
                if on == GrantOn::Sequence || on == GrantOn::Function {
                    cx.error_spanned_by(
                        &inner.path,
                        format!(
                            "`columns` grants on a table's or view's columns; {} has none",
                            on.what()
                        ),
                    );
                    skip_item(&inner)?;
                } else {
                    set_once(cx, &inner, &mut columns, ident_list(cx, &inner)?)
                }
            }
            "with_grant_option" => grantable |= flag(cx, &inner)?.is_some(),
            _ => unknown_key(cx, &inner, "grant(...)", GRANT_KEYS)?,
        }
        Ok(())
    })?;
    if roles.is_empty() {
        cx.error_spanned_by(
            &meta.path,
            format!("`grant(...)` needs the roles it is for: write `grant({EXAMPLE})`"),
        );
        return Ok(None);
    }
    if privileges.is_empty() {
        cx.error_spanned_by(
            &meta.path,
            format!(
                "`grant(...)` needs `privileges = [...]`: {}{} takes {}, or \"all\"",
                on.what(),
                if columns.is_some() { "'s columns" } else { "" },
                list(on.privileges(columns.is_some())),
            ),
        );
        return Ok(None);
    }
    let allowed = on.privileges(columns.is_some());
    let mut names: Vec<String> = Vec::new();
    for p in &privileges {
        let upper = p.value().trim().to_ascii_uppercase();
        if upper == "ALL" || upper == "ALL PRIVILEGES" {
            names.extend(allowed.iter().map(|s| s.to_string()));
        } else if allowed.contains(&upper.as_str()) {
            names.push(upper);
        } else {
            cx.error_spanned_by(
                p,
                format!(
                    "`{}` is not a privilege on {}{}: write {}, or \"all\"",
                    p.value(),
                    on.what(),
                    if columns.is_some() { "'s columns" } else { "" },
                    list(allowed),
                ),
            );
        }
    }
    let roles: Vec<String> = roles
        .iter()
        .filter_map(|r| {
            let name = r.value();
            if name.trim().is_empty() {
                cx.error_spanned_by(r, "a role name cannot be empty");
                None
            } else if name.eq_ignore_ascii_case("public") {
                Some("PUBLIC".to_string())
            } else {
                Some(name)
            }
        })
        .collect();
    Ok(Some(GrantAttr {
        roles,
        privileges: names,
        columns: columns.map(|c: Spanned<Vec<Ident>>| c.value),
        grantable,
    }))
}

/// `"select", "insert"` for a message.
fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|p| format!("\"{}\"", p.to_ascii_lowercase()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `partition(name = "...", bound = "FROM (...) TO (...)" | "IN (...)" |
/// "WITH (MODULUS m, REMAINDER r)", schema = "...")` or `partition(name, default)`.
pub fn partition_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<PartitionAttr>> {
    const EXAMPLE: &str =
        "name = \"events_2026\", bound = \"FROM ('2026-01-01') TO ('2027-01-01')\"";
    if !expect_list(cx, meta, EXAMPLE)? {
        return Ok(None);
    }
    let (mut name, mut schema, mut bound) = (None, None, None::<LitStr>);
    let mut default = None;
    meta.parse_nested_meta(|inner| {
        match key_of(&inner).as_str() {
            "name" => set_once(
                cx,
                &inner,
                &mut name,
                lit_str(cx, &inner, "\"events_2026\"")?,
            ),
            "schema" => set_once(cx, &inner, &mut schema, lit_str(cx, &inner, "\"archive\"")?),
            "bound" => set_once(
                cx,
                &inner,
                &mut bound,
                lit_str(cx, &inner, "\"FROM ('2026-01-01') TO ('2027-01-01')\"")?,
            ),
            "default" => {
                if let Some(path) = flag(cx, &inner)? {
                    default = Some(path);
                }
            }
            _ => unknown_key(cx, &inner, "partition(...)", PARTITION_KEYS)?,
        }
        Ok(())
    })?;
    let Some(name) = name else {
        cx.error_spanned_by(
            &meta.path,
            format!("`partition(...)` needs `name`: write `partition({EXAMPLE})`"),
        );
        return Ok(None);
    };
    let bound = match (bound, default) {
        (Some(b), None) => {
            let text = b.value().trim().to_string();
            if text.to_ascii_uppercase().starts_with("FOR VALUES") {
                text
            } else {
                format!("FOR VALUES {text}")
            }
        }
        (None, Some(_)) => "DEFAULT".to_string(),
        (Some(b), Some(_)) => {
            cx.error_spanned_by(
                &b,
                "a partition takes either `bound = \"...\"` or `default` (the rows no other partition takes), not both",
            );
            return Ok(None);
        }
        (None, None) => {
            cx.error_spanned_by(
                &meta.path,
                format!("`partition(...)` needs the rows it holds: `bound = \"...\"` or `default`; for example `partition({EXAMPLE})`"),
            );
            return Ok(None);
        }
    };
    Ok(Some(PartitionAttr {
        name,
        schema,
        bound,
    }))
}
