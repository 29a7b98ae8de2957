//! `#[derive(Table)]` and `#[derive(Enum)]` produce exactly the expected model
//! values; registration and the builder collect and validate them.

use chrono::{DateTime, NaiveDate, Utc};
use schema_core::model::{
    Check, Column, Deferrable, EnumType, FkAction, ForeignKey, Identity, IdentityKind, Index,
    IndexKey, IndexTarget, NullsOrder, PrimaryKey, QualifiedName, SortOrder, Table as TableDef,
    Unique,
};
use schema_core::{Enum, Schema, SchemaProblem, SqlType, Table};
use uuid::Uuid;

#[derive(Enum, Debug, Clone, Copy, PartialEq)]
pub enum CreditTxType {
    Purchase,
    Spend,
    Refund,
    #[enum_value(renamed_from = "bonus")]
    Grant,
    Expire,
}

#[derive(Enum)]
#[enum_type(
    name = "account_state",
    schema = "auth",
    rename_all = "SCREAMING_SNAKE_CASE",
    comment = "state"
)]
#[enum_type(renamed_from = "acct_state")]
pub enum AccountState {
    Active,
    #[enum_value(name = "on-hold")]
    OnHold,
    SoftDeleted,
}

#[derive(Table)]
#[table(schema = "auth", name = "users", comment = "people")]
pub struct User {
    #[column(primary_key, default_sql = "gen_random_uuid()")]
    pub id: Uuid,
    #[column(unique, collate = "C")]
    pub email: String,
    pub email_verified_at: Option<DateTime<Utc>>,
    #[column(default = serde_json::json!({}))]
    pub metadata: serde_json::Value,
    #[column(default = AccountState::Active)]
    pub state: AccountState,
    #[column(skip)]
    pub cached_display: (),
}

#[derive(Table)]
#[table(
    schema = "auth",
    index(columns = [user_id, created_at desc]),
    index(columns = ["lower(token)", "md5(token) || 'x'", "(token)::varchar"]),
    index(columns = ["lower(token)" nulls_first, created_at asc nulls_first], name = "sessions_token_lower", unique, method = "btree", where = "revoked = false", include = [id], nulls_not_distinct),
    check(name = "sessions_expiry_after_creation", expr = "expires_at > created_at"),
    renamed_from = "user_sessions",
    renamed_from = "logins",
)]
pub struct Session {
    #[column(primary_key, identity = "always")]
    pub id: i64,
    #[column(references = User::id, on_delete = "cascade", on_update = "restrict", deferrable = "initially_deferred")]
    pub user_id: Uuid,
    #[column(index, comment = "hashed")]
    pub token: String,
    #[column(default = false)]
    pub revoked: bool,
    #[column(references = Self::id, on_delete = "set_null", deferrable)]
    pub previous: Option<i64>,
    #[column(default_sql = "now()")]
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Table)]
#[table(
    primary_key = [user_id, package],
    unique(columns = [slug, currency], name = "packages_slug_currency", nulls_not_distinct),
    unique(columns = [r#type]),
    foreign_key(columns = [user_id], references = User, target = [id], on_delete = "cascade", name = "owner_fk"),
)]
pub struct CreditPackage {
    pub user_id: Uuid,
    pub package: i32,
    #[column(name = "slug_text", renamed_from = "handle", renamed_from = "code")]
    pub slug: String,
    #[column(sql_type = "varchar(3)", default = "USD")]
    pub currency: String,
    #[column(default = -1)]
    pub credits: i64,
    #[column(default = 0)]
    pub small: i16,
    #[column(default = 2.5)]
    pub ratio: f64,
    #[column(generated = "credits * 2")]
    pub doubled: i64,
    #[column(identity = "by_default")]
    pub seq: i32,
    pub r#type: CreditTxType,
    pub kinds: Vec<CreditTxType>,
    pub tags: Vec<String>,
    pub blob: Option<Vec<u8>>,
    pub day: NaiveDate,
    pub price: rust_decimal::Decimal,
}

#[derive(Table)]
#[table(primary_key = [a, b])]
pub struct Parent {
    pub a: i32,
    pub b: i32,
}

#[derive(Table)]
#[table(foreign_key(columns = [pa, pb], references = Parent, target = [a, b]))]
pub struct Child {
    #[column(primary_key)]
    pub id: i64,
    pub pa: i32,
    pub pb: i32,
}

#[derive(Table)]
#[table(primary_key = [tenant, id])]
pub struct Author {
    pub tenant: i32,
    pub id: i32,
}

#[derive(Table)]
#[table(
    index(columns = [title collate "C" desc nulls_last, "lower(title)" opclass "text_pattern_ops" collate "POSIX"]),
    index(columns = [tags opclass "array_ops"], method = "gin"),
    foreign_key(columns = [tenant, author_id], references = Author, target = [tenant, id],
                on_delete = "set_null", on_delete_columns = [author_id]),
)]
pub struct Article {
    #[column(primary_key)]
    pub id: i64,
    pub tenant: i32,
    pub author_id: Option<i32>,
    pub title: String,
    pub tags: Vec<String>,
}

fn col(name: &str, ty: SqlType) -> Column {
    Column::new(name, ty)
}

fn table(schema: &str, name: &str, columns: Vec<Column>) -> TableDef {
    TableDef::new(schema, name, columns)
}

fn key(target: IndexTarget) -> IndexKey {
    IndexKey::on(target)
}

fn index(name: &str, keys: Vec<IndexKey>) -> Index {
    Index {
        name: name.into(),
        unique: false,
        method: "btree".into(),
        keys,
        include: vec![],
        predicate: None,
        nulls_not_distinct: false,
        comment: None,
        invalid: false,
    }
}

fn named(schema: &str, name: &str) -> SqlType {
    SqlType::Named(QualifiedName::new(schema, name))
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn users_table() {
    let mut expected = table(
        "auth",
        "users",
        vec![
            Column {
                default: Some("gen_random_uuid()".into()),
                ..col("id", SqlType::Uuid)
            },
            Column {
                collation: Some("C".into()),
                ..col("email", SqlType::Text)
            },
            Column {
                nullable: true,
                ..col("email_verified_at", SqlType::TimestampTz(None))
            },
            Column {
                default: Some("'{}'::jsonb".into()),
                ..col("metadata", SqlType::Jsonb)
            },
            Column {
                default: Some("'ACTIVE'::auth.account_state".into()),
                ..col("state", named("auth", "account_state"))
            },
        ],
    );
    expected.primary_key = Some(PrimaryKey {
        name: "users_pkey".into(),
        columns: strings(&["id"]),
    });
    expected.uniques = vec![Unique {
        name: "users_email_key".into(),
        columns: strings(&["email"]),
        nulls_not_distinct: false,
    }];
    expected.comment = Some("people".into());
    assert_eq!(User::definition(), expected);
    assert_eq!((User::SCHEMA, User::NAME), ("auth", "users"));
    assert_eq!(User::COLUMNS.email.name(), "email");
}

#[test]
fn sessions_table() {
    let mut expected = table(
        "auth",
        "session",
        vec![
            Column {
                identity: Some(Box::new(Identity {
                    kind: IdentityKind::Always,
                    start: None,
                    increment: None,
                    min_value: None,
                    max_value: None,
                    cache: None,
                    cycle: false,
                })),
                ..col("id", SqlType::BigInt)
            },
            col("user_id", SqlType::Uuid),
            Column {
                comment: Some("hashed".into()),
                ..col("token", SqlType::Text)
            },
            Column {
                default: Some("false".into()),
                ..col("revoked", SqlType::Boolean)
            },
            Column {
                nullable: true,
                ..col("previous", SqlType::BigInt)
            },
            Column {
                default: Some("now()".into()),
                ..col("created_at", SqlType::TimestampTz(None))
            },
            col("expires_at", SqlType::TimestampTz(None)),
        ],
    );
    expected.primary_key = Some(PrimaryKey {
        name: "session_pkey".into(),
        columns: strings(&["id"]),
    });
    expected.indexes = vec![
        index(
            "session_token_idx",
            vec![key(IndexTarget::Column("token".into()))],
        ),
        Index {
            unique: true,
            include: strings(&["id"]),
            predicate: Some("revoked = false".into()),
            nulls_not_distinct: true,
            ..index(
                "sessions_token_lower",
                vec![
                    IndexKey {
                        nulls: Some(NullsOrder::First),
                        ..key(IndexTarget::Expression("lower(token)".into()))
                    },
                    IndexKey {
                        nulls: Some(NullsOrder::First),
                        ..key(IndexTarget::Column("created_at".into()))
                    },
                ],
            )
        },
        index(
            "session_lower_expr_token_idx",
            vec![
                key(IndexTarget::Expression("lower(token)".into())),
                key(IndexTarget::Expression("md5(token) || 'x'".into())),
                key(IndexTarget::Expression("(token)::varchar".into())),
            ],
        ),
        index(
            "session_user_id_created_at_idx",
            vec![
                key(IndexTarget::Column("user_id".into())),
                IndexKey {
                    order: SortOrder::Desc,
                    ..key(IndexTarget::Column("created_at".into()))
                },
            ],
        ),
    ];
    expected.foreign_keys = vec![
        ForeignKey {
            name: "session_previous_fkey".into(),
            columns: strings(&["previous"]),
            references: QualifiedName::new("auth", "session"),
            referenced_columns: strings(&["id"]),
            on_delete: FkAction::SetNull,
            on_delete_columns: vec![],
            on_update: FkAction::NoAction,
            deferrable: Deferrable::InitiallyImmediate,
        },
        ForeignKey {
            name: "session_user_id_fkey".into(),
            columns: strings(&["user_id"]),
            references: QualifiedName::new("auth", "users"),
            referenced_columns: strings(&["id"]),
            on_delete: FkAction::Cascade,
            on_delete_columns: vec![],
            on_update: FkAction::Restrict,
            deferrable: Deferrable::InitiallyDeferred,
        },
    ];
    expected.checks = vec![Check {
        name: "sessions_expiry_after_creation".into(),
        expression: "expires_at > created_at".into(),
    }];
    expected.renamed_from = strings(&["user_sessions", "logins"]);
    let mut got = Session::definition();
    got.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    expected.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(got, expected);
}

#[test]
fn credit_packages_table() {
    let mut expected = table(
        "public",
        "credit_package",
        vec![
            col("user_id", SqlType::Uuid),
            col("package", SqlType::Integer),
            Column {
                renamed_from: strings(&["handle", "code"]),
                ..col("slug_text", SqlType::Text)
            },
            Column {
                default: Some("'USD'::character varying".into()),
                ..col("currency", SqlType::Varchar(Some(3)))
            },
            Column {
                default: Some("'-1'::integer".into()),
                ..col("credits", SqlType::BigInt)
            },
            Column {
                default: Some("0".into()),
                ..col("small", SqlType::SmallInt)
            },
            Column {
                default: Some("2.5".into()),
                ..col("ratio", SqlType::DoublePrecision)
            },
            Column {
                generated: Some("credits * 2".into()),
                ..col("doubled", SqlType::BigInt)
            },
            Column {
                identity: Some(Box::new(Identity {
                    kind: IdentityKind::ByDefault,
                    start: None,
                    increment: None,
                    min_value: None,
                    max_value: None,
                    cache: None,
                    cycle: false,
                })),
                ..col("seq", SqlType::Integer)
            },
            col("type", named("public", "credit_tx_type")),
            col(
                "kinds",
                SqlType::Array(Box::new(named("public", "credit_tx_type"))),
            ),
            col("tags", SqlType::Array(Box::new(SqlType::Text))),
            Column {
                nullable: true,
                ..col("blob", SqlType::Bytea)
            },
            col("day", SqlType::Date),
            col("price", SqlType::Numeric(None)),
        ],
    );
    expected.primary_key = Some(PrimaryKey {
        name: "credit_package_pkey".into(),
        columns: strings(&["user_id", "package"]),
    });
    expected.uniques = vec![
        Unique {
            name: "credit_package_type_key".into(),
            columns: strings(&["type"]),
            nulls_not_distinct: false,
        },
        Unique {
            name: "packages_slug_currency".into(),
            columns: strings(&["slug_text", "currency"]),
            nulls_not_distinct: true,
        },
    ];
    expected.foreign_keys = vec![ForeignKey {
        name: "owner_fk".into(),
        columns: strings(&["user_id"]),
        references: QualifiedName::new("auth", "users"),
        referenced_columns: strings(&["id"]),
        on_delete: FkAction::Cascade,
        on_delete_columns: vec![],
        on_update: FkAction::NoAction,
        deferrable: Deferrable::NotDeferrable,
    }];
    assert_eq!(CreditPackage::definition(), expected);
}

#[test]
fn composite_foreign_key() {
    let child = Child::definition();
    assert_eq!(
        child.foreign_keys,
        vec![ForeignKey {
            name: "child_pa_pb_fkey".into(),
            columns: strings(&["pa", "pb"]),
            references: QualifiedName::new("public", "parent"),
            referenced_columns: strings(&["a", "b"]),
            on_delete: FkAction::NoAction,
            on_delete_columns: vec![],
            on_update: FkAction::NoAction,
            deferrable: Deferrable::NotDeferrable,
        }]
    );
    assert_eq!(
        Parent::definition().primary_key.unwrap().columns,
        strings(&["a", "b"])
    );
}

#[test]
fn enum_definitions() {
    assert_eq!(
        CreditTxType::definition(),
        EnumType {
            schema: "public".into(),
            name: "credit_tx_type".into(),
            values: strings(&["purchase", "spend", "refund", "grant", "expire"]),
            comment: None,
            renamed_from: vec![],
            renamed_values: vec![("bonus".into(), "grant".into())],
        }
    );
    assert_eq!(
        AccountState::definition(),
        EnumType {
            schema: "auth".into(),
            name: "account_state".into(),
            values: strings(&["ACTIVE", "on-hold", "SOFT_DELETED"]),
            comment: Some("state".into()),
            renamed_from: strings(&["acct_state"]),
            renamed_values: vec![],
        }
    );
    assert_eq!(CreditTxType::Refund.sql_value(), "refund");
    assert_eq!(
        <CreditTxType as schema_core::ColumnType>::sql_type(),
        named("public", "credit_tx_type")
    );
}

#[test]
fn builder_collects_normalizes_and_validates() {
    let schema = Schema::builder()
        .table::<Session>()
        .table::<User>()
        .table::<User>()
        .enum_type::<AccountState>()
        .build()
        .unwrap();
    assert_eq!(schema.schemas, strings(&["auth"]));
    let names: Vec<_> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["session", "users"]);
    assert_eq!(schema.enums.len(), 1);
}

#[test]
fn registered_holds_every_derived_definition() {
    let schema = Schema::registered().unwrap();
    for name in ["credit_package", "parent", "child"] {
        assert!(schema.table("public", name).is_some(), "{name} missing");
    }
    assert!(schema.table("auth", "users").is_some());
    assert!(schema.table("auth", "session").is_some());
    assert!(schema.enum_type("public", "credit_tx_type").is_some());
    assert!(schema.enum_type("auth", "account_state").is_some());
}

#[test]
fn missing_referenced_table_and_enum_are_reported() {
    let err = Schema::builder().table::<Session>().build().unwrap_err();
    assert_eq!(
        err.problems,
        vec![SchemaProblem::MissingReferencedTable {
            table: QualifiedName::new("auth", "session"),
            constraint: "session_user_id_fkey".into(),
            target: QualifiedName::new("auth", "users"),
        }]
    );
    let err = Schema::builder().table::<User>().build().unwrap_err();
    assert_eq!(
        err.problems,
        vec![SchemaProblem::MissingEnum {
            table: QualifiedName::new("auth", "users"),
            column: "state".into(),
            ty: QualifiedName::new("auth", "account_state"),
        }]
    );
    let message = err.to_string();
    assert!(
        message.contains("has type \"auth\".\"account_state\", which is not in the schema"),
        "{message}"
    );
}

#[test]
fn two_different_definitions_of_one_name_are_reported() {
    let mut other = Parent::definition();
    other.columns.pop();
    let err = Schema::builder()
        .table::<Parent>()
        .table_definition(other)
        .build()
        .unwrap_err();
    assert_eq!(
        err.problems,
        vec![SchemaProblem::DuplicateTable(QualifiedName::new(
            "public", "parent"
        ))]
    );
    let mut e = CreditTxType::definition();
    e.values.pop();
    let err = Schema::builder()
        .enum_type::<CreditTxType>()
        .enum_definition(e)
        .build()
        .unwrap_err();
    assert_eq!(
        err.problems,
        vec![SchemaProblem::DuplicateEnum(QualifiedName::new(
            "public",
            "credit_tx_type"
        ))]
    );
}

#[test]
fn index_key_collations_opclasses_and_on_delete_column_lists() {
    let article = Article::definition();
    let keys: Vec<IndexKey> = article
        .indexes
        .iter()
        .flat_map(|i| i.keys.clone())
        .collect();
    assert_eq!(
        keys,
        vec![
            IndexKey {
                opclass: Some("array_ops".into()),
                ..key(IndexTarget::Column("tags".into()))
            },
            IndexKey {
                collation: Some("C".into()),
                order: SortOrder::Desc,
                nulls: Some(NullsOrder::Last),
                ..key(IndexTarget::Column("title".into()))
            },
            IndexKey {
                collation: Some("POSIX".into()),
                opclass: Some("text_pattern_ops".into()),
                ..key(IndexTarget::Expression("lower(title)".into()))
            },
        ]
    );
    assert_eq!(
        article
            .indexes
            .iter()
            .map(|i| i.name.as_str())
            .collect::<Vec<_>>(),
        ["article_tags_idx", "article_title_lower_idx"],
    );
    let fk = &article.foreign_keys[0];
    assert_eq!(fk.on_delete, FkAction::SetNull);
    assert_eq!(fk.on_delete_columns, strings(&["author_id"]));
    assert_eq!(fk.columns, strings(&["tenant", "author_id"]));
}
