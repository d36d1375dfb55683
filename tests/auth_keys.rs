//! Token verification with real identity-provider keys: an RS256 or ES256 public key in PEM, and
//! a JWKS document (Keycloak, Entra ID) with several keys chosen by `kid`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use luotsi::auth::{Audience, AuthError, Claims, Verifier};
use luotsi::config::{DatabaseUrl, Settings};

const KEYS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/keys");

fn claims() -> Claims {
    let now = jsonwebtoken::get_current_timestamp();
    Claims {
        sub: "idp-user".into(),
        exp: now + 600,
        nbf: None,
        iat: Some(now),
        iss: "https://idp.example/realms/sote".into(),
        aud: Audience::Many(vec!["other".into(), "luotsi".into()]),
        roles: vec!["call_centre".into()],
        team_ids: vec![],
    }
}

fn settings(configure: impl FnOnce(&mut Settings)) -> Settings {
    let mut s = Settings::for_database(DatabaseUrl::Sqlite("unused.db".into()));
    s.jwt.issuer = Some("https://idp.example/realms/sote".into());
    s.jwt.audience = Some("luotsi".into());
    configure(&mut s);
    s
}

fn sign(alg: Algorithm, private_pem: &str, kid: Option<&str>) -> String {
    let pem = std::fs::read(format!("{KEYS}/{private_pem}")).unwrap();
    let key = match alg {
        Algorithm::ES256 => EncodingKey::from_ec_pem(&pem).unwrap(),
        _ => EncodingKey::from_rsa_pem(&pem).unwrap(),
    };
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    encode(&header, &claims(), &key).unwrap()
}

#[test]
fn rs256_and_es256_public_keys_in_pem() {
    let rsa =
        Verifier::from_settings(&settings(|s| s.jwt.public_key_file = Some(format!("{KEYS}/rsa-public.pem").into())))
            .unwrap();
    let p = rsa.verify(&sign(Algorithm::RS256, "rsa-private.pem", None)).unwrap();
    assert_eq!(p.subject, "idp-user");
    assert!(matches!(rsa.verify(&sign(Algorithm::ES256, "ec-private.pem", None)), Err(AuthError::Algorithm(_))));
    assert!(rsa.mint("x", &[], &[], 60).is_err(), "no tokens are minted without a secret");

    let ec =
        Verifier::from_settings(&settings(|s| s.jwt.public_key_file = Some(format!("{KEYS}/ec-public.pem").into())))
            .unwrap();
    assert!(ec.verify(&sign(Algorithm::ES256, "ec-private.pem", None)).is_ok());
    assert!(ec.verify(&sign(Algorithm::RS256, "rsa-private.pem", None)).is_err());
}

#[test]
fn jwks_keys_are_chosen_by_kid() {
    let v = Verifier::from_settings(&settings(|s| s.jwt.jwks_file = Some(format!("{KEYS}/jwks.json").into()))).unwrap();
    assert!(v.verify(&sign(Algorithm::ES256, "ec-private.pem", Some("test-ec-1"))).is_ok());
    assert!(v.verify(&sign(Algorithm::RS256, "rsa-private.pem", Some("test-rsa-1"))).is_ok());
    assert!(v.verify(&sign(Algorithm::RS256, "rsa-private.pem", None)).is_ok(), "no kid: any key of the algorithm");
    // The right algorithm with another key's kid does not verify.
    assert!(v.verify(&sign(Algorithm::ES256, "ec-private.pem", Some("test-rsa-1"))).is_err());
    // A wrong issuer is refused with an RS256 key as with a secret.
    let mut c = claims();
    c.iss = "https://evil.example".into();
    let key = EncodingKey::from_rsa_pem(&std::fs::read(format!("{KEYS}/rsa-private.pem")).unwrap()).unwrap();
    let token = encode(&Header::new(Algorithm::RS256), &c, &key).unwrap();
    assert!(matches!(v.verify(&token), Err(AuthError::Issuer)));
}

#[test]
fn bad_key_files_name_the_variable() {
    let err = Verifier::from_settings(&settings(|s| s.jwt.jwks_file = Some("/no/such/jwks.json".into()))).unwrap_err();
    assert!(err.to_string().starts_with("LUOTSI_JWT_JWKS_FILE"), "{err}");
    let err = Verifier::from_settings(&settings(|s| s.jwt.public_key_file = Some(format!("{KEYS}/README.md").into())))
        .unwrap_err();
    assert!(err.to_string().starts_with("LUOTSI_JWT_PUBLIC_KEY_FILE"), "{err}");
    let err =
        Verifier::from_settings(&settings(|s| s.jwt.jwks_file = Some(format!("{KEYS}/README.md").into()))).unwrap_err();
    assert!(err.to_string().contains("not a JWKS"), "{err}");
}
