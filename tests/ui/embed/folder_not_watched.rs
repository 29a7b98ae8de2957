// A package that embeds its migrations while its build script does not watch them.
static MIGRATIONS: &[schema_core::migrate::EmbeddedMigration] =
    schema_core::embed_migrations!("migrations");

fn main() {
    let _ = MIGRATIONS;
}
