//! One function per command: call the core, print, return the exit status.

use crate::args::Command;
use crate::CodeSchema;

pub fn run(command: Command, _code: CodeSchema<'_>) -> anyhow::Result<u8> {
    anyhow::bail!("{command:?} is not available yet")
}
