//! `schema studio`: the data in a local browser page.

use std::process::{Command, Stdio};

use schema_studio::{Config, StartError, Studio, DEFAULT_PORT};

use crate::args::StudioArgs;
use crate::config::Settings;

pub fn studio(settings: &Settings, args: &StudioArgs) -> anyhow::Result<u8> {
    let url = settings.require_url()?;
    let mut config = Config::new(url);
    config.read_only = args.read_only;
    config.allow_writes = args.allow_writes;
    config.statement_timeout = settings.statement_timeout;
    config.lock_timeout = settings.lock_timeout;
    let studio = bind(config, args.port)?;
    let mode = if args.read_only {
        "read-only"
    } else if args.allow_writes {
        "editing on, the console may write"
    } else {
        "editing on, the console read-only"
    };
    eprintln!(
        "studio for {} ({mode}); open this URL (it carries the token), Ctrl+C stops it:",
        schema_core::redact_url(url)
    );
    outln!("{}", studio.url());
    if args.open {
        open(&studio.url());
    }
    studio.serve();
    Ok(0)
}

/// Binds the port asked for, or the default one, or else any free one.
fn bind(mut config: Config, port: Option<u16>) -> Result<Studio, StartError> {
    config.port = port.unwrap_or(DEFAULT_PORT);
    match Studio::bind(config.clone()) {
        Err(StartError::PortInUse { .. }) if port.is_none() => {
            config.port = 0;
            let studio = Studio::bind(config)?;
            eprintln!(
                "port {DEFAULT_PORT} is in use, so the studio listens on {}",
                studio.addr().port()
            );
            Ok(studio)
        }
        other => other,
    }
}

/// Opens `url` in the default browser, where there is one.
fn open(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        Command::new("xdg-open")
    };
    let started = command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Err(e) = started {
        eprintln!("cannot open a browser ({e}); open the URL above yourself");
    }
}
