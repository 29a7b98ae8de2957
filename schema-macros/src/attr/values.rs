//! Parsers for one `key = value` (or flag, or list) inside an attribute, each
//! recording its mistake with the form to write instead and skipping to the next
//! key, so that parsing goes on.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{Ident, LitStr, Path, Token};

use super::{
    Choice, Deferrable, FkActions, IndexKeyAttr, IndexKeyTarget, Spanned, COLUMN_KEYS,
    INDEX_KEY_WORDS, TABLE_KEYS,
};
use crate::ctxt::Ctxt;
use crate::names::{did_you_mean, list, suggestion};

pub(super) fn key_of(meta: &ParseNestedMeta) -> String {
    match meta.path.get_ident() {
        Some(i) => i.to_string(),
        None => meta.path.to_token_stream().to_string().replace(' ', ""),
    }
}

/// Skips the rest of one `key = value` or `key(...)` item after an error, so the
/// next item still parses.
pub(super) fn skip_item(meta: &ParseNestedMeta) -> syn::Result<()> {
    skip_until_comma(meta.input)
}

pub(super) fn skip_until_comma(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

pub(super) fn unknown_key(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    attr: &str,
    keys: &[&str],
) -> syn::Result<()> {
    let key = key_of(meta);
    // A key that is valid on the other attribute is a misplaced one.
    let form = if meta.input.peek(syn::token::Paren) {
        format!("{key}(...)")
    } else if meta.input.peek(Token![=]) {
        format!("{key} = ...")
    } else {
        key.clone()
    };
    let elsewhere = match attr {
        "#[column(...)]" if TABLE_KEYS.contains(&key.as_str()) => {
            format!("\n  `{key}` is a table setting: write it on the struct: #[table({form})]")
        }
        "#[table(...)]" if COLUMN_KEYS.contains(&key.as_str()) => {
            format!("\n  `{key}` is a column setting: write it on the field: #[column({form})]")
        }
        _ => String::new(),
    };
    let hint = if elsewhere.is_empty() {
        suggestion(&key, keys.iter().copied())
    } else {
        String::new()
    };
    cx.error_spanned_by(
        &meta.path,
        format!(
            "unknown key `{key}` in {attr}{hint}{elsewhere}\n  valid keys: {}",
            list(keys.iter().copied())
        ),
    );
    skip_item(meta)
}

/// Stores a value once; a second occurrence is an error at the repeated key.
pub(super) fn set_once<T>(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    slot: &mut Option<T>,
    value: Option<T>,
) {
    let Some(value) = value else { return };
    if slot.is_some() {
        let key = key_of(meta);
        cx.error_spanned_by(&meta.path, format!("duplicate key `{key}`; give it once"));
    } else {
        *slot = Some(value);
    }
}

/// A flag such as `unique`: present means true; `unique = true` is an error.
pub(super) fn flag(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Path>> {
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

/// `key = 5` or `key = -5`: an integer that fits an `i64`.
pub(super) fn int_value(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<Spanned<i64>>> {
    if !expect_eq(cx, meta, "1")? {
        return Ok(None);
    }
    let expr: syn::Expr = meta.input.parse()?;
    let (negative, lit) = match &expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => (false, Some(i)),
        syn::Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr: inner,
            ..
        }) => match &**inner {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(i),
                ..
            }) => (true, Some(i)),
            _ => (true, None),
        },
        _ => (false, None),
    };
    let key = key_of(meta);
    let value = lit.and_then(|i| {
        let digits = i.base10_digits();
        let text = if negative {
            format!("-{digits}")
        } else {
            digits.to_string()
        };
        text.parse::<i64>().ok()
    });
    match value {
        Some(v) => Ok(Some(Spanned::new(v, &expr))),
        None => {
            cx.error_spanned_by(
                &expr,
                format!(
                    "`{key}` takes a whole number that fits in a bigint, such as `{key} = {}`",
                    if key == "start" || key == "max_value" {
                        "1000"
                    } else {
                        "1"
                    }
                ),
            );
            Ok(None)
        }
    }
}

/// Checks for `= ` and reports a missing value with the expected form.
pub(super) fn expect_eq(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<bool> {
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
pub(super) fn lit_str(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    example: &str,
) -> syn::Result<Option<LitStr>> {
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

/// `key = "one_of_these"`: one of `T`'s words, read as its value.
pub(super) fn choice<T: Choice>(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
) -> syn::Result<Option<Spanned<T>>> {
    let allowed: Vec<&str> = T::CHOICES.iter().map(|(word, _)| *word).collect();
    let example = format!("\"{}\"", allowed[0]);
    let Some(lit) = lit_str(cx, meta, &example)? else {
        return Ok(None);
    };
    let value = lit.value();
    if let Some((_, chosen)) = T::CHOICES.iter().find(|(word, _)| *word == value) {
        return Ok(Some(Spanned::new(*chosen, lit)));
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
pub(super) fn ident_list(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
) -> syn::Result<Option<Spanned<Vec<Ident>>>> {
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

/// `columns = [user_id, created_at desc, "lower(email)" collate "C" nulls_last]`.
pub(super) fn index_keys(
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
            collate: None,
            opclass: None,
            desc: false,
            nulls: None,
        };
        while content.peek(Ident) {
            let word: Ident = content.parse()?;
            index_key_word(cx, &content, &word, &mut key)?;
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

/// One word after an index key (and the string `collate` and `opclass` take).
fn index_key_word(
    cx: &Ctxt,
    content: ParseStream,
    word: &Ident,
    key: &mut IndexKeyAttr,
) -> syn::Result<()> {
    match word.to_string().as_str() {
        "asc" => key.desc = false,
        "desc" => key.desc = true,
        "nulls_first" => key.nulls = Some(Spanned::new(true, word)),
        "nulls_last" => key.nulls = Some(Spanned::new(false, word)),
        "collate" => {
            let name = key_word_value(cx, content, word, "\"C\"")?;
            set_key_word(cx, word, &mut key.collate, name);
        }
        "opclass" => {
            let name = key_word_value(cx, content, word, "\"text_pattern_ops\"")?;
            set_key_word(cx, word, &mut key.opclass, name);
        }
        other => {
            let near = did_you_mean(other, INDEX_KEY_WORDS.iter().copied());
            let message = match near {
                Some(word @ ("collate" | "opclass")) => format!(
                    "unexpected `{other}` after an index key; did you mean `{word}`?; a key's collation is written \
                     `collate \"C\"` and its operator class `opclass \"text_pattern_ops\"`"
                ),
                _ => format!(
                    "unexpected `{other}` after an index key{}; a key may be followed by `asc` or `desc`, then `nulls_first` or `nulls_last` (separate keys with commas)",
                    suggestion(other, ["asc", "desc", "nulls_first", "nulls_last"])
                ),
            };
            cx.error_spanned_by(word, message);
            // A misspelt `collate` or `opclass` is followed by its string: skip it too.
            if content.peek(LitStr) {
                content.parse::<LitStr>()?;
            }
        }
    }
    Ok(())
}

/// The string after `collate` or `opclass`, with the form to write when it is
/// missing (the next word, if any, is left for the caller to read).
fn key_word_value(
    cx: &Ctxt,
    content: ParseStream,
    word: &Ident,
    example: &str,
) -> syn::Result<Option<LitStr>> {
    if content.peek(Token![=]) {
        let eq: Token![=] = content.parse()?;
        cx.error_spanned_by(
            eq,
            format!("inside `columns = [...]` the words after a key take no `=`: write `{word} {example}`"),
        );
    }
    if content.peek(LitStr) {
        let lit: LitStr = content.parse()?;
        if lit.value().trim().is_empty() {
            cx.error_spanned_by(&lit, format!("the name after `{word}` must not be empty"));
            return Ok(None);
        }
        return Ok(Some(lit));
    }
    let what = if word == "collate" {
        "collation"
    } else {
        "operator class"
    };
    // A token standing where the string should be (`opclass text_pattern_ops`)
    // is taken as the misspelt value, so it is not read again as a word; the
    // next key word, or the end of the key, is left alone.
    let next_word = content
        .fork()
        .parse::<Ident>()
        .is_ok_and(|i| INDEX_KEY_WORDS.contains(&i.to_string().as_str()));
    let found = if content.is_empty() || content.peek(Token![,]) || next_word {
        String::new()
    } else {
        let t: proc_macro2::TokenTree = content.parse()?;
        format!(", not `{word} {t}`")
    };
    cx.error_spanned_by(
        word,
        format!("`{word}` takes the {what}'s name in a string: write `{word} {example}`{found}"),
    );
    Ok(None)
}

/// Stores the value of `collate` or `opclass` once per key.
fn set_key_word(cx: &Ctxt, word: &Ident, slot: &mut Option<LitStr>, value: Option<LitStr>) {
    let Some(value) = value else { return };
    if slot.is_some() {
        cx.error_spanned_by(
            word,
            format!("`{word}` is given twice for this key; give it once"),
        );
    } else {
        *slot = Some(value);
    }
}

pub(super) fn path_value(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    example: &str,
) -> syn::Result<Option<Path>> {
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
pub(super) fn fk_action(
    cx: &Ctxt,
    meta: &ParseNestedMeta,
    key: &str,
    actions: &mut FkActions,
) -> syn::Result<bool> {
    match key {
        "on_delete" => set_once(cx, meta, &mut actions.on_delete, choice(cx, meta)?),
        "on_update" => set_once(cx, meta, &mut actions.on_update, choice(cx, meta)?),
        "deferrable" => {
            let value = if meta.input.peek(Token![=]) {
                choice(cx, meta)?
            } else {
                Some(Spanned::new(Deferrable::InitiallyImmediate, &meta.path))
            };
            set_once(cx, meta, &mut actions.deferrable, value)
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// Runs `f` on each key of every `#[name(...)]` attribute in `attrs`.
pub(super) fn each_key(
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

pub(super) fn expect_list(cx: &Ctxt, meta: &ParseNestedMeta, example: &str) -> syn::Result<bool> {
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
