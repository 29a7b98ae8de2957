use schema_core::Table;

#[derive(Table)]
#[table(trigger(name = "users_audit", after = "update", update_of = [emial], function = "audit"))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    pub email: String,
}

fn main() {}
