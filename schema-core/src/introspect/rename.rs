//! Moving a schema from one set of namespaces to another, expressions included.
//!
//! Normalising through the database creates the desired objects under scratch
//! namespace names and maps the introspected result back. Names live in plain
//! fields (table and enum namespaces, `SqlType::Named`, foreign key targets) and
//! inside SQL text (`'active'::public.gen_status`); [`rewrite_qualifiers`] finds
//! `namespace.object` pairs in SQL text while skipping string literals.

use std::collections::{HashMap, HashSet};

use crate::model::{IndexTarget, QualifiedName, Schema};
use crate::types::SqlType;

/// A renaming of namespaces.
pub(crate) struct NamespaceMap {
    /// Plain name to plain name.
    pub names: HashMap<String, String>,
    /// Plain name to the target as it must be spelled inside SQL text.
    pub spelled: HashMap<String, String>,
    /// When set, only references to these objects are renamed (names of other
    /// objects in a renamed namespace, such as functions, are left alone).
    pub only: Option<HashSet<QualifiedName>>,
}

impl NamespaceMap {
    fn namespace(&self, ns: &str) -> String {
        self.names
            .get(ns)
            .cloned()
            .unwrap_or_else(|| ns.to_string())
    }

    fn covers(&self, schema: &str, name: &str) -> bool {
        match &self.only {
            Some(only) => only.contains(&QualifiedName::new(schema, name)),
            None => true,
        }
    }

    fn object(&self, q: &QualifiedName) -> QualifiedName {
        if self.covers(&q.schema, &q.name) {
            QualifiedName::new(self.namespace(&q.schema), &q.name)
        } else {
            q.clone()
        }
    }

    fn ty(&self, ty: &SqlType) -> SqlType {
        match ty {
            SqlType::Named(q) => SqlType::Named(self.object(q)),
            SqlType::Array(e) => SqlType::Array(Box::new(self.ty(e))),
            other => other.clone(),
        }
    }

    fn expr(&self, sql: &str) -> String {
        rewrite_qualifiers(sql, |schema, name| {
            if self.covers(schema, name) {
                self.spelled.get(schema).cloned()
            } else {
                None
            }
        })
    }

    /// Renames every namespace reference in `schema`.
    pub fn apply(&self, schema: &mut Schema) {
        for ns in &mut schema.schemas {
            *ns = self.namespace(ns);
        }
        for e in &mut schema.enums {
            e.schema = self.namespace(&e.schema);
        }
        for t in &mut schema.tables {
            t.schema = self.namespace(&t.schema);
            for p in &mut t.partitions {
                let name = self.object(&p.qualified_name());
                p.schema = name.schema;
                p.bound = self.expr(&p.bound);
            }
            for c in &mut t.columns {
                c.ty = self.ty(&c.ty);
                c.default = c.default.as_deref().map(|e| self.expr(e));
                c.generated = c.generated.as_deref().map(|e| self.expr(e));
            }
            for check in &mut t.checks {
                check.expression = self.expr(&check.expression);
            }
            for x in &mut t.exclusions {
                x.definition = self.expr(&x.definition);
            }
            for fk in &mut t.foreign_keys {
                fk.references = self.object(&fk.references);
            }
            for index in &mut t.indexes {
                index.predicate = index.predicate.as_deref().map(|e| self.expr(e));
                for key in &mut index.keys {
                    if let IndexTarget::Expression(e) = &mut key.target {
                        *e = self.expr(e);
                    }
                }
            }
            for trigger in &mut t.triggers {
                trigger.definition = self.expr(&trigger.definition);
                trigger.function = self.object(&trigger.function);
            }
            for policy in &mut t.policies {
                policy.using = policy.using.as_deref().map(|e| self.expr(e));
                policy.with_check = policy.with_check.as_deref().map(|e| self.expr(e));
            }
        }
        for v in &mut schema.views {
            v.schema = self.namespace(&v.schema);
            v.definition = self.expr(&v.definition);
            for d in &mut v.depends_on {
                *d = self.object(d);
            }
            for c in &mut v.columns {
                c.ty = self.ty(&c.ty);
            }
        }
        for q in &mut schema.sequences {
            let name = self.object(&q.qualified_name());
            q.schema = name.schema;
            if let Some(owner) = &mut q.owned_by {
                owner.table = self.object(&owner.table);
            }
        }
        for d in &mut schema.domains {
            d.schema = self.namespace(&d.schema);
            d.base = self.ty(&d.base);
            d.default = d.default.as_deref().map(|e| self.expr(e));
            for c in &mut d.checks {
                c.expression = self.expr(&c.expression);
            }
        }
        for f in &mut schema.functions {
            f.schema = self.namespace(&f.schema);
            f.definition = self.expr(&f.definition);
            f.identity = self.expr(&f.identity);
            f.arguments = self.expr(&f.arguments);
            f.returns = f.returns.as_deref().map(|e| self.expr(e));
        }
    }
}

/// Rewrites the namespace part of every `namespace.object` in `sql` for which
/// `replace(namespace, object)` gives a new spelling. Names are compared as
/// Postgres resolves them (unquoted ones folded to lower case); string literals
/// are copied untouched.
pub(crate) fn rewrite_qualifiers(
    sql: &str,
    replace: impl Fn(&str, &str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut i = 0;
    while i < sql.len() {
        let rest = &sql[i..];
        let c = rest.chars().next().unwrap_or_default();
        let end = if c == '\'' {
            let len = string_literal_len(rest);
            let names_a_relation =
                rest[len..].starts_with("::regclass") || relation_argument(&sql[..i]);
            if let Some(new) = names_a_relation
                .then(|| rewrite_relation_literal(&rest[..len], &replace))
                .flatten()
            {
                out.push_str(&new);
                i += len;
                continue;
            }
            i + len
        } else if let Some((schema, len)) = identifier(rest) {
            let after = &rest[len..];
            let object = after.strip_prefix('.').and_then(identifier);
            if let Some(new) = object.and_then(|(name, _)| replace(&schema, &name)) {
                out.push_str(&new);
                i += len;
                continue;
            }
            i + len
        } else if c.is_ascii_digit() {
            // A number (`1.5`, `1e5`): never the start of a name.
            i + rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
                .unwrap_or(rest.len())
        } else {
            i + c.len_utf8()
        };
        out.push_str(&sql[i..end]);
        i = end;
    }
    out
}

/// Whether the text before a literal makes it a sequence's name:
/// `nextval('s')`, `currval('s')`, `setval('s', ...)`.
fn relation_argument(before: &str) -> bool {
    let before = before.trim_end().to_ascii_lowercase();
    ["nextval(", "currval(", "setval("]
        .iter()
        .any(|f| before.ends_with(f))
}

/// A literal naming a relation (`'public.t_seq'`, `'"My App"."S"'`) with its
/// namespace replaced, when `replace` gives one.
fn rewrite_relation_literal(
    literal: &str,
    replace: &impl Fn(&str, &str) -> Option<String>,
) -> Option<String> {
    let text = literal
        .get(1..literal.len().checked_sub(1)?)?
        .replace("''", "'");
    let (schema, len) = identifier(&text)?;
    let (name, name_len) = identifier(text[len..].strip_prefix('.')?)?;
    if len + 1 + name_len != text.len() {
        return None;
    }
    let new = replace(&schema, &name)?;
    let rewritten = format!("{new}{}", &text[len..]);
    Some(format!("'{}'", rewritten.replace('\'', "''")))
}

/// Length of the `'...'` literal at the start of `s` (`''` is an embedded quote).
fn string_literal_len(s: &str) -> usize {
    let mut chars = s.char_indices().skip(1).peekable();
    while let Some((j, c)) = chars.next() {
        if c == '\'' {
            if matches!(chars.peek(), Some((_, '\''))) {
                chars.next();
            } else {
                return j + 1;
            }
        }
    }
    s.len()
}

/// The identifier at the start of `s` as Postgres resolves it, and its length.
fn identifier(s: &str) -> Option<(String, usize)> {
    if let Some(quoted) = s.strip_prefix('"') {
        let mut name = String::new();
        let mut chars = quoted.char_indices().peekable();
        while let Some((j, c)) = chars.next() {
            match c {
                '"' if matches!(chars.peek(), Some((_, '"'))) => {
                    chars.next();
                    name.push('"');
                }
                '"' => return Some((name, j + 2)),
                c => name.push(c),
            }
        }
        return None;
    }
    let first = s.chars().next()?;
    if !(first.is_alphabetic() || first == '_') {
        return None;
    }
    let len = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(s.len());
    Some((s[..len].to_lowercase(), len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to_x(sql: &str) -> String {
        rewrite_qualifiers(sql, |schema, name| {
            (schema == "public" && name != "f").then(|| "x".to_string())
        })
    }

    #[test]
    fn qualifiers_are_rewritten_outside_literals() {
        assert_eq!(
            to_x("'active'::public.gen_status"),
            "'active'::x.gen_status"
        );
        assert_eq!(to_x("'{}'::\"public\".\"Role\"[]"), "'{}'::x.\"Role\"[]");
        assert_eq!(
            to_x("'public.t''s public.t'::text"),
            "'public.t''s public.t'::text"
        );
        assert_eq!(to_x("PUBLIC.t"), "x.t");
        assert_eq!(to_x("public.f() + 1.5"), "public.f() + 1.5");
        assert_eq!(to_x("mypublic.t"), "mypublic.t");
        assert_eq!(to_x("(a)::public.e = 'ü'::public.e"), "(a)::x.e = 'ü'::x.e");
        assert_eq!(
            to_x("nextval('public.s'::regclass)"),
            "nextval('x.s'::regclass)"
        );
        assert_eq!(to_x("NEXTVAL( 'public.s')"), "NEXTVAL( 'x.s')");
        assert_eq!(to_x("'public.t'::regclass"), "'x.t'::regclass");
        assert_eq!(to_x("nextval('s')"), "nextval('s')");
        assert_eq!(to_x("'public.s'::text"), "'public.s'::text");
        assert_eq!(to_x("nextval('public.f')"), "nextval('public.f')");
    }
}
