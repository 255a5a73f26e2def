//! The native core of lint-corpus: the per-document line table and the built-in rules' hot
//! paths, computed in one call per document. The Python package reaches it only through
//! `lint_corpus/native.py`; the bindings are in `python.rs` (feature `python`).

pub mod chars;
pub mod credits;
pub mod duplicates;
pub mod features;
pub mod lines;
pub mod patterns;
mod tables;
pub mod text;
pub mod trailer;
pub mod whitespace;

#[cfg(feature = "python")]
mod python;
