use schema_core::Enum;

#[derive(Enum)]
pub enum Reason {
    PaymentProviderReportedTheCardAsStolenAfterTheSubscriptionWasRenewed,
}

fn main() {}
