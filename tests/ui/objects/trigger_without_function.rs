use schema_core::Table;

#[derive(Table)]
#[table(trigger(name = "users_touch", before = "update"))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

fn main() {}
