//! Ethereum addresses (also used for USDT and other tokens on Ethereum-compatible chains): `0x`
//! and 40 hexadecimal digits, as a whole word. The mixed-case EIP-55 checksum needs Keccak, which
//! Vigie does not carry; the exact shape is already specific enough for evidence, and an address
//! typed with a wrong case is still what the victim was told to pay.

use super::words::alphanumeric_words;

/// Byte spans of the Ethereum-shaped addresses in `text`, in order.
pub fn find_addresses(text: &str) -> Vec<(usize, usize)> {
    alphanumeric_words(text).filter(|&(s, e)| is_address(&text[s..e])).collect()
}

pub fn is_address(word: &str) -> bool {
    let Some(hex) = word.strip_prefix("0x").or_else(|| word.strip_prefix("0X")) else {
        return false;
    };
    // Forty zeros (or any one repeated digit) is a placeholder, not a wallet.
    let placeholder = hex.bytes().all(|c| Some(&c) == hex.as_bytes().first());
    hex.len() == 40 && hex.bytes().all(|c| c.is_ascii_hexdigit()) && !placeholder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        find_addresses(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn finds_addresses_in_any_case() {
        let t = "USDT (ERC20) : 0x9f3A6b21c04E7d58a1B2c3D4e5F60718293a4B5c, ou 0xabcdefabcdefabcdefabcdefabcdefabcdef0123.";
        assert_eq!(spans(t), ["0x9f3A6b21c04E7d58a1B2c3D4e5F60718293a4B5c", "0xabcdefabcdefabcdefabcdefabcdefabcdef0123"]);
    }

    #[test]
    fn wrong_length_or_digits_are_not_addresses() {
        // 39 and 41 hex digits, a non-hex letter, glued to a word, a hash of 64 digits, a colour.
        let t = "0x9f3A6b21c04E7d58a1B2c3D4e5F60718293a4B5 0x9f3A6b21c04E7d58a1B2c3D4e5F60718293a4B5cd \
                 0x9f3A6b21c04E7d58a1B2c3D4e5F60718293a4B5g ab0x9f3A6b21c04E7d58a1B2c3D4e5F60718293a4B5c \
                 0x9f3a6b21c04e7d58a1b2c3d4e5f60718293a4b5c9f3a6b21c04e7d58a1b2c3d4 #0xff00ff";
        assert_eq!(spans(t), Vec::<&str>::new());
    }

    #[test]
    fn placeholders_are_not_addresses() {
        assert!(!is_address("0x0000000000000000000000000000000000000000"));
        assert!(is_address("0x0000000000000000000000000000000000000001"));
    }
}
