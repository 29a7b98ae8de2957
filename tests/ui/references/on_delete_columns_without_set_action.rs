use schema_core::Table;

#[derive(Table)]
#[table(primary_key = [tenant, id])]
pub struct Author {
    pub tenant: i32,
    pub id: i32,
}

#[derive(Table)]
#[table(foreign_key(columns = [tenant, author_id], references = Author, target = [tenant, id],
                    on_delete = "cascade", on_delete_columns = [author_id]))]
pub struct Post {
    pub tenant: i32,
    pub author_id: Option<i32>,
}

fn main() {}
