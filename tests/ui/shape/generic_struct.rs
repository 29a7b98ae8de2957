use schema_core::Table;

#[derive(Table)]
pub struct Wrapper<T> {
    pub value: T,
}

fn main() {}
