//! Views and materialized views: created after the tables they read, dropped
//! and created again when their query or options change, and rebuilt around a
//! change to a column they depend on (transitively, through other views).

use crate::Case;

cases! {
    view_added: Case::new(
        "CREATE TABLE users (id int PRIMARY KEY, email text, active bool);",
        "CREATE TABLE users (id int PRIMARY KEY, email text, active bool);
         CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;",
    ),
    view_over_a_new_table_and_a_view_over_it: Case::new(
        "",
        "CREATE TABLE orders (id int PRIMARY KEY, total numeric);
         CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
         CREATE VIEW biggest_orders AS SELECT id FROM big_orders WHERE total > 1000;",
    ),
    view_query_changed: Case::new(
        "CREATE TABLE users (id int PRIMARY KEY, email text, active bool);
         CREATE VIEW active_users AS SELECT id FROM users WHERE active;",
        "CREATE TABLE users (id int PRIMARY KEY, email text, active bool);
         CREATE VIEW active_users AS SELECT id, email FROM users WHERE active AND email IS NOT NULL;",
    ),
    view_options_changed: Case::new(
        "CREATE TABLE users (id int PRIMARY KEY, active bool);
         CREATE VIEW active_users AS SELECT id, active FROM users WHERE active;",
        "CREATE TABLE users (id int PRIMARY KEY, active bool);
         CREATE VIEW active_users WITH (security_barrier) AS SELECT id, active FROM users WHERE active
           WITH CASCADED CHECK OPTION;",
    ),
    view_dropped: Case::new(
        "CREATE TABLE users (id int PRIMARY KEY);
         CREATE VIEW user_ids AS SELECT id FROM users;",
        "CREATE TABLE users (id int PRIMARY KEY);",
    ),
    view_unchanged: Case::new(
        "CREATE TABLE users (id int PRIMARY KEY, n int);
         CREATE VIEW user_ids AS SELECT id FROM users;",
        "CREATE TABLE users (id int PRIMARY KEY, n int, m int);
         CREATE VIEW user_ids AS SELECT id FROM users;",
    ),
    views_rebuilt_around_a_column_type_change: Case::new(
        "CREATE TABLE orders (id int PRIMARY KEY, total int);
         INSERT INTO orders VALUES (1, 10);
         CREATE VIEW order_totals AS SELECT id, total FROM orders;
         CREATE VIEW large_orders AS SELECT id FROM order_totals WHERE total > 5;",
        "CREATE TABLE orders (id int PRIMARY KEY, total bigint);
         CREATE VIEW order_totals AS SELECT id, total FROM orders;
         CREATE VIEW large_orders AS SELECT id FROM order_totals WHERE total > 5;",
    ),
    view_goes_with_its_dropped_table: Case::new(
        "CREATE TABLE old (id int PRIMARY KEY); CREATE VIEW old_ids AS SELECT id FROM old;
         CREATE TABLE kept (id int);",
        "CREATE TABLE kept (id int);",
    ),
    view_over_a_dropped_column_rebuilt: Case::new(
        "CREATE TABLE users (id int PRIMARY KEY, nickname text, email text);
         CREATE VIEW user_emails AS SELECT id, email FROM users;",
        "CREATE TABLE users (id int PRIMARY KEY, email text);
         CREATE VIEW user_emails AS SELECT id, email FROM users;",
    ),
    materialized_view_added_and_changed: Case::new(
        "CREATE TABLE sales (id int PRIMARY KEY, amount int); INSERT INTO sales VALUES (1, 5);
         CREATE MATERIALIZED VIEW sales_total AS SELECT sum(amount) AS total FROM sales;",
        "CREATE TABLE sales (id int PRIMARY KEY, amount int);
         CREATE MATERIALIZED VIEW sales_total AS SELECT sum(amount) AS total, count(*) AS n FROM sales;
         CREATE MATERIALIZED VIEW sales_max AS SELECT max(amount) AS top FROM sales;",
    ),
    materialized_view_indexes_added_changed_and_dropped: Case::new(
        "CREATE TABLE sales (id int PRIMARY KEY, region text, amount int);
         INSERT INTO sales VALUES (1, 'north', 5), (2, 'south', 7);
         CREATE MATERIALIZED VIEW by_region AS SELECT region, sum(amount) AS total FROM sales GROUP BY region;
         CREATE INDEX by_region_total_idx ON by_region (total);
         CREATE INDEX by_region_gone ON by_region (total DESC);",
        "CREATE TABLE sales (id int PRIMARY KEY, region text, amount int);
         CREATE MATERIALIZED VIEW by_region AS SELECT region, sum(amount) AS total FROM sales GROUP BY region;
         CREATE UNIQUE INDEX by_region_region_idx ON by_region (region);
         CREATE INDEX by_region_total_idx ON by_region (total) WHERE total > 0;
         COMMENT ON INDEX by_region_region_idx IS 'for REFRESH ... CONCURRENTLY';",
    ),
    materialized_view_created_with_its_indexes: Case::new(
        "CREATE TABLE sales (id int PRIMARY KEY, region text, amount int);",
        "CREATE TABLE sales (id int PRIMARY KEY, region text, amount int);
         CREATE MATERIALIZED VIEW by_region AS SELECT region, sum(amount) AS total FROM sales GROUP BY region;
         CREATE UNIQUE INDEX by_region_region_idx ON by_region (region);
         CREATE INDEX by_region_lower_idx ON by_region (lower(region)) INCLUDE (total);
         COMMENT ON INDEX by_region_lower_idx IS 'case-blind lookups';",
    ),
    materialized_view_rebuilt_under_a_type_change_keeps_its_indexes: Case::new(
        "CREATE TABLE sales (id int PRIMARY KEY, region varchar(10), amount int);
         INSERT INTO sales VALUES (1, 'north', 5);
         CREATE MATERIALIZED VIEW by_region AS SELECT region, sum(amount) AS total FROM sales GROUP BY region;
         CREATE UNIQUE INDEX by_region_region_idx ON by_region (region);
         CREATE INDEX by_region_total_idx ON by_region (total);",
        "CREATE TABLE sales (id int PRIMARY KEY, region text, amount int);
         CREATE MATERIALIZED VIEW by_region AS SELECT region, sum(amount) AS total FROM sales GROUP BY region;
         CREATE UNIQUE INDEX by_region_region_idx ON by_region (region);
         CREATE INDEX by_region_total_idx ON by_region (total DESC);",
    ),
    materialized_view_dropped_with_its_indexes: Case::new(
        "CREATE TABLE sales (id int PRIMARY KEY, region text);
         CREATE MATERIALIZED VIEW regions AS SELECT DISTINCT region FROM sales;
         CREATE UNIQUE INDEX regions_region_idx ON regions (region);",
        "CREATE TABLE sales (id int PRIMARY KEY, region text);",
    ),
    view_comment_set: Case::new(
        "CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;",
        "CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t; COMMENT ON VIEW v IS 'ids';",
    ),
}
