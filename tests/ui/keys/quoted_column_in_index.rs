use schema_core::Table;

#[derive(Table)]
#[table(index(columns = ["email"]))]
pub struct User {
    pub email: String,
}

fn main() {}
