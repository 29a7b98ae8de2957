//! What the service does with its tables: sign a user up, open a session, and sell
//! them a credit package, recording the purchase in the ledger.

use postgres::Client;
use uuid::Uuid;

/// Signs `email` up (or finds them), opens a session, buys the package `slug`
/// (created if missing) and spends one credit; all in one transaction, safe to
/// repeat thanks to the ledger's idempotency key. Returns a one-line summary.
pub fn sign_up_and_buy_credits(
    client: &mut Client,
    email: &str,
    slug: &str,
) -> Result<String, postgres::Error> {
    let mut tx = client.transaction()?;
    let user: Uuid = tx
        .query_one(
            "INSERT INTO users (email, display_name) VALUES ($1, split_part($1, '@', 1))
             ON CONFLICT (email) DO UPDATE SET updated_at = now() RETURNING id",
            &[&email],
        )?
        .get(0);
    tx.execute(
        "INSERT INTO passwords (user_id, hash) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING",
        &[&user, &"$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"],
    )?;
    let token_hash = format!("{:x}", Uuid::new_v4().as_u128());
    tx.execute(
        "INSERT INTO sessions (user_id, token_hash, user_agent, expires_at)
         VALUES ($1, $2, 'auth-service', now() + interval '30 days')",
        &[&user, &token_hash],
    )?;
    let package = tx.query_one(
        "INSERT INTO credit_packages (slug, name, credits, price_cents) VALUES ($1, 'Starter', 100, 900)
         ON CONFLICT (slug) DO UPDATE SET active = true RETURNING id, credits",
        &[&slug],
    )?;
    let (package_id, credits): (Uuid, i64) = (package.get(0), package.get(1));
    let purchase_key = format!("purchase:{user}:{slug}");
    let bought = tx.execute(
        "INSERT INTO credit_transactions (user_id, package_id, type, amount, idempotency_key)
         VALUES ($1, $2, 'purchase', $3, $4) ON CONFLICT (idempotency_key) DO NOTHING",
        &[&user, &package_id, &credits, &purchase_key],
    )?;
    let delta = if bought == 1 { credits - 1 } else { -1 };
    tx.execute(
        "INSERT INTO credit_transactions (user_id, type, amount) VALUES ($1, 'spend', -1)",
        &[&user],
    )?;
    // The balance may never go below zero: the table's check constraint rolls the
    // whole transaction back if spending would overdraw it.
    tx.execute(
        "INSERT INTO credit_balances (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING",
        &[&user],
    )?;
    let balance: i64 = tx
        .query_one(
            "UPDATE credit_balances SET balance = balance + $2, updated_at = now() WHERE user_id = $1 RETURNING balance",
            &[&user, &delta],
        )?
        .get(0);
    tx.commit()?;
    Ok(format!(
        "user {email} ({user}) signed in; balance {balance} credits"
    ))
}
