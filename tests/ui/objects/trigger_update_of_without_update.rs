use schema_core::Table;

#[derive(Table)]
#[table(trigger(name = "users_audit", after = "insert", update_of = [email], function = "audit"))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
    pub email: String,
}

fn main() {}
