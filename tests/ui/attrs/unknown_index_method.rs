use schema_core::Table;

#[derive(Table)]
#[table(index(columns = [tags], method = "gni"))]
pub struct Post {
    pub tags: Vec<String>,
}

fn main() {}
