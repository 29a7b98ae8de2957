use schema_core::Table;
use uuid::Uuid;

#[derive(Table)]
pub struct User {
    #[column(primary_key, identity = "always")]
    pub id: Uuid,
}

fn main() {}
