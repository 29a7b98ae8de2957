//! Compile-fail cases: one mistake a user can make per file, with the exact error
//! output committed beside it (`TRYBUILD=overwrite` refreshes them; read the diff).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    // Relative to this crate's directory: the cases live in `tests/ui/<category>/`.
    t.compile_fail("ui/**/*.rs");
}
