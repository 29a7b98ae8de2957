use schema_core::Table;

#[derive(Table)]
pub struct Membership {
    #[column(primary_key)]
    pub user_id: i64,
    #[column(primary_key)]
    pub group_id: i64,
}

fn main() {}
