//! Rebuild when a migration folder is added or removed (files are tracked by
//! `embed_migrations!` itself).

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
