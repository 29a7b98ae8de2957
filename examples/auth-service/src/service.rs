//! What the service does with its tables: sign a user up, open a session, and sell
//! them a credit package, recording the purchase in the ledger.
//!
//! Every table and column is named through the derived identifiers
//! (`User::TABLE`, `UserColumn::Email`): renaming a field or dropping a column
//! breaks this file at build time, not in production. Values are bound as
//! parameters; sea-query builds the statements, `postgres` runs them.

use chrono::Utc;
use postgres::Client;
use schema_core::query::sea_query::{Expr, ExprTrait, OnConflict, Query};
use schema_core::query::{self, QueryError};
use uuid::Uuid;

use crate::auth::{Password, PasswordColumn, Session, SessionColumn, User, UserColumn};
use crate::credits::{
    CreditBalance, CreditBalanceColumn, CreditPackage, CreditPackageColumn, CreditTransaction,
    CreditTransactionColumn, CreditTxType,
};

/// Signs `email` up (or finds them), opens a session, buys the package `slug`
/// (created if missing) and spends one credit; all in one transaction, safe to
/// repeat thanks to the ledger's idempotency key. Returns a one-line summary.
pub fn sign_up_and_buy_credits(
    client: &mut Client,
    email: &str,
    slug: &str,
) -> Result<String, QueryError> {
    let mut tx = client.transaction()?;
    let now = Utc::now();

    // The user: a value written with `insert`, its defaults (id, metadata,
    // timestamps) left to the database; an existing e-mail is touched instead.
    let signing_up = User {
        id: Uuid::nil(),
        email: email.to_string(),
        email_verified_at: None,
        display_name: email.split('@').next().map(str::to_string),
        metadata: serde_json::Value::Null,
        created_at: now,
        updated_at: now,
    };
    let user = User::from_row(&query::query_one(
        &mut tx,
        signing_up
            .insert()
            .on_conflict(
                OnConflict::column(UserColumn::Email)
                    .value(UserColumn::UpdatedAt, Expr::current_timestamp())
                    .to_owned(),
            )
            .returning_all(),
    )?)?;

    let password = Password {
        user_id: user.id,
        hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        algorithm: String::new(),
        updated_at: now,
    };
    query::execute(
        &mut tx,
        password.insert().on_conflict(
            OnConflict::column(PasswordColumn::UserId)
                .do_nothing()
                .to_owned(),
        ),
    )?;

    // A session, written column by column: it expires 30 days from the
    // database's clock.
    let token_hash = format!("{:x}", Uuid::new_v4().as_u128());
    query::execute(
        &mut tx,
        Query::insert()
            .into_table(Session::TABLE)
            .columns([
                SessionColumn::UserId,
                SessionColumn::TokenHash,
                SessionColumn::UserAgent,
                SessionColumn::ExpiresAt,
            ])
            .values_panic([
                user.id.into(),
                token_hash.into(),
                "auth-service".into(),
                Expr::current_timestamp().add(Expr::cust("interval '30 days'")),
            ]),
    )?;

    let starter = CreditPackage {
        id: Uuid::nil(),
        slug: slug.to_string(),
        name: "Starter".into(),
        credits: 100,
        price_cents: 900,
        currency: String::new(),
        active: true,
        created_at: now,
    };
    let package = CreditPackage::from_row(&query::query_one(
        &mut tx,
        starter
            .insert()
            .on_conflict(
                OnConflict::column(CreditPackageColumn::Slug)
                    .value(CreditPackageColumn::Active, true)
                    .to_owned(),
            )
            .returning_all(),
    )?)?;

    let purchase = CreditTransaction {
        id: Uuid::nil(),
        user_id: user.id,
        package_id: Some(package.id),
        kind: CreditTxType::Purchase,
        amount: package.credits,
        idempotency_key: Some(format!("purchase:{}:{slug}", user.id)),
        metadata: serde_json::Value::Null,
        created_at: now,
    };
    let bought = query::execute(
        &mut tx,
        purchase.insert().on_conflict(
            OnConflict::column(CreditTransactionColumn::IdempotencyKey)
                .do_nothing()
                .to_owned(),
        ),
    )?;
    let delta = if bought == 1 { package.credits - 1 } else { -1 };
    let spend = CreditTransaction {
        package_id: None,
        kind: CreditTxType::Spend,
        amount: -1,
        idempotency_key: None,
        ..purchase
    };
    query::execute(&mut tx, &spend.insert())?;

    // The balance may never go below zero: the table's check constraint rolls the
    // whole transaction back if spending would overdraw it.
    let opening = CreditBalance {
        user_id: user.id,
        balance: 0,
        updated_at: now,
    };
    query::execute(
        &mut tx,
        opening.insert().on_conflict(
            OnConflict::column(CreditBalanceColumn::UserId)
                .do_nothing()
                .to_owned(),
        ),
    )?;
    let balance = CreditBalance::from_row(&query::query_one(
        &mut tx,
        Query::update()
            .table(CreditBalance::TABLE)
            .value(
                CreditBalanceColumn::Balance,
                Expr::col(CreditBalanceColumn::Balance).add(delta),
            )
            .value(CreditBalanceColumn::UpdatedAt, Expr::current_timestamp())
            .and_where(Expr::col(CreditBalanceColumn::UserId).eq(user.id))
            .returning_all(),
    )?)?;
    tx.commit()?;
    Ok(format!(
        "user {email} ({}) signed in; balance {} credits",
        user.id, balance.balance
    ))
}
