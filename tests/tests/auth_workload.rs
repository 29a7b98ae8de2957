//! The auth example declares WORKLOADS.md's auth schema exactly: its CREATE script
//! runs on a fresh database, and the catalog (read here with plain SQL, not with
//! our own introspection) holds the tables, columns, keys and indexes the workload
//! table lists, with what the example adds to it as a real auth service has:
//! `citext` e-mails, an `updated_at` trigger on users, row level security and a
//! policy on sessions.

use schema_core::Schema;
use schema_tests::TestDb;

// Link the example so its tables register.
use auth_service as _;

/// One line per column, constraint and index, transcribed from WORKLOADS.md.
const EXPECTED: &str = r#"
table accounts
  column id uuid not null default gen_random_uuid()
  column user_id uuid not null
  column provider text not null
  column provider_account_id text not null
  column access_token text null
  column refresh_token text null
  column expires_at timestamp with time zone null
  column scope text null
  column created_at timestamp with time zone not null default now()
  constraint accounts_pkey PRIMARY KEY (id)
  constraint accounts_provider_provider_account_id_key UNIQUE (provider, provider_account_id)
  constraint accounts_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
  index accounts_user_id_idx btree (user_id)
table credit_balances
  column user_id uuid not null
  column balance bigint not null default 0
  column updated_at timestamp with time zone not null default now()
  constraint credit_balances_balance_check CHECK ((balance >= 0))
  constraint credit_balances_pkey PRIMARY KEY (user_id)
  constraint credit_balances_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
table credit_packages
  column id uuid not null default gen_random_uuid()
  column slug text not null
  column name text not null
  column credits bigint not null
  column price_cents integer not null
  column currency character varying(3) not null default 'USD'::character varying
  column active boolean not null default true
  column created_at timestamp with time zone not null default now()
  constraint credit_packages_pkey PRIMARY KEY (id)
  constraint credit_packages_slug_key UNIQUE (slug)
table credit_transactions
  column id uuid not null default gen_random_uuid()
  column user_id uuid not null
  column package_id uuid null
  column type credit_tx_type not null
  column amount bigint not null
  column idempotency_key text null
  column metadata jsonb not null default '{}'::jsonb
  column created_at timestamp with time zone not null default now()
  constraint credit_transactions_idempotency_key_key UNIQUE (idempotency_key)
  constraint credit_transactions_package_id_fkey FOREIGN KEY (package_id) REFERENCES credit_packages(id) ON DELETE SET NULL
  constraint credit_transactions_pkey PRIMARY KEY (id)
  constraint credit_transactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
  index credit_transactions_user_id_created_at_idx btree (user_id, created_at)
table passwords
  column user_id uuid not null
  column hash text not null
  column algorithm text not null default 'argon2id'::text
  column updated_at timestamp with time zone not null default now()
  constraint passwords_pkey PRIMARY KEY (user_id)
  constraint passwords_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
table sessions
  column id uuid not null default gen_random_uuid()
  column user_id uuid not null
  column token_hash text not null
  column user_agent text null
  column ip text null
  column expires_at timestamp with time zone not null
  column created_at timestamp with time zone not null default now()
  constraint sessions_pkey PRIMARY KEY (id)
  constraint sessions_token_hash_key UNIQUE (token_hash)
  constraint sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
  index sessions_expires_at_idx btree (expires_at)
  index sessions_user_id_idx btree (user_id)
table users
  column id uuid not null default gen_random_uuid()
  column email citext not null
  column email_verified_at timestamp with time zone null
  column display_name text null
  column metadata jsonb not null default '{}'::jsonb
  column created_at timestamp with time zone not null default now()
  column updated_at timestamp with time zone not null default now()
  constraint users_email_key UNIQUE (email)
  constraint users_pkey PRIMARY KEY (id)
table verification_tokens
  column id uuid not null default gen_random_uuid()
  column identifier text not null
  column token_hash text not null
  column purpose character varying(32) not null
  column expires_at timestamp with time zone not null
  column consumed_at timestamp with time zone null
  constraint verification_tokens_pkey PRIMARY KEY (id)
  index verification_tokens_identifier_purpose_idx btree (identifier, purpose)
  unique index verification_tokens_token_hash_idx btree (token_hash)
enum credit_tx_type purchase, spend, refund, grant, expire
"#;

/// Lists the public schema's tables, columns, constraints, indexes (those backing
/// no constraint) and enums in the format of [`EXPECTED`].
const CATALOG: &str = r#"
WITH t AS (
  SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'r'
)
SELECT t.relname AS tbl, 1 AS kind, lpad(a.attnum::text, 4, '0') AS sort,
       '  column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END
       || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS line
FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
LEFT JOIN pg_attrdef d ON d.adrelid = t.oid AND d.adnum = a.attnum
UNION ALL
SELECT t.relname, 2, con.conname, '  constraint ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
FROM t JOIN pg_constraint con ON con.conrelid = t.oid
UNION ALL
SELECT t.relname, 3, ic.relname,
       '  ' || CASE WHEN i.indisunique THEN 'unique ' ELSE '' END || 'index ' || ic.relname || ' '
       || regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING ', '')
FROM t JOIN pg_index i ON i.indrelid = t.oid JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid)
ORDER BY 1, 2, 3
"#;

const ENUMS: &str = r#"
SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY t.typname
"#;

fn catalog_listing(db: &TestDb) -> String {
    let mut client = db.connect();
    let mut out = String::new();
    let mut current = String::new();
    for row in client.query(CATALOG, &[]).unwrap() {
        let table: String = row.get(0);
        if table != current {
            out.push_str(&format!("table {table}\n"));
            current = table;
        }
        out.push_str(&row.get::<_, String>(3));
        out.push('\n');
    }
    for row in client.query(ENUMS, &[]).unwrap() {
        out.push_str(&row.get::<_, String>(0));
        out.push('\n');
    }
    out
}

#[test]
fn create_script_builds_the_auth_workload() {
    let schema = Schema::registered().expect("the example's tables form a valid schema");
    let script = schema.create_script();
    let db = TestDb::new("auth_create");
    db.execute(&script);
    assert_eq!(
        catalog_listing(&db).trim(),
        EXPECTED.trim(),
        "script was:\n{script}"
    );
    let mut client = db.connect();
    let row = client
        .query_one(
            "SELECT (SELECT string_agg(tgname || ' ' || tgfoid::regproc::text, ',') FROM pg_trigger
                      WHERE tgrelid = 'public.users'::regclass AND NOT tgisinternal),
                    (SELECT relrowsecurity FROM pg_class WHERE oid = 'public.sessions'::regclass),
                    (SELECT string_agg(polname, ',') FROM pg_policy WHERE polrelid = 'public.sessions'::regclass)",
            &[],
        )
        .unwrap();
    assert_eq!(
        row.get::<_, String>(0),
        "users_set_updated_at set_updated_at"
    );
    assert!(row.get::<_, bool>(1), "row level security on sessions");
    assert_eq!(row.get::<_, String>(2), "sessions_of_current_user");
}

#[test]
fn the_example_registers_eight_tables_and_one_enum() {
    let schema = Schema::registered().unwrap();
    let tables: Vec<_> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        tables,
        [
            "accounts",
            "credit_balances",
            "credit_packages",
            "credit_transactions",
            "passwords",
            "sessions",
            "users",
            "verification_tokens"
        ]
    );
    let enums: Vec<_> = schema.enums.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(enums, ["credit_tx_type"]);
}
