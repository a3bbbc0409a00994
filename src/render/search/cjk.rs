//! Chinese and Japanese are written without spaces between words (and Korean joins its
//! particles to its words), so a run of Han ideographs, kana or Hangul syllables is indexed
//! as its overlapping pairs of characters: "相談窓口" as "相談", "談窓" and "窓口". The search
//! script cuts a query alike, so a query of two or more such characters finds the pages
//! that hold them in sequence; a run of one character is that character. Letters and
//! digits next to the run are a word of their own ("LCSW資格" is "lcsw" and "資格"). The
//! pairs are neither stemmed nor folded: folding would take the voicing marks off kana
//! ("が" is "か" and a combining mark) and turn Hangul syllables into their letters.

/// Whether `c` is written without spaces between words: Han ideographs (with 々, 〆 and 〇),
/// Hiragana, Katakana (half-width too) and Hangul syllables. The search script's `CJK`
/// lists the same ranges; every letter in them is a letter to both.
#[inline]
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}'..='\u{3007}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{323AF}')
}

/// Whether a word as `each_word` gives it is a pair (or a lone character) of a CJK run.
pub(crate) fn is_cjk_word(word: &str) -> bool {
    word.chars().next().is_some_and(is_cjk)
}

/// Cuts `raw`, a run of letters, digits and apostrophes that holds a CJK character, into
/// lowercase words and pairs, in order, calling `f` on each. Apostrophes are dropped before
/// anything is cut, as the search script drops them.
#[cold]
pub(super) fn each_word(raw: &str, f: &mut impl FnMut(&str)) {
    let mut word = String::new();
    let mut run = String::new();
    for c in raw.chars() {
        match c {
            '\'' | '’' => {}
            c if is_cjk(c) => {
                if !word.is_empty() {
                    f(&word);
                    word.clear();
                }
                run.push(c);
            }
            c => {
                pairs(&run, f);
                run.clear();
                word.extend(c.to_lowercase());
            }
        }
    }
    pairs(&run, f);
    if !word.is_empty() {
        f(&word);
    }
}

/// The overlapping pairs of a run of CJK characters, or its one character.
fn pairs(run: &str, f: &mut impl FnMut(&str)) {
    let mut starts = run.char_indices().map(|(at, _)| at).chain([run.len()]);
    let (Some(mut from), Some(mut to)) = (starts.next(), starts.next()) else {
        return;
    };
    if to == run.len() {
        return f(run);
    }
    for end in starts {
        f(&run[from..end]);
        (from, to) = (to, end);
    }
}

#[cfg(test)]
mod tests {
    use super::super::words::words;

    /// Each string with the words `words` (and the search script's `words`) cut it into:
    /// `tests/fixtures/cjk_words.json`, which the browser tests run through the script too.
    #[test]
    fn runs_are_cut_into_pairs_and_other_letters_into_words() {
        let cases: Vec<(String, Vec<String>)> =
            serde_json::from_str(include_str!("../../../tests/fixtures/cjk_words.json")).unwrap();
        assert!(cases.len() >= 8);
        for (text, expected) in cases {
            assert_eq!(words(&text), expected, "{text}");
        }
    }

    #[test]
    fn only_han_kana_and_hangul_are_cut_into_pairs() {
        for c in ['漢', 'ひ', 'カ', 'ｶ', 'ー', '々', '한', '𠀋'] {
            assert!(super::is_cjk(c), "{c}");
        }
        for c in ['a', 'é', 'ж', '。', '、', '「', 'Ａ', 'ㄱ'] {
            assert!(!super::is_cjk(c), "{c}");
        }
    }
}
