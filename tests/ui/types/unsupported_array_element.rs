use schema_core::Table;

#[derive(Table)]
pub struct Job {
    pub timeouts: Vec<std::time::Duration>,
}

fn main() {}
