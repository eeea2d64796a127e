//! Where the other person wants to continue: profile links written without `https://`
//! ("t.me/xxx", "instagram.com/xxx", "wa.me/33…") and handles given after a network's name
//! ("snap: xxx", "insta : @xxx", "skype: live:xxx"). Moving the victim to another app is a step
//! of the scam, and these names are what a platform or the police can trace.

/// Domains whose links name a person or a chat. Matched case-insensitively, after an optional
/// `www.`, `m.` or `web.`, and only when a path follows.
const PROFILE_DOMAINS: &[&str] = &[
    "t.me/", "telegram.me/", "wa.me/", "instagram.com/", "instagr.am/", "snapchat.com/", "facebook.com/", "fb.com/", "m.me/",
    "tiktok.com/", "twitter.com/", "x.com/", "discord.gg/", "discord.com/", "onlyfans.com/", "skype.com/",
];
const SUBDOMAINS: &[&str] = &["www.", "m.", "web."];

/// Names of networks after which, with a colon, comes a username.
const HANDLE_LABELS: &[&str] = &[
    "snap", "snapchat", "sc", "insta", "instagram", "ig", "telegram", "tg", "skype", "kik", "discord", "tiktok", "wickr", "threema", "signal",
];
const MAX_USERNAME: usize = 40;

/// Byte spans of scheme-less profile links, in order.
pub fn find_profile_links(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'.' | b'/' | b'@' | b'-' | b'_' | b':'));
        let host_end = if boundary && b[i].is_ascii_alphabetic() { profile_host_end(b, i) } else { None };
        let Some(path_start) = host_end else {
            i += 1;
            continue;
        };
        let mut e = path_start;
        while e < b.len() && b[e] > b' ' && b[e] != 0x7f && !matches!(b[e], b'"' | b'<' | b'>') {
            e += 1;
        }
        // Stopped at an ASCII byte or the end, so `e` is a character boundary; so is every
        // trimmed position, since only ASCII punctuation is trimmed.
        while e > path_start && matches!(b[e - 1], b'.' | b',' | b')' | b';' | b'!' | b'?' | b'\'' | b':') {
            e -= 1;
        }
        if e > path_start {
            out.push((i, e));
        }
        i = e.max(i + 1);
    }
    out
}

/// Just after the `/` of a profile domain starting at `start`, if one does.
fn profile_host_end(b: &[u8], start: usize) -> Option<usize> {
    let starts_with = |at: usize, s: &str| b.get(at..at + s.len()).is_some_and(|w| w.eq_ignore_ascii_case(s.as_bytes()));
    let host = SUBDOMAINS.iter().find(|s| starts_with(start, s)).map_or(start, |s| start + s.len());
    PROFILE_DOMAINS.iter().find(|d| starts_with(host, d)).map(|d| host + d.len())
}

/// Byte spans of "network: username" handles, label included (the network is half the
/// evidence), in order.
pub fn find_handles(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let word_start = b[i].is_ascii_alphabetic() && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        let handle_end = if word_start { handle_after_label(b, i) } else { None };
        match handle_end {
            Some(end) => {
                out.push((i, end));
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// The end of `label : username` starting at `start`, when the username stands on its own.
fn handle_after_label(b: &[u8], start: usize) -> Option<usize> {
    let mut j = start;
    while j < b.len() && b[j].is_ascii_alphabetic() {
        j += 1;
    }
    let label = &b[start..j];
    let skype = label.eq_ignore_ascii_case(b"skype");
    if !HANDLE_LABELS.iter().any(|l| label.eq_ignore_ascii_case(l.as_bytes())) {
        return None;
    }
    j = skip_spaces(b, j);
    if b.get(j) != Some(&b':') {
        return None;
    }
    j = skip_spaces(b, j + 1);
    let at_sign = b.get(j) == Some(&b'@');
    j += usize::from(at_sign);
    // Skype's newer account names start with "live:", often followed by ".cid.".
    let live = skype && b.get(j..j + 5).is_some_and(|w| w.eq_ignore_ascii_case(b"live:"));
    j += if live { 5 } else { 0 };
    let name_start = j;
    if !b.get(j).is_some_and(|&c| c.is_ascii_alphanumeric() || (live && c == b'.')) {
        return None;
    }
    while j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'.' | b'_' | b'-')) && j - name_start < MAX_USERNAME {
        j += 1;
    }
    while matches!(b[j - 1], b'.' | b'-' | b'_') {
        j -= 1;
    }
    let name = &b[name_start..j];
    // A link or an e-mail address continues here; those are read whole by their own finders.
    if j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'/' | b'@' | b'.' | b'_' | b'-' | b':') && b.get(j + 1).is_some_and(u8::is_ascii_alphanumeric)) {
        return None;
    }
    // "insta: ajoute moi" is a sentence, not a username: a plain word counts only when it is
    // marked with @, looks like a username, or ends the line.
    let looks_like_username = name.iter().any(|c| c.is_ascii_digit() || matches!(c, b'.' | b'_' | b'-'));
    let ends_line = matches!(b.get(skip_spaces(b, j)), None | Some(b'\n' | b'\r' | b'.' | b',' | b';' | b'!' | b'?' | b')'));
    (name.len() >= 2 && (at_sign || looks_like_username || ends_line)).then_some(j)
}

fn skip_spaces(b: &[u8], mut j: usize) -> usize {
    while j < b.len() && matches!(b[j], b' ' | b'\t') {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(text: &str) -> Vec<&str> {
        find_profile_links(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    fn handles(text: &str) -> Vec<&str> {
        find_handles(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn links_without_a_scheme() {
        let t = "écris-moi sur t.me/lea_douce22 ou wa.me/33612345678, (instagram.com/lea.douce) \
                 www.snapchat.com/add/leadouce, facebook.com/profile.php?id=100012345, tiktok.com/@lea.d et WWW.Instagram.com/LeaD.";
        assert_eq!(
            links(t),
            ["t.me/lea_douce22", "wa.me/33612345678", "instagram.com/lea.douce", "www.snapchat.com/add/leadouce", "facebook.com/profile.php?id=100012345", "tiktok.com/@lea.d", "WWW.Instagram.com/LeaD"]
        );
    }

    #[test]
    fn not_profile_links() {
        // Bare domains, look-alike domains, parts of other links or addresses, a file name.
        let t = "j'ai instagram.com et t.me ; fix.com/page ; myt.me/x ; https://t.me/x ; lea@t.me/x ; photo.facebook.com.jpg";
        assert_eq!(links(t), Vec::<&str>::new());
    }

    #[test]
    fn handles_after_a_network_name() {
        let t = "Snap: lea.douce22 ; insta : @lea_d ; sc:leadouce99 ; IG: lea.d ; telegram: @LeaDouce ; skype: live:.cid.4f2a91 ; mon snap : leadouce";
        assert_eq!(handles(t), ["Snap: lea.douce22", "insta : @lea_d", "sc:leadouce99", "IG: lea.d", "telegram: @LeaDouce", "skype: live:.cid.4f2a91", "snap : leadouce"]);
    }

    #[test]
    fn sentences_after_a_network_name_are_not_handles() {
        for t in [
            "mon insta: ajoute moi vite",
            "snap: non merci",
            "snapshot: lea22",
            "insta lea22",
            "insta: https://instagram.com/lea",
            "skype: lea@mail.example",
            "ig: a",
            "Rappel : snap",
        ] {
            assert_eq!(handles(t), Vec::<&str>::new(), "{t}");
        }
    }
}
