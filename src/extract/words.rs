//! Runs of ASCII letters and digits, the shape every address is written in: an address is a
//! whole word or nothing, so "x0xABC…" or an address glued to more letters is not one.

/// Byte spans of the maximal runs of ASCII alphanumerics in `text`, in order. They start and end
/// next to ASCII bytes or the text's ends, so they always lie on character boundaries.
pub fn alphanumeric_words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        Some((start, i))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_anything_else() {
        let t = "é0xAB-cd 12 ";
        let words: Vec<&str> = alphanumeric_words(t).map(|(s, e)| &t[s..e]).collect();
        assert_eq!(words, ["0xAB", "cd", "12"]);
        assert_eq!(alphanumeric_words("").count(), 0);
        assert_eq!(alphanumeric_words("…!").count(), 0);
    }
}
