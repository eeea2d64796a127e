//! Identifiers worth keeping as evidence: crypto-currency addresses (Bitcoin and TRON
//! checksum-validated, Ethereum by shape), IBANs (mod-97 validated), e-mail addresses, phone
//! numbers, links (with or without `https://`), usernames given after a network's name, amounts
//! of money and payment references (Western Union MTCN, MoneyGram, PCS/Transcash/Neosurf/
//! Paysafecard coupons, gift-card codes). Each comes with its byte span in the original text.

mod base58;
pub mod bitcoin;
mod contact;
mod ethereum;
mod iban;
mod money;
mod payment_code;
mod social;
mod tron;
mod words;

use serde::Serialize;

/// Serialised in snake case ("bitcoin_address", "crypto_address"…): the names the extension's
/// evidence report knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    BitcoinAddress,
    /// Another crypto-currency's address: Ethereum (and its tokens, such as USDT ERC20) or TRON.
    CryptoAddress,
    /// An international bank account number.
    Iban,
    Email,
    Phone,
    Url,
    /// A handle on a named network, written with the network: "snap: lea.douce22".
    Username,
    Amount,
    PaymentCode,
}

impl IdentifierKind {
    /// The serialised name (for the WebAssembly surface, which writes objects without serde).
    pub fn as_str(self) -> &'static str {
        match self {
            IdentifierKind::BitcoinAddress => "bitcoin_address",
            IdentifierKind::CryptoAddress => "crypto_address",
            IdentifierKind::Iban => "iban",
            IdentifierKind::Email => "email",
            IdentifierKind::Phone => "phone",
            IdentifierKind::Url => "url",
            IdentifierKind::Username => "username",
            IdentifierKind::Amount => "amount",
            IdentifierKind::PaymentCode => "payment_code",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Identifier {
    pub kind: IdentifierKind,
    /// As written in the text.
    pub value: String,
    pub start: usize,
    pub end: usize,
}

/// A finder returns the byte spans of one kind of identifier, in order.
type Finder = fn(&str) -> Vec<(usize, usize)>;

/// Every identifier in `text`, in order of position. Overlaps are resolved in favour of the more
/// specific kind (a Bitcoin address is not also reported as a payment code).
pub fn identifiers(text: &str) -> Vec<Identifier> {
    let text = &text[..floor_boundary(text, crate::text::MAX_TEXT_BYTES)];
    let mut found: Vec<(IdentifierKind, usize, usize)> = Vec::new();
    // The order is the priority when spans overlap: checksum-validated shapes first, then links
    // and addresses read whole, then what is recognised by its label, then bare numbers.
    let finders: [(IdentifierKind, Finder); 11] = [
        (IdentifierKind::BitcoinAddress, bitcoin::find_addresses),
        (IdentifierKind::CryptoAddress, tron::find_addresses),
        (IdentifierKind::CryptoAddress, ethereum::find_addresses),
        (IdentifierKind::Iban, iban::find_ibans),
        (IdentifierKind::Url, contact::find_urls),
        (IdentifierKind::Url, social::find_profile_links),
        (IdentifierKind::Email, contact::find_emails),
        (IdentifierKind::Username, social::find_handles),
        (IdentifierKind::PaymentCode, payment_code::find_payment_codes),
        (IdentifierKind::Phone, contact::find_phones),
        (IdentifierKind::Amount, money::find_amounts),
    ];
    for (kind, find) in finders {
        found.extend(find(text).into_iter().map(|(s, e)| (kind, s, e)));
    }
    // Kept spans never overlap one another, so only the last one starting before a candidate's end
    // can overlap it: one ordered-map look-up per candidate keeps hostile text (thousands of
    // identifiers) linear-logarithmic instead of quadratic.
    let mut kept: std::collections::BTreeMap<usize, (IdentifierKind, usize)> = std::collections::BTreeMap::new();
    for (kind, s, e) in found {
        if s < e && kept.range(..e).next_back().is_none_or(|(_, &(_, ke))| s >= ke) {
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
        assert!(ids.iter().all(|i| text[i.start..i.end] == i.value));
    }

    #[test]
    fn every_new_way_to_pay_or_reach_someone() {
        let text = "Virement FR76 3000 4000 0312 3456 7890 143 ou USDT TRC20 TA4Y62o6YC2Zsck9rZVGTvqW1AQ7X9zTnj ou \
                    0x9f3A6b21c04E7d58a1B2c3D4e5F60718293a4B5c. Sinon Neosurf X7K2P9QL4M, numéro de transfert 829-103-7745, \
                    5k€ avant ce soir. Ajoute-moi : snap: lea.douce22 ou t.me/lea_douce22";
        let found: Vec<(IdentifierKind, &str)> = identifiers(text).iter().map(|i| (i.kind, &text[i.start..i.end])).collect();
        assert_eq!(
            found,
            [
                (IdentifierKind::Iban, "FR76 3000 4000 0312 3456 7890 143"),
                (IdentifierKind::CryptoAddress, "TA4Y62o6YC2Zsck9rZVGTvqW1AQ7X9zTnj"),
                (IdentifierKind::CryptoAddress, "0x9f3A6b21c04E7d58a1B2c3D4e5F60718293a4B5c"),
                (IdentifierKind::PaymentCode, "X7K2P9QL4M"),
                (IdentifierKind::PaymentCode, "829-103-7745"),
                (IdentifierKind::Amount, "5k€"),
                (IdentifierKind::Username, "snap: lea.douce22"),
                (IdentifierKind::Url, "t.me/lea_douce22"),
            ]
        );
    }

    #[test]
    fn kinds_have_the_names_the_extension_knows() {
        let names: Vec<String> = [IdentifierKind::CryptoAddress, IdentifierKind::Iban, IdentifierKind::Username, IdentifierKind::PaymentCode]
            .iter()
            .map(|k| serde_json::to_string(k).unwrap())
            .collect();
        assert_eq!(names, ["\"crypto_address\"", "\"iban\"", "\"username\"", "\"payment_code\""]);
        use IdentifierKind::*;
        for kind in [BitcoinAddress, CryptoAddress, Iban, Email, Phone, Url, Username, Amount, PaymentCode] {
            assert_eq!(serde_json::to_string(&kind).unwrap(), format!("{:?}", kind.as_str()));
        }
    }

    #[test]
    fn a_phone_number_near_a_payment_word_stays_a_phone_number() {
        let text = "envoie le code au 06 12 34 56 78, et le code MTCN 8291037745";
        let found: Vec<(IdentifierKind, &str)> = identifiers(text).iter().map(|i| (i.kind, &text[i.start..i.end])).collect();
        assert_eq!(found, [(IdentifierKind::Phone, "06 12 34 56 78"), (IdentifierKind::PaymentCode, "8291037745")]);
    }

    #[test]
    fn an_ordinary_conversation_has_no_payment_reference() {
        let text = "Coucou ! Le resto c'est 35 euros par personne, rdv le 12/05/2026 à 19h30. \
                    Mon numéro : 06 12 34 56 78. Le code de la porte est 4821B, et le wifi : maison2024. \
                    Commande Amazon 402-1234567-1234567 livrée, 3 boules de glace pour le dessert, insta: trop bien";
        let found: Vec<(IdentifierKind, &str)> = identifiers(text).iter().map(|i| (i.kind, &text[i.start..i.end])).collect();
        assert_eq!(found, [(IdentifierKind::Amount, "35 euros"), (IdentifierKind::Phone, "06 12 34 56 78")]);
    }

    #[test]
    fn plain_text_has_none() {
        assert!(identifiers("on se voit demain à 18h30 ?").is_empty());
    }
}
