use schema_core::Table;

#[derive(Table)]
#[table(policy(name = "add_own", command = "insert", using = "owner = current_user"))]
pub struct Note {
    #[column(primary_key)]
    pub id: i64,
    pub owner: String,
}

fn main() {}
