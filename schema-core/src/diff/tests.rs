//! Diff unit tests: two hand-built schemas in, changes out.

use super::*;
use crate::model::{Column, EnumType, PrimaryKey, Table};

pub(crate) fn col(name: &str, ty: &str) -> Column {
    Column::new(name, SqlType::parse(ty))
}

/// A table whose first column is its primary key.
pub(crate) fn table(schema: &str, name: &str, columns: Vec<Column>) -> Table {
    let key = PrimaryKey {
        name: format!("{name}_pkey"),
        columns: vec![columns[0].name.clone()],
    };
    Table {
        primary_key: Some(key),
        ..Table::new(schema, name, columns)
    }
}

pub(crate) fn enum_type(schema: &str, name: &str, values: &[&str]) -> EnumType {
    EnumType {
        schema: schema.into(),
        name: name.into(),
        values: values.iter().map(|v| v.to_string()).collect(),
        comment: None,
        renamed_from: vec![],
        renamed_values: vec![],
    }
}

fn schema(enums: Vec<EnumType>, tables: Vec<Table>) -> Schema {
    let mut s = Schema {
        schemas: vec![],
        enums,
        tables,
        extensions: vec![],
        views: vec![],
        functions: vec![],
        domains: vec![],
        sequences: vec![],
        namespace_grants: vec![],
    };
    s.normalize();
    s
}

#[test]
fn equal_schemas_have_no_changes() {
    let s = schema(
        vec![enum_type("public", "e", &["a"])],
        vec![table("app", "t", vec![col("id", "int8")])],
    );
    assert_eq!(diff(&s, &s), vec![]);
}

#[test]
fn public_is_never_created_but_other_namespaces_are() {
    let to = schema(
        vec![],
        vec![
            table("public", "a", vec![col("id", "int8")]),
            table("app", "b", vec![col("id", "int8")]),
        ],
    );
    let changes = diff(&Schema::empty(), &to);
    let schemas: Vec<_> = changes
        .iter()
        .filter(|c| matches!(c, Change::CreateSchema { .. }))
        .collect();
    assert_eq!(schemas, [&Change::CreateSchema { name: "app".into() }]);
    let back = diff(&to, &Schema::empty());
    assert!(back.contains(&Change::DropSchema { name: "app".into() }));
    assert!(!back
        .iter()
        .any(|c| matches!(c, Change::DropSchema { name } if name == "public")));
}

#[test]
fn appended_and_inserted_enum_values_are_added_in_place() {
    let from = schema(vec![enum_type("public", "e", &["b", "d"])], vec![]);
    let to = schema(
        vec![enum_type("public", "e", &["a", "b", "c", "d", "e", "f"])],
        vec![],
    );
    let q = QualifiedName::new("public", "e");
    let add = |v: &str, p: EnumValuePosition| Change::AddEnumValue {
        enum_name: q.clone(),
        value: v.into(),
        position: p,
    };
    assert_eq!(
        diff(&from, &to),
        [
            add("a", EnumValuePosition::Before("b".into())),
            add("c", EnumValuePosition::Before("d".into())),
            add("e", EnumValuePosition::Last),
            add("f", EnumValuePosition::Last),
        ]
    );
}

#[test]
fn removed_enum_value_recreates_the_type_and_lists_its_columns() {
    let mut status = col("status", "public.e");
    status.default = Some("'a'::public.e".into());
    let t = table(
        "public",
        "t",
        vec![col("id", "int8"), status, col("tags", "public.e[]")],
    );
    let from = schema(vec![enum_type("public", "e", &["a", "b"])], vec![t.clone()]);
    let to = schema(vec![enum_type("public", "e", &["a"])], vec![t]);
    let changes = diff(&from, &to);
    let [Change::RecreateEnum { columns, .. }] = changes.as_slice() else {
        panic!("{changes:#?}")
    };
    let names: Vec<_> = columns
        .iter()
        .map(|u| (u.column.as_str(), u.array, u.default.clone()))
        .collect();
    assert_eq!(
        names,
        [
            ("status", false, Some("'a'::public.e".into())),
            ("tags", true, None)
        ]
    );
}

#[test]
fn declared_renames_become_renames() {
    let mut from_t = table(
        "public",
        "people",
        vec![col("id", "int8"), col("mail", "text")],
    );
    from_t.uniques.push(crate::model::Unique {
        name: "u".into(),
        columns: vec!["mail".into()],
        nulls_not_distinct: false,
    });
    let mut to_t = from_t.clone();
    to_t.name = "users".into();
    to_t.renamed_from = vec!["people".into()];
    to_t.columns[1].name = "email".into();
    to_t.columns[1].renamed_from = vec!["mail".into()];
    to_t.uniques[0].columns = vec!["email".into()];
    let mut e = enum_type("public", "mood", &["ok", "sad"]);
    let mut e2 = enum_type("public", "feeling", &["ok", "unhappy"]);
    e2.renamed_from = vec!["mood".into()];
    e2.renamed_values = vec![("sad".into(), "unhappy".into())];
    e.comment = None;
    let from = schema(vec![e], vec![from_t]);
    let to = schema(vec![e2], vec![to_t]);
    let people = QualifiedName::new("public", "people");
    let users = QualifiedName::new("public", "users");
    assert_eq!(
        diff(&from, &to),
        [
            Change::RenameEnum {
                from: QualifiedName::new("public", "mood"),
                to: "feeling".into()
            },
            Change::RenameEnumValue {
                enum_name: QualifiedName::new("public", "feeling"),
                from: "sad".into(),
                to: "unhappy".into()
            },
            Change::RenameTable {
                from: people,
                to: "users".into()
            },
            Change::RenameColumn {
                table: users,
                from: "mail".into(),
                to: "email".into()
            },
        ]
    );
    // Once applied, the hints are inert.
    assert_eq!(diff(&to.without_hints(), &to), vec![]);
}

#[test]
fn undeclared_renames_are_offered_as_candidates() {
    let from = schema(
        vec![],
        vec![table(
            "public",
            "a",
            vec![col("id", "int8"), col("x", "text")],
        )],
    );
    let mut b = table("public", "b", vec![col("id", "int8"), col("x", "text")]);
    b.primary_key.as_mut().unwrap().name = "a_pkey".into();
    let to = schema(vec![], vec![b]);
    let changes = diff(&from, &to);
    let candidates = rename_candidates(&changes);
    assert_eq!(
        candidates,
        [RenameCandidate::Table {
            schema: "public".into(),
            from: "a".into(),
            to: "b".into()
        }]
    );
    let mut confirmed = to.clone();
    assert!(apply_rename(&mut confirmed, &candidates[0]));
    assert_eq!(
        diff(&from, &confirmed),
        [Change::RenameTable {
            from: QualifiedName::new("public", "a"),
            to: "b".into()
        }],
    );

    let from = schema(
        vec![],
        vec![table(
            "public",
            "t",
            vec![col("id", "int8"), col("x", "text")],
        )],
    );
    let to = schema(
        vec![],
        vec![table(
            "public",
            "t",
            vec![col("id", "int8"), col("y", "text")],
        )],
    );
    let candidates = rename_candidates(&diff(&from, &to));
    assert_eq!(
        candidates,
        [RenameCandidate::Column {
            table: QualifiedName::new("public", "t"),
            from: "x".into(),
            to: "y".into()
        }]
    );
}

#[test]
fn dropping_a_referenced_key_rebuilds_the_foreign_keys_on_it() {
    let parent = table("public", "p", vec![col("id", "int8"), col("code", "text")]);
    let mut child = table("public", "c", vec![col("id", "int8"), col("p_id", "int8")]);
    child.foreign_keys.push(crate::model::ForeignKey {
        name: "c_p_fk".into(),
        columns: vec!["p_id".into()],
        references: parent.qualified_name(),
        referenced_columns: vec!["id".into()],
        on_delete: Default::default(),
        on_delete_columns: vec![],
        on_update: Default::default(),
        deferrable: Default::default(),
    });
    let mut new_parent = parent.clone();
    new_parent.primary_key.as_mut().unwrap().name = "p_pk".into();
    let from = schema(vec![], vec![parent, child.clone()]);
    let to = schema(vec![], vec![new_parent, child]);
    let kinds: Vec<_> = diff(&from, &to)
        .iter()
        .map(|c| {
            serde_json::to_value(c).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "drop_primary_key",
            "add_primary_key",
            "drop_foreign_key",
            "add_foreign_key"
        ]
    );
}

#[test]
fn comments_follow_their_objects() {
    let mut a = table("public", "t", vec![col("id", "int8"), col("g", "int8")]);
    a.columns[1].generated = Some("id * 2".into());
    a.columns[1].comment = Some("double".into());
    let mut b = a.clone();
    b.comment = Some("things".into());
    b.columns[0].comment = Some("key".into());
    b.columns[1].generated = Some("id * 3".into());
    let mut e = enum_type("public", "e", &["a"]);
    let from = schema(vec![e.clone()], vec![a]);
    e.comment = Some("letters".into());
    let to = schema(vec![e], vec![b]);
    let t = QualifiedName::new("public", "t");
    let comments: Vec<_> = diff(&from, &to)
        .into_iter()
        .filter_map(|c| match c {
            Change::SetComment { target, comment } => Some((target, comment)),
            _ => None,
        })
        .collect();
    assert_eq!(
        comments,
        [
            (
                CommentTarget::Enum(QualifiedName::new("public", "e")),
                Some("letters".into())
            ),
            (
                CommentTarget::Column {
                    table: t.clone(),
                    column: "id".into()
                },
                Some("key".into())
            ),
            // Dropped and added again for its new expression: its comment is set again.
            (
                CommentTarget::Column {
                    table: t.clone(),
                    column: "g".into()
                },
                Some("double".into())
            ),
            (CommentTarget::Table(t), Some("things".into())),
        ]
    );
}

#[test]
fn recreated_enum_gets_its_comment_again() {
    let mut old = enum_type("public", "e", &["a", "b"]);
    old.comment = Some("letters".into());
    let mut new = enum_type("public", "e", &["b", "a"]);
    new.comment = Some("letters".into());
    let changes = diff(&schema(vec![old], vec![]), &schema(vec![new], vec![]));
    assert!(
        changes.iter().any(|c| matches!(c, Change::SetComment {
            target: CommentTarget::Enum(_),
            comment: Some(text),
        } if text == "letters")),
        "{changes:#?}"
    );
}

#[test]
fn generated_column_reading_a_retyped_column_is_added_again_after_it() {
    let columns = vec![
        col("id", "int4"),
        col("g", "int8"),
        col("a", "int4"),
        col("h", "int8"),
    ];
    let mut a = table("public", "t", columns);
    a.columns[1].generated = Some("(a * 2)".into());
    // A name that only contains "a" is not a mention of it.
    a.columns[3].generated = Some("(length(name) * 2)".into());
    let mut b = a.clone();
    b.columns[2].ty = SqlType::parse("int8");
    let kinds: Vec<String> = diff(&schema(vec![], vec![a]), &schema(vec![], vec![b]))
        .iter()
        .map(|c| match c {
            Change::DropColumn { column, .. } => format!("drop {}", column.name),
            Change::AddColumn { column, .. } => format!("add {}", column.name),
            Change::AlterColumn { to, .. } => format!("alter {}", to.name),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["drop g", "alter a", "add g"]);
}

#[test]
fn foreign_keys_over_retyped_columns_are_dropped_and_added_back() {
    let p = table("public", "p", vec![col("k", "text")]);
    let mut c = table("public", "c", vec![col("id", "int4"), col("k", "text")]);
    c.foreign_keys.push(crate::model::ForeignKey {
        name: "c_k_fk".into(),
        columns: vec!["k".into()],
        references: QualifiedName::new("public", "p"),
        referenced_columns: vec!["k".into()],
        on_delete: Default::default(),
        on_delete_columns: vec![],
        on_update: Default::default(),
        deferrable: Default::default(),
    });
    let from = schema(vec![], vec![p.clone(), c.clone()]);
    let (mut p2, mut c2) = (p, c);
    p2.columns[0].ty = SqlType::Uuid;
    c2.columns[1].ty = SqlType::Uuid;
    let changes = diff(&from, &schema(vec![], vec![p2, c2]));
    let fk_changes: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            Change::DropForeignKey { .. } => Some("drop"),
            Change::AddForeignKey { .. } => Some("add"),
            _ => None,
        })
        .collect();
    assert_eq!(fk_changes, ["drop", "add"], "{changes:#?}");
}

#[test]
fn generated_columns_are_dropped_before_the_columns_they_read() {
    let columns = vec![col("id", "int4"), col("a", "int4"), col("g", "int4")];
    let mut a = table("public", "t", columns);
    a.columns[2].generated = Some("(a + 1)".into());
    let mut b = a.clone();
    b.columns.truncate(1);
    let dropped: Vec<String> = diff(&schema(vec![], vec![a]), &schema(vec![], vec![b]))
        .iter()
        .filter_map(|c| match c {
            Change::DropColumn { column, .. } => Some(column.name.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(dropped, ["g", "a"]);
}

#[test]
fn renamed_identity_columns_rename_their_sequences() {
    let mut people = table(
        "public",
        "people",
        vec![col("id", "int8"), col("n", "int8")],
    );
    for c in &mut people.columns {
        c.identity = Some(Box::new(crate::model::Identity {
            kind: crate::model::IdentityKind::Always,
            start: None,
            increment: None,
            min_value: None,
            max_value: None,
            cache: None,
            cycle: false,
        }));
    }
    people.columns[1].identity = None;
    let mut users = people.clone();
    users.name = "users".into();
    users.renamed_from.push("people".into());
    users.columns[0].name = "uid".into();
    users.columns[0].renamed_from.push("id".into());
    users.primary_key.as_mut().unwrap().columns = vec!["uid".into()];
    users.primary_key.as_mut().unwrap().name = "people_pkey".into();
    let changes = diff(&schema(vec![], vec![people]), &schema(vec![], vec![users]));
    let sequences: Vec<&Change> = changes
        .iter()
        .filter(|c| matches!(c, Change::RenameIdentitySequence { .. }))
        .collect();
    assert_eq!(
        sequences,
        [&Change::RenameIdentitySequence {
            table: QualifiedName::new("public", "users"),
            column: "uid".into(),
            to: "users_uid_seq".into(),
        }]
    );
}

#[test]
fn a_changed_on_delete_column_list_remakes_the_foreign_key_and_follows_renames() {
    let parent = table("public", "p", vec![col("id", "int8"), col("t", "int8")]);
    let mut child = table(
        "public",
        "c",
        vec![col("id", "int8"), col("t", "int8"), col("p_id", "int8")],
    );
    child.foreign_keys.push(crate::model::ForeignKey {
        name: "c_p_fk".into(),
        columns: vec!["t".into(), "p_id".into()],
        references: parent.qualified_name(),
        referenced_columns: vec!["t".into(), "id".into()],
        on_delete: crate::model::FkAction::SetNull,
        on_delete_columns: vec![],
        on_update: Default::default(),
        deferrable: Default::default(),
    });
    let mut listed = child.clone();
    listed.foreign_keys[0].on_delete_columns = vec!["p_id".into()];
    let from = schema(vec![], vec![parent.clone(), child]);
    let to = schema(vec![], vec![parent.clone(), listed.clone()]);
    let changes = diff(&from, &to);
    assert!(
        matches!(
            &changes[..],
            [Change::DropForeignKey { .. }, Change::AddForeignKey { foreign_key, .. }]
                if foreign_key.on_delete_columns == ["p_id"]
        ),
        "{changes:#?}"
    );

    // A renamed column is renamed in the list too: nothing else changes.
    let mut renamed = listed.clone();
    renamed.columns[2].name = "parent_id".into();
    renamed.columns[2].renamed_from = vec!["p_id".into()];
    renamed.foreign_keys[0].columns[1] = "parent_id".into();
    renamed.foreign_keys[0].on_delete_columns = vec!["parent_id".into()];
    let from = schema(vec![], vec![parent.clone(), listed]);
    let to = schema(vec![], vec![parent, renamed]);
    let changes = diff(&from, &to);
    assert!(
        matches!(&changes[..], [Change::RenameColumn { .. }]),
        "{changes:#?}"
    );
}
