//! `embed_migrations!("migrations")`: a migrations folder compiled into the binary.
//!
//! Expands to a `&'static [::schema_core::migrate::EmbeddedMigration]`, one per
//! `{version}_{name}` folder, sorted by version, each file pulled in with
//! `include_str!` on its absolute path so that editing a file rebuilds the crate.
//! The folder name rules mirror `schema_core::migrate::files`.
//!
//! A proc macro cannot ask cargo to rebuild when a folder is added, so the
//! crate needs a build script that does (`cargo:rerun-if-changed=migrations`);
//! without one, a new migration would silently not be embedded. The macro reads
//! what the build script told cargo (kept beside `OUT_DIR`) and fails the build,
//! saying the line to add, when the folder is not watched.

use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::LitStr;

/// The expansion of `embed_migrations!(input)`, or a compile error on the literal.
pub fn embed_migrations(input: TokenStream) -> TokenStream {
    match expand(input) {
        Ok(tokens) => tokens,
        Err(e) => e.to_compile_error(),
    }
}

struct Folder {
    version: String,
    name: String,
    up: PathBuf,
    down: Option<PathBuf>,
}

fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let lit: LitStr = syn::parse2(input).map_err(|e| {
        syn::Error::new(
            e.span(),
            "expected the migrations folder as a string literal, like embed_migrations!(\"migrations\")",
        )
    })?;
    let root = resolve(&lit)?;
    watched(&lit, &root).map_err(|msg| syn::Error::new(lit.span(), msg))?;
    let folders = read_folders(&root).map_err(|msg| syn::Error::new(lit.span(), msg))?;
    let items = folders.iter().map(|f| {
        let (version, name) = (&f.version, &f.name);
        let up = path_literal(&f.up);
        let down = match &f.down {
            Some(path) => {
                let path = path_literal(path);
                quote!(::core::option::Option::Some(::core::include_str!(#path)))
            }
            None => quote!(::core::option::Option::None),
        };
        quote! {
            ::schema_core::migrate::EmbeddedMigration {
                version: #version,
                name: #name,
                up: ::core::include_str!(#up),
                down: #down,
            }
        }
    });
    Ok(quote! {
        {
            const MIGRATIONS: &[::schema_core::migrate::EmbeddedMigration] = &[#(#items),*];
            MIGRATIONS
        }
    })
}

/// The folder's absolute path: `CARGO_MANIFEST_DIR` of the crate being compiled
/// joined with the literal.
pub(crate) fn resolve(lit: &LitStr) -> syn::Result<PathBuf> {
    let relative = PathBuf::from(lit.value());
    if relative.is_absolute() {
        return Ok(relative);
    }
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").ok_or_else(|| {
        syn::Error::new(
            lit.span(),
            "CARGO_MANIFEST_DIR is not set; build with cargo, or pass an absolute path",
        )
    })?;
    Ok(PathBuf::from(manifest).join(relative))
}

/// Checks that the package's build script tells cargo to rerun when the folder
/// changes, so the next build embeds a migration folder added to it.
fn watched(lit: &LitStr, root: &Path) -> Result<(), String> {
    let line = format!("println!(\"cargo:rerun-if-changed={}\");", lit.value());
    let Some(out_dir) = std::env::var_os("OUT_DIR") else {
        return Err(format!(
            "embed_migrations! needs a build script, or a migration folder added later is not embedded by the next build: add build.rs beside Cargo.toml with `fn main() {{ {line} }}`"
        ));
    };
    // Cargo keeps what the build script printed in `output`, beside `OUT_DIR`.
    let Some(printed) = Path::new(&out_dir)
        .parent()
        .and_then(|dir| std::fs::read_to_string(dir.join("output")).ok())
    else {
        return Ok(()); // a layout cargo does not have today: nothing to check
    };
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let covers = |path: &str| {
        let path = manifest
            .as_ref()
            .map_or_else(|| PathBuf::from(path), |m| m.join(path));
        let path = path.canonicalize().unwrap_or(path);
        root.starts_with(path)
    };
    let watches = printed.lines().any(|l| {
        l.strip_prefix("cargo:rerun-if-changed=")
            .or_else(|| l.strip_prefix("cargo::rerun-if-changed="))
            .is_some_and(|p| covers(p.trim()))
    });
    if watches {
        Ok(())
    } else {
        Err(format!(
            "the build script does not watch {}, so a migration folder added later is not embedded by the next build: add `{line}` to build.rs's main",
            lit.value()
        ))
    }
}

fn read_folders(root: &Path) -> Result<Vec<Folder>, String> {
    let entries = std::fs::read_dir(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!(
            "migrations folder {} does not exist; the path is relative to the crate's Cargo.toml; run `schema generate` first or fix the path",
            root.display()
        ),
        _ => format!("cannot read migrations folder {}: {e}", root.display()),
    })?;
    let mut folders = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|e| format!("cannot read migrations folder {}: {e}", root.display()))?;
        let path = entry.path();
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with('.') || !path.is_dir() {
            continue;
        }
        folders.push(read_folder(&path, &file_name)?);
    }
    folders.sort_by(|a, b| a.version.cmp(&b.version));
    if let Some(w) = folders.windows(2).find(|w| w[0].version == w[1].version) {
        return Err(format!(
            "two migrations have version {}: {}_{} and {}_{}; give one of the folders a new timestamp",
            w[0].version, w[0].version, w[0].name, w[1].version, w[1].name
        ));
    }
    Ok(folders)
}

fn read_folder(path: &Path, file_name: &str) -> Result<Folder, String> {
    let (version, name) = parse_folder_name(file_name).ok_or_else(|| {
        format!(
            "migration folder {} is not named VERSION_NAME; rename it like 20261124101500_add_users (a 14-digit UTC time YYYYMMDDHHMMSS, `_`, then lower-case letters, digits and `_`)",
            path.display()
        )
    })?;
    let up = path.join("up.sql");
    if !up.is_file() {
        return Err(format!(
            "migration folder {} has no up.sql; add the migration's SQL or remove the folder",
            path.display()
        ));
    }
    let down = Some(path.join("down.sql")).filter(|p| p.is_file());
    Ok(Folder {
        version: version.to_string(),
        name: name.to_string(),
        up,
        down,
    })
}

/// Splits `20261124101500_add_users` into version and name, if well formed.
fn parse_folder_name(folder: &str) -> Option<(&str, &str)> {
    let (version, name) = folder.split_once('_')?;
    let version_ok = version.len() == 14 && version.bytes().all(|b| b.is_ascii_digit());
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    (version_ok && name_ok && is_utc_time(version)).then_some((version, name))
}

/// Whether the 14 digits `YYYYMMDDHHMMSS` name a real time.
fn is_utc_time(version: &str) -> bool {
    let field = |at: usize, len: usize| version[at..at + len].parse::<u32>().unwrap_or(99);
    let (year, month, day) = (field(0, 4), field(4, 2), field(6, 2));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    (1..=days).contains(&day) && field(8, 2) < 24 && field(10, 2) < 60 && field(12, 2) < 60
}

fn path_literal(path: &Path) -> LitStr {
    LitStr::new(&path.to_string_lossy(), Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_a_compile_error() {
        let out = read_folders(Path::new("/definitely/not/here"))
            .err()
            .unwrap();
        assert!(out.contains("does not exist"), "{out}");
    }

    #[test]
    fn a_package_without_a_build_script_is_a_compile_error() {
        // This crate has no build script, so OUT_DIR is not set.
        let out = embed_migrations(quote!("migrations")).to_string();
        assert!(
            out.contains("compile_error") && out.contains("needs a build script"),
            "{out}"
        );
    }

    #[test]
    fn a_non_literal_is_a_compile_error() {
        let out = embed_migrations(quote!(migrations)).to_string();
        assert!(out.contains("string literal"), "{out}");
    }

    #[test]
    fn folder_names_are_checked() {
        assert_eq!(
            parse_folder_name("20261124101500_a_b"),
            Some(("20261124101500", "a_b"))
        );
        assert_eq!(parse_folder_name("2026_a"), None);
        assert_eq!(parse_folder_name("20261124101500_A"), None);
        assert_eq!(parse_folder_name("20230229000000_a"), None);
        assert_eq!(
            parse_folder_name("20240229235959_a"),
            Some(("20240229235959", "a"))
        );
    }
}
