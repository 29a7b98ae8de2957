//! Routing: the page, its two assets and the JSON API, behind the guard.

use std::io::Read;
use std::time::Instant;

use postgres::{Client, Transaction};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use tiny_http::{Method, Request, Response, StatusCode};

use crate::http::{self, h, split_url, Guard, Refused};
use crate::rows::View;
use crate::sql::Failure;
use crate::{catalog, console, edit, rows, Config};

const PAGE: &str = include_str!("../page/index.html");
const SCRIPT: &str = include_str!("../page/app.js");
const STYLE: &str = include_str!("../page/style.css");

/// What every worker shares.
pub struct State {
    pub config: Config,
    pub guard: Guard,
    version: String,
    /// Set when the studio stops, so the workers leave.
    pub stopping: std::sync::atomic::AtomicBool,
}

impl State {
    pub fn new(config: Config, guard: Guard, version: String) -> State {
        State {
            config,
            guard,
            version,
            stopping: std::sync::atomic::AtomicBool::new(false),
        }
    }
}

/// `PostgreSQL 15.20`, from `version()`.
pub fn server_version(mut client: Client) -> String {
    client
        .query_one("SELECT version()", &[])
        .ok()
        .and_then(|r| r.get::<_, Option<String>>(0))
        .map(|v| v.split(" on ").next().unwrap_or(&v).to_string())
        .unwrap_or_default()
}

/// One worker: takes requests until the server is unblocked, holding its own
/// connection (opened on first use, reopened after a failure).
pub fn worker(server: &tiny_http::Server, state: &State) {
    let mut connection: Option<Client> = None;
    loop {
        match server.recv() {
            Ok(request) => handle(request, &mut connection, state),
            Err(_) if state.stopping.load(std::sync::atomic::Ordering::SeqCst) => return,
            // A connection that failed before it sent a request.
            Err(_) => continue,
        }
    }
}

fn handle(request: Request, connection: &mut Option<Client>, state: &State) {
    let guard = &state.guard;
    if let Err(refused) = guard.check_site(&request) {
        return http::respond(request, refusal(&refused));
    }
    let url = request.url().to_string();
    let (path, params) = split_url(&url);
    let method = request.method().clone();
    match (path, http::is_get(&method)) {
        ("/", true) => page(request, &params, guard),
        ("/app.js", true) => asset(request, SCRIPT, "text/javascript; charset=utf-8"),
        ("/style.css", true) => asset(request, STYLE, "text/css; charset=utf-8"),
        ("/favicon.ico", true) => http::respond(request, Response::empty(204)),
        (p, _) if p.starts_with("/api/") => {
            if let Err(refused) = guard.check_token(&request) {
                return http::respond(request, refusal(&refused));
            }
            api(request, p, &method, &params, connection, state);
        }
        _ => http::respond(request, http::error(404, "no such page")),
    }
}

fn refusal(refused: &Refused) -> Response<std::io::Cursor<Vec<u8>>> {
    http::error(refused.status(), refused.message())
}

/// `/?token=T` sets the cookie and sends the browser on to `/`; `/` shows the
/// page to a browser holding the cookie.
fn page(request: Request, params: &[(String, String)], guard: &Guard) {
    if let Some((_, token)) = params.iter().find(|(k, _)| k == "token") {
        if !guard.is_token(token) {
            return http::respond(request, http::error(401, Refused::Token.message()));
        }
        let response = Response::empty(303)
            .with_header(h("Location", "/"))
            .with_header(h("Set-Cookie", &guard.set_cookie()));
        return http::respond(request, response);
    }
    if guard.check_token(&request).is_err() {
        let text = "This studio needs its token: open the URL it printed when it started \
                    (http://127.0.0.1:PORT/?token=...).";
        let response = Response::from_string(text)
            .with_status_code(401)
            .with_header(h("Content-Type", "text/plain; charset=utf-8"));
        return http::respond(request, response);
    }
    asset(request, PAGE, "text/html; charset=utf-8");
}

fn asset(request: Request, body: &'static str, content_type: &str) {
    let response = Response::from_string(body).with_header(h("Content-Type", content_type));
    http::respond(request, response);
}

/// The API: GETs read; every write is a JSON POST.
fn api(
    mut request: Request,
    path: &str,
    method: &Method,
    params: &[(String, String)],
    connection: &mut Option<Client>,
    state: &State,
) {
    let started = Instant::now();
    let reads = ["/api/info", "/api/tables", "/api/table", "/api/export"];
    let posts = [
        "/api/rows",
        "/api/update",
        "/api/insert",
        "/api/delete",
        "/api/sql",
    ];
    let is_read = reads.contains(&path);
    if !is_read && !posts.contains(&path) {
        return http::respond(request, http::error(404, "no such API"));
    }
    if is_read && !http::is_get(method) {
        return http::respond(request, http::error(405, "use GET"));
    }
    if !is_read {
        if *method != Method::Post {
            return http::respond(request, http::error(405, "use POST with a JSON body"));
        }
        if !http::is_json(&request) {
            return http::respond(
                request,
                http::error(415, "send the body as application/json"),
            );
        }
    }
    let writes = ["/api/update", "/api/insert", "/api/delete"];
    if state.config.read_only && writes.contains(&path) {
        return http::respond(
            request,
            http::error(
                403,
                "the studio runs read-only (--read-only): nothing can be changed",
            ),
        );
    }
    if path == "/api/export" {
        return export(request, params, connection, state);
    }
    let body = if is_read {
        Ok(Vec::new())
    } else {
        http::body(&mut request).map_err(Failure::bad)
    };
    let answer = body.and_then(|body| route(path, params, &body, connection, state));
    let response = match answer {
        Ok(mut value) => {
            if let Value::Object(map) = &mut value {
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                map.insert("ms".into(), json!((ms * 10.0).round() / 10.0));
            }
            http::json(200, &value)
        }
        Err(failure) => http::json(failure.status, &failure.body),
    };
    http::respond(request, response);
}

fn route(
    path: &str,
    params: &[(String, String)],
    body: &[u8],
    connection: &mut Option<Client>,
    state: &State,
) -> Result<Value, Failure> {
    match path {
        "/api/info" => Ok(json!({
            "database": schema_core::redact_url(&state.config.url),
            "read_only": state.config.read_only,
            "allow_writes": state.config.allow_writes && !state.config.read_only,
            "version": state.version,
        })),
        "/api/tables" => read(connection, state, |tx| {
            Ok(json!({ "namespaces": catalog::list(tx)? }))
        }),
        "/api/table" => {
            let (schema, name) = (param(params, "schema")?, param(params, "name")?);
            read(connection, state, |tx| {
                Ok(serde_json::to_value(catalog::table(tx, &schema, &name)?).unwrap_or_default())
            })
        }
        "/api/rows" => {
            let request: rows::PageRequest = parse(body)?;
            read(connection, state, |tx| {
                let table = catalog::table(tx, &request.view.schema, &request.view.name)?;
                let page = rows::page(tx, &table, &request)?;
                Ok(json!({
                    "columns": table.columns,
                    "primary_key": table.primary_key,
                    "editable": table.editable,
                    "referenced_by": table.referenced_by,
                    "foreign_keys": table.foreign_keys,
                    "rows": page.rows,
                    "references": page.references,
                    "next": page.next,
                    "paging": page.paging,
                }))
            })
        }
        "/api/update" => {
            let request: edit::Update = parse(body)?;
            write(connection, state, |tx| {
                let table = catalog::table(tx, &request.schema, &request.name)?;
                edit::update(tx, &table, &request)
            })
        }
        "/api/insert" => {
            let request: edit::Insert = parse(body)?;
            write(connection, state, |tx| {
                let table = catalog::table(tx, &request.schema, &request.name)?;
                edit::insert(tx, &table, &request)
            })
        }
        "/api/delete" => {
            let request: edit::Delete = parse(body)?;
            write(connection, state, |tx| {
                let table = catalog::table(tx, &request.schema, &request.name)?;
                edit::delete(tx, &table, &request)
            })
        }
        "/api/sql" => {
            let request: console::Run = parse(body)?;
            let writable = state.config.allow_writes && !state.config.read_only;
            transaction(connection, state, !writable, |tx| {
                console::run(tx, &request)
            })
        }
        _ => Err(Failure::new(404, "no such API")),
    }
}

fn param(params: &[(String, String)], name: &str) -> Result<String, Failure> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .ok_or_else(|| Failure::bad(format!("the request needs ?{name}=")))
}

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, Failure> {
    serde_json::from_slice(body)
        .map_err(|e| Failure::bad(format!("the request body is not what the API takes: {e}")))
}

fn read<T>(
    connection: &mut Option<Client>,
    state: &State,
    work: impl FnOnce(&mut Transaction<'_>) -> Result<T, Failure>,
) -> Result<T, Failure> {
    transaction(connection, state, true, work)
}

fn write<T>(
    connection: &mut Option<Client>,
    state: &State,
    work: impl FnOnce(&mut Transaction<'_>) -> Result<T, Failure>,
) -> Result<T, Failure> {
    transaction(connection, state, false, work)
}

/// The worker's connection, opened if it has none or lost it.
fn client<'a>(
    connection: &'a mut Option<Client>,
    state: &State,
) -> Result<&'a mut Client, Failure> {
    if connection.as_ref().is_none_or(Client::is_closed) {
        let client = schema_core::connect(&state.config.url)
            .map_err(|e| Failure::new(503, e.to_string()))?;
        *connection = Some(client);
    }
    Ok(connection.as_mut().expect("set above"))
}

/// Runs `work` in a transaction of its own (read-only when `read_only`), with
/// the session settings values are read and written in; commits when it
/// succeeds, rolls back otherwise.
fn transaction<T>(
    connection: &mut Option<Client>,
    state: &State,
    read_only: bool,
    work: impl FnOnce(&mut Transaction<'_>) -> Result<T, Failure>,
) -> Result<T, Failure> {
    let outcome = (|| {
        let client = client(connection, state)?;
        let mut tx = client.build_transaction().read_only(read_only).start()?;
        tx.batch_execute(&settings(&state.config))?;
        let value = work(&mut tx)?;
        tx.commit()?;
        Ok(value)
    })();
    if connection.as_ref().is_some_and(Client::is_closed) {
        *connection = None;
    }
    outcome
}

/// `SET LOCAL` of the timeouts and of the text forms the page reads.
fn settings(config: &Config) -> String {
    format!(
        "SET LOCAL statement_timeout = {}; SET LOCAL lock_timeout = {}; \
         SET LOCAL idle_in_transaction_session_timeout = {}; \
         SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, YMD'; \
         SET LOCAL IntervalStyle = 'postgres'; SET LOCAL bytea_output = 'hex'; \
         SET LOCAL extra_float_digits = 1",
        config.statement_timeout.as_millis().max(1),
        config.lock_timeout.as_millis().max(1),
        (config.statement_timeout.as_millis() * 2).max(1),
    )
}

/// `GET /api/export?schema=&name=&format=csv|json&q={filters, sort}`: every row
/// of the view, streamed from a cursor in batches.
fn export(
    request: Request,
    params: &[(String, String)],
    connection: &mut Option<Client>,
    state: &State,
) {
    let prepared = (|| {
        let (schema, name) = (param(params, "schema")?, param(params, "name")?);
        let format = param(params, "format").unwrap_or_else(|_| "csv".into());
        if format != "csv" && format != "json" {
            return Err(Failure::bad("format is csv or json"));
        }
        let q: Value = match params.iter().find(|(k, _)| k == "q") {
            Some((_, q)) => {
                serde_json::from_str(q).map_err(|e| Failure::bad(format!("q is not JSON: {e}")))?
            }
            None => json!({}),
        };
        let view = View {
            schema,
            name,
            filters: serde_json::from_value(q.get("filters").cloned().unwrap_or(json!([])))
                .map_err(|e| Failure::bad(format!("filters: {e}")))?,
            sort: serde_json::from_value(q.get("sort").cloned().unwrap_or(Value::Null))
                .map_err(|e| Failure::bad(format!("sort: {e}")))?,
        };
        Ok((view, format))
    })();
    let (view, format) = match prepared {
        Ok(p) => p,
        Err(f) => return http::respond(request, http::json(f.status, &f.body)),
    };
    let client = match client(connection, state) {
        Ok(c) => c,
        Err(f) => return http::respond(request, http::json(f.status, &f.body)),
    };
    let started = open_export(client, state, &view, &format);
    let (tx, portal, table) = match started {
        Ok(s) => s,
        Err(f) => return http::respond(request, http::json(f.status, &f.body)),
    };
    let file: String = table
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let content_type = if format == "json" {
        "application/json"
    } else {
        "text/csv"
    };
    let headers = vec![
        h("Content-Type", &format!("{content_type}; charset=utf-8")),
        h(
            "Content-Disposition",
            &format!("attachment; filename=\"{file}.{format}\""),
        ),
    ];
    let names: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
    let reader = Export::new(tx, portal, format == "json", names);
    http::respond(
        request,
        Response::new(StatusCode(200), headers, reader, None, None),
    );
}

/// The transaction and cursor an export reads from.
fn open_export<'a>(
    client: &'a mut Client,
    state: &State,
    view: &View,
    format: &str,
) -> Result<(Transaction<'a>, postgres::Portal, catalog::Table), Failure> {
    let mut tx = client.build_transaction().read_only(true).start()?;
    tx.batch_execute(&settings(&state.config))?;
    let table = catalog::table(&mut tx, &view.schema, &view.name)?;
    let list = if format == "json" {
        "row_to_json(t)::text".to_string()
    } else {
        rows::text_columns(&table)
    };
    let (sql, params, _) = rows::select(&table, view, &list)?;
    let portal = tx.bind(&sql, &params.refs())?;
    Ok((tx, portal, table))
}

/// Rows of a portal as CSV or a JSON array, fetched as the response is written.
struct Export<'a> {
    tx: Option<Transaction<'a>>,
    portal: postgres::Portal,
    json: bool,
    buffer: Vec<u8>,
    at: usize,
    rows: usize,
}

impl<'a> Export<'a> {
    fn new(
        tx: Transaction<'a>,
        portal: postgres::Portal,
        json: bool,
        names: Vec<String>,
    ) -> Export<'a> {
        let buffer = if json {
            b"[".to_vec()
        } else {
            csv_line(names.into_iter().map(Some))
        };
        Export {
            tx: Some(tx),
            portal,
            json,
            buffer,
            at: 0,
            rows: 0,
        }
    }

    /// The next batch into the buffer; the end of the array (or nothing) when done.
    fn fill(&mut self) {
        self.buffer.clear();
        self.at = 0;
        let Some(tx) = self.tx.as_mut() else {
            return;
        };
        let batch = match tx.query_portal(&self.portal, 1000) {
            Ok(batch) => batch,
            Err(e) => {
                eprintln!("studio: the export stopped: {e}");
                self.tx = None;
                return;
            }
        };
        if batch.is_empty() {
            if let Some(tx) = self.tx.take() {
                let _ = tx.commit();
            }
            if self.json {
                self.buffer.extend_from_slice(b"]\n");
            }
            return;
        }
        for row in batch {
            if self.json {
                if self.rows > 0 {
                    self.buffer.push(b',');
                }
                self.buffer.extend_from_slice(b"\n");
                self.buffer
                    .extend_from_slice(row.get::<_, String>(0).as_bytes());
            } else {
                let values = (0..row.len()).map(|i| row.get::<_, Option<String>>(i));
                self.buffer.extend(csv_line(values));
            }
            self.rows += 1;
        }
    }
}

impl Read for Export<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.buffer.len() {
            self.fill();
        }
        let n = out.len().min(self.buffer.len() - self.at);
        out[..n].copy_from_slice(&self.buffer[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// One CSV record, as PostgreSQL's `COPY ... CSV` writes it: NULL is an empty
/// field, an empty string is `""`, and a field with a comma, quote, line break
/// or edge space is quoted with its quotes doubled. (Written here because a CSV
/// library has no way to tell NULL from an empty string.)
fn csv_line(values: impl Iterator<Item = Option<String>>) -> Vec<u8> {
    let fields: Vec<String> = values
        .map(|v| match v {
            None => String::new(),
            Some(s) => {
                let quote = s.is_empty()
                    || s.contains([',', '"', '\n', '\r'])
                    || s.starts_with(' ')
                    || s.ends_with(' ');
                if quote {
                    format!("\"{}\"", s.replace('"', "\"\""))
                } else {
                    s
                }
            }
        })
        .collect();
    let mut line = fields.join(",").into_bytes();
    line.extend_from_slice(b"\r\n");
    line
}

#[cfg(test)]
mod tests {
    #[test]
    fn csv_tells_null_from_an_empty_string_and_quotes_what_needs_it() {
        let values = [
            None,
            Some(""),
            Some("a,b"),
            Some("say \"hi\""),
            Some("plain"),
        ];
        let line = super::csv_line(values.into_iter().map(|v| v.map(str::to_string)));
        assert_eq!(
            String::from_utf8(line).unwrap(),
            ",\"\",\"a,b\",\"say \"\"hi\"\"\",plain\r\n"
        );
    }
}
