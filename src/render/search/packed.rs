//! Words of at most 8 bytes (most of them) packed into a number, their lowercase bytes in
//! order, and the table that finds a packed word's term number: a lookup happens once for
//! every word of every page, so it is an integer hash in open addressing.

/// A word of at most 8 bytes packed into a number.
pub(super) fn pack(word: &str) -> Option<u64> {
    let bytes = word.as_bytes();
    (bytes.len() <= 8).then(|| {
        let mut packed = [0; 8];
        packed[..bytes.len()].copy_from_slice(bytes);
        u64::from_le_bytes(packed)
    })
}

/// The `len` (at most 8) ASCII letters and digits at `from`, lowercased and packed as
/// [`pack`] packs them.
#[inline(always)]
pub(super) fn pack_ascii(bytes: &[u8], from: usize, len: usize) -> u64 {
    let mut packed = [0; 8];
    match bytes.get(from..from + 8) {
        Some(eight) => packed.copy_from_slice(eight),
        None => packed[..len].copy_from_slice(&bytes[from..from + len]),
    }
    let mask = u64::MAX >> (64 - 8 * len);
    // `| 0x20` lowercases an ASCII letter and leaves a digit as it is.
    (u64::from_le_bytes(packed) | 0x2020_2020_2020_2020) & mask
}

/// Words of at most 8 bytes, packed, with their terms' numbers: open addressing, as a
/// lookup happens once for every word of every page.
pub(super) struct ShortTable {
    /// Each slot's word and term number; a word of 0 for an empty slot (no word packs
    /// to 0).
    slots: Vec<(u64, u32)>,
    len: usize,
}

impl Default for ShortTable {
    fn default() -> ShortTable {
        ShortTable {
            slots: vec![(0, 0); 1024],
            len: 0,
        }
    }
}

impl ShortTable {
    #[inline(always)]
    pub(super) fn get(&self, key: u64) -> Option<u32> {
        let mask = self.slots.len().wrapping_sub(1);
        // Fibonacci hashing: the high bits of the product mix every byte of the word.
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize;
        loop {
            let (k, id) = self.slots[at & mask];
            if k == key {
                return Some(id);
            }
            if k == 0 {
                return None;
            }
            at += 1;
        }
    }

    pub(super) fn insert(&mut self, key: u64, id: u32) {
        if 2 * (self.len + 1) > self.slots.len() {
            let size = 2 * self.slots.len();
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
            self.len = 0;
            for (k, v) in old.into_iter().filter(|&(k, _)| k != 0) {
                self.insert(k, v);
            }
        }
        let mask = self.slots.len() - 1;
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask;
        while self.slots[at].0 != 0 && self.slots[at].0 != key {
            at = (at + 1) & mask;
        }
        if self.slots[at].0 == 0 {
            self.len += 1;
        }
        self.slots[at] = (key, id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_finds_every_word_it_was_given_as_it_grows() {
        let mut table = ShortTable::default();
        let words: Vec<u64> = (0..5000u32)
            .map(|n| pack(&format!("w{n}")).unwrap())
            .collect();
        for (id, &key) in (0..).zip(&words) {
            table.insert(key, id);
        }
        for (id, &key) in (0..).zip(&words) {
            assert_eq!(table.get(key), Some(id));
        }
        assert_eq!(table.get(pack("absent").unwrap()), None);
        assert_eq!(pack_ascii(b"Case-Manager", 5, 7), pack("manager").unwrap());
    }
}
