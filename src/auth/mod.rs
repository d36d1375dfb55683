//! JWT verification, roles and key loading.
//!
//! Tokens are bearer JWTs with the claims `sub`, `exp`, `iss`, `aud`, `roles` and, for team
//! members, `team_ids`. Keys come from exactly one source: an HS256 secret (development and
//! tests), a PEM public key (RS256 or ES256), or a JWKS document from an identity provider.
//! The algorithm is fixed by the key, never taken from the token, so `alg: none` and algorithm
//! confusion are refused.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::Mutex;

use jsonwebtoken::jwk::{AlgorithmParameters, JwkSet};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::config::Settings;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Call-centre staff (palveluohjaaja) who talk with clients.
    CallCentre,
    /// A regional patient or client system that integrates over REST.
    Integration,
    /// A member of a multiprofessional team (needs `team_ids`).
    TeamMember,
    /// Keeps the catalogue.
    Admin,
    /// Reads the audit log and statistics.
    Auditor,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::CallCentre, Role::Integration, Role::TeamMember, Role::Admin, Role::Auditor];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::CallCentre => "call_centre",
            Role::Integration => "integration",
            Role::TeamMember => "team_member",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(raw: &str) -> Option<Role> {
        Self::ALL.into_iter().find(|r| r.as_str() == raw)
    }
}

/// The claims Luotsi reads. Unknown roles are ignored (an identity provider may send others).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub exp: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
    pub iss: String,
    pub aud: Audience,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub team_ids: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    One(String),
    Many(Vec<String>),
}

/// The authenticated caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub subject: String,
    pub roles: BTreeSet<Role>,
    pub team_ids: Vec<String>,
}

impl Principal {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    pub fn in_team(&self, team_id: &str) -> bool {
        self.has(Role::TeamMember) && self.team_ids.iter().any(|t| t == team_id)
    }

    /// A member of the team, or a patient system whose token names the team in `team_ids` (it
    /// works the team's referrals in its own system, e.g. over FHIR).
    pub fn acts_for_team(&self, team_id: &str) -> bool {
        self.has_any(&[Role::TeamMember, Role::Integration]) && self.team_ids.iter().any(|t| t == team_id)
    }

    /// Roles as a comma-separated list, for the audit log.
    pub fn roles_text(&self) -> String {
        self.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
    }
}

impl crate::domain::referral::Reader for Principal {
    fn reads_all(&self) -> bool {
        self.has_any(&[Role::CallCentre, Role::Integration])
    }

    fn in_team(&self, team: &str) -> bool {
        Principal::in_team(self, team)
    }
}

/// Why a token is refused, in words a person can act on (never the library's own words).
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the Authorization header is missing; send the header Authorization: Bearer followed by a token")]
    Missing,
    #[error("the Authorization header is not a bearer token; send Authorization: Bearer followed by a token")]
    NotBearer,
    #[error("the Authorization header holds a token without the word Bearer: send Authorization: Bearer followed by the token")]
    NoScheme,
    #[error("the token itself begins with Bearer: it was pasted with its prefix; send Authorization: Bearer followed by the token alone")]
    BearerTwice,
    #[error("the token is not valid: {0}")]
    Invalid(&'static str),
    #[error("the token has expired")]
    Expired,
    #[error("the token is not valid yet")]
    NotYetValid,
    #[error("the token was issued for another audience")]
    Audience,
    #[error("the token has the wrong issuer")]
    Issuer,
    #[error("the token's algorithm {0} is not accepted")]
    Algorithm(&'static str),
    #[error("the token's signature does not verify")]
    Signature,
    #[error("the token has no subject (sub)")]
    NoSubject,
    #[error("the token's subject (sub) has control characters or is longer than 255 characters")]
    BadSubject,
    #[error("the token lives too long: it may expire at most 7 days after it is used")]
    TooLong,
    #[error("the token was issued in the future (iat): check the issuer's clock")]
    IssuedInFuture,
    #[error("the token marks header parameters as critical (crit), which this service does not support")]
    Critical,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{variable}: cannot read {path}: {source}")]
    Read { variable: &'static str, path: String, source: std::io::Error },
    #[error("{variable}: {message}")]
    Bad { variable: &'static str, message: String },
}

struct VerificationKey {
    kid: Option<String>,
    algorithm: Algorithm,
    key: DecodingKey,
    /// What a token must hold to pass with this key, made once.
    validation: Validation,
}

impl VerificationKey {
    fn new(kid: Option<String>, algorithm: Algorithm, key: DecodingKey, issuer: &str, audience: &str) -> Self {
        let mut validation = Validation::new(algorithm);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "sub", "iss", "aud"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        Self { kid, algorithm, key, validation }
    }
}

/// Verifies tokens against the configured keys, issuer and audience.
pub struct Verifier {
    keys: Vec<VerificationKey>,
    issuer: String,
    audience: String,
    /// Present when tokens can be minted here (HS256): development and tests.
    signing_secret: Option<Vec<u8>>,
    /// True when the secret was generated at start (development without a configured key).
    pub generated: bool,
    /// Tokens that verified, until they expire.
    verified: Mutex<HashMap<[u8; 32], VerifiedToken>>,
}

/// A token that verified, kept by the SHA-256 of the whole token (signature included), so only
/// the same bytes find it. A client sends one token with every request until it expires, and
/// verifying it again (two base64 decodes, two JSON documents and the signature) cost more than
/// ranking a navigation's services. Time is the one thing that can change the answer: the
/// expiry is checked at every use. The keys, issuer and audience are fixed for the process.
#[derive(Clone, Debug)]
struct VerifiedToken {
    principal: Principal,
    exp: u64,
}

/// At most this many verified tokens are kept; then the expired ones go, and if that is not
/// enough, all.
const VERIFIED_TOKENS: usize = 4096;
/// Seconds of clock skew allowed on `exp`, `nbf` and `iat`.
const LEEWAY_SECS: u64 = 30;
/// The latest expiry a token may have, from now: identity providers issue tokens for minutes or
/// hours, `luotsi token` for at most this. Also bounds how long a verified token is remembered.
pub const MAX_LIFETIME_SECS: u64 = 7 * 86_400;
/// The longest subject accepted (it is written to the audit log).
const MAX_SUBJECT_CHARS: usize = 255;

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("keys", &self.keys.len())
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("generated", &self.generated)
            .finish()
    }
}

impl Verifier {
    /// Loads the keys the settings name. In development with no key, a random HS256 secret is made.
    pub fn from_settings(settings: &Settings) -> Result<Self, KeyError> {
        let jwt = &settings.jwt;
        let issuer = settings.issuer().to_owned();
        let audience = settings.audience().to_owned();
        if let Some(secret) = &jwt.hs256_secret {
            return Ok(Self::hs256(secret.as_bytes().to_vec(), issuer, audience, false));
        }
        if let Some(path) = &jwt.public_key_file {
            let pem = read(path, "LUOTSI_JWT_PUBLIC_KEY_FILE")?;
            let bad = |message: String| KeyError::Bad { variable: "LUOTSI_JWT_PUBLIC_KEY_FILE", message };
            let text = String::from_utf8_lossy(&pem);
            let key = if text.contains("BEGIN EC PUBLIC KEY") || is_ec_pem(&pem) {
                VerificationKey::new(
                    None,
                    Algorithm::ES256,
                    DecodingKey::from_ec_pem(&pem).map_err(|e| bad(format!("not an EC P-256 public key: {e}")))?,
                    &issuer,
                    &audience,
                )
            } else {
                VerificationKey::new(
                    None,
                    Algorithm::RS256,
                    DecodingKey::from_rsa_pem(&pem)
                        .map_err(|e| bad(format!("not an RSA or EC public key in PEM: {e}")))?,
                    &issuer,
                    &audience,
                )
            };
            return Ok(Self::with_keys(vec![key], issuer, audience, None, false));
        }
        if let Some(path) = &jwt.jwks_file {
            let raw = read(path, "LUOTSI_JWT_JWKS_FILE")?;
            let bad = |message: String| KeyError::Bad { variable: "LUOTSI_JWT_JWKS_FILE", message };
            let set: JwkSet = serde_json::from_slice(&raw).map_err(|e| bad(format!("not a JWKS document: {e}")))?;
            let mut keys = Vec::new();
            for jwk in &set.keys {
                let algorithm = match (&jwk.algorithm, jwk.common.key_algorithm) {
                    (AlgorithmParameters::RSA(_), _) => Algorithm::RS256,
                    (AlgorithmParameters::EllipticCurve(_), _) => Algorithm::ES256,
                    _ => continue,
                };
                let key = DecodingKey::from_jwk(jwk).map_err(|e| bad(format!("key {:?}: {e}", jwk.common.key_id)))?;
                keys.push(VerificationKey::new(jwk.common.key_id.clone(), algorithm, key, &issuer, &audience));
            }
            if keys.is_empty() {
                return Err(bad("the document has no RSA or EC signing key".into()));
            }
            return Ok(Self::with_keys(keys, issuer, audience, None, false));
        }
        let mut secret = vec![0u8; 32];
        rand::thread_rng().fill_bytes(&mut secret);
        Ok(Self::hs256(secret, issuer, audience, true))
    }

    pub fn hs256(secret: Vec<u8>, issuer: String, audience: String, generated: bool) -> Self {
        let key = VerificationKey::new(None, Algorithm::HS256, DecodingKey::from_secret(&secret), &issuer, &audience);
        Self::with_keys(vec![key], issuer, audience, Some(secret), generated)
    }

    fn with_keys(
        keys: Vec<VerificationKey>,
        issuer: String,
        audience: String,
        signing_secret: Option<Vec<u8>>,
        generated: bool,
    ) -> Self {
        Self { keys, issuer, audience, signing_secret, generated, verified: Mutex::new(HashMap::new()) }
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    pub fn audience(&self) -> &str {
        &self.audience
    }

    /// Checks a bearer token and returns who it speaks for.
    pub fn verify(&self, token: &str) -> Result<Principal, AuthError> {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        let now = jsonwebtoken::get_current_timestamp();
        let mut verified = self.verified.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(known) = verified.get(&digest) {
            // As jsonwebtoken decides it. (`nbf` passed when the token verified; it stays passed.)
            if known.exp < now.saturating_sub(LEEWAY_SECS) {
                verified.remove(&digest);
                return Err(AuthError::Expired);
            }
            return Ok(known.principal.clone());
        }
        drop(verified);
        let (principal, exp) = self.verify_signed(token)?;
        let mut verified = self.verified.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if verified.len() >= VERIFIED_TOKENS {
            verified.retain(|_, known| known.exp >= now.saturating_sub(LEEWAY_SECS));
            if verified.len() >= VERIFIED_TOKENS {
                verified.clear();
            }
        }
        verified.insert(digest, VerifiedToken { principal: principal.clone(), exp });
        Ok(principal)
    }

    /// Checks a token's signature and claims; the principal and the expiry.
    fn verify_signed(&self, token: &str) -> Result<(Principal, u64), AuthError> {
        let header = read_header(token)?;
        let candidates: Vec<&VerificationKey> = self
            .keys
            .iter()
            .filter(|k| k.algorithm == header.alg)
            .filter(|k| match (&header.kid, &k.kid) {
                (Some(want), Some(have)) => want == have,
                _ => true,
            })
            .collect();
        if candidates.is_empty() {
            return Err(AuthError::Algorithm(algorithm_name(header.alg)));
        }
        let mut last = AuthError::Signature;
        for key in candidates {
            match decode::<Claims>(token, &key.key, &key.validation) {
                Ok(data) => {
                    check_claims(&data.claims, jsonwebtoken::get_current_timestamp())?;
                    let exp = data.claims.exp;
                    return Ok((principal(data.claims), exp));
                }
                Err(e) => {
                    use jsonwebtoken::errors::ErrorKind;
                    last = match e.kind() {
                        ErrorKind::ExpiredSignature => return Err(AuthError::Expired),
                        ErrorKind::ImmatureSignature => return Err(AuthError::NotYetValid),
                        ErrorKind::InvalidAudience => return Err(AuthError::Audience),
                        ErrorKind::InvalidIssuer => return Err(AuthError::Issuer),
                        ErrorKind::InvalidSignature => AuthError::Signature,
                        ErrorKind::InvalidAlgorithm => AuthError::Algorithm(algorithm_name(header.alg)),
                        ErrorKind::MissingRequiredClaim(claim) => AuthError::Invalid(match claim.as_str() {
                            "sub" => "it has no subject (sub)",
                            "exp" => "it has no expiry (exp)",
                            "iss" => "it has no issuer (iss)",
                            "aud" => "it has no audience (aud)",
                            _ => "a required claim is missing",
                        }),
                        ErrorKind::Json(_) => AuthError::Invalid(
                            "its claims are not a JSON object with sub, exp, iss and aud of the right types \
                             (exp, nbf and iat are whole seconds)",
                        ),
                        ErrorKind::Base64(_) | ErrorKind::Utf8(_) | ErrorKind::InvalidToken => {
                            AuthError::Invalid("it must be three base64url parts separated by dots")
                        }
                        _ => AuthError::Invalid("it cannot be read"),
                    }
                }
            }
        }
        Err(last)
    }

    /// Mints a token (HS256 only). `ttl_secs` from now.
    pub fn mint(&self, subject: &str, roles: &[Role], team_ids: &[String], ttl_secs: u64) -> Result<String, String> {
        let secret = self
            .signing_secret
            .as_ref()
            .ok_or("tokens can only be minted with an HS256 secret (LUOTSI_JWT_HS256_SECRET)")?;
        if ttl_secs > MAX_LIFETIME_SECS {
            return Err(format!("a token may live at most {} days", MAX_LIFETIME_SECS / 86_400));
        }
        let now = jsonwebtoken::get_current_timestamp();
        let claims = Claims {
            sub: subject.to_owned(),
            exp: now + ttl_secs,
            nbf: None,
            iat: Some(now),
            iss: self.issuer.clone(),
            aud: Audience::One(self.audience.clone()),
            roles: roles.iter().map(|r| r.as_str().to_owned()).collect(),
            team_ids: team_ids.to_vec(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &EncodingKey::from_secret(secret)).map_err(|e| e.to_string())
    }
}

fn principal(claims: Claims) -> Principal {
    Principal {
        subject: claims.sub,
        roles: claims.roles.iter().filter_map(|r| Role::parse(r)).collect(),
        team_ids: claims.team_ids,
    }
}

/// What decides how a token is checked, read without the library so that a refusal is said in
/// plain words and an extension the library would ignore (`crit`) is refused.
struct TokenHeader {
    alg: Algorithm,
    kid: Option<String>,
}

fn read_header(token: &str) -> Result<TokenHeader, AuthError> {
    use base64::Engine;
    const NOT_A_JWT: AuthError = AuthError::Invalid("it must be three base64url parts separated by dots");
    let mut parts = token.split('.');
    let (Some(head), Some(_), Some(_), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return Err(NOT_A_JWT);
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(head).map_err(|_| NOT_A_JWT)?;
    let header: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&bytes).map_err(|_| AuthError::Invalid("its header is not a JSON object"))?;
    if header.contains_key("crit") {
        return Err(AuthError::Critical);
    }
    let alg = header
        .get("alg")
        .and_then(serde_json::Value::as_str)
        .and_then(|alg| alg.parse::<Algorithm>().ok())
        .ok_or(AuthError::Invalid("its algorithm (alg) is not one this service accepts"))?;
    let kid = match header.get("kid") {
        None => None,
        Some(serde_json::Value::String(kid)) => Some(kid.clone()),
        Some(_) => return Err(AuthError::Invalid("its key id (kid) is not a string")),
    };
    Ok(TokenHeader { alg, kid })
}

fn algorithm_name(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::HS256 => "HS256",
        Algorithm::HS384 => "HS384",
        Algorithm::HS512 => "HS512",
        Algorithm::ES256 => "ES256",
        Algorithm::ES384 => "ES384",
        Algorithm::RS256 => "RS256",
        Algorithm::RS384 => "RS384",
        Algorithm::RS512 => "RS512",
        Algorithm::PS256 => "PS256",
        Algorithm::PS384 => "PS384",
        Algorithm::PS512 => "PS512",
        Algorithm::EdDSA => "EdDSA",
        #[allow(unreachable_patterns)]
        _ => "named in its header",
    }
}

/// What the library does not check: a subject a person can be named by in the audit log, an
/// expiry within [`MAX_LIFETIME_SECS`], and an issue time that is not in the future.
fn check_claims(claims: &Claims, now: u64) -> Result<(), AuthError> {
    if claims.sub.trim().is_empty() {
        return Err(AuthError::NoSubject);
    }
    if claims.sub.chars().any(char::is_control) || claims.sub.chars().count() > MAX_SUBJECT_CHARS {
        return Err(AuthError::BadSubject);
    }
    if claims.exp > now.saturating_add(MAX_LIFETIME_SECS + LEEWAY_SECS) {
        return Err(AuthError::TooLong);
    }
    if claims.iat.is_some_and(|iat| iat > now.saturating_add(LEEWAY_SECS)) {
        return Err(AuthError::IssuedInFuture);
    }
    Ok(())
}

fn read(path: &Path, variable: &'static str) -> Result<Vec<u8>, KeyError> {
    std::fs::read(path).map_err(|source| KeyError::Read { variable, path: path.display().to_string(), source })
}

fn is_ec_pem(pem: &[u8]) -> bool {
    // An SPKI "PUBLIC KEY" block may hold RSA or EC; the EC OID 1.2.840.10045.2.1 tells them apart.
    let text = String::from_utf8_lossy(pem);
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    use base64::Engine;
    match base64::engine::general_purpose::STANDARD.decode(body.trim()) {
        Ok(der) => der.windows(7).any(|w| w == [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01]),
        Err(_) => false,
    }
}

/// Parses a duration like `12h`, `30m`, `7d` or `3600` (seconds).
pub fn parse_ttl(raw: &str) -> Result<u64, String> {
    let raw = raw.trim();
    let (number, unit) = match raw.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => raw.split_at(i),
        None => (raw, "s"),
    };
    let n: u64 = number.parse().map_err(|_| format!("{raw:?} is not a duration like 12h"))?;
    let factor = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("{raw:?}: the unit must be s, m, h or d")),
    };
    Ok(n * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verifier() -> Verifier {
        Verifier::hs256(b"0123456789abcdef0123456789abcdef".to_vec(), "iss".into(), "aud".into(), false)
    }

    #[test]
    fn minted_tokens_verify_with_roles_and_teams() {
        let v = verifier();
        let token = v.mint("anna", &[Role::TeamMember], &["t1".into()], 60).unwrap();
        let p = v.verify(&token).unwrap();
        assert_eq!(p.subject, "anna");
        assert!(p.in_team("t1"));
        assert!(!p.in_team("t2"));
        assert!(!p.has(Role::Admin));
    }

    #[test]
    fn a_verified_token_is_kept_until_it_expires() {
        let v = verifier();
        let token = v.mint("anna", &[Role::CallCentre], &[], 600).unwrap();
        assert_eq!(v.verify(&token).unwrap().subject, "anna");
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        // The second use is answered from what was kept (changed here to tell it apart).
        v.verified.lock().unwrap().get_mut(&digest).unwrap().principal.subject = "kept".into();
        assert_eq!(v.verify(&token).unwrap().subject, "kept");
        // Other bytes are verified again: a changed signature fails although the token is kept.
        let (body, signature) = token.rsplit_once('.').unwrap();
        let first = if signature.starts_with('A') { 'B' } else { 'A' };
        let forged = format!("{body}.{first}{}", &signature[1..]);
        assert!(matches!(v.verify(&forged), Err(AuthError::Signature)));
        // Expiry is checked at every use, with the same leeway as a first verification.
        let now = jsonwebtoken::get_current_timestamp();
        v.verified.lock().unwrap().get_mut(&digest).unwrap().exp = now - LEEWAY_SECS + 5;
        assert_eq!(v.verify(&token).unwrap().subject, "kept");
        v.verified.lock().unwrap().get_mut(&digest).unwrap().exp = now - LEEWAY_SECS - 5;
        assert!(matches!(v.verify(&token), Err(AuthError::Expired)));
        assert!(!v.verified.lock().unwrap().contains_key(&digest));
        // Failures are not kept.
        assert!(v.verify(&forged).is_err());
        assert_eq!(v.verified.lock().unwrap().len(), 0);
    }

    #[test]
    fn kept_tokens_are_bounded() {
        let v = verifier();
        let tokens: Vec<String> = (0..VERIFIED_TOKENS + 10)
            .map(|i| v.mint(&format!("u{i}"), &[Role::CallCentre], &[], 600).unwrap())
            .collect();
        for token in &tokens {
            v.verify(token).unwrap();
            assert!(v.verified.lock().unwrap().len() <= VERIFIED_TOKENS);
        }
        // Every token still verifies, kept or not.
        for (i, token) in tokens.iter().enumerate() {
            assert_eq!(v.verify(token).unwrap().subject, format!("u{i}"));
        }
    }

    #[test]
    fn claims_the_library_does_not_check_are_refused() {
        let now = 1_700_000_000;
        let claims = |sub: &str, exp: u64, iat: Option<u64>| Claims {
            sub: sub.into(),
            exp,
            nbf: None,
            iat,
            iss: "iss".into(),
            aud: Audience::One("aud".into()),
            roles: Vec::new(),
            team_ids: Vec::new(),
        };
        assert!(check_claims(&claims("anna", now + 600, Some(now)), now).is_ok());
        assert!(check_claims(&claims("anna", now + MAX_LIFETIME_SECS, Some(now + LEEWAY_SECS)), now).is_ok());
        for (c, why) in [
            (claims("", now + 600, None), "no subject"),
            (claims("  ", now + 600, None), "a blank subject"),
            (claims("a\u{0}b", now + 600, None), "NUL"),
            (claims("a\r\nb", now + 600, None), "CR LF"),
            (claims("a\u{7f}", now + 600, None), "DEL"),
            (claims("a\u{85}", now + 600, None), "a C1 control"),
            (claims(&"a".repeat(256), now + 600, None), "too long"),
            (claims("anna", u64::MAX, None), "exp 2^64-1"),
            (claims("anna", now + MAX_LIFETIME_SECS + LEEWAY_SECS + 1, None), "exp beyond the maximum"),
            (claims("anna", now + 600, Some(now + 365 * 86_400)), "iat a year ahead"),
            (claims("anna", now + 600, Some(now + LEEWAY_SECS + 1)), "iat beyond the leeway"),
        ] {
            assert!(check_claims(&c, now).is_err(), "{why}");
        }
        assert!(verifier().mint("anna", &[Role::Admin], &[], MAX_LIFETIME_SECS + 1).is_err());
        assert!(verifier().mint("anna", &[Role::Admin], &[], MAX_LIFETIME_SECS).is_ok());
    }

    #[test]
    fn ttl_units() {
        assert_eq!(parse_ttl("12h").unwrap(), 43_200);
        assert_eq!(parse_ttl("90").unwrap(), 90);
        assert_eq!(parse_ttl("2d").unwrap(), 172_800);
        assert!(parse_ttl("soon").is_err());
        assert!(parse_ttl("5y").is_err());
    }
}
