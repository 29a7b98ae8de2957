//! `schema-bench`: times the library's push pipeline and its parts on the
//! workloads of WORKLOADS.md against a real PostgreSQL, and prints one table.
//!
//! ```sh
//! cargo run --release -p schema-bench
//! ```
//!
//! Connects to `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`)
//! and creates and drops its own databases (`schema_bench_*`). A "push" is what the
//! CLI's push runs in the library: connect, `prepare` (introspect, normalise
//! through the database what differs, diff, plan), `rename_candidates`, `losses`
//! (row counts for data-losing changes) and, when the plan is not empty, `apply`
//! (lock, introspect and plan again, run the plan in one transaction). Building the
//! desired schema from the derived structs is timed on its own line.

mod drizzle;
mod peer;
mod studio;
mod workload;

use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use postgres::Client;
use schema_core::diff::rename_candidates;
use schema_core::model::{QualifiedName, Schema, Table};
use schema_core::push::{apply, count_losses, prepare, Prepared, PushOptions};
use schema_core::{connect, diff, introspect, plan, SchemaFilter};

const DEFAULT_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const PEAK_FLAG: &str = "--peak-memory-child";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| DEFAULT_URL.to_string());
    if args.get(1).map(String::as_str) == Some(PEAK_FLAG) {
        return peak_memory_child(&args[2], args[3].parse().expect("table count"));
    }
    let only: Vec<String> = args[1..].to_vec();
    match run(&url, &only) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("schema-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// One printed line: a figure, how it was measured, and its budget.
struct Row {
    scenario: String,
    runs: Vec<Duration>,
    /// A figure that is not a duration (queries, MB).
    value: Option<String>,
    budget: Option<Budget>,
}

enum Budget {
    Ms(f64),
    AtMost(f64),
}

/// Scenario groups, each runnable alone: `schema-bench diff10k auth`.
const GROUPS: [&str; 9] = [
    "n200", "n1000", "queries", "memory", "diff10k", "auth", "pull", "studio", "peer",
];

fn run(url: &str, only: &[String]) -> Res<()> {
    if let Some(bad) = only.iter().find(|g| !GROUPS.contains(&g.as_str())) {
        return Err(format!(
            "unknown scenario group {bad:?}; groups: {}",
            GROUPS.join(", ")
        )
        .into());
    }
    let mut admin = connect(url)?;
    let version: String = admin.query_one("SHOW server_version", &[])?.get(0);
    let mut bench = Bench {
        url: url.to_string(),
        admin,
        rows: Vec::new(),
        created: Vec::new(),
    };
    eprintln!(
        "schema-bench: PostgreSQL {version} at {}",
        schema_core::redact_url(url)
    );
    let result = bench.all(only);
    bench.drop_databases();
    result?;
    print_rows(&bench.rows);
    Ok(())
}

struct Bench {
    url: String,
    admin: Client,
    rows: Vec<Row>,
    created: Vec<String>,
}

fn options() -> PushOptions {
    PushOptions {
        lock_timeout: Duration::from_secs(10),
        ..PushOptions::default()
    }
}

/// Everything a user's push runs in the library; returns the statements applied.
fn push(url: &str, desired: &Schema) -> Res<usize> {
    push_phases(url, desired).map(|(applied, _)| applied)
}

/// [`push`], with the time of each phase: connect, prepare (+ renames and
/// losses), apply.
fn push_phases(url: &str, desired: &Schema) -> Res<(usize, [Duration; 3])> {
    let options = options();
    let start = Instant::now();
    let mut client = connect(url)?;
    let connected = start.elapsed();
    let Prepared { changes, plan, .. } = prepare(&mut client, desired, &options)?;
    let _renames = rename_candidates(&changes);
    drop(changes); // as the CLI does: only the plan is needed from here on
    let _losses = count_losses(&mut client, &plan)?;
    let planned = start.elapsed();
    if plan.statements.is_empty() {
        return Ok((0, [connected, planned - connected, Duration::ZERO]));
    }
    apply(&mut client, desired, &plan, &options)?;
    let phases = [connected, planned - connected, start.elapsed() - planned];
    Ok((plan.statements.len(), phases))
}

fn timed<T>(f: impl FnOnce() -> Res<T>) -> Res<(Duration, T)> {
    let start = Instant::now();
    let value = f()?;
    Ok((start.elapsed(), value))
}

impl Bench {
    fn all(&mut self, only: &[String]) -> Res<()> {
        let on = |g: &str| only.is_empty() || only.iter().any(|o| o == g);
        if on("n200") {
            self.n_tables(200)?;
        }
        if on("n1000") {
            self.n_tables(1000)?;
        }
        if on("queries") {
            self.query_counts()?;
        }
        if on("memory") {
            self.peak_memory(1000)?;
        }
        if on("diff10k") {
            self.diff_10k()?;
        }
        if on("auth") {
            self.auth()?;
        }
        if on("pull") {
            self.pull(200)?;
        }
        if on("studio") {
            self.studio()?;
        }
        // Only when named: it installs drizzle-kit from npm and takes minutes.
        if only.iter().any(|o| o == "peer") {
            self.peer()?;
        }
        Ok(())
    }

    fn row(&mut self, scenario: String, runs: Vec<Duration>, budget: Option<Budget>) {
        eprintln!("  {scenario}: {:.1} ms", median_ms(&runs));
        self.rows.push(Row {
            scenario,
            runs,
            value: None,
            budget,
        });
    }

    fn value(&mut self, scenario: String, value: String, budget: Option<Budget>) {
        eprintln!("  {scenario}: {value}");
        self.rows.push(Row {
            scenario,
            runs: Vec::new(),
            value: Some(value),
            budget,
        });
    }

    /// A fresh empty database; its URL.
    fn database(&mut self, tag: &str) -> Res<String> {
        let name = format!(
            "schema_bench_{}_{}_{}",
            std::process::id(),
            tag,
            self.created.len()
        );
        self.admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
        self.created.push(name.clone());
        Ok(with_database(&self.url, &name))
    }

    fn drop_databases(&mut self) {
        for name in std::mem::take(&mut self.created) {
            if let Err(e) = self
                .admin
                .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            {
                eprintln!("schema-bench: could not drop database {name}: {e}");
            }
        }
    }

    fn n_tables(&mut self, n: usize) -> Res<()> {
        let runs = if n <= 200 { 5 } else { 3 };
        let build: Vec<Duration> = (0..runs)
            .map(|_| timed(|| Ok(workload::n_tables(n))).map(|(d, _)| d))
            .collect::<Res<_>>()?;
        self.row(
            format!("{n} tables: desired schema from the derives"),
            build,
            None,
        );
        let desired = workload::n_tables(n);

        // Push into an empty database: a fresh database per run.
        let mut pushes = Vec::new();
        let mut phases: [Vec<Duration>; 3] = Default::default();
        let mut last = String::new();
        for _ in 0..runs {
            let url = self.database(&format!("n{n}"))?;
            let (took, (applied, parts)) = timed(|| push_phases(&url, &desired))?;
            assert!(applied > 0, "the first push applies the schema");
            pushes.push(took);
            for (all, part) in phases.iter_mut().zip(parts) {
                all.push(part);
            }
            last = url;
        }
        let budget = (n == 200).then_some(Budget::Ms(300.0));
        self.row(
            format!("{n} tables: push into an empty database"),
            pushes,
            budget,
        );

        for (name, runs) in ["connect", "prepare + losses", "apply"].iter().zip(phases) {
            self.row(format!("{n} tables: push into empty, {name}"), runs, None);
        }

        // The server's own share: the same plan as one script in one transaction
        // on an open connection, with no introspection, diff or plan.
        let script = plan(&diff(&Schema::empty(), &desired)).to_sql_script();
        let mut floor = Vec::new();
        for _ in 0..runs {
            let url = self.database(&format!("f{n}"))?;
            let mut client = connect(&url)?;
            let (took, ()) = timed(|| {
                let mut tx = client.transaction()?;
                tx.batch_execute(&script)?;
                tx.commit()?;
                Ok(())
            })?;
            floor.push(took);
        }
        self.row(
            format!("{n} tables: server floor, the create script alone"),
            floor,
            None,
        );

        // No-op push on the last of them.
        let noop: Vec<Duration> = (0..runs)
            .map(|_| {
                let (took, applied) = timed(|| push(&last, &desired))?;
                assert_eq!(applied, 0, "a push after a push changes nothing");
                Ok(took)
            })
            .collect::<Res<_>>()?;
        let budget = (n == 200).then_some(Budget::Ms(100.0));
        self.row(format!("{n} tables: no-op push"), noop, budget);

        // Introspection alone, on an open connection.
        let mut client = connect(&last)?;
        let mut intro = Vec::new();
        let mut current = Schema::empty();
        for _ in 0..runs {
            let (took, got) = timed(|| Ok(introspect(&mut client, &SchemaFilter::AllNonSystem)?))?;
            intro.push(took);
            current = got.schema;
        }
        assert_eq!(current.tables.len(), n);
        self.row(format!("{n} tables: introspection alone"), intro, None);

        // Diff (+ plan) alone, on the schemas a no-op push compares.
        let view = schema_core::compare::database_view(&mut client, &current, &desired)?;
        let same: Vec<Duration> = (0..runs)
            .map(|_| {
                timed(|| {
                    let changes = diff(&current, &view);
                    let plan = plan(&changes);
                    assert!(plan.statements.is_empty());
                    Ok(())
                })
                .map(|(d, _)| d)
            })
            .collect::<Res<_>>()?;
        self.row(
            format!("{n} tables: diff + plan alone, no changes"),
            same,
            None,
        );
        let empty = Schema::empty();
        let create: Vec<Duration> = (0..runs)
            .map(|_| {
                timed(|| {
                    let plan = plan(&diff(&empty, &desired));
                    assert!(!plan.statements.is_empty());
                    Ok(())
                })
                .map(|(d, _)| d)
            })
            .collect::<Res<_>>()?;
        self.row(
            format!("{n} tables: diff + plan alone, from empty"),
            create,
            None,
        );
        Ok(())
    }

    fn query_counts(&mut self) -> Res<()> {
        for n in [10, 1000] {
            let url = self.database(&format!("q{n}"))?;
            push(&url, &workload::n_tables(n))?;
            let mut client = connect(&url)?;
            let got = introspect(&mut client, &SchemaFilter::AllNonSystem)?;
            assert_eq!(got.schema.tables.len(), n);
            self.value(
                format!("{n} tables: catalog queries per introspection"),
                got.queries.to_string(),
                // One query per kind of object, whatever their number.
                Some(Budget::AtMost(14.0)),
            );
        }
        Ok(())
    }

    /// Peak RSS of a fresh process that builds the 1000-table schema and pushes it
    /// into an empty database, then pushes again (no-op).
    fn peak_memory(&mut self, n: usize) -> Res<()> {
        let url = self.database(&format!("m{n}"))?;
        let exe = std::env::current_exe()?;
        let out = Command::new(exe)
            .args([PEAK_FLAG, &url, &n.to_string()])
            .output()?;
        if !out.status.success() {
            return Err(format!(
                "the peak memory child failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
        let text = String::from_utf8(out.stdout)?;
        let kb: Vec<u64> = text
            .split_whitespace()
            .map(|v| v.parse().expect("kB"))
            .collect();
        let (baseline, peak) = (kb[0], kb[1]);
        let mb = |kb: u64| format!("{:.1} MB", kb as f64 / 1024.0);
        self.value(
            format!("{n} tables: peak RSS of a push process (VmHWM)"),
            mb(peak),
            Some(Budget::AtMost(30.0)),
        );
        self.value(
            format!(
                "{n} tables: peak RSS over the start-up baseline ({})",
                mb(baseline)
            ),
            mb(peak - baseline),
            None,
        );
        Ok(())
    }

    /// Diff (+ plan) of 10,000 tables built in memory: no changes, and a few.
    fn diff_10k(&mut self) -> Res<()> {
        let current = ten_thousand();
        let desired = current.clone();
        let runs = 5;
        let same: Vec<Duration> = (0..runs)
            .map(|_| {
                timed(|| {
                    let plan = plan(&diff(&current, &desired));
                    assert!(plan.statements.is_empty());
                    Ok(())
                })
                .map(|(d, _)| d)
            })
            .collect::<Res<_>>()?;
        self.row(
            "10,000 tables: diff + plan alone, no changes".into(),
            same,
            Some(Budget::Ms(50.0)),
        );
        let changed = a_few_changes(&current);
        let count = diff(&current, &changed).len();
        let few: Vec<Duration> = (0..runs)
            .map(|_| {
                timed(|| {
                    let changes = diff(&current, &changed);
                    assert!(changes.len() >= 5, "{changes:#?}");
                    let plan = plan(&changes);
                    assert!(!plan.statements.is_empty());
                    Ok(())
                })
                .map(|(d, _)| d)
            })
            .collect::<Res<_>>()?;
        self.row(
            format!("10,000 tables: diff + plan alone, {count} changes"),
            few,
            Some(Budget::Ms(50.0)),
        );
        Ok(())
    }

    fn auth(&mut self) -> Res<()> {
        let runs = 5;
        let desired = workload::auth();
        let mut pushes = Vec::new();
        let mut last = String::new();
        for _ in 0..runs {
            let url = self.database("auth")?;
            let (took, applied) = timed(|| push(&url, &desired))?;
            assert!(applied > 0);
            pushes.push(took);
            last = url;
        }
        self.row(
            "auth workload: push into an empty database".into(),
            pushes,
            None,
        );
        let mut noop = Vec::new();
        let mut phases: [Vec<Duration>; 2] = Default::default();
        for _ in 0..runs {
            let (took, (applied, parts)) = timed(|| push_phases(&last, &desired))?;
            assert_eq!(applied, 0);
            noop.push(took);
            phases[0].push(parts[0]);
            phases[1].push(parts[1]);
        }
        self.row(
            "auth workload: no-op push".into(),
            noop,
            Some(Budget::Ms(30.0)),
        );
        for (name, runs) in ["connect", "prepare + losses"].iter().zip(phases) {
            self.row(format!("auth workload: no-op push, {name}"), runs, None);
        }
        let mut client = connect(&last)?;
        let intro: Vec<Duration> = (0..runs)
            .map(|_| {
                timed(|| Ok(introspect(&mut client, &SchemaFilter::AllNonSystem)?)).map(|(d, _)| d)
            })
            .collect::<Res<_>>()?;
        self.row("auth workload: introspection alone".into(), intro, None);
        Ok(())
    }
}

impl Bench {
    /// `schema pull` of the n-table workload, as the CLI runs it: connect,
    /// read (introspection and the objects outside the model, one snapshot),
    /// render the modules, lay them out with rustfmt, write them.
    fn pull(&mut self, n: usize) -> Res<()> {
        let runs = 5;
        let url = self.database(&format!("pull{n}"))?;
        push(&url, &workload::n_tables(n))?;
        let out = std::env::temp_dir().join(format!("schema-bench-pull-{}", std::process::id()));
        let mut phases: [Vec<Duration>; 4] = Default::default();
        let mut totals = Vec::new();
        let mut lines = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let mut client = connect(&url)?;
            let (schema, other) = schema_cli::pull::read(
                &mut client,
                &SchemaFilter::AllNonSystem,
                &schema_core::migrate::JournalTable::default(),
                &schema_core::introspect::ReadLimits::default(),
            )?;
            let read = start.elapsed();
            let mut pulled =
                schema_cli::pull::render(&schema, &other, "schema").map_err(|e| e.to_string())?;
            let rendered = start.elapsed();
            schema_cli::pull::rustfmt(&mut pulled, &out);
            let formatted = start.elapsed();
            schema_cli::pull::write_files(&out, &pulled, true).map_err(|e| e.to_string())?;
            let total = start.elapsed();
            lines = pulled.files.iter().map(|(_, t)| t.lines().count()).sum();
            for (all, part) in phases.iter_mut().zip([
                read,
                rendered - read,
                formatted - rendered,
                total - formatted,
            ]) {
                all.push(part);
            }
            totals.push(total);
        }
        let _ = std::fs::remove_dir_all(&out);
        self.row(
            format!("{n} tables: pull (connect, read, render, rustfmt, write; {lines} lines)"),
            totals,
            Some(Budget::Ms(200.0)),
        );
        for (name, runs) in ["connect + read", "render", "rustfmt", "write"]
            .iter()
            .zip(phases)
        {
            self.row(format!("{n} tables: pull, {name}"), runs, None);
        }
        Ok(())
    }
}

/// In the child: start-up VmHWM, then VmHWM after building the schema and pushing
/// it twice (into the empty database, then a no-op), both in kB on stdout.
fn peak_memory_child(url: &str, n: usize) -> ExitCode {
    let baseline = vm_hwm_kb();
    let desired = workload::n_tables(n);
    let first = push(url, &desired).expect("push");
    assert!(first > 0);
    let second = push(url, &desired).expect("no-op push");
    assert_eq!(second, 0);
    println!("{baseline} {}", vm_hwm_kb());
    ExitCode::SUCCESS
}

fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status")
}

/// 10,000 tables shaped like the N-table workload's, built in memory from the
/// derived `T0001` (renamed `t00000`..`t09999`, each referencing the previous).
fn ten_thousand() -> Schema {
    let template = workload::n_tables(2);
    let t1 = template.table("public", "t0001").expect("t0001").clone();
    let rename = |s: &str, i: usize| {
        s.replace("t0001", &format!("t{i:05}"))
            .replace("t0000", &format!("t{:05}", i.saturating_sub(1)))
    };
    let mut tables = Vec::with_capacity(10_000);
    for i in 0..10_000 {
        let mut t: Table = t1.clone();
        t.name = rename(&t.name, i);
        if let Some(pk) = &mut t.primary_key {
            pk.name = rename(&pk.name, i);
        }
        t.uniques
            .iter_mut()
            .for_each(|u| u.name = rename(&u.name, i));
        t.indexes
            .iter_mut()
            .for_each(|x| x.name = rename(&x.name, i));
        if i == 0 {
            t.foreign_keys.clear();
        }
        for fk in &mut t.foreign_keys {
            fk.name = rename(&fk.name, i);
            fk.references = QualifiedName::new("public", format!("t{:05}", i - 1));
        }
        tables.push(t);
    }
    let mut schema = Schema {
        schemas: template.schemas.clone(),
        enums: template.enums.clone(),
        tables,
        extensions: vec![],
        views: vec![],
        functions: vec![],
        domains: vec![],
        sequences: vec![],
        namespace_grants: vec![],
    };
    schema.normalize();
    schema
}

/// `schema` with five changes spread over it: a new column, a changed default, a
/// dropped index, a new table and a dropped table.
fn a_few_changes(schema: &Schema) -> Schema {
    let mut s = schema.clone();
    let mut column = s.tables[10].columns[3].clone();
    column.name = "extra".into();
    column.nullable = true;
    s.tables[10].columns.push(column);
    s.tables[5000].columns[5].default = Some("1".into());
    s.tables[9000].indexes.pop();
    let last = s.tables.pop().expect("a table");
    let mut new = last.clone();
    new.name = "t10000".into();
    new.foreign_keys.clear();
    if let Some(pk) = &mut new.primary_key {
        pk.name = "t10000_pkey".into();
    }
    new.uniques
        .iter_mut()
        .for_each(|u| u.name = u.name.replace("t09999", "t10000"));
    new.indexes
        .iter_mut()
        .for_each(|x| x.name = x.name.replace("t09999", "t10000"));
    s.tables.push(new);
    s.normalize();
    s
}

fn median_ms(runs: &[Duration]) -> f64 {
    let mut ms: Vec<f64> = runs.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    match ms.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => ms[n / 2],
        n => (ms[n / 2 - 1] + ms[n / 2]) / 2.0,
    }
}

fn print_rows(rows: &[Row]) {
    println!(
        "| {:<58} | {:>5} | {:>10} | {:>10} | {:>10} | {:>9} | {:<5} |",
        "scenario", "runs", "median", "min", "max", "budget", ""
    );
    println!(
        "|{}|{}|{}|{}|{}|{}|{}|",
        "-".repeat(60),
        "-".repeat(7),
        "-".repeat(12),
        "-".repeat(12),
        "-".repeat(12),
        "-".repeat(11),
        "-".repeat(7)
    );
    for row in rows {
        let (median, min, max, figure) = match &row.value {
            Some(v) => (v.clone(), String::new(), String::new(), parse_figure(v)),
            None => {
                let ms = |d: &Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
                let m = median_ms(&row.runs);
                (
                    format!("{m:.1} ms"),
                    row.runs.iter().min().map(ms).unwrap_or_default(),
                    row.runs.iter().max().map(ms).unwrap_or_default(),
                    m,
                )
            }
        };
        let (budget, verdict) = match &row.budget {
            None => (String::new(), String::new()),
            Some(Budget::Ms(b)) => (format!("<= {b} ms"), pass(figure <= *b)),
            Some(Budget::AtMost(b)) => (format!("<= {b}"), pass(figure <= *b)),
        };
        println!(
            "| {:<58} | {:>5} | {:>10} | {:>10} | {:>10} | {:>9} | {:<5} |",
            row.scenario,
            if row.runs.is_empty() {
                1
            } else {
                row.runs.len()
            },
            median,
            min,
            max,
            budget,
            verdict
        );
    }
}

fn parse_figure(v: &str) -> f64 {
    v.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(f64::NAN)
}

fn pass(ok: bool) -> String {
    if ok { "pass" } else { "MISS" }.to_string()
}

/// `url` with its database replaced by `name`.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (url, String::new()),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    format!("{}/{name}{query}", &base[..host_end])
}
