use schema_core::Table;

#[derive(Table)]
pub struct User {
    pub the_date_and_time_at_which_this_user_first_verified_their_email_address: i64,
}

fn main() {}
