//! Declarative partitioning: partitioned tables with their key, partitions
//! created, dropped with their rows, and moved to new bounds (detached and
//! attached again, their rows kept); keys, indexes and foreign keys declared
//! on the partitioned table, which its partitions inherit; a new key made
//! anew, with consent.

use crate::Case;

cases! {
    partitioned_table_created: Case::new(
        "",
        "CREATE TABLE events (id bigint, at timestamptz NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
         CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
         CREATE TABLE events_rest PARTITION OF events DEFAULT;
         CREATE INDEX events_kind ON events (kind);",
    ),
    partitions_added_and_dropped: Case::new(
        "CREATE TABLE m (region text NOT NULL, n int) PARTITION BY LIST (region);
         CREATE TABLE m_eu PARTITION OF m FOR VALUES IN ('eu');
         CREATE TABLE m_us PARTITION OF m FOR VALUES IN ('us');
         INSERT INTO m VALUES ('eu', 1), ('us', 2);",
        "CREATE TABLE m (region text NOT NULL, n int) PARTITION BY LIST (region);
         CREATE TABLE m_eu PARTITION OF m FOR VALUES IN ('eu');
         CREATE TABLE m_asia PARTITION OF m FOR VALUES IN ('jp', 'kr');",
    ),
    partition_bounds_moved_with_their_rows: Case::new(
        "CREATE TABLE m (region text NOT NULL, n int) PARTITION BY LIST (region);
         CREATE TABLE m_eu PARTITION OF m FOR VALUES IN ('eu');
         INSERT INTO m VALUES ('eu', 1);",
        "CREATE TABLE m (region text NOT NULL, n int) PARTITION BY LIST (region);
         CREATE TABLE m_eu PARTITION OF m FOR VALUES IN ('eu', 'uk');",
    ),
    hash_partitions_in_another_namespace: Case::new(
        "CREATE SCHEMA shards;",
        "CREATE SCHEMA shards;
         CREATE TABLE t (id bigint PRIMARY KEY) PARTITION BY HASH (id);
         CREATE TABLE shards.t_0 PARTITION OF t FOR VALUES WITH (MODULUS 2, REMAINDER 0);
         CREATE TABLE shards.t_1 PARTITION OF t FOR VALUES WITH (MODULUS 2, REMAINDER 1);",
    ),
    column_key_and_foreign_key_on_a_partitioned_table: Case::new(
        "CREATE TABLE users (id bigint PRIMARY KEY);
         CREATE TABLE orders (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
         CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
         INSERT INTO users VALUES (1); INSERT INTO orders VALUES (1, '2026-05-01');",
        "CREATE TABLE users (id bigint PRIMARY KEY);
         CREATE TABLE orders (id bigint, at date NOT NULL, user_id bigint REFERENCES users, note text,
                              PRIMARY KEY (id, at), CHECK (id > 0)) PARTITION BY RANGE (at);
         CREATE TABLE orders_2026 PARTITION OF orders FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
         CREATE INDEX orders_user ON orders (user_id);",
    )
    .column_order_differs(),
    plain_table_becomes_partitioned: Case::new(
        "CREATE TABLE t (id int NOT NULL, at date NOT NULL); INSERT INTO t VALUES (1, '2026-01-01');",
        "CREATE TABLE t (id int NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
         CREATE TABLE t_all PARTITION OF t DEFAULT;",
    ),
    partitioned_table_dropped: Case::new(
        "CREATE TABLE t (id int, at date) PARTITION BY RANGE (at);
         CREATE TABLE t_2026 PARTITION OF t FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
         INSERT INTO t VALUES (1, '2026-01-01'); CREATE TABLE keep (id int);",
        "CREATE TABLE keep (id int);",
    ),
    partitions_unchanged: Case::new(
        "CREATE TABLE t (id int, at date) PARTITION BY RANGE (at);
         CREATE TABLE t_2026 PARTITION OF t FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');",
        "CREATE TABLE t (id int, at date) PARTITION BY RANGE (at);
         CREATE TABLE t_2026 PARTITION OF t FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
         CREATE TABLE u (id int);",
    ),
}
