use super::*;
use crate::model::IndexKey;

fn q(s: &str, n: &str) -> QualifiedName {
    QualifiedName::new(s, n)
}

fn col(name: &str, ty: &str, nullable: bool) -> Column {
    Column {
        nullable,
        ..Column::new(name, SqlType::parse(ty))
    }
}

#[test]
fn create_table_inlines_keys_and_checks() {
    let mut id = col("id", "int8", false);
    id.identity = Some(Box::new(Identity {
        kind: IdentityKind::Always,
        start: Some(10),
        increment: None,
        min_value: None,
        max_value: None,
        cache: None,
        cycle: false,
    }));
    let mut name = col("na\"me", "text", true);
    name.collation = Some("C".into());
    name.default = Some("'x'::text".into());
    let mut total = col("total", "numeric(10,2)", false);
    total.generated = Some("price * 2".into());
    let t = TableDef {
        schema: "app".into(),
        name: "items".into(),
        columns: vec![id, name, total],
        primary_key: Some(PrimaryKey {
            name: "items_pkey".into(),
            columns: vec!["id".into()],
        }),
        uniques: vec![Unique {
            name: "items_\"u".into(),
            columns: vec!["na\"me".into()],
            nulls_not_distinct: true,
        }],
        indexes: vec![],
        foreign_keys: vec![],
        checks: vec![Check {
            name: "total_pos".into(),
            expression: "total > 0".into(),
        }],
        comment: None,
        renamed_from: vec![],
        exclusions: vec![],
        row_security: Default::default(),
        policies: vec![],
        triggers: vec![],
        grants: vec![],
        partition_by: None,
        partitions: vec![],
    };
    assert_eq!(
        create_table(&t),
        "CREATE TABLE \"app\".\"items\" ( \
         \"id\" bigint NOT NULL GENERATED ALWAYS AS IDENTITY (START WITH 10), \
         \"na\"\"me\" text COLLATE \"C\" DEFAULT ('x'::text), \
         \"total\" numeric(10,2) NOT NULL GENERATED ALWAYS AS (price * 2) STORED, \
         CONSTRAINT \"items_pkey\" PRIMARY KEY (\"id\"), \
         CONSTRAINT \"items_\"\"u\" UNIQUE NULLS NOT DISTINCT (\"na\"\"me\"), \
         CONSTRAINT \"total_pos\" CHECK (total > 0) )"
    );
}

#[test]
fn enums_and_values_are_quoted() {
    let e = EnumType {
        schema: "public".into(),
        name: "mood".into(),
        values: vec!["ok".into(), "it's".into()],
        comment: None,
        renamed_from: vec![],
        renamed_values: vec![],
    };
    // sea-query escapes with an E-string, which Postgres reads the same.
    assert_eq!(
        create_enum(&e),
        "CREATE TYPE \"public\".\"mood\" AS ENUM ('ok', E'it\\'s')"
    );
    assert_eq!(
        add_enum_value(
            &q("public", "mood"),
            "sad",
            &EnumValuePosition::Before("ok".into())
        ),
        "ALTER TYPE \"public\".\"mood\" ADD VALUE 'sad' BEFORE 'ok'"
    );
    assert_eq!(
        add_enum_value(&q("public", "mood"), "meh", &EnumValuePosition::Last),
        "ALTER TYPE \"public\".\"mood\" ADD VALUE 'meh'"
    );
    assert_eq!(
        drop_enum(&q("public", "mood")),
        "DROP TYPE \"public\".\"mood\""
    );
}

#[test]
fn columns_and_constraints() {
    let t = q("public", "users");
    assert_eq!(
        add_column(&t, &col("age", "int4", false)),
        "ALTER TABLE \"public\".\"users\" ADD COLUMN \"age\" integer NOT NULL"
    );
    assert_eq!(
        drop_column(&t, "age"),
        "ALTER TABLE \"public\".\"users\" DROP COLUMN \"age\""
    );
    assert_eq!(
        rename_column(&t, "a", "b"),
        "ALTER TABLE \"public\".\"users\" RENAME COLUMN \"a\" TO \"b\""
    );
    assert_eq!(
        alter_column_type(&t, "age", &SqlType::BigInt, None, Some("\"age\"::bigint")),
        "ALTER TABLE \"public\".\"users\" ALTER COLUMN \"age\" TYPE bigint USING \"age\"::bigint"
    );
    assert_eq!(
        drop_constraint(&t, "users_pkey"),
        "ALTER TABLE \"public\".\"users\" DROP CONSTRAINT \"users_pkey\""
    );
    assert_eq!(drop_table(&t), "DROP TABLE \"public\".\"users\"");
}

#[test]
fn foreign_keys_say_actions_and_deferral() {
    let fk = Fk {
        name: "s_user_fk".into(),
        columns: vec!["user_id".into()],
        references: q("auth", "users"),
        referenced_columns: vec!["id".into()],
        on_delete: FkAction::Cascade,
        on_delete_columns: vec![],
        on_update: FkAction::NoAction,
        deferrable: Deferrable::InitiallyDeferred,
    };
    assert_eq!(
        add_foreign_key(&q("auth", "sessions"), &fk),
        "ALTER TABLE \"auth\".\"sessions\" ADD CONSTRAINT \"s_user_fk\" FOREIGN KEY (\"user_id\") \
         REFERENCES \"auth\".\"users\" (\"id\") ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED"
    );
}

#[test]
fn indexes_carry_every_option() {
    let index = IndexDef {
        name: "users_lower_email".into(),
        unique: true,
        method: "btree".into(),
        keys: vec![
            IndexKey {
                target: IndexTarget::Expression("lower(email)".into()),
                order: SortOrder::Asc,
                nulls: None,
                collation: None,
                opclass: Some("text_pattern_ops".into()),
            },
            IndexKey {
                target: IndexTarget::Column("created_at".into()),
                order: SortOrder::Desc,
                nulls: Some(NullsOrder::Last),
                collation: None,
                opclass: None,
            },
        ],
        include: vec!["id".into()],
        predicate: Some("deleted_at IS NULL".into()),
        nulls_not_distinct: false,
        comment: None,
        invalid: false,
    };
    assert_eq!(
        create_index(&q("public", "users"), &index, false),
        "CREATE UNIQUE INDEX \"users_lower_email\" ON \"public\".\"users\" USING btree \
         ((lower(email)) text_pattern_ops, \"created_at\" DESC NULLS LAST) INCLUDE (\"id\") \
         WHERE (deleted_at IS NULL)"
    );
    assert_eq!(
        drop_index("public", "i", true),
        "DROP INDEX CONCURRENTLY \"public\".\"i\""
    );
}

#[test]
fn comments_quote_text() {
    assert_eq!(
        comment_on(
            &CommentTarget::Column {
                table: q("public", "users"),
                column: "email".into()
            },
            Some("the user's email")
        ),
        "COMMENT ON COLUMN \"public\".\"users\".\"email\" IS 'the user''s email'"
    );
    assert_eq!(
        comment_on(&CommentTarget::Enum(q("public", "mood")), None),
        "COMMENT ON TYPE \"public\".\"mood\" IS NULL"
    );
}

#[test]
fn quotes_in_constraint_names_stay_one_identifier() {
    let fk = Fk {
        name: "a\"b".into(),
        columns: vec!["x".into()],
        references: q("public", "p"),
        referenced_columns: vec!["id".into()],
        on_delete: FkAction::NoAction,
        on_delete_columns: vec![],
        on_update: FkAction::NoAction,
        deferrable: Deferrable::NotDeferrable,
    };
    assert_eq!(
        add_foreign_key(&q("public", "t"), &fk),
        "ALTER TABLE \"public\".\"t\" ADD CONSTRAINT \"a\"\"b\" FOREIGN KEY (\"x\") REFERENCES \"public\".\"p\" (\"id\")"
    );
}

#[test]
fn create_table_without_columns_keeps_its_parentheses() {
    let t = TableDef::new("public", "empty", vec![]);
    assert_eq!(create_table(&t), r#"CREATE TABLE "public"."empty" ( )"#);
}

#[test]
fn qualified_collations_are_written_as_they_come() {
    let t = q("public", "t");
    assert_eq!(
        alter_column_type(
            &t,
            "s",
            &SqlType::Text,
            Some("\"public\".\"by\"\"tes\""),
            None
        ),
        r#"ALTER TABLE "public"."t" ALTER COLUMN "s" TYPE text COLLATE "public"."by""tes""#
    );
    assert_eq!(
        alter_column_type(&t, "s", &SqlType::Text, Some("C"), None),
        r#"ALTER TABLE "public"."t" ALTER COLUMN "s" TYPE text COLLATE "C""#
    );
}

#[test]
fn identity_sequences_are_renamed_through_the_catalog() {
    let sql = rename_identity_sequence(&q("My App", "New"), "ID", "New_ID_seq");
    assert_eq!(
        sql,
        "DO $q$DECLARE seq pg_catalog.regclass := \
         pg_catalog.pg_get_serial_sequence('\"My App\".\"New\"', 'ID'); \
         BEGIN IF seq IS NOT NULL AND pg_catalog.to_regclass('\"My App\".\"New_ID_seq\"') IS NULL THEN \
         EXECUTE pg_catalog.format('ALTER SEQUENCE %s RENAME TO %I', seq, 'New_ID_seq'); END IF; END$q$"
    );
}

#[test]
fn on_delete_column_lists_follow_the_other_action() {
    let fk = Fk {
        name: "posts_author_fk".into(),
        columns: vec!["tenant".into(), "author_id".into()],
        references: q("public", "people"),
        referenced_columns: vec!["tenant".into(), "id".into()],
        on_delete: FkAction::SetNull,
        on_delete_columns: vec!["author_id".into()],
        on_update: FkAction::Cascade,
        deferrable: Deferrable::InitiallyImmediate,
    };
    assert_eq!(
        add_foreign_key(&q("public", "posts"), &fk),
        "ALTER TABLE \"public\".\"posts\" ADD CONSTRAINT \"posts_author_fk\" FOREIGN KEY (\"tenant\", \"author_id\") \
         REFERENCES \"public\".\"people\" (\"tenant\", \"id\") ON UPDATE CASCADE ON DELETE SET NULL (\"author_id\") \
         DEFERRABLE INITIALLY IMMEDIATE"
    );
}

#[test]
fn index_keys_say_their_collation_before_the_operator_class() {
    let key = |target, collation: &str, opclass: Option<&str>| IndexKey {
        collation: Some(collation.into()),
        opclass: opclass.map(Into::into),
        order: SortOrder::Desc,
        ..IndexKey::on(target)
    };
    let index = IndexDef {
        name: "t_w_idx".into(),
        unique: false,
        method: "btree".into(),
        keys: vec![
            key(
                IndexTarget::Column("w".into()),
                "C",
                Some("text_pattern_ops"),
            ),
            key(
                IndexTarget::Expression("lower(w)".into()),
                "\"app\".\"Bytes\"",
                None,
            ),
        ],
        include: vec![],
        predicate: None,
        nulls_not_distinct: false,
        comment: None,
        invalid: false,
    };
    assert_eq!(
        create_index(&q("public", "t"), &index, false),
        "CREATE INDEX \"t_w_idx\" ON \"public\".\"t\" USING btree \
         (\"w\" COLLATE \"C\" text_pattern_ops DESC, (lower(w)) COLLATE \"app\".\"Bytes\" DESC)"
    );
}

#[test]
fn owned_sequences_are_released_through_the_catalog() {
    assert_eq!(
        release_owned_sequence(&q("My App", "T"), "Id"),
        "DO $q$DECLARE seq pg_catalog.regclass := \
         pg_catalog.pg_get_serial_sequence('\"My App\".\"T\"', 'Id'); \
         BEGIN IF seq IS NULL THEN RETURN; END IF; \
         IF EXISTS (SELECT 1 FROM pg_catalog.pg_depend d \
         WHERE d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass \
         AND d.refobjid = seq AND d.deptype = 'n') THEN \
         EXECUTE pg_catalog.format('ALTER SEQUENCE %s OWNED BY NONE', seq); \
         ELSE EXECUTE pg_catalog.format('DROP SEQUENCE %s', seq); END IF; END$q$"
    );
}

#[test]
fn a_new_identity_continues_past_the_values_either_way() {
    assert_eq!(
        continue_identity(&q("public", "t"), "id", false),
        "DO $q$DECLARE seq pg_catalog.regclass := \
         pg_catalog.pg_get_serial_sequence('\"public\".\"t\"', 'id'); next bigint; \
         BEGIN SELECT pg_catalog.max(\"id\")::bigint + 1 INTO next FROM \"public\".\"t\"; \
         IF next > (SELECT s.seqstart FROM pg_catalog.pg_sequence s WHERE s.seqrelid = seq) THEN \
         PERFORM pg_catalog.setval(seq, next, false); END IF; END$q$"
    );
    let down = continue_identity(&q("public", "t"), "id", true);
    assert!(
        down.contains("pg_catalog.min(\"id\")::bigint - 1") && down.contains("IF next < ("),
        "{down}"
    );
}
