//! The on-disk format of a migrations folder.
//!
//! ```text
//! migrations/
//!   20261124101500_add_users/
//!     up.sql          -- applied by `migrate`
//!     down.sql        -- applied by `migrate down` (optional)
//!     snapshot.json   -- the whole `Schema` after this migration (serde JSON)
//! ```
//!
//! A folder is named `{version}_{name}`: the version is the UTC time it was written,
//! `YYYYMMDDHHMMSS`, so folders sort in creation order; the name is lower-case
//! letters, digits and `_`. Entries whose names start with `.` and plain files are
//! ignored, so a README or `.gitkeep` may sit beside the migrations.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::model::Schema;

use super::Migration;

/// The file every migration folder holds.
pub const UP_FILE: &str = "up.sql";
/// The optional file that reverts a migration.
pub const DOWN_FILE: &str = "down.sql";
/// The schema after the migration, for `generate` to diff against.
pub const SNAPSHOT_FILE: &str = "snapshot.json";

/// Why a migrations folder could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("migrations folder {} does not exist; run `schema generate` first, or point to the right folder", path.display())]
    FolderMissing { path: PathBuf },
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("migration folder {} is not named VERSION_NAME; rename it like 20261124101500_add_users (a 14-digit UTC time YYYYMMDDHHMMSS, `_`, then lower-case letters, digits and `_`)", path.display())]
    BadFolderName { path: PathBuf },
    #[error("migration folder {} has no up.sql; add the migration's SQL or remove the folder", path.display())]
    MissingUp { path: PathBuf },
    #[error("{} is not UTF-8 text; save it as UTF-8", path.display())]
    NotUtf8 { path: PathBuf },
    #[error("two migrations have version {version}: {first} and {second}; give one of the folders a new timestamp")]
    DuplicateVersion {
        version: String,
        first: String,
        second: String,
    },
    #[error("snapshot {} cannot be read: {source}; restore it from version control, or upgrade the tool if a newer one wrote it", path.display())]
    BadSnapshot {
        path: PathBuf,
        #[source]
        source: crate::snapshot::SnapshotError,
    },
    #[error("migration folder {} has no snapshot.json; restore it from version control", path.display())]
    MissingSnapshot { path: PathBuf },
    #[error("migration name {name:?} has no letters or digits; name it after what it does, like add_users")]
    BadMigrationName { name: String },
}

/// Writes a new migration folder into `dir` (created if missing) and returns it.
///
/// The version is `now` in UTC, bumped past the newest existing version so that
/// folders always sort in creation order (two migrations generated within one
/// second, or a clock behind the last one, still get distinct, increasing versions).
/// `name` is turned into lower-case words joined by `_`. `down_sql: None` writes no
/// `down.sql`. The folder appears complete or not at all: it is written under a
/// hidden name and renamed into place.
pub fn write_migration(
    dir: &Path,
    name: &str,
    up_sql: &str,
    down_sql: Option<&str>,
    snapshot: &Schema,
    now: SystemTime,
) -> Result<Migration, FilesError> {
    let name = slug(name).ok_or_else(|| FilesError::BadMigrationName {
        name: name.to_string(),
    })?;
    let existing = if dir.exists() {
        read_migrations(dir)?
    } else {
        create_dir(dir)?;
        Vec::new()
    };
    let mut seconds = unix_seconds(now);
    if let Some(newest) = existing.last().and_then(|m| version_to_seconds(&m.version)) {
        seconds = seconds.max(newest + 1);
    }
    let version = seconds_to_version(seconds);
    let folder = dir.join(format!("{version}_{name}"));
    let staging = dir.join(format!(".{version}_{name}.partial"));
    write_folder(&staging, up_sql, down_sql, snapshot)?;
    fs::rename(&staging, &folder).map_err(|source| FilesError::Io {
        action: "rename",
        path: staging.clone(),
        source,
    })?;
    Ok(Migration::new(
        version,
        name,
        up_sql.to_string(),
        down_sql.map(str::to_string),
    ))
}

fn write_folder(
    staging: &Path,
    up_sql: &str,
    down_sql: Option<&str>,
    snapshot: &Schema,
) -> Result<(), FilesError> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|source| FilesError::Io {
            action: "remove",
            path: staging.to_path_buf(),
            source,
        })?;
    }
    create_dir(staging)?;
    write_file(&staging.join(UP_FILE), up_sql)?;
    if let Some(down) = down_sql {
        write_file(&staging.join(DOWN_FILE), down)?;
    }
    write_file(
        &staging.join(SNAPSHOT_FILE),
        &crate::snapshot::to_json(snapshot),
    )
}

/// Reads every migration in `dir`, sorted by version.
pub fn read_migrations(dir: &Path) -> Result<Vec<Migration>, FilesError> {
    let mut migrations = Vec::new();
    for folder in migration_folders(dir)? {
        migrations.push(read_folder(&folder)?);
    }
    migrations.sort_by(|a, b| a.version.cmp(&b.version));
    check_unique_versions(&migrations)?;
    Ok(migrations)
}

/// The snapshot of the newest migration in `dir`: the schema the migrations build.
/// `None` when there are no migrations yet; an error when the folder is missing or
/// the newest migration has no snapshot.
pub fn latest_snapshot(dir: &Path) -> Result<Option<Schema>, FilesError> {
    let folders = migration_folders(dir)?;
    let Some(newest) = folders
        .iter()
        .filter_map(|f| Some((parse_folder_name(f.file_name()?.to_str()?)?.0, f)))
        .max_by(|a, b| a.0.cmp(b.0))
        .map(|(_, f)| f)
    else {
        return Ok(None);
    };
    let path = newest.join(SNAPSHOT_FILE);
    let text = read_text(&path)?.ok_or_else(|| FilesError::MissingSnapshot {
        path: newest.clone(),
    })?;
    crate::snapshot::from_json(&text)
        .map(Some)
        .map_err(|source| FilesError::BadSnapshot { path, source })
}

/// The snapshot at `path`, or `None` when there is no such file.
pub(crate) fn read_snapshot_in(path: &Path) -> Result<Option<Schema>, FilesError> {
    let Some(text) = read_text(path)? else {
        return Ok(None);
    };
    crate::snapshot::from_json(&text)
        .map(Some)
        .map_err(|source| FilesError::BadSnapshot {
            path: path.to_path_buf(),
            source,
        })
}

/// The schema the migrations in `dir` add up to: the newest snapshot, or an
/// empty schema when there are no migrations yet (or no folder).
pub fn migrated_schema(dir: &Path) -> Result<Schema, FilesError> {
    if !dir.exists() {
        return Ok(Schema::empty());
    }
    Ok(latest_snapshot(dir)?.unwrap_or_default())
}

/// The migration folders in `dir`, each checked to be well named.
fn migration_folders(dir: &Path) -> Result<Vec<PathBuf>, FilesError> {
    let entries = fs::read_dir(dir).map_err(|source| match source.kind() {
        io::ErrorKind::NotFound => FilesError::FolderMissing {
            path: dir.to_path_buf(),
        },
        _ => FilesError::Io {
            action: "read",
            path: dir.to_path_buf(),
            source,
        },
    })?;
    let mut folders = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| FilesError::Io {
            action: "read",
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if hidden || !path.is_dir() {
            continue;
        }
        let named = entry
            .file_name()
            .to_str()
            .and_then(parse_folder_name)
            .is_some();
        if !named {
            return Err(FilesError::BadFolderName { path });
        }
        folders.push(path);
    }
    Ok(folders)
}

fn read_folder(folder: &Path) -> Result<Migration, FilesError> {
    let folder_name = folder.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let (version, name) =
        parse_folder_name(folder_name).ok_or_else(|| FilesError::BadFolderName {
            path: folder.to_path_buf(),
        })?;
    let up = read_text(&folder.join(UP_FILE))?.ok_or_else(|| FilesError::MissingUp {
        path: folder.to_path_buf(),
    })?;
    let down = read_text(&folder.join(DOWN_FILE))?;
    Ok(Migration::new(
        version.to_string(),
        name.to_string(),
        up,
        down,
    ))
}

/// Reads a UTF-8 file; `None` when it does not exist.
fn read_text(path: &Path) -> Result<Option<String>, FilesError> {
    match fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| FilesError::NotUtf8 {
                path: path.to_path_buf(),
            }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(FilesError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn write_file(path: &Path, text: &str) -> Result<(), FilesError> {
    fs::write(path, text).map_err(|source| FilesError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    })
}

fn create_dir(path: &Path) -> Result<(), FilesError> {
    fs::create_dir_all(path).map_err(|source| FilesError::Io {
        action: "create",
        path: path.to_path_buf(),
        source,
    })
}

fn check_unique_versions(sorted: &[Migration]) -> Result<(), FilesError> {
    match sorted.windows(2).find(|w| w[0].version == w[1].version) {
        Some(w) => Err(FilesError::DuplicateVersion {
            version: w[0].version.clone(),
            first: w[0].id(),
            second: w[1].id(),
        }),
        None => Ok(()),
    }
}

/// Splits `20261124101500_add_users` into its version and name, if well formed.
pub fn parse_folder_name(folder: &str) -> Option<(&str, &str)> {
    let (version, name) = folder.split_once('_')?;
    let version_ok = version.len() == 14 && version.bytes().all(|b| b.is_ascii_digit());
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    (version_ok && name_ok && version_to_seconds(version).is_some()).then_some((version, name))
}

/// `"Add users!"` → `add_users`; `None` when nothing usable is left.
fn slug(name: &str) -> Option<String> {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    (!words.is_empty()).then(|| words.join("_"))
}

fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

/// Formats Unix seconds as `YYYYMMDDHHMMSS` in UTC.
fn seconds_to_version(seconds: i64) -> String {
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}{:02}{:02}{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Parses `YYYYMMDDHHMMSS` (UTC) into Unix seconds; `None` if it is no real time.
fn version_to_seconds(version: &str) -> Option<i64> {
    let field = |range: std::ops::Range<usize>| version.get(range)?.parse::<i64>().ok();
    let (y, mo, d) = (field(0..4)?, field(4..6)?, field(6..8)?);
    let (h, mi, s) = (field(8..10)?, field(10..12)?, field(12..14)?);
    let valid = (1..=12).contains(&mo)
        && (1..=days_in_month(y, mo)).contains(&d)
        && h < 24
        && mi < 60
        && s < 60;
    valid.then(|| days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's algorithms for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    struct TempDir(PathBuf);

    impl TempDir {
        fn new(label: &str) -> TempDir {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos();
            let path = std::env::temp_dir().join(format!(
                "schema-files-{label}-{}-{nanos}",
                std::process::id()
            ));
            TempDir(path)
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn at(version: &str) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(version_to_seconds(version).unwrap() as u64)
    }

    #[test]
    fn versions_round_trip_through_seconds() {
        for v in [
            "19700101000000",
            "20000229235959",
            "20261124101500",
            "21001231000000",
        ] {
            assert_eq!(seconds_to_version(version_to_seconds(v).unwrap()), v);
        }
        assert_eq!(version_to_seconds("19700101000001"), Some(1));
        assert_eq!(version_to_seconds("20230229000000"), None);
        assert_eq!(version_to_seconds("20231301000000"), None);
    }

    #[test]
    fn folder_names_are_version_then_name() {
        assert_eq!(
            parse_folder_name("20261124101500_add_users"),
            Some(("20261124101500", "add_users"))
        );
        for bad in [
            "2026112410150_x",
            "20261124101500",
            "20261124101500_",
            "20261124101500_Add",
            "x_y",
            "20261124991500_x",
        ] {
            assert_eq!(parse_folder_name(bad), None, "{bad}");
        }
    }

    #[test]
    fn names_become_slugs() {
        assert_eq!(slug("Add users!").as_deref(), Some("add_users"));
        assert_eq!(slug("  --  "), None);
    }

    #[test]
    fn written_migrations_read_back_in_order_with_bumped_versions() {
        let dir = TempDir::new("write");
        let now = at("20261124101500");
        let snapshot = Schema::default();
        let a = write_migration(
            &dir.0,
            "first",
            "SELECT 1;",
            Some("SELECT 0;"),
            &snapshot,
            now,
        )
        .unwrap();
        let b = write_migration(&dir.0, "second", "SELECT 2;", None, &snapshot, now).unwrap();
        assert_eq!(
            (a.version.as_str(), b.version.as_str()),
            ("20261124101500", "20261124101501")
        );
        let read = read_migrations(&dir.0).unwrap();
        assert_eq!(read, vec![a, b]);
        assert_eq!(read[1].down, None);
        assert_eq!(latest_snapshot(&dir.0).unwrap(), Some(snapshot));
    }

    #[test]
    fn unusable_folders_are_named_in_errors() {
        let dir = TempDir::new("errors");
        let missing = read_migrations(&dir.0).unwrap_err().to_string();
        assert!(
            missing.contains("does not exist") && missing.contains("schema generate"),
            "{missing}"
        );
        fs::create_dir_all(dir.0.join("20261124101500_no_up")).unwrap();
        fs::write(dir.0.join("README.md"), "notes").unwrap();
        let no_up = read_migrations(&dir.0).unwrap_err().to_string();
        assert!(
            no_up.contains("20261124101500_no_up has no up.sql"),
            "{no_up}"
        );
        fs::create_dir_all(dir.0.join("add_users")).unwrap();
        let bad = read_migrations(&dir.0).unwrap_err();
        assert!(matches!(bad, FilesError::BadFolderName { .. }), "{bad}");
    }
}
