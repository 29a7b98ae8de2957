//! The studio in a real browser: Debian's headless Chromium, driven over the
//! DevTools protocol, against the example auth schema on the real server.
//! Screenshots go to `docs/` (shown in README).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::{Emulation, Page};
use headless_chrome::{Browser, LaunchOptions, Tab};
use schema_core::Schema;
use schema_studio::{Config, Running, Studio};
use schema_tests::TestDb;
use serde_json::Value;

// Link the example so its tables register.
use auth_service as _;

const EMAILS: [&str; 3] = ["ada@example.com", "grace@example.com", "linus@example.com"];

fn chromium() -> PathBuf {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .expect("Chromium is not installed: apt-get install chromium (scripts/test does it)")
}

struct Fixture {
    db: TestDb,
    studio: Running,
    _browser: Browser,
    tab: Arc<Tab>,
}

fn start(read_only: bool) -> Fixture {
    let db = TestDb::new("studio_browser");
    db.execute(&Schema::registered().unwrap().create_script());
    let mut client = db.connect();
    for email in EMAILS {
        auth_service::service::sign_up_and_buy_credits(&mut client, email, "starter").unwrap();
    }
    client.batch_execute("ANALYZE").unwrap();
    let mut config = Config::new(db.url.clone());
    config.port = 0;
    config.read_only = read_only;
    let studio = Studio::bind(config).unwrap().spawn();
    let options = LaunchOptions::default_builder()
        .path(Some(chromium()))
        .headless(true)
        .sandbox(false)
        .window_size(Some((1440, 900)))
        .idle_browser_timeout(Duration::from_secs(120))
        .args(vec![
            OsStr::new("--disable-gpu"),
            OsStr::new("--disable-dev-shm-usage"),
        ])
        .build()
        .unwrap();
    let browser = Browser::new(options).expect("start Chromium");
    let tab = browser.new_tab().unwrap();
    tab.set_default_timeout(Duration::from_secs(20));
    tab.navigate_to(&studio.url).unwrap();
    tab.wait_until_navigated().unwrap();
    let f = Fixture {
        db,
        studio,
        _browser: browser,
        tab,
    };
    f.wait(
        "document.querySelectorAll('#tables a.relation').length > 0",
        "the table list",
    );
    f
}

impl Fixture {
    fn js(&self, expression: &str) -> Value {
        let wrapped = format!("(() => {{ return ({expression}); }})()");
        self.tab
            .evaluate(&wrapped, false)
            .unwrap_or_else(|e| panic!("{expression}: {e}"))
            .value
            .unwrap_or(Value::Null)
    }

    /// Waits until `condition` (JavaScript) is true; on timeout says what the
    /// page's status line says.
    fn wait(&self, condition: &str, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if self.js(condition) == Value::Bool(true) {
                return;
            }
            if Instant::now() > deadline {
                let status = self.js("document.querySelector('#status')?.textContent");
                panic!("waited 20 s for {what} ({condition}); status: {status}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A real mouse click (moves focus, as a person's does).
    fn click(&self, selector: &str) {
        self.tab
            .wait_for_element(selector)
            .unwrap_or_else(|e| panic!("{selector}: {e}"))
            .click()
            .unwrap_or_else(|e| panic!("click {selector}: {e}"));
    }

    /// Presses a button or follows a link the way the keyboard does (the
    /// element's own click), without the mouse's scrolling and settling.
    fn press(&self, selector: &str) {
        self.tab
            .wait_for_element(selector)
            .unwrap_or_else(|e| panic!("{selector}: {e}"));
        let q = serde_json::to_string(selector).unwrap();
        self.js(&format!("(document.querySelector({q}).click(), true)"));
    }

    /// Puts text into a field as typing would (an `input` event).
    fn fill(&self, selector: &str, text: &str) {
        self.tab
            .wait_for_element(selector)
            .unwrap_or_else(|e| panic!("{selector}: {e}"));
        let (q, t) = (
            serde_json::to_string(selector).unwrap(),
            serde_json::to_string(text).unwrap(),
        );
        self.js(&format!(
            "(() => {{ const e = document.querySelector({q}); e.focus(); e.value = {t}; \
             e.dispatchEvent(new Event('input', {{ bubbles: true }})); return true; }})()"
        ));
    }

    fn open(&self, table: &str) {
        self.press(&format!(
            "#tables a.relation[data-schema='public'][data-name='{table}']"
        ));
        self.wait(
            &format!("!document.body.classList.contains('busy') && location.hash.includes('/{table}') && document.querySelector('#table-title')?.textContent.includes('{table}') && document.querySelector('#grid tbody tr[data-row]') !== null"),
            &format!("the rows of {table}"),
        );
    }

    fn cell(&self, row: usize, column: &str) -> String {
        format!("#grid tbody tr[data-row='{row}'] td[data-column='{column}']")
    }

    fn text(&self, selector: &str) -> String {
        let q = serde_json::to_string(selector).unwrap();
        self.js(&format!("document.querySelector({q})?.innerText ?? null"))
            .as_str()
            .unwrap_or_else(|| panic!("no {selector}"))
            .to_string()
    }

    fn rows(&self) -> usize {
        self.js("document.querySelectorAll('#grid tbody tr[data-row]').length")
            .as_u64()
            .unwrap() as usize
    }

    /// Opens the editor of a cell, types `value` over it and presses Enter.
    fn edit(&self, row: usize, column: &str, value: &str) {
        let cell = self.cell(row, column);
        self.click(&cell);
        self.tab.press_key("Enter").unwrap();
        let input = format!("{cell} .value-input");
        self.tab.wait_for_element(&input).unwrap();
        let q = serde_json::to_string(&input).unwrap();
        self.js(&format!("(document.querySelector({q}).select(), true)"));
        self.tab.type_str(value).unwrap();
        self.tab.press_key("Enter").unwrap();
    }

    fn sql(&self, query: &str) -> String {
        self.db.scalar(query)
    }

    fn screenshot(&self, name: &str) {
        let png = self
            .tab
            .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
            .unwrap();
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
        std::fs::create_dir_all(&docs).unwrap();
        std::fs::write(docs.join(name), png).unwrap();
    }
}

#[test]
fn browse_follow_relations_edit_insert_delete_and_the_console() {
    let f = start(false);

    // The table list of the example schema, with estimated row counts.
    let listed = f.js("[...document.querySelectorAll('#tables a.relation')].map(a => a.dataset.name).sort().join(' ')");
    for table in [
        "accounts",
        "credit_balances",
        "credit_packages",
        "credit_transactions",
        "passwords",
        "sessions",
        "users",
        "verification_tokens",
    ] {
        assert!(
            listed.as_str().unwrap().split(' ').any(|n| n == table),
            "{table} in {listed}"
        );
    }
    assert!(
        f.text("#tables a.relation[data-name='users']")
            .contains('3'),
        "estimate shown"
    );

    // Browse users: typed headers, NULL apart from text, JSON, timestamps.
    f.open("users");
    assert_eq!(f.rows(), 3);
    assert!(f
        .text("#grid thead th[data-column='email']")
        .contains("text"));
    assert!(f
        .text("#grid thead th[data-column='created_at']")
        .contains("timestamp with time zone"));
    let raw = f.js(&format!(
        "document.querySelector(\"{}\").title",
        f.cell(0, "created_at")
    ));
    assert!(
        raw.as_str().unwrap().ends_with("+00"),
        "the stored value on hover: {raw}"
    );
    assert_eq!(
        f.js(&format!(
            "document.querySelector(\"{} span.null\") !== null",
            f.cell(0, "email_verified_at")
        )),
        Value::Bool(true)
    );
    f.screenshot("studio-light.png");

    // A user's reverse relation opens their sessions; a session's user_id opens the user.
    let ada_id = f.sql("SELECT id FROM users WHERE email = 'ada@example.com'");
    let row = f.js("[...document.querySelectorAll('#grid tbody tr[data-row]')].findIndex(tr => tr.innerText.includes('ada@example.com'))");
    let row = row.as_u64().unwrap() as usize;
    let link = format!("#grid tbody tr[data-row='{row}'] a.referenced-by");
    let sessions_link = f.js(&format!("[...document.querySelectorAll(\"{link}\")].findIndex(a => a.innerText.includes('in sessions'))"));
    assert!(sessions_link.as_i64().unwrap() >= 0, "a link to sessions");
    f.js(&format!("[...document.querySelectorAll(\"{link}\")].find(a => a.innerText.includes('in sessions')).click()"));
    f.wait("!document.body.classList.contains('busy') && location.hash.includes('/sessions') && document.querySelectorAll('#grid tbody tr[data-row]').length === 1 && document.querySelector(\"#grid td[data-column='token_hash']\") !== null", "ada's session");
    assert!(f.text(&f.cell(0, "user_id")).contains(&ada_id));
    f.press(&format!("{} a.fk", f.cell(0, "user_id")));
    f.wait("!document.body.classList.contains('busy') && location.hash.includes('/users') && document.querySelectorAll('#grid tbody tr[data-row]').length === 1 && document.querySelector(\"#grid td[data-column='email']\") !== null", "the session's user");
    assert!(f.text(&f.cell(0, "email")).contains("ada@example.com"));

    // Edit a cell; the database has the new value.
    f.edit(0, "display_name", "Ada Lovelace");
    f.wait(
        "document.querySelector('#status').textContent.includes('Saved')",
        "the save",
    );
    assert_eq!(
        f.sql("SELECT display_name FROM users WHERE email = 'ada@example.com'"),
        "Ada Lovelace"
    );

    // A check violation is shown on the row, and nothing changes.
    f.open("credit_balances");
    let before = f.sql("SELECT sum(balance) FROM credit_balances");
    f.edit(0, "balance", "-5");
    f.wait(
        "document.querySelector('#grid .row-error') !== null",
        "the check violation on the row",
    );
    assert!(f
        .text("#grid .row-error")
        .contains("credit_balances_balance_check"));
    assert_eq!(f.sql("SELECT sum(balance) FROM credit_balances"), before);
    f.tab.press_key("Escape").unwrap();

    // Someone changes the row underneath: the page says so and overwrites nothing.
    f.press("#refresh");
    f.wait("document.querySelector('#grid .row-error') === null && document.querySelector('#grid tbody tr[data-row]') !== null", "the reloaded page");
    let user = f.text(&f.cell(0, "user_id"));
    f.db.execute(&format!(
        "UPDATE credit_balances SET balance = 77 WHERE user_id = '{}'",
        user.trim()
    ));
    f.edit(0, "balance", "5");
    f.wait(
        "document.querySelector('#grid .conflict') !== null",
        "the conflict on the row",
    );
    assert_eq!(
        f.sql(&format!(
            "SELECT balance FROM credit_balances WHERE user_id = '{}'",
            user.trim()
        )),
        "77"
    );
    assert!(
        f.text(&f.cell(0, "balance")).contains("77"),
        "the page shows the current value"
    );

    // Insert a row, defaults left to the database and shown; then delete it.
    f.open("credit_packages");
    let packages = f.rows();
    f.press("#insert");
    for (column, value) in [
        ("slug", "pro"),
        ("name", "Pro pack"),
        ("credits", "500"),
        ("price_cents", "4900"),
    ] {
        f.fill(
            &format!("#grid tr.insert-row td[data-column='{column}'] .value-input"),
            value,
        );
    }
    f.press("#insert-save");
    f.wait(
        "document.querySelector('#grid tbody tr.inserted') !== null",
        "the inserted row",
    );
    assert_eq!(
        f.sql("SELECT count(*) FROM credit_packages WHERE slug = 'pro'"),
        "1"
    );
    let id = f.text("#grid tbody tr.inserted td[data-column='id']");
    assert_eq!(
        id.trim(),
        f.sql("SELECT id FROM credit_packages WHERE slug = 'pro'"),
        "the default id is shown"
    );
    // A boolean is a checkbox in its editor.
    let active = "#grid tbody tr.inserted td[data-column='active']";
    assert!(f.text(active).contains("true"));
    f.click(active);
    f.tab.press_key("Enter").unwrap();
    f.click(&format!("{active} .value-input"));
    f.tab.press_key("Enter").unwrap();
    f.wait(
        "document.querySelector('#status').textContent.includes('Saved')",
        "the boolean saved",
    );
    assert_eq!(
        f.sql("SELECT active FROM credit_packages WHERE slug = 'pro'"),
        "false"
    );
    f.js("window.confirm = () => true");
    f.click("#grid tbody tr.inserted input.row-select");
    f.press("#delete");
    f.wait(
        &format!("document.querySelectorAll('#grid tbody tr[data-row]').length === {packages}"),
        "the deleted row gone",
    );
    assert_eq!(
        f.sql("SELECT count(*) FROM credit_packages WHERE slug = 'pro'"),
        "0"
    );

    // The console runs read-only: a write is refused, a read answers in the grid.
    f.fill("#console", "delete from users");
    f.press("#run");
    f.wait(
        "document.querySelector('#console-result').innerText.includes('read-only')",
        "the refused write",
    );
    assert_eq!(f.sql("SELECT count(*) FROM users"), "3");
    f.fill("#console", "select email from users order by email");
    f.press("#run");
    f.wait(
        "document.querySelector('#console-result').innerText.includes('linus@example.com')",
        "the console's rows",
    );
}

#[test]
fn read_only_studio_and_the_dark_theme() {
    let f = start(true);
    f.tab
        .call_method(Emulation::SetEmulatedMedia {
            media: None,
            features: Some(vec![Emulation::MediaFeature {
                name: "prefers-color-scheme".into(),
                value: "dark".into(),
            }]),
        })
        .unwrap();
    f.tab
        .call_method(Emulation::SetTimezoneOverride {
            timezone_id: "Asia/Kolkata".into(),
        })
        .unwrap();
    f.open("users");
    // Timestamps in the browser's zone, the stored value on hover.
    let created = f.cell(0, "created_at");
    assert!(
        f.text(&created).trim().ends_with("+05:30"),
        "{}",
        f.text(&created)
    );
    let raw = f.js(&format!("document.querySelector(\"{created}\").title"));
    assert!(raw.as_str().unwrap().ends_with("+00"), "{raw}");
    let background = f.js("getComputedStyle(document.body).backgroundColor");
    let channels: Vec<f64> = background
        .as_str()
        .unwrap()
        .trim_start_matches("rgba(")
        .trim_start_matches("rgb(")
        .trim_end_matches(')')
        .split(',')
        .take(3)
        .map(|c| c.trim().parse().unwrap())
        .collect();
    assert!(
        channels.iter().all(|c| *c < 80.0),
        "a dark background: {background}"
    );
    // Nothing to edit with: no insert, no delete, no editor on Enter.
    assert_eq!(
        f.js("document.querySelector('#insert').hidden"),
        Value::Bool(true)
    );
    f.click(&f.cell(0, "display_name"));
    f.tab.press_key("Enter").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        f.js(&format!(
            "document.querySelector(\"{} .value-input\") === null",
            f.cell(0, "display_name")
        )),
        Value::Bool(true)
    );
    f.screenshot("studio-dark.png");
    let _ = f.studio.addr;
}
