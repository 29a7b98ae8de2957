use schema_core::Table;

#[derive(Table)]
#[table(index(columns = ["lower(title)" collate ""]))]
pub struct Post {
    pub title: String,
}

fn main() {}
