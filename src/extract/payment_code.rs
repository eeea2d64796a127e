//! Payment references scammers dictate: Western Union transfer numbers (MTCN), MoneyGram reference
//! numbers, prepaid coupon codes (PCS, Transcash, Neosurf, Paysafecard…) and gift-card codes
//! (Google Play, Apple, Steam, Amazon…).
//!
//! A bare run of digits or capitals is far more often a phone number, an order number or a date
//! than a coupon, so a code is reported only right after a label that names it ("MTCN", "code
//! Neosurf", "numéro de transfert"…), and only in the format that label introduces: ten digits
//! for a Western Union transfer, letters and digits for a gift card.

use std::ops::RangeInclusive;

/// How far before a code its label may end, in bytes: room for "PCS de 50 euros : ".
const LABEL_REACH: usize = 40;
/// Longest code read, separators excluded; longer runs are something else (a hash, a key).
const MAX_CODE: usize = 20;
/// Shortest code any label introduces: a MoneyGram reference.
const SHORTEST_CODE: usize = 8;

/// Which letters a label's codes may contain.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Letters {
    /// Digits only.
    None,
    /// Capitals and digits, as printed on a voucher: after a generic word such as "code",
    /// lower-case text would too often be an ordinary word or a password.
    Capitals,
    /// Capitals or lower case (not mixed): after a brand name, a victim may retype the code.
    EitherCase,
}

struct Label {
    /// Lower case, matched on whole words.
    text: &'static str,
    /// How many digits an all-digit code after this label has (empty: none).
    digits: RangeInclusive<usize>,
    letters: Letters,
}

const fn label(text: &'static str, digits: RangeInclusive<usize>, letters: Letters) -> Label {
    Label { text, digits, letters }
}

/// For brands whose codes always hold letters (an all-digit run after "Amazon" is an order
/// number): an all-digit code has at least one digit, so it never fits.
const NO_DIGITS: RangeInclusive<usize> = 0..=0;

const LABELS: &[Label] = &[
    // Western Union: the MTCN is ten digits, whatever the message calls it.
    label("mtcn", 10..=10, Letters::None),
    label("numéro de transfert", 10..=10, Letters::None),
    label("numero de transfert", 10..=10, Letters::None),
    label("n° de transfert", 10..=10, Letters::None),
    label("no de transfert", 10..=10, Letters::None),
    label("transfer number", 10..=10, Letters::None),
    label("tracking number", 10..=10, Letters::None),
    label("code de retrait", 10..=10, Letters::None),
    label("withdrawal code", 10..=10, Letters::None),
    label("western union", 10..=10, Letters::None),
    // MoneyGram reference numbers are eight digits.
    label("moneygram", 8..=8, Letters::None),
    // Prepaid coupons.
    label("pcs", 10..=19, Letters::EitherCase),
    label("transcash", 10..=19, Letters::EitherCase),
    label("toneo", 10..=19, Letters::EitherCase),
    label("cashlib", 10..=19, Letters::EitherCase),
    label("flexepin", 16..=16, Letters::None),
    label("paysafecard", 16..=16, Letters::None),
    label("paysafe", 16..=16, Letters::None),
    label("neosurf", 10..=10, Letters::EitherCase),
    // Gift cards: letters and digits.
    label("google play", NO_DIGITS, Letters::EitherCase),
    label("itunes", NO_DIGITS, Letters::EitherCase),
    label("apple", NO_DIGITS, Letters::EitherCase),
    label("steam", NO_DIGITS, Letters::EitherCase),
    label("amazon", NO_DIGITS, Letters::EitherCase),
    label("gift card", NO_DIGITS, Letters::EitherCase),
    label("carte cadeau", NO_DIGITS, Letters::EitherCase),
    label("carte-cadeau", NO_DIGITS, Letters::EitherCase),
    // Generic words: only in the printed voucher format.
    label("code", 10..=19, Letters::Capitals),
    label("coupon", 10..=19, Letters::Capitals),
    label("recharge", 10..=19, Letters::Capitals),
    label("ticket", 10..=19, Letters::Capitals),
    label("carte prépayée", 10..=19, Letters::Capitals),
    label("prepaid card", 10..=19, Letters::Capitals),
    label("référence", 10..=19, Letters::None),
    label("reference", 10..=19, Letters::None),
];

/// Words that, between a label and a number, say the number is how to reach someone ("envoie le
/// code au 06…", "send the code to +44…"), not the code itself.
const CONTACT_WORDS: &[&str] = &["au", "à", "to", "at", "tel", "tél", "phone", "téléphone", "whatsapp", "appelle", "appeler", "call", "sms", "contact", "joindre"];

/// Byte spans of the payment references in `text`, in order.
pub fn find_payment_codes(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let word_start = b[i].is_ascii_alphanumeric() && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'+'));
        if !word_start {
            i += 1;
            continue;
        }
        let code = read_code(b, i);
        // Most words are too short for any code: skip the label search for them.
        let long_enough = code.length() >= SHORTEST_CODE;
        if long_enough && ends_cleanly(b, code.end) && !written_as_a_phone_number(&b[i..code.end]) && code.fits_label(label_before(text, i)) {
            out.push((i, code.end));
        }
        i = code.end.max(i + 1);
    }
    out
}

/// Letters and digits in groups joined by single dashes, or by single spaces when the groups
/// look like a printed code ("4829 1038", "X7K2 9QPL").
struct Code {
    end: usize,
    digits: usize,
    upper: usize,
    lower: usize,
}

impl Code {
    fn length(&self) -> usize {
        self.digits + self.upper + self.lower
    }

    fn fits_label(&self, label: Option<&Label>) -> bool {
        let Some(label) = label else {
            return false;
        };
        if self.upper + self.lower == 0 {
            return label.digits.contains(&self.digits);
        }
        let case_ok = match label.letters {
            Letters::None => false,
            Letters::Capitals => self.lower == 0,
            Letters::EitherCase => self.lower == 0 || self.upper == 0,
        };
        // A code mixes letters and digits; "Transcash2024" or "ABSOLUMENT" is a word.
        case_ok && self.digits >= 2 && self.upper + self.lower >= 2 && (10..=MAX_CODE).contains(&self.length())
    }
}

fn read_code(b: &[u8], start: usize) -> Code {
    let mut code = Code { end: start, digits: 0, upper: 0, lower: 0 };
    let mut j = start;
    loop {
        let group_start = j;
        while j < b.len() && b[j].is_ascii_alphanumeric() && code.length() <= MAX_CODE {
            match b[j] {
                b'0'..=b'9' => code.digits += 1,
                b'A'..=b'Z' => code.upper += 1,
                _ => code.lower += 1,
            }
            j += 1;
        }
        code.end = j;
        if code.length() > MAX_CODE {
            // Too long to be a code: skip the rest of the word so it is not read again.
            while code.end < b.len() && b[code.end].is_ascii_alphanumeric() {
                code.end += 1;
            }
            return code;
        }
        let group = &b[group_start..j];
        let next_start = j + 1;
        let next_len = b.get(next_start..).map_or(0, |rest| rest.iter().take_while(|c| c.is_ascii_alphanumeric()).count());
        let joined = match b.get(j) {
            Some(b'-') => next_len > 0,
            Some(b' ') => looks_printed(group) && looks_printed(&b[next_start..next_start + next_len]),
            _ => false,
        };
        if !joined {
            return code;
        }
        j = next_start;
    }
}

/// A group of a code printed with spaces: digits, or 3 to 6 capitals and digits with a digit.
fn looks_printed(group: &[u8]) -> bool {
    let all_digits = !group.is_empty() && group.iter().all(u8::is_ascii_digit);
    let capitals_and_digits = (3..=6).contains(&group.len())
        && group.iter().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && group.iter().any(u8::is_ascii_digit);
    all_digits || capitals_and_digits
}

/// "06 12 34 56 78": ten digits from 0 in five pairs is how French phone numbers are written,
/// never how a transfer number or a coupon is printed.
fn written_as_a_phone_number(code: &[u8]) -> bool {
    let pairs = code.split(|&c| c == b' ' || c == b'-').collect::<Vec<_>>();
    code.first() == Some(&b'0') && pairs.len() == 5 && pairs.iter().all(|p| p.len() == 2 && p.iter().all(u8::is_ascii_digit))
}

/// Not the start of a time, a date, a decimal, a domain or an e-mail address.
fn ends_cleanly(b: &[u8], end: usize) -> bool {
    match b.get(end) {
        Some(b'@') => false,
        Some(b'.' | b',' | b':' | b'/') => !b.get(end + 1).is_some_and(u8::is_ascii_alphanumeric),
        _ => true,
    }
}

/// The label whose last word ends closest before `start`, within reach, when nothing between
/// them ends the sentence or says the number is a contact.
fn label_before(text: &str, start: usize) -> Option<&'static Label> {
    let from = super::floor_boundary(text, start.saturating_sub(LABEL_REACH));
    let window = text.get(from..start)?.to_ascii_lowercase();
    let (label, label_end) = LABELS
        .iter()
        .filter_map(|label| rightmost_word(&window, label.text).map(|end| (label, end)))
        .max_by_key(|&(label, end)| (end, label.text.len()))?;
    let gap = &window[label_end..];
    let sentence_ends = gap.contains(['\n', '!', '?']) || gap.contains(". ");
    let contact = gap.split(|c: char| !c.is_alphanumeric()).any(|w| CONTACT_WORDS.contains(&w));
    (!sentence_ends && !contact).then_some(label)
}

/// End of the last occurrence of `word` in `haystack` that is a whole word (a plural `s` allowed).
fn rightmost_word(haystack: &str, word: &str) -> Option<usize> {
    let b = haystack.as_bytes();
    haystack.rmatch_indices(word).find_map(|(s, _)| {
        let mut e = s + word.len();
        if b.get(e) == Some(&b's') {
            e += 1;
        }
        let starts_word = s == 0 || !b[s - 1].is_ascii_alphanumeric();
        let ends_word = !b.get(e).is_some_and(u8::is_ascii_alphanumeric);
        (starts_word && ends_word).then_some(e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        find_payment_codes(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    fn none(text: &str) {
        assert_eq!(spans(text), Vec::<&str>::new(), "{text}");
    }

    #[test]
    fn western_union_transfer_numbers_under_every_name() {
        for (text, code) in [
            ("MTCN 8291037745", "8291037745"),
            ("le numéro de transfert : 829-103-7745 stp", "829-103-7745"),
            ("Numero de transfert 829 103 7745", "829 103 7745"),
            ("here is the transfer number: 8291037745.", "8291037745"),
            ("ton code de retrait est 82910 37745", "82910 37745"),
            ("Western Union, nom Kofi, 8291037745", "8291037745"),
        ] {
            assert_eq!(spans(text), [code], "{text}");
        }
    }

    #[test]
    fn the_extension_test_messages_still_give_their_codes() {
        assert_eq!(spans("envoyer 500 euros ou le MTCN 123-456-7890. Appelle le +33 6 12 34 56 78"), ["123-456-7890"]);
        assert_eq!(spans("par Western Union, MTCN 123-456-7890. Appelle-moi au +33 6 12 34 56 78"), ["123-456-7890"]);
    }

    #[test]
    fn a_transfer_number_is_exactly_ten_digits() {
        none("MTCN 829103774");
        none("MTCN 82910377451");
        assert_eq!(spans("référence MoneyGram : 4471 2290"), ["4471 2290"]);
    }

    #[test]
    fn prepaid_coupons() {
        assert_eq!(spans("le code PCS: 4829 1038 5521 0047 et rien d'autre"), ["4829 1038 5521 0047"]);
        assert_eq!(spans("coupon Transcash de 100 euros : 482910385521"), ["482910385521"]);
        assert_eq!(spans("Paysafecard 0123-4567-8901-2345"), ["0123-4567-8901-2345"]);
        assert_eq!(spans("mon Neosurf c'est X7K2P9QL4M"), ["X7K2P9QL4M"]);
        assert_eq!(spans("neosurf : x7k2p9ql4m"), ["x7k2p9ql4m"], "retyped in lower case after a brand");
        assert_eq!(spans("les codes recharge : 7QX4 8KD2 LM39 PZ61"), ["7QX4 8KD2 LM39 PZ61"]);
    }

    #[test]
    fn gift_cards() {
        assert_eq!(spans("carte Google Play : XK4D-9PLM-2QRT-7WZ8"), ["XK4D-9PLM-2QRT-7WZ8"]);
        assert_eq!(spans("Steam gift card 4KQ7D-PLM9X-2RT8W"), ["4KQ7D-PLM9X-2RT8W"]);
        assert_eq!(spans("iTunes X9QP 4KD7 LM2T R8WZ"), ["X9QP 4KD7 LM2T R8WZ"]);
        assert_eq!(spans("carte-cadeau Amazon: AQ7K-49RLPX-2TZ8"), ["AQ7K-49RLPX-2TZ8"]);
    }

    #[test]
    fn no_label_no_code() {
        none("4829 1038 5521 0047");
        none("X7K2P9QL4M et 8291037745");
        none("Le code est dans le tiroir. 8291037745");
    }

    #[test]
    fn phones_dates_prices_and_words_after_a_label_are_not_codes() {
        none("envoie le code au 06 12 34 56 78");
        none("send the code to +44 7700 900123");
        none("code: +33 6 12 34 56 78");
        none("Western Union, et mon numéro 06 12 34 56 78");
        none("MTCN: 07-48-12-33-90");
        none("recharge de 1500 euros");
        none("code 2024-05-12 10:30");
        none("coupon valable jusqu'au 12/05/2026");
        none("code promo BIENVENUE pour Transcash2024");
        none("commande Amazon 402-1234567-1234567");
        none("mon code wifi est maison2024ab");
        none("code 0612345678@mail.example");
        none("le code PCS 12 fois");
    }

    #[test]
    fn long_runs_are_skipped_whole() {
        none("code ABCDEFGHIJ0123456789KLMNOP");
        none("MTCN 82910377458291037745829103774582910377458291037745");
    }

    #[test]
    fn labels_are_whole_words() {
        none("barcode 8291037745");
        none("pineapple X7K2-P9QL-4M8T-2RZ1");
    }
}
