use schema_core::Table;

#[derive(Table)]
#[table(policy(name = "read_own", roles = ["app"], using = "owner = current_user"))]
pub struct Note {
    #[column(primary_key)]
    pub id: i64,
    pub owner: String,
}

fn main() {}
