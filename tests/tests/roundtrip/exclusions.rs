//! Exclusion constraints: added (on a new table and on one with rows), changed
//! (dropped and added again), dropped, and left alone.

use crate::Case;

cases! {
    exclusion_on_a_new_table: Case::new(
        "",
        "CREATE TABLE bookings (id int PRIMARY KEY, during tsrange,
           CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));",
    ),
    exclusion_added_over_rows: Case::new(
        "CREATE TABLE bookings (id int PRIMARY KEY, during tsrange);
         INSERT INTO bookings VALUES (1, '[2026-01-01, 2026-01-02)'), (2, '[2026-01-03, 2026-01-04)');",
        "CREATE TABLE bookings (id int PRIMARY KEY, during tsrange,
           CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));",
    ),
    exclusion_changed: Case::new(
        "CREATE EXTENSION btree_gist;
         CREATE TABLE bookings (id int PRIMARY KEY, room int, during tsrange, cancelled bool,
           CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));",
        "CREATE EXTENSION btree_gist;
         CREATE TABLE bookings (id int PRIMARY KEY, room int, during tsrange, cancelled bool,
           CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (NOT cancelled));",
    ),
    exclusion_dropped: Case::new(
        "CREATE TABLE bookings (id int PRIMARY KEY, during tsrange,
           CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));",
        "CREATE TABLE bookings (id int PRIMARY KEY, during tsrange);",
    ),
    exclusion_unchanged: Case::new(
        "CREATE TABLE bookings (id int PRIMARY KEY, during tsrange,
           CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));",
        "CREATE TABLE bookings (id int PRIMARY KEY, during tsrange, note text,
           CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&));",
    ),
}
