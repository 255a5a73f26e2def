//! The trailer analysis' per-line text features (`lint_corpus/trailer.py`): what a line is —
//! a furniture marker, a URL or date, prose, code, a headline, or text — judged from its text
//! alone, for many lines in one call.
//!
//! The scores each kind of line gets, and the analysis that sums them, stay in Python; so do
//! the two thresholds it shares with them (`Thresholds`). The furniture vocabularies arrive
//! compiled (`patterns.rs`). The other patterns are the Python definitions' (kept as the
//! reference in `tests/equivalence/plain_definitions.py`): none has a look-around, `$` is
//! written `credits::END`, and their classes differ from the `regex` module's only as
//! `credits.rs` says.

use crate::chars;
use crate::credits::{self, head, longer_than, tail, CREDIT_MAX_CHARS, END, HEAD_CHARS};
use crate::patterns::Pattern;
use crate::text::is_python_space;
use regex::Regex;
use std::sync::{Arc, OnceLock};

/// What a line is, as the trailer scores it (the Python side maps each to its scores).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// A short finished sentence or a long unfinished line: mildly article-like.
    Text = 0,
    /// Code, markup or a line of symbols.
    Code = 1,
    /// A headline, menu entry or button.
    Link = 2,
    /// A finished sentence of prose length.
    Prose = 3,
    /// A bare URL or date.
    UrlOrDate = 4,
    /// A button, section label or a line in the page's voice ("Share", "Follow us on …").
    Marker = 5,
    /// The heading of a block of related articles ("Related", "更多文章").
    RelatedMarker = 6,
}

/// The furniture vocabularies (`lint_corpus/vocabulary/furniture.toml`), compiled as the
/// trailer places them: buttons anywhere, related-article headings at the start, furniture
/// sentences at the start, comment shapes anywhere.
#[derive(Clone, Debug)]
pub struct Vocabulary {
    pub buttons: Arc<Pattern>,
    pub related: Arc<Pattern>,
    pub sentences: Arc<Pattern>,
    pub comments: Arc<Pattern>,
}

/// The thresholds the Python analysis compares these features with too: named and explained
/// there (`trailer.PROSE_WORDS`, `trailer.BLURB_WORDS`).
#[derive(Clone, Copy, Debug)]
pub struct Thresholds {
    /// A finished line this long (in words) is prose.
    pub prose_words: u32,
    /// A line cut with an ellipsis is a teaser only up to this long.
    pub blurb_words: u32,
}

/// A button or section label ("Share", "Comments", "分享到：") is a few words at most ...
const MARKER_MAX_WORDS: u32 = 6;
/// ... and six words of Latin text rarely pass 60 characters: lines over 80 skip the count.
const MARKER_MAX_CHARS: usize = 80;
/// A related-articles marker may carry a headline of its own ("Related: Storm hits the coast
/// as …"); a longer line is prose that mentions related stories.
const RELATED_MARKER_MAX_WORDS: u32 = 40;
/// Headlines, menu entries and buttons stay below this many words; a longer line is text.
const LINK_MAX_WORDS: u32 = 30;
/// A Latin-script line this long holding a finished sentence and then more text is prose (an
/// author's bio) even when its last sentence is unfinished: headlines are one phrase. Not CJK:
/// teaser snippets there are cut at a fixed length, full stops and all.
const TWO_SENTENCE_MIN_WORDS: u32 = 12;
/// Each of the two sentences is a clause of this many words at least: a caption's quote with
/// a short remark ("… upper half. Yup," scouted by X) is still one item of a list.
const TWO_SENTENCE_MIN_PART_WORDS: usize = 6;
/// A finished sentence this short is a button ("Undo.", "Sign in now."), not text.
const BUTTON_MAX_WORDS: u32 = 4;
/// Code or markup has several of `{}();=<>[]` on a line; prose rarely has two.
const CODE_MIN_MARKS: usize = 2;
const CODE_MARKS: &[char] = &['{', '}', '(', ')', ';', '=', '<', '>', '[', ']'];
/// A long line's words are counted on this many characters first: when they already hold
/// `words_cap` words, the rest is not read (a prefix never holds more words than the text).
const COUNT_PREFIX_CHARS: usize = 400;

struct Shapes {
    url: Regex,
    date: Regex,
    note_after_sentence: Regex,
    ellipsis_cut: Regex,
    inner_sentence_end: Regex,
    letter: Regex,
}

fn shapes() -> &'static Shapes {
    static SHAPES: OnceLock<Shapes> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let regex = |source: &str| Regex::new(source).expect("a line shape compiles");
        Shapes {
            url: regex(&format!(r"(?i)^(?:https?://|www\.)\S+{END}")),
            date: regex(&format!(
                r"(?i)^[\p{{N}}\s/.:,\-年月日时時分amp]{{4,}}{END}|^\w{{3,9}}\.? \d{{1,2}}, \d{{4}}{END}"
            )),
            // A sentence end followed by a short bracketed note: an agency or author tag,
            // "(完)".
            note_after_sentence: regex(&format!(
                r"[.!?。！？]\s*[(（\[【][^()（）\[\]【】]{{1,12}}[)）\]】]\s*{END}"
            )),
            // A line cut short with an ellipsis ("…", "...", "..", "……").
            ellipsis_cut: regex(&format!(r#"(?:…|\.\.)[\s"'”’」』)）]*{END}"#)),
            // A sentence ending inside a line: a lower-case word (not "Mr.", "U.S.") closed by
            // a full stop, question or exclamation mark, then a capitalised word.
            inner_sentence_end: regex(r#"\p{Ll}{2}[.!?]["'”’)]?\s+["'“‘(]?\p{Lu}"#),
            letter: regex(r"\p{L}"),
        }
    })
}

/// The trailer's line classifier: its vocabularies and thresholds.
#[derive(Clone, Debug)]
pub struct Classifier {
    vocabulary: Vocabulary,
    thresholds: Thresholds,
}

/// A line's features: its kind and its length in words, capped (`Classifier::words_cap`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Features {
    pub kind: Kind,
    pub words: u32,
}

fn matches(pattern: &Pattern, text: &str) -> bool {
    pattern.is_match(text).expect("a vocabulary compiles")
}

impl Classifier {
    /// The classifier of `vocabulary` and `thresholds`, or why there is none: the capped word
    /// count must decide every comparison made here as the exact count would, so the cap must
    /// lie above every length compared with.
    pub fn new(vocabulary: Vocabulary, thresholds: Thresholds) -> Result<Self, String> {
        let classifier = Self {
            vocabulary,
            thresholds,
        };
        let compared = [
            MARKER_MAX_WORDS,
            RELATED_MARKER_MAX_WORDS,
            LINK_MAX_WORDS,
            TWO_SENTENCE_MIN_WORDS,
            thresholds.prose_words,
        ];
        let longest = compared.into_iter().max().unwrap_or(0);
        if classifier.words_cap() <= longest {
            return Err(format!(
                "blurb_words must be at least {longest}, the longest line length the \
                 features compare with, not {}",
                thresholds.blurb_words
            ));
        }
        Ok(classifier)
    }

    /// The thresholds the classifier was built with.
    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }

    /// The scores compare a line's length in words with at most `blurb_words`, and a prose
    /// score is the same for every length from there up: a count capped one above decides
    /// every comparison as the exact count would.
    pub fn words_cap(&self) -> u32 {
        self.thresholds.blurb_words + 1
    }

    /// `min(word_units(content), words_cap)`, reading a long line only in part.
    pub fn capped_word_units(&self, content: &str) -> u32 {
        let cap = self.words_cap();
        if longer_than(content, COUNT_PREFIX_CHARS)
            && chars::word_units(head(content, COUNT_PREFIX_CHARS)) >= cap
        {
            return cap;
        }
        chars::word_units(content).min(cap)
    }

    /// The features of each of `contents` (the lines' texts, edge whitespace stripped).
    pub fn features<S: AsRef<str>>(&self, contents: &[S]) -> Vec<Features> {
        contents.iter().map(|c| self.line(c.as_ref())).collect()
    }

    /// The features of one line: the first kind that fits, in the order of the scores'
    /// evidence (a marker whatever else it is; prose before code and headlines).
    pub fn line(&self, content: &str) -> Features {
        let words = self.capped_word_units(content);
        let kind = if self.related_marker(content, words) {
            Kind::RelatedMarker
        } else if self.marker(content, words) || self.is_furniture_sentence(content) {
            Kind::Marker
        } else if shapes().url.is_match(content) || is_date_only(content) {
            Kind::UrlOrDate
        } else {
            let finished = self.finished(content, words, chars::ends_sentence(content));
            if finished && words >= self.thresholds.prose_words {
                Kind::Prose
            } else if looks_like_code(content) {
                Kind::Code
            } else if self.link_like(content, words, finished) {
                Kind::Link
            } else {
                Kind::Text
            }
        };
        Features { kind, words }
    }

    /// A button or section label of page furniture ("Share", "Comments", "分享到：").
    pub fn is_marker(&self, content: &str) -> bool {
        self.marker(content, self.capped_word_units(content))
    }

    fn marker(&self, content: &str, words: u32) -> bool {
        !longer_than(content, MARKER_MAX_CHARS)
            && words <= MARKER_MAX_WORDS
            && matches(&self.vocabulary.buttons, content)
    }

    /// The heading of a block of related articles ("Related", "更多文章").
    pub fn is_related_marker(&self, content: &str) -> bool {
        self.related_marker(content, self.capped_word_units(content))
    }

    fn related_marker(&self, content: &str, words: u32) -> bool {
        !longer_than(content, CREDIT_MAX_CHARS)
            && words <= RELATED_MARKER_MAX_WORDS
            && matches(&self.vocabulary.related, head(content, HEAD_CHARS))
    }

    /// A line in the page's voice, whatever its length: a call to action, disclosure or
    /// metadata line, or the header of a reader comment.
    pub fn is_furniture_sentence(&self, content: &str) -> bool {
        !longer_than(content, CREDIT_MAX_CHARS)
            && (matches(&self.vocabulary.sentences, head(content, HEAD_CHARS))
                || matches(&self.vocabulary.comments, content))
    }

    /// A line of prose: long enough, and finished (`finished`).
    pub fn is_prose(&self, content: &str) -> bool {
        let words = self.capped_word_units(content);
        words >= self.thresholds.prose_words
            && self.finished(content, words, chars::ends_sentence(content))
    }

    /// A headline, menu entry or button: short, and not a finished sentence.
    pub fn is_link_like(&self, content: &str) -> bool {
        let words = self.capped_word_units(content);
        let finished = self.finished(content, words, chars::ends_sentence(content));
        self.link_like(content, words, finished)
    }

    /// A line the analysis takes for furniture whatever surrounds it: a marker, a
    /// related-articles heading or a line in the page's voice (`Kind::Marker` or
    /// `Kind::RelatedMarker`), the words counted once.
    pub fn is_strong_furniture(&self, content: &str) -> bool {
        let words = self.capped_word_units(content);
        self.related_marker(content, words)
            || self.marker(content, words)
            || self.is_furniture_sentence(content)
    }

    /// A short link-like line, not prose (`is_link_like` and not `is_prose`, the line read
    /// once): what a list or a template row looks like.
    pub fn is_list_item(&self, content: &str) -> bool {
        let words = self.capped_word_units(content);
        let finished = self.finished(content, words, chars::ends_sentence(content));
        self.link_like(content, words, finished)
            && !(words >= self.thresholds.prose_words && finished)
    }

    /// A line of at most a blurb's length that ends in an ellipsis: a teaser cut short.
    pub fn is_ellipsis_cut(&self, content: &str, words: u32) -> bool {
        words <= self.thresholds.blurb_words
            && shapes().ellipsis_cut.is_match(tail(content, HEAD_CHARS))
    }

    /// The line ends a sentence — or a sentence and then a short bracketed note ("… next
    /// year. (bsc)", "……。（完）") — and not by being cut short with an ellipsis.
    fn finished(&self, content: &str, words: u32, ends_sentence: bool) -> bool {
        if !ends_sentence
            && !shapes()
                .note_after_sentence
                .is_match(tail(content, HEAD_CHARS))
        {
            return false;
        }
        !self.is_ellipsis_cut(content, words)
    }

    fn link_like(&self, content: &str, words: u32, finished: bool) -> bool {
        // A line ending on a comma is broken prose or verse, not a headline.
        if words > LINK_MAX_WORDS
            || credits::is_credit(content)
            || content.ends_with([',', '，', '、'])
        {
            return false;
        }
        if words >= TWO_SENTENCE_MIN_WORDS && holds_two_sentences(content) {
            return false; // "X is a political scientist. Y is a lawyer and analyst"
        }
        if finished
            && !content
                .trim_end_matches(['"', '\'', '”', '’', '」', '』'])
                .ends_with(['?', '!', '？', '！', '…'])
        {
            return words <= BUTTON_MAX_WORDS; // "Undo." style buttons, not short sentences
        }
        true
    }
}

/// A line that is a date and nothing else ("2024-05-01", "May 3, 2020").
pub fn is_date_only(content: &str) -> bool {
    shapes().date.is_match(content)
}

/// Source code or markup: several code punctuation marks, or no letters at all.
pub fn looks_like_code(content: &str) -> bool {
    content
        .chars()
        .filter(|c| CODE_MARKS.contains(c))
        .take(CODE_MIN_MARKS)
        .count()
        >= CODE_MIN_MARKS
        || !shapes().letter.is_match(content)
}

/// A finished sentence and then another of clause length, each of at least
/// `TWO_SENTENCE_MIN_PART_WORDS` words (Python's `str.split()` words).
fn holds_two_sentences(content: &str) -> bool {
    shapes().inner_sentence_end.find_iter(content).any(|found| {
        let matched = found.as_str();
        // The match opens with two lower-case letters and closes on one capital.
        let two_letters: usize = matched.chars().take(2).map(char::len_utf8).sum();
        let capital = matched.chars().next_back().map_or(0, char::len_utf8);
        let before = &content[..found.start() + two_letters];
        let after = &content[found.end() - capital..];
        split_words(before).min(split_words(after)) >= TWO_SENTENCE_MIN_PART_WORDS
    })
}

/// `len(text.split())`.
fn split_words(text: &str) -> usize {
    text.split(is_python_space)
        .filter(|word| !word.is_empty())
        .count()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn vocabulary() -> Vocabulary {
        let pattern = |source: &str| Arc::new(Pattern::new(source, true).unwrap());
        Vocabulary {
            buttons: pattern(r"\bshare\b|分享|\bcomments?\b"),
            related: pattern(r"^[\s(（\[【]*(?:related|更多文章)"),
            sentences: pattern(r"^[\s\p{P}]{0,3}(?:follow us|免责声明)"),
            comments: pattern(r"^\d+楼$"),
        }
    }

    pub(crate) fn classifier() -> Classifier {
        let thresholds = Thresholds {
            prose_words: 12,
            blurb_words: 60,
        };
        Classifier::new(vocabulary(), thresholds).unwrap()
    }

    #[test]
    fn a_cap_below_a_compared_length_is_refused() {
        let thresholds = Thresholds {
            prose_words: 12,
            blurb_words: RELATED_MARKER_MAX_WORDS - 1,
        };
        assert!(Classifier::new(vocabulary(), thresholds).is_err());
    }

    fn kind(content: &str) -> Kind {
        classifier().line(content).kind
    }

    #[test]
    fn tells_the_kinds_of_line_apart() {
        assert_eq!(kind("Related"), Kind::RelatedMarker);
        assert_eq!(kind("更多文章"), Kind::RelatedMarker);
        assert_eq!(kind("Share this"), Kind::Marker);
        assert_eq!(kind("Follow us on Twitter for more"), Kind::Marker);
        assert_eq!(kind("3楼"), Kind::Marker);
        assert_eq!(kind("https://example.com/news/1"), Kind::UrlOrDate);
        assert_eq!(kind("2024-05-01"), Kind::UrlOrDate);
        assert_eq!(kind("May 3, 2020"), Kind::UrlOrDate);
        assert_eq!(
            kind("The committee said on Monday that the new rules would take effect early next year."),
            Kind::Prose
        );
        assert_eq!(kind("x = f(a); y = g(b);"), Kind::Code);
        assert_eq!(kind("Mayor opens new bridge"), Kind::Link);
        assert_eq!(kind("Undo."), Kind::Link);
        assert_eq!(kind("Is this the end of the story?"), Kind::Link);
        assert_eq!(kind("The rules would change soon."), Kind::Text);
        assert_eq!(kind("Translated by Fion Khan"), Kind::Text);
        assert_eq!(
            kind("the rules would take effect early next year,"),
            Kind::Text
        );
    }

    #[test]
    fn an_ellipsis_cut_or_a_note_decides_whether_a_line_is_finished() {
        let c = classifier();
        let long = "The committee said on Monday that the new rules would take effect early";
        assert!(!c.is_prose(&format!("{long} next year …")));
        assert!(c.is_prose(&format!("{long} next year. (bsc)")));
        assert!(!c.is_prose(&format!("{long} next year (bsc)")));
    }

    #[test]
    fn two_sentences_make_a_line_prose_not_a_headline() {
        let c = classifier();
        assert!(!c.is_link_like(
            "Jane Roe is a political scientist at Harvard. John Doe is a lawyer and analyst"
        ));
        assert!(c.is_link_like("Storm hits the coast as residents flee their homes in the night"));
    }

    #[test]
    fn the_word_count_stops_at_the_cap() {
        let c = classifier();
        assert_eq!(c.capped_word_units(&"word ".repeat(1000)), c.words_cap());
        assert_eq!(c.capped_word_units("two words"), 2);
        assert_eq!(
            c.capped_word_units(&format!("{}{}", " ".repeat(500), "a b")),
            2
        );
    }

    proptest! {
        #[test]
        fn any_text_gets_consistent_features(text in "(?s:.){0,300}") {
            let c = classifier();
            let found = c.line(&text);
            prop_assert!(found.words <= c.words_cap());
            prop_assert_eq!(found.words, chars::word_units(&text).min(c.words_cap()));
            prop_assert_eq!(found.kind == Kind::RelatedMarker, c.is_related_marker(&text));
            if found.kind == Kind::Prose {
                prop_assert!(c.is_prose(&text));
            }
            if found.kind == Kind::Link {
                prop_assert!(c.is_link_like(&text) && !credits::is_credit(&text));
            }
            prop_assert_eq!(c.features(&[text.as_str(), text.as_str()]), vec![found, found]);
            // The one-pass questions answer as the questions they combine.
            prop_assert_eq!(
                c.is_strong_furniture(&text),
                matches!(found.kind, Kind::Marker | Kind::RelatedMarker)
            );
            prop_assert_eq!(
                c.is_list_item(&text),
                c.is_link_like(&text) && !c.is_prose(&text)
            );
        }

        #[test]
        fn furniture_lines_get_consistent_one_pass_answers(
            text in "(?:Share|Related|Follow us|3楼|分享|more|\\.|…| |中文|a b c d|[.?!:]){1,8}"
        ) {
            let c = classifier();
            let found = c.line(&text);
            prop_assert_eq!(
                c.is_strong_furniture(&text),
                c.is_marker(&text) || c.is_related_marker(&text) || c.is_furniture_sentence(&text)
            );
            prop_assert_eq!(
                c.is_strong_furniture(&text),
                matches!(found.kind, Kind::Marker | Kind::RelatedMarker)
            );
            prop_assert_eq!(c.is_list_item(&text), c.is_link_like(&text) && !c.is_prose(&text));
        }

        #[test]
        fn a_long_line_counts_as_its_exact_count_up_to_the_cap(
            text in "[a-z中 ,.]{380,450}", tail in "\\PC{0,100}") {
            let c = classifier();
            let line = format!("{text}{tail}");
            prop_assert_eq!(c.capped_word_units(&line),
                            chars::word_units(&line).min(c.words_cap()));
        }
    }
}
