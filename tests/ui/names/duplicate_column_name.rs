use schema_core::Table;

#[derive(Table)]
pub struct User {
    pub email: String,
    #[column(name = "email")]
    pub contact_email: String,
}

fn main() {}
