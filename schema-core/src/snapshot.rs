//! The snapshot format: a [`Schema`] as JSON, with the version of its format.
//!
//! Snapshots are written beside migrations and read back by later versions of
//! the tool, so a file says which format it is in (`"format": 1`; a file without
//! it is a format 1 file from before the field existed). A newer format, or a
//! field this version does not know, is refused with the field's path rather than
//! read as something less than it says.

use serde::Serialize;

use crate::model::Schema;

/// The format this version writes and reads.
pub const SNAPSHOT_FORMAT: u64 = 1;

/// Why a snapshot's text is not a schema this version can read.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("it is not JSON: {0}")]
    Json(#[source] serde_json::Error),
    #[error("it is in snapshot format {found}, newer than this version reads ({SNAPSHOT_FORMAT}); upgrade the tool")]
    Newer { found: u64 },
    #[error("its `format` is {found}, not a format number")]
    BadFormat { found: String },
    #[error("{path}: {source}", path = if .path.is_empty() { "top level" } else { .path.as_str() })]
    Content {
        /// Where in the document: `tables[2].columns[0]`.
        path: String,
        #[source]
        source: serde_json::Error,
    },
}

#[derive(Serialize)]
struct Versioned<'a> {
    format: u64,
    #[serde(flatten)]
    schema: &'a Schema,
}

/// The snapshot text of `schema`: pretty JSON, ending in a new line.
pub fn to_json(schema: &Schema) -> String {
    let doc = Versioned {
        format: SNAPSHOT_FORMAT,
        schema,
    };
    let mut json = serde_json::to_string_pretty(&doc).expect("a Schema always serialises");
    json.push('\n');
    json
}

/// Reads a snapshot's text (normalised, as every schema compares).
pub fn from_json(text: &str) -> Result<Schema, SnapshotError> {
    let mut value: serde_json::Value = serde_json::from_str(text).map_err(SnapshotError::Json)?;
    if let Some(format) = value.as_object_mut().and_then(|o| o.remove("format")) {
        match format.as_u64() {
            Some(SNAPSHOT_FORMAT) => {}
            Some(found) if found > SNAPSHOT_FORMAT => return Err(SnapshotError::Newer { found }),
            _ => {
                return Err(SnapshotError::BadFormat {
                    found: format.to_string(),
                })
            }
        }
    }
    let mut schema: Schema =
        serde_path_to_error::deserialize(value).map_err(|e| SnapshotError::Content {
            path: e.path().to_string(),
            source: e.into_inner(),
        })?;
    schema.normalize();
    Ok(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_say_their_format_and_refuse_what_they_cannot_hold() {
        let schema = from_json(r#"{"tables": []}"#).unwrap();
        assert_eq!(schema, Schema::empty());
        let written = to_json(&schema);
        assert!(written.contains("\"format\": 1"), "{written}");
        assert_eq!(from_json(&written).unwrap(), schema);
        let newer = from_json(r#"{"format": 2, "tables": []}"#).unwrap_err();
        assert!(newer.to_string().contains("format 2, newer"), "{newer}");
        let unknown = from_json(
            r#"{"tables": [{"schema": "public", "name": "t", "columns": [{"name": "a", "type": "int4", "nullable": true, "colour": "red"}]}]}"#,
        )
        .unwrap_err();
        let text = unknown.to_string();
        assert!(
            text.starts_with("tables[0].columns[0]") && text.contains("unknown field `colour`"),
            "{text}"
        );
        assert!(from_json("{ nope").is_err());
        assert!(from_json(r#"{"format": "one"}"#)
            .unwrap_err()
            .to_string()
            .contains("not a format number"));
    }
}
