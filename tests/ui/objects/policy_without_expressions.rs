use schema_core::Table;

#[derive(Table)]
#[table(policy(name = "everything", to = "app"))]
pub struct Note {
    #[column(primary_key)]
    pub id: i64,
}

fn main() {}
