//! Foreign keys: add, drop, actions, deferrable, self and mutual references,
//! references to tables being dropped, composite and cross-schema keys, and the
//! column lists of `ON DELETE SET NULL (a)` / `SET DEFAULT (a)`.

use crate::Case;
use schema_tests::roundtrip::Hint;

/// A composite key on (tenant, id), with a row to reference.
const TENANTS: &str = "CREATE TABLE people (tenant int, id int, PRIMARY KEY (tenant, id));
                       INSERT INTO people VALUES (1, 1);";

cases! {
    foreign_key_added: Case::new(
        "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int);
         INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1), (2, NULL);",
        "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int CONSTRAINT c_p_fk REFERENCES p);",
    ),
    foreign_key_dropped: Case::new(
        "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int REFERENCES p);
         INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1);",
        "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int);",
    ),
    foreign_key_actions_changed: Case::new(
        "CREATE TABLE p (id int PRIMARY KEY);
         CREATE TABLE c (id int, p_id int CONSTRAINT c_p_fk REFERENCES p ON DELETE CASCADE);
         INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1);",
        "CREATE TABLE p (id int PRIMARY KEY);
         CREATE TABLE c (id int, p_id int DEFAULT 1 CONSTRAINT c_p_fk REFERENCES p ON DELETE SET DEFAULT ON UPDATE SET NULL);",
    ),
    foreign_key_made_deferrable: Case::new(
        "CREATE TABLE p (id int PRIMARY KEY);
         CREATE TABLE c (a int REFERENCES p, b int CONSTRAINT c_b_fk REFERENCES p DEFERRABLE);
         INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1);",
        "CREATE TABLE p (id int PRIMARY KEY);
         CREATE TABLE c (a int REFERENCES p DEFERRABLE INITIALLY DEFERRED, b int CONSTRAINT c_b_fk REFERENCES p);",
    ),
    self_reference_added: Case::new(
        "CREATE TABLE node (id int PRIMARY KEY, parent_id int);
         INSERT INTO node VALUES (1, NULL), (2, 1);",
        "CREATE TABLE node (id int PRIMARY KEY, parent_id int REFERENCES node ON DELETE CASCADE);",
    ),
    mutual_references_created: Case::new(
        "CREATE TABLE x (id int);",
        "CREATE TABLE users (id int PRIMARY KEY, team_id int);
         CREATE TABLE teams (id int PRIMARY KEY, owner_id int REFERENCES users);
         ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams;
         CREATE TABLE x (id int);",
    ),
    mutual_references_dropped: Case::new(
        "CREATE TABLE users (id int PRIMARY KEY, team_id int);
         CREATE TABLE teams (id int PRIMARY KEY, owner_id int REFERENCES users);
         ALTER TABLE users ADD CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams;
         INSERT INTO users VALUES (1, NULL); INSERT INTO teams VALUES (1, 1); UPDATE users SET team_id = 1;
         CREATE TABLE x (id int);",
        "CREATE TABLE x (id int);",
    ),
    foreign_key_to_a_table_being_dropped: Case::new(
        "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (id int, p_id int REFERENCES p);
         INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1);",
        "CREATE TABLE c (id int, p_id int);",
    ),
    composite_foreign_key: Case::new(
        "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE c (x int, y int);
         INSERT INTO p VALUES (1, 2); INSERT INTO c VALUES (1, 2);",
        "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));
         CREATE TABLE c (x int, y int, CONSTRAINT c_p_fk FOREIGN KEY (y, x) REFERENCES p (b, a));",
    ),
    cross_schema_foreign_key: Case::new(
        "CREATE SCHEMA auth; CREATE TABLE auth.users (id int PRIMARY KEY);
         CREATE TABLE public.posts (id int, author int); INSERT INTO auth.users VALUES (1); INSERT INTO posts VALUES (1, 1);",
        "CREATE SCHEMA auth; CREATE TABLE auth.users (id int PRIMARY KEY);
         CREATE SCHEMA blog; CREATE TABLE blog.comments (id int, user_id int REFERENCES auth.users);
         CREATE TABLE public.posts (id int, author int REFERENCES auth.users ON DELETE RESTRICT);",
    ),
    foreign_key_retargeted: Case::new(
        "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY);
         CREATE TABLE c (r int CONSTRAINT c_r_fk REFERENCES a); INSERT INTO a VALUES (1); INSERT INTO b VALUES (1);
         INSERT INTO c VALUES (1);",
        "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY);
         CREATE TABLE c (r int CONSTRAINT c_r_fk REFERENCES b);",
    ),
    both_ends_retyped_to_types_without_a_common_operator: Case::new(
        "CREATE TABLE p (id text PRIMARY KEY); CREATE TABLE c (p_id text CONSTRAINT c_p_fk REFERENCES p);
         INSERT INTO p VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');
         INSERT INTO c VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');",
        "CREATE TABLE p (id uuid PRIMARY KEY); CREATE TABLE c (p_id uuid CONSTRAINT c_p_fk REFERENCES p);",
    ),
    two_way_cascades_in_a_new_schema: Case::new(
        "CREATE TABLE x (id int); INSERT INTO x VALUES (1);",
        "CREATE TABLE x (id int); CREATE SCHEMA shop;
         CREATE TABLE shop.orders (id int PRIMARY KEY, last_line int);
         CREATE TABLE shop.lines (id int PRIMARY KEY, order_id int NOT NULL REFERENCES shop.orders ON DELETE CASCADE ON UPDATE CASCADE);
         ALTER TABLE shop.orders ADD CONSTRAINT orders_last_line_fkey FOREIGN KEY (last_line)
             REFERENCES shop.lines ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;",
    ),
    on_delete_set_null_column_list_added: Case::new(
        "CREATE TABLE people (tenant int, id int, PRIMARY KEY (tenant, id));
         CREATE TABLE posts (tenant int NOT NULL, author_id int,
             CONSTRAINT posts_author_fk FOREIGN KEY (tenant, author_id) REFERENCES people ON DELETE SET NULL);
         INSERT INTO people VALUES (1, 1); INSERT INTO posts VALUES (1, 1);",
        "CREATE TABLE people (tenant int, id int, PRIMARY KEY (tenant, id));
         CREATE TABLE posts (tenant int NOT NULL, author_id int,
             CONSTRAINT posts_author_fk FOREIGN KEY (tenant, author_id) REFERENCES people ON DELETE SET NULL (author_id));",
    ),
    on_delete_column_list_on_a_new_foreign_key: Case::new(
        TENANTS,
        "CREATE TABLE people (tenant int, id int, PRIMARY KEY (tenant, id));
         CREATE TABLE posts (tenant int NOT NULL, author_id int, editor_id int DEFAULT 0,
             FOREIGN KEY (tenant, author_id) REFERENCES people ON UPDATE CASCADE ON DELETE SET NULL (author_id),
             FOREIGN KEY (tenant, editor_id) REFERENCES people ON DELETE SET DEFAULT (editor_id) DEFERRABLE);",
    ),
    on_delete_column_list_changed: Case::new(
        "CREATE TABLE people (tenant int, id int, PRIMARY KEY (tenant, id));
         CREATE TABLE posts (tenant int DEFAULT 1, author_id int DEFAULT 1,
             CONSTRAINT posts_author_fk FOREIGN KEY (tenant, author_id) REFERENCES people ON DELETE SET DEFAULT (author_id));
         INSERT INTO people VALUES (1, 1); INSERT INTO posts VALUES (1, 1);",
        "CREATE TABLE people (tenant int, id int, PRIMARY KEY (tenant, id));
         CREATE TABLE posts (tenant int DEFAULT 1, author_id int DEFAULT 1,
             CONSTRAINT posts_author_fk FOREIGN KEY (tenant, author_id) REFERENCES people ON DELETE SET DEFAULT (author_id, tenant));",
    ),
    on_delete_column_list_dropped: Case::new(
        "CREATE TABLE people (tenant int, id int, PRIMARY KEY (tenant, id));
         CREATE TABLE posts (tenant int, author_id int,
             CONSTRAINT posts_author_fk FOREIGN KEY (tenant, author_id) REFERENCES people ON DELETE SET NULL (author_id));
         INSERT INTO people VALUES (1, 1); INSERT INTO posts VALUES (1, 1);",
        "CREATE TABLE people (tenant int, id int, PRIMARY KEY (tenant, id));
         CREATE TABLE posts (tenant int, author_id int,
             CONSTRAINT posts_author_fk FOREIGN KEY (tenant, author_id) REFERENCES people ON DELETE SET NULL);",
    ),
    on_delete_column_list_follows_a_renamed_column: Case::new(
        "CREATE TABLE people (tenant int, id int, PRIMARY KEY (tenant, id));
         CREATE TABLE posts (tenant int NOT NULL, author_id int,
             CONSTRAINT posts_author_fk FOREIGN KEY (tenant, author_id) REFERENCES people ON DELETE SET NULL (author_id));
         INSERT INTO people VALUES (1, 1); INSERT INTO posts VALUES (1, 1);",
        "CREATE TABLE people (tenant int, id int, PRIMARY KEY (tenant, id));
         CREATE TABLE posts (tenant int NOT NULL, writer_id int,
             CONSTRAINT posts_author_fk FOREIGN KEY (tenant, writer_id) REFERENCES people ON DELETE SET NULL (writer_id));",
    )
    .hints(&[Hint::Column { schema: "public", table: "posts", from: "author_id", to: "writer_id" }]),
}
