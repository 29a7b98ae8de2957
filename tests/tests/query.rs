//! Typed use of the derived tables: identifiers with the real SQL names, row
//! mapping for every column type the mapping supports (NULLs included), and
//! insert, update and upsert statements, run against the real server.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;
use schema_core::push::{apply, prepare, PushOptions};
use schema_core::query::sea_query::{Expr, ExprTrait, Order, PostgresQueryBuilder, Query};
use schema_core::query::{self, fetch_all, fetch_one, RowError};
use schema_core::{Enum, Schema, Table};
use schema_tests::TestDb;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[enum_type(schema = "typed", name = "mood")]
pub enum Mood {
    Happy,
    #[enum_value(name = "so-so")]
    SoSo,
}

/// Every column type the mapping supports, each also as a nullable column.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(schema = "typed", name = "everything")]
pub struct Everything {
    #[column(primary_key, identity = "by_default", insert_default)]
    pub id: i64,
    pub small: i16,
    pub int: i32,
    pub real: f32,
    pub double: f64,
    pub flag: bool,
    #[column(name = "label_text")]
    pub label: String,
    pub bytes: Vec<u8>,
    pub ints: Vec<i32>,
    pub texts: Vec<String>,
    pub doc: serde_json::Value,
    pub uid: Uuid,
    pub day: NaiveDate,
    pub time: NaiveTime,
    pub local: NaiveDateTime,
    pub at: DateTime<Utc>,
    pub amount: Decimal,
    pub mood: Mood,
    pub moods: Vec<Mood>,
    pub maybe_int: Option<i32>,
    pub maybe_text: Option<String>,
    pub maybe_uid: Option<Uuid>,
    pub maybe_at: Option<DateTime<Utc>>,
    pub maybe_amount: Option<Decimal>,
    pub maybe_doc: Option<serde_json::Value>,
    pub maybe_mood: Option<Mood>,
    #[column(default_sql = "now()", insert_default)]
    pub created_at: DateTime<Utc>,
    #[column(skip)]
    pub cached: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Table)]
#[table(schema = "typed", name = "authors")]
pub struct Author {
    #[column(primary_key)]
    pub id: i32,
    #[column(name = "display_name")]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Table)]
#[table(schema = "typed", name = "posts")]
pub struct Post {
    #[column(primary_key)]
    pub id: i32,
    #[column(references = Author::id)]
    pub author_id: i32,
    pub title: String,
}

/// No primary key: insert and select only (no update or upsert to match every row).
#[derive(Debug, Clone, PartialEq, Table)]
#[table(schema = "typed", name = "events")]
pub struct Event {
    pub kind: String,
    #[column(default_sql = "now()", insert_default)]
    pub at: DateTime<Utc>,
}

/// Every column filled by the database.
#[derive(Debug, Clone, PartialEq, Table)]
#[table(schema = "typed", name = "tickets")]
pub struct Ticket {
    #[column(primary_key, identity = "always")]
    pub id: i64,
    #[column(default_sql = "now()", insert_default)]
    pub issued_at: DateTime<Utc>,
}

fn database() -> TestDb {
    let db = TestDb::new("typed");
    let schema = Schema::builder()
        .enum_type::<Mood>()
        .table::<Everything>()
        .table::<Author>()
        .table::<Post>()
        .table::<Event>()
        .table::<Ticket>()
        .build()
        .unwrap();
    let mut client = db.connect();
    let prepared = prepare(&mut client, &schema, &PushOptions::default()).unwrap();
    apply(
        &mut client,
        &schema,
        &prepared.plan,
        &PushOptions::default(),
    )
    .unwrap();
    db
}

fn sample() -> Everything {
    Everything {
        id: 0,
        small: -3,
        int: 42,
        real: 1.5,
        double: -2.25,
        flag: true,
        label: "it's \"quoted\"".into(),
        bytes: vec![0, 1, 254, 255],
        ints: vec![1, -2, 3],
        texts: vec!["a".into(), "b,c".into()],
        doc: serde_json::json!({"k": [1, "two", null]}),
        uid: Uuid::from_u128(0x1234_5678_9abc_def0_1234_5678_9abc_def0),
        day: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        time: NaiveTime::from_hms_micro_opt(23, 59, 58, 123_456).unwrap(),
        local: NaiveDate::from_ymd_opt(1999, 1, 2)
            .unwrap()
            .and_hms_opt(3, 4, 5)
            .unwrap(),
        at: Utc.with_ymd_and_hms(2026, 6, 30, 12, 0, 0).unwrap(),
        amount: Decimal::new(-12345, 2),
        mood: Mood::SoSo,
        moods: vec![Mood::Happy, Mood::SoSo],
        maybe_int: Some(7),
        maybe_text: Some(String::new()),
        maybe_uid: Some(Uuid::nil()),
        maybe_at: Some(Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0).unwrap()),
        maybe_amount: Some(Decimal::new(1, 3)),
        maybe_doc: Some(serde_json::json!([])),
        maybe_mood: Some(Mood::Happy),
        created_at: Utc::now(),
        cached: None,
    }
}

#[test]
fn identifiers_write_the_real_sql_names() {
    let sql = Query::select()
        .columns([AuthorColumn::Id, AuthorColumn::Name])
        .from(Author::TABLE)
        .and_where(Expr::col(AuthorColumn::Name).eq("Ada"))
        .order_by(AuthorColumn::Id, Order::Desc)
        .to_string(PostgresQueryBuilder);
    assert_eq!(
        sql,
        r#"SELECT "id", "display_name" FROM "typed"."authors" WHERE "display_name" = 'Ada' ORDER BY "id" DESC"#
    );
    let join = Query::select()
        .column(Post::col(PostColumn::Title))
        .from(Post::TABLE)
        .inner_join(
            Author::TABLE,
            Expr::col(Post::col(PostColumn::AuthorId)).equals(Author::col(AuthorColumn::Id)),
        )
        .to_string(PostgresQueryBuilder);
    assert_eq!(
        join,
        r#"SELECT "typed"."posts"."title" FROM "typed"."posts" INNER JOIN "typed"."authors" ON "typed"."posts"."author_id" = "typed"."authors"."id""#
    );
    let (sql, values) = query::build(
        &Author {
            id: 1,
            name: "Ada".into(),
        }
        .upsert(),
    );
    assert_eq!(
        sql,
        r#"INSERT INTO "typed"."authors" ("id", "display_name") VALUES ($1, $2) ON CONFLICT ("id") DO UPDATE SET "display_name" = "excluded"."display_name""#
    );
    assert_eq!(values.0.len(), 2);
    let (sql, _) = query::build(
        &Author {
            id: 1,
            name: "Ada".into(),
        }
        .update(),
    );
    assert_eq!(
        sql,
        r#"UPDATE "typed"."authors" SET "display_name" = $1 WHERE "id" = $2"#
    );
    // Columns left to the database, and enums cast to their type.
    let (sql, _) = query::build(&sample().insert());
    assert!(
        !sql.contains("\"id\"") && !sql.contains("created_at"),
        "{sql}"
    );
    assert!(sql.contains(r#"::"typed"."mood""#), "{sql}");
    assert_eq!(
        schema_core::query::Column::name(EverythingColumn::Label),
        "label_text"
    );
}

#[test]
fn every_type_round_trips_through_insert_select_update_and_upsert() {
    let db = database();
    let mut client = db.connect();
    let mut value = sample();
    let inserted = query::query_one(&mut client, value.insert().returning_all()).unwrap();
    let back = Everything::from_row(&inserted).unwrap();
    value.id = back.id;
    value.created_at = back.created_at;
    assert_eq!(back, value, "read back as written");

    let all: Vec<Everything> = fetch_all(&mut client, &Everything::select()).unwrap();
    assert_eq!(all, [value.clone()]);

    // NULLs round trip, and an update writes every column by key.
    value.maybe_int = None;
    value.maybe_text = None;
    value.maybe_uid = None;
    value.maybe_at = None;
    value.maybe_amount = None;
    value.maybe_doc = None;
    value.maybe_mood = None;
    value.moods = vec![];
    value.label = "changed".into();
    assert_eq!(query::execute(&mut client, &value.update()).unwrap(), 1);
    let one: Everything = fetch_one(
        &mut client,
        Everything::select().and_where(Expr::col(EverythingColumn::Id).eq(value.id)),
    )
    .unwrap();
    assert_eq!(one, value);

    // Upsert: a new key inserts, an existing one updates.
    let author = Author {
        id: 1,
        name: "Ada".into(),
    };
    query::execute(&mut client, &author.upsert()).unwrap();
    let renamed = Author {
        id: 1,
        name: "Ada Lovelace".into(),
    };
    query::execute(&mut client, &renamed.upsert()).unwrap();
    let authors: Vec<Author> = fetch_all(&mut client, &Author::select()).unwrap();
    assert_eq!(authors, [renamed]);
    // Many at once.
    let posts = [
        Post {
            id: 1,
            author_id: 1,
            title: "a".into(),
        },
        Post {
            id: 2,
            author_id: 1,
            title: "b".into(),
        },
    ];
    assert_eq!(
        query::execute(&mut client, &Post::insert_many(&posts)).unwrap(),
        2
    );
    let read: Vec<Post> = fetch_all(
        &mut client,
        Post::select().order_by(PostColumn::Id, Order::Asc),
    )
    .unwrap();
    assert_eq!(read, posts);
    // An enum is also a plain postgres result.
    let row = client.query_one("SELECT 'so-so'::typed.mood", &[]).unwrap();
    assert_eq!(row.get::<_, Mood>(0), Mood::SoSo);
}

#[test]
fn a_row_that_does_not_fit_says_which_table_column_and_types() {
    let db = database();
    let mut client = db.connect();
    let partial = client
        .query_one(r#"SELECT 1 AS id, 'x' AS title"#, &[])
        .unwrap();
    let err = Post::from_row(&partial).unwrap_err();
    assert!(matches!(err, RowError::Missing { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        "reading typed.posts: the row has no column author_id; select every column the struct has (for example with its select()), or read a partial row with row.get"
    );
    let wrong = client
        .query_one(
            r#"SELECT 1::int4 AS id, 'not a number' AS author_id, 't' AS title"#,
            &[],
        )
        .unwrap();
    let err = Post::try_from(&wrong).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "reading typed.posts.author_id: expected integer (the field's type i32), found text"
        ),
        "{err}"
    );
}

#[test]
fn a_table_without_a_key_inserts_and_one_filled_by_defaults_inserts_default_values() {
    let db = database();
    let mut client = db.connect();
    let events = [
        Event {
            kind: "signup".into(),
            at: Utc::now(),
        },
        Event {
            kind: "login".into(),
            at: Utc::now(),
        },
    ];
    assert_eq!(
        query::execute(&mut client, &Event::insert_many(&events)).unwrap(),
        2
    );
    let kinds: Vec<String> = fetch_all::<Event>(
        &mut client,
        Event::select().order_by(EventColumn::Kind, Order::Asc),
    )
    .unwrap()
    .into_iter()
    .map(|e| e.kind)
    .collect();
    assert_eq!(kinds, ["login", "signup"]);
    // No rows: a statement that inserts none.
    assert_eq!(
        query::execute(&mut client, &Event::insert_many(&[])).unwrap(),
        0
    );

    let ticket = Ticket {
        id: 0,
        issued_at: Utc::now(),
    };
    let (sql, _) = query::build(&ticket.insert());
    assert_eq!(sql, r#"INSERT INTO "typed"."tickets" VALUES (DEFAULT)"#);
    let first =
        Ticket::from_row(&query::query_one(&mut client, ticket.insert().returning_all()).unwrap())
            .unwrap();
    let second =
        Ticket::from_row(&query::query_one(&mut client, ticket.upsert().returning_all()).unwrap())
            .unwrap();
    assert_eq!((first.id, second.id), (1, 2));
    let both = Ticket::insert_many([&ticket, &ticket]);
    assert_eq!(query::execute(&mut client, &both).unwrap(), 2);
    assert_eq!(
        query::execute(&mut client, &Ticket::insert_many([])).unwrap(),
        0
    );
}
