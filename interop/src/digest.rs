//! The store digest of design.md: SHA-256 over all live entries sorted by key bytes (unsigned
//! lexicographic), each encoded as `u32 LE key_len ‖ key ‖ u32 LE value_len ‖ value ‖
//! u64 LE expire_at_ms` (`0xFFFFFFFFFFFFFFFF` when there is no expiry). A governed entry (0.7.1
//! only) is followed by `GOV2` (u32 LE 0x32564F47) ‖ u32 LE governance_len ‖ governance, as the
//! Java `StoreDigest` does, so a store without governed entries keeps its v1 digest.

use sha2::{Digest, Sha256};
use shardmap::storage::StoredEntry;

pub const NO_EXPIRY: u64 = u64::MAX;
/// The bytes `GOV2` read little-endian: the marker of the governance dialect.
#[cfg(feature = "shardmap-0-7")]
const GOVERNANCE_MARKER: u32 = u32::from_le_bytes(*b"GOV2");

pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// Keeps the live entries (no expiry, or expiry strictly in the future) sorted by key bytes.
pub fn live_sorted(mut entries: Vec<StoredEntry>) -> Vec<StoredEntry> {
    let now = now_ms();
    entries.retain(|e| e.expire_at_ms.is_none_or(|at| at > now));
    entries.sort_by(|a, b| a.key.cmp(&b.key));
    entries
}

/// Returns `(hex digest, live key count)` of the given entries.
pub fn digest(entries: Vec<StoredEntry>) -> (String, usize) {
    let live = live_sorted(entries);
    let mut hasher = Sha256::new();
    for entry in &live {
        hasher.update((entry.key.len() as u32).to_le_bytes());
        hasher.update(&entry.key);
        hasher.update((entry.value.len() as u32).to_le_bytes());
        hasher.update(&entry.value);
        hasher.update(entry.expire_at_ms.unwrap_or(NO_EXPIRY).to_le_bytes());
        #[cfg(feature = "shardmap-0-7")]
        if let Some(governance) = &entry.governance {
            hasher.update(GOVERNANCE_MARKER.to_le_bytes());
            hasher.update((governance.len() as u32).to_le_bytes());
            hasher.update(governance);
        }
    }
    (to_hex(&hasher.finalize()), live.len())
}

pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0x0f) as usize] as char);
    }
    out
}

pub fn from_hex(text: &str) -> Result<Vec<u8>, String> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) {
        return Err("odd number of hex digits".into());
    }
    let nibble = |c: u8| -> Result<u8, String> {
        match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            b'A'..=b'F' => Ok(c - b'A' + 10),
            _ => Err(format!("invalid hex digit `{}`", c as char)),
        }
    };
    text.as_bytes()
        .chunks(2)
        .map(|pair| Ok((nibble(pair[0])? << 4) | nibble(pair[1])?))
        .collect()
}

pub fn join_u64(values: &[u64]) -> String {
    values
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
