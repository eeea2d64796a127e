//! TRON addresses, where scammers often ask for USDT (TRC20): `T` and 33 base58 characters,
//! Base58Check-encoded with version byte 0x41. The checksum is verified, so a random word of the
//! right shape is never reported.

use super::base58;
use super::words::alphanumeric_words;

/// Byte spans of the valid TRON addresses in `text`, in order.
pub fn find_addresses(text: &str) -> Vec<(usize, usize)> {
    alphanumeric_words(text).filter(|&(s, e)| is_valid_address(&text[s..e])).collect()
}

pub fn is_valid_address(word: &str) -> bool {
    word.len() == 34 && word.starts_with('T') && base58::decode_check(word, 25).is_some_and(|payload| payload[0] == 0x41)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Built for these tests: version byte 0x41, a made-up 20-byte hash, its checksum.
    const VALID: &str = "TA4Y62o6YC2Zsck9rZVGTvqW1AQ7X9zTnj";
    const ALSO_VALID: &str = "TLgXDoixpJaxnSn5aHEh3dmBMfgS9JAm7z";

    #[test]
    fn valid_addresses_are_found() {
        let t = format!("USDT TRC20 ici : {VALID} (ou {ALSO_VALID}).");
        let found: Vec<&str> = find_addresses(&t).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert_eq!(found, [VALID, ALSO_VALID]);
    }

    #[test]
    fn one_changed_character_breaks_the_checksum() {
        assert!(is_valid_address(VALID));
        assert!(!is_valid_address("TA4Y62o6YC2Zsck9rZVGTvqW1AQ7X9zTnk"));
        assert!(!is_valid_address("TA4Y62o6YC2Zsck9rZVGTvqW1AQ7X9zTn"));
    }

    #[test]
    fn other_base58check_strings_are_not_tron() {
        // A valid Bitcoin address has the right checksum but another version byte and first letter.
        assert!(!is_valid_address("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
        // Right length and first letter, but a word, not an address.
        assert!(!is_valid_address("Thisisjustalongwordwithoutmeaningx"));
    }
}
