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

mod args;
mod commands;
mod config;
mod migrations;
mod prompt;
mod push;

use std::fmt::Display;
use std::process::ExitCode;

use clap::Parser;
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
            $crate::main_with_code($crate::__private::Schema::registered)
        }
    };
}

#[doc(hidden)]
pub mod __private {
    pub use schema_core::Schema;
}

/// The schema declared in the running binary, if it declares one.
pub type CodeSchema<'a> = Option<&'a dyn Fn() -> Result<Schema, String>>;

/// Runs the CLI without a `code` source: the standalone `schema` binary.
pub fn main() -> ExitCode {
    run(Cli::parse(), None)
}

/// Runs the CLI with `code` meaning the schema `code` returns (usually
/// `Schema::registered`, every table derived in this binary).
pub fn main_with_code<E: Display>(code: impl Fn() -> Result<Schema, E>) -> ExitCode {
    let code = move || code().map_err(|e| e.to_string());
    run(Cli::parse(), Some(&code))
}

/// Runs one parsed command and turns its outcome into an exit code, printing any
/// error as one line on standard error.
pub fn run(cli: Cli, code: CodeSchema<'_>) -> ExitCode {
    match commands::run(&cli.global, cli.command, code) {
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
    one_line(&parts.join(": "))
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
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
