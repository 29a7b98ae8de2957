//! The rules every request passes before it reaches the API, and the headers
//! every response carries.

use std::io::Read;

use tiny_http::{Header, Method, Request, Response};

/// Who may talk to the studio: requests for this port that carry this token.
#[derive(Debug, Clone)]
pub struct Guard {
    pub port: u16,
    pub token: String,
}

/// Why a request is refused before it reaches the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// `Host` is not 127.0.0.1 or localhost with this port (DNS rebinding).
    Host,
    /// `Origin` (or `Sec-Fetch-Site`) says another site sent it.
    Origin,
    /// No token, or a wrong one.
    Token,
}

impl Refused {
    pub fn status(&self) -> u16 {
        match self {
            Refused::Host | Refused::Origin => 403,
            Refused::Token => 401,
        }
    }

    pub fn message(&self) -> &'static str {
        match self {
            Refused::Host => {
                "this server answers only to http://127.0.0.1 or http://localhost on its own port"
            }
            Refused::Origin => "requests from other sites are refused",
            Refused::Token => "open the URL the studio printed (it carries the token)",
        }
    }
}

impl Guard {
    pub fn new(port: u16, token: String) -> Guard {
        Guard { port, token }
    }

    /// The cookie holding the token; named by port, since cookies are shared
    /// between the ports of one host.
    pub fn cookie_name(&self) -> String {
        format!("schema_studio_{}", self.port)
    }

    /// `Host` and `Origin` rules, which every request passes, the page included.
    pub fn check_site(&self, request: &Request) -> Result<(), Refused> {
        let host = header(request, "Host").ok_or(Refused::Host)?;
        if !self.is_own_host(host) {
            return Err(Refused::Host);
        }
        if let Some(origin) = header(request, "Origin") {
            let own = ["127.0.0.1", "localhost"]
                .iter()
                .any(|h| origin == format!("http://{h}:{}", self.port));
            if !own {
                return Err(Refused::Origin);
            }
        }
        if let Some(site) = header(request, "Sec-Fetch-Site") {
            if site != "same-origin" && site != "none" {
                return Err(Refused::Origin);
            }
        }
        Ok(())
    }

    fn is_own_host(&self, host: &str) -> bool {
        ["127.0.0.1", "localhost"]
            .iter()
            .any(|h| host.eq_ignore_ascii_case(&format!("{h}:{}", self.port)))
    }

    /// The token rule: the header or the cookie carries it.
    pub fn check_token(&self, request: &Request) -> Result<(), Refused> {
        let from_header = header(request, "X-Studio-Token").map(str::to_string);
        let from_cookie = header(request, "Cookie").and_then(|c| cookie(c, &self.cookie_name()));
        let given = from_header.or(from_cookie).ok_or(Refused::Token)?;
        if same(given.as_bytes(), self.token.as_bytes()) {
            Ok(())
        } else {
            Err(Refused::Token)
        }
    }

    /// The `Set-Cookie` value that lets the page in.
    pub fn set_cookie(&self) -> String {
        format!(
            "{}={}; HttpOnly; SameSite=Strict; Path=/",
            self.cookie_name(),
            self.token
        )
    }

    /// Whether `given` is the token (for the `?token=` of the page's URL).
    pub fn is_token(&self, given: &str) -> bool {
        same(given.as_bytes(), self.token.as_bytes())
    }
}

/// Compares in time that does not depend on where the inputs differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 32 random bytes, as hex.
pub fn new_token() -> Result<String, String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A request header's value.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

/// A cookie's value from a `Cookie` header.
fn cookie(header: &str, name: &str) -> Option<String> {
    header.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        (key == name).then(|| value.to_string())
    })
}

/// Whether a POST says it carries JSON.
pub fn is_json(request: &Request) -> bool {
    header(request, "Content-Type").is_some_and(|t| {
        t.split(';')
            .next()
            .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
    })
}

/// The largest request body read.
pub const MAX_BODY: u64 = 4 * 1024 * 1024;

/// The body, up to [`MAX_BODY`].
pub fn body(request: &mut Request) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("reading the request: {e}"))?;
    if bytes.len() as u64 > MAX_BODY {
        return Err("the request is larger than 4 MiB".into());
    }
    Ok(bytes)
}

/// The path and the decoded query parameters of a request.
pub fn split_url(url: &str) -> (&str, Vec<(String, String)>) {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let params = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    (path, params)
}

/// A header from a name and value known to be valid.
pub fn h(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

/// The headers every response carries: no CORS headers, a strict CSP, no
/// caching, no framing, no sniffing, no referrer.
pub fn common_headers() -> Vec<Header> {
    vec![
        h(
            "Content-Security-Policy",
            "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ),
        h("X-Content-Type-Options", "nosniff"),
        h("X-Frame-Options", "DENY"),
        h("Referrer-Policy", "no-referrer"),
        h("Cache-Control", "no-store"),
        h("Cross-Origin-Resource-Policy", "same-origin"),
    ]
}

/// A response with the common headers.
pub fn respond<R: Read>(request: Request, mut response: Response<R>) {
    for header in common_headers() {
        response.add_header(header);
    }
    let _ = request.respond(response);
}

/// A JSON response.
pub fn json(status: u16, value: &serde_json::Value) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(serde_json::to_vec(value).unwrap_or_default())
        .with_status_code(status)
        .with_header(h("Content-Type", "application/json; charset=utf-8"))
}

/// A JSON error response: `{"error": message}`.
pub fn error(status: u16, message: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    json(status, &serde_json::json!({ "error": message }))
}

/// Whether a method is one the API reads with.
pub fn is_get(method: &Method) -> bool {
    matches!(method, Method::Get | Method::Head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_by_exact_name() {
        let header = "a=1; schema_studio_4800=abc; schema_studio_48001=zzz";
        assert_eq!(cookie(header, "schema_studio_4800").as_deref(), Some("abc"));
        assert_eq!(cookie(header, "schema_studio_480"), None);
    }

    #[test]
    fn tokens_are_long_random_hex_and_compared_whole() {
        let (a, b) = (new_token().unwrap(), new_token().unwrap());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(same(a.as_bytes(), a.as_bytes()));
        assert!(!same(a.as_bytes(), &a.as_bytes()[..63]));
        assert!(!same(a.as_bytes(), b.as_bytes()));
    }
}
