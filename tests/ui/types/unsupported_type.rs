use schema_core::Table;

#[derive(Table)]
pub struct Job {
    pub attempts: u32,
}

fn main() {}
