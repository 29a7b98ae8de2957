//! A private pgbouncer in transaction pooling mode in front of the test server,
//! started by the tests that need it and stopped when dropped.
//!
//! It checks passwords itself (`auth_type = plain`) against one user, so it also
//! serves the tests of wrong-password errors while the server trusts everyone.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::server_url;

/// The user and password pgbouncer accepts (it logs in to the server as `postgres`).
pub const USER: &str = "postgres";
pub const PASSWORD: &str = "bouncer-secret";

pub struct PgBouncer {
    child: Child,
    pub port: u16,
    dir: PathBuf,
}

impl PgBouncer {
    /// Starts pgbouncer on a free port with `pool_size` server connections per
    /// database (small, so clients really share them).
    pub fn start(pool_size: u32) -> PgBouncer {
        let binary = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .expect("pgbouncer is not installed: apt-get install pgbouncer");
        let port = free_port();
        let dir = std::env::temp_dir().join(format!("pgbouncer-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (host, server_port) = server_host_port();
        let config = format!(
            "[databases]\n* = host={host} port={server_port} user=postgres\n\n[pgbouncer]\n\
             listen_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n\
             auth_type = plain\nauth_file = {dir}/users.txt\npool_mode = transaction\n\
             default_pool_size = {pool_size}\nmax_client_conn = 200\n\
             ignore_startup_parameters = extra_float_digits,options\n\
             logfile = {dir}/pgbouncer.log\npidfile = {dir}/pgbouncer.pid\n",
            dir = dir.display()
        );
        std::fs::write(dir.join("pgbouncer.ini"), config).unwrap();
        let mut users = std::fs::File::create(dir.join("users.txt")).unwrap();
        writeln!(users, "\"{USER}\" \"{PASSWORD}\"").unwrap();
        let mut command = Command::new(binary);
        command
            .arg(dir.join("pgbouncer.ini"))
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if is_root() {
            // pgbouncer will not run as root; let it switch to the server's user.
            Command::new("chown")
                .args(["-R", "postgres"])
                .arg(&dir)
                .status()
                .unwrap();
            command.args(["-u", "postgres"]);
        }
        let child = command.spawn().expect("start pgbouncer");
        let bouncer = PgBouncer { child, port, dir };
        bouncer.wait_until_listening();
        bouncer
    }

    /// A URL through pgbouncer to `database`, with the given password.
    pub fn url(&self, database: &str, password: &str) -> String {
        format!(
            "postgres://{USER}:{password}@127.0.0.1:{}/{database}?sslmode=disable",
            self.port
        )
    }

    fn wait_until_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "pgbouncer did not start: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("pgbouncer.log")).unwrap_or_default()
    }
}

impl Drop for PgBouncer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false)
}

/// Host and port of `DATABASE_URL`'s server.
fn server_host_port() -> (String, u16) {
    let config: postgres::Config = server_url().parse().expect("DATABASE_URL");
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "127.0.0.1".to_string(),
    };
    (host, config.get_ports().first().copied().unwrap_or(5432))
}
