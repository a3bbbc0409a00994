//! The random choices every generator makes, from one seeded generator, so that a case is a
//! function of its seed alone and a failure can be replayed.

pub(crate) struct Pick {
    rng: fastrand::Rng,
    /// Only valid input: a case made so must build.
    pub sane: bool,
    /// Counts up to make names and ids that no other part of the case uses.
    counter: usize,
}

impl Pick {
    pub(crate) fn new(seed: u64) -> Self {
        let mut rng = fastrand::Rng::with_seed(seed);
        let sane = rng.u8(..100) < 35;
        Pick {
            rng,
            sane,
            counter: 0,
        }
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.rng.usize(..n)
    }

    /// True `percent` times out of a hundred.
    pub(crate) fn chance(&mut self, percent: u8) -> bool {
        self.rng.u8(..100) < percent
    }

    pub(crate) fn one<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// One of `good`; in a wild case, one of `bad` in about one draw out of `1/percent`.
    pub(crate) fn good_or<'a>(
        &mut self,
        good: &[&'a str],
        bad: &[&'a str],
        percent: u8,
    ) -> &'a str {
        if !self.sane && self.chance(percent) {
            self.one(bad)
        } else {
            self.one(good)
        }
    }

    /// A fresh number for names that must not collide.
    pub(crate) fn unique(&mut self) -> usize {
        self.counter += 1;
        self.counter
    }

    /// Whether a wild case breaks something here (never in a sane case).
    pub(crate) fn wild(&mut self, percent: u8) -> bool {
        !self.sane && self.chance(percent)
    }
}
