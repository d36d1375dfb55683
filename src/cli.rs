//! The command line: `luotsi serve` (default), `migrate`, `openapi`, `explain`, `token` and `import`.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::auth::{parse_ttl, Role, Verifier};
use crate::config::{Environment, Settings};
use crate::http::state::{spawn_catalogue_poller, AppState};
use crate::import::{self, ImportError, ImportInput};
use crate::store::{self, catalogue::now};

#[derive(Parser, Debug)]
#[command(
    name = "luotsi",
    version,
    about = "Service navigation API of the sote-centres. Configuration comes from environment variables (see README)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the HTTP service (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Print what the service understands of a description: tokens and base forms, safety
    /// signs and need terms found or set aside, the emergency, the needs and the safety screen.
    Explain {
        /// The description, as the client said it.
        #[arg(long)]
        text: String,
        /// The client's age.
        #[arg(long, default_value_t = 40)]
        age: u32,
        /// The description's language (fi, sv, en); detected when missing.
        #[arg(long)]
        language: Option<String>,
    },
    /// Ask a running service whether it is alive (for container health checks): exit 0 when
    /// GET /health/live on LUOTSI_BIND answers 200.
    Health,
    /// Mint a token with the configured HS256 secret (development and tests).
    Token {
        /// A role: call_centre, integration, team_member, admin, auditor (repeatable).
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// A team id for team_member, or for an integration that works the team's Tasks over FHIR (repeatable).
        #[arg(long = "team")]
        teams: Vec<String>,
        /// Lifetime, e.g. 30m, 12h, 7d.
        #[arg(long, default_value = "12h")]
        ttl: String,
        /// The subject (who the token is for).
        #[arg(long, default_value = "dev-user")]
        sub: String,
    },
    /// Make synthetic data for benchmarks (see bench/README.md).
    Generate {
        #[command(subcommand)]
        what: Generate,
    },
    /// Import an HSDS 3.1 service list or Suomi.fi PTV pages, and a teams file, into the catalogue.
    Import {
        /// HSDS 3.0 service list (a page with `contents` or an array of full services).
        #[arg(long, required_unless_present = "ptv", conflicts_with = "ptv")]
        hsds: Option<std::path::PathBuf>,
        /// PTV open API v11 pages of services and service channels: a file, or a directory whose
        /// `.json` files are read in name order. Need codes come from data/ptv-needs.json.
        #[arg(long)]
        ptv: Option<std::path::PathBuf>,
        /// Teams file (the format of data/demo-region/teams.json).
        #[arg(long)]
        teams: Option<std::path::PathBuf>,
        /// The region's municipality register (the format of data/demo-region/municipalities.json).
        #[arg(long)]
        municipalities: Option<std::path::PathBuf>,
        /// Check everything and report, but write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum Generate {
    /// Write a synthetic catalogue (HSDS service list and teams file) built from the demo region.
    Catalogue {
        /// Number of services (the 52 demo services included).
        #[arg(long, default_value_t = 1000)]
        services: usize,
        /// Directory for catalogue.hsds.json and teams.json.
        #[arg(long)]
        out: std::path::PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Insert synthetic referrals (no personal data; identities `synthetic-N` encrypted with
    /// LUOTSI_DATA_KEY like real ones) across the catalogue in DATABASE_URL.
    Referrals {
        #[arg(long, default_value_t = 100_000)]
        count: usize,
        /// Spread over this many past days.
        #[arg(long, default_value_t = 365)]
        days: i64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi = command {
        return match serde_json::to_string_pretty(&crate::http::openapi()) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => fail(format!("cannot write the OpenAPI document: {e}")),
        };
    }
    if let Command::Explain { text, age, language } = &command {
        let lang = match language.as_deref().map(|l| (l, crate::domain::lang::Lang::parse(l))) {
            None => None,
            Some((_, Some(l))) => Some(l),
            Some((raw, None)) => return fail(format!("--language {raw:?} is not fi, sv or en")),
        };
        if *age > 120 {
            return fail(format!("--age {age} is not an age 0-120"));
        }
        let file = std::env::var_os("LUOTSI_LEXICON").map(std::path::PathBuf::from);
        if let Err(e) = crate::domain::lexicon::install(file.as_deref()) {
            return fail(e);
        }
        let finnish = crate::voikko::shared();
        print!("{}", crate::explain::report(text, *age, lang, finnish.as_ref()));
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => return fail(format!("configuration error: {e}")),
    };
    if let Command::Health = command {
        return health(&settings.bind);
    }
    init_logging(settings.log_json);
    match command {
        Command::Serve => serve(settings),
        Command::Migrate => migrate(&settings),
        Command::Token { roles, teams, ttl, sub } => token(&settings, &roles, &teams, &ttl, &sub),
        Command::Generate { what } => generate(&settings, what),
        Command::Import { hsds, ptv, teams, municipalities, dry_run } => import_files(
            &settings,
            (hsds.as_deref(), ptv.as_deref()),
            teams.as_deref(),
            municipalities.as_deref(),
            dry_run,
        ),
        Command::Openapi | Command::Health | Command::Explain { .. } => ExitCode::SUCCESS,
    }
}

/// A plain HTTP/1.0 GET of /health/live, so the runtime image needs no curl.
fn health(bind: &str) -> ExitCode {
    use std::io::{Read, Write};
    let mut addr: std::net::SocketAddr = match bind.parse() {
        Ok(a) => a,
        Err(_) => return fail(format!("LUOTSI_BIND {bind:?} is not an address")),
    };
    if addr.ip().is_unspecified() {
        addr.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
    }
    let timeout = std::time::Duration::from_secs(3);
    let answer = std::net::TcpStream::connect_timeout(&addr, timeout).and_then(|mut stream| {
        stream.set_read_timeout(Some(timeout))?;
        stream.write_all(b"GET /health/live HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
        let mut head = [0u8; 12];
        stream.read_exact(&mut head)?;
        Ok(head)
    });
    match answer {
        Ok(head) if head.starts_with(b"HTTP/1.") && &head[9..12] == b"200" => ExitCode::SUCCESS,
        Ok(_) => fail("the service answered, but not 200"),
        Err(e) => fail(format!("no answer from {addr}: {e}")),
    }
}

fn init_logging(json: bool) {
    let env = env_logger::Env::default().default_filter_or("info");
    let mut builder = env_logger::Builder::from_env(env);
    builder.format_timestamp_millis();
    if json {
        builder.format(|out, record| std::io::Write::write_all(out, format!("{}\n", json_log_line(record)).as_bytes()));
    }
    let _ = builder.try_init();
}

/// One log record as a JSON object on one line (`LUOTSI_LOG_FORMAT=json`): time, level, target,
/// message and, while a request is handled, its id. The messages are the text format's, so the
/// same rule holds: no personal data.
fn json_log_line(record: &log::Record<'_>) -> String {
    let mut line = serde_json::json!({
        "time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "level": record.level().as_str(),
        "target": record.target(),
        "message": record.args().to_string(),
    });
    if let Some(id) = crate::http::middleware::current_request_id() {
        line["request_id"] = serde_json::Value::String(id);
    }
    line.to_string()
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("luotsi: {message}");
    ExitCode::from(2)
}

/// Opens the database named by DATABASE_URL and migrates it.
fn open_database(settings: &Settings) -> Result<store::Pool, String> {
    let pool = store::build_pool(&settings.database_url, settings.pool_size)
        .map_err(|e| format!("DATABASE_URL={}: {e}", settings.database_url))?;
    let mut conn = pool.get().map_err(|e| format!("DATABASE_URL={}: {e}", settings.database_url))?;
    let applied =
        store::run_migrations(&mut conn).map_err(|e| format!("DATABASE_URL={}: {e}", settings.database_url))?;
    for name in applied {
        log::info!("migration applied: {name}");
    }
    Ok(pool)
}

fn migrate(settings: &Settings) -> ExitCode {
    match open_database(settings) {
        Ok(_) => {
            println!("database {} is up to date", settings.database_url);
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn token(settings: &Settings, roles: &[String], teams: &[String], ttl: &str, sub: &str) -> ExitCode {
    if settings.jwt.hs256_secret.is_none() {
        return fail("LUOTSI_JWT_HS256_SECRET is not set: `luotsi token` signs with that secret (`luotsi serve` prints tokens when it makes its own)");
    }
    let mut parsed = Vec::new();
    for r in roles {
        match Role::parse(r) {
            Some(role) => parsed.push(role),
            None => {
                return fail(format!("--role {r}: not one of call_centre, integration, team_member, admin, auditor"))
            }
        }
    }
    let ttl = match parse_ttl(ttl) {
        Ok(t) => t,
        Err(e) => return fail(format!("--ttl: {e}")),
    };
    let verifier = match Verifier::from_settings(settings) {
        Ok(v) => v,
        Err(e) => return fail(e),
    };
    match verifier.mint(sub, &parsed, teams, ttl) {
        Ok(t) => {
            println!("{t}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// The PTV files of a path: the file, or a directory's `.json` files in name order.
fn ptv_files(path: &std::path::Path) -> Result<Vec<(String, String)>, String> {
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p)
            .map(|t| (p.display().to_string(), t))
            .map_err(|e| format!("cannot read {}: {e}", p.display()))
    };
    if !path.is_dir() {
        return read(path).map(|f| vec![f]);
    }
    let entries = std::fs::read_dir(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut paths: Vec<std::path::PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("{} holds no .json files", path.display()));
    }
    paths.iter().map(|p| read(p)).collect()
}

fn import_files(
    settings: &Settings,
    (hsds, ptv): (Option<&std::path::Path>, Option<&std::path::Path>),
    teams: Option<&std::path::Path>,
    municipalities: Option<&std::path::Path>,
    dry_run: bool,
) -> ExitCode {
    let read =
        |p: &std::path::Path| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let (hsds_text, teams_text, municipality_text) =
        match (hsds.map(read).transpose(), teams.map(read).transpose(), municipalities.map(read).transpose()) {
            (Ok(h), Ok(t), Ok(m)) => (h.unwrap_or_default(), t, m),
            (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return fail(e),
        };
    let ptv_pages = match ptv.map(ptv_files).transpose() {
        Ok(p) => p.unwrap_or_default(),
        Err(e) => return fail(e),
    };
    let pool = match open_database(settings) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let mut conn = match pool.get() {
        Ok(c) => c,
        Err(e) => return fail(format!("DATABASE_URL={}: {e}", settings.database_url)),
    };
    let input = ImportInput {
        hsds: &hsds_text,
        ptv: &ptv_pages,
        teams: teams_text.as_deref(),
        municipalities: municipality_text.as_deref(),
    };
    match import::run(&mut conn, &input, dry_run, now()) {
        Ok(report) => {
            println!("{report}");
            ExitCode::SUCCESS
        }
        Err(ImportError::Refused(report)) => {
            println!("{report}");
            ExitCode::from(1)
        }
        Err(e) => fail(format!("import failed, nothing was written: {e}")),
    }
}

fn generate(settings: &Settings, what: Generate) -> ExitCode {
    match what {
        Generate::Catalogue { services, out, seed } => {
            let (hsds, teams) = crate::synthetic::catalogue(services, seed);
            let write = |name: &str, value: &serde_json::Value| {
                std::fs::write(out.join(name), serde_json::to_vec(value).unwrap_or_default())
                    .map_err(|e| format!("cannot write {}: {e}", out.join(name).display()))
            };
            if let Err(e) = std::fs::create_dir_all(&out)
                .map_err(|e| e.to_string())
                .and_then(|_| write("catalogue.hsds.json", &hsds))
                .and_then(|_| write("teams.json", &teams))
            {
                return fail(e);
            }
            println!(
                "wrote {} services and {} teams to {}",
                hsds["contents"].as_array().map_or(0, Vec::len),
                teams["teams"].as_array().map_or(0, Vec::len),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Generate::Referrals { count, days, seed } => {
            let pool = match open_database(settings) {
                Ok(p) => p,
                Err(e) => return fail(e),
            };
            let keys = match crate::crypto::DataKeys::from_setting(settings.data_keys.as_deref()) {
                Ok(k) => k,
                Err(e) => return fail(format!("LUOTSI_DATA_KEY: {e}")),
            };
            let result = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
                let data = store::catalogue::load(&mut conn).map_err(|e| e.to_string())?;
                let catalogue = crate::domain::catalogue::Catalogue::new(data);
                crate::synthetic::referrals(&mut conn, &catalogue, &keys, count, days, seed).map_err(|e| e.to_string())
            });
            match result {
                Ok(n) => {
                    println!("inserted {n} synthetic referrals");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(format!("generating referrals failed: {e}")),
            }
        }
    }
}

/// Builds the state `serve` runs with: the red-flag signs checked, pool, migrations, demo region,
/// snapshot.
pub fn prepare(settings: Settings) -> Result<AppState, String> {
    // A safety check without its signs must not serve: a bad sign file stops start-up here.
    crate::domain::red_flags::validate()?;
    // So do the safety screen and the entry points: never only a log line.
    crate::domain::screen::check_shipped().map_err(|e| format!("data/safety-screen.json: {e}"))?;
    crate::domain::screen_model::check_shipped().map_err(|e| format!("data/screen-model/model.json: {e}"))?;
    crate::domain::navigation::check_entry_points().map_err(|e| format!("data/entry-points.json: {e}"))?;
    let vocabulary = crate::domain::lexicon::install(settings.lexicon_file.as_deref())?;
    log::info!("need vocabulary: {vocabulary}");
    let verifier = Verifier::from_settings(&settings).map_err(|e| e.to_string())?;
    let pool = open_database(&settings)?;
    let mut conn = pool.get().map_err(|e| format!("DATABASE_URL={}: {e}", settings.database_url))?;
    if settings.demo_catalogue {
        match import::load_demo_if_empty(&mut conn, now()) {
            Ok(Some(report)) => log::info!(
                "the catalogue was empty: loaded the demo region ({} services, {} teams)",
                report.services.total(),
                report.teams.total()
            ),
            Ok(None) => {}
            Err(e) => return Err(format!("loading the demo region failed: {e}")),
        }
    }
    let crypto = crate::crypto::DataKeys::from_setting(settings.data_keys.as_deref()).map_err(|e| e.to_string())?;
    if crypto.development {
        log::warn!(
            "LUOTSI_DATA_KEY is not set: personal data is encrypted with the PUBLIC development key. \
             Development only; production refuses to start without LUOTSI_DATA_KEY."
        );
    }
    for name in
        store::upgrades::run(&mut conn, &crypto, now()).map_err(|e| format!("upgrading stored data failed: {e}"))?
    {
        log::info!("data upgrade applied: {name}");
    }
    let state = AppState::new(settings, pool, verifier, crypto);
    state.catalogue.reload(&mut conn).map_err(|e| format!("reading the catalogue failed: {e}"))?;
    Ok(state)
}

fn serve(settings: Settings) -> ExitCode {
    let bind = settings.bind.clone();
    let shutdown = settings.shutdown_timeout_secs;
    let environment = settings.environment;
    let state = match prepare(settings) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    log::info!(
        "serving {} services and {} teams (catalogue version {}) from {} (a pool of {} connections) on http://{bind}",
        state.catalogue.get().services.len(),
        state.catalogue.get().teams.len(),
        state.catalogue.get().version,
        state.settings.database_url.backend(),
        state.settings.pool_size,
    );
    if environment == Environment::Development && state.verifier.generated {
        print_dev_banner(&state, &bind);
    }
    let metrics_bind = state.settings.metrics_bind.clone();
    let result = actix_web::rt::System::new().block_on(async move {
        spawn_catalogue_poller(state.clone());
        crate::metrics::spawn_upkeep();
        if let Some(addr) = &metrics_bind {
            // A second server for GET /metrics alone; it stops with the process (SIGTERM reaches
            // both servers, and the process ends when the main one has drained).
            let metrics_state = state.clone();
            let server = actix_web::HttpServer::new(move || crate::http::metrics::metrics_app(metrics_state.clone()))
                .workers(1)
                .bind(addr)
                .map_err(|e| ("LUOTSI_METRICS_BIND", e))?
                .run();
            actix_web::rt::spawn(server);
            log::info!("serving GET /metrics on http://{addr}");
        }
        let app_state = state.clone();
        actix_web::HttpServer::new(move || crate::http::build_app(app_state.clone()))
            .shutdown_timeout(shutdown)
            .bind(&bind)
            .map_err(|e| ("LUOTSI_BIND", e))?
            .run()
            .await
            .map_err(|e| ("LUOTSI_BIND", e))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err((variable, e)) => fail(format!("{variable}: the server stopped: {e}")),
    }
}

fn print_dev_banner(state: &AppState, bind: &str) {
    let mut text = String::new();
    text.push_str("\n================ DEVELOPMENT MODE ================\n");
    text.push_str("No token key is configured (LUOTSI_JWT_HS256_SECRET, LUOTSI_JWT_PUBLIC_KEY_FILE or\n");
    text.push_str("LUOTSI_JWT_JWKS_FILE), so this process made a random HS256 secret. The tokens below\n");
    text.push_str("work until it stops. Never run like this in production (LUOTSI_ENV=production refuses).\n\n");
    text.push_str(&format!("Swagger UI: http://{bind}/swagger-ui/  (Authorize -> paste a token)\n\n"));
    for (role, note, token) in crate::http::console::dev_tokens(state) {
        text.push_str(&format!("{}{note}:\n{token}\n\n", role.as_str()));
    }
    text.push_str("==================================================\n");
    println!("{text}");
}
