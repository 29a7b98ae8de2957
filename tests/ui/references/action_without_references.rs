use schema_core::Table;

#[derive(Table)]
pub struct Session {
    #[column(on_delete = "cascade")]
    pub user_id: i64,
}

fn main() {}
