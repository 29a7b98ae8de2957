use schema_core::Table;

#[derive(Table)]
#[table(trigger(name = "users_truncated", after = "truncate", function = "audit"))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

fn main() {}
