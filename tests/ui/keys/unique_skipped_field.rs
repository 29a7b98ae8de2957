use schema_core::Table;

#[derive(Table)]
#[table(unique(columns = [email]))]
pub struct User {
    pub id: i64,
    #[column(skip)]
    pub email: String,
}

fn main() {}
