//! Detection and lossless repair of mojibake: UTF-8 text that some tool decoded
//! as a legacy single-byte code page (Mac Roman, Windows-1252) and saved again
//! as UTF-8, so that `🔴` reads `üî¥` and `→` reads `‚Üí`.
//!
//! The repair maps every character back to its code-page byte and decodes the
//! bytes as UTF-8. It is applied only when it is lossless for the whole file:
//! every character must exist in the code page and the bytes must be valid UTF-8.
//! Genuine non-ASCII text almost never survives that test (a lone `é` becomes a
//! stray continuation byte), so the check doubles as the detector.

use encoding_rs::{EncoderResult, Encoding, MACINTOSH, WINDOWS_1252};
use serde::{Deserialize, Serialize};

/// The code page a mojibake file was mis-decoded with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CodePage {
    MacRoman,
    Windows1252,
}

impl CodePage {
    fn encoding(self) -> &'static Encoding {
        match self {
            CodePage::MacRoman => MACINTOSH,
            CodePage::Windows1252 => WINDOWS_1252,
        }
    }

    /// A human name for messages.
    pub fn label(self) -> &'static str {
        match self {
            CodePage::MacRoman => "Mac Roman",
            CodePage::Windows1252 => "Windows-1252",
        }
    }
}

/// A successful repair: the text as it was meant to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub text: String,
    pub code_page: CodePage,
    /// How many characters the repair changed (mojibake runs collapsed).
    pub changed_chars: usize,
}

/// Returns the repaired text if `text` is mojibake in one of the known code
/// pages, `None` if it is plain ASCII, genuine UTF-8, or not losslessly repairable.
pub fn repair(text: &str) -> Option<Repair> {
    if text.is_ascii() {
        return None;
    }
    [CodePage::MacRoman, CodePage::Windows1252]
        .into_iter()
        .find_map(|code_page| repair_with(text, code_page))
}

fn repair_with(text: &str, code_page: CodePage) -> Option<Repair> {
    // Stop at the first character the code page lacks: genuine UTF-8 text
    // (an emoji, a box-drawing line) usually has one early.
    let mut encoder = code_page.encoding().new_encoder();
    let mut bytes = vec![0; text.len()];
    let (result, read, written) =
        encoder.encode_from_utf8_without_replacement(text, &mut bytes, true);
    if result != EncoderResult::InputEmpty || read != text.len() {
        return None;
    }
    bytes.truncate(written);
    let repaired = String::from_utf8(bytes).ok()?;
    if repaired == text {
        return None;
    }
    // Lossless both ways: decoding the repaired bytes with the code page must
    // give back exactly the text we were handed.
    let (round_trip, _) = code_page
        .encoding()
        .decode_without_bom_handling(repaired.as_bytes());
    if round_trip != text {
        return None;
    }
    let changed_chars = text.chars().count() - repaired.chars().count();
    Some(Repair {
        text: repaired,
        code_page,
        changed_chars,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn garble(text: &str, code_page: CodePage) -> String {
        code_page
            .encoding()
            .decode_without_bom_handling(text.as_bytes())
            .0
            .into_owned()
    }

    #[test]
    fn repairs_mac_roman_emoji_and_arrows() {
        let original = "**Difficulty:** 🔴 Hard → see “notes”";
        let garbled = garble(original, CodePage::MacRoman);
        assert!(garbled.contains("üî¥"), "{garbled}");
        let repair = repair(&garbled).expect("repairable");
        assert_eq!(repair.text, original);
        assert_eq!(repair.code_page, CodePage::MacRoman);
        assert!(repair.changed_chars > 0);
    }

    #[test]
    fn repairs_windows_1252() {
        let original = "It’s a café — naïve";
        let garbled = garble(original, CodePage::Windows1252);
        assert!(garbled.contains("â€™"), "{garbled}");
        let repair = repair(&garbled).expect("repairable");
        assert_eq!(repair.text, original);
        assert_eq!(repair.code_page, CodePage::Windows1252);
    }

    #[test]
    fn leaves_genuine_utf8_alone() {
        for text in [
            "plain ascii",
            "Bayes’ Theorem",
            "🔴 Hard",
            "café — ½ — ü",
            "┌──┐ │ └──┘ ✅",
        ] {
            assert_eq!(repair(text), None, "{text}");
        }
    }

    #[test]
    fn mixed_file_is_not_repaired() {
        // Half garbled, half genuine: no single code page repairs it losslessly.
        let mixed = format!("{} and 🔴", garble("→", CodePage::MacRoman));
        assert_eq!(repair(&mixed), None);
    }
}
