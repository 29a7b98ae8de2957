//! `schema pull`: an existing database as Rust code. The model introspection
//! reads becomes `#[derive(Table)]` structs and `#[derive(Enum)]` enums, one
//! module per namespace, built as tokens and printed by prettyplease, written so
//! that the derive gives exactly the same model back: pushed into an empty
//! database they recreate the schema, and against the source they plan nothing.
//! What the model cannot hold is listed on stderr and in the module docs.

mod defaults;
mod grants;
mod names;
mod render;
mod types;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use proc_macro2::TokenStream;
use quote::quote;
use schema_core::introspect::{in_snapshot, unmodelled, IntrospectError, SchemaFilter, Unmodelled};
use schema_core::Schema;

use crate::args::PullArgs;
use crate::config::Settings;

/// Pulled code: files relative to the output folder, and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pulled {
    /// `mod.rs` first, then one file per namespace.
    pub files: Vec<(String, String)>,
    /// Each a line for stderr: what was not written, or not exactly.
    pub warnings: Vec<String>,
}

/// The code for `schema` (read from a database along with `unmodelled`, the
/// objects there the model cannot hold), for a folder named `dir_name`.
pub fn render(
    schema: &Schema,
    unmodelled: &[Unmodelled],
    dir_name: &str,
) -> anyhow::Result<Pulled> {
    outside_references(schema)?;
    let mut cx = render::context(schema);
    let mut files = Vec::new();
    let mut module_decls = Vec::new();
    let namespaces: Vec<String> = cx.modules.keys().cloned().collect();
    for ns in &namespaces {
        let module = cx.modules[ns].clone();
        let items = cx.module(ns);
        let mut docs = vec![format!("The namespace `{ns}`, pulled from the database.")];
        let here: Vec<&Unmodelled> = unmodelled.iter().filter(|u| &u.schema == ns).collect();
        if !here.is_empty() {
            docs.push(String::new());
            docs.push(
                "What the schema model does not hold, so the code below does not say it \
                 (keep it in SQL migrations):"
                    .into(),
            );
            docs.push(String::new());
            docs.extend(here.iter().map(|u| format!("- {u}")));
        }
        if items.items.is_empty() {
            docs.push(String::new());
            docs.push("It holds no table, enum type, view or function.".into());
        }
        let file = module_file(&docs, &items);
        let ident = names::ident(&module);
        // A module named like the folder would trip clippy's module_inception.
        let allow = (module == dir_name).then(|| quote!(#[allow(clippy::module_inception)]));
        module_decls.push((module.clone(), quote!(#allow pub mod #ident;)));
        files.push((format!("{}.rs", module.trim_start_matches("r#")), file));
    }
    // A namespace is declared by what is in it: an empty one has no code.
    let empty: Vec<Unmodelled> = schema
        .schemas
        .iter()
        .filter(|ns| !schema.declares_in(ns) && ns.as_str() != "public")
        .map(|ns| Unmodelled {
            kind: "empty namespace".into(),
            schema: ns.clone(),
            name: String::new(),
            detail: Some("the code declares a namespace by the tables and enum types in it".into()),
        })
        .collect();
    let mut warnings: Vec<String> = unmodelled
        .iter()
        .chain(&empty)
        .map(|u| format!("not in the pulled code: {u} (the schema model does not hold it)"))
        .collect();
    warnings.extend(cx.notes.iter().map(|n| format!("note: {n}")));
    let mut root_docs = vec![
        "Tables, enum types, views and functions pulled from the database by `schema pull`."
            .to_string(),
        String::new(),
        format!("Namespaces: {}.", namespaces.join(", ")),
    ];
    if !schema.extensions.is_empty() {
        let list: Vec<String> = schema
            .extensions
            .iter()
            .map(|e| format!("{:?}", e.name))
            .collect();
        let line = format!(
            "The database has the extensions {}: add `extensions = [{}]` to schema.toml so that push creates them.",
            schema.extensions.iter().map(|e| e.name.as_str()).collect::<Vec<_>>().join(", "),
            list.join(", ")
        );
        warnings.push(format!("note: {line}"));
        root_docs.push(String::new());
        root_docs.push(line);
    }
    let root_docs = docs_tokens(&root_docs);
    // In rustfmt's order.
    module_decls.sort_by(|a, b| {
        a.0.trim_start_matches("r#")
            .cmp(b.0.trim_start_matches("r#"))
    });
    let module_decls = module_decls.iter().map(|(_, tokens)| tokens);
    let root = format_file(quote! {
        #root_docs
        #(#module_decls)*
    })?;
    files.insert(0, ("mod.rs".to_string(), root));
    Ok(Pulled { files, warnings })
}

/// A foreign key to a table outside the pulled namespaces has no struct to name.
fn outside_references(schema: &Schema) -> anyhow::Result<()> {
    for t in &schema.tables {
        for fk in &t.foreign_keys {
            if schema
                .table(&fk.references.schema, &fk.references.name)
                .is_none()
            {
                anyhow::bail!(
                    "{}.{} references {}.{} (foreign key {}), which is outside the namespaces pulled; add --schema {}",
                    t.schema,
                    t.name,
                    fk.references.schema,
                    fk.references.name,
                    fk.name,
                    fk.references.schema
                );
            }
        }
    }
    Ok(())
}

fn docs_tokens(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #l])
    });
    quote!(#(#lines)*)
}

fn module_file(docs: &[String], items: &render::ModuleItems) -> String {
    let docs = docs_tokens(docs);
    let mut uses = Vec::new();
    let chrono: Vec<proc_macro2::Ident> = items
        .imports
        .chrono
        .iter()
        .map(|n| names::ident(n))
        .collect();
    match chrono.as_slice() {
        [] => {}
        [one] => uses.push(quote!(use schema_core::chrono::#one;)),
        many => uses.push(quote!(use schema_core::chrono::{#(#many),*};)),
    }
    if items.imports.decimal {
        uses.push(quote!(
            use schema_core::rust_decimal::Decimal;
        ));
    }
    if items.imports.uuid {
        uses.push(quote!(
            use schema_core::uuid::Uuid;
        ));
    }
    // rustfmt's order: module paths before types.
    let derives: Vec<proc_macro2::Ident> = [
        (items.uses_domain, "Domain"),
        (items.uses_enum, "Enum"),
        (items.uses_function, "Function"),
        (items.uses_sequence, "Sequence"),
        (items.uses_table, "Table"),
        (items.uses_view, "View"),
    ]
    .into_iter()
    .filter(|(used, _)| *used)
    .map(|(_, name)| names::ident(name))
    .collect();
    match derives.as_slice() {
        [] => {}
        [one] => uses.push(quote!(use schema_core::#one;)),
        many => uses.push(quote!(use schema_core::{#(#many),*};)),
    }
    let mut text = format_file(quote! {
        #docs
        #(#uses)*
    })
    .expect("the pulled imports are valid Rust");
    // One item at a time, so a blank line separates them as in written code.
    for item in &items.items {
        text.push('\n');
        text.push_str(&format_file(item.clone()).expect("the pulled items are valid Rust"));
    }
    text
}

/// Tokens to source, as rustfmt would lay it out.
fn format_file(tokens: TokenStream) -> anyhow::Result<String> {
    let file: syn::File = syn::parse2(tokens).context("the pulled code does not parse")?;
    Ok(prettyplease::unparse(&file))
}

/// `schema pull --out DIR`: read the database, write the modules, refuse to
/// overwrite a file that differs unless `--force`.
pub fn pull(settings: &Settings, args: &PullArgs) -> anyhow::Result<u8> {
    let url = settings.require_url()?;
    let mut client = schema_core::connect(url)?;
    let filter = if settings.schemas.is_empty() {
        SchemaFilter::AllNonSystem
    } else {
        SchemaFilter::only(settings.schemas.iter().cloned())
    };
    let (schema, other) = read(
        &mut client,
        &filter,
        &settings.journal(),
        &settings.read_limits(),
    )
    .map_err(|e| anyhow::anyhow!("reading {}: {e}", schema_core::redact_url(url)))?;
    let dir_name = args
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut pulled = render(&schema, &other, &dir_name)?;
    rustfmt(&mut pulled, &args.out);
    write_files(&args.out, &pulled, args.force)?;
    for w in &pulled.warnings {
        eprintln!("{w}");
    }
    std::io::Write::flush(&mut std::io::stderr()).ok();
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut what = vec![
        count(schema.tables.len(), "table", "tables"),
        count(schema.enums.len(), "enum type", "enum types"),
    ];
    if !schema.views.is_empty() {
        what.push(count(schema.views.len(), "view", "views"));
    }
    if !schema.functions.is_empty() {
        what.push(count(schema.functions.len(), "function", "functions"));
    }
    if !schema.sequences.is_empty() {
        what.push(count(schema.sequences.len(), "sequence", "sequences"));
    }
    let last = what.pop().unwrap_or_default();
    outln!(
        "pulled {} and {last} into {} ({})",
        what.join(", "),
        args.out.display(),
        count(pulled.files.len(), "file", "files")
    );
    Ok(0)
}

/// The namespaces `filter` selects, and what they hold outside the model, in
/// one snapshot (fifteen catalog queries, whatever the size).
pub fn read(
    client: &mut postgres::Client,
    filter: &SchemaFilter,
    journal: &schema_core::migrate::JournalTable,
    limits: &schema_core::introspect::ReadLimits,
) -> Result<(Schema, Vec<Unmodelled>), IntrospectError> {
    in_snapshot(client, limits, |tx| {
        let read = schema_core::source::read_database(tx, filter, journal)?;
        let other = unmodelled(tx, &read.namespaces)?;
        Ok((read.schema, other))
    })
}

/// Lays out with rustfmt, where it is installed (reading the project's
/// rustfmt.toml, as `cargo fmt` would), each file holding an attribute too
/// long for one line: prettyplease prints everything else as rustfmt would,
/// and such attributes are rare (`render` splits long lists), so most pulls
/// run no rustfmt at all. Without rustfmt those files keep prettyplease's
/// layout, and pull says so.
pub fn rustfmt(pulled: &mut Pulled, out: &Path) {
    let cwd = out
        .ancestors()
        .find(|p| p.is_dir())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let program = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    for (name, text) in &mut pulled.files {
        // prettyplease prints what rustfmt does, but for attributes, which
        // rustfmt lays out by widths of its own: any file with a long one.
        let long_attribute = text.lines().any(|l| {
            let l = l.trim();
            l.starts_with("#[") && (!l.ends_with(']') || l.len() > 60)
        });
        if !long_attribute {
            continue;
        }
        match run_rustfmt(&program, &cwd, text) {
            Ok(formatted) => *text = formatted,
            Err(why) => {
                pulled.warnings.push(format!(
                    "note: {name} is laid out by prettyplease, not rustfmt ({why}); run `cargo fmt` on it"
                ));
                break;
            }
        }
    }
}

/// `rustfmt --edition 2021` over `text` (stdin to stdout), within 30 s.
fn run_rustfmt(program: &std::ffi::OsStr, cwd: &Path, text: &str) -> Result<String, String> {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(program)
        .args(["--edition", "2021", "--emit", "stdout", "--quiet"])
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    let mut stdin = child.stdin.take().expect("piped");
    let input = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        stdout.read_to_string(&mut out).map(|_| out)
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err("rustfmt took longer than 30 s".into());
            }
            Err(e) => return Err(format!("rustfmt: {e}")),
        }
    };
    let _ = writer.join();
    let out = reader
        .join()
        .map_err(|_| "rustfmt's output was lost".to_string())?
        .map_err(|e| format!("reading rustfmt's output: {e}"))?;
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        return Err(format!(
            "rustfmt failed: {}",
            err.lines().next().unwrap_or("no message")
        ));
    }
    Ok(out)
}

/// Writes every file, or none: a file that exists with other contents is
/// refused (all of them named) unless `force`.
pub fn write_files(dir: &Path, pulled: &Pulled, force: bool) -> anyhow::Result<()> {
    let paths: Vec<(PathBuf, &String)> = pulled
        .files
        .iter()
        .map(|(name, text)| (dir.join(name), text))
        .collect();
    if !force {
        let differing: Vec<String> = paths
            .iter()
            .filter(|(path, text)| {
                std::fs::read_to_string(path).is_ok_and(|old| &old != *text)
                    || (path.exists() && std::fs::read_to_string(path).is_err())
            })
            .map(|(path, _)| path.display().to_string())
            .collect();
        if !differing.is_empty() {
            anyhow::bail!(
                "{} already exist{} with other contents; pass --force to overwrite, or pull into another folder",
                differing.join(", "),
                if differing.len() == 1 { "s" } else { "" }
            );
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (path, text) in paths {
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}
