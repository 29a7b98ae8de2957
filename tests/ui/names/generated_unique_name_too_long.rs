use schema_core::Table;

#[derive(Table)]
#[table(name = "customer_billing_profiles")]
pub struct BillingProfile {
    #[column(primary_key)]
    pub id: i64,
    #[column(unique)]
    pub external_payment_provider_customer_id: String,
}

fn main() {}
