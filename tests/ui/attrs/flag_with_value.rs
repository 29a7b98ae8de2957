use schema_core::Table;

#[derive(Table)]
pub struct User {
    #[column(unique = true)]
    pub email: String,
}

fn main() {}
