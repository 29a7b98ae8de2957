//! Credits: packages a user can buy, each user's balance, and the ledger of
//! every movement.

use chrono::{DateTime, Utc};
use schema_core::{Enum, Table};
use uuid::Uuid;

use crate::auth::User;

/// Why a credit balance moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[enum_type(name = "credit_tx_type")]
pub enum CreditTxType {
    Purchase,
    Spend,
    Refund,
    Grant,
    Expire,
}

/// A package of credits on sale.
#[derive(Debug, Clone, Table)]
#[table(name = "credit_packages")]
pub struct CreditPackage {
    #[column(primary_key, default_sql = "gen_random_uuid()", insert_default)]
    pub id: Uuid,
    #[column(unique)]
    pub slug: String,
    pub name: String,
    pub credits: i64,
    pub price_cents: i32,
    #[column(sql_type = "varchar(3)", default = "USD", insert_default)]
    pub currency: String,
    #[column(default = true)]
    pub active: bool,
    #[column(default_sql = "now()", insert_default)]
    pub created_at: DateTime<Utc>,
}

/// A user's current balance; never negative.
#[derive(Debug, Clone, Table)]
#[table(
    name = "credit_balances",
    check(name = "credit_balances_balance_check", expr = "balance >= 0")
)]
pub struct CreditBalance {
    #[column(primary_key, references = User::id, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(default = 0)]
    pub balance: i64,
    #[column(default_sql = "now()", insert_default)]
    pub updated_at: DateTime<Utc>,
}

/// One movement of credits; `idempotency_key` makes retried requests harmless.
#[derive(Debug, Clone, Table)]
#[table(name = "credit_transactions", index(columns = [user_id, created_at]))]
pub struct CreditTransaction {
    #[column(primary_key, default_sql = "gen_random_uuid()", insert_default)]
    pub id: Uuid,
    #[column(references = User::id, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(references = CreditPackage::id, on_delete = "set_null")]
    pub package_id: Option<Uuid>,
    #[column(name = "type")]
    pub kind: CreditTxType,
    pub amount: i64,
    #[column(unique)]
    pub idempotency_key: Option<String>,
    #[column(default = serde_json::json!({}), insert_default)]
    pub metadata: serde_json::Value,
    #[column(default_sql = "now()", insert_default)]
    pub created_at: DateTime<Utc>,
}
