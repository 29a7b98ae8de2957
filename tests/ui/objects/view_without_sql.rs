use schema_core::View;

#[derive(View)]
#[view(name = "active_users")]
pub struct ActiveUser {
    pub id: i64,
}

fn main() {}
