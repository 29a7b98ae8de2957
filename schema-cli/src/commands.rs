//! One function per command: resolve settings, call the core, print, and return
//! the exit status (0 done, 1 differences found or change refused).

use schema_core::introspect::SchemaFilter;
use schema_core::source::{load, load_pair, Source};

use schema_core::source::SourceError;
use schema_core::Schema;

use crate::args::{Command, DiffArgs, SnapshotArgs};
use crate::config::Settings;
use crate::{CodeSchema, GlobalArgs};

pub fn run(global: &GlobalArgs, command: Command, bin: &crate::Bin<'_>) -> anyhow::Result<u8> {
    let settings = Settings::resolve(global, bin.package_dir.as_deref())?;
    // The code's schema, with the extensions schema.toml says it needs.
    let with_config = |inner: &dyn Fn() -> Result<Schema, String>| -> Result<Schema, String> {
        let mut schema = inner()?;
        schema.extensions.extend(
            settings
                .extensions
                .iter()
                .map(|name| schema_core::model::Extension::named(name.as_str())),
        );
        schema.normalize();
        Ok(schema)
    };
    let configured = bin.code.map(|inner| move || with_config(inner));
    let code: CodeSchema<'_> = configured
        .as_ref()
        .map(|f| f as &dyn Fn() -> Result<Schema, String>);
    match command {
        Command::Diff(args) => diff(&settings, &args, code),
        Command::Snapshot(args) => snapshot(&settings, &args, code),
        Command::Pull(args) => crate::pull::pull(&settings, &args),
        Command::Push(args) => crate::push::push(&settings, &args, code),
        Command::Generate(args) => crate::migrations::generate(&settings, &args, code),
        Command::Migrate(args) => crate::migrations::run_migrate(&settings, &args),
        Command::Status(args) => crate::migrations::status(&settings, &args),
        Command::Studio(args) => crate::studio::studio(&settings, &args),
        Command::Check => crate::migrations::check(&settings, code),
    }
}

/// The schema declared in the running binary.
pub fn code_schema(code: CodeSchema<'_>) -> anyhow::Result<Schema> {
    let code = code.ok_or(SourceError::NoCode)?;
    Ok(code().map_err(SourceError::Code)?)
}

/// The managed namespaces: those named, or else those the code declares.
pub fn filter(settings: &Settings) -> SchemaFilter {
    if settings.schemas.is_empty() {
        SchemaFilter::Declared
    } else {
        SchemaFilter::only(settings.schemas.iter().cloned())
    }
}

/// A SOURCE argument, its password remembered as a secret.
fn source(text: &str) -> Source {
    crate::output::remember_secrets(text);
    Source::parse(text)
}

/// `schema diff --from A --to B`: the SQL script that turns A into B.
fn diff(settings: &Settings, args: &DiffArgs, code: CodeSchema<'_>) -> anyhow::Result<u8> {
    let (from, to) = (source(&args.from), source(&args.to));
    let compared = load_pair(
        &from,
        &to,
        code,
        &filter(settings),
        &settings.journal(),
        &settings.read_limits(),
    )?;
    let tables = settings.table_filter();
    let (from_schema, to_schema) = (
        tables.restrict(&compared.from),
        tables.restrict(&compared.to),
    );
    let plan = schema_core::plan::plan(&schema_core::diff::diff(&from_schema, &to_schema));
    outln!("-- schema diff --from {from} --to {to}");
    if let Some(note) = crate::output::unnormalised_note(&compared.unnormalised) {
        outln!("-- {note}");
    }
    out!("{}", plan.to_psql_script());
    Ok(u8::from(args.exit_code && !plan.is_empty()))
}

/// `schema snapshot --of SOURCE`: the schema as snapshot JSON.
fn snapshot(settings: &Settings, args: &SnapshotArgs, code: CodeSchema<'_>) -> anyhow::Result<u8> {
    let loaded = load(
        &source(&args.of),
        code,
        &filter(settings),
        &settings.journal(),
        &settings.read_limits(),
    )?;
    let schema = settings
        .table_filter()
        .restrict(&loaded.schema)
        .into_owned();
    crate::output::print_out(&schema_core::snapshot::to_json(&schema));
    Ok(0)
}
