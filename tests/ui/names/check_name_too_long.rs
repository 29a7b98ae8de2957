use schema_core::Table;

#[derive(Table)]
#[table(check(name = "balance_must_never_go_below_zero_even_when_refunds_arrive_late_at_night", expr = "balance >= 0"))]
pub struct Balance {
    pub balance: i64,
}

fn main() {}
