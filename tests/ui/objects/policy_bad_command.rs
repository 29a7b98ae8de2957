use schema_core::Table;

#[derive(Table)]
#[table(policy(name = "read_own", command = "read", using = "owner = current_user"))]
pub struct Note {
    #[column(primary_key)]
    pub id: i64,
    pub owner: String,
}

fn main() {}
