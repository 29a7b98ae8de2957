use schema_core::Table;

#[derive(Table)]
#[table(index(columns = [title opclass text_pattern_ops]))]
pub struct Post {
    pub title: String,
}

fn main() {}
