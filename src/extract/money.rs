//! Money: amounts with their currency, and the payment references scammers ask for (Western Union
//! MTCN, PCS, Transcash, Neosurf, gift-card codes).

const CURRENCY_WORDS: &[&str] = &["euros", "euro", "eur", "dollars", "dollar", "usd", "cad", "chf", "gbp", "pounds", "livres", "fcfa", "cfa", "francs", "btc", "bitcoins", "bitcoin"];
const CURRENCY_SYMBOLS: &[&str] = &["€", "$", "£"];
/// Words after which a run of digits is a payment reference rather than a phone number.
const CODE_WORDS: &[&str] = &["mtcn", "pcs", "transcash", "neosurf", "paysafecard", "coupon", "code", "codes", "recharge", "ticket", "carte", "card", "référence", "reference"];

fn number_end(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && (b[j].is_ascii_digit() || ((b[j] == b'.' || b[j] == b',' || b[j] == b' ') && b.get(j + 1).is_some_and(u8::is_ascii_digit) && b.get(j + 2).is_some_and(u8::is_ascii_digit))) {
        j += 1;
    }
    j
}

pub fn find_amounts(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.' || b[i - 1] == b',')) {
            i += 1;
            continue;
        }
        let end = number_end(b, i);
        let digits = b[i..end].iter().filter(|c| c.is_ascii_digit()).count();
        // A currency before the number ($500, € 200)...
        let before = text[..i].trim_end();
        let mut span = CURRENCY_SYMBOLS.iter().find(|s| before.ends_with(*s)).map(|s| (before.len() - s.len(), end));
        // ...or after it (500€, 200 euros, 0.05 BTC).
        if span.is_none() {
            let after = &text[end..];
            let trimmed = after.trim_start();
            let gap = after.len() - trimmed.len();
            let lower = trimmed.get(..12.min(trimmed.len())).map(str::to_ascii_lowercase).unwrap_or_default();
            if let Some(sym) = CURRENCY_SYMBOLS.iter().find(|s| trimmed.starts_with(*s)) {
                span = Some((i, end + gap + sym.len()));
            } else if let Some(word) = CURRENCY_WORDS.iter().find(|w| {
                lower.starts_with(*w) && !lower.as_bytes().get(w.len()).is_some_and(u8::is_ascii_alphabetic)
            }) {
                span = Some((i, end + gap + word.len()));
            }
        }
        if let (Some(s), true) = (span, digits <= 12) {
            out.push(s);
        }
        i = end.max(i + 1);
    }
    out
}

pub fn find_payment_codes(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_alphanumeric() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        // A run of digit groups: "4829 1038 5521 0047", "482-910-3855".
        let mut j = i;
        let mut digits = 0;
        let mut end = i;
        while j < b.len() {
            if b[j].is_ascii_digit() {
                digits += 1;
                j += 1;
                end = j;
            } else if matches!(b[j], b' ' | b'-') && b.get(j + 1).is_some_and(u8::is_ascii_digit) && digits > 0 {
                j += 1;
            } else {
                break;
            }
        }
        let stands_alone = !b.get(end).is_some_and(|c| c.is_ascii_alphabetic());
        if (10..=19).contains(&digits) && stands_alone {
            let window = &lower[lower.floor_char_boundary_compat(i.saturating_sub(20))..i];
            if CODE_WORDS.iter().any(|w| window.contains(w)) {
                out.push((i, end));
            }
        }
        i = end.max(i + 1);
    }
    out
}

trait FloorBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorBoundary for String {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while i > 0 && !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans<'a>(text: &'a str, found: Vec<(usize, usize)>) -> Vec<&'a str> {
        found.into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn amounts() {
        let t = "500€, $1,200, 0.05 BTC, 150 euros, 300 000 FCFA, mais pas 48 heures";
        assert_eq!(spans(t, find_amounts(t)), ["500€", "$1,200", "0.05 BTC", "150 euros", "300 000 FCFA"]);
    }

    #[test]
    fn payment_codes_need_a_payment_word() {
        let t = "le code PCS: 4829 1038 5521 0047 et MTCN 8291037745. Mon numéro 0612345678901";
        assert_eq!(spans(t, find_payment_codes(t)), ["4829 1038 5521 0047", "8291037745"]);
    }
}
