//! `guide translate`: translations of a guide's pages, kept in `translations/<tag>/` as a
//! mirror of `content/`.

pub(crate) mod pin;
pub(crate) mod structure;
