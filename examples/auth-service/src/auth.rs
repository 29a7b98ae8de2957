//! Identity: users, their sessions, linked OAuth accounts, password hashes, and
//! one-time verification tokens.

use chrono::{DateTime, Utc};
use schema_core::{Function, Table};
use uuid::Uuid;

// E-mail addresses compare without regard to case.
schema_core::extensions!("citext");

/// Sets `updated_at` to the time of the change on every UPDATE of a row.
#[derive(Function)]
#[function(sql_file = "sql/set_updated_at.sql")]
pub struct SetUpdatedAt;

/// A person who can sign in.
#[derive(Debug, Clone, Table)]
#[table(
    name = "users",
    trigger(
        name = "users_set_updated_at",
        before = "update",
        function = "set_updated_at"
    )
)]
pub struct User {
    #[column(primary_key, default_sql = "gen_random_uuid()", insert_default)]
    pub id: Uuid,
    /// Unique whatever its case: `Ann@Example.com` is `ann@example.com`.
    #[column(unique, sql_type = "public.citext")]
    pub email: String,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub display_name: Option<String>,
    #[column(default = serde_json::json!({}), insert_default)]
    pub metadata: serde_json::Value,
    #[column(default_sql = "now()", insert_default)]
    pub created_at: DateTime<Utc>,
    #[column(default_sql = "now()", insert_default)]
    pub updated_at: DateTime<Utc>,
}

/// A signed-in browser or device; the token itself is only ever stored hashed.
///
/// Row level security: a role other than the owner sees only the sessions of
/// the user named by the `app.user_id` setting (`SET app.user_id = '...'`).
#[derive(Debug, Clone, Table)]
#[table(
    name = "sessions",
    index(columns = [user_id]),
    index(columns = [expires_at]),
    row_security,
    policy(
        name = "sessions_of_current_user",
        using = "user_id = nullif(current_setting('app.user_id', true), '')::uuid"
    )
)]
pub struct Session {
    #[column(primary_key, default_sql = "gen_random_uuid()", insert_default)]
    pub id: Uuid,
    #[column(references = User::id, on_delete = "cascade")]
    pub user_id: Uuid,
    #[column(unique)]
    pub token_hash: String,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    pub expires_at: DateTime<Utc>,
    #[column(default_sql = "now()", insert_default)]
    pub created_at: DateTime<Utc>,
}

/// An identity at an external provider (OAuth), linked to a user.
#[derive(Debug, Clone, Table)]
#[table(
    name = "accounts",
    unique(columns = [provider, provider_account_id]),
    index(columns = [user_id])
)]
pub struct Account {
    #[column(primary_key, default_sql = "gen_random_uuid()", insert_default)]
    pub id: Uuid,
    #[column(references = User::id, on_delete = "cascade")]
    pub user_id: Uuid,
    pub provider: String,
    pub provider_account_id: String,
    pub access_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_at: Option<DateTime<Utc>>,
    pub scope: Option<String>,
    #[column(default_sql = "now()", insert_default)]
    pub created_at: DateTime<Utc>,
}

/// A user's password hash; at most one per user.
#[derive(Debug, Clone, Table)]
#[table(name = "passwords")]
pub struct Password {
    #[column(primary_key, references = User::id, on_delete = "cascade")]
    pub user_id: Uuid,
    pub hash: String,
    #[column(default = "argon2id", insert_default)]
    pub algorithm: String,
    #[column(default_sql = "now()", insert_default)]
    pub updated_at: DateTime<Utc>,
}

/// A one-time token for e-mail verification, password reset or sign-in links.
#[derive(Debug, Clone, Table)]
#[table(
    name = "verification_tokens",
    index(columns = [token_hash], unique),
    index(columns = [identifier, purpose])
)]
pub struct VerificationToken {
    #[column(primary_key, default_sql = "gen_random_uuid()", insert_default)]
    pub id: Uuid,
    pub identifier: String,
    pub token_hash: String,
    #[column(sql_type = "varchar(32)")]
    pub purpose: String,
    pub expires_at: DateTime<Utc>,
    pub consumed_at: Option<DateTime<Utc>>,
}
