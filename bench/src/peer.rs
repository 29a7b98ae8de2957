//! Side by side with drizzle-kit: whole processes of both tools, interleaved in
//! one run on the same server, on the two reference workloads. drizzle-kit and
//! its driver are installed from npm into `target/peer-bench` (never committed);
//! the workloads are written for it as drizzle-orm schemas from the same model.
//!
//! `cargo run --release -p schema-bench -- peer` (not part of the default run:
//! it needs Node.js and npm, and takes minutes).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use schema_core::Schema;

use crate::{Bench, Res};

/// The versions timed (pinned, so the figures say what they measured).
const PACKAGES: [&str; 3] = ["drizzle-kit@0.31.11", "drizzle-orm@0.45.4", "pg@8.16.3"];
const ROUNDS: usize = 5;

struct Workload {
    tag: &'static str,
    schema: Schema,
    /// Our schema bin for it.
    bin: PathBuf,
}

impl Bench {
    pub fn peer(&mut self) -> Res<()> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let scratch = root.join("target/peer-bench");
        install(&scratch)?;
        let release = root.join("target/release");
        build_ours(&root)?;
        let workloads = [
            Workload {
                tag: "auth",
                schema: crate::workload::auth(),
                bin: release.join("auth-schema"),
            },
            Workload {
                tag: "200 tables",
                schema: crate::workload::n_tables(200),
                bin: release.join("n200-schema"),
            },
        ];
        let version = drizzle_version(&scratch)?;
        eprintln!("schema-bench: drizzle-kit {version}, {ROUNDS} rounds, interleaved");
        for w in &workloads {
            self.side_by_side(&scratch, &release, w)?;
        }
        Ok(())
    }

    fn side_by_side(&mut self, scratch: &Path, release: &Path, w: &Workload) -> Res<()> {
        let dir = scratch.join(w.tag.replace(' ', "-"));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("schema.ts"), crate::drizzle::schema_ts(&w.schema)?)?;
        std::fs::write(dir.join("drizzle.config.ts"), config("./drizzle"))?;
        std::fs::write(dir.join("pull.config.ts"), config("./pulled-drizzle"))?;
        std::fs::write(dir.join("schema.toml"), "migrations = \"migrations\"\n")?;
        let kit = scratch.join("node_modules/drizzle-kit/bin.cjs");
        let ours = |args: &[&str]| {
            let mut c = Command::new(&w.bin);
            c.arg("--config")
                .arg(dir.join("schema.toml"))
                .args(args)
                .current_dir(&dir);
            c
        };
        let theirs = |url: &str, args: &[&str]| {
            let mut c = Command::new("node");
            c.arg(&kit)
                .args(args)
                .env("DATABASE_URL", url)
                .current_dir(&dir);
            c
        };
        let mut times: Vec<[Vec<Duration>; 2]> = (0..5).map(|_| [Vec::new(), Vec::new()]).collect();
        for round in 0..ROUNDS {
            // Alternate who goes first, so neither always meets a warmer server.
            let order: [usize; 2] = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            let dbs = [self.database("peer_ours")?, self.database("peer_kit")?];
            let fresh = [self.database("peer_ours_m")?, self.database("peer_kit_m")?];
            for &who in &order {
                let url = &dbs[who];
                let push = |url: &str| {
                    if who == 0 {
                        ours(&["--url", url, "push", "--force"])
                    } else {
                        theirs(url, &["push", "--config", "drizzle.config.ts", "--force"])
                    }
                };
                // Each tool must say it did the work: drizzle-kit exits 0 even
                // when a statement failed, so what it prints is read too.
                let said = [
                    ["Applied", "Changes applied"],
                    ["No changes", "No changes detected"],
                ];
                for (scenario, words) in said.iter().enumerate() {
                    let (took, output) = run(push(url))?;
                    if !output.contains(words[who]) {
                        let tool = ["schema", "drizzle-kit"][who];
                        return Err(format!(
                            "{}: {tool} did not say {:?}:\n{output}",
                            w.tag, words[who]
                        )
                        .into());
                    }
                    times[scenario][who].push(took);
                }
            }
            for &who in &order {
                let out = if who == 0 { "migrations" } else { "drizzle" };
                let _ = std::fs::remove_dir_all(dir.join(out));
                let generate = if who == 0 {
                    ours(&["generate", "--name", "init"])
                } else {
                    theirs(
                        "",
                        &[
                            "generate",
                            "--config",
                            "drizzle.config.ts",
                            "--name",
                            "init",
                        ],
                    )
                };
                times[2][who].push(run(generate)?.0);
                let migrate = if who == 0 {
                    ours(&["--url", &fresh[0], "migrate"])
                } else {
                    theirs(&fresh[1], &["migrate", "--config", "drizzle.config.ts"])
                };
                times[3][who].push(run(migrate)?.0);
            }
            // Both pull the same database: the one our push built.
            for &who in &order {
                let pull = if who == 0 {
                    let mut c = Command::new(release.join("schema"));
                    c.args(["--url", &dbs[0], "pull", "--out"])
                        .arg(dir.join("pulled-ours"))
                        .arg("--force")
                        .current_dir(&dir);
                    c
                } else {
                    let _ = std::fs::remove_dir_all(dir.join("pulled-drizzle"));
                    theirs(&dbs[0], &["pull", "--config", "pull.config.ts"])
                };
                times[4][who].push(run(pull)?.0);
            }
        }
        let scenarios = [
            "push into an empty database",
            "no-op push",
            "generate (the first migration)",
            "migrate into an empty database",
            "pull",
        ];
        for (scenario, [ours, kit]) in scenarios.iter().zip(times) {
            let ratio = crate::median_ms(&kit) / crate::median_ms(&ours);
            self.row(format!("{}: {scenario}, schema", w.tag), ours, None);
            self.row(format!("{}: {scenario}, drizzle-kit", w.tag), kit, None);
            self.value(
                format!("{}: {scenario}, drizzle-kit / schema", w.tag),
                format!("{ratio:.1}x"),
                None,
            );
        }
        Ok(())
    }
}

fn config(out: &str) -> String {
    format!(
        "import {{ defineConfig }} from \"drizzle-kit\";\n\
         export default defineConfig({{\n  dialect: \"postgresql\",\n  schema: \"./schema.ts\",\n  \
         out: \"{out}\",\n  dbCredentials: {{ url: process.env.DATABASE_URL || \"postgres://localhost/none\" }},\n}});\n"
    )
}

/// drizzle-kit and its driver, from npm, once.
fn install(scratch: &Path) -> Res<()> {
    if scratch.join("node_modules/drizzle-kit/bin.cjs").exists() {
        return Ok(());
    }
    std::fs::create_dir_all(scratch)?;
    std::fs::write(scratch.join("package.json"), "{ \"private\": true }\n")?;
    eprintln!("schema-bench: installing {} with npm", PACKAGES.join(" "));
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .args(PACKAGES)
        .current_dir(scratch)
        .status()
        .map_err(|e| format!("npm: {e}; install Node.js and npm (apt-get install nodejs npm)"))?;
    if !status.success() {
        return Err("npm install of drizzle-kit failed".into());
    }
    Ok(())
}

fn drizzle_version(scratch: &Path) -> Res<String> {
    let text = std::fs::read_to_string(scratch.join("node_modules/drizzle-kit/package.json"))?;
    let json: serde_json::Value = serde_json::from_str(&text)?;
    Ok(json["version"].as_str().unwrap_or("?").to_string())
}

/// Our three binaries, in release.
fn build_ours(root: &Path) -> Res<()> {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "-q"])
        .args(["-p", "auth-service", "--bin", "auth-schema"])
        .args(["-p", "schema-bench", "--bin", "n200-schema"])
        .args(["-p", "schema-cli", "--bin", "schema"])
        .current_dir(root)
        .status()?;
    if !status.success() {
        return Err("cargo build of the schema bins failed".into());
    }
    Ok(())
}

/// Runs a whole process: its wall time and output, or an error with the output
/// when it fails (a non-zero exit, or an `error:` line, which drizzle-kit prints
/// and still exits 0).
fn run(mut command: Command) -> Res<(Duration, String)> {
    let start = Instant::now();
    let out = command.output()?;
    let took = start.elapsed();
    let output = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let said_error = output.lines().any(|l| l.trim_start().starts_with("error:"));
    if !out.status.success() || said_error {
        return Err(format!("{command:?} failed:\n{output}").into());
    }
    Ok((took, output))
}
