use schema_core::Table;

#[derive(Table)]
#[table(primary_key = [tenant, id])]
pub struct Author {
    pub tenant: i32,
    pub id: i32,
}

#[derive(Table)]
#[table(foreign_key(columns = [tenant, author_id], references = Author, target = [tenant, id],
                    on_delete = "set_null", on_delete_columns = [editor_id]))]
pub struct Post {
    pub tenant: i32,
    pub author_id: Option<i32>,
    pub editor_id: Option<i32>,
}

fn main() {}
