//! Keyword patterns the rules test line by line: the furniture vocabularies of
//! `lint_corpus/vocabulary/furniture.toml` (share bars, related-article headings, comment
//! shapes, menu entries, reference headings).
//!
//! They are large alternations of literal words with a little context. The `regex` crate
//! compiles each in a few milliseconds (Python's `regex` module took up to 50 ms for the
//! largest), finds their literals with Aho-Corasick prefilters and runs them on a lazy DFA.
//!
//! A Unicode word boundary (`\b`) is what makes them slow: the lazy DFA gives up on it at the
//! first non-ASCII byte, and a large alternation then runs on the PikeVM, 100 µs for a short
//! line (Python's `regex` module took as long). So each pattern with one also compiles a
//! *prefilter*, the same pattern with its word boundaries removed. Removing an assertion only
//! lets more texts match, so a text the prefilter rejects cannot match; the exact pattern runs
//! only on the few texts the prefilter accepts, and the answer is always the exact one. A
//! vocabulary is a top-level alternation: its entries without a word boundary (the Chinese,
//! Japanese and Korean words) compile on their own, so a line that holds one is answered by
//! the DFA alone.
//!
//! The syntax is the `regex` crate's: the Python fragments of `furniture.toml` keep their
//! meaning (`\s`, `\w`, `\d` and `\b` are Unicode-aware in both; case folding is simple in
//! both, except that Python's folds the Turkish dotted capital `İ` to `i` and this crate does
//! not, which no entry depends on), except that there are no look-arounds and `$` is the end
//! of the text only (the lines tested hold no line end).

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{self, Hir, HirKind, Look};
use regex_syntax::ParserBuilder;
use std::sync::OnceLock;

/// The most a pattern may compile to. The vocabularies compile to well under a megabyte; the
/// limit turns a runaway entry (a huge counted repetition) into an error, not into memory.
const SIZE_LIMIT_BYTES: usize = 16 << 20;

/// A regex compiled on first use. The exact forms of the patterns with word boundaries take
/// 10-20 ms each to compile and run only on the texts their prefilter accepts: a short run
/// (a pre-commit hook on one file) may never need them.
#[derive(Debug)]
struct Deferred {
    source: String,
    ignore_case: bool,
    compiled: OnceLock<Result<Regex, regex::Error>>,
}

impl Deferred {
    fn new(source: String, ignore_case: bool) -> Self {
        Self {
            source,
            ignore_case,
            compiled: OnceLock::new(),
        }
    }

    fn get(&self) -> Result<&Regex, regex::Error> {
        self.compiled
            .get_or_init(|| {
                RegexBuilder::new(&self.source)
                    .case_insensitive(self.ignore_case)
                    .size_limit(SIZE_LIMIT_BYTES)
                    .build()
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// One compiled keyword pattern.
#[derive(Debug)]
pub struct Pattern {
    regex: Deferred,
    /// The pattern without its Unicode word boundaries, when it has any.
    prefilter: Option<Regex>,
    /// For a top-level alternation with word boundaries: its entries without any, which
    /// answer `is_match` alone when they match, and its entries with some.
    split: Option<(Regex, Deferred)>,
}

impl Pattern {
    /// Compiles `pattern`, case-insensitively when asked. A syntax error is reported here; the
    /// exact form of a pattern with word boundaries compiles on first use, so its size limit
    /// is checked then.
    pub fn new(pattern: &str, ignore_case: bool) -> Result<Self, regex::Error> {
        let parsed = ParserBuilder::new()
            .case_insensitive(ignore_case)
            .build()
            .parse(pattern)
            .map_err(|error| regex::Error::Syntax(error.to_string()))?;
        let regex = Deferred::new(pattern.to_owned(), ignore_case);
        if !has_unicode_word_boundary(&parsed) {
            regex.get()?;
            return Ok(Self {
                regex,
                prefilter: None,
                split: None,
            });
        }
        // The case folding is already in the parsed classes: they compile as they print.
        let prefilter = Some(compiled(&without_unicode_word_boundaries(&parsed))?);
        let split = match parsed.kind() {
            HirKind::Alternation(entries) => {
                let (bounded, plain): (Vec<Hir>, Vec<Hir>) =
                    entries.iter().cloned().partition(has_unicode_word_boundary);
                if plain.is_empty() {
                    None
                } else {
                    Some((
                        compiled(&Hir::alternation(plain))?,
                        Deferred::new(Hir::alternation(bounded).to_string(), false),
                    ))
                }
            }
            _ => None,
        };
        Ok(Self {
            regex,
            prefilter,
            split,
        })
    }

    /// Whether the pattern matches anywhere in `text` (`^` anchors it at the start).
    pub fn is_match(&self, text: &str) -> Result<bool, regex::Error> {
        if !self.may_match(text) {
            return Ok(false);
        }
        match &self.split {
            Some((plain, bounded)) => Ok(plain.is_match(text) || bounded.get()?.is_match(text)),
            None => Ok(self.regex.get()?.is_match(text)),
        }
    }

    fn may_match(&self, text: &str) -> bool {
        self.prefilter
            .as_ref()
            .is_none_or(|prefilter| prefilter.is_match(text))
    }
}

fn compiled(node: &Hir) -> Result<Regex, regex::Error> {
    RegexBuilder::new(&node.to_string())
        .size_limit(SIZE_LIMIT_BYTES)
        .build()
}

fn is_unicode_word_boundary(look: Look) -> bool {
    matches!(
        look,
        Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
    )
}

fn has_unicode_word_boundary(node: &Hir) -> bool {
    match node.kind() {
        HirKind::Look(look) => is_unicode_word_boundary(*look),
        HirKind::Repetition(repetition) => has_unicode_word_boundary(&repetition.sub),
        HirKind::Capture(capture) => has_unicode_word_boundary(&capture.sub),
        HirKind::Concat(nodes) | HirKind::Alternation(nodes) => {
            nodes.iter().any(has_unicode_word_boundary)
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => false,
    }
}

/// `node` with every Unicode word boundary replaced by the empty pattern.
fn without_unicode_word_boundaries(node: &Hir) -> Hir {
    match node.kind() {
        HirKind::Look(look) if is_unicode_word_boundary(*look) => Hir::empty(),
        HirKind::Repetition(repetition) => Hir::repetition(hir::Repetition {
            sub: Box::new(without_unicode_word_boundaries(&repetition.sub)),
            ..repetition.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(hir::Capture {
            sub: Box::new(without_unicode_word_boundaries(&capture.sub)),
            ..capture.clone()
        }),
        HirKind::Concat(nodes) => {
            Hir::concat(nodes.iter().map(without_unicode_word_boundaries).collect())
        }
        HirKind::Alternation(nodes) => {
            Hir::alternation(nodes.iter().map(without_unicode_word_boundaries).collect())
        }
        _ => node.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_a_word_of_an_alternation_case_insensitively() {
        let pattern = Pattern::new(r"(?:相关报道|\bread\s+more\b)", true).unwrap();
        assert!(pattern.is_match("延伸：相关报道").unwrap());
        assert!(pattern.is_match("Click to READ  More").unwrap());
        assert!(!pattern.is_match("already more").unwrap());
        assert!(!pattern.is_match("thread more").unwrap());
    }

    #[test]
    fn anchors_hold_at_the_ends_of_the_text() {
        let pattern = Pattern::new(r"^[\s|｜]*(?:首页|home)[\s|｜]*$", true).unwrap();
        assert!(pattern.is_match(" | Home | ").unwrap());
        assert!(!pattern.is_match("首页 新闻").unwrap());
    }

    #[test]
    fn a_bad_pattern_is_an_error_not_a_panic() {
        assert!(Pattern::new("(?:unclosed", true).is_err());
        assert!(Pattern::new("a{1000}{1000}{1000}", false).is_err());
        // With a word boundary too: its prefilter is as large.
        assert!(Pattern::new(r"\bshare\b|\ba{1000}{1000}{1000}", false).is_err());
    }

    #[test]
    fn the_prefilter_never_decides_alone() {
        let pattern = Pattern::new(r"\bshare\b|分享", true).unwrap();
        assert!(pattern.prefilter.is_some());
        // The prefilter accepts these; the word boundaries reject them.
        assert!(!pattern.is_match("shareholders").unwrap());
        assert!(!pattern.is_match("点击share").unwrap());
        assert!(pattern.is_match("点击 Share").unwrap());
        assert!(pattern.is_match("請分享").unwrap());
        assert!(Pattern::new("分享", true).unwrap().prefilter.is_none());
        assert!(pattern.split.is_some());
    }

    proptest! {
        #[test]
        fn the_prefilter_keeps_every_match(text in "[a-zé分享 ]{0,12}(share|分享)?[a-zé分享 ]{0,12}") {
            let exact = Regex::new(r"(?i)\bshare\b|\b分享").unwrap();
            let pattern = Pattern::new(r"\bshare\b|\b分享", true).unwrap();
            prop_assert_eq!(pattern.is_match(&text).unwrap(), exact.is_match(&text));
        }

        #[test]
        fn answers_as_the_exact_pattern_on_any_text(text in "\\PC{0,80}") {
            let source = r"\b(?:share|分享|comment)s?\b|[0-9]+楼|^\s*home\s*$";
            let exact = Regex::new(&format!("(?i){source}")).unwrap();
            let pattern = Pattern::new(source, true).unwrap();
            prop_assert_eq!(pattern.is_match(&text).unwrap(), exact.is_match(&text));
        }
    }
}
