//! Migrations compiled into a binary, so a service migrates itself at start-up.
//!
//! ```ignore
//! static MIGRATIONS: &[schema_core::migrate::EmbeddedMigration] =
//!     schema_core::embed_migrations!("migrations");
//!
//! let mut client = schema_core::connect(&url)?;
//! schema_core::migrate::run_embedded(&mut client, MIGRATIONS, &Default::default())?;
//! ```
//!
//! The macro reads the folder (relative to the using crate's `Cargo.toml`) at
//! compile time and includes each file with `include_str!`, so editing a file
//! rebuilds the crate. Adding or removing a migration *folder* is not seen by
//! cargo on its own (stable proc-macros cannot track directories); add a
//! `build.rs` to the crate with
//! `fn main() { println!("cargo:rerun-if-changed=migrations"); }`.

use postgres::Client;

use super::{migrate, MigrateError, MigrateOptions, MigrateReport, Migration};

/// One migration as [`embed_migrations!`](crate::embed_migrations) compiles it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmbeddedMigration {
    pub version: &'static str,
    pub name: &'static str,
    pub up: &'static str,
    pub down: Option<&'static str>,
}

impl EmbeddedMigration {
    /// The migration, with its checksum computed.
    pub fn to_migration(&self) -> Migration {
        Migration::new(
            self.version.to_string(),
            self.name.to_string(),
            self.up.to_string(),
            self.down.map(str::to_string),
        )
    }

    /// All of `embedded` as migrations.
    pub fn all(embedded: &[EmbeddedMigration]) -> Vec<Migration> {
        embedded
            .iter()
            .map(EmbeddedMigration::to_migration)
            .collect()
    }
}

impl From<&EmbeddedMigration> for Migration {
    fn from(embedded: &EmbeddedMigration) -> Migration {
        embedded.to_migration()
    }
}

/// Applies the embedded migrations the database lacks: [`migrate`] for a binary.
pub fn run_embedded(
    client: &mut Client,
    embedded: &[EmbeddedMigration],
    options: &MigrateOptions,
) -> Result<MigrateReport, MigrateError> {
    migrate(client, &EmbeddedMigration::all(embedded), options)
}
