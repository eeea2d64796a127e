//! IBANs (international bank account numbers), where a scammer asks for a bank transfer: a country
//! code, two check digits and the national account number, grouped by fours or written in one
//! block. Validated by the ISO 13616 mod-97 check and the country's length, so a reference number
//! or a product code of the same shape is not reported.

/// IBAN lengths by country: the ISO 13616 registry, plus the West and Central African countries
/// whose banks print IBAN-formatted numbers outside it (where many of these scams are run from).
const LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24), (b"AE", 23), (b"AL", 28), (b"AT", 20), (b"AZ", 28), (b"BA", 20), (b"BE", 16), (b"BF", 28),
    (b"BG", 22), (b"BH", 22), (b"BJ", 28), (b"BR", 29), (b"CF", 27), (b"CG", 27), (b"CH", 21), (b"CI", 28),
    (b"CM", 27), (b"CR", 22), (b"CY", 28), (b"CZ", 24), (b"DE", 22), (b"DK", 18), (b"DO", 28), (b"DZ", 26),
    (b"EE", 20), (b"EG", 29), (b"ES", 24), (b"FI", 18), (b"FO", 18), (b"FR", 27), (b"GA", 27), (b"GB", 22),
    (b"GE", 22), (b"GI", 23), (b"GL", 18), (b"GQ", 27), (b"GR", 27), (b"GT", 28), (b"GW", 25), (b"HR", 21),
    (b"HU", 28), (b"IE", 22), (b"IL", 23), (b"IS", 26), (b"IT", 27), (b"JO", 30), (b"KW", 30), (b"KZ", 20),
    (b"LB", 28), (b"LI", 21), (b"LT", 20), (b"LU", 20), (b"LV", 21), (b"MA", 28), (b"MC", 27), (b"MD", 24),
    (b"ME", 22), (b"MG", 27), (b"MK", 19), (b"ML", 28), (b"MR", 27), (b"MT", 31), (b"MU", 30), (b"NE", 28),
    (b"NL", 18), (b"NO", 15), (b"PK", 24), (b"PL", 28), (b"PS", 29), (b"PT", 25), (b"QA", 29), (b"RO", 24),
    (b"RS", 22), (b"SA", 24), (b"SC", 31), (b"SE", 24), (b"SI", 19), (b"SK", 24), (b"SM", 27), (b"SN", 28),
    (b"TD", 27), (b"TG", 28), (b"TN", 24), (b"TR", 26), (b"UA", 29), (b"VA", 22), (b"VG", 24), (b"XK", 20),
];

/// Byte spans of the valid IBANs in `text`, in order. Groups may be separated by one space or
/// dash; the span ends with the last character of the account number.
pub fn find_ibans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let at_word_start = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let country = [b[i], b[i + 1]];
        let expected = LENGTHS.iter().find(|(c, _)| **c == country).map(|&(_, len)| len);
        if let (true, Some(len), true) = (at_word_start, expected, b[i + 2].is_ascii_digit() && b[i + 3].is_ascii_digit()) {
            if let Some(end) = account_end(b, i, len) {
                if mod97_valid(b[i..end].iter().copied().filter(u8::is_ascii_alphanumeric)) {
                    out.push((i, end));
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

/// Where the `len` alphanumeric characters starting at `start` end, when they are written as
/// groups joined by single spaces or dashes and the last one ends a word. At most `len` plus
/// separators bytes are read, so the search stays linear.
fn account_end(b: &[u8], start: usize, len: usize) -> Option<usize> {
    let mut count = 0;
    let mut j = start;
    while count < len {
        match b.get(j) {
            Some(c) if c.is_ascii_alphanumeric() => count += 1,
            Some(b' ' | b'-') if count > 0 && b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric) && b[j - 1].is_ascii_alphanumeric() => {}
            _ => return None,
        }
        j += 1;
    }
    let ends_a_word = !b.get(j).is_some_and(u8::is_ascii_alphanumeric);
    ends_a_word.then_some(j)
}

/// ISO 13616: move the first four characters to the end, read letters as 10–35, and the number
/// is 1 modulo 97.
fn mod97_valid(chars: impl Iterator<Item = u8> + Clone) -> bool {
    let mut remainder: u32 = 0;
    for c in chars.clone().skip(4).chain(chars.take(4)) {
        let value = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            b'a'..=b'z' => u32::from(c - b'a') + 10,
            _ => return false,
        };
        remainder = if value >= 10 { (remainder * 100 + value) % 97 } else { (remainder * 10 + value) % 97 };
    }
    remainder == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<&str> {
        find_ibans(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    // Made-up account numbers with their correct check digits.
    #[test]
    fn grouped_or_in_one_block() {
        let t = "Virement sur FR76 3000 4000 0312 3456 7890 143 avant demain, ou BE68539007547034.";
        assert_eq!(spans(t), ["FR76 3000 4000 0312 3456 7890 143", "BE68539007547034"]);
    }

    #[test]
    fn european_countries() {
        for iban in ["DE89 3704 0044 0532 0130 00", "ES91 2100 0418 4502 0005 1332", "IT60 X054 2811 1010 0000 0123 456", "NL91 ABNA 0417 1643 00",
            "PT50 0002 0123 1234 5678 9015 4", "CH76 0048 3501 2345 6789 A", "GB29 NWBK 6016 1331 9268 19", "FR76-3000-4000-0312-3456-7890-143"]
        {
            let t = format!("IBAN : {iban}.");
            assert_eq!(spans(&t), [iban], "{iban}");
        }
    }

    #[test]
    fn a_wrong_check_digit_or_length_is_refused() {
        assert_eq!(spans("FR77 3000 4000 0312 3456 7890 143"), Vec::<&str>::new());
        assert_eq!(spans("FR76 3000 4000 0312 3456 7890 144"), Vec::<&str>::new());
        assert_eq!(spans("FR76 3000 4000 0312 3456 7890 1432"), Vec::<&str>::new(), "one character too many");
        assert_eq!(spans("BE68 5390 0754 70"), Vec::<&str>::new(), "too short");
    }

    #[test]
    fn ordinary_text_is_not_an_iban() {
        let t = "FR24 est une chaîne, DE12 un code, ES2024 une année, NL 18 ans, tél 06 12 34 56 78, commande XFR76300040000312345678901432.";
        assert_eq!(spans(t), Vec::<&str>::new());
    }

    #[test]
    fn the_span_stops_at_the_account_number() {
        let t = "BE68 5390 0754 7034 merci";
        assert_eq!(spans(t), ["BE68 5390 0754 7034"]);
    }
}
