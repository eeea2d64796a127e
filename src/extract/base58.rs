//! Base58Check, the encoding of Bitcoin legacy addresses and TRON addresses: base58 digits (no
//! 0, O, I, l) decoding to a payload followed by the first four bytes of its double SHA-256.

use sha2::{Digest, Sha256};

const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// The bytes `s` encodes, or `None` when it holds a character outside the alphabet. Quadratic in
/// the length of `s`, so callers pass only short, address-sized words.
pub fn decode(s: &str) -> Option<Vec<u8>> {
    let mut bytes: Vec<u8> = Vec::with_capacity(25);
    for c in s.bytes() {
        let mut carry = ALPHABET.iter().position(|&x| x == c)? as u32;
        for byte in bytes.iter_mut().rev() {
            carry += (*byte as u32) * 58;
            *byte = (carry & 0xFF) as u8;
            carry >>= 8;
        }
        while carry > 0 {
            bytes.insert(0, (carry & 0xFF) as u8);
            carry >>= 8;
        }
    }
    // Each leading '1' stands for a leading zero byte, which the arithmetic above drops.
    let leading_ones = s.bytes().take_while(|&c| c == b'1').count();
    let mut decoded = vec![0u8; leading_ones];
    decoded.extend_from_slice(&bytes);
    Some(decoded)
}

/// The payload of a Base58Check string of `len` decoded bytes (checksum included) whose checksum
/// holds, or `None`.
pub fn decode_check(s: &str, len: usize) -> Option<Vec<u8>> {
    let mut decoded = decode(s)?;
    if decoded.len() != len || len < 4 {
        return None;
    }
    let checksum = decoded.split_off(len - 4);
    let hash = Sha256::digest(Sha256::digest(&decoded));
    (hash[..4] == checksum[..]).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_ones_are_zero_bytes() {
        assert_eq!(decode("11"), Some(vec![0, 0]));
        assert_eq!(decode("1z"), Some(vec![0, 57]));
        assert_eq!(decode("21"), Some(vec![58]));
    }

    #[test]
    fn characters_outside_the_alphabet_are_refused() {
        for s in ["0", "O", "I", "l", "a+b", "é"] {
            assert_eq!(decode(s), None, "{s}");
        }
    }

    #[test]
    fn checksum_and_length_are_both_checked() {
        // The genesis block address: version byte 0 and a 20-byte hash.
        let payload = decode_check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", 25).unwrap();
        assert_eq!(payload.len(), 21);
        assert_eq!(payload[0], 0);
        assert_eq!(decode_check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", 25), None);
        assert_eq!(decode_check("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", 24), None);
    }
}
