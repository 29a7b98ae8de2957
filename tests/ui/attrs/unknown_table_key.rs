use schema_core::Table;

#[derive(Table)]
#[table(nmae = "users")]
pub struct User {
    pub id: i64,
}

fn main() {}
