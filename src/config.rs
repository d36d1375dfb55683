//! Typed settings from the environment. Every variable is documented in the README and in
//! `.env.example`; a bad value stops start-up with a message that names the variable.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Where the database lives. The scheme of `DATABASE_URL` picks the backend; nothing is guessed.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://PATH`: the embedded default. The path is a file (relative or absolute).
    Sqlite(String),
    /// `postgres://...` or `postgresql://...`: production.
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, ConfigError> {
        let raw = raw.trim();
        if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(ConfigError::new("DATABASE_URL", "sqlite:// needs a file path, e.g. sqlite://luotsi.db"));
            }
            return Ok(Self::Sqlite(path.to_owned()));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self::Postgres(raw.to_owned()));
        }
        let scheme = raw.split("://").next().unwrap_or(raw);
        Err(ConfigError::new(
            "DATABASE_URL",
            format!("unsupported scheme {scheme:?}: use sqlite://PATH (embedded) or postgres://USER@HOST/DB"),
        ))
    }

    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

/// Prints the URL without its password, so it can appear in logs.
impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "sqlite://{path}"),
            Self::Postgres(url) => {
                let redacted = match (url.find("://"), url.rfind('@')) {
                    (Some(start), Some(at)) if at > start => {
                        let creds = &url[start + 3..at];
                        match creds.split_once(':') {
                            Some((user, _)) => {
                                format!("{}{user}:***{}", &url[..start + 3], &url[at..])
                            }
                            None => url.clone(),
                        }
                    }
                    _ => url.clone(),
                };
                f.write_str(&redacted)
            }
        }
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// How tokens are verified. Exactly one source of keys is used; see [`crate::auth`].
#[derive(Clone, Default)]
pub struct JwtSettings {
    pub hs256_secret: Option<String>,
    pub public_key_file: Option<PathBuf>,
    pub jwks_file: Option<PathBuf>,
    pub issuer: Option<String>,
    pub audience: Option<String>,
}

impl fmt::Debug for JwtSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtSettings")
            .field("hs256_secret", &self.hs256_secret.as_ref().map(|_| "***"))
            .field("public_key_file", &self.public_key_file)
            .field("jwks_file", &self.jwks_file)
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .finish()
    }
}

/// The issuer and audience used in development when none is configured.
pub const DEV_ISSUER: &str = "luotsi-dev";
pub const DEV_AUDIENCE: &str = "luotsi";

#[derive(Clone)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    pub bind: String,
    pub pool_size: u32,
    pub environment: Environment,
    pub jwt: JwtSettings,
    /// `LUOTSI_DATA_KEY`: encryption keys for personal data at rest, `KID:BASE64` separated by
    /// commas; the first encrypts, all decrypt (key rotation).
    pub data_keys: Option<String>,
    /// Load the shipped demo region into an empty catalogue at start.
    pub demo_catalogue: bool,
    /// How often a replica checks whether another replica changed the catalogue.
    pub catalogue_poll: Duration,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Seconds in-flight requests get to finish after SIGTERM.
    pub shutdown_timeout_secs: u64,
    /// Requests a minute per token subject (five times that per client address); 0 turns it off.
    pub rate_limit_per_minute: u32,
    /// Origins allowed by CORS (the call-centre client app).
    pub cors_origins: Vec<String>,
    /// Seconds a request may take before it is answered 503.
    pub request_timeout_secs: u64,
    /// `LUOTSI_TRUSTED_PROXIES`: peers whose `X-Forwarded-For` / `Forwarded` headers are believed;
    /// none means the TCP peer is the client.
    pub trusted_proxies: Vec<IpRange>,
    /// `LUOTSI_PUBLIC_URL`: where clients reach the service; `https://` turns HSTS on.
    pub public_url: Option<String>,
    /// `LUOTSI_LEXICON`: the region's own need vocabulary (a file in the format of
    /// `data/lexicon.json`) in place of the shipped one.
    pub lexicon_file: Option<PathBuf>,
    /// `LUOTSI_METRICS_BIND`: a second address that serves `GET /metrics` alone (the main address
    /// then does not), so a network policy can keep the metrics inside the cluster.
    pub metrics_bind: Option<String>,
    /// `LUOTSI_LOG_FORMAT`: `text` (default) or `json`, one object a line for log collectors.
    pub log_json: bool,
    /// `LUOTSI_OIDC_ISSUER` and `LUOTSI_OIDC_CLIENT_ID`: the region's OpenID Connect provider the
    /// console signs staff in with (authorization code with PKCE); none offers pasted tokens only.
    pub oidc: Option<OidcSettings>,
}

/// The console's OpenID Connect provider: a public client, so no secret.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub scope: String,
}

impl OidcSettings {
    /// The issuer's origin (scheme, host and port), which the console's CSP lets it connect to.
    pub fn origin(&self) -> &str {
        let after_scheme = self.issuer.find("://").map_or(0, |i| i + 3);
        let end = self.issuer[after_scheme..].find('/').map_or(self.issuer.len(), |i| after_scheme + i);
        &self.issuer[..end]
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &self.database_url)
            .field("bind", &self.bind)
            .field("pool_size", &self.pool_size)
            .field("environment", &self.environment)
            .field("jwt", &self.jwt)
            .field("data_keys", &self.data_keys.as_ref().map(|_| "***"))
            .field("demo_catalogue", &self.demo_catalogue)
            .field("catalogue_poll", &self.catalogue_poll)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("rate_limit_per_minute", &self.rate_limit_per_minute)
            .field("cors_origins", &self.cors_origins)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("public_url", &self.public_url)
            .field("lexicon_file", &self.lexicon_file)
            .field("metrics_bind", &self.metrics_bind)
            .field("log_json", &self.log_json)
            .field("oidc", &self.oidc)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

impl ConfigError {
    pub fn new(variable: &'static str, message: impl Into<String>) -> Self {
        Self { variable, message: message.into() }
    }
}

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let environment = match get("LUOTSI_ENV").as_deref() {
            None | Some("development") | Some("dev") => Environment::Development,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => {
                return Err(ConfigError::new("LUOTSI_ENV", format!("{other:?} is not development or production")))
            }
        };
        let database_url = DatabaseUrl::parse(&get("DATABASE_URL").unwrap_or_else(|| "sqlite://luotsi.db".into()))?;
        let pool_size = parse_num(&get, "LUOTSI_DB_POOL_SIZE", default_pool_size(available_cpus()))?;
        if pool_size == 0 || pool_size > 500 {
            return Err(ConfigError::new("LUOTSI_DB_POOL_SIZE", "must be between 1 and 500"));
        }
        let bind = get("LUOTSI_BIND").unwrap_or_else(|| "127.0.0.1:8080".into());
        if bind.parse::<std::net::SocketAddr>().is_err() {
            return Err(ConfigError::new("LUOTSI_BIND", format!("{bind:?} is not an address like 127.0.0.1:8080")));
        }
        let log_json = match get("LUOTSI_LOG_FORMAT").as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => return Err(ConfigError::new("LUOTSI_LOG_FORMAT", format!("{other:?} is not text or json"))),
        };
        let metrics_bind = get("LUOTSI_METRICS_BIND");
        if let Some(metrics) = &metrics_bind {
            match metrics.parse::<std::net::SocketAddr>() {
                Err(_) => {
                    return Err(ConfigError::new(
                        "LUOTSI_METRICS_BIND",
                        format!("{metrics:?} is not an address like 0.0.0.0:9090"),
                    ))
                }
                Ok(addr) if bind.parse::<std::net::SocketAddr>().is_ok_and(|main| main.port() == addr.port()) => {
                    return Err(ConfigError::new("LUOTSI_METRICS_BIND", "must use another port than LUOTSI_BIND"))
                }
                Ok(_) => {}
            }
        }
        let jwt = JwtSettings {
            hs256_secret: get("LUOTSI_JWT_HS256_SECRET"),
            public_key_file: get("LUOTSI_JWT_PUBLIC_KEY_FILE").map(PathBuf::from),
            jwks_file: get("LUOTSI_JWT_JWKS_FILE").map(PathBuf::from),
            issuer: get("LUOTSI_JWT_ISSUER"),
            audience: get("LUOTSI_JWT_AUDIENCE"),
        };
        let key_sources = [jwt.hs256_secret.is_some(), jwt.public_key_file.is_some(), jwt.jwks_file.is_some()]
            .iter()
            .filter(|set| **set)
            .count();
        if key_sources > 1 {
            return Err(ConfigError::new(
                "LUOTSI_JWT_HS256_SECRET",
                "set only one of LUOTSI_JWT_HS256_SECRET, LUOTSI_JWT_PUBLIC_KEY_FILE and LUOTSI_JWT_JWKS_FILE",
            ));
        }
        if let Some(secret) = &jwt.hs256_secret {
            if secret.len() < 32 {
                return Err(ConfigError::new("LUOTSI_JWT_HS256_SECRET", "must be at least 32 characters long"));
            }
        }
        if environment == Environment::Production {
            if key_sources == 0 {
                return Err(ConfigError::new(
                    "LUOTSI_JWT_PUBLIC_KEY_FILE",
                    "production needs a real verification key: set LUOTSI_JWT_JWKS_FILE, \
                     LUOTSI_JWT_PUBLIC_KEY_FILE or LUOTSI_JWT_HS256_SECRET",
                ));
            }
            if jwt.issuer.is_none() {
                return Err(ConfigError::new("LUOTSI_JWT_ISSUER", "production needs the token issuer"));
            }
            if jwt.audience.is_none() {
                return Err(ConfigError::new("LUOTSI_JWT_AUDIENCE", "production needs the token audience"));
            }
            if get("LUOTSI_DATA_KEY").is_none() {
                return Err(ConfigError::new(
                    "LUOTSI_DATA_KEY",
                    "production needs the key that encrypts personal data at rest",
                ));
            }
        }
        let demo_default = environment == Environment::Development;
        let demo_catalogue = parse_bool(&get, "LUOTSI_DEMO_CATALOGUE", demo_default)?;
        let poll_ms = parse_num(&get, "LUOTSI_CATALOGUE_POLL_MS", 2000u64)?;
        let max_body_bytes = parse_num(&get, "LUOTSI_MAX_BODY_BYTES", 64 * 1024usize)?;
        let shutdown_timeout_secs = parse_num(&get, "LUOTSI_SHUTDOWN_TIMEOUT_SECS", 30u64)?;
        let rate_limit_per_minute = parse_num(&get, "LUOTSI_RATE_LIMIT_PER_MINUTE", 1200u32)?;
        let request_timeout_secs = parse_num(&get, "LUOTSI_REQUEST_TIMEOUT_SECS", 30u64)?;
        let cors_origins = get("LUOTSI_CORS_ORIGINS")
            .map(|v| v.split(',').map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect())
            .unwrap_or_default();
        let trusted_proxies = match get("LUOTSI_TRUSTED_PROXIES") {
            None => Vec::new(),
            Some(raw) => raw
                .split(',')
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(|r| {
                    IpRange::parse(r).map_err(|why| ConfigError::new("LUOTSI_TRUSTED_PROXIES", format!("{r:?}: {why}")))
                })
                .collect::<Result<_, _>>()?,
        };
        let public_url = get("LUOTSI_PUBLIC_URL")
            .map(|url| parse_url("LUOTSI_PUBLIC_URL", &url, "https://luotsi.example.fi"))
            .transpose()?;
        let oidc = match (get("LUOTSI_OIDC_ISSUER"), get("LUOTSI_OIDC_CLIENT_ID")) {
            (None, None) => None,
            (Some(issuer), Some(client_id)) if !client_id.trim().is_empty() => Some(OidcSettings {
                issuer: parse_url("LUOTSI_OIDC_ISSUER", &issuer, "https://sso.example.fi/realms/region")?,
                client_id: client_id.trim().to_owned(),
                scope: get("LUOTSI_OIDC_SCOPE").unwrap_or_else(|| "openid".to_owned()),
            }),
            (Some(_), _) => {
                return Err(ConfigError::new(
                    "LUOTSI_OIDC_CLIENT_ID",
                    "LUOTSI_OIDC_ISSUER is set: set the console's client id at the provider too",
                ))
            }
            (None, Some(_)) => {
                return Err(ConfigError::new(
                    "LUOTSI_OIDC_ISSUER",
                    "LUOTSI_OIDC_CLIENT_ID is set: set the provider's issuer address too",
                ))
            }
        };
        Ok(Self {
            database_url,
            bind,
            pool_size,
            environment,
            jwt,
            data_keys: get("LUOTSI_DATA_KEY"),
            demo_catalogue,
            catalogue_poll: Duration::from_millis(poll_ms.max(100)),
            max_body_bytes,
            shutdown_timeout_secs,
            rate_limit_per_minute,
            cors_origins,
            request_timeout_secs: request_timeout_secs.max(1),
            trusted_proxies,
            public_url,
            lexicon_file: get("LUOTSI_LEXICON").map(PathBuf::from),
            metrics_bind,
            log_json,
            oidc,
        })
    }

    /// Whether clients reach the service over https, so answers carry Strict-Transport-Security.
    pub fn hsts(&self) -> bool {
        self.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }

    /// Whether a peer is a configured proxy.
    pub fn is_trusted_proxy(&self, ip: std::net::IpAddr) -> bool {
        self.trusted_proxies.iter().any(|range| range.contains(ip))
    }

    /// Settings for a test or a tool: development, the given database, nothing else set.
    pub fn for_database(database_url: DatabaseUrl) -> Self {
        let mut settings = Self::from_lookup(|_| None).unwrap_or_else(|_| unreachable_defaults());
        settings.database_url = database_url;
        settings
    }

    pub fn issuer(&self) -> &str {
        self.jwt.issuer.as_deref().unwrap_or(DEV_ISSUER)
    }

    pub fn audience(&self) -> &str {
        self.jwt.audience.as_deref().unwrap_or(DEV_AUDIENCE)
    }
}

fn unreachable_defaults() -> Settings {
    // The defaults above always parse; this keeps the signature free of a Result.
    Settings {
        database_url: DatabaseUrl::Sqlite("luotsi.db".into()),
        bind: "127.0.0.1:8080".into(),
        pool_size: default_pool_size(available_cpus()),
        environment: Environment::Development,
        jwt: JwtSettings::default(),
        data_keys: None,
        demo_catalogue: true,
        catalogue_poll: Duration::from_secs(2),
        max_body_bytes: 64 * 1024,
        shutdown_timeout_secs: 30,
        rate_limit_per_minute: 1200,
        cors_origins: Vec::new(),
        request_timeout_secs: 30,
        trusted_proxies: Vec::new(),
        public_url: None,
        lexicon_file: None,
        metrics_bind: None,
        log_json: false,
        oidc: None,
    }
}

/// An IP address or a CIDR range (`10.0.0.7`, `10.244.0.0/16`, `fd00::/8`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpRange {
    network: std::net::IpAddr,
    prefix: u8,
}

impl IpRange {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let (addr, prefix) = match raw.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (raw, None),
        };
        let network: std::net::IpAddr =
            addr.trim().parse().map_err(|_| "not an IP address or a CIDR range like 10.0.0.0/8".to_owned())?;
        let max = if network.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => match p.trim().parse::<u8>() {
                Ok(p) if p <= max => p,
                _ => return Err(format!("the prefix length must be a number 0-{max}")),
            },
        };
        Ok(Self { network, prefix })
    }

    /// Whether `ip` is in the range. An IPv4-mapped IPv6 address counts as its IPv4 address.
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        use std::net::IpAddr;
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        let bits = |prefix: u8, width: u32| -> u128 {
            if prefix == 0 {
                0
            } else {
                (u128::MAX << (width - u32::from(prefix))) & (u128::MAX >> (128 - width))
            }
        };
        match (self.network, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = bits(self.prefix, 32);
                u128::from(u32::from(net)) & mask == u128::from(u32::from(ip)) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = bits(self.prefix, 128);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// An absolute http(s) URL with a host (`LUOTSI_PUBLIC_URL`, `LUOTSI_OIDC_ISSUER`).
fn parse_url(variable: &'static str, raw: &str, like: &str) -> Result<String, ConfigError> {
    let rest = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !raw.chars().any(char::is_whitespace) => {
            Ok(raw.trim_end_matches('/').to_owned())
        }
        _ => Err(ConfigError::new(variable, format!("{raw:?} is not an address like {like}"))),
    }
}

/// CPUs this process may use (its cgroup's quota included), 1 when unknown.
fn available_cpus() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| u32::try_from(n.get()).unwrap_or(u32::MAX))
}

/// The pool size when `LUOTSI_DB_POOL_SIZE` is not set: two connections a CPU and one more
/// (HikariCP's rule of thumb), at most 10. More connections than the cores can run only move the
/// queue from the service's first-come-first-served turns (`AppState::db`) into the operating
/// system's scheduler, which is not fair to a waiting request: on two cores a pool of 10 gave
/// client-lookup misses a p99 of 15-106 ms, a pool of 5 7-12 ms (BENCHMARKS.md, sixth round).
/// The rule assumes the database has about as many cores as this process; set the variable when
/// it has more (or fewer), keeping replicas x pool size under PostgreSQL's `max_connections`.
fn default_pool_size(cpus: u32) -> u32 {
    cpus.saturating_mul(2).saturating_add(1).min(10)
}

fn parse_num<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError> {
    match get(name) {
        None => Ok(default),
        Some(raw) => raw.parse().map_err(|_| ConfigError::new(name, format!("{raw:?} is not a valid number"))),
    }
}

fn parse_bool(get: &impl Fn(&str) -> Option<String>, name: &'static str, default: bool) -> Result<bool, ConfigError> {
    match get(name).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(ConfigError::new(name, format!("{other:?} is not true or false"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_lookup(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_are_embedded_sqlite_in_development() {
        let s = settings(&[]).unwrap();
        assert_eq!(s.database_url, DatabaseUrl::Sqlite("luotsi.db".into()));
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert_eq!(s.environment, Environment::Development);
        assert!(s.demo_catalogue);
        assert_eq!(s.pool_size, default_pool_size(available_cpus()));
    }

    #[test]
    fn the_default_pool_follows_the_cpus_up_to_ten() {
        assert_eq!(default_pool_size(1), 3);
        assert_eq!(default_pool_size(2), 5);
        assert_eq!(default_pool_size(4), 9);
        assert_eq!(default_pool_size(8), 10);
        assert_eq!(default_pool_size(u32::MAX), 10);
        assert_eq!(settings(&[("LUOTSI_DB_POOL_SIZE", "7")]).unwrap().pool_size, 7);
    }

    #[test]
    fn database_scheme_picks_the_backend() {
        assert_eq!(DatabaseUrl::parse("postgres://postgres@127.0.0.1/test").unwrap().backend(), "postgres");
        assert_eq!(DatabaseUrl::parse("sqlite:///tmp/x.db").unwrap(), DatabaseUrl::Sqlite("/tmp/x.db".into()));
        let err = settings(&[("DATABASE_URL", "mysql://root@localhost/x")]).unwrap_err();
        assert_eq!(err.variable, "DATABASE_URL");
        assert!(err.message.contains("mysql"));
        assert!(settings(&[("DATABASE_URL", "luotsi.db")]).is_err());
    }

    #[test]
    fn passwords_are_not_printed() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db:5432/luotsi").unwrap();
        assert_eq!(url.to_string(), "postgres://app:***@db:5432/luotsi");
    }

    #[test]
    fn production_refuses_to_start_without_real_keys() {
        let err = settings(&[("LUOTSI_ENV", "production")]).unwrap_err();
        assert_eq!(err.variable, "LUOTSI_JWT_PUBLIC_KEY_FILE");
        let secret = "0123456789abcdef0123456789abcdef";
        let err = settings(&[("LUOTSI_ENV", "production"), ("LUOTSI_JWT_HS256_SECRET", secret)]).unwrap_err();
        assert_eq!(err.variable, "LUOTSI_JWT_ISSUER");
        let err = settings(&[
            ("LUOTSI_ENV", "production"),
            ("LUOTSI_JWT_HS256_SECRET", secret),
            ("LUOTSI_JWT_ISSUER", "https://idp"),
        ])
        .unwrap_err();
        assert_eq!(err.variable, "LUOTSI_JWT_AUDIENCE");
        let ok = settings(&[
            ("LUOTSI_ENV", "production"),
            ("LUOTSI_JWT_HS256_SECRET", secret),
            ("LUOTSI_JWT_ISSUER", "https://idp"),
            ("LUOTSI_JWT_AUDIENCE", "luotsi"),
            ("LUOTSI_DATA_KEY", "k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
        ])
        .unwrap();
        assert!(!ok.demo_catalogue);
    }

    #[test]
    fn bad_numbers_and_short_secrets_name_the_variable() {
        assert_eq!(settings(&[("LUOTSI_DB_POOL_SIZE", "lots")]).unwrap_err().variable, "LUOTSI_DB_POOL_SIZE");
        assert_eq!(settings(&[("LUOTSI_DB_POOL_SIZE", "0")]).unwrap_err().variable, "LUOTSI_DB_POOL_SIZE");
        assert_eq!(settings(&[("LUOTSI_JWT_HS256_SECRET", "short")]).unwrap_err().variable, "LUOTSI_JWT_HS256_SECRET");
        assert_eq!(settings(&[("LUOTSI_BIND", "nowhere")]).unwrap_err().variable, "LUOTSI_BIND");
    }

    #[test]
    fn logs_are_text_unless_json_is_asked_for() {
        assert!(!settings(&[]).unwrap().log_json);
        assert!(!settings(&[("LUOTSI_LOG_FORMAT", "text")]).unwrap().log_json);
        assert!(settings(&[("LUOTSI_LOG_FORMAT", "json")]).unwrap().log_json);
        assert_eq!(settings(&[("LUOTSI_LOG_FORMAT", "JSON5")]).unwrap_err().variable, "LUOTSI_LOG_FORMAT");
    }

    #[test]
    fn metrics_are_on_the_main_port_unless_a_second_one_is_named() {
        assert_eq!(settings(&[]).unwrap().metrics_bind, None);
        let s = settings(&[("LUOTSI_METRICS_BIND", "0.0.0.0:9090")]).unwrap();
        assert_eq!(s.metrics_bind.as_deref(), Some("0.0.0.0:9090"));
        for bad in ["9090", "metrics:9090", "0.0.0.0:8080"] {
            assert_eq!(settings(&[("LUOTSI_METRICS_BIND", bad)]).unwrap_err().variable, "LUOTSI_METRICS_BIND", "{bad}");
        }
    }

    #[test]
    fn trusted_proxies_are_addresses_or_ranges() {
        assert!(settings(&[]).unwrap().trusted_proxies.is_empty(), "none by default");
        let s = settings(&[("LUOTSI_TRUSTED_PROXIES", " 10.244.0.0/16, 192.0.2.7 ,fd00::/8,")]).unwrap();
        assert_eq!(s.trusted_proxies.len(), 3);
        for ip in ["10.244.0.1", "10.244.255.255", "192.0.2.7", "fd00::1", "::ffff:10.244.3.4"] {
            assert!(s.is_trusted_proxy(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["10.245.0.1", "192.0.2.8", "fe80::1", "127.0.0.1", "::1"] {
            assert!(!s.is_trusted_proxy(ip.parse().unwrap()), "{ip}");
        }
        let all = settings(&[("LUOTSI_TRUSTED_PROXIES", "0.0.0.0/0")]).unwrap();
        assert!(all.is_trusted_proxy("203.0.113.9".parse().unwrap()));
        assert!(!all.is_trusted_proxy("2001:db8::1".parse().unwrap()), "an IPv4 range holds no IPv6 address");
        for bad in ["10.0.0.0/33", "fd00::/129", "ingress", "10.0.0/8", "10.0.0.0/x", "*"] {
            let err = settings(&[("LUOTSI_TRUSTED_PROXIES", bad)]).unwrap_err();
            assert_eq!(err.variable, "LUOTSI_TRUSTED_PROXIES", "{bad}");
            assert!(err.message.contains(bad), "{bad}: {}", err.message);
        }
    }

    #[test]
    fn the_public_url_turns_hsts_on_when_it_is_https() {
        assert!(!settings(&[]).unwrap().hsts());
        assert!(!settings(&[("LUOTSI_PUBLIC_URL", "http://localhost:8080")]).unwrap().hsts());
        let s = settings(&[("LUOTSI_PUBLIC_URL", "https://luotsi.example.fi/")]).unwrap();
        assert!(s.hsts());
        assert_eq!(s.public_url.as_deref(), Some("https://luotsi.example.fi"));
        for bad in ["luotsi.example.fi", "ftp://x", "https://", "https:///x", "https://a b"] {
            assert_eq!(settings(&[("LUOTSI_PUBLIC_URL", bad)]).unwrap_err().variable, "LUOTSI_PUBLIC_URL", "{bad}");
        }
    }
}
