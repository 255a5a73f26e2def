//! Keyword patterns the rules test line by line: the furniture vocabularies (share bars,
//! related-article headings, comment shapes, menu entries) and the credit and header labels.
//!
//! They are large alternations of literal words with a little context. The `regex` crate
//! compiles each in a millisecond or two (Python's `regex` module took 5–25 ms each, most of a
//! pre-commit run's start-up), finds their literals with Aho-Corasick prefilters and runs
//! them on a lazy DFA.
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
//! both), except that there are no look-arounds and `$` is the end of the text only (the lines
//! tested hold no line end).

use regex::{Regex, RegexBuilder};
use regex_syntax::hir::{self, Hir, HirKind, Look};
use regex_syntax::ParserBuilder;

/// The most a pattern may compile to. The vocabularies compile to well under a megabyte; the
/// limit turns a runaway entry (a huge counted repetition) into an error at load, not into
/// memory.
const SIZE_LIMIT_BYTES: usize = 16 << 20;

/// One compiled keyword pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    regex: Regex,
    /// The pattern without its Unicode word boundaries, when it has any.
    prefilter: Option<Regex>,
    /// For a top-level alternation with word boundaries: its entries without any, which
    /// answer `is_match` alone when they match, and its entries with some.
    split: Option<(Regex, Regex)>,
}

impl Pattern {
    /// Compiles `pattern`, case-insensitively when asked.
    pub fn new(pattern: &str, ignore_case: bool) -> Result<Self, regex::Error> {
        let regex = RegexBuilder::new(pattern)
            .case_insensitive(ignore_case)
            .size_limit(SIZE_LIMIT_BYTES)
            .build()?;
        // The pattern parsed without error just above, so it parses here too.
        let parsed = ParserBuilder::new()
            .case_insensitive(ignore_case)
            .build()
            .parse(pattern)
            .map_err(|error| regex::Error::Syntax(error.to_string()))?;
        if !has_unicode_word_boundary(&parsed) {
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
                        compiled(&Hir::alternation(bounded))?,
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
    pub fn is_match(&self, text: &str) -> bool {
        if !self.may_match(text) {
            return false;
        }
        match &self.split {
            Some((plain, bounded)) => plain.is_match(text) || bounded.is_match(text),
            None => self.regex.is_match(text),
        }
    }

    /// The character offsets (start, end) of the leftmost match in `text`.
    pub fn find(&self, text: &str) -> Option<(usize, usize)> {
        if !self.may_match(text) {
            return None;
        }
        let found = self.regex.find(text)?;
        let start = text[..found.start()].chars().count();
        let end = start + found.as_str().chars().count();
        Some((start, end))
    }
}

impl Pattern {
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
        assert!(pattern.is_match("延伸：相关报道"));
        assert!(pattern.is_match("Click to READ  More"));
        assert!(!pattern.is_match("already more"));
        assert!(!pattern.is_match("thread more"));
    }

    #[test]
    fn anchors_hold_at_the_ends_of_the_text() {
        let pattern = Pattern::new(r"^[\s|｜]*(?:首页|home)[\s|｜]*$", true).unwrap();
        assert!(pattern.is_match(" | Home | "));
        assert!(!pattern.is_match("首页 新闻"));
    }

    #[test]
    fn offsets_are_characters_not_bytes() {
        let pattern = Pattern::new("推荐", false).unwrap();
        assert_eq!(pattern.find("为你推荐阅读"), Some((2, 4)));
        assert_eq!(pattern.find("nothing"), None);
    }

    #[test]
    fn a_bad_pattern_is_an_error_not_a_panic() {
        assert!(Pattern::new("(?:unclosed", true).is_err());
        assert!(Pattern::new("a{1000}{1000}{1000}", false).is_err());
    }

    #[test]
    fn the_prefilter_never_decides_alone() {
        let pattern = Pattern::new(r"\bshare\b|分享", true).unwrap();
        assert!(pattern.prefilter.is_some());
        // The prefilter accepts these; the word boundaries reject them.
        assert!(!pattern.is_match("shareholders"));
        assert!(!pattern.is_match("点击share"));
        assert!(pattern.is_match("点击 Share"));
        assert!(pattern.is_match("請分享"));
        assert!(Pattern::new("分享", true).unwrap().prefilter.is_none());
        assert!(pattern.split.is_some());
    }

    proptest! {
        #[test]
        fn the_prefilter_keeps_every_match(text in "[a-zé分享 ]{0,12}(share|分享)?[a-zé分享 ]{0,12}") {
            let exact = Regex::new(r"(?i)\bshare\b|\b分享").unwrap();
            let pattern = Pattern::new(r"\bshare\b|\b分享", true).unwrap();
            prop_assert_eq!(pattern.is_match(&text), exact.is_match(&text));
        }

        #[test]
        fn find_agrees_with_is_match_on_any_text(text in "\\PC{0,80}") {
            let pattern = Pattern::new(r"\b(?:share|分享|comment)s?\b|[0-9]+楼", true).unwrap();
            let found = pattern.find(&text);
            prop_assert_eq!(found.is_some(), pattern.is_match(&text));
            if let Some((start, end)) = found {
                prop_assert!(start < end && end <= text.chars().count());
            }
        }
    }
}
