//! The `schema` command line, as a library so that a user's own binary can run it
//! over the tables it registers. The whole bin is one line naming the crate (or
//! crates) that declare the tables:
//!
//! ```ignore
//! schema_cli::main!(my_app);
//! ```
//!
//! The CLI parses arguments, calls `schema_core`, and prints. Exit codes: 0 done,
//! 1 differences found or change refused, 2 error.

#[macro_use]
mod output;
mod args;
mod commands;
mod config;
mod migrations;
mod prompt;
pub mod pull;
mod push;
mod studio;

use std::fmt::Display;
use std::process::ExitCode;

use schema_core::Schema;

pub use args::{Cli, Command, GlobalArgs};
pub use config::Settings;

/// Writes the `main` of a schema bin: `schema_cli::main!(my_app);` (or
/// `main!(app_a, app_b)`) links each named crate, so the tables it declares are
/// registered, and runs the CLI with `code` meaning them. A bin written this way
/// cannot forget the link; one that declares nothing is refused anyway.
#[macro_export]
macro_rules! main {
    ($($krate:ident),+ $(,)?) => {
        $(
            #[allow(unused_imports)]
            use $krate as _;
        )+
        fn main() -> ::std::process::ExitCode {
            $crate::main_for_package(
                ::core::env!("CARGO_MANIFEST_DIR"),
                ::core::env!("CARGO_BIN_NAME"),
                $crate::__private::Schema::registered,
            )
        }
    };
}

#[doc(hidden)]
pub mod __private {
    pub use schema_core::Schema;
}

/// The schema declared in the running binary, if it declares one.
pub type CodeSchema<'a> = Option<&'a dyn Fn() -> Result<Schema, String>>;

/// What the running binary knows about itself.
pub struct Bin<'a> {
    /// The schema `code` means, when the binary declares one.
    pub code: CodeSchema<'a>,
    /// The package whose tables these are: `schema.toml` and the migrations
    /// folder are found beside its `Cargo.toml`, whatever the working directory.
    pub package_dir: Option<std::path::PathBuf>,
    /// The command people type to run it, for messages (`blog-schema`).
    pub name: String,
}

/// Runs the CLI without a `code` source: the standalone `schema` binary.
pub fn main() -> ExitCode {
    let bin = Bin {
        code: None,
        package_dir: None,
        name: "schema".to_string(),
    };
    parse_and_run(bin)
}

/// Runs the CLI with `code` meaning the schema `code` returns (usually
/// `Schema::registered`, every table derived in this binary); paths resolve
/// from the working directory. Prefer [`main!`], which also finds the package.
pub fn main_with_code<E: Display>(code: impl Fn() -> Result<Schema, E>) -> ExitCode {
    let code = move || code().map_err(|e| e.to_string());
    let bin = Bin {
        code: Some(&code),
        package_dir: None,
        name: invoked_name(),
    };
    parse_and_run(bin)
}

/// What [`main!`] expands to: the CLI over `code`, for the bin `bin_name` of the
/// package at `package_dir` (both captured when the bin is compiled).
#[doc(hidden)]
pub fn main_for_package<E: Display>(
    package_dir: &'static str,
    bin_name: &'static str,
    code: impl Fn() -> Result<Schema, E>,
) -> ExitCode {
    let code = move || code().map_err(|e| e.to_string());
    let bin = Bin {
        code: Some(&code),
        package_dir: Some(std::path::PathBuf::from(package_dir)),
        name: bin_name.to_string(),
    };
    parse_and_run(bin)
}

fn parse_and_run(bin: Bin<'_>) -> ExitCode {
    output::set_invoked_as(&bin.name);
    match parse(&bin.name) {
        Ok(cli) => {
            if let Some(name) = &cli.global.invoked_as {
                output::set_invoked_as(name);
            }
            output::set_color(&cli.global.color);
            run(cli, &bin)
        }
        Err(code) => code,
    }
}

/// The file name the binary was started under.
fn invoked_name() -> String {
    std::env::args_os()
        .next()
        .and_then(|a| {
            std::path::Path::new(&a)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "schema".to_string())
}

/// The command line, or the exit code after `--help`, `--version` or a usage
/// mistake (said in one line on standard error, exit 2).
fn parse(name: &str) -> Result<Cli, ExitCode> {
    use clap::{CommandFactory, FromArgMatches};
    let command = args::with_examples(Cli::command(), name);
    let parsed = command
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    parsed.map_err(|e| {
        use clap::error::ErrorKind;
        if matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        ) {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
        for arg in std::env::args().chain(std::env::var("DATABASE_URL")) {
            output::remember_secrets(&arg);
        }
        eprintln!("error: {}", usage_line(&e.to_string()));
        ExitCode::from(2)
    })
}

/// Clap's usage error in one line: its first line, without the `error:` it
/// starts with, and where to read more.
fn usage_line(text: &str) -> String {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let first = first.trim().strip_prefix("error:").unwrap_or(first).trim();
    output::line(&format!("{first}; run with --help for usage"))
}

/// An error message as the CLI prints it: one line, no password.
pub(crate) fn redacted_line(text: &str) -> String {
    output::line(text)
}

/// Runs one parsed command and turns its outcome into an exit code, printing any
/// error as one line on standard error.
pub fn run(cli: Cli, bin: &Bin<'_>) -> ExitCode {
    match commands::run(&cli.global, cli.command, bin) {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            eprintln!("error: {}", error_line(&e));
            ExitCode::from(2)
        }
    }
}

/// The error and the context around it, as one line. The core's errors already
/// say everything their sources do, so the chain stops at the first of them.
fn error_line(e: &anyhow::Error) -> String {
    let mut parts = Vec::new();
    for cause in e.chain() {
        parts.push(cause.to_string());
        if is_complete(cause) {
            break;
        }
    }
    output::line(&parts.join(": "))
}

fn is_complete(e: &(dyn std::error::Error + 'static)) -> bool {
    use schema_core::{check, migrate, push, source};
    e.is::<schema_core::ConnectError>()
        || e.is::<schema_core::IntrospectError>()
        || e.is::<source::SourceError>()
        || e.is::<push::PushError>()
        || e.is::<migrate::MigrateError>()
        || e.is::<migrate::FilesError>()
        || e.is::<check::CheckError>()
        || e.is::<schema_core::Refusal>()
        || e.is::<schema_core::LockError>()
        || e.is::<schema_studio::StartError>()
}
