use schema_core::Table;

#[derive(Table)]
#[table(trigger(
    name = "users_touch",
    sql = "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()",
    before = "update"
))]
pub struct User {
    #[column(primary_key)]
    pub id: i64,
}

fn main() {}
