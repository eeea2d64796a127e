//! Amounts of money with their currency: "500€", "€ 500", "150 euros", "$1,200", "0.05 BTC",
//! thousands written "5k€" or "2 k$", and French slang for euros ("300 balles", "500 boules").

const CURRENCY_WORDS: &[&str] = &["euros", "euro", "eur", "dollars", "dollar", "usd", "cad", "chf", "gbp", "pounds", "livres", "fcfa", "cfa", "francs", "btc", "bitcoins", "bitcoin", "usdt"];
const CURRENCY_SYMBOLS: &[&str] = &["€", "$", "£"];
/// Slang for euros. "3 boules de glace" is ice cream, so these need two digits and no "de" after.
const SLANG_CURRENCY_WORDS: &[&str] = &["balles", "boules"];

fn number_end(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && (b[j].is_ascii_digit() || ((b[j] == b'.' || b[j] == b',' || b[j] == b' ') && b.get(j + 1).is_some_and(u8::is_ascii_digit) && b.get(j + 2).is_some_and(u8::is_ascii_digit))) {
        j += 1;
    }
    j
}

/// After a number, where a thousands `k` ("5k", "5 k", "1.5k") ends, if one is there. One
/// decimal digit is allowed before it, which `number_end` leaves out ("1.5" alone is no amount).
fn thousands_end(b: &[u8], end: usize) -> Option<usize> {
    let mut j = end;
    if matches!(b.get(j), Some(b'.' | b',')) && b.get(j + 1).is_some_and(u8::is_ascii_digit) {
        j += 2;
    }
    if b.get(j) == Some(&b' ') {
        j += 1;
    }
    let k = matches!(b.get(j), Some(b'k' | b'K')) && !b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric);
    k.then_some(j + 1)
}

/// The length of the currency `rest` starts with (a symbol or a whole word), if it does.
fn currency_len(rest: &str, digits: usize) -> Option<usize> {
    if let Some(symbol) = CURRENCY_SYMBOLS.iter().find(|s| rest.starts_with(*s)) {
        return Some(symbol.len());
    }
    let is_word = |w: &&&str| {
        rest.get(..w.len()).is_some_and(|head| head.eq_ignore_ascii_case(w)) && !rest.as_bytes().get(w.len()).is_some_and(u8::is_ascii_alphabetic)
    };
    if let Some(word) = CURRENCY_WORDS.iter().find(is_word) {
        return Some(word.len());
    }
    let word = SLANG_CURRENCY_WORDS.iter().find(is_word)?;
    // Only a few bytes are looked at, so a text full of slang amounts stays linear.
    let after = rest[word.len()..].trim_start();
    let names_a_thing = ["de ", "d'", "d\u{2019}"].iter().any(|p| after.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p)));
    (digits >= 2 && !names_a_thing).then_some(word.len())
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
        let thousands = thousands_end(b, end);
        // A currency before the number ($500, € 200, $5k)...
        let before = text[..i].trim_end();
        let mut span = CURRENCY_SYMBOLS.iter().find(|s| before.ends_with(*s)).map(|s| {
            let attached_k = thousands.filter(|&k| k == end + 1);
            (before.len() - s.len(), attached_k.unwrap_or(end))
        });
        // ...or after it (500€, 200 euros, 0.05 BTC, 5k€, 2 k$).
        if span.is_none() {
            let amount_end = thousands.unwrap_or(end);
            let after = &text[amount_end..];
            let trimmed = after.trim_start();
            let gap = after.len() - trimmed.len();
            span = currency_len(trimmed, digits).map(|len| (i, amount_end + gap + len));
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

    fn spans(text: &str, found: Vec<(usize, usize)>) -> Vec<&str> {
        found.into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn amounts() {
        let t = "500€, $1,200, 0.05 BTC, 150 euros, 300 000 FCFA, mais pas 48 heures";
        assert_eq!(spans(t, find_amounts(t)), ["500€", "$1,200", "0.05 BTC", "150 euros", "300 000 FCFA"]);
    }

    #[test]
    fn amounts_as_people_write_them() {
        let t = "5k€ ou 5 k€, 2k$, 1.5k€, $5k, 300 balles, 500 boules, 1000 eur, € 500, 500 euros, 200 USDT, 50 EUROS";
        assert_eq!(
            spans(t, find_amounts(t)),
            ["5k€", "5 k€", "2k$", "1.5k€", "$5k", "300 balles", "500 boules", "1000 eur", "€ 500", "500 euros", "200 USDT", "50 EUROS"]
        );
    }

    #[test]
    fn numbers_that_are_not_amounts() {
        for t in [
            "5k abonnés",
            "on a fait 10 km",
            "3 boules de glace",
            "20 balles de tennis",
            "2 balles",
            "le 12/05/2026 à 18h30",
            "appelle le 06 12 34 56 78",
            "j'ai 25 ans",
            "500 eurosport",
            "1.5 litre",
            "4 kilos",
        ] {
            assert_eq!(spans(t, find_amounts(t)), Vec::<&str>::new(), "{t}");
        }
    }
}
