use schema_core::Table;

#[derive(Table)]
#[table(primary_key = [a, b])]
pub struct Parent {
    pub a: i32,
    pub b: String,
}

#[derive(Table)]
#[table(foreign_key(columns = [pa, pb], references = Parent, target = [a, b]))]
pub struct Child {
    pub pa: i32,
    pub pb: i64,
}

fn main() {}
