//! The first 200 tables of the N-table workload, derived or plain as `build.rs`
//! was told; nothing else. See `bench/compile-time.sh`.

#![allow(dead_code, unused_imports)]

use chrono::{DateTime, Utc};
use schema_core::{Enum, Table};
use uuid::Uuid;

include!(concat!(env!("OUT_DIR"), "/tables.rs"));
