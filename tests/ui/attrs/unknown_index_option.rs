use schema_core::Table;

#[derive(Table)]
#[table(index(columns = [created_at descending]))]
pub struct Post {
    pub created_at: i64,
}

fn main() {}
