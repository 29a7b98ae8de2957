//! Triggers: created once their table and function exist, dropped and created
//! again when anything about them changes, and rebuilt around a change to a
//! column they read or to the function they run.

use crate::Case;

cases! {
    trigger_added_with_its_function: Case::new(
        "CREATE TABLE users (id int PRIMARY KEY, updated_at timestamptz);",
        concat!("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;",
        "CREATE TABLE users (id int PRIMARY KEY, updated_at timestamptz);
         CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"),
    ),
    trigger_on_a_new_table: Case::new(
        "",
        concat!("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;",
        "CREATE TABLE posts (id int PRIMARY KEY, title text, updated_at timestamptz);
         CREATE TRIGGER posts_touch BEFORE INSERT OR UPDATE OF title ON posts
           FOR EACH ROW WHEN (NEW.title IS NOT NULL) EXECUTE FUNCTION touch();"),
    ),
    trigger_changed: Case::new(
        concat!("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;",
        "CREATE TABLE t (id int, updated_at timestamptz);
         CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"),
        concat!("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;",
        "CREATE TABLE t (id int, updated_at timestamptz);
         CREATE TRIGGER t_touch BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch('a', 'b');"),
    ),
    statement_trigger_after_truncate: Case::new(
        "CREATE TABLE t (id int);",
        "CREATE FUNCTION noted() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END $$;
         CREATE TABLE t (id int);
         CREATE TRIGGER t_noted AFTER TRUNCATE ON t FOR EACH STATEMENT EXECUTE FUNCTION noted();",
    ),
    trigger_dropped_with_its_function: Case::new(
        concat!("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;",
        "CREATE TABLE t (id int, updated_at timestamptz);
         CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"),
        "CREATE TABLE t (id int, updated_at timestamptz);",
    ),
    trigger_rebuilt_around_a_type_change_of_its_column: Case::new(
        concat!("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;",
        "CREATE TABLE t (id int, title varchar(10), updated_at timestamptz);
         CREATE TRIGGER t_touch BEFORE UPDATE OF title ON t FOR EACH ROW EXECUTE FUNCTION touch();"),
        concat!("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;",
        "CREATE TABLE t (id int, title text, updated_at timestamptz);
         CREATE TRIGGER t_touch BEFORE UPDATE OF title ON t FOR EACH ROW EXECUTE FUNCTION touch();"),
    ),
    trigger_unchanged: Case::new(
        concat!("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;",
        "CREATE TABLE t (id int, updated_at timestamptz);
         CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"),
        concat!("CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.updated_at := now(); RETURN NEW; END $$;",
        "CREATE TABLE t (id int, updated_at timestamptz, n int);
         CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();"),
    ),
}
