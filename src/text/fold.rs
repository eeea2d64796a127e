//! What one Unicode scalar becomes before matching: a plain ASCII letter, a digit, a symbol that may
//! be l33t, a look-alike letter, a word (for a few emoji), nothing at all, or a separator.
//!
//! The tables are written by hand rather than through Unicode normalisation (NFKD): they cover
//! exactly the tricks scammers use, cost no Unicode tables in the WebAssembly module, and run at a
//! few hundred MB/s.

/// The class of one input character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folded {
    /// A Latin letter, already lowercased and stripped of its accent. Ligatures give two letters.
    Letter(u8, Option<u8>),
    /// A letter of another script that looks like this Latin letter (Cyrillic `о`, Greek `ο`).
    /// Only used when the whole word can be read in Latin letters.
    LookAlike(u8),
    /// A letter of another script with no Latin look-alike: part of a word, never of a rule.
    OtherLetter,
    /// An ASCII digit.
    Digit(u8),
    /// A symbol that stands for a letter inside a word (`@` → a, `$` → s, `€` → e, `!` → i).
    Symbol(u8),
    /// A character shown as a word of its own (emoji 📹 → "video", currency € → "eur").
    Word(&'static str),
    /// Invisible: zero-width characters, combining accents, bidirectional controls.
    Drop,
    /// Anything else: white space, punctuation, other symbols.
    Separator,
}

/// The letter each digit or symbol stands for in l33t spelling.
pub fn leet_letter(b: u8) -> Option<u8> {
    Some(match b {
        b'0' => b'o',
        b'1' => b'i',
        b'3' => b'e',
        b'4' => b'a',
        b'5' => b's',
        b'7' => b't',
        b'8' => b'b',
        b'@' => b'a',
        b'$' => b's',
        b'!' => b'i',
        b'e' => b'e', // `€` inside a word
        _ => return None,
    })
}

/// Latin Extended-A (U+0100–U+017F), one base letter each; Œ/œ are handled before this table.
const LATIN_EXT_A: &[u8; 128] =
    b"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// Latin-1 Supplement letters (U+00C0–U+00FF); `*` marks the two that are not letters (× ÷).
const LATIN_1: &[u8; 64] = b"aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo*ouuuuyty";

const fn fold_ascii(b: u8) -> Folded {
    match b {
        b'a'..=b'z' => Folded::Letter(b, None),
        b'A'..=b'Z' => Folded::Letter(b + 32, None),
        b'0'..=b'9' => Folded::Digit(b),
        b'@' | b'$' | b'!' => Folded::Symbol(b),
        _ => Folded::Separator,
    }
}

/// Which ASCII bytes fold to [`Folded::Separator`], as a table: the normaliser's fast path asks it
/// once per word.
static ASCII_SEPARATORS: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = matches!(fold_ascii(b as u8), Folded::Separator);
        b += 1;
    }
    table
};

/// True for an ASCII byte that folds to [`Folded::Separator`]; false for any other byte.
pub fn is_ascii_separator(b: u8) -> bool {
    ASCII_SEPARATORS.get(b as usize).copied().unwrap_or(false)
}

pub fn fold(c: char) -> Folded {
    let u = c as u32;
    if u < 0x80 {
        return fold_ascii(u as u8);
    }
    match u {
        0xC6 | 0xE6 => Folded::Letter(b'a', Some(b'e')),
        0xDF => Folded::Letter(b's', Some(b's')),
        0xDE | 0xFE => Folded::Letter(b't', Some(b'h')),
        0x152 | 0x153 => Folded::Letter(b'o', Some(b'e')),
        0xC0..=0xFF => match LATIN_1[(u - 0xC0) as usize] {
            b'*' => Folded::Separator,
            b => Folded::Letter(b, None),
        },
        0x100..=0x17F => Folded::Letter(LATIN_EXT_A[(u - 0x100) as usize], None),
        0x192 => Folded::Letter(b'f', None),
        0x218 | 0x219 => Folded::Letter(b's', None),
        0x21A | 0x21B => Folded::Letter(b't', None),
        // Invisible characters used to split words past filters.
        0xAD | 0x34F | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF => Folded::Drop,
        0x300..=0x36F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F => Folded::Drop,
        0xFE00..=0xFE0F => Folded::Drop, // emoji variation selectors
        // Full-width forms: the same ASCII shifted.
        0xFF01..=0xFF5E => fold(char::from_u32(u - 0xFEE0).unwrap_or(' ')),
        // Mathematical alphanumerics: bold, italic, script, fraktur, double-struck, monospace…
        0x1D400..=0x1D6A3 => {
            let i = ((u - 0x1D400) % 52) as u8;
            Folded::Letter(if i < 26 { b'a' + i } else { b'a' + i - 26 }, None)
        }
        0x1D7CE..=0x1D7FF => Folded::Digit(b'0' + ((u - 0x1D7CE) % 10) as u8),
        0x24B6..=0x24CF => Folded::Letter(b'a' + (u - 0x24B6) as u8, None), // Ⓐ
        0x24D0..=0x24E9 => Folded::Letter(b'a' + (u - 0x24D0) as u8, None), // ⓐ
        0x1F130..=0x1F149 => Folded::Letter(b'a' + (u - 0x1F130) as u8, None), // 🄰
        0x1F150..=0x1F169 => Folded::Letter(b'a' + (u - 0x1F150) as u8, None), // 🅐
        0x1F170..=0x1F189 => Folded::Letter(b'a' + (u - 0x1F170) as u8, None), // 🅰
        0x1F1E6..=0x1F1FF => Folded::Letter(b'a' + (u - 0x1F1E6) as u8, None), // regional indicators
        0x210E => Folded::Letter(b'h', None),
        0x212F | 0x212E => Folded::Letter(b'e', None),
        0x210A => Folded::Letter(b'g', None),
        0x2134 => Folded::Letter(b'o', None),
        0x2113 => Folded::Letter(b'l', None),
        0x20AC => Folded::Word("eur"),
        0xA3 => Folded::Word("gbp"),
        0x20BF => Folded::Word("bitcoin"),
        _ => fold_other(u),
    }
}

fn fold_other(u: u32) -> Folded {
    if let Some(b) = look_alike(u) {
        return Folded::LookAlike(b);
    }
    if let Some(w) = emoji_word(u) {
        return Folded::Word(w);
    }
    let c = char::from_u32(u).unwrap_or(' ');
    if c.is_alphanumeric() {
        Folded::OtherLetter
    } else {
        Folded::Separator
    }
}

/// Letters of other scripts drawn like a Latin letter.
fn look_alike(u: u32) -> Option<u8> {
    Some(match u {
        // Cyrillic
        0x430 | 0x410 => b'a',
        0x412 | 0x44C => b'b',
        0x435 | 0x415 | 0x451 | 0x401 => b'e',
        0x43A | 0x41A => b'k',
        0x41C | 0x43C => b'm',
        0x41D => b'h',
        0x43E | 0x41E => b'o',
        0x440 | 0x420 => b'p',
        0x441 | 0x421 => b'c',
        0x422 | 0x442 => b't',
        0x443 | 0x423 | 0x4AF => b'y',
        0x445 | 0x425 => b'x',
        0x455 | 0x405 => b's',
        0x456 | 0x406 | 0x457 | 0x407 => b'i',
        0x458 | 0x408 => b'j',
        0x43F => b'n',
        0x433 => b'r',
        0x501 => b'd',
        0x51B => b'q',
        0x51D => b'w',
        0x261 => b'g',
        // Greek
        0x3B1 | 0x391 | 0x3AC => b'a',
        0x3B2 | 0x392 => b'b',
        0x3B5 | 0x395 | 0x3AD => b'e',
        0x396 => b'z',
        0x397 => b'h',
        0x3B7 | 0x3AE => b'n',
        0x3B9 | 0x399 | 0x3AF => b'i',
        0x3BA | 0x39A => b'k',
        0x39C => b'm',
        0x3BD | 0x39D => b'v',
        0x3BF | 0x39F | 0x3CC => b'o',
        0x3C1 | 0x3A1 => b'p',
        0x3C4 | 0x3A4 => b't',
        0x3C5 | 0x3A5 | 0x3CD => b'u',
        0x3C7 | 0x3A7 => b'x',
        0x3C9 | 0x3CE => b'w',
        // Latin small capitals and IPA letters used as fonts
        0x1D00 => b'a',
        0x299 => b'b',
        0x1D04 => b'c',
        0x1D05 => b'd',
        0x1D07 => b'e',
        0x262 => b'g',
        0x29C => b'h',
        0x26A => b'i',
        0x1D0A => b'j',
        0x1D0B => b'k',
        0x29F => b'l',
        0x1D0D => b'm',
        0x274 => b'n',
        0x1D0F => b'o',
        0x1D18 => b'p',
        0x280 => b'r',
        0xA731 => b's',
        0x1D1B => b't',
        0x1D1C => b'u',
        0x1D20 => b'v',
        0x1D21 => b'w',
        0x28F => b'y',
        0x1D22 => b'z',
        _ => return None,
    })
}

/// The few emoji that carry the meaning of a word in this playbook.
fn emoji_word(u: u32) -> Option<&'static str> {
    Some(match u {
        0x1F4F9 | 0x1F3A5 | 0x1F4FD => "video",
        0x1F4F7 | 0x1F4F8 => "photo",
        0x1F4B0 | 0x1F4B5 | 0x1F4B6 | 0x1F4B7 | 0x1F4B4 | 0x1F4B8 | 0x1F911 => "money",
        0x1F4B3 => "card",
        0x1F4F1 | 0x260E | 0x1F4DE => "phone",
        0x1F92B => "secret",
        0x1F51E => "adult",
        _ => return None,
    })
}
