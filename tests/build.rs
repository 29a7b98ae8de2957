//! Rebuild when a migration folder embedded by the tests is added or removed.

fn main() {
    println!("cargo:rerun-if-changed=fixtures/migrations/embedded");
}
