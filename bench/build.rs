//! Writes the N-table workload of WORKLOADS.md as Rust source: enum `GenStatus`
//! and structs `T0000`..`T0999` with `#[derive(Table)]`, so that building the
//! benchmark exercises the derive on every table. `src/workload.rs` includes it.

use std::fmt::Write as _;
use std::path::PathBuf;

/// How many tables are generated; every benchmark uses a prefix (each table
/// references the previous one, so a prefix is closed).
const TABLES: usize = 1000;

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("tables.rs");
    std::fs::write(&out, source(TABLES)).unwrap();
    println!("cargo:rerun-if-changed=build.rs");
}

fn source(n: usize) -> String {
    let mut s = String::new();
    s.push_str(
        "/// The status of every generated row.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]\n\
         #[enum_type(name = \"gen_status\")]\n\
         pub enum GenStatus {\n    Active,\n    Disabled,\n    Deleted,\n}\n\n",
    );
    for i in 0..n {
        let name = format!("t{i:04}");
        let references = if i == 0 {
            String::new()
        } else {
            format!(
                "    #[column(references = T{:04}::id, on_delete = \"cascade\")]\n",
                i - 1
            )
        };
        write!(
            s,
            r#"#[derive(Debug, Clone, Table)]
#[table(
    name = "{name}",
    index(columns = [parent_id], name = "{name}_parent_idx"),
    index(columns = [created_at], name = "{name}_created_idx")
)]
pub struct T{i:04} {{
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
{references}    pub parent_id: Option<Uuid>,
    #[column(unique)]
    pub slug: String,
    pub name: String,
    #[column(default = GenStatus::Active)]
    pub status: GenStatus,
    #[column(default = 0)]
    pub amount: i64,
    #[column(default_sql = "'{{}}'")]
    pub payload: serde_json::Value,
    #[column(default_sql = "now()")]
    pub created_at: DateTime<Utc>,
    pub updated_at: Option<DateTime<Utc>>,
}}

"#
        )
        .unwrap();
    }
    s.push_str("/// Each generated table's definition, in order.\n");
    writeln!(s, "pub const DEFINITIONS: [fn() -> model::Table; {n}] = [").unwrap();
    for i in 0..n {
        writeln!(s, "    <T{i:04} as Table>::definition,").unwrap();
    }
    s.push_str("];\n");
    s
}
