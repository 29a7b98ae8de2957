use schema_core::View;

#[derive(View)]
#[view(sql = "SELECT 1 AS id")]
pub struct ActiveUser;

fn main() {}
