//! Ways to reach a person: e-mail addresses, phone numbers, links.

fn is_email_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'+')
}

fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

pub fn find_emails(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut s = at;
        while s > 0 && is_email_local(b[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < b.len() && is_domain(b[e]) {
            e += 1;
        }
        while e > at + 1 && matches!(b[e - 1], b'.' | b'-') {
            e -= 1;
        }
        while s < at && b[s] == b'.' {
            s += 1;
        }
        let domain = &text[at + 1..e];
        let tld_ok = domain.rsplit_once('.').is_some_and(|(name, tld)| !name.is_empty() && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic()));
        if s < at && tld_ok && out.last().is_none_or(|&(_, le)| le <= s) {
            out.push((s, e));
        }
    }
    out
}

/// Phone numbers: 9 to 15 digits, optionally after `+`, grouped by spaces, dots or dashes.
pub fn find_phones(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = (b[i] == b'+' && b.get(i + 1).is_some_and(u8::is_ascii_digit)) || b[i].is_ascii_digit();
        if !starts || (i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let mut j = i + usize::from(b[i] == b'+');
        let mut digits = 0;
        let mut end = j;
        while j < b.len() {
            if b[j].is_ascii_digit() {
                digits += 1;
                j += 1;
                end = j;
            } else if (matches!(b[j], b' ' | b'.' | b'-') && b.get(j + 1).is_some_and(u8::is_ascii_digit)) || matches!(b[j], b'(' | b')') {
                // A separator between digits, or brackets around an area code.
                j += 1;
            } else {
                break;
            }
        }
        let followed_by_letter = b.get(end).is_some_and(|c| c.is_ascii_alphabetic());
        let plausible = b[i] == b'+' || b[i] == b'0' || b[i] == b'(';
        if (9..=15).contains(&digits) && plausible && !followed_by_letter {
            out.push((i, end));
        }
        i = end.max(i + 1);
    }
    out
}

pub fn find_urls(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find("http").map(|p| p + from) {
        let rest = &text[pos..];
        let scheme = if rest.starts_with("https://") { 8 } else if rest.starts_with("http://") { 7 } else { 0 };
        if scheme == 0 {
            from = pos + 4;
            continue;
        }
        let mut e = pos + scheme;
        while e < b.len() && !b[e].is_ascii_whitespace() && b[e] >= 0x21 && !matches!(b[e], b'"' | b'<' | b'>') {
            e += 1;
        }
        while e > pos + scheme && matches!(b[e - 1], b'.' | b',' | b')' | b';' | b'!' | b'?') {
            e -= 1;
        }
        if e > pos + scheme {
            out.push((pos, e));
        }
        from = e.max(pos + 4);
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
    fn emails() {
        let t = "écris à jean.dupont+x@exemple.fr. ou @pseudo, ou a@b";
        assert_eq!(spans(t, find_emails(t)), ["jean.dupont+x@exemple.fr"]);
    }

    #[test]
    fn phones() {
        let t = "Appelle le 06 12 34 56 78 ou +225 0707123456, pas le 2024 ni 123456789012345678901.";
        assert_eq!(spans(t, find_phones(t)), ["06 12 34 56 78", "+225 0707123456"]);
    }

    #[test]
    fn urls() {
        let t = "voir (https://www.instagram.com/fake.profile_22/). et http://x.example";
        assert_eq!(spans(t, find_urls(t)), ["https://www.instagram.com/fake.profile_22/", "http://x.example"]);
    }
}
