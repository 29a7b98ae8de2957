use schema_core::Table;

#[derive(Table)]
pub struct User {
    #[column(sql_type)]
    pub email: String,
}

fn main() {}
