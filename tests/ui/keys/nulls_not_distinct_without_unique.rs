use schema_core::Table;

#[derive(Table)]
#[table(index(columns = [email], nulls_not_distinct))]
pub struct User {
    pub email: Option<String>,
}

fn main() {}
