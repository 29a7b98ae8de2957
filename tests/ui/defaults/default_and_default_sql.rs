use schema_core::Table;

#[derive(Table)]
pub struct Package {
    #[column(default = "USD", default_sql = "'EUR'")]
    pub currency: String,
}

fn main() {}
