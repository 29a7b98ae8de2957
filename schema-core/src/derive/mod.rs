//! What `#[derive(Table)]` and `#[derive(Enum)]` implement, and the hidden helpers
//! the generated code calls.
//!
//! A derived struct implements [`Table`]; its `{Struct}Columns` companion holds one
//! [`Col`] per column, typed with the field's Rust type and whether the column is a
//! key, so that foreign keys are checked by the compiler. Column types come from
//! [`ColumnType`], typed defaults from [`DefaultValue`].

mod default;
mod mapping;
mod registry;

use std::fmt;
use std::marker::PhantomData;

pub use default::DefaultValue;
pub use mapping::{ArrayElement, ColumnType};
pub use registry::{SchemaBuilder, SchemaProblem, SchemaValidationError};

use crate::model;

/// A Rust struct declared as a database table with `#[derive(Table)]`.
///
/// ```ignore
/// #[derive(Table)]
/// #[table(schema = "auth", name = "sessions", index(columns = [user_id, created_at desc]))]
/// pub struct Session {
///     #[column(primary_key, default_sql = "gen_random_uuid()")]
///     pub id: Uuid,
///     #[column(references = User::id, on_delete = "cascade")]
///     pub user_id: Uuid,
///     #[column(unique)]
///     pub token: String,
///     pub ip_address: Option<String>,
///     pub created_at: DateTime<Utc>,
/// }
/// ```
///
/// Table attributes, `#[table(...)]`:
/// `name = "..."` (default: the struct name in snake_case), `schema = "..."` (default
/// `public`), `primary_key = [a, b]`, `unique(columns = [a, b], name, nulls_not_distinct)`,
/// `index(columns = [a, b desc, "lower(email)" nulls_last], name, unique, method,
/// where, include = [c], nulls_not_distinct, comment)`, where a key may be followed
/// by `collate "C"` and `opclass "text_pattern_ops"`, then `asc`/`desc`, then
/// `nulls_first`/`nulls_last`; `check(name, expr)`,
/// `foreign_key(columns = [a, b], references = Other, target = [x, y], on_delete,
/// on_delete_columns = [b], on_update, deferrable, name)` (`on_delete_columns`: the
/// columns `on_delete = "set_null"` or `"set_default"` writes to, when not all),
/// `comment`, `renamed_from = "..."` (repeatable).
///
/// Column attributes, `#[column(...)]`: `primary_key`, `unique`, `index`,
/// `default = <Rust value>`, `default_sql = "..."`, `sql_type = "..."`,
/// `identity = "always" | "by_default"`, `generated = "<expr>"`,
/// `references = Table::field`, `on_delete`/`on_update` = `"cascade"`,
/// `"restrict"`, `"set_null"`, `"set_default"`, `"no_action"`,
/// `deferrable [= "initially_deferred" | "initially_immediate"]`, `name`,
/// `renamed_from` (repeatable), `comment`, `collate`, `skip`.
/// A field of type `Option<T>` is a nullable column of `T`.
///
/// Unnamed constraints and indexes get Postgres's own default names
/// (`{table}_pkey`, `{table}_{cols}_key`, `{table}_{cols}_fkey`, `{table}_{cols}_idx`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a table",
    label = "not a table",
    note = "derive it: `#[derive(schema_core::Table)]`"
)]
pub trait Table {
    /// The namespace (Postgres schema) holding the table.
    const SCHEMA: &'static str;
    /// The SQL table name.
    const NAME: &'static str;
    /// The generated `{Struct}Columns` struct.
    type Columns;
    /// Typed handles of the columns, by Rust field name.
    const COLUMNS: Self::Columns;
    /// The table as the schema model describes it.
    fn definition() -> model::Table;
    /// Types its columns name through `sql_type` that no derived enum
    /// declares (an extension's `citext`, a domain): the schema's validation
    /// takes them as existing in the database rather than as a forgotten enum.
    fn external_types() -> Vec<model::QualifiedName> {
        Vec::new()
    }
}

/// A fieldless Rust enum declared as a PostgreSQL enum type with `#[derive(Enum)]`.
///
/// Attributes: `#[enum_type(name = "...", schema = "...", rename_all = "snake_case",
/// comment = "...", renamed_from = "...")]` on the enum, `#[enum_value(name = "...",
/// renamed_from = "...")]` on variants. Type and values default to snake_case.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a database enum type",
    note = "derive it: `#[derive(schema_core::Enum)]`"
)]
pub trait Enum {
    const SCHEMA: &'static str;
    const NAME: &'static str;
    /// The enum type as the schema model describes it.
    fn definition() -> model::EnumType;
    /// The SQL label of this value.
    fn sql_value(&self) -> &'static str;
    /// The value whose SQL label is `label`.
    fn from_sql_value(label: &str) -> Option<Self>
    where
        Self: Sized;
}

/// Marks a column handle as a valid foreign key target: alone in the primary key
/// or in a unique constraint.
#[derive(Debug, Clone, Copy)]
pub struct Key;

/// Marks a column handle that no foreign key can target on its own.
#[derive(Debug, Clone, Copy)]
pub struct NotKey;

/// A typed handle of one column: its SQL name, the Rust type of its field (without
/// `Option`) and whether it is a [`Key`] or [`NotKey`].
pub struct Col<T: ?Sized, K> {
    name: &'static str,
    _marker: PhantomData<ColMarker<T, K>>,
}

/// Variance and auto traits of a handle that holds no `T` or `K` value.
type ColMarker<T, K> = (fn() -> *const T, K);

impl<T: ?Sized, K> Col<T, K> {
    #[doc(hidden)]
    pub const fn new(name: &'static str) -> Self {
        Col {
            name,
            _marker: PhantomData,
        }
    }

    /// The SQL column name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// Type-checks a single-column foreign key to this column: `L` is the
    /// referencing field's type. (A method, so that `T` and `K` are already known
    /// when the bounds are checked and their own messages are reported.)
    #[doc(hidden)]
    pub const fn __check_foreign_key<L>(&self)
    where
        L: ?Sized + SameRustType<T>,
        K: ReferenceableKey,
    {
    }

    /// Type-checks one column of a composite foreign key to this column.
    #[doc(hidden)]
    pub const fn __check_foreign_key_column<L>(&self)
    where
        L: ?Sized + SameRustType<T>,
    {
    }
}

impl<T: ?Sized, K> Clone for Col<T, K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized, K> Copy for Col<T, K> {}

impl<T: ?Sized, K> fmt::Debug for Col<T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Col").field(&self.name).finish()
    }
}

/// A foreign key's target column must be a key.
#[diagnostic::on_unimplemented(
    message = "a foreign key must reference a primary key or unique column",
    label = "this column is neither the primary key nor unique",
    note = "add `#[column(unique)]` (or `primary_key`) to the referenced field, or reference another column"
)]
pub trait ReferenceableKey {}

impl ReferenceableKey for Key {}

/// The referencing field must have the referenced field's Rust type.
#[diagnostic::on_unimplemented(
    message = "foreign key type mismatch: a `{Self}` field cannot reference a `{T}` column",
    label = "the referenced column is `{T}`",
    note = "a foreign key column has the type of the column it references (ignoring `Option`); change the field to `{T}` or `Option<{T}>`"
)]
pub trait SameRustType<T: ?Sized> {}

impl<T: ?Sized> SameRustType<T> for T {}

/// A view or materialized view declared with `#[derive(View)]` on a struct
/// whose fields are its columns.
///
/// ```ignore
/// #[derive(View)]
/// #[view(schema = "auth", sql = "SELECT id, email FROM auth.users WHERE verified")]
/// pub struct VerifiedUser {
///     pub id: Uuid,
///     pub email: String,
/// }
/// ```
///
/// Attributes, `#[view(...)]`: `sql = "SELECT ..."` or `sql_file = "views/x.sql"`
/// (relative to the crate's `Cargo.toml`; one of the two), `name` (default: the
/// struct name in snake_case), `schema` (default `public`), `materialized`,
/// `security_barrier`, `check_option = "local" | "cascaded"`, `comment`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a view",
    note = "derive it: `#[derive(schema_core::View)]`"
)]
pub trait View {
    const SCHEMA: &'static str;
    const NAME: &'static str;
    /// The view as the schema model describes it (its query as written).
    fn definition() -> model::View;
}

/// A function or procedure declared with `#[derive(Function)]` on a unit
/// struct, from its `CREATE FUNCTION` (or `CREATE PROCEDURE`) statement.
///
/// ```ignore
/// #[derive(Function)]
/// #[function(sql_file = "sql/set_updated_at.sql")]
/// pub struct SetUpdatedAt;
/// ```
///
/// Attributes, `#[function(...)]`: `sql = "CREATE FUNCTION ..."` or
/// `sql_file = "..."` (relative to the crate's `Cargo.toml`; one of the two),
/// `comment`. The name, namespace and arguments are read from the statement;
/// an unqualified name lives in `public`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a function",
    note = "derive it: `#[derive(schema_core::Function)]`"
)]
pub trait Function {
    const SCHEMA: &'static str;
    const NAME: &'static str;
    /// The function as the schema model describes it (its statement as written).
    fn definition() -> model::Function;
}

/// A domain declared with `#[derive(Domain)]` on a unit struct.
///
/// ```ignore
/// #[derive(Domain)]
/// #[domain(sql_type = "integer", not_null, check(name = "positive", expr = "VALUE > 0"))]
/// pub struct PositiveInt;
///
/// // a column of it: #[column(sql_type = "public.positive_int")]
/// ```
///
/// Attributes, `#[domain(...)]`: `sql_type` (the base type, required), `name`
/// (default: the struct name in snake_case), `schema` (default `public`),
/// `default_sql`, `not_null`, `check(name, expr)` (repeatable), `comment`.
/// Columns name it, schema-qualified, in `sql_type` ([`Domain::SQL_TYPE`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a domain",
    note = "derive it: `#[derive(schema_core::Domain)]`"
)]
pub trait Domain {
    const SCHEMA: &'static str;
    const NAME: &'static str;
    /// How a column's `sql_type` names it: `"public"."positive_int"`.
    const SQL_TYPE: &'static str;
    fn definition() -> model::Domain;
}

/// A sequence declared with `#[derive(Sequence)]` on a unit struct.
///
/// ```ignore
/// #[derive(Sequence)]
/// #[sequence(start = 1000, owned_by = Invoice::number)]
/// pub struct InvoiceNumber;
///
/// // a column drawing from it: #[column(default_sql = "nextval('invoice_number')")]
/// ```
///
/// Attributes, `#[sequence(...)]`: `name` (default: the struct name in
/// snake_case), `schema` (default `public`), `sql_type` (`smallint`, `integer`
/// or `bigint`, the default), `increment`, `min_value`, `max_value`, `start`,
/// `cache`, `cycle`, `owned_by = Table::field` (dropped with that column),
/// `comment`. An option left out is Postgres's default.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a sequence",
    note = "derive it: `#[derive(schema_core::Sequence)]`"
)]
pub trait Sequence {
    const SCHEMA: &'static str;
    const NAME: &'static str;
    /// The default that draws from it: `nextval('public.invoice_number')`.
    const NEXTVAL: &'static str;
    fn definition() -> model::Sequence;
}

#[doc(hidden)]
pub mod __private {
    //! Used by the generated code only; not a stable API.
    pub use super::default::{render_default, string_default};
    pub use super::mapping::ArrayElement;
    pub use super::registry::Registration;
    pub use inventory;

    use crate::types::SqlType;

    /// A trigger as `#[table(trigger(...))]` declares it, spelled as the
    /// `CREATE TRIGGER` statement the database will print back.
    #[allow(clippy::too_many_arguments)]
    pub fn trigger(
        name: &str,
        table: (&str, &str),
        timing: &str,
        events: &[&str],
        update_of: &[&str],
        for_each_row: bool,
        when: Option<&str>,
        function: &str,
        args: &[&str],
    ) -> crate::model::Trigger {
        use crate::model::{quote_ident, quote_literal, QualifiedName};
        let events: Vec<String> = events
            .iter()
            .map(|e| {
                let e = e.to_ascii_uppercase();
                if e == "UPDATE" && !update_of.is_empty() {
                    let cols: Vec<String> = update_of.iter().map(|c| quote_ident(c)).collect();
                    format!("UPDATE OF {}", cols.join(", "))
                } else {
                    e
                }
            })
            .collect();
        let each = if for_each_row { "ROW" } else { "STATEMENT" };
        let when = when.map(|w| format!(" WHEN ({w})")).unwrap_or_default();
        let args: Vec<String> = args.iter().map(|a| quote_literal(a)).collect();
        let (fn_schema, fn_name) = match function.split_once('.') {
            Some((s, n)) => (s, n),
            None => ("public", function),
        };
        crate::model::Trigger {
            name: name.to_string(),
            definition: format!(
                "CREATE TRIGGER {} {} {} ON {} FOR EACH {each}{when} EXECUTE FUNCTION {function}({})",
                quote_ident(name),
                timing.to_ascii_uppercase().replace('_', " "),
                events.join(" OR "),
                QualifiedName::new(table.0, table.1),
                args.join(", ")
            ),
            function: QualifiedName::new(fn_schema, fn_name),
        }
    }

    /// A trigger given whole, as `pg_get_triggerdef` prints it (what `pull`
    /// writes): the function is the one after `EXECUTE FUNCTION`.
    pub fn trigger_sql(name: &str, sql: &str) -> crate::model::Trigger {
        let upper = sql.to_ascii_uppercase();
        let start = ["EXECUTE FUNCTION ", "EXECUTE PROCEDURE "]
            .iter()
            .find_map(|k| upper.find(k).map(|i| i + k.len()))
            .unwrap_or(sql.len());
        let called = sql[start..].split('(').next().unwrap_or_default().trim();
        let (schema, function) = match called.rsplit_once('.') {
            Some((s, f)) => (s.trim_matches('"'), f.trim_matches('"')),
            None => ("public", called.trim_matches('"')),
        };
        crate::model::Trigger {
            name: name.to_string(),
            definition: sql.trim().trim_end_matches(';').to_string(),
            function: crate::model::QualifiedName::new(schema, function),
        }
    }

    /// The column type of a derived enum.
    pub fn enum_sql_type<E: super::Enum>() -> SqlType {
        SqlType::Named(crate::model::QualifiedName::new(E::SCHEMA, E::NAME))
    }
}
