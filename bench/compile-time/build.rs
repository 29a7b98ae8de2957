//! Writes the first 200 tables of the N-table workload (WORKLOADS.md) into
//! `OUT_DIR`: with `SCHEMA_BENCH_STRUCTS=derive`, as `#[derive(Table)]` structs
//! with their attributes (as `bench/build.rs` does); otherwise (`plain`, the
//! default, so that `cargo test --workspace` stays quick) as the same structs with
//! only `#[derive(Debug, Clone)]`. `bench/compile-time.sh` times both.

use std::fmt::Write as _;
use std::path::PathBuf;

const TABLES: usize = 200;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SCHEMA_BENCH_STRUCTS");
    let derive = match std::env::var("SCHEMA_BENCH_STRUCTS").as_deref() {
        Ok("derive") => true,
        Ok("plain") | Err(_) => false,
        Ok(other) => panic!("SCHEMA_BENCH_STRUCTS is `derive` or `plain`, not {other:?}"),
    };
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("tables.rs");
    std::fs::write(&out, source(TABLES, derive)).unwrap();
}

fn source(n: usize, derive: bool) -> String {
    let mut s = String::new();
    // Attributes only where the derive reads them.
    let attr = |text: &str| {
        if derive {
            format!("    {text}\n")
        } else {
            String::new()
        }
    };
    if derive {
        s.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]\n#[enum_type(name = \"gen_status\")]\n");
    } else {
        s.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq)]\n");
    }
    s.push_str("pub enum GenStatus {\n    Active,\n    Disabled,\n    Deleted,\n}\n\n");
    for i in 0..n {
        let name = format!("t{i:04}");
        if derive {
            write!(
                s,
                "#[derive(Debug, Clone, Table)]\n#[table(\n    name = \"{name}\",\n    \
                 index(columns = [parent_id], name = \"{name}_parent_idx\"),\n    \
                 index(columns = [created_at], name = \"{name}_created_idx\")\n)]\n"
            )
            .unwrap();
        } else {
            s.push_str("#[derive(Debug, Clone)]\n");
        }
        writeln!(s, "pub struct T{i:04} {{").unwrap();
        s += &attr("#[column(primary_key, default_sql = \"gen_random_uuid()\")]");
        s.push_str("    pub id: Uuid,\n");
        if i > 0 {
            s += &attr(&format!(
                "#[column(references = T{:04}::id, on_delete = \"cascade\")]",
                i - 1
            ));
        }
        s.push_str("    pub parent_id: Option<Uuid>,\n");
        s += &attr("#[column(unique)]");
        s.push_str("    pub slug: String,\n    pub name: String,\n");
        s += &attr("#[column(default = GenStatus::Active)]");
        s.push_str("    pub status: GenStatus,\n");
        s += &attr("#[column(default = 0)]");
        s.push_str("    pub amount: i64,\n");
        s += &attr("#[column(default_sql = \"'{}'\")]");
        s.push_str("    pub payload: serde_json::Value,\n");
        s += &attr("#[column(default_sql = \"now()\")]");
        s.push_str("    pub created_at: DateTime<Utc>,\n");
        s.push_str("    pub updated_at: Option<DateTime<Utc>>,\n}\n\n");
    }
    s
}
