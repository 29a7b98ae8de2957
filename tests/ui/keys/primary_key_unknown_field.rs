use schema_core::Table;

#[derive(Table)]
#[table(primary_key = [user_id, group])]
pub struct Membership {
    pub user_id: i64,
    pub group_id: i64,
}

fn main() {}
