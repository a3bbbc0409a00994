//! A session's builds as the tests compare them: every output's bytes, a seeded random
//! source for sequences of edits, and the options of a build that writes nothing.

use std::collections::BTreeMap;
use std::fs;

use guide::{Build, BuildOptions, Diagnostics};

use super::SiteTest;

pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Every output file and its bytes, assets read from their sources.
pub(crate) fn files_of(build: &Build) -> BTreeMap<String, Vec<u8>> {
    let mut files: BTreeMap<String, Vec<u8>> = build
        .outputs
        .iter()
        .map(|o| (o.path.clone(), o.body.to_bytes().to_vec()))
        .collect();
    for asset in &build.site.assets {
        files.insert(asset.path.clone(), fs::read(&asset.source).unwrap());
    }
    files
}

pub(crate) fn outcome(
    result: Result<Build, Diagnostics>,
) -> Result<(BTreeMap<String, Vec<u8>>, Build), String> {
    result.map(|b| (files_of(&b), b)).map_err(|d| d.to_string())
}

pub(crate) fn options(site: &SiteTest) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        write: false,
        ..BuildOptions::default()
    }
}
