use schema_core::Table;

#[derive(Table)]
#[table(row_security, policy(using = "owner = current_user"))]
pub struct Note {
    #[column(primary_key)]
    pub id: i64,
    pub owner: String,
}

fn main() {}
