//! Finding the next of a few bytes, sixteen bytes at a step. HTML has a tag every few dozen
//! bytes, so the attribute reader searches often and briefly: a general-purpose search
//! (memchr) spends more setting up each call than it saves on such short stretches.

/// The bytes after a `<` that may open a comment or raw text: `<!--`, `<?`, `<script`,
/// `<style`, `<title`, `<textarea`, `<iframe`, `<noembed`, `<noframes`, `<xmp`, in either
/// case.
const MAY_OPEN_RAW: [bool; 256] = {
    let mut table = [false; 256];
    let bytes = *b"!?stinxSTINX";
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    table
};

/// Where the attribute reader stops next from `from`: at an `=`, or at a `<` that may open a
/// comment or raw text.
pub(super) fn find_stop(html: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(window) = html.get(at..at + 17) {
        let block = window[..16].try_into().ok()?;
        let mut stops = block_hits(block, [b'=']);
        // A `<` every few dozen bytes: each is looked at alone, after the block.
        let mut open = block_hits(block, [b'<']);
        while open != 0 {
            let i = open.trailing_zeros();
            if MAY_OPEN_RAW[usize::from(window[i as usize + 1])] {
                stops |= 1 << i;
                break;
            }
            open &= open - 1;
        }
        if stops != 0 {
            return Some(at + stops.trailing_zeros() as usize);
        }
        at += 16;
    }
    (at..html.len()).find(|&i| match html[i] {
        b'=' => true,
        b'<' => html
            .get(i + 1)
            .is_some_and(|&b| MAY_OPEN_RAW[usize::from(b)]),
        _ => false,
    })
}

/// Where the last of `needles` is in `html[from..to]`.
pub(super) fn rfind<const N: usize>(
    html: &[u8],
    from: usize,
    to: usize,
    needles: [u8; N],
) -> Option<usize> {
    let mut end = to;
    while end >= from + 16 {
        let hits = block_hits(html[end - 16..end].try_into().ok()?, needles);
        if hits != 0 {
            return Some(end - 16 + (31 - hits.leading_zeros()) as usize);
        }
        end -= 16;
    }
    html[from..end]
        .iter()
        .rposition(|b| needles.contains(b))
        .map(|i| from + i)
}

/// Where the first of `needles` is in `html` from `from` on.
#[inline(always)]
pub(super) fn find<const N: usize>(html: &[u8], from: usize, needles: [u8; N]) -> Option<usize> {
    let mut at = from;
    while let Some(block) = html.get(at..at + 16) {
        let hits = block_hits(block.try_into().ok()?, needles);
        if hits != 0 {
            return Some(at + hits.trailing_zeros() as usize);
        }
        at += 16;
    }
    let tail = html.get(at..)?;
    tail.iter()
        .position(|b| needles.contains(b))
        .map(|i| at + i)
}

/// Bit `i` set where `block[i]` is white space or a control character (at most 0x20), for
/// other stages that scan text sixteen bytes at a step (a chapter's words).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(crate) fn space_mask(block: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_movemask_epi8, _mm_set1_epi8,
    };
    // SAFETY: as in `block_hits`. A byte is above 0x20 exactly where max(byte, 0x21) is
    // the byte itself.
    unsafe {
        let bytes = _mm_loadu_si128(block.as_ptr().cast());
        let above = _mm_cmpeq_epi8(_mm_max_epu8(bytes, _mm_set1_epi8(0x21)), bytes);
        !(_mm_movemask_epi8(above) as u32) & 0xFFFF
    }
}

/// [`space_mask`] a byte at a time, where SSE2 is not at hand.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
pub(crate) fn space_mask(block: &[u8; 16]) -> u32 {
    block
        .iter()
        .enumerate()
        .fold(0, |mask, (i, &b)| mask | (u32::from(b <= b' ') << i))
}

/// Bits set where `block` holds an ASCII letter or digit, and where it holds the apostrophe
/// or a byte of a character beyond ASCII: the search index cuts words sixteen bytes at a
/// step.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(crate) fn word_masks(block: &[u8; 16]) -> (u32, u32) {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: as in `block_hits`. Compared as signed bytes, every byte beyond ASCII is
    // negative, so below each range.
    unsafe {
        let bytes = _mm_loadu_si128(block.as_ptr().cast());
        let lower = _mm_or_si128(bytes, _mm_set1_epi8(0x20));
        let letter = _mm_and_si128(
            _mm_cmpgt_epi8(lower, _mm_set1_epi8(b'a' as i8 - 1)),
            _mm_cmplt_epi8(lower, _mm_set1_epi8(b'z' as i8 + 1)),
        );
        let digit = _mm_and_si128(
            _mm_cmpgt_epi8(bytes, _mm_set1_epi8(b'0' as i8 - 1)),
            _mm_cmplt_epi8(bytes, _mm_set1_epi8(b'9' as i8 + 1)),
        );
        let word = _mm_movemask_epi8(_mm_or_si128(letter, digit)) as u32;
        let apostrophe = _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(b'\'' as i8)));
        (word, (_mm_movemask_epi8(bytes) | apostrophe) as u32)
    }
}

/// [`word_masks`] a byte at a time, where SSE2 is not at hand.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
pub(crate) fn word_masks(block: &[u8; 16]) -> (u32, u32) {
    block
        .iter()
        .enumerate()
        .fold((0, 0), |(word, other), (i, &b)| {
            (
                word | (u32::from(b.is_ascii_alphanumeric()) << i),
                other | (u32::from(b >= 0x80 || b == b'\'') << i),
            )
        })
}

/// Bit `i` set where `block[i]` is one of `needles`, for other stages that scan text
/// sixteen bytes at a step.
#[inline(always)]
pub(crate) fn byte_mask<const N: usize>(block: &[u8; 16], needles: [u8; N]) -> u32 {
    block_hits(block, needles)
}

/// Bit `i` set where `block[i]` is one of `needles`: SSE2, which every x86-64 processor has.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn block_hits<const N: usize>(block: &[u8; 16], needles: [u8; N]) -> u32 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_setzero_si128,
    };
    // SAFETY: every x86-64 processor has SSE2, and `block` is sixteen readable bytes,
    // which this load reads without needing them aligned.
    unsafe {
        let bytes = _mm_loadu_si128(block.as_ptr().cast());
        let mut hits = _mm_setzero_si128();
        for needle in needles {
            hits = _mm_or_si128(hits, _mm_cmpeq_epi8(bytes, _mm_set1_epi8(needle as i8)));
        }
        _mm_movemask_epi8(hits) as u32
    }
}

/// Bit `i` set where `block[i]` is one of `needles`: eight bytes at a time in a `u64`.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn block_hits<const N: usize>(block: &[u8; 16], needles: [u8; N]) -> u32 {
    portable_block_hits(block, needles)
}

#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
#[inline(always)]
fn portable_block_hits<const N: usize>(block: &[u8; 16], needles: [u8; N]) -> u32 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let word_hits = |word: u64| {
        // The high bit of each byte that equals a needle: a byte of `word ^ needle` is
        // zero exactly there, and adding 0x7f to its low seven bits carries into its high
        // bit everywhere else.
        let mut zero_bytes = 0;
        for needle in needles {
            let x = word ^ (ONES * u64::from(needle));
            zero_bytes |= !(((x & LOW7) + LOW7) | x | LOW7);
        }
        // One bit per byte, in order: gather the high bits.
        let mut bits = 0u32;
        let mut high = zero_bytes;
        while high != 0 {
            bits |= 1 << (high.trailing_zeros() / 8);
            high &= high - 1;
        }
        bits
    };
    let (low, high) = block.split_at(8);
    let word = |half: &[u8]| u64::from_le_bytes(half.try_into().unwrap_or_default());
    word_hits(word(low)) | (word_hits(word(high)) << 8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_masks_mark_letters_digits_and_what_else_joins_words() {
        let block: [u8; 16] = *b"Az09 _'@[`{/:\xc3\xa9!";
        let (word, other) = word_masks(&block);
        let expected = |f: fn(u8) -> bool| {
            (block.iter().enumerate()).fold(0, |m, (i, &b)| m | (u32::from(f(b)) << i))
        };
        assert_eq!(word, expected(|b| b.is_ascii_alphanumeric()));
        assert_eq!(other, expected(|b| b >= 0x80 || b == b'\''));
    }

    #[test]
    fn finds_the_first_of_the_needles_across_blocks_and_in_the_tail() {
        let html = b"0123456789abcdef0123456789<bcdef=123>";
        assert_eq!(find(html, 0, [b'<']), Some(26));
        assert_eq!(find(html, 0, [b'=', b'>']), Some(32));
        assert_eq!(find(html, 33, [b'=', b'>']), Some(36));
        assert_eq!(find(html, 0, [b'"']), None);
        assert_eq!(find(html, html.len(), [b'<']), None);
        assert_eq!(find(b"", 0, [b'<']), None);
    }

    #[test]
    fn stops_at_equals_and_at_what_may_open_raw_text() {
        let html = b"<p><a class=x>0123456789<SCRIPT><span><!-- x --><?x<b";
        let stops: Vec<usize> =
            std::iter::successors(find_stop(html, 0), |&at| find_stop(html, at + 1)).collect();
        // `=`, `<S`, `<s`, `<!`, `<?`; not `<p`, `<a` or the final `<b`.
        assert_eq!(stops, [11, 24, 32, 38, 48]);
    }

    #[test]
    fn finds_the_last_of_the_needles() {
        let html = b"<a>0123456789abcdefghij<b x";
        assert_eq!(rfind(html, 0, html.len(), [b'<', b'>']), Some(23));
        assert_eq!(rfind(html, 0, 23, [b'<', b'>']), Some(2));
        assert_eq!(rfind(html, 3, 23, [b'<', b'>']), None);
        assert_eq!(rfind(html, 0, 0, [b'<']), None);
    }

    #[test]
    fn the_portable_search_agrees_with_the_vector_one() {
        // Every byte value at every position of a block, among others.
        for byte in 0..=255u8 {
            for at in 0..16 {
                let mut block = [b'a'; 16];
                block[at] = byte;
                block[(at + 7) % 16] = b'=';
                for needles in [[b'<', b'='], [byte, b'"'], [0xff, 0x80]] {
                    let expected = block
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| needles.contains(b))
                        .fold(0u32, |bits, (i, _)| bits | 1 << i);
                    assert_eq!(portable_block_hits(&block, needles), expected);
                    assert_eq!(block_hits(&block, needles), expected);
                }
            }
        }
    }
}
