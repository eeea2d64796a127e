//! Identifiers worth keeping as evidence: Bitcoin addresses (checksum-validated), e-mail
//! addresses, phone numbers, links, amounts of money and payment references (Western Union MTCN,
//! PCS/Transcash/Neosurf coupon codes). Each comes with its byte span in the original text.

mod base58;
pub mod bitcoin;
mod contact;
mod money;

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    BitcoinAddress,
    Email,
    Phone,
    Url,
    Amount,
    PaymentCode,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Identifier {
    pub kind: IdentifierKind,
    /// As written in the text.
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// Every identifier in `text`, in order of position. Overlaps are resolved in favour of the more
/// specific kind (a Bitcoin address is not also reported as a payment code).
pub fn identifiers(text: &str) -> Vec<Identifier> {
    let text = &text[..floor_boundary(text, crate::text::MAX_TEXT_BYTES)];
    let mut found: Vec<(IdentifierKind, usize, usize)> = Vec::new();
    found.extend(bitcoin::find_addresses(text).into_iter().map(|(s, e)| (IdentifierKind::BitcoinAddress, s, e)));
    found.extend(contact::find_urls(text).into_iter().map(|(s, e)| (IdentifierKind::Url, s, e)));
    found.extend(contact::find_emails(text).into_iter().map(|(s, e)| (IdentifierKind::Email, s, e)));
    found.extend(money::find_payment_codes(text).into_iter().map(|(s, e)| (IdentifierKind::PaymentCode, s, e)));
    found.extend(contact::find_phones(text).into_iter().map(|(s, e)| (IdentifierKind::Phone, s, e)));
    found.extend(money::find_amounts(text).into_iter().map(|(s, e)| (IdentifierKind::Amount, s, e)));
    // Kept spans never overlap one another, so only the last one starting before a candidate's end
    // can overlap it: one ordered-map look-up per candidate keeps hostile text (thousands of
    // identifiers) linear-logarithmic instead of quadratic.
    let mut kept: std::collections::BTreeMap<usize, (IdentifierKind, usize)> = std::collections::BTreeMap::new();
    for (kind, s, e) in found {
        if s < e && !kept.range(..e).next_back().is_some_and(|(_, &(_, ke))| s < ke) {
            kept.insert(s, (kind, e));
        }
    }
    kept.into_iter().map(|(start, (kind, end))| Identifier { kind, value: text[start..end].to_string(), start, end }).collect()
}

pub(crate) fn floor_boundary(text: &str, max: usize) -> usize {
    if text.len() <= max {
        return text.len();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ransom_note_yields_every_kind() {
        let text = "Pay 950 USD to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, mail me at boss.x@mail.example or call +225 07 48 12 33 90. \
                    Coupon PCS 4829 1038 5521 0047, see https://scam.example/p?id=1";
        let kinds: Vec<IdentifierKind> = identifiers(text).into_iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            [IdentifierKind::Amount, IdentifierKind::BitcoinAddress, IdentifierKind::Email, IdentifierKind::Phone, IdentifierKind::PaymentCode, IdentifierKind::Url]
        );
    }

    #[test]
    fn values_are_the_original_text() {
        let text = "envoie 200€ ou 150 euros";
        let ids = identifiers(text);
        let values: Vec<&str> = ids.iter().map(|i| i.value.as_str()).collect();
        assert_eq!(values, ["200€", "150 euros"]);
        assert!(ids.iter().all(|i| &text[i.start..i.end] == i.value));
    }

    #[test]
    fn plain_text_has_none() {
        assert!(identifiers("on se voit demain à 18h30 ?").is_empty());
    }
}
