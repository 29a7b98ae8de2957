use schema_core::Table;

#[derive(Table)]
#[table(shema = "auth")]
pub struct User {
    #[column(primary_key)]
    pub id: Option<i64>,
    #[column(uniqe)]
    pub email: String,
    #[column(default = 1, default_sql = "2")]
    pub rank: i32,
}

fn main() {}
