use schema_core::Table;

#[derive(Table)]
#[table(primary_key_name = "a_primary_key_name_that_is_much_longer_than_the_sixty_three_bytes_postgres_keeps")]
pub struct Event {
    #[column(primary_key)]
    pub id: i64,
}

fn main() {}
