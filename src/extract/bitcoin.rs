//! Bitcoin addresses, validated: Base58Check (P2PKH `1…`, P2SH `3…`) with its double SHA-256
//! checksum, and Bech32/Bech32m (`bc1…`) with its BCH checksum. A string of the right shape but a
//! wrong checksum is not an address, so a random code is never reported as one.

use super::base58;

const BECH32: &[u8; 32] = b"qpzry9x8gf2tvdw0s3jn54khce6mua7l";

/// No address is shorter (a Bech32 string of the shortest valid length).
const MIN_LEN: usize = 14;

/// `ALPHANUMERIC[b]`: whether byte `b` is an ASCII letter or digit (one load instead of three
/// range tests per byte).
const ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Byte spans of the valid Bitcoin addresses in `text`, in order.
pub fn find_addresses(text: &str) -> Vec<(usize, usize)> {
    long_runs(text.as_bytes()).into_iter().filter(|&(start, end)| is_valid_address(&text[start..end])).collect()
}

/// The runs of ASCII letters and digits of `MIN_LEN` bytes or more, as byte spans, in order (each
/// begins and ends on a character boundary, next to a byte that is no ASCII letter or digit).
fn long_runs(bytes: &[u8]) -> Vec<(usize, usize)> {
    // Every message of every chat goes through here. A run long enough to be an address covers
    // every position it spans, so the scan reads one byte in `MIN_LEN`: when that byte is not a
    // letter or digit, no such run covers the bytes before it; when it is, its run is measured,
    // both ways. Ordinary words are shorter, so most bytes are never read.
    let letter_or_digit = |i: usize| ALPHANUMERIC[bytes[i] as usize];
    let mut out = Vec::new();
    // Every run that begins before `from` has been looked at, and the byte before `from` (if
    // any) is not a letter or digit.
    let mut from = 0;
    while from + MIN_LEN <= bytes.len() {
        let probe = from + MIN_LEN - 1;
        if !letter_or_digit(probe) {
            from = probe + 1;
            continue;
        }
        let mut start = probe;
        while start > from && letter_or_digit(start - 1) {
            start -= 1;
        }
        let mut end = probe + 1;
        while end < bytes.len() && letter_or_digit(end) {
            end += 1;
        }
        if end - start >= MIN_LEN {
            out.push((start, end));
        }
        from = end + 1;
    }
    out
}

/// True when `s` is a checksum-valid mainnet Bitcoin address.
pub fn is_valid_address(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(b'1' | b'3') => (26..=35).contains(&s.len()) && base58check_valid(s),
        Some(b'b' | b'B') => bech32_valid(s),
        _ => false,
    }
}

fn base58check_valid(s: &str) -> bool {
    // Version byte 0x00 (P2PKH) or 0x05 (P2SH), then a 20-byte hash.
    base58::decode_check(s, 25).is_some_and(|payload| payload[0] == 0x00 || payload[0] == 0x05)
}

fn bech32_polymod(values: &[u8]) -> u32 {
    const GEN: [u32; 5] = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
    let mut chk: u32 = 1;
    for &v in values {
        let top = chk >> 25;
        chk = ((chk & 0x1ffffff) << 5) ^ v as u32;
        for (i, g) in GEN.iter().enumerate() {
            if (top >> i) & 1 == 1 {
                chk ^= g;
            }
        }
    }
    chk
}

fn bech32_valid(s: &str) -> bool {
    if !(14..=74).contains(&s.len()) {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if s != lower && s != s.to_ascii_uppercase() {
        return false; // mixed case is invalid by the specification
    }
    let Some(data) = lower.strip_prefix("bc1") else {
        return false;
    };
    let mut values: Vec<u8> = vec![3, 3, 0, 2, 3]; // expanded human-readable part "bc"
    for c in data.bytes() {
        match BECH32.iter().position(|&x| x == c) {
            Some(v) => values.push(v as u8),
            None => return false,
        }
    }
    if data.len() < 7 {
        return false;
    }
    let witness_version = values[5];
    let check = bech32_polymod(&values);
    // Bech32 for segwit v0, Bech32m (BIP 350) for v1 and later.
    (witness_version == 0 && check == 1) || (witness_version > 0 && witness_version <= 16 && check == 0x2bc830a3)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Well-known public test vectors: the genesis block address and the BIP 173 / BIP 350 examples.
    #[test]
    fn valid_addresses() {
        assert!(is_valid_address("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        assert!(is_valid_address("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));
        assert!(is_valid_address("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));
        assert!(is_valid_address("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"));
        assert!(is_valid_address("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"));
    }

    #[test]
    fn one_changed_character_breaks_the_checksum() {
        assert!(!is_valid_address("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
        assert!(!is_valid_address("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz"));
        assert!(!is_valid_address("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"));
        assert!(!is_valid_address("bc1qw508d6qejxtdg4y5r3zarvaRy0c5xw7kv8f3t4"));
    }

    #[test]
    fn shapes_that_are_not_addresses() {
        assert!(!is_valid_address("1111111111111111111111111111111"));
        assert!(!is_valid_address("bc1"));
        assert!(!is_valid_address("hello"));
        assert!(!is_valid_address("10OIl0OIl0OIl0OIl0OIl0OIl0OIl0"));
    }

    #[test]
    fn finds_addresses_in_text() {
        let text = "Send 0.05 BTC to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa now, not to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb.";
        let found = find_addresses(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].0..found[0].1], "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
    }

    #[test]
    fn long_runs_are_the_runs_a_byte_by_byte_scan_finds() {
        // A deterministic xorshift generator: texts of runs of every length around `MIN_LEN`,
        // between separators of one or two bytes, ASCII or not.
        let mut state = 0x5eed_u32;
        let mut below = |n: u32| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state % n
        };
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..below(8) {
                for _ in 0..below(2 * MIN_LEN as u32 + 2) {
                    text.push(['a', 'Z', '7', 'q'][below(4) as usize]);
                }
                for _ in 0..1 + below(2) {
                    text.push([' ', '-', 'é', '📹', '.'][below(5) as usize]);
                }
            }
            let mut expected = Vec::new();
            let mut start = 0;
            for (at, b) in text.bytes().chain(std::iter::once(b' ')).enumerate() {
                if !b.is_ascii_alphanumeric() {
                    if at - start >= MIN_LEN {
                        expected.push((start, at));
                    }
                    start = at + 1;
                }
            }
            assert_eq!(long_runs(text.as_bytes()), expected, "{text:?}");
        }
    }
}
