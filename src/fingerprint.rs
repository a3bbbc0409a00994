//! Fingerprints: 64-bit hashes of everything an output depends on, so a rebuild can tell
//! "same inputs" from "changed inputs" without keeping the inputs themselves.
//!
//! The hasher is foldhash's quality variant with a fixed seed: stable for the life of the
//! process, which is all a build session needs, and several times faster than SipHash on
//! the long strings hashed here (every page's source and HTML).

use std::hash::{BuildHasher, Hash, Hasher};

use foldhash::quality::{FixedState, FoldHasher};

use serde::Serialize;

/// Accumulates the parts of one fingerprint.
pub struct Fingerprint(FoldHasher<'static>);

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

impl Fingerprint {
    pub fn new() -> Self {
        const STATE: FixedState = FixedState::with_seed(0x6775_6964_6520_6670);
        Fingerprint(STATE.build_hasher())
    }

    /// Adds a value that implements `Hash`.
    pub fn with(mut self, value: impl Hash) -> Self {
        value.hash(&mut self.0);
        self
    }

    /// Adds a value through its JSON form: the same data templates receive.
    pub fn with_serialized(mut self, value: &impl Serialize) -> Self {
        // Writing into a hasher cannot fail, and these views always serialise.
        let _ = serde_json::to_writer(HashWriter(&mut self.0), value);
        // A separator, so two values cannot run into each other.
        0xFFu8.hash(&mut self.0);
        self
    }

    /// Adds a value through its `Debug` form, for data types without `Hash` or `Serialize`.
    pub fn with_debug(mut self, value: &impl std::fmt::Debug) -> Self {
        use std::io::Write;
        let _ = write!(HashWriter(&mut self.0), "{value:?}");
        0xFFu8.hash(&mut self.0);
        self
    }

    pub fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// Feeds written bytes into a hasher.
struct HashWriter<'a>(&'a mut FoldHasher<'static>);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_inputs_give_equal_fingerprints() {
        let a = Fingerprint::new()
            .with("x")
            .with_serialized(&vec![1, 2])
            .finish();
        let b = Fingerprint::new()
            .with("x")
            .with_serialized(&vec![1, 2])
            .finish();
        let c = Fingerprint::new()
            .with("x")
            .with_serialized(&vec![1, 3])
            .finish();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn serialized_values_do_not_run_together() {
        let a = Fingerprint::new()
            .with_serialized(&"ab")
            .with_serialized(&"c")
            .finish();
        let b = Fingerprint::new()
            .with_serialized(&"a")
            .with_serialized(&"bc")
            .finish();
        assert_ne!(a, b);
    }
}
