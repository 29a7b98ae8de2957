//! The studio on a 1,000,000-row table and a 1000-table list: the server time of
//! each request (the `ms` the API answers with: from the request read to the
//! answer built), and the whole HTTP round trip beside it.

use std::time::Duration;

use schema_studio::{Config, Studio};
use schema_tests::http::request;
use serde_json::{json, Value};

use crate::{Bench, Budget, Res};

const ROWS: i64 = 1_000_000;
const RUNS: usize = 5;

const TABLE: &str = "
    CREATE TABLE events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email text NOT NULL,
        kind text NOT NULL,
        amount integer,
        created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE event_notes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id bigint NOT NULL REFERENCES events (id),
        note text NOT NULL
    );
    CREATE INDEX event_notes_event_id_idx ON event_notes (event_id);
";

impl Bench {
    pub fn studio(&mut self) -> Res<()> {
        let url = self.database("studio")?;
        let mut client = schema_core::connect(&url)?;
        client.batch_execute(TABLE)?;
        client.batch_execute(&format!(
            "INSERT INTO events (email, kind, amount, created_at)
             SELECT 'user' || i || '@example.com', (ARRAY['signup', 'login', 'purchase'])[1 + i % 3],
                    CASE WHEN i % 10 = 0 THEN NULL ELSE i % 1000 END,
                    timestamptz '2026-01-01' + i * interval '1 second'
               FROM generate_series(1, {ROWS}) i;
             INSERT INTO event_notes (event_id, note) SELECT i * 7, 'n' FROM generate_series(1, 10000) i;
             CREATE INDEX events_email_idx ON events (email);"
        ))?;
        client.batch_execute("VACUUM ANALYZE events")?;
        client.batch_execute("ANALYZE event_notes")?;
        let mut config = Config::new(url);
        config.port = 0;
        let studio = Studio::bind(config)?.spawn();
        let page = |body: Value| -> Res<(f64, Duration)> {
            let headers = [
                ("X-Studio-Token", studio.token.as_str()),
                ("Content-Type", "application/json"),
            ];
            let start = std::time::Instant::now();
            let reply = request(
                studio.addr,
                "POST",
                "/api/rows",
                &headers,
                Some(&body.to_string()),
            );
            let took = start.elapsed();
            let answer = reply.json();
            let rows = answer["rows"].as_array().map_or(0, Vec::len);
            if reply.status != 200 || rows == 0 {
                return Err(format!("studio answered {}: {}", reply.status, reply.body).into());
            }
            Ok((answer["ms"].as_f64().unwrap_or(f64::NAN), took))
        };
        let base = json!({"schema": "public", "name": "events", "limit": 50});
        let with = |extra: Value| {
            let mut body = base.clone();
            body.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            body
        };
        let scenarios = [
            ("first page", with(json!({}))),
            (
                "a page deep in the table (keyset, after id 900000)",
                with(json!({"after": ["900000"]})),
            ),
            (
                "sorted on an indexed column (email, descending)",
                with(json!({"sort": {"column": "email", "desc": true}})),
            ),
            (
                "sorted on an indexed column, a later page (keyset)",
                with(json!({"sort": {"column": "email", "desc": false},
                            "after": ["user5@example.com", "5"]})),
            ),
            (
                "filtered (kind = purchase AND email starts with user9)",
                with(
                    json!({"filters": [{"column": "kind", "op": "eq", "value": "purchase"},
                                         {"column": "email", "op": "starts", "value": "user9"}]}),
                ),
            ),
            (
                "filtered on an indexed column (email = one value)",
                with(
                    json!({"filters": [{"column": "email", "op": "eq", "value": "user777777@example.com"}]}),
                ),
            ),
        ];
        for (name, body) in scenarios {
            self.timed_requests(&format!("studio, 1M rows: {name}"), || page(body.clone()))?;
        }
        drop(studio);
        self.studio_table_list(1000)
    }

    /// One warm-up request (the worker's connection, the server's cache), then
    /// [`RUNS`] timed ones: the server time each answer reports (budget 50 ms)
    /// and the whole HTTP round trip, as two rows.
    fn timed_requests(
        &mut self,
        scenario: &str,
        mut request: impl FnMut() -> Res<(f64, Duration)>,
    ) -> Res<()> {
        request()?;
        let mut server = Vec::new();
        let mut round_trips = Vec::new();
        for _ in 0..RUNS {
            let (ms, took) = request()?;
            server.push(Duration::from_secs_f64(ms / 1000.0));
            round_trips.push(took);
        }
        self.row(
            format!("{scenario}, server"),
            server,
            Some(Budget::Ms(50.0)),
        );
        self.row(format!("{scenario}, HTTP round trip"), round_trips, None);
        Ok(())
    }

    fn studio_table_list(&mut self, n: usize) -> Res<()> {
        let url = self.database("studio_list")?;
        let mut client = schema_core::connect(&url)?;
        client.batch_execute(&format!(
            "DO $$ BEGIN FOR i IN 1..{n} LOOP
               EXECUTE format('CREATE TABLE t%s (id bigint PRIMARY KEY, name text)', i);
             END LOOP; END $$; ANALYZE;"
        ))?;
        let mut config = Config::new(url);
        config.port = 0;
        let studio = Studio::bind(config)?.spawn();
        let headers = [("X-Studio-Token", studio.token.as_str())];
        let list = || -> Res<(f64, Duration)> {
            let start = std::time::Instant::now();
            let reply = request(studio.addr, "GET", "/api/tables", &headers, None);
            let took = start.elapsed();
            let answer = reply.json();
            let count = answer["namespaces"][0]["relations"]
                .as_array()
                .map_or(0, Vec::len);
            if count != n {
                return Err(format!("the list has {count} tables, not {n}").into());
            }
            Ok((answer["ms"].as_f64().unwrap_or(f64::NAN), took))
        };
        self.timed_requests(&format!("studio: table list, {n} tables"), list)?;
        Ok(())
    }
}
