//! Fingerprints: 64-bit hashes of everything an output depends on, so a rebuild can tell
//! "same inputs" from "changed inputs" without keeping the inputs themselves.
//!
//! The hasher is foldhash's quality variant with a fixed seed: stable for the life of the
//! process, which is all a build session needs, and several times faster than SipHash on
//! the long strings hashed here (every page's source and HTML).
//!
//! A value whose JSON form fails to be written fingerprints as changed, always: a cache
//! that kept what it made from the last value would hide the failure.

use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use foldhash::quality::{FixedState, FoldHasher};

use serde::Serialize;

/// Accumulates the parts of one fingerprint.
pub(crate) struct Fingerprint(FoldHasher<'static>);

/// Separates one serialised part from the next. JSON and `Debug` forms are UTF-8, which
/// never holds this byte (nor [`FAILED`]), so two parts cannot run into each other.
const SEPARATOR: u8 = 0xFF;
/// Marks a part whose form failed to be written.
const FAILED: u8 = 0xFE;

impl Default for Fingerprint {
    fn default() -> Self {
        Self::new()
    }
}

impl Fingerprint {
    pub(crate) fn new() -> Self {
        const STATE: FixedState = FixedState::with_seed(0x6775_6964_6520_6670);
        Fingerprint(STATE.build_hasher())
    }

    /// Adds a value that implements `Hash`.
    pub(crate) fn with(mut self, value: impl Hash) -> Self {
        value.hash(&mut self.0);
        self
    }

    /// Adds a value through its JSON form: the same data templates receive.
    ///
    /// Writing into the hasher cannot fail, but serialising can (a map whose keys JSON has
    /// no form for, a `Serialize` that returns an error): see [`Fingerprint::failed`].
    pub(crate) fn with_serialized(mut self, value: &impl Serialize) -> Self {
        if let Err(e) = serde_json::to_writer(HashWriter(&mut self.0), value) {
            self.failed(&e);
        }
        SEPARATOR.hash(&mut self.0);
        self
    }

    /// Adds a value through its `Debug` form, for data types without `Hash` or `Serialize`.
    pub(crate) fn with_debug(mut self, value: &impl std::fmt::Debug) -> Self {
        use std::io::Write;
        // Nothing to ignore: writing into the hasher cannot fail, and a `Debug` that
        // returns an error makes `write!` panic (the test below holds std to that).
        let _ = write!(HashWriter(&mut self.0), "{value:?}");
        SEPARATOR.hash(&mut self.0);
        self
    }

    /// Makes a fingerprint whose part failed to be written equal to no other: not to a
    /// value that was written (a marker no written form holds, then the error), and not to
    /// another failure, even of the same value (a number no other failure in the process
    /// gets). A caller that compares fingerprints to skip work therefore never skips it for
    /// a value that does not serialise, and never keeps, unnoticed, what it made from an
    /// earlier value: it does the work again, and meets the failure there if that work
    /// serialises the value too (`render::set_globals` hands the same values to Tera, whose
    /// `Context::insert` panics on a value it cannot serialise).
    fn failed(&mut self, error: &dyn std::fmt::Display) {
        static FAILURES: AtomicU64 = AtomicU64::new(0);
        FAILED.hash(&mut self.0);
        error.to_string().hash(&mut self.0);
        FAILURES.fetch_add(1, Ordering::Relaxed).hash(&mut self.0);
    }

    pub(crate) fn finish(&self) -> u64 {
        self.0.finish()
    }
}

/// A hash of `bytes` that is the same on every platform and in every version of guide, for
/// hashes written into files (translations' source pins). [`Fingerprint`] is not: foldhash
/// reads bytes in native order, multiplies differently on 32-bit targets and may change
/// between releases. This is FNV-1a, then MurmurHash3's finaliser so that every bit of the
/// result depends on every byte, and a hash cut short is as good as any other part.
pub(crate) fn stable(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
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

    /// Pins written into files depend on these values: they must never change.
    #[test]
    fn stable_hashes_never_change() {
        // Worked out apart from this code (FNV-1a 64, then fmix64).
        assert_eq!(stable(b""), 0xefd0_1f60_ba99_2926);
        assert_eq!(stable(b"a"), 0x82a2_a958_a9be_ce5b);
        assert_eq!(stable("Como se comparan".as_bytes()), 0x65af_daef_60fe_36e3);
    }

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

    /// Serialises as the start of a list, `["x"`, then fails.
    struct FailsAfterX;

    impl Serialize for FailsAfterX {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::{Error, SerializeSeq};
            let mut seq = serializer.serialize_seq(None)?;
            seq.serialize_element("x")?;
            Err(S::Error::custom("cannot go on"))
        }
    }

    #[test]
    fn a_value_that_fails_to_serialise_equals_nothing_else() {
        let failing = || Fingerprint::new().with_serialized(&FailsAfterX).finish();
        // Not the same value's next time, nor a value that writes what it wrote before
        // failing, nor `null`.
        assert_ne!(failing(), failing());
        let prefix = Fingerprint::new().with_serialized(&vec!["x"]).finish();
        let null = Fingerprint::new().with_serialized(&()).finish();
        assert_ne!(failing(), prefix);
        assert_ne!(failing(), null);
        // A map whose keys JSON has no form for fails the same way.
        let map: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        let map_print = || Fingerprint::new().with_serialized(&map).finish();
        assert_ne!(map_print(), map_print());
    }

    #[test]
    #[should_panic(expected = "formatting trait implementation returned an error")]
    fn a_debug_form_that_fails_is_not_ignored() {
        struct FailsToFormat;
        impl std::fmt::Debug for FailsToFormat {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("x")?;
                Err(std::fmt::Error)
            }
        }
        Fingerprint::new().with_debug(&FailsToFormat);
    }
}
