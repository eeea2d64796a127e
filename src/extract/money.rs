//! Amounts of money with their currency: "500€", "€ 500", "150 euros", "$1,200", "0.05 BTC".

const CURRENCY_WORDS: &[&str] = &["euros", "euro", "eur", "dollars", "dollar", "usd", "cad", "chf", "gbp", "pounds", "livres", "fcfa", "cfa", "francs", "btc", "bitcoins", "bitcoin"];
const CURRENCY_SYMBOLS: &[&str] = &["€", "$", "£"];

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
}
