//! The `schema` command over the 200-table workload of WORKLOADS.md (the
//! benchmark's derived structs), for timing whole processes beside a peer's.

#[path = "../workload.rs"]
mod workload;

fn main() -> std::process::ExitCode {
    schema_cli::main_with_code(|| Ok::<_, String>(workload::n_tables(200)))
}
