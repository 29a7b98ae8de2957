//! `schema studio`: a local page to browse and edit the data of a PostgreSQL
//! database, served by the binary itself.
//!
//! The server binds 127.0.0.1 only and answers a request only when it carries the
//! token printed with the URL (as the `X-Studio-Token` header, or the HttpOnly,
//! SameSite=Strict cookie the token URL sets), names this server in `Host` (no DNS
//! rebinding) and, when it has an `Origin`, comes from the studio's own page. The
//! page and its script are compiled into the binary; it loads nothing else.
//!
//! Each worker thread holds its own connection and runs every request in a
//! transaction of its own (so it also works through pgbouncer in transaction
//! mode), under a statement timeout. Identifiers are read from the catalog and
//! quoted; values are always bound as parameters, in PostgreSQL's text form.
//! Updates and deletes are optimistic: they apply only if the row still holds
//! every value the page showed.

mod api;
mod catalog;
mod console;
mod edit;
mod http;
mod rows;
mod sql;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

pub use http::Guard;

/// How the studio runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The database URL (its password never reaches the page).
    pub url: String,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Refuse every write, in the server.
    pub read_only: bool,
    /// Let the SQL console write (it runs read-only otherwise).
    pub allow_writes: bool,
    /// How long one statement may run.
    pub statement_timeout: Duration,
    /// How long a write may wait for a row or table lock.
    pub lock_timeout: Duration,
    /// Worker threads, each with its own connection.
    pub workers: usize,
}

impl Config {
    pub fn new(url: impl Into<String>) -> Config {
        Config {
            url: url.into(),
            port: DEFAULT_PORT,
            read_only: false,
            allow_writes: false,
            statement_timeout: Duration::from_secs(30),
            lock_timeout: Duration::from_secs(5),
            workers: 4,
        }
    }
}

/// The port `schema studio` tries first.
pub const DEFAULT_PORT: u16 = 4800;

/// Why the studio could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(
        "port {port} on 127.0.0.1 is in use; pass --port N for another one (0 picks a free one)"
    )]
    PortInUse { port: u16 },
    #[error("cannot listen on 127.0.0.1:{port}: {reason}")]
    Listen { port: u16, reason: String },
    #[error(transparent)]
    Connect(#[from] schema_core::ConnectError),
    #[error("cannot make a token: {0}")]
    Token(String),
}

/// A studio bound to its port, not yet serving.
pub struct Studio {
    server: Arc<tiny_http::Server>,
    state: Arc<api::State>,
    workers: usize,
}

impl Studio {
    /// Checks that the database answers, then binds 127.0.0.1.
    pub fn bind(config: Config) -> Result<Studio, StartError> {
        // Fail now, with the connection's own message, rather than in the page.
        let client = schema_core::connect(&config.url)?;
        let version = api::server_version(client);
        let server = tiny_http::Server::http(("127.0.0.1", config.port)).map_err(|e| {
            let reason = e.to_string();
            if reason.contains("in use") {
                StartError::PortInUse { port: config.port }
            } else {
                StartError::Listen {
                    port: config.port,
                    reason,
                }
            }
        })?;
        let port = server
            .server_addr()
            .to_ip()
            .map(|a| a.port())
            .unwrap_or(config.port);
        let token = http::new_token().map_err(StartError::Token)?;
        let workers = config.workers.max(1);
        let state = api::State::new(config, http::Guard::new(port, token), version);
        Ok(Studio {
            server: Arc::new(server),
            state: Arc::new(state),
            workers,
        })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.state.guard.port))
    }

    /// The URL to open: the page, with the token that lets it in.
    pub fn url(&self) -> String {
        format!(
            "http://127.0.0.1:{}/?token={}",
            self.state.guard.port, self.state.guard.token
        )
    }

    /// The token requests must carry.
    pub fn token(&self) -> &str {
        &self.state.guard.token
    }

    /// Serves until the process ends.
    pub fn serve(self) {
        let running = self.spawn();
        for worker in running.threads.lock().unwrap().drain(..) {
            let _ = worker.join();
        }
    }

    /// Serves on background threads until the handle is dropped.
    pub fn spawn(self) -> Running {
        let threads = (0..self.workers)
            .map(|i| {
                let server = Arc::clone(&self.server);
                let state = Arc::clone(&self.state);
                std::thread::Builder::new()
                    .name(format!("studio-{i}"))
                    .spawn(move || api::worker(&server, &state))
                    .expect("a thread")
            })
            .collect();
        Running {
            state: self.state.clone(),
            url: self.url(),
            addr: self.addr(),
            token: self.state.guard.token.clone(),
            server: self.server,
            threads: std::sync::Mutex::new(threads),
        }
    }
}

/// A serving studio; dropping it stops the workers.
pub struct Running {
    pub url: String,
    pub addr: SocketAddr,
    pub token: String,
    server: Arc<tiny_http::Server>,
    state: Arc<api::State>,
    threads: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.state
            .stopping
            .store(true, std::sync::atomic::Ordering::SeqCst);
        let threads: Vec<_> = self.threads.lock().unwrap().drain(..).collect();
        for _ in &threads {
            self.server.unblock();
        }
        for t in threads {
            let _ = t.join();
        }
    }
}
