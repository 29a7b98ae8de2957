//! Settings, resolved before any command runs: flags first, then the environment
//! (with `.env` read into it), then `schema.toml`, then defaults.
//!
//! ```toml
//! # schema.toml (every key optional)
//! schemas = ["public", "auth"]   # namespaces under management (default: all)
//! migrations = "migrations"      # the migrations folder
//! lock_timeout = "10s"           # how long a statement may wait for a table lock
//! journal_table = "public.schema_migrations"
//! ```

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};
use serde::Deserialize;

use crate::args::GlobalArgs;

/// The configuration file read when `--config` is not given, if it exists.
pub const DEFAULT_CONFIG_FILE: &str = "schema.toml";

/// Everything a command needs to know besides its own arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The database to work on, if one was named anywhere.
    pub url: Option<String>,
    /// Namespaces under management; empty means every non-system one.
    pub schemas: Vec<String>,
    pub migrations: PathBuf,
    pub lock_timeout: Duration,
    pub statement_timeout: Duration,
    pub lock_wait: Duration,
    pub journal_table: String,
    /// Table name patterns under management (`!` excludes); empty: all.
    pub tables: Vec<String>,
    /// Ask on a terminal before anything that loses data, even with --force.
    pub strict: bool,
    /// Extensions the code needs: push and generate create them when missing.
    pub extensions: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    schemas: Option<Vec<String>>,
    migrations: Option<PathBuf>,
    lock_timeout: Option<String>,
    statement_timeout: Option<String>,
    lock_wait: Option<String>,
    journal_table: Option<String>,
    tables: Option<Vec<String>>,
    strict: Option<bool>,
    extensions: Option<Vec<String>>,
}

impl Settings {
    /// Resolves the settings from the flags, the environment and the config file.
    ///
    /// `package_dir` is the package that declares the tables (a schema bin knows
    /// it from when it was built): its `schema.toml` and `migrations` folder are
    /// used whatever the working directory. Paths in a config file are relative
    /// to that file. Without a package, both are looked for in the working
    /// directory.
    pub fn resolve(global: &GlobalArgs, package_dir: Option<&Path>) -> anyhow::Result<Settings> {
        // The passwords given anywhere are never printed, whatever echoes them.
        for url in [global.url.clone(), std::env::var("DATABASE_URL").ok()]
            .into_iter()
            .flatten()
        {
            crate::output::remember_secrets(&url);
        }
        // `.env` (here or in a parent folder, else the package's) fills in what
        // the environment lacks; a missing file is fine.
        let found = match dotenvy::dotenv() {
            Ok(_) => true,
            Err(e) if e.not_found() => false,
            Err(e) => bail!("{}", dotenv_error(&e)),
        };
        if let (false, Some(dir)) = (found, package_dir) {
            match dotenvy::from_path(dir.join(".env")) {
                Ok(()) => {}
                Err(e) if e.not_found() => {}
                Err(e) => bail!("{}", dotenv_error(&e)),
            }
        }
        let base = package_dir.map_or_else(PathBuf::new, Path::to_path_buf);
        let default_config = base.join(DEFAULT_CONFIG_FILE);
        let config_path = match &global.config {
            Some(path) => Some(path.clone()),
            None if default_config.exists() => Some(default_config),
            None => None,
        };
        let file = match &config_path {
            Some(path) => read_config(path)?,
            None => FileConfig::default(),
        };
        // A path in the config file is relative to the file.
        let config_dir = config_path
            .as_deref()
            .and_then(Path::parent)
            .map_or_else(|| base.clone(), Path::to_path_buf);
        let lock_timeout = match global
            .lock_timeout
            .as_deref()
            .or(file.lock_timeout.as_deref())
        {
            Some(text) => parse_duration(text, MAX_LOCK_TIMEOUT)
                .with_context(|| format!("invalid lock_timeout `{}`", shown(text)))?,
            None => schema_core::DEFAULT_LOCK_TIMEOUT,
        };
        let duration = |flag: &Option<String>,
                        key: &Option<String>,
                        name: &str,
                        max: Duration,
                        default: Duration|
         -> anyhow::Result<Duration> {
            match flag.as_deref().or(key.as_deref()) {
                Some(text) => parse_duration(text, max)
                    .with_context(|| format!("invalid {name} `{}`", shown(text))),
                None => Ok(default),
            }
        };
        let statement_timeout = duration(
            &global.statement_timeout,
            &file.statement_timeout,
            "statement_timeout",
            MAX_LOCK_TIMEOUT,
            schema_core::introspect::DEFAULT_STATEMENT_TIMEOUT,
        )?;
        let lock_wait = duration(
            &global.lock_wait,
            &file.lock_wait,
            "lock_wait",
            MAX_LOCK_WAIT,
            schema_core::DEFAULT_LOCK_WAIT,
        )?;
        let url = global
            .url
            .clone()
            .or_else(|| std::env::var("DATABASE_URL").ok())
            .filter(|u| !u.is_empty());
        if let Some(url) = &url {
            crate::output::remember_secrets(url);
        }
        Ok(Settings {
            url,
            schemas: if global.schemas.is_empty() {
                file.schemas.unwrap_or_default()
            } else {
                global.schemas.clone()
            },
            migrations: match file.migrations {
                Some(path) => config_dir.join(path),
                None => base.join("migrations"),
            },
            lock_timeout,
            statement_timeout,
            lock_wait,
            journal_table: file
                .journal_table
                .unwrap_or_else(|| "public.schema_migrations".to_string()),
            tables: file.tables.unwrap_or_default(),
            strict: file.strict.unwrap_or(false),
            extensions: file.extensions.unwrap_or_default(),
        })
    }

    /// The limits of the tool's reads.
    pub fn read_limits(&self) -> schema_core::introspect::ReadLimits {
        schema_core::introspect::ReadLimits {
            lock_timeout: self.lock_timeout,
            statement_timeout: self.statement_timeout,
        }
    }

    /// The tables under management.
    pub fn table_filter(&self) -> schema_core::introspect::TableFilter {
        schema_core::introspect::TableFilter::new(self.tables.iter().cloned())
    }

    /// Whether consent for data loss may be given: `--force` counts, unless
    /// `strict` asks for a yes on a terminal every time.
    pub fn forced(&self, force: bool) -> bool {
        force && !self.strict
    }

    /// How consent is given, for a refusal: `--force, or a yes on a terminal`.
    pub fn consent_hint(&self) -> &'static str {
        if self.strict {
            "a yes on a terminal (schema.toml says strict = true, so --force is not enough)"
        } else {
            "--force, or a yes on a terminal"
        }
    }

    /// The migrations journal table.
    pub fn journal(&self) -> schema_core::migrate::JournalTable {
        schema_core::migrate::JournalTable::parse(&self.journal_table)
    }

    /// The database URL, or an error saying the three ways to give one.
    pub fn require_url(&self) -> anyhow::Result<&str> {
        match &self.url {
            Some(url) => Ok(url),
            None => bail!(
                "no database URL: pass --url, set DATABASE_URL, or put DATABASE_URL=... in .env"
            ),
        }
    }
}

fn read_config(path: &Path) -> anyhow::Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        let message = e.message().to_string();
        let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
        match line {
            Some(line) => anyhow::anyhow!("{}:{line}: {message}", path.display()),
            None => anyhow::anyhow!("{}: {message}", path.display()),
        }
    })
}

/// The longest lock timeout accepted: a deploy that waits an hour for a table
/// lock is stuck, not patient.
pub const MAX_LOCK_TIMEOUT: Duration = Duration::from_secs(3600);

/// The longest wait for another run accepted.
pub const MAX_LOCK_WAIT: Duration = Duration::from_secs(24 * 3600);

/// `500ms`, `10s`, `2m`, or a bare number of milliseconds, at most `max`.
pub fn parse_duration(text: &str, max: Duration) -> anyhow::Result<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let n: u64 = number
        .parse()
        .context("expected a number followed by ms, s or m, e.g. 10s")?;
    let millis = match unit.trim() {
        "" | "ms" => Some(n),
        "s" => n.checked_mul(1000),
        "m" | "min" => n.checked_mul(60_000),
        other => bail!("unknown unit `{}`; use ms, s or m, e.g. 10s", shown(other)),
    };
    match millis.map(Duration::from_millis) {
        Some(d) if d <= max => Ok(d),
        _ => bail!("at most {} s is accepted", max.as_secs()),
    }
}

/// What a user typed, cut short for a message.
fn shown(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text.to_string(),
    }
}

/// A `.env` that does not parse, said without echoing the line: it may hold a
/// password.
fn dotenv_error(e: &dotenvy::Error) -> String {
    match e {
        dotenvy::Error::LineParse(content, index) => {
            let line = std::fs::read_to_string(".env")
                .ok()
                .and_then(|text| {
                    let at = text.find(content.as_str())?;
                    Some(text[..at].matches('\n').count() + 1)
                })
                .map_or(String::new(), |n| format!(" line {n},"));
            format!("cannot read .env:{line} character {}: the line does not parse (an unterminated quote?); fix or remove it (the line is not shown: it may hold a password)", index + 1)
        }
        dotenvy::Error::Io(io) => format!("cannot read .env: {io}; fix or remove the file"),
        _ => "cannot read .env: it does not parse; fix or remove the file".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_common_units() {
        let max = MAX_LOCK_TIMEOUT;
        assert_eq!(
            parse_duration("500ms", max).unwrap(),
            Duration::from_millis(500)
        );
        assert_eq!(parse_duration("10s", max).unwrap(), Duration::from_secs(10));
        assert_eq!(parse_duration("2m", max).unwrap(), Duration::from_secs(120));
        assert_eq!(
            parse_duration("250", max).unwrap(),
            Duration::from_millis(250)
        );
        assert!(parse_duration("ten", max).is_err());
        assert!(parse_duration("5h", max)
            .unwrap_err()
            .to_string()
            .contains("use ms, s or m"));
        for too_long in [
            "307445734561825861m",
            "61m",
            "3600001",
            "18446744073709551615s",
        ] {
            let err = parse_duration(too_long, max).unwrap_err().to_string();
            assert!(err.contains("at most 3600 s"), "{too_long}: {err}");
        }
        assert!(parse_duration("99999999999999999999999", max).is_err());
    }

    #[test]
    fn config_errors_name_the_file_and_line() {
        let dir = std::env::temp_dir().join(format!("schema-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("schema.toml");
        std::fs::write(&path, "schemas = [\"auth\"]\nlock_timout = \"1s\"\n").unwrap();
        let err = read_config(&path).unwrap_err().to_string();
        assert!(
            err.contains("schema.toml:2") && err.contains("lock_timout"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
