//! What the derive decides agrees with a real Postgres: typed defaults are stored
//! exactly as Postgres prints them back (so a second push finds nothing to change),
//! and the names it gives constraints and indexes are the ones Postgres picks for
//! a hand-written table without names.

use schema_core::model::{quote_ident, IndexTarget, Table as TableDef};
use schema_core::{Enum, Sequence, Table};
use schema_tests::TestDb;

#[derive(Enum)]
#[enum_type(schema = "Odd Schema", name = "Gen Status")]
pub enum GenStatus {
    Active,
    Disabled,
}

#[derive(Enum)]
pub enum Plain {
    On,
    Off,
}

#[derive(Table)]
#[table(schema = "Odd Schema")]
pub struct Defaults {
    #[column(default = 0)]
    pub zero: i32,
    #[column(default = -1)]
    pub negative: i32,
    #[column(default = -5)]
    pub negative_big: i64,
    #[column(default = 9_999_999_999)]
    pub huge: i64,
    #[column(default = i64::MIN)]
    pub min: i64,
    #[column(default = 3)]
    pub small: i16,
    #[column(default = -3)]
    pub small_negative: i16,
    #[column(default = 1.5)]
    pub real: f32,
    #[column(default = -2.5)]
    pub double_negative: f64,
    #[column(default = 2.0)]
    pub double_whole: f64,
    #[column(default = 1e20)]
    pub double_huge: f64,
    #[column(default = f64::NAN)]
    pub double_nan: f64,
    #[column(default = true)]
    pub yes: bool,
    #[column(default = "USD")]
    pub text: String,
    #[column(default = "it's \\ fine")]
    pub quoted: String,
    #[column(default = "USD", sql_type = "varchar(3)")]
    pub varchar: String,
    #[column(default = "ab", sql_type = "char(2)")]
    pub fixed: String,
    #[column(default = GenStatus::Active)]
    pub odd_enum: GenStatus,
    #[column(default = Plain::Off)]
    pub plain_enum: Plain,
    #[column(default = serde_json::json!({"b": [1, 2.5, "x"], "a": null, "ccc": {}}))]
    pub document: serde_json::Value,
    #[column(default = serde_json::json!({"b": 1, "a": 2}), sql_type = "json")]
    pub json_text: serde_json::Value,
    #[column(default = rust_decimal::Decimal::new(550, 2))]
    pub price: rust_decimal::Decimal,
    #[column(default = uuid::Uuid::nil())]
    pub uuid: uuid::Uuid,
}

fn create_sql(table: &TableDef) -> String {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            format!(
                "{} {} DEFAULT {}",
                quote_ident(&c.name),
                c.ty,
                c.default.as_deref().unwrap()
            )
        })
        .collect();
    format!(
        "CREATE TABLE {} ({})",
        table.qualified_name(),
        columns.join(", ")
    )
}

fn create_enum_sql(e: &schema_core::model::EnumType) -> String {
    let values: Vec<String> = e
        .values
        .iter()
        .map(|v| schema_core::model::quote_literal(v))
        .collect();
    format!(
        "CREATE TYPE {} AS ENUM ({})",
        e.qualified_name(),
        values.join(", ")
    )
}

#[test]
fn typed_defaults_read_back_unchanged() {
    let db = TestDb::new("derive_defaults");
    let table = Defaults::definition();
    db.execute(&format!(
        "CREATE SCHEMA \"Odd Schema\"; {}; {}; {};",
        create_enum_sql(&GenStatus::definition()),
        create_enum_sql(&Plain::definition()),
        create_sql(&table)
    ));
    let mut client = db.connect();
    client.batch_execute("SET search_path = ''").unwrap();
    let rows = client
        .query(
            "SELECT a.attname::text, pg_catalog.pg_get_expr(d.adbin, d.adrelid) \
             FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a \
               ON a.attrelid = d.adrelid AND a.attnum = d.adnum \
             WHERE d.adrelid = '\"Odd Schema\".defaults'::pg_catalog.regclass ORDER BY a.attnum",
            &[],
        )
        .unwrap();
    let read_back: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let declared: Vec<(String, String)> = table
        .columns
        .iter()
        .map(|c| (c.name.clone(), c.default.clone().unwrap()))
        .collect();
    assert_eq!(read_back, declared);
}

#[derive(Table)]
#[table(
    name = "names",
    unique(columns = [a, b]),
    index(columns = [b, "lower(c)"], include = [a]),
    index(columns = ["a + b", "a * b"]),
    index(columns = ["c::varchar", "'x'::text"]),
    foreign_key(columns = [a, b], references = Self, target = [a, b]),
)]
pub struct Names {
    #[column(primary_key)]
    pub id: i64,
    #[column(unique)]
    pub a: i32,
    pub b: i32,
    #[column(index)]
    pub c: String,
    #[column(references = Self::id)]
    pub parent: Option<i64>,
}

fn idents(names: &[String]) -> String {
    names
        .iter()
        .map(|n| quote_ident(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The table as someone would write it by hand: no constraint or index names.
fn unnamed_ddl(t: &TableDef) -> String {
    let mut parts: Vec<String> = t
        .columns
        .iter()
        .map(|c| format!("{} {}", quote_ident(&c.name), c.ty))
        .collect();
    if let Some(pk) = &t.primary_key {
        parts.push(format!("PRIMARY KEY ({})", idents(&pk.columns)));
    }
    for u in &t.uniques {
        parts.push(format!("UNIQUE ({})", idents(&u.columns)));
    }
    for fk in &t.foreign_keys {
        parts.push(format!(
            "FOREIGN KEY ({}) REFERENCES {} ({})",
            idents(&fk.columns),
            fk.references,
            idents(&fk.referenced_columns)
        ));
    }
    let mut sql = format!(
        "CREATE TABLE {} ({});",
        t.qualified_name(),
        parts.join(", ")
    );
    for i in &t.indexes {
        let keys: Vec<String> = i
            .keys
            .iter()
            .map(|k| match &k.target {
                IndexTarget::Column(c) => quote_ident(c),
                IndexTarget::Expression(e) => format!("({e})"),
            })
            .collect();
        let include = if i.include.is_empty() {
            String::new()
        } else {
            format!(" INCLUDE ({})", idents(&i.include))
        };
        sql += &format!(
            " CREATE INDEX ON {} ({}){include};",
            t.qualified_name(),
            keys.join(", ")
        );
    }
    sql
}

#[test]
fn generated_names_are_the_ones_postgres_picks() {
    let db = TestDb::new("derive_names");
    let table = Names::definition();
    db.execute(&unnamed_ddl(&table));
    let mut client = db.connect();
    let mut constraints: Vec<String> = client
        .query(
            "SELECT conname::text FROM pg_constraint WHERE conrelid = 'public.names'::regclass",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    constraints.sort();
    let mut indexes: Vec<String> = client
        .query(
            "SELECT c.relname::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             WHERE i.indrelid = 'public.names'::regclass \
               AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    indexes.sort();

    let mut expected_constraints: Vec<String> = table
        .primary_key
        .iter()
        .map(|p| p.name.clone())
        .chain(table.uniques.iter().map(|u| u.name.clone()))
        .chain(table.foreign_keys.iter().map(|f| f.name.clone()))
        .collect();
    expected_constraints.sort();
    let expected_indexes: Vec<String> = table.indexes.iter().map(|i| i.name.clone()).collect();
    assert_eq!(constraints, expected_constraints);
    assert_eq!(indexes, expected_indexes);
    assert_eq!(
        expected_indexes,
        [
            "names_b_lower_a_idx",
            "names_c_idx",
            "names_c_text_idx",
            "names_expr_expr1_idx"
        ]
    );
}

#[derive(Table)]
#[table(primary_key = [tenant, id])]
pub struct Writer {
    pub tenant: i32,
    pub id: i32,
    #[column(collate = "C")]
    pub handle: String,
}

#[derive(Table)]
#[table(
    index(columns = [title collate "C" desc, "lower(title)" collate "POSIX" opclass "text_pattern_ops"]),
    index(columns = [handle collate "C", "lower(handle)"], name = "post_handle_idx"),
    index(columns = [tags opclass "array_ops"], method = "gin"),
    index(columns = [doc opclass "jsonb_path_ops"], method = "gin"),
    foreign_key(columns = [tenant, writer_id], references = Writer, target = [tenant, id],
                on_delete = "set_null", on_delete_columns = [writer_id]),
    foreign_key(columns = [tenant, editor_id], references = Writer, target = [tenant, id],
                on_delete = "set_default", on_delete_columns = [editor_id], on_update = "cascade"),
)]
pub struct Post {
    #[column(primary_key)]
    pub id: i64,
    pub tenant: i32,
    pub writer_id: Option<i32>,
    #[column(default = 0)]
    pub editor_id: i32,
    pub title: String,
    #[column(collate = "C")]
    pub handle: String,
    pub tags: Vec<String>,
    pub doc: serde_json::Value,
}

/// Key collations, operator classes (a default one spelled out included) and
/// ON DELETE column lists declared in code push as declared, and a second push
/// finds nothing to do.
#[test]
fn key_collations_opclasses_and_delete_column_lists_push_once() {
    use schema_core::push::PushOptions;
    let db = TestDb::new("derive_key_options");
    let desired = schema_core::Schema::builder()
        .table::<Writer>()
        .table::<Post>()
        .build()
        .unwrap();
    let options = PushOptions::default();
    let mut client = db.connect();
    push_twice(&mut client, &desired, &options);
    let definitions: Vec<String> = client
        .query(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint \
             WHERE conrelid = 'public.post'::regclass AND contype = 'f' ORDER BY conname",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        definitions,
        [
            "FOREIGN KEY (tenant, editor_id) REFERENCES writer(tenant, id) ON UPDATE CASCADE ON DELETE SET DEFAULT (editor_id)",
            "FOREIGN KEY (tenant, writer_id) REFERENCES writer(tenant, id) ON DELETE SET NULL (writer_id)",
        ]
    );
    let index: String = client
        .query_one(
            "SELECT pg_get_indexdef('public.post_title_lower_idx'::regclass)",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(
        index.ends_with(
            "(title COLLATE \"C\" DESC, lower(title) COLLATE \"POSIX\" text_pattern_ops)"
        ),
        "{index}"
    );
}

/// A room booking table with an exclusion constraint, a policy, a column of a
/// domain, and a trigger
/// whose function comes from a string; two views over it, the second over the
/// first (declared before it, so only their queries order them).
#[derive(Table)]
#[table(
    name = "room_bookings",
    exclude(name = "room_bookings_no_overlap", elements = "during WITH &&", where = "NOT cancelled"),
    row_security = "forced",
    policy(name = "see_open", command = "select", using = "NOT cancelled"),
    trigger(name = "room_bookings_stamp", before = "insert or update", update_of = [during], function = "stamp_booking", when = "NEW.during IS NOT NULL")
)]
pub struct RoomBooking {
    #[column(primary_key)]
    pub id: i32,
    #[column(sql_type = "tsrange")]
    pub during: String,
    pub cancelled: bool,
    pub stamped_at: Option<schema_core::chrono::DateTime<schema_core::chrono::Utc>>,
    #[column(sql_type = "public.guests")]
    pub guests: i32,
}

#[derive(schema_core::Domain)]
#[domain(
    sql_type = "integer",
    not_null,
    default_sql = "1",
    check(name = "guests_range", expr = "VALUE BETWEEN 1 AND 8"),
    comment = "people in a room"
)]
pub struct Guests;

#[derive(schema_core::Function)]
#[function(
    sql = "CREATE FUNCTION stamp_booking() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.stamped_at := now(); RETURN NEW; END $$",
    comment = "stamps a booking when it is written"
)]
pub struct StampBooking;

#[derive(schema_core::View)]
#[view(
    sql = "SELECT id FROM open_booking WHERE id > 10",
    comment = "late bookings"
)]
pub struct LateBooking {
    pub id: Option<i32>,
}

#[derive(schema_core::View)]
#[view(
    security_barrier,
    sql = "SELECT id, cancelled AS gone FROM room_bookings WHERE NOT cancelled"
)]
pub struct OpenBooking {
    pub id: Option<i32>,
    #[column(name = "gone")]
    pub cancelled: Option<bool>,
}

#[derive(schema_core::View)]
#[view(
    materialized,
    sql = "SELECT id, lower(during) AS starts FROM room_bookings",
    index(columns = [id], unique, comment = "lets REFRESH ... CONCURRENTLY run"),
    index(columns = [first_day desc], name = "booking_days_latest")
)]
pub struct BookingDay {
    pub id: Option<i32>,
    #[column(name = "starts")]
    pub first_day: Option<schema_core::chrono::NaiveDateTime>,
}

#[test]
fn views_functions_triggers_policies_and_exclusions_push_once_and_read_back() {
    use schema_core::push::PushOptions;
    let db = TestDb::new("derive_objects");
    let desired = schema_core::Schema::builder()
        .table::<RoomBooking>()
        .domain::<Guests>()
        .function::<StampBooking>()
        .view::<LateBooking>()
        .view::<OpenBooking>()
        .view::<BookingDay>()
        .build()
        .unwrap();
    let options = PushOptions::default();
    let mut client = db.connect();
    push_twice(&mut client, &desired, &options);
    client
        .batch_execute("INSERT INTO room_bookings (id, during, cancelled, guests) VALUES (11, '[2026-01-01, 2026-01-02)', false, 2)")
        .unwrap();
    let stamped: bool = client
        .query_one("SELECT stamped_at IS NOT NULL FROM room_bookings", &[])
        .unwrap()
        .get(0);
    assert!(stamped, "the trigger ran");
    let overlap = client.batch_execute(
        "INSERT INTO room_bookings (id, during, cancelled) VALUES (12, '[2026-01-01, 2026-01-03)', false)",
    );
    assert!(overlap.is_err(), "the exclusion constraint holds");
    let crowded = client.batch_execute(
        "INSERT INTO room_bookings (id, during, cancelled, guests) VALUES (13, '[2027-01-01, 2027-01-03)', false, 9)",
    );
    assert!(crowded.is_err(), "the domain's check holds");
    let (sql, _) = OpenBooking::select().build(schema_core::query::sea_query::PostgresQueryBuilder);
    let rows = client.query(&sql, &[]).unwrap();
    let open = OpenBooking::from_row(&rows[0]).unwrap();
    assert_eq!((open.id, open.cancelled), (Some(11), Some(false)));
    let late: i64 = client
        .query_one("SELECT count(*) FROM late_booking", &[])
        .unwrap()
        .get(0);
    assert_eq!(late, 1);
    // The unique index the view declares is what a concurrent refresh needs.
    client
        .batch_execute("REFRESH MATERIALIZED VIEW CONCURRENTLY booking_day")
        .unwrap();
    let indexes: Vec<String> = client
        .query(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'booking_day' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(indexes, ["booking_day_id_idx", "booking_days_latest"]);
}

/// Invoices numbered from a declared sequence the table's column owns, and a
/// ticket counter counting down in a namespace of its own.
#[derive(Table)]
#[table(name = "invoices")]
pub struct Invoice {
    #[column(primary_key, default_sql = "nextval('invoice_number')")]
    pub number: i64,
    pub total_cents: i64,
}

#[derive(schema_core::Sequence)]
#[sequence(start = 1000, increment = 10, cache = 5, owned_by = Invoice::number, comment = "invoice numbers")]
pub struct InvoiceNumber;

#[derive(schema_core::Sequence)]
#[sequence(schema = "tickets", name = "Countdown", sql_type = "integer", increment = -1, min_value = -50, cycle)]
pub struct TicketCountdown;

#[test]
fn sequences_push_once_number_rows_and_go_with_their_column() {
    use schema_core::push::PushOptions;
    let db = TestDb::new("derive_sequences");
    let desired = schema_core::Schema::builder()
        .table::<Invoice>()
        .sequence::<InvoiceNumber>()
        .sequence::<TicketCountdown>()
        .build()
        .unwrap();
    let options = PushOptions::default();
    let mut client = db.connect();
    push_twice(&mut client, &desired, &options);
    let numbers: Vec<i64> = client
        .query(
            "INSERT INTO invoices (total_cents) VALUES (1), (2) RETURNING number",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(numbers, [1000, 1010]);
    let down: i32 = client
        .query_one("SELECT nextval('tickets.\"Countdown\"')::int", &[])
        .unwrap()
        .get(0);
    assert_eq!(down, -1);
    assert_eq!(
        InvoiceNumber::NEXTVAL,
        "nextval('public.invoice_number'::regclass)"
    );
    assert_eq!(
        TicketCountdown::NEXTVAL,
        "nextval('tickets.\"Countdown\"'::regclass)"
    );
    // Owned by the column: dropping it takes the sequence along.
    client.batch_execute("DROP TABLE invoices").unwrap();
    let left: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_class WHERE relname = 'invoice_number'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(left, 0);
}

/// A ledger readable by a reporting role (two of its columns only), written
/// by an app role, with a private function only the app may call.
#[derive(Table)]
#[table(
    schema = "ledger",
    name = "entries",
    grant(to = ["schema_test_app"], privileges = ["select", "insert"]),
    grant(to = "schema_test_reporting", privileges = ["select"], columns = [id, amount]),
)]
pub struct LedgerEntry {
    #[column(primary_key)]
    pub id: i64,
    pub amount: i64,
    pub memo: String,
}

#[derive(schema_core::Function)]
#[function(
    sql = "CREATE FUNCTION ledger.balance() RETURNS bigint LANGUAGE sql AS 'SELECT coalesce(sum(amount), 0)::bigint FROM ledger.entries'",
    private,
    grant(to = "schema_test_app", privileges = ["execute"])
)]
pub struct LedgerBalance;

schema_core::grant_on_schema!(
    "ledger",
    to = ["schema_test_app", "schema_test_reporting"],
    privileges = ["usage"]
);

#[test]
fn grants_push_once_and_hold_for_the_roles_named() {
    use schema_core::push::{apply, prepare, PushOptions};
    let db = TestDb::new("derive_grants");
    let mut client = db.connect();
    client
        .batch_execute(
            "DO $$ BEGIN CREATE ROLE schema_test_app; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             DO $$ BEGIN CREATE ROLE schema_test_reporting; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             DO $$ BEGIN CREATE ROLE schema_test_other; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;",
        )
        .unwrap();
    // The namespace's grants are registered by the macro, like the derives.
    let registered = schema_core::Schema::registered_in(module_path!()).unwrap();
    let on_ledger: Vec<String> = registered
        .namespace_grants
        .iter()
        .map(|g| format!("{} {} {}", g.namespace, g.grant.privilege, g.grant.role))
        .collect();
    assert_eq!(
        on_ledger,
        [
            "ledger USAGE schema_test_app",
            "ledger USAGE schema_test_reporting"
        ]
    );
    let desired = schema_core::Schema::builder()
        .table::<LedgerEntry>()
        .function::<LedgerBalance>()
        .namespace_grant(
            "ledger",
            &["schema_test_app", "schema_test_reporting"],
            &["usage"],
            false,
        )
        .build()
        .unwrap();
    let options = PushOptions {
        filter: schema_core::SchemaFilter::Declared,
        ..PushOptions::default()
    };
    let first = prepare(&mut client, &desired, &options).unwrap();
    apply(&mut client, &desired, &first.plan, &options).unwrap();
    // A grant to a role the code never names is not the code's to revoke.
    client
        .batch_execute("GRANT SELECT ON ledger.entries TO schema_test_other")
        .unwrap();
    let again = prepare(&mut client, &desired, &options).unwrap();
    assert!(
        again.plan.is_empty(),
        "a second push plans:\n{}",
        again.plan.to_sql_script()
    );
    let mut can = |role: &str, check: &str| -> bool {
        client
            .query_one(&format!("SELECT {check}"), &[&role])
            .unwrap()
            .get(0)
    };
    assert!(can(
        "schema_test_app",
        "has_table_privilege($1, 'ledger.entries', 'INSERT')"
    ));
    assert!(!can(
        "schema_test_reporting",
        "has_table_privilege($1, 'ledger.entries', 'SELECT')"
    ));
    assert!(can(
        "schema_test_reporting",
        "has_column_privilege($1, 'ledger.entries', 'amount', 'SELECT')"
    ));
    assert!(!can(
        "schema_test_reporting",
        "has_column_privilege($1, 'ledger.entries', 'memo', 'SELECT')"
    ));
    assert!(can(
        "schema_test_app",
        "has_function_privilege($1, 'ledger.balance()', 'EXECUTE')"
    ));
    assert!(!can(
        "schema_test_reporting",
        "has_function_privilege($1, 'ledger.balance()', 'EXECUTE')"
    ));
    assert!(can(
        "schema_test_reporting",
        "has_schema_privilege($1, 'ledger', 'USAGE')"
    ));
    assert!(can(
        "schema_test_other",
        "has_table_privilege($1, 'ledger.entries', 'SELECT')"
    ));
}

/// Events split by month, with a default partition for the rest, declared in
/// the code's own spelling (the database prints it its own way).
#[derive(Table)]
#[table(
    name = "events",
    primary_key = [id, at],
    index(columns = [kind]),
    partition_by = "range (at)",
    partition(name = "events_2026_01", bound = "from ('2026-01-01') to ('2026-02-01')"),
    partition(name = "events_2026_02", bound = "FOR VALUES FROM ('2026-02-01') TO ('2026-03-01')"),
    partition(name = "events_other", default),
)]
pub struct Event {
    pub id: i64,
    pub at: schema_core::chrono::NaiveDate,
    pub kind: String,
}

#[test]
fn a_partitioned_table_pushes_once_and_routes_rows_to_its_partitions() {
    use schema_core::push::PushOptions;
    let db = TestDb::new("derive_partitions");
    let desired = schema_core::Schema::builder()
        .table::<Event>()
        .build()
        .unwrap();
    let options = PushOptions::default();
    let mut client = db.connect();
    push_twice(&mut client, &desired, &options);
    client
        .batch_execute(
            "INSERT INTO events VALUES (1, '2026-01-15', 'a'), (2, '2026-02-03', 'b'), (3, '2030-01-01', 'c')",
        )
        .unwrap();
    let placed: Vec<String> = client
        .query(
            "SELECT tableoid::regclass::text FROM events ORDER BY id",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(placed, ["events_2026_01", "events_2026_02", "events_other"]);
}

/// Pushes `desired`, then checks that a second push finds nothing to do.
fn push_twice(
    client: &mut postgres::Client,
    desired: &schema_core::Schema,
    options: &schema_core::push::PushOptions,
) {
    use schema_core::push::{apply, prepare};
    let first = prepare(client, desired, options).unwrap();
    apply(client, desired, &first.plan, options).unwrap();
    let again = prepare(client, desired, options).unwrap();
    assert!(
        again.plan.is_empty(),
        "a second push plans:\n{}",
        again.plan.to_sql_script()
    );
}
