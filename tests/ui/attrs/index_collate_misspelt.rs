use schema_core::Table;

#[derive(Table)]
#[table(index(columns = [title colate "C" desc]))]
pub struct Post {
    pub title: String,
}

fn main() {}
