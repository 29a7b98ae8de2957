use schema_core::Table;

#[derive(Table)]
pub struct Author {
    #[column(primary_key)]
    pub id: i32,
}

#[derive(Table)]
pub struct Post {
    #[column(references = Author::id, on_delete = "set_null", on_delete_columns = [author_id])]
    pub author_id: Option<i32>,
}

fn main() {}
