//! Row level security and policies: enabled and forced per table, policies
//! created, changed (dropped and created again) and dropped, and rebuilt around
//! a change to a column they read.

use crate::Case;

cases! {
    row_security_enabled_with_a_policy: Case::new(
        "CREATE TABLE sessions (id int PRIMARY KEY, user_id int);",
        "CREATE TABLE sessions (id int PRIMARY KEY, user_id int);
         ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
         CREATE POLICY own_sessions ON sessions
           USING (user_id = current_setting('app.user_id')::int);",
    ),
    policies_on_a_new_table: Case::new(
        "",
        "CREATE TABLE notes (id int PRIMARY KEY, owner text, public bool);
         ALTER TABLE notes ENABLE ROW LEVEL SECURITY; ALTER TABLE notes FORCE ROW LEVEL SECURITY;
         CREATE POLICY read_public ON notes FOR SELECT TO PUBLIC USING (public);
         CREATE POLICY write_own ON notes AS RESTRICTIVE FOR INSERT TO postgres WITH CHECK (owner = current_user);",
    ),
    policy_changed: Case::new(
        "CREATE TABLE notes (id int, owner text);
         ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
         CREATE POLICY mine ON notes USING (owner = current_user);",
        "CREATE TABLE notes (id int, owner text);
         ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
         CREATE POLICY mine ON notes FOR UPDATE USING (owner = current_user) WITH CHECK (owner = current_user AND id > 0);",
    ),
    policy_dropped_and_row_security_off: Case::new(
        "CREATE TABLE notes (id int, owner text);
         ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
         CREATE POLICY mine ON notes USING (owner = current_user);",
        "CREATE TABLE notes (id int, owner text);",
    ),
    policy_rebuilt_around_a_type_change_of_its_column: Case::new(
        "CREATE TABLE notes (id int, owner varchar(20));
         ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
         CREATE POLICY mine ON notes USING (owner = current_user);",
        "CREATE TABLE notes (id int, owner text);
         ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
         CREATE POLICY mine ON notes USING (owner = current_user);",
    ),
    policy_unchanged: Case::new(
        "CREATE TABLE notes (id int, owner text);
         ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
         CREATE POLICY mine ON notes USING (owner = current_user);",
        "CREATE TABLE notes (id int, owner text, body text);
         ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
         CREATE POLICY mine ON notes USING (owner = current_user);",
    ),
}
