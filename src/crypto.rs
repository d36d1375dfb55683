//! Personal data at rest: AES-256-GCM with keys from `LUOTSI_DATA_KEY`, and a keyed hash
//! (HMAC-SHA256) of identifiers for lookup.
//!
//! `LUOTSI_DATA_KEY` is `KID:BASE64[,KID:BASE64...]` with 32-byte keys. The first key encrypts;
//! every key decrypts, so keys can rotate: add a new key first, keep the old ones until the data
//! is re-encrypted. A stored value is `v1:KID:BASE64(nonce || ciphertext)`, so it names its key.
//! Lookup hashes are made with a key derived from each data key; lookups try every key.

use aes_gcm::aead::{Aead, KeyInit, OsRng};
use aes_gcm::{AeadCore, Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The development key: public, so it protects nothing. `luotsi serve` says so at start.
const DEV_KEY: &str = "dev:ZGV2ZWxvcG1lbnQta2V5LW5vdC1hLXNlY3JldC0wMDA=";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    #[error("LUOTSI_DATA_KEY: {0}")]
    Config(String),
    #[error("the value was encrypted with key {0}, which is not configured")]
    UnknownKey(String),
    #[error("the value cannot be decrypted (wrong key or damaged)")]
    Decrypt,
}

struct DataKey {
    id: String,
    cipher: Aes256Gcm,
    lookup: Vec<u8>,
}

pub struct DataKeys {
    keys: Vec<DataKey>,
    /// True when the public development key is in use.
    pub development: bool,
}

impl std::fmt::Debug for DataKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|k| k.id.as_str()).collect();
        f.debug_struct("DataKeys").field("ids", &ids).field("development", &self.development).finish()
    }
}

impl DataKeys {
    /// Reads the configured keys, or the development key when none is configured.
    pub fn from_setting(setting: Option<&str>) -> Result<Self, CryptoError> {
        let (raw, development) = match setting {
            Some(s) => (s, false),
            None => (DEV_KEY, true),
        };
        let mut keys = Vec::new();
        for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (id, b64) = part
                .split_once(':')
                .ok_or_else(|| CryptoError::Config("each key is KID:BASE64 (e.g. k2026:...)".into()))?;
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                return Err(CryptoError::Config(format!("key id {id:?} must be letters, digits, - or _")));
            }
            let bytes = B64.decode(b64).map_err(|_| CryptoError::Config(format!("key {id} is not base64")))?;
            if bytes.len() != 32 {
                return Err(CryptoError::Config(format!("key {id} has {} bytes; AES-256 needs 32", bytes.len())));
            }
            if keys.iter().any(|k: &DataKey| k.id == id) {
                return Err(CryptoError::Config(format!("key id {id} appears twice")));
            }
            let mut mac =
                <Hmac<Sha256> as Mac>::new_from_slice(&bytes).map_err(|_| CryptoError::Config("bad key".into()))?;
            mac.update(b"luotsi lookup key v1");
            let lookup = mac.finalize().into_bytes().to_vec();
            let cipher = Aes256Gcm::new_from_slice(&bytes)
                .map_err(|_| CryptoError::Config(format!("key {id} is not 32 bytes")))?;
            keys.push(DataKey { id: id.to_owned(), cipher, lookup });
        }
        if keys.is_empty() {
            return Err(CryptoError::Config("no key given".into()));
        }
        Ok(Self { keys, development })
    }

    pub fn encrypt(&self, plaintext: &str) -> String {
        let key = &self.keys[0];
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        match key.cipher.encrypt(&nonce, plaintext.as_bytes()) {
            Ok(ciphertext) => {
                let mut blob = nonce.to_vec();
                blob.extend_from_slice(&ciphertext);
                format!("v1:{}:{}", key.id, B64.encode(blob))
            }
            // AES-GCM only fails for inputs of gigabytes; the API limits bodies to kilobytes.
            Err(_) => String::new(),
        }
    }

    pub fn decrypt(&self, stored: &str) -> Result<String, CryptoError> {
        let mut parts = stored.splitn(3, ':');
        let (Some("v1"), Some(id), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CryptoError::Decrypt);
        };
        let key = self.keys.iter().find(|k| k.id == id).ok_or_else(|| CryptoError::UnknownKey(id.to_owned()))?;
        let blob = B64.decode(b64).map_err(|_| CryptoError::Decrypt)?;
        if blob.len() < 12 {
            return Err(CryptoError::Decrypt);
        }
        let (nonce, ciphertext) = blob.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| CryptoError::Decrypt)?;
        let plain = key.cipher.decrypt(&Nonce::from(nonce), ciphertext).map_err(|_| CryptoError::Decrypt)?;
        String::from_utf8(plain).map_err(|_| CryptoError::Decrypt)
    }

    /// The lookup hash of an identifier with the current key.
    pub fn lookup_hash(&self, value: &str) -> String {
        hash(&self.keys[0].lookup, value)
    }

    /// The lookup hashes of an identifier with every key (for lookups across a key rotation).
    pub fn lookup_hashes(&self, value: &str) -> Vec<String> {
        self.keys.iter().map(|k| hash(&k.lookup, value)).collect()
    }
}

fn hash(key: &[u8], value: &str) -> String {
    match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(value.as_bytes());
            let bytes = mac.finalize().into_bytes();
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        }
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    const K2: &str = "k2:YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODk=";

    #[test]
    fn round_trip_and_no_plaintext() {
        let keys = DataKeys::from_setting(Some(K1)).unwrap();
        let stored = keys.encrypt("131052-308T");
        assert!(stored.starts_with("v1:k1:"));
        assert!(!stored.contains("131052"));
        assert_eq!(keys.decrypt(&stored).unwrap(), "131052-308T");
        assert_ne!(keys.encrypt("x"), keys.encrypt("x"), "a fresh nonce each time");
    }

    #[test]
    fn rotation_keeps_old_values_readable() {
        let old = DataKeys::from_setting(Some(K1)).unwrap();
        let stored = old.encrypt("kuvaus");
        let rotated = DataKeys::from_setting(Some(&format!("{K2},{K1}"))).unwrap();
        assert_eq!(rotated.decrypt(&stored).unwrap(), "kuvaus");
        assert!(rotated.encrypt("uusi").starts_with("v1:k2:"));
        assert!(rotated.lookup_hashes("131052-308T").contains(&old.lookup_hash("131052-308T")));
        let only_new = DataKeys::from_setting(Some(K2)).unwrap();
        assert_eq!(only_new.decrypt(&stored), Err(CryptoError::UnknownKey("k1".into())));
    }

    #[test]
    fn tampering_is_detected_and_bad_keys_refused() {
        let keys = DataKeys::from_setting(Some(K1)).unwrap();
        let mut stored = keys.encrypt("kuvaus");
        stored.pop();
        stored.push(if stored.ends_with('A') { 'B' } else { 'A' });
        assert!(keys.decrypt(&stored).is_err());
        assert!(DataKeys::from_setting(Some("k1:c2hvcnQ=")).is_err());
        assert!(DataKeys::from_setting(Some("nokeyid")).is_err());
        assert!(DataKeys::from_setting(None).unwrap().development);
    }
}
