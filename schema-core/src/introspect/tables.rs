//! Which tables are under management, by name: `tables = ["!legacy_*"]`.
//!
//! Patterns are globs (`*` any run of characters, `?` one), matched against the
//! table's name, or against `schema.name` when the pattern holds a `.`. A `!`
//! in front excludes. A table is managed when it matches no exclusion and, if
//! there are plain patterns, at least one of them. Tables left out are never
//! created, altered or dropped, on either side of a comparison.

use std::borrow::Cow;

use crate::model::Schema;

/// Table name patterns; empty manages every table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableFilter {
    pub patterns: Vec<String>,
}

impl TableFilter {
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(patterns: I) -> TableFilter {
        TableFilter {
            patterns: patterns.into_iter().map(Into::into).collect(),
        }
    }

    /// Whether the table `schema.name` is managed.
    pub fn includes(&self, schema: &str, name: &str) -> bool {
        let matches = |pattern: &str| {
            if pattern.contains('.') {
                glob(pattern, &format!("{schema}.{name}"))
            } else {
                glob(pattern, name)
            }
        };
        let mut positives = self
            .patterns
            .iter()
            .filter(|p| !p.starts_with('!'))
            .peekable();
        let wanted = positives.peek().is_none() || positives.any(|p| matches(p));
        let excluded = self
            .patterns
            .iter()
            .filter_map(|p| p.strip_prefix('!'))
            .any(matches);
        wanted && !excluded
    }

    /// `schema` without the tables this filter leaves out (borrowed when none).
    pub fn restrict<'a>(&self, schema: &'a Schema) -> Cow<'a, Schema> {
        if self.keeps_all(schema) {
            return Cow::Borrowed(schema);
        }
        Cow::Owned(self.restrict_owned(schema.clone()))
    }

    /// [`TableFilter::restrict`] of a schema the caller no longer needs: the
    /// tables left out are removed in place, nothing is copied.
    pub fn restrict_owned(&self, mut schema: Schema) -> Schema {
        if !self.keeps_all(&schema) {
            schema.tables.retain(|t| self.includes(&t.schema, &t.name));
            schema.sequences.retain(|q| self.keeps_sequence(q));
        }
        schema
    }

    /// A sequence goes with the table whose column owns it; one owned by no
    /// column is managed.
    fn keeps_sequence(&self, q: &crate::model::Sequence) -> bool {
        q.owned_by
            .as_ref()
            .is_none_or(|o| self.includes(&o.table.schema, &o.table.name))
    }

    fn keeps_all(&self, schema: &Schema) -> bool {
        self.patterns.is_empty()
            || (schema
                .tables
                .iter()
                .all(|t| self.includes(&t.schema, &t.name))
                && schema.sequences.iter().all(|q| self.keeps_sequence(q)))
    }
}

/// Whether `text` matches the glob `pattern` (`*`, `?`).
fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_and_exclusions_pick_the_managed_tables() {
        let f = TableFilter::new(["!legacy_*"]);
        assert!(f.includes("public", "users"));
        assert!(!f.includes("public", "legacy_users"));
        let f = TableFilter::new(["app_*", "auth.*", "!app_tmp?"]);
        assert!(f.includes("public", "app_users"));
        assert!(f.includes("auth", "sessions"));
        assert!(!f.includes("public", "users"));
        assert!(!f.includes("public", "app_tmp1"));
        assert!(TableFilter::default().includes("x", "y"));
        assert!(glob("a*b*c", "axxbyyc") && !glob("a*b", "ab_") && glob("*", ""));
    }

    /// A filter that keeps everything must not copy: at a thousand tables a
    /// copy of the schema is megabytes of a push's peak memory.
    #[test]
    fn filters_that_keep_everything_borrow_and_the_others_keep_only_theirs() {
        use crate::diff::tests::{col, table};
        use crate::introspect::SchemaFilter;
        let mut schema = Schema {
            schemas: vec!["auth".into()],
            enums: vec![],
            tables: vec![
                table("public", "users", vec![col("id", "int8")]),
                table("auth", "sessions", vec![col("id", "int8")]),
            ],
            extensions: vec![],
            views: vec![],
            functions: vec![],
            domains: vec![],
            sequences: vec![],
            namespace_grants: vec![],
        };
        schema.normalize();
        let both = SchemaFilter::only(["public".to_string(), "auth".to_string()]);
        assert!(matches!(both.restrict(&schema), Cow::Borrowed(_)));
        let public = SchemaFilter::only(["public".to_string()]);
        let kept = public.restrict(&schema);
        assert!(matches!(kept, Cow::Owned(_)));
        assert_eq!(kept.tables.len(), 1);
        assert_eq!(public.restrict_owned(schema.clone()), *kept);
        assert!(matches!(
            TableFilter::new(["!legacy_*"]).restrict(&schema),
            Cow::Borrowed(_)
        ));
        let users = TableFilter::new(["users"]).restrict_owned(schema.clone());
        assert_eq!(users.tables.len(), 1);
        assert_eq!(users.tables[0].name, "users");
    }
}
