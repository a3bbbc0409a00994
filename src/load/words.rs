//! How many words a chapter has, for its reading time. Counted once, as the chapter is
//! loaded, over the bytes of its Markdown body: a word is a run of characters between
//! white space that holds at least one letter or digit (any non-ASCII character counts as
//! one), so Markdown's own marks (`#`, `-`, `|`, `>`) are not words, while a link counts
//! its text and its URL as the one word they are written as. One pass, no allocation.

/// The words of `text`.
pub(crate) fn count(text: &str) -> usize {
    let mut words = 0;
    let mut in_word_with_letter = false;
    for &byte in text.as_bytes() {
        if byte.is_ascii_whitespace() {
            words += usize::from(in_word_with_letter);
            in_word_with_letter = false;
        } else if byte.is_ascii_alphanumeric() || byte >= 0x80 {
            in_word_with_letter = true;
        }
    }
    words + usize::from(in_word_with_letter)
}

/// Words read in a minute: the usual figure for reading to learn, where 238 is the mean
/// for non-fiction read silently; a guide is read more slowly than a novel.
pub(crate) const WORDS_A_MINUTE: usize = 200;

/// The whole minutes `words` take to read, at least one.
pub(crate) fn minutes(words: usize) -> usize {
    words.div_ceil(WORDS_A_MINUTE).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_marks_are_not_words() {
        assert_eq!(count(""), 0);
        assert_eq!(count("## A heading\n\n- one\n- two\n"), 4);
        assert_eq!(count("| a | b |\n|---|---|\n> quoted [link](x.md)."), 4);
        assert_eq!(count("Straße über 42"), 3);
        assert_eq!((minutes(0), minutes(200), minutes(201)), (1, 1, 2));
    }
}
