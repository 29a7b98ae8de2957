//! Parses `#[table(...)]`, `#[column(...)]`, `#[enum_type(...)]` and
//! `#[enum_value(...)]` with `Attribute::parse_nested_meta`.
//!
//! Every key is compared against a named constant; every mistake is recorded in the
//! [`Ctxt`] and parsing carries on with the next key, so one build reports them all.
//! Values keep their tokens, so later checks can point at the exact one.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Expr, Ident, LitStr, Path, Token};

use crate::ctxt::Ctxt;
use crate::names::{list, suggestion};

pub const TABLE_KEYS: &[&str] = &[
    "name",
    "schema",
    "primary_key",
    "unique",
    "index",
    "check",
    "foreign_key",
    "comment",
    "renamed_from",
];
pub const COLUMN_KEYS: &[&str] = &[
    "primary_key",
    "unique",
    "index",
    "default",
    "default_sql",
    "sql_type",
    "identity",
    "generated",
    "references",
    "on_delete",
    "on_update",
    "deferrable",
    "name",
    "renamed_from",
    "comment",
    "collate",
    "skip",
];
const UNIQUE_KEYS: &[&str] = &["columns", "name", "nulls_not_distinct"];
const INDEX_KEYS: &[&str] = &[
    "columns",
    "name",
    "unique",
    "method",
    "where",
    "include",
    "nulls_not_distinct",
    "comment",
];
const CHECK_KEYS: &[&str] = &["name", "expr"];
const FOREIGN_KEY_KEYS: &[&str] = &[
    "columns",
    "references",
    "target",
    "on_delete",
    "on_update",
    "deferrable",
    "name",
];
pub const ENUM_TYPE_KEYS: &[&str] = &["name", "schema", "rename_all", "comment", "renamed_from"];
pub const ENUM_VALUE_KEYS: &[&str] = &["name", "renamed_from"];

pub const FK_ACTIONS: &[&str] = &[
    "no_action",
    "restrict",
    "cascade",
    "set_null",
    "set_default",
];
pub const DEFERRABLE_MODES: &[&str] = &["initially_immediate", "initially_deferred"];
pub const IDENTITY_KINDS: &[&str] = &["always", "by_default"];
pub const INDEX_METHODS: &[&str] = &["btree", "hash", "gist", "spgist", "gin", "brin"];

/// A value together with the tokens it came from.
#[derive(Clone)]
pub struct Spanned<T> {
    pub value: T,
    pub tokens: TokenStream,
}

impl<T> Spanned<T> {
    fn new(value: T, tokens: impl ToTokens) -> Self {
        Spanned {
            value,
            tokens: tokens.into_token_stream(),
        }
    }
}

/// `#[table(...)]`.
#[derive(Default)]
pub struct TableAttrs {
    pub name: Option<LitStr>,
    pub schema: Option<LitStr>,
    pub primary_key: Option<Spanned<Vec<Ident>>>,
    pub uniques: Vec<UniqueAttr>,
    pub indexes: Vec<IndexAttr>,
    pub checks: Vec<CheckAttr>,
    pub foreign_keys: Vec<ForeignKeyAttr>,
    pub comment: Option<LitStr>,
    pub renamed_from: Vec<LitStr>,
}

/// `unique(columns = [a, b], name = "...", nulls_not_distinct)`.
pub struct UniqueAttr {
    pub origin: Path,
    pub columns: Option<Spanned<Vec<Ident>>>,
    pub name: Option<LitStr>,
    pub nulls_not_distinct: bool,
}

/// `index(columns = [...], ...)`.
pub struct IndexAttr {
    pub origin: TokenStream,
    pub keys: Option<Spanned<Vec<IndexKeyAttr>>>,
    pub name: Option<LitStr>,
    pub unique: bool,
    pub method: Option<LitStr>,
    pub predicate: Option<LitStr>,
    pub include: Vec<Ident>,
    pub nulls_not_distinct: bool,
    pub comment: Option<LitStr>,
}

/// One key of an index: a field or an SQL expression, then its ordering words.
pub struct IndexKeyAttr {
    pub target: IndexKeyTarget,
    pub desc: bool,
    pub nulls: Option<Spanned<bool>>, // `true` = NULLS FIRST
}

pub enum IndexKeyTarget {
    Field(Ident),
    Expression(LitStr),
}

/// `check(name = "...", expr = "...")`.
pub struct CheckAttr {
    pub origin: Path,
    pub name: Option<LitStr>,
    pub expr: Option<LitStr>,
}

/// `foreign_key(columns = [..], references = Other, target = [..], ...)`.
pub struct ForeignKeyAttr {
    pub origin: Path,
    pub columns: Option<Spanned<Vec<Ident>>>,
    pub references: Option<Path>,
    pub target: Option<Spanned<Vec<Ident>>>,
    pub actions: FkActions,
    pub name: Option<LitStr>,
}

/// The referential actions shared by column-level and table-level foreign keys.
#[derive(Default)]
pub struct FkActions {
    pub on_delete: Option<Spanned<String>>,
    pub on_update: Option<Spanned<String>>,
    pub deferrable: Option<Spanned<String>>,
}

/// `#[column(...)]`.
#[derive(Default)]
pub struct ColumnAttrs {
    pub primary_key: Option<Path>,
    pub unique: Option<Path>,
    pub index: Option<Path>,
    pub default: Option<Expr>,
    pub default_sql: Option<LitStr>,
    pub sql_type: Option<LitStr>,
    pub identity: Option<Spanned<String>>,
    pub generated: Option<LitStr>,
    pub references: Option<Path>,
    pub actions: FkActions,
    pub name: Option<LitStr>,
    pub renamed_from: Vec<LitStr>,
    pub comment: Option<LitStr>,
    pub collate: Option<LitStr>,
    pub skip: Option<Path>,
}

/// `#[enum_type(...)]`.
#[derive(Default)]
pub struct EnumTypeAttrs {
    pub name: Option<LitStr>,
    pub schema: Option<LitStr>,
    pub rename_all: Option<LitStr>,
    pub comment: Option<LitStr>,
    pub renamed_from: Vec<LitStr>,
}

/// `#[enum_value(...)]`.
#[derive(Default)]
pub struct EnumValueAttrs {
    pub name: Option<LitStr>,
    pub renamed_from: Vec<LitStr>,
}

fn key_of(meta: &ParseNestedMeta) -> String {
    match meta.path.get_ident() {
        Some(i) => i.to_string(),
        None => meta.path.to_token_stream().to_string().replace(' ', ""),
    }
}

/// Skips the rest of one `key = value` or `key(...)` item after an error, so the
/// next item still parses.
fn skip_item(meta: &ParseNestedMeta) -> syn::Result<()> {
    skip_until_comma(meta.input)
}

fn skip_until_comma(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

fn unknown_key(cx: &Ctxt, meta: &ParseNestedMeta, attr: &str, keys: &[&str]) -> syn::Result<()> {
    let key = key_of(meta);
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown key `{key}` in #[{attr}(...)]{}\n  valid keys: {}",
            suggestion(&key, keys.iter().copied()),
            list(keys.iter().copied())
        ),
    );
    skip_item(meta)
}

/// Stores a value once; a second occurrence is an error at the repeated key.
fn set_once<T>(cx: &Ctxt, meta: &ParseNestedMeta, slot: &mut Option<T>, value: Option<T>) {
    let Some(value) = value else { return };
    if slot.is_some() {
        let key = key_of(meta);
        cx.error_spanned_by(&meta.path, format!("duplicate key `{key}`; give it once"));
    } else {
        *slot = Some(value);
    }
}

/// A flag such as `unique`: present means true; `unique = true` is an error.
fn flag(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Path>> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        let key = key_of(meta);
        cx.error_spanned_by(
            &meta.path,
            format!("`{key}` is a flag and takes no value: write just `{key}`"),
        );
        skip_item(meta)?;
        return Ok(None);
    }
    Ok(Some(meta.path.clone()))
}

/// Checks for `= ` and reports a missing value with the expected form.
fn expect_eq(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) {
        meta.input.parse::<Token![=]>()?;
        return Ok(true);
    }
    let key = key_of(meta);
    cx.error_spanned_by(
        &meta.path,
        format!("`{key}` needs a value: write `{key} = {example}`"),
    );
    skip_item(meta)?;
    Ok(false)
}

/// `key = "string"`.
fn lit_str(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<Option<LitStr>> {
    if !expect_eq(cx, meta, example)? {
        return Ok(None);
    }
    if meta.input.peek(LitStr) {
        return Ok(Some(meta.input.parse()?));
    }
    let key = key_of(meta);
    let found: TokenStream = {
        let fork = meta.input.fork();
        let mut t = TokenStream::new();
        while !fork.is_empty() && !fork.peek(Token![,]) {
            t.extend(std::iter::once(fork.parse::<proc_macro2::TokenTree>()?));
        }
        t
    };
    let shown = found.to_string();
    cx.error_spanned_by(
        &found,
        format!("`{key}` takes a string literal: write `{key} = {example}`, not `{key} = {shown}`"),
    );
    skip_item(meta)?;
    Ok(None)
}

/// `key = "one_of_these"`, lower-case words from `allowed`.
fn choice(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    allowed: &[&str],
) -> syn::Result<Option<Spanned<String>>> {
    let example = format!("\"{}\"", allowed[0]);
    let Some(lit) = lit_str(cx, meta, &example)? else {
        return Ok(None);
    };
    let value = lit.value();
    if allowed.contains(&value.as_str()) {
        return Ok(Some(Spanned::new(value, lit)));
    }
    let key = key_of(meta);
    cx.error_spanned_by(
        &lit,
        format!(
            "`{value}` is not a valid `{key}`{}\n  valid values: {}",
            suggestion(&value, allowed.iter().copied()),
            list(allowed.iter().copied())
        ),
    );
    Ok(None)
}

/// `key = [a, b, c]` of field identifiers.
fn ident_list(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Spanned<Vec<Ident>>>> {
    if !expect_eq(cx, meta, "[field_a, field_b]")? {
        return Ok(None);
    }
    let key = key_of(meta);
    if !meta.input.peek(syn::token::Bracket) {
        let found = meta.input.fork().parse::<proc_macro2::TokenTree>()?;
        cx.error_spanned_by(
            &found,
            format!("`{key}` takes a list of field names in brackets: write `{key} = [field_a, field_b]`"),
        );
        skip_item(meta)?;
        return Ok(None);
    }
    let group: proc_macro2::Group = match meta.input.parse::<proc_macro2::TokenTree>()? {
        proc_macro2::TokenTree::Group(g) => g,
        _ => unreachable!("peeked a bracket"),
    };
    let parsed = syn::parse::Parser::parse2(
        |input: ParseStream| {
            let mut idents = Vec::new();
            while !input.is_empty() {
                if input.peek(LitStr) {
                    let lit: LitStr = input.parse()?;
                    return Err(syn::Error::new(
                        lit.span(),
                        format!(
                            "`{key}` lists Rust field names, not strings: write `{}` without quotes",
                            lit.value()
                        ),
                    ));
                }
                idents.push(input.parse::<Ident>()?);
                if input.is_empty() {
                    break;
                }
                input.parse::<Token![,]>()?;
            }
            Ok(idents)
        },
        group.stream(),
    );
    match parsed {
        Ok(idents) if idents.is_empty() => {
            cx.error_spanned_by(&group, format!("`{key}` needs at least one field"));
            Ok(None)
        }
        Ok(idents) => Ok(Some(Spanned::new(idents, group))),
        Err(e) => {
            cx.syn_error(e);
            Ok(None)
        }
    }
}

/// `columns = [user_id, created_at desc, "lower(email)" nulls_last]`.
fn index_keys(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
) -> syn::Result<Option<Spanned<Vec<IndexKeyAttr>>>> {
    const EXAMPLE: &str = "[field_a, field_b desc, \"lower(email)\"]";
    if !expect_eq(cx, meta, EXAMPLE)? {
        return Ok(None);
    }
    if !meta.input.peek(syn::token::Bracket) {
        let found = meta.input.fork().parse::<proc_macro2::TokenTree>()?;
        cx.error_spanned_by(
            &found,
            format!("`columns` takes a list in brackets: write `columns = {EXAMPLE}`"),
        );
        skip_item(meta)?;
        return Ok(None);
    }
    let content;
    syn::bracketed!(content in meta.input);
    let tokens: TokenStream = content.fork().parse()?;
    let mut keys = Vec::new();
    while !content.is_empty() {
        let target = if content.peek(LitStr) {
            IndexKeyTarget::Expression(content.parse()?)
        } else if content.peek(Ident) {
            IndexKeyTarget::Field(content.parse()?)
        } else {
            let t: proc_macro2::TokenTree = content.parse()?;
            cx.error_spanned_by(&t, format!("expected a field name or an SQL expression in a string, as in `columns = {EXAMPLE}`"));
            skip_until_comma(&content)?;
            if !content.is_empty() {
                content.parse::<Token![,]>()?;
            }
            continue;
        };
        let mut key = IndexKeyAttr {
            target,
            desc: false,
            nulls: None,
        };
        while content.peek(Ident) {
            let word: Ident = content.parse()?;
            match word.to_string().as_str() {
                "asc" => key.desc = false,
                "desc" => key.desc = true,
                "nulls_first" => key.nulls = Some(Spanned::new(true, &word)),
                "nulls_last" => key.nulls = Some(Spanned::new(false, &word)),
                other => {
                    let words = ["asc", "desc", "nulls_first", "nulls_last"];
                    cx.error_spanned_by(
                        &word,
                        format!(
                            "unexpected `{other}` after an index key{}; a key may be followed by `asc` or `desc`, then `nulls_first` or `nulls_last` (separate keys with commas)",
                            suggestion(other, words)
                        ),
                    );
                }
            }
        }
        keys.push(key);
        if content.is_empty() {
            break;
        }
        if let Err(e) = content.parse::<Token![,]>() {
            cx.syn_error(e);
            skip_until_comma(&content)?;
            let _ = content.parse::<Token![,]>();
        }
    }
    if keys.is_empty() {
        cx.error_spanned_by(
            &meta.path,
            "an index needs at least one key in `columns = [...]`",
        );
        return Ok(None);
    }
    Ok(Some(Spanned::new(keys, tokens)))
}

fn path_value(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<Option<Path>> {
    if !expect_eq(cx, meta, example)? {
        return Ok(None);
    }
    if meta.input.peek(LitStr) {
        let lit: LitStr = meta.input.parse()?;
        let key = key_of(meta);
        cx.error_spanned_by(
            &lit,
            format!(
                "`{key}` takes a Rust path to the referenced table type{}, not a string: write `{key} = {example}`",
                if example.contains("::") { " and its field" } else { "" }
            ),
        );
        return Ok(None);
    }
    match meta.input.parse::<Path>() {
        Ok(p) => Ok(Some(p)),
        Err(e) => {
            let key = key_of(meta);
            cx.error_at(
                e.span(),
                format!("`{key}` takes a path: write `{key} = {example}`"),
            );
            skip_item(meta)?;
            Ok(None)
        }
    }
}

/// `on_delete`, `on_update`, `deferrable`: shared by both kinds of foreign key.
/// Returns false when `key` is none of them.
fn fk_action(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    key: &str,
    actions: &mut FkActions,
) -> syn::Result<bool> {
    match key {
        "on_delete" => set_once(
            cx,
            meta,
            &mut actions.on_delete,
            choice(cx, meta, FK_ACTIONS)?,
        ),
        "on_update" => set_once(
            cx,
            meta,
            &mut actions.on_update,
            choice(cx, meta, FK_ACTIONS)?,
        ),
        "deferrable" => {
            let value = if meta.input.peek(Token![=]) {
                choice(cx, meta, DEFERRABLE_MODES)?
            } else {
                Some(Spanned::new("initially_immediate".to_string(), &meta.path))
            };
            set_once(cx, meta, &mut actions.deferrable, value)
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Runs `f` on each key of every `#[name(...)]` attribute in `attrs`.
fn each_key(
    cx: &Ctxt,
    attrs: &[syn::Attribute],
    name: &str,
    mut f: impl FnMut(&ParseNestedMeta, &str) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident(name)) {
        if let syn::Meta::Path(_) = attr.meta {
            cx.error_spanned_by(
                attr,
                format!("write the keys inside parentheses: `#[{name}(key = value, ...)]`"),
            );
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let key = key_of(&meta);
            f(&meta, &key)
        });
        if let Err(e) = result {
            cx.syn_error(e);
        }
    }
}

pub fn table_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> TableAttrs {
    let mut out = TableAttrs::default();
    each_key(cx, attrs, "table", |meta, key| {
        match key {
            "name" => set_once(
                cx,
                meta,
                &mut out.name,
                lit_str(cx, meta, "\"table_name\"")?,
            ),
            "schema" => set_once(cx, meta, &mut out.schema, lit_str(cx, meta, "\"auth\"")?),
            "comment" => set_once(cx, meta, &mut out.comment, lit_str(cx, meta, "\"...\"")?),
            "renamed_from" => out.renamed_from.extend(lit_str(cx, meta, "\"old_name\"")?),
            "primary_key" => set_once(cx, meta, &mut out.primary_key, ident_list(cx, meta)?),
            "unique" => out.uniques.extend(unique_attr(cx, meta)?),
            "index" => out.indexes.extend(index_attr(cx, meta)?),
            "check" => out.checks.extend(check_attr(cx, meta)?),
            "foreign_key" => out.foreign_keys.extend(foreign_key_attr(cx, meta)?),
            _ => unknown_key(cx, meta, "table", TABLE_KEYS)?,
        }
        Ok(())
    });
    out
}

/// The nested list of `unique(...)`, `index(...)`, ...; `false` when it is missing.
fn expect_list(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<bool> {
    if meta.input.peek(syn::token::Paren) {
        return Ok(true);
    }
    let key = key_of(meta);
    cx.error_spanned_by(
        &meta.path,
        format!("`{key}` takes a list of settings: write `{key}({example})`"),
    );
    skip_item(meta)?;
    Ok(false)
}

fn unique_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<UniqueAttr>> {
    if !expect_list(cx, meta, "columns = [field_a, field_b]")? {
        return Ok(None);
    }
    let mut out = UniqueAttr {
        origin: meta.path.clone(),
        columns: None,
        name: None,
        nulls_not_distinct: false,
    };
    let mut seen = Vec::new();
    meta.parse_nested_meta(|inner| {
        let key = key_of(&inner);
        seen.push(key.clone());
        match key.as_str() {
            "columns" => set_once(cx, &inner, &mut out.columns, ident_list(cx, &inner)?),
            "name" => set_once(
                cx,
                &inner,
                &mut out.name,
                lit_str(cx, &inner, "\"constraint_name\"")?,
            ),
            "nulls_not_distinct" => out.nulls_not_distinct |= flag(cx, &inner)?.is_some(),
            _ => unknown_key(cx, &inner, "table(unique", UNIQUE_KEYS)?,
        }
        Ok(())
    })?;
    if out.columns.is_none() {
        // When `columns` was given but invalid, that error is already reported.
        if !seen.iter().any(|k| k == "columns") {
            cx.error_spanned_by(
                &out.origin,
                "`unique(...)` needs `columns = [field_a, field_b]`",
            );
        }
        return Ok(None);
    }
    Ok(Some(out))
}

fn index_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<IndexAttr>> {
    if !expect_list(cx, meta, "columns = [field_a, field_b]")? {
        return Ok(None);
    }
    let mut out = IndexAttr {
        origin: meta.path.to_token_stream(),
        keys: None,
        name: None,
        unique: false,
        method: None,
        predicate: None,
        include: Vec::new(),
        nulls_not_distinct: false,
        comment: None,
    };
    let mut seen = Vec::new();
    meta.parse_nested_meta(|inner| {
        let key = key_of(&inner);
        seen.push(key.clone());
        match key.as_str() {
            "columns" => set_once(cx, &inner, &mut out.keys, index_keys(cx, &inner)?),
            "name" => set_once(
                cx,
                &inner,
                &mut out.name,
                lit_str(cx, &inner, "\"index_name\"")?,
            ),
            "unique" => out.unique |= flag(cx, &inner)?.is_some(),
            "method" => {
                let method = lit_str(cx, &inner, "\"gin\"")?;
                if let Some(m) = &method {
                    if !INDEX_METHODS.contains(&m.value().as_str()) {
                        cx.error_spanned_by(
                            m,
                            format!(
                                "unknown index method `{}`{}\n  valid methods: {}",
                                m.value(),
                                suggestion(&m.value(), INDEX_METHODS.iter().copied()),
                                list(INDEX_METHODS.iter().copied())
                            ),
                        );
                    }
                }
                set_once(cx, &inner, &mut out.method, method)
            }
            "where" => set_once(
                cx,
                &inner,
                &mut out.predicate,
                lit_str(cx, &inner, "\"deleted_at IS NULL\"")?,
            ),
            "include" => {
                let mut slot = None;
                set_once(cx, &inner, &mut slot, ident_list(cx, &inner)?);
                out.include
                    .extend(slot.map(|s| s.value).unwrap_or_default());
            }
            "nulls_not_distinct" => out.nulls_not_distinct |= flag(cx, &inner)?.is_some(),
            "comment" => set_once(
                cx,
                &inner,
                &mut out.comment,
                lit_str(cx, &inner, "\"...\"")?,
            ),
            _ => unknown_key(cx, &inner, "table(index", INDEX_KEYS)?,
        }
        Ok(())
    })?;
    if out.keys.is_none() {
        if !seen.iter().any(|k| k == "columns") {
            cx.error_spanned_by(
                &out.origin,
                "`index(...)` needs `columns = [field_a, field_b]`",
            );
        }
        return Ok(None);
    }
    Ok(Some(out))
}

fn check_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<CheckAttr>> {
    const EXAMPLE: &str = "name = \"balance_non_negative\", expr = \"balance >= 0\"";
    if !expect_list(cx, meta, EXAMPLE)? {
        return Ok(None);
    }
    let mut out = CheckAttr {
        origin: meta.path.clone(),
        name: None,
        expr: None,
    };
    meta.parse_nested_meta(|inner| {
        match key_of(&inner).as_str() {
            "name" => set_once(
                cx,
                &inner,
                &mut out.name,
                lit_str(cx, &inner, "\"balance_non_negative\"")?,
            ),
            "expr" => set_once(
                cx,
                &inner,
                &mut out.expr,
                lit_str(cx, &inner, "\"balance >= 0\"")?,
            ),
            _ => unknown_key(cx, &inner, "table(check", CHECK_KEYS)?,
        }
        Ok(())
    })?;
    if out.name.is_none() || out.expr.is_none() {
        let missing = if out.name.is_none() { "name" } else { "expr" };
        cx.error_spanned_by(
            &out.origin,
            format!("`check(...)` needs `{missing}`: write `check({EXAMPLE})`; checks are named so that a later change to the expression can be matched to the constraint it replaces"),
        );
        return Ok(None);
    }
    Ok(Some(out))
}

fn foreign_key_attr(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<ForeignKeyAttr>> {
    const EXAMPLE: &str = "columns = [a, b], references = Other, target = [x, y]";
    if !expect_list(cx, meta, EXAMPLE)? {
        return Ok(None);
    }
    let mut out = ForeignKeyAttr {
        origin: meta.path.clone(),
        columns: None,
        references: None,
        target: None,
        actions: FkActions::default(),
        name: None,
    };
    let mut seen = Vec::new();
    meta.parse_nested_meta(|inner| {
        let key = key_of(&inner);
        seen.push(key.clone());
        match key.as_str() {
            "columns" => set_once(cx, &inner, &mut out.columns, ident_list(cx, &inner)?),
            "target" => set_once(cx, &inner, &mut out.target, ident_list(cx, &inner)?),
            "references" => set_once(
                cx,
                &inner,
                &mut out.references,
                path_value(cx, &inner, "User")?,
            ),
            "name" => set_once(
                cx,
                &inner,
                &mut out.name,
                lit_str(cx, &inner, "\"constraint_name\"")?,
            ),
            _ => {
                if !fk_action(cx, &inner, &key, &mut out.actions)? {
                    unknown_key(cx, &inner, "table(foreign_key", FOREIGN_KEY_KEYS)?;
                }
            }
        }
        Ok(())
    })?;
    let missing: Vec<&str> = [
        ("columns", out.columns.is_none()),
        ("references", out.references.is_none()),
        ("target", out.target.is_none()),
    ]
    .into_iter()
    .filter_map(|(k, m)| m.then_some(k))
    .collect();
    if missing.iter().any(|k| seen.iter().any(|s| s == k)) {
        // One of them was given but invalid; that error is already reported.
        return Ok(None);
    }
    if !missing.is_empty() {
        cx.error_spanned_by(
            &out.origin,
            format!(
                "`foreign_key(...)` needs {}: write `foreign_key({EXAMPLE})`",
                list(missing)
            ),
        );
        return Ok(None);
    }
    Ok(Some(out))
}

pub fn column_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> ColumnAttrs {
    let mut out = ColumnAttrs::default();
    each_key(cx, attrs, "column", |meta, key| {
        match key {
            "primary_key" => set_once(cx, meta, &mut out.primary_key, flag(cx, meta)?),
            "unique" => set_once(cx, meta, &mut out.unique, flag(cx, meta)?),
            "index" => set_once(cx, meta, &mut out.index, flag(cx, meta)?),
            "skip" => set_once(cx, meta, &mut out.skip, flag(cx, meta)?),
            "default" => {
                if expect_eq(cx, meta, "<value>")? {
                    set_once(
                        cx,
                        meta,
                        &mut out.default,
                        Some(meta.input.parse::<Expr>()?),
                    )
                }
            }
            "default_sql" => set_once(
                cx,
                meta,
                &mut out.default_sql,
                lit_str(cx, meta, "\"now()\"")?,
            ),
            "sql_type" => set_once(
                cx,
                meta,
                &mut out.sql_type,
                lit_str(cx, meta, "\"varchar(32)\"")?,
            ),
            "identity" => set_once(
                cx,
                meta,
                &mut out.identity,
                choice(cx, meta, IDENTITY_KINDS)?,
            ),
            "generated" => set_once(
                cx,
                meta,
                &mut out.generated,
                lit_str(cx, meta, "\"price * qty\"")?,
            ),
            "references" => set_once(
                cx,
                meta,
                &mut out.references,
                path_value(cx, meta, "User::id")?,
            ),
            "name" => set_once(
                cx,
                meta,
                &mut out.name,
                lit_str(cx, meta, "\"column_name\"")?,
            ),
            "renamed_from" => out.renamed_from.extend(lit_str(cx, meta, "\"old_name\"")?),
            "comment" => set_once(cx, meta, &mut out.comment, lit_str(cx, meta, "\"...\"")?),
            "collate" => set_once(cx, meta, &mut out.collate, lit_str(cx, meta, "\"C\"")?),
            _ => {
                if !fk_action(cx, meta, key, &mut out.actions)? {
                    unknown_key(cx, meta, "column", COLUMN_KEYS)?;
                }
            }
        }
        Ok(())
    });
    out
}

pub fn enum_type_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> EnumTypeAttrs {
    let mut out = EnumTypeAttrs::default();
    each_key(cx, attrs, "enum_type", |meta, key| {
        match key {
            "name" => set_once(cx, meta, &mut out.name, lit_str(cx, meta, "\"type_name\"")?),
            "schema" => set_once(cx, meta, &mut out.schema, lit_str(cx, meta, "\"auth\"")?),
            "rename_all" => set_once(
                cx,
                meta,
                &mut out.rename_all,
                lit_str(cx, meta, "\"snake_case\"")?,
            ),
            "comment" => set_once(cx, meta, &mut out.comment, lit_str(cx, meta, "\"...\"")?),
            "renamed_from" => out.renamed_from.extend(lit_str(cx, meta, "\"old_name\"")?),
            _ => unknown_key(cx, meta, "enum_type", ENUM_TYPE_KEYS)?,
        }
        Ok(())
    });
    out
}

pub fn enum_value_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> EnumValueAttrs {
    let mut out = EnumValueAttrs::default();
    each_key(cx, attrs, "enum_value", |meta, key| {
        match key {
            "name" => set_once(cx, meta, &mut out.name, lit_str(cx, meta, "\"value\"")?),
            "renamed_from" => out.renamed_from.extend(lit_str(cx, meta, "\"old_value\"")?),
            _ => unknown_key(cx, meta, "enum_value", ENUM_VALUE_KEYS)?,
        }
        Ok(())
    });
    out
}
