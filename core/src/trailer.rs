//! The trailer analysis: where the article ends, and what the trailer after it is made of
//! (`lint_corpus/trailer.py` explains the method and holds the rules' side of it).
//!
//! Every non-blank line gets a boilerplate score from its features (`features.rs`) and, for
//! a few, from its neighbours: positive for furniture, negative for prose. The trailer is
//! the suffix of the document with the highest total score, if that total reaches the
//! threshold, bounded by evidence: it starts after the article's closing credit and never
//! before its reference section, prose after furniture must prove it is the article's, and a
//! list the article introduces stays with it. The trailer is then split into link-list runs
//! and prose parts.
//!
//! The search is the plain one of `tests/equivalence/plain_definitions.py` (`find_trailer`)
//! with three shortcuts, each of which the equivalence tests hold to it: the scores are summed
//! from the end first, and a document whose suffixes cannot reach the threshold is settled
//! before its first lines are read; a line's features and its repetition test are computed
//! only when a score needs them; and the repetition test searches the text before the line
//! before it indexes every earlier line's clauses.
//!
//! Character counts are Python's (`len(str)`), taken from the line table; patterns follow
//! the `regex` module's definitions as `credits.rs` describes (script classes are written
//! `sc=`, since the `regex` module's `\p{Han}` is the Script property, not its extensions).

use crate::chars;
use crate::credits;
use crate::features::{Classifier, Features, Kind, Thresholds};
use crate::lines::{LineTable, ENDS_SENTENCE};
use crate::patterns::Pattern;
use crate::text::{self, is_python_space, WrapParameters};
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

// Line scores: how much a line looks like page furniture (> 0) rather than article text
// (< 0). Every score is a multiple of 0.25, so the float sums of the analysis are exact.

/// A marker line ("Related", "分享到："), and the highest score of any line: one marker and
/// one headline under it reach the default threshold.
const MARKER_SCORE: f64 = 3.0;
/// A bare URL or date: page furniture, but it also closes articles ("2024-05-01"), so it
/// weighs half a marker.
const URL_OR_DATE_SCORE: f64 = 1.5;
/// Long prose after a strong closing credit ("Translated by", "本文来源"): another story's
/// teaser, nearly as telling as a marker.
const TEASER_SCORE: f64 = 2.0;
/// A headline, menu entry or button: evidence of furniture one line at a time.
const LINK_SCORE: f64 = 1.0;
/// A short prose blurb under a headline after a marker: mild evidence, so that a block of
/// blurbs and headlines adds up while a single blurb does not.
const BLURB_SCORE: f64 = 0.5;
/// Code or a line of symbols: says nothing either way.
const CODE_SCORE: f64 = 0.0;
/// A short finished sentence, a long unfinished line, or a line of a hard-wrapped paragraph:
/// mildly article-like.
const TEXT_SCORE: f64 = -1.0;
/// A prose line loses a point per this many words ...
const PROSE_WORDS_PER_POINT: f64 = 4.0;
/// ... down to this floor (reached at 60 words), so one long paragraph cannot outweigh any
/// amount of furniture after it.
const MAX_PROSE_PENALTY: f64 = 15.0;
/// Prose after page furniture that has not shown it belongs to the article scores this: not
/// article (it would outweigh the furniture around it), not furniture either (a marker and a
/// few such lines alone do not make a trailer).
const UNPROVEN_PROSE_SCORE: f64 = 0.0;

/// The article left after removing a trailer keeps at least this share of the characters
/// (Trafilatura's guard against over-pruning a page made of short lines).
const MIN_KEPT_SHARE: f64 = 1.0 / 7.0;
/// A trailer that unproven prose makes start before this share of the text is not trusted:
/// the prose is scored as it reads instead (a page of items, each with a "Learn more" button
/// and a sentence, is an article, not furniture with blurbs).
const UNPROVEN_MIN_KEPT_SHARE: f64 = 0.5;
/// A strong closing credit marks the prose after it as teasers only when this share of the
/// text comes before it: a credit near the top ("来源：新华社" under the headline) opens the
/// article rather than closing it.
const STRONG_ANCHOR_MIN_SHARE: f64 = 0.4;
/// A trailer of fewer lines needs a marker or a closing credit before it: two lines of page
/// text prove little on their own.
const MIN_UNMARKED_TRAILER_LINES: usize = 3;
/// A block in another script is a translation when it has at least this share of the
/// article's characters: translations are about as long as the original (a CJK text is
/// shorter in characters than its English), while a foreign teaser is a line or two.
const TRANSLATION_MIN_SHARE: f64 = 0.3;
/// A reference heading ("References", "参考文献[编辑]") is a few words: a longer line is text,
/// and skips the pattern.
const REFERENCE_HEADING_MAX_CHARS: usize = 80;
/// A line runs on into the next only when it has this many words: shorter unfinished lines
/// followed by lower case are labels, list items or verse, not a wrapped paragraph.
const WRAPPED_MIN_WORDS: u32 = 5;

/// A long line is a repeat when this share of its clause characters occurs in earlier lines:
/// copies that move a sentence or drop a clause keep most of their clauses, while two
/// different sentences seldom share half of theirs.
const REPEATED_SHARE: f64 = 0.5;
/// Clauses shorter than this occur anywhere by chance and say nothing about repetition.
const MIN_CLAUSE_CHARS: usize = 6;
/// The substring searches of `Repeated` may scan this many bytes per byte of the text (plus
/// `SEARCH_BUDGET_BASE`) before it indexes every earlier line instead: enough for the few
/// questions a document asks, and it keeps the work linear.
const SEARCH_BUDGET_PER_BYTE: usize = 4;
const SEARCH_BUDGET_BASE: usize = 100_000;

/// Lines of one shape (digits aside) this many times over are a template: page furniture
/// ("2022年第4期", "Undo", "Article content"), not the varied lines an author writes (who may
/// repeat a name or a heading once).
const TEMPLATE_MIN_REPEATS: usize = 3;
/// A run of one template directly above the trailer joins it only this long: an archive or
/// pagination menu lists every issue ("2022年第4期" … 21 rows), while an article's own
/// numbered rows ("Week 1 - 3 km" … "Week 4 - 6 km", "第1组" … "第4组") are a handful.
const TEMPLATE_RUN_MIN_LINES: usize = 8;
/// One site after this many titles ("… | Example News") marks a list of links.
const SITE_MIN_REPEATS: usize = 2;
/// Date and title alternating this many times over: a list of dated headlines.
const DATE_TITLE_MIN_PAIRS: usize = 2;
/// A line that introduces the article's own list is a clause of at least this many words (a
/// CJK character is half a word): "报名时间及地点如下：" has 5, "The dates are:" 3; a bare
/// label ("友情链接：", "Next post:") has fewer.
const INTRODUCER_MIN_WORDS: u32 = 3;

/// A line of the article's prose, before a closing credit, has at least this many words (a
/// CJK character is half a word): shorter finished lines are buttons ("Reply.", "Undo.").
const PROSE_BEFORE_CREDIT_MIN_WORDS: u32 = 5;
/// Between the prose and a credit may stand a heading and a name ("About the Author",
/// "Sarah Archer"), each this short.
const CREDIT_HEADING_MAX_WORDS: u32 = 6;
const CREDIT_HEADING_MAX_LINES: usize = 2;
/// Notes after the last sentence stacked at most this deep ("。（完）[1]").
const MAX_TRAILING_NOTES: usize = 4;

struct Shapes {
    clause_split: Regex,
    topic_word: Regex,
    topic_cjk: Regex,
    site_suffix: Regex,
    handle_or_url: Regex,
    trailing_note: Regex,
}

fn shapes() -> &'static Shapes {
    static SHAPES: OnceLock<Shapes> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let regex = |source: &str| Regex::new(source).expect("a trailer shape compiles");
        Shapes {
            clause_split: regex(r"[\p{P}\p{S}]+\s*|\s{2,}"),
            // Topic words: Latin and Cyrillic words of five letters or more (shorter Latin
            // words are mostly function words, which every text shares), and CJK runs.
            topic_word: regex(r"\p{sc=Latin}{5,}|\p{sc=Cyrillic}{5,}"),
            topic_cjk: regex(r"[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]+"),
            // A link's site after its title: "Storm hits coast | Example News", "… - Site".
            site_suffix: regex(&format!(
                r"\s[|｜\-–—]\s+([^|｜\-–—]{{2,40}}){}",
                credits::END
            )),
            // A URL, or a handle: "@" not inside a word (the Python pattern's look-behind
            // `(?<!\w)@`, which matches exactly where this does).
            handle_or_url: regex(r"(?:https?://|www\.)\S+|(?:^|\W)@\w{2}"),
            // What may follow the last sentence on its line, after its end mark: a bracketed
            // note ("（島田さん）", "(AP)", "（完）"), reference marks ("[2] [5]"), hashtags,
            // or an agency tag ("… said. PTI").
            trailing_note: regex(&format!(
                r"(?:\s*[(（【][^()（）【】\n]{{1,40}}[)）】]|\s*\[[^\[\]\n]{{1,40}}\]|\s+(?:[#＃]\w+)|\s+[-–—]?\s*(?:[A-Z]{{2,6}}|Reuters|Xinhua|Bloomberg|Kyodo|Yonhap|Bernama)){}",
                credits::END
            )),
        }
    })
}

/// The settings of where the article ends: the `[trailer]` config table
/// (`TrailerParameters` in `lint_corpus/trailer.py` explains each).
#[derive(Clone, Copy, Debug)]
pub struct Parameters {
    pub threshold: f64,
    pub min_list_items: usize,
    pub on_topic_share: f64,
}

/// What a part of the trailer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    LinkList,
    Prose,
}

impl SegmentKind {
    pub fn name(self) -> &'static str {
        match self {
            SegmentKind::LinkList => "link-list",
            SegmentKind::Prose => "prose",
        }
    }
}

/// A part of the trailer; `first` and `last` are line indexes of the document (inclusive),
/// `items` its non-blank lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub kind: SegmentKind,
    pub first: usize,
    pub last: usize,
    pub items: usize,
}

/// A document's trailer: its first line (a line index), its score, its parts, and the
/// credit line that closes the article, if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Trailer {
    pub first: usize,
    pub score: f64,
    pub segments: Vec<Segment>,
    pub anchor: Option<usize>,
}

/// The analysis' fixed parts: the line classifier, the reference-heading vocabulary and the
/// thresholds of a hard-wrapped text.
#[derive(Clone, Debug)]
pub struct Analyser {
    classifier: Classifier,
    reference_headings: Arc<Pattern>,
    wrap: WrapParameters,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Han,
    Latin,
    Other,
}

/// What the scores learn from a line's text alone: the score of a marker, URL or date line
/// (else `None`), its words capped at the classifier's cap, whether it is prose, its score
/// when it does not continue a paragraph, and whether it is a related-articles marker.
#[derive(Clone, Copy, Debug)]
struct Scored {
    fixed: Option<f64>,
    words: u32,
    prose: bool,
    rest: f64,
    related: bool,
}

impl Scored {
    fn of(features: Features) -> Self {
        let (fixed, prose, rest, related) = match features.kind {
            Kind::Text => (None, false, TEXT_SCORE, false),
            Kind::Code => (None, false, CODE_SCORE, false),
            Kind::Link => (None, false, LINK_SCORE, false),
            Kind::Prose => (None, true, TEXT_SCORE, false),
            Kind::UrlOrDate => (Some(URL_OR_DATE_SCORE), false, URL_OR_DATE_SCORE, false),
            Kind::Marker => (Some(MARKER_SCORE), false, MARKER_SCORE, false),
            Kind::RelatedMarker => (Some(MARKER_SCORE), false, MARKER_SCORE, true),
        };
        Self {
            fixed,
            words: features.words,
            prose,
            rest,
            related,
        }
    }

    fn is_marker(&self) -> bool {
        self.fixed == Some(MARKER_SCORE)
    }
}

/// A line's score from its features alone, or `None` when it hinges on whether the line
/// continues a hard-wrapped paragraph: then it is `TEXT_SCORE` if it does (that makes a short
/// line prose, not a headline), else `found.rest`. `sandwiched`: a prose line between two
/// list items after a related-articles marker (a blurb under a headline).
fn fixed_score(
    found: &Scored,
    sandwiched: bool,
    after_end_credit: bool,
    thresholds: Thresholds,
) -> Option<f64> {
    if found.fixed.is_some() {
        return found.fixed;
    }
    if after_end_credit && found.words >= thresholds.prose_words {
        return Some(TEASER_SCORE);
    }
    if found.prose {
        if sandwiched && found.words <= thresholds.blurb_words {
            return Some(BLURB_SCORE);
        }
        return Some(prose_score(found.words));
    }
    None
}

/// The score of a prose line (also of a long line that repeats the article).
fn prose_score(words: u32) -> f64 {
    -(f64::from(words) / PROSE_WORDS_PER_POINT).min(MAX_PROSE_PENALTY)
}

/// One document as the analysis reads it: its text, its line table, and its non-blank lines
/// (`lines`, line indexes), with what is computed once per document on first need.
struct Doc<'a> {
    analyser: &'a Analyser,
    text: &'a str,
    table: &'a LineTable,
    lines: Vec<usize>,
    band: OnceCell<Option<(i64, i64)>>,
    /// The features of each non-blank line (by position in `lines`), read on first need.
    features: Vec<OnceCell<Features>>,
}

impl<'a> Doc<'a> {
    fn content(&self, index: usize) -> &'a str {
        let raw = &self.text[self.table.byte_starts[index]..self.table.byte_ends[index]];
        raw.trim_matches(chars::EDGE_WHITESPACE)
    }

    /// `len(line.content)`, in characters.
    fn chars(&self, index: usize) -> usize {
        (self.table.content_ends[index] - self.table.content_starts[index]) as usize
    }

    fn words(&self, index: usize) -> u32 {
        self.table.words[index]
    }

    fn ends_sentence(&self, index: usize) -> bool {
        self.table.flags[index] & ENDS_SENTENCE != 0
    }

    fn script(&self, index: usize) -> Script {
        let (cjk, latin) = (self.table.cjk[index], self.table.latin[index]);
        if cjk == 0 && latin == 0 {
            Script::Other
        } else if cjk >= latin {
            Script::Han
        } else {
            Script::Latin
        }
    }

    fn classifier(&self) -> &'a Classifier {
        &self.analyser.classifier
    }

    /// The features of the non-blank line at `position`, computed once.
    fn features_at(&self, position: usize) -> Features {
        *self.features[position]
            .get_or_init(|| self.classifier().line(self.content(self.lines[position])))
    }

    /// `is_strong_furniture` of the non-blank line at `position`: from its features when
    /// they are read (a line is a marker or a related marker exactly when it is one of the
    /// three), else from the three patterns alone, which cost less than all the features.
    fn is_strong_furniture_at(&self, position: usize) -> bool {
        match self.features[position].get() {
            Some(found) => matches!(found.kind, Kind::Marker | Kind::RelatedMarker),
            None => self
                .classifier()
                .is_strong_furniture(self.content(self.lines[position])),
        }
    }

    /// A marker, a related-articles heading or a line in the page's voice.
    fn is_strong_furniture(&self, content: &str) -> bool {
        self.classifier().is_strong_furniture(content)
    }

    fn is_reference_heading(&self, content: &str) -> bool {
        !credits::longer_than(content, REFERENCE_HEADING_MAX_CHARS)
            && self
                .analyser
                .reference_headings
                .is_match(content)
                .expect("a vocabulary compiles")
    }

    /// The widths of the full lines, if the text was hard-wrapped (`text.wrap_band`).
    fn band(&self) -> Option<(i64, i64)> {
        *self.band.get_or_init(|| {
            let contents: Vec<&str> = self.lines.iter().map(|&i| self.content(i)).collect();
            text::wrap_band(&contents, &self.analyser.wrap)
        })
    }

    /// The line may be a full line of wrapped text: a line is at least as wide as it is long,
    /// and at most twice as wide, so its length alone rules out most lines.
    fn may_fill(&self, index: usize) -> bool {
        let length = self.chars(index);
        2 * length >= self.analyser.wrap.min_full_columns
            && length <= self.analyser.wrap.max_columns
    }

    /// Line `current` runs on into line `following`: an unfinished Latin line followed by
    /// lower case, or, in hard-wrapped text whose full lines are `band` columns wide, an
    /// unfinished full line followed by a non-blank line.
    fn runs_on(&self, current: usize, following: usize, band: Option<(i64, i64)>) -> bool {
        let next = self.content(following);
        if next.chars().next().is_some_and(char::is_lowercase)
            && self.chars(current) > 0
            && !self.ends_sentence(current)
            && self.script(current) == Script::Latin
            && self.words(current) >= WRAPPED_MIN_WORDS
        {
            return true;
        }
        band.is_some_and(|(lowest, highest)| {
            !next.is_empty()
                && self.may_fill(current)
                && !self.ends_sentence(current)
                && (lowest..=highest).contains(&(text::display_width(self.content(current)) as i64))
        })
    }

    /// Line `index` belongs to a hard-wrapped paragraph: it runs on into the next line, or the
    /// line before runs on into it. The document's wrap width is read only when one of the
    /// two lines may fill a width.
    fn continues(&self, index: usize) -> bool {
        let previous = index.checked_sub(1);
        let following = (index + 1 < self.table.len()).then_some(index + 1);
        let band = if previous.is_some_and(|p| self.may_fill(p)) || self.may_fill(index) {
            self.band()
        } else {
            None
        };
        previous.is_some_and(|p| self.runs_on(p, index, band))
            || following.is_some_and(|f| self.runs_on(index, f, band))
    }
}

/// `credits.ends_sentence`: the line ends a sentence, possibly followed by a closing note
/// (bracketed notes, reference marks, hashtags, an agency tag).
pub fn ends_sentence_with_notes(content: &str) -> bool {
    finished(content) || finished(without_closing_note(content))
}

/// Japanese (and much Chinese) writing drops the full stop before a closing corner quote: a
/// paragraph that ends on one ends a sentence ("…尽きます」").
fn finished(content: &str) -> bool {
    chars::ends_sentence(content) || content.ends_with(['」', '』'])
}

/// `content` without what follows its last sentence's end mark on the line; unchanged when
/// what is left would not end a sentence, since a bracket or tag after a fragment does not
/// finish it.
pub fn without_closing_note(content: &str) -> &str {
    let mut stripped = content;
    for _ in 0..MAX_TRAILING_NOTES {
        match shapes().trailing_note.find(stripped) {
            Some(found) if found.start() > 0 => {
                stripped = stripped[..found.start()].trim_end_matches(is_python_space);
                if finished(stripped) {
                    return stripped;
                }
            }
            _ => break,
        }
    }
    content
}

/// A line's clauses, cut at punctuation and wide spaces, the short ones left out.
fn clauses(content: &str) -> Vec<&str> {
    shapes()
        .clause_split
        .split(content)
        .filter(|clause| clause.chars().count() >= MIN_CLAUSE_CHARS)
        .collect()
}

fn clause_chars(clauses: &[&str]) -> usize {
    clauses.iter().map(|clause| clause.chars().count()).sum()
}

/// The words a line shares with its story: Latin and Cyrillic words of five letters or more
/// (lower case), and pairs of adjacent CJK characters. Words that are their own lower case
/// and CJK pairs are borrowed from the line: most are, and the sets are built per line.
fn topic_words(content: &str) -> FxHashSet<Cow<'_, str>> {
    let mut found: FxHashSet<Cow<'_, str>> = FxHashSet::default();
    for word in shapes().topic_word.find_iter(content) {
        let word = word.as_str();
        let lower = word.chars().all(|c| {
            let mut lowered = c.to_lowercase();
            lowered.next() == Some(c) && lowered.next().is_none()
        });
        found.insert(if lower {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(word.to_lowercase())
        });
    }
    for run in shapes().topic_cjk.find_iter(content) {
        let run = run.as_str();
        let mut bounds: Vec<usize> = run.char_indices().map(|(at, _)| at).collect();
        bounds.push(run.len());
        for at in 0..bounds.len().saturating_sub(2) {
            found.insert(Cow::Borrowed(&run[bounds[at]..bounds[at + 2]]));
        }
    }
    found
}

/// A line's template: its text with every number the same ("2022年第4期" → "0年第0期").
fn template_shape(content: &str) -> String {
    let lowered = content.trim_matches(is_python_space).to_lowercase();
    let mut shape = String::with_capacity(lowered.len());
    let mut in_number = false;
    for c in lowered.chars() {
        if chars::is_decimal(c) {
            if !in_number {
                shape.push('0');
            }
            in_number = true;
        } else {
            shape.push(c);
            in_number = false;
        }
    }
    shape
}

/// Lines of one template (`template_shape`) this many times over (`TEMPLATE_MIN_REPEATS`).
pub fn has_template<'s>(contents: impl Iterator<Item = &'s str>) -> bool {
    let mut shapes: HashMap<String, usize> = HashMap::new();
    for content in contents {
        *shapes.entry(template_shape(content)).or_default() += 1;
    }
    shapes.values().any(|&count| count >= TEMPLATE_MIN_REPEATS)
}

/// Link-like shapes: "title | site" with one site for several titles, a URL or handle, or
/// dates alternating with titles.
pub fn has_link_shape(contents: &[&str]) -> bool {
    let mut sites: HashMap<String, usize> = HashMap::new();
    for content in contents {
        if shapes().handle_or_url.is_match(content) {
            return true;
        }
        if let Some(site) = shapes()
            .site_suffix
            .captures(content)
            .and_then(|c| c.get(1))
        {
            let site = site.as_str().trim_matches(is_python_space).to_lowercase();
            *sites.entry(site).or_default() += 1;
        }
    }
    if sites.values().any(|&count| count >= SITE_MIN_REPEATS) {
        return true;
    }
    let dates: Vec<bool> = contents
        .iter()
        .map(|c| crate::features::is_date_only(c))
        .collect();
    let pairs = dates.windows(2).filter(|pair| pair[0] && !pair[1]).count();
    pairs >= DATE_TITLE_MIN_PAIRS
}

/// Which long lines of the tail repeat the article: a line at `position` (among the
/// non-blank lines, from `start` on) with at least `prose_words` words, `REPEATED_SHARE` of
/// whose clause characters are clauses of an earlier line. Answered per line on demand: a
/// clause that does not occur in the text before the line cannot be an earlier line's
/// clause, which settles most questions with a substring search; the rest index every
/// earlier line's clauses once.
struct Repeated<'a> {
    start: usize,
    clauses: FxHashMap<usize, Vec<&'a str>>,
    first_seen: FxHashMap<&'a str, usize>,
    indexed: usize,
    search_budget: usize,
    answers: FxHashMap<usize, bool>,
}

impl<'a> Repeated<'a> {
    fn new(doc: &Doc<'a>, start: usize) -> Self {
        Self {
            start,
            clauses: FxHashMap::default(),
            first_seen: FxHashMap::default(),
            indexed: 0,
            search_budget: SEARCH_BUDGET_PER_BYTE * doc.text.len() + SEARCH_BUDGET_BASE,
            answers: FxHashMap::default(),
        }
    }

    fn clauses_at(&mut self, doc: &Doc<'a>, position: usize) -> Vec<&'a str> {
        self.clauses
            .entry(position)
            .or_insert_with(|| clauses(doc.content(doc.lines[position])))
            .clone()
    }

    fn contains(&mut self, doc: &Doc<'a>, position: usize) -> bool {
        if position < self.start {
            return false;
        }
        if let Some(&answer) = self.answers.get(&position) {
            return answer;
        }
        let answer = self.is_repeated(doc, position);
        self.answers.insert(position, answer);
        answer
    }

    fn is_repeated(&mut self, doc: &Doc<'a>, position: usize) -> bool {
        let index = doc.lines[position];
        let prose_words = doc.classifier().thresholds().prose_words;
        if doc.classifier().capped_word_units(doc.content(index)) < prose_words {
            return false;
        }
        let clauses = self.clauses_at(doc, position);
        let total = clause_chars(&clauses) as f64;
        if total == 0.0 {
            return false;
        }
        if position > self.indexed && self.search_budget > 0 {
            let before_line = doc.table.byte_starts[index];
            self.search_budget = self
                .search_budget
                .saturating_sub(before_line * clauses.len());
            let before = &doc.text[..before_line];
            let found: usize = clauses
                .iter()
                .filter(|clause| before.contains(**clause))
                .map(|clause| clause.chars().count())
                .sum();
            if (found as f64) < REPEATED_SHARE * total {
                return false;
            }
        }
        for earlier in self.indexed..position {
            for clause in self.clauses_at(doc, earlier) {
                self.first_seen.entry(clause).or_insert(earlier);
            }
        }
        self.indexed = self.indexed.max(position);
        let seen: usize = clauses
            .iter()
            .filter(|clause| {
                self.first_seen
                    .get(**clause)
                    .is_some_and(|&at| at < position)
            })
            .map(|clause| clause.chars().count())
            .sum();
        seen as f64 >= REPEATED_SHARE * total
    }
}

/// Once page furniture has been seen, the prose after it needs its own evidence to count as
/// article: a paragraph longer than any blurb, or one on the topic of the article read so far
/// (the text before the tail, and every tail line read outside furniture). Read forward, one
/// tail position at a time; the topic's words are collected only when a question needs them.
struct FurnitureContext<'a> {
    start: usize,
    on_topic_share: f64,
    blurb_words: u32,
    active: bool,
    topic: FxHashSet<Cow<'a, str>>,
    pending: Vec<usize>,
}

impl<'a> FurnitureContext<'a> {
    fn new(start: usize, on_topic_share: f64, blurb_words: u32) -> Self {
        Self {
            start,
            on_topic_share,
            blurb_words,
            active: false,
            topic: FxHashSet::default(),
            pending: (0..start).collect(),
        }
    }

    fn unproven(&mut self, doc: &Doc<'a>, index: usize, found: &Scored) -> bool {
        let position = self.start + index;
        if found.is_marker() {
            self.active = true;
            return false;
        }
        if self.active && found.prose {
            if !(found.words > self.blurb_words || self.on_topic(doc, position)) {
                return true;
            }
            self.active = false; // the article's own text: what follows is judged afresh
        }
        if !self.active {
            self.pending.push(position);
        }
        false
    }

    fn on_topic(&mut self, doc: &Doc<'a>, position: usize) -> bool {
        for earlier in self.pending.drain(..) {
            self.topic
                .extend(topic_words(doc.content(doc.lines[earlier])));
        }
        let words = topic_words(doc.content(doc.lines[position]));
        let shared = words
            .iter()
            .filter(|word| self.topic.contains(*word))
            .count();
        !words.is_empty() && shared as f64 >= self.on_topic_share * words.len() as f64
    }
}

impl Analyser {
    pub fn new(
        classifier: Classifier,
        reference_headings: Arc<Pattern>,
        wrap: WrapParameters,
    ) -> Self {
        Self {
            classifier,
            reference_headings,
            wrap,
        }
    }

    fn doc<'a>(&'a self, text: &'a str, table: &'a LineTable) -> Doc<'a> {
        let lines: Vec<usize> = (0..table.len()).filter(|&i| !table.is_blank(i)).collect();
        Doc {
            analyser: self,
            text,
            table,
            features: vec![OnceCell::new(); lines.len()],
            lines,
            band: OnceCell::new(),
        }
    }

    /// The trailer of the document `text` whose line table is `table`, or `None`.
    pub fn analyse(
        &self,
        text: &str,
        table: &LineTable,
        parameters: &Parameters,
    ) -> Option<Trailer> {
        let doc = self.doc(text, table);
        Search::new(&doc, parameters)?.run()
    }

    /// The lines (line indexes) that run on into the line directly after them: what the
    /// analysis asks of a line's neighbours to tell whether it continues a paragraph.
    pub fn wrap_continuations(&self, text: &str, table: &LineTable) -> Vec<usize> {
        let doc = self.doc(text, table);
        let band = doc.band();
        (1..table.len())
            .filter(|&following| doc.runs_on(following - 1, following, band))
            .map(|following| following - 1)
            .collect()
    }
}

/// Position among `doc.lines` of the credit that ends the article, or `None`
/// (`credits.closing_credit`, with the trailer's markers and page-voice lines).
///
/// That is the last line of the last block of credits that holds an explicit closing credit
/// or directly follows article prose. A credit right under a line in the page's voice is
/// the page's: the article ended right before that page text.
fn closing_credit(doc: &Doc<'_>) -> Option<usize> {
    let classifier = doc.classifier();
    let content = |position: usize| doc.content(doc.lines[position]);
    let mut index = doc.lines.len().checked_sub(1)?;
    loop {
        if !credits::is_credit(content(index)) {
            index = index.checked_sub(1)?;
            continue;
        }
        let mut block_start = index;
        while block_start > 0 && credits::is_credit(content(block_start - 1)) {
            block_start -= 1;
        }
        let closing = (block_start..=index).any(|p| credits::is_closing_label(content(p)));
        if block_start > 0 && classifier.is_furniture_sentence(content(block_start - 1)) {
            if closing {
                let mut above = block_start - 1;
                while above > 0 && classifier.is_furniture_sentence(content(above - 1)) {
                    above -= 1;
                }
                return above.checked_sub(1);
            }
        } else if closing || follows_prose(doc, block_start) {
            return Some(index);
        }
        index = block_start.checked_sub(1)?; // each line is read once: the scan stays linear
    }
}

/// The line at `position` follows the article: its prose or an earlier credit, directly or
/// under a heading and a name (short lines without digits, so not a date or a count).
fn follows_prose(doc: &Doc<'_>, position: usize) -> bool {
    let Some(mut before) = position.checked_sub(1) else {
        return false;
    };
    let mut skipped = 0;
    while before >= 1 && skipped < CREDIT_HEADING_MAX_LINES {
        let index = doc.lines[before];
        let content = doc.content(index);
        let heading = doc.words(index) <= CREDIT_HEADING_MAX_WORDS
            && !doc.ends_sentence(index)
            && !content.chars().any(chars::is_decimal);
        if !heading || doc.classifier().is_marker(content) {
            break;
        }
        before -= 1;
        skipped += 1;
    }
    let index = doc.lines[before];
    let content = doc.content(index);
    (doc.words(index) >= PROSE_BEFORE_CREDIT_MIN_WORDS && ends_sentence_with_notes(content))
        || credits::is_credit(content)
}

/// A long block in another script after the article is a translation, not a teaser.
fn looks_like_translation(doc: &Doc<'_>, article: &[usize], tail: &[usize]) -> bool {
    // Scripts in the order first seen, as a Python dict keeps them: ties go to the first.
    let by_script = |lines: &[usize]| {
        let mut totals: Vec<(Script, usize)> = Vec::new();
        for &index in lines {
            let script = doc.script(index);
            match totals.iter_mut().find(|(s, _)| *s == script) {
                Some((_, total)) => *total += doc.chars(index),
                None => totals.push((script, doc.chars(index))),
            }
        }
        totals
    };
    let majority = |totals: &[(Script, usize)]| {
        let mut best = totals[0];
        for &entry in &totals[1..] {
            if entry.1 > best.1 {
                best = entry;
            }
        }
        best.0
    };
    let (head, rest) = (by_script(article), by_script(tail));
    if head.is_empty() || rest.is_empty() {
        return false;
    }
    let sum = |totals: &[(Script, usize)]| totals.iter().map(|(_, n)| n).sum::<usize>() as f64;
    majority(&head) != majority(&rest) && sum(&rest) >= TRANSLATION_MIN_SHARE * sum(&head)
}

/// The search over one document's tail: the lines from the closing credit (or the reference
/// heading) on.
struct Search<'d, 'a> {
    doc: &'d Doc<'a>,
    parameters: &'d Parameters,
    prose_words: u32,
    blurb_words: u32,
    prefix_chars: Vec<usize>,
    total_chars: f64,
    anchor: Option<usize>,
    start: usize,
    in_references: bool,
    /// The tail's lines (line indexes).
    tail: Vec<usize>,
    after_end_credit: bool,
    repeated: Repeated<'a>,
    list_items: Vec<Option<bool>>,
    scores: Vec<f64>,
}

impl<'d, 'a> Search<'d, 'a> {
    fn new(doc: &'d Doc<'a>, parameters: &'d Parameters) -> Option<Self> {
        let lines = &doc.lines;
        if lines.len() < 2 {
            return None; // a line alone is the article
        }
        let mut prefix_chars = Vec::with_capacity(lines.len() + 1);
        prefix_chars.push(0);
        for &index in lines {
            prefix_chars.push(prefix_chars.last().copied().unwrap_or(0) + doc.chars(index));
        }
        let total_chars = *prefix_chars.last().unwrap_or(&0) as f64;
        // The trailer cannot start before the credit that closes the article.
        let anchor = closing_credit(doc);
        let strong_anchor = anchor.is_some_and(|a| {
            credits::is_strong_credit(doc.content(lines[a]))
                && prefix_chars[a] as f64 >= STRONG_ANCHOR_MIN_SHARE * total_chars
        });
        let mut start = anchor.map_or(0, |a| a + 1);
        // The article's own notes, references and links stay with it.
        let mut in_references = false;
        if let Some(heading) = (start..lines.len())
            .rev()
            .find(|&p| doc.is_reference_heading(doc.content(lines[p])))
        {
            start = heading;
            in_references = true;
        }
        if start >= lines.len() {
            return None;
        }
        let tail = lines[start..].to_vec();
        let after_end_credit =
            strong_anchor && !looks_like_translation(doc, &lines[..start], &tail);
        let thresholds = doc.classifier().thresholds();
        let count = tail.len();
        Some(Self {
            doc,
            parameters,
            prose_words: thresholds.prose_words,
            blurb_words: thresholds.blurb_words,
            prefix_chars,
            total_chars,
            anchor,
            start,
            in_references,
            tail,
            after_end_credit,
            repeated: Repeated::new(doc, start),
            list_items: vec![None; count],
            scores: vec![0.0; count],
        })
    }

    fn content(&self, index: usize) -> &'a str {
        self.doc.content(self.tail[index])
    }

    fn features(&self, index: usize) -> Scored {
        Scored::of(self.doc.features_at(self.start + index))
    }

    fn is_strong_furniture(&self, index: usize) -> bool {
        self.doc.is_strong_furniture_at(self.start + index)
    }

    fn is_list_item(&mut self, index: usize) -> bool {
        if let Some(answer) = self.list_items[index] {
            return answer;
        }
        let answer = self.doc.classifier().is_list_item(self.content(index));
        self.list_items[index] = Some(answer);
        answer
    }

    fn is_repeated(&mut self, index: usize) -> bool {
        self.repeated.contains(self.doc, self.start + index)
    }

    /// A line's score from its features, after a marker (`sandwiched`, for a prose line) or
    /// not; a line that continues a paragraph scores as text, asked only when that changes
    /// the score.
    fn line_score(&mut self, index: usize, sandwiched: bool) -> f64 {
        let found = self.features(index);
        let thresholds = self.doc.classifier().thresholds();
        if let Some(score) = fixed_score(&found, sandwiched, self.after_end_credit, thresholds) {
            return score;
        }
        // Whether the line continues a paragraph is asked only when it changes the score.
        if found.rest != TEXT_SCORE && self.doc.continues(self.tail[index]) {
            TEXT_SCORE
        } else {
            found.rest
        }
    }

    fn kept_chars(&self, index: usize) -> f64 {
        self.prefix_chars[self.start + index] as f64
    }

    fn suffix_sums(&self) -> Vec<f64> {
        let mut suffix = vec![0.0; self.scores.len() + 1];
        for index in (0..self.scores.len()).rev() {
            suffix[index] = suffix[index + 1] + self.scores[index];
        }
        suffix
    }

    fn run(&mut self) -> Option<Trailer> {
        let threshold = self.parameters.threshold;
        let count = self.tail.len();
        let last = count - 1;
        // Before a related-articles marker no line is a blurb under one, and each line's
        // score depends on that line (and its neighbours) alone. So the scores are summed
        // from the end first: once the sum so far, plus the most any line can score for each
        // line still unread, stays below the threshold (and so did every suffix read so
        // far), no suffix reaches it and there is no trailer.
        let mut backward = true;
        let mut total = 0.0;
        let mut best_total = f64::NEG_INFINITY;
        for index in (0..count).rev() {
            if self.features(index).is_marker() {
                backward = false;
                break;
            }
            let score = self.line_score(index, false);
            self.scores[index] = score;
            total += score;
            best_total = f64::max(best_total, total);
            if best_total < threshold && total + MARKER_SCORE * (index as f64) < threshold {
                if !(0..index).any(|i| self.is_strong_furniture(i)) {
                    return None;
                }
                backward = false; // the bound holds only for the plain scores
                break;
            }
        }

        let mut unsettled: Vec<usize> = Vec::new();
        let mut unproven: Vec<Option<f64>> = vec![None; count];
        if backward {
            for index in 0..count {
                let words = self.features(index).words;
                if words >= self.prose_words && self.scores[index] != prose_score(words) {
                    unsettled.push(index);
                }
            }
        } else {
            let mut seen_marker = false;
            let mut furniture =
                FurnitureContext::new(self.start, self.parameters.on_topic_share, self.blurb_words);
            // The index addresses the tail through the search's own methods as well.
            #[allow(clippy::needless_range_loop)]
            for index in 0..count {
                let found = self.features(index);
                // A blurb is teaser text between its headline and the next link-like line,
                // after a marker; an article's own closing paragraphs after an inline
                // "Related" list are not sandwiched like that.
                let sandwiched = found.prose
                    && seen_marker
                    && 0 < index
                    && index < last
                    && self.is_list_item(index - 1)
                    && self.is_list_item(index + 1);
                let mut score = self.line_score(index, sandwiched);
                self.scores[index] = score;
                if furniture.unproven(self.doc, index, &found) && score < UNPROVEN_PROSE_SCORE {
                    unproven[index] = Some(score);
                    score = UNPROVEN_PROSE_SCORE;
                    self.scores[index] = score;
                }
                if found.words >= self.prose_words && score != prose_score(found.words) {
                    if found.related && self.is_repeated(index) {
                        // Settled at once, as the lines after it depend on it: a repeated
                        // marker does not open a block of blurbs.
                        self.scores[index] = prose_score(found.words);
                        continue;
                    }
                    unsettled.push(index);
                }
                seen_marker = seen_marker || found.related;
            }
        }

        let mut suffix = self.suffix_sums();
        if suffix[..count].iter().all(|&s| s < threshold) {
            return None;
        }
        let marks: Vec<bool> = (0..count).map(|i| self.features(i).is_marker()).collect();
        if !unsettled.is_empty() {
            for &index in &unsettled {
                if self.is_repeated(index) {
                    self.scores[index] = prose_score(self.features(index).words);
                    unproven[index] = None;
                }
            }
            suffix = self.suffix_sums();
        }

        let mut best_index = self.best_start(&suffix, &marks);
        if let Some(best) = best_index {
            if self.kept_chars(best) < UNPROVEN_MIN_KEPT_SHARE * self.total_chars
                && unproven[best..].iter().any(Option::is_some)
            {
                // Unproven prose may lengthen a trailer at the end of a page, never make it
                // swallow most of the text: there the prose counts as it reads.
                for (index, score) in unproven.iter().enumerate() {
                    if let Some(score) = score {
                        self.scores[index] = *score;
                    }
                }
                suffix = self.suffix_sums();
                best_index = self.best_start(&suffix, &marks);
            }
        }
        let mut best_index = best_index.filter(|&best| suffix[best] >= threshold)?;
        let best_score = suffix[best_index];
        // The trailer starts at a boilerplate line, never on a prose line it would swallow.
        while best_index < count && self.scores[best_index] < 0.0 {
            best_index += 1;
        }
        // Furniture repeating one template directly above is part of it.
        let template_start = self.template_run_start(best_index);
        if self.kept_chars(template_start) >= MIN_KEPT_SHARE * self.total_chars {
            best_index = template_start;
        }
        // A list the article introduces with a colon is the article's.
        best_index = self.below_introduced_list(best_index);
        if self.in_references && best_index > 0 {
            best_index = self.below_reference_entries(best_index);
        }
        if best_index >= count
            || (count - best_index < MIN_UNMARKED_TRAILER_LINES
                && !self.after_end_credit
                && !marks[best_index..].iter().any(|&m| m))
        {
            return None;
        }
        let segments = self.split_segments(best_index);
        Some(Trailer {
            first: self.tail[best_index],
            score: best_score,
            segments,
            anchor: self.anchor.map(|a| self.doc.lines[a]),
        })
    }

    /// The first of `candidates` (ascending) with the highest suffix sum.
    fn best(suffix: &[f64], candidates: impl Iterator<Item = usize>) -> Option<usize> {
        let mut chosen: Option<usize> = None;
        for index in candidates {
            if chosen.is_none_or(|c| suffix[index] > suffix[c]) {
                chosen = Some(index);
            }
        }
        chosen
    }

    fn best_start(&self, suffix: &[f64], marks: &[bool]) -> Option<usize> {
        let count = self.tail.len();
        let floor = MIN_KEPT_SHARE * self.total_chars;
        let chosen = Self::best(suffix, 0..count);
        match chosen {
            // The article itself is made of short lines (a changelog, a list-like blog):
            // only an explicit marker line can say where the furniture starts.
            Some(c) if self.kept_chars(c) < floor => Self::best(
                suffix,
                (0..count).filter(|&i| marks[i] && self.kept_chars(i) >= floor),
            ),
            _ => chosen,
        }
    }

    /// Where a run of short lines of one template ending directly above `tail[index]`
    /// opens, or `index` when the run is shorter than `TEMPLATE_RUN_MIN_LINES` or a colon
    /// introduces it (an article's own list: "Issues so far:").
    fn template_run_start(&mut self, index: usize) -> usize {
        let mut first = index;
        let mut shape: Option<String> = None;
        while first > 0 && self.is_list_item(first - 1) {
            let above = template_shape(self.content(first - 1));
            if shape.as_ref().is_some_and(|s| *s != above) {
                break;
            }
            shape = Some(above);
            first -= 1;
        }
        if index - first < TEMPLATE_RUN_MIN_LINES {
            return index;
        }
        if first > 0
            && self
                .content(first - 1)
                .trim_end_matches(is_python_space)
                .ends_with([':', '：'])
        {
            return index;
        }
        first
    }

    /// The line ends in a colon and is the article's clause, not a furniture label.
    fn introduces_own_list(&self, content: &str) -> bool {
        let stripped = content.trim_matches(is_python_space);
        stripped.ends_with([':', '：'])
            && !self.doc.is_strong_furniture(stripped)
            && chars::word_units(content) >= INTRODUCER_MIN_WORDS
            && !credits::is_credit(content)
    }

    /// Where a trailer found at `tail[index]` starts once a list the article introduces with
    /// a colon, at or right above that line, is left to the article: at the first line of
    /// strong furniture under it (`index` when there is none, or when the rows are shaped
    /// like links or a menu).
    fn below_introduced_list(&self, index: usize) -> usize {
        let lines = &self.doc.lines;
        let content = |position: usize| self.doc.content(lines[position]);
        let position = self.start + index;
        if position >= lines.len() {
            return index;
        }
        let rows_from = if self.introduces_own_list(content(position)) {
            position + 1
        } else if position > 0 && self.introduces_own_list(content(position - 1)) {
            position
        } else {
            return index;
        };
        let Some(furniture) =
            (rows_from..lines.len()).find(|&p| self.doc.is_strong_furniture_at(p))
        else {
            return index;
        };
        let rows: Vec<&str> = (rows_from..furniture).map(content).collect();
        if has_template(rows.iter().copied()) || has_link_shape(&rows) {
            return index; // rows shaped like links or a menu are furniture too, colon or not
        }
        furniture - self.start
    }

    /// Where a trailer found at `tail[index]`, under the article's reference heading, starts
    /// once the section's entries are left to the article: at the first line of strong
    /// furniture at or below it ("Retrieved from …", "Categories:"), else `index`.
    fn below_reference_entries(&self, index: usize) -> usize {
        (index..self.tail.len())
            .find(|&i| self.is_strong_furniture(i))
            .unwrap_or(index)
    }

    /// Splits the trailer (`tail[first..]`) into link-list runs and prose parts, merging
    /// small pieces: a run of at least `min_list_items` link-like or furniture lines is a
    /// link list; whatever lies between runs is prose when it holds a prose line, else it
    /// joins the neighbouring list. A trailer with no prose at all is one link list.
    fn split_segments(&mut self, first: usize) -> Vec<Segment> {
        let count = self.tail.len();
        let teasers = self.after_end_credit;
        let classifier = self.doc.classifier();
        // The repetition test last: it is the costly one, and a list item needs no answer.
        let is_list: Vec<bool> = (first..count)
            .map(|i| {
                let content = self.content(i);
                (classifier.is_link_like(content) && !(teasers && classifier.is_prose(content)))
                    || self.is_strong_furniture(i)
                    || self.is_repeated(i)
            })
            .collect();
        let mut runs: Vec<(bool, usize, usize)> = Vec::new(); // (is list, first, last)
        for (offset, &list) in is_list.iter().enumerate() {
            match runs.last_mut() {
                Some(run) if run.0 == list => run.2 = offset,
                _ => runs.push((list, offset, offset)),
            }
        }
        let min_items = self.parameters.min_list_items;
        let has_prose = |from: usize, to: usize| is_list[from..=to].iter().any(|&l| !l);
        let labelled: Vec<(SegmentKind, usize, usize)> = runs
            .iter()
            .map(|&(list, from, to)| {
                let kind = if list && to - from + 1 >= min_items {
                    SegmentKind::LinkList
                } else {
                    SegmentKind::Prose
                };
                (kind, from, to)
            })
            .collect();
        let lines = count - first;
        if !labelled
            .iter()
            .any(|(kind, _, _)| *kind == SegmentKind::LinkList)
        {
            // Without a real list run, long lines after a closing credit are teasers.
            let teaser_lines = teasers
                && (first..count).any(|i| {
                    self.doc.words(self.tail[i]) >= self.prose_words && !self.is_repeated(i)
                });
            let kind = if has_prose(0, lines - 1) || teaser_lines {
                SegmentKind::Prose
            } else {
                SegmentKind::LinkList
            };
            return vec![self.segment(first, kind, 0, lines - 1)];
        }
        let mut merged: Vec<(SegmentKind, usize, usize)> = Vec::new();
        for (kind, from, to) in labelled {
            match merged.last_mut() {
                Some(part) if part.0 == kind => part.2 = to,
                _ => merged.push((kind, from, to)),
            }
        }
        // A "prose" part without any prose line (a few stray buttons) joins the list before.
        let mut cleaned: Vec<(SegmentKind, usize, usize)> = Vec::new();
        for (mut kind, from, to) in merged {
            if kind == SegmentKind::Prose && !has_prose(from, to) {
                kind = SegmentKind::LinkList;
            }
            match cleaned.last_mut() {
                Some(part) if part.0 == kind => part.2 = to,
                _ => cleaned.push((kind, from, to)),
            }
        }
        cleaned
            .into_iter()
            .map(|(kind, from, to)| self.segment(first, kind, from, to))
            .collect()
    }

    /// The part of the trailer (`tail[first..]`) from its line `from` to its line `to`.
    fn segment(&self, first: usize, kind: SegmentKind, from: usize, to: usize) -> Segment {
        Segment {
            kind,
            first: self.tail[first + from],
            last: self.tail[first + to],
            items: to - from + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::tests::{classifier, vocabulary};
    use proptest::prelude::*;
    use std::collections::HashSet;

    const DEFAULTS: Parameters = Parameters {
        threshold: 4.0,
        min_list_items: 5,
        on_topic_share: 0.4,
    };
    const PROSE: &str = "The committee said on Monday that the new rules would take effect \
                         early next year, after a long review.";

    fn analyser() -> Analyser {
        let headings = Pattern::new(r"^\s*(?:references|参考文献)\s*$", true).unwrap();
        Analyser::new(classifier(), Arc::new(headings), WrapParameters::default())
    }

    fn analyse(text: &str) -> Option<Trailer> {
        analyser().analyse(text, &LineTable::build(text), &DEFAULTS)
    }

    fn page(lines: &[&str]) -> String {
        lines.join("\n")
    }

    #[test]
    fn a_related_block_after_the_article_is_one_link_list() {
        let headlines = [
            "Mayor opens new bridge",
            "Storm hits coast",
            "Schools close early",
        ];
        let mut lines = vec![PROSE; 6];
        lines.push("Related");
        lines.extend(headlines.iter().cycle().take(6));
        let found = analyse(&page(&lines)).expect("a trailer");
        assert_eq!(found.first, 6);
        assert_eq!(found.anchor, None);
        let kinds: Vec<_> = found
            .segments
            .iter()
            .map(|s| (s.kind, s.first, s.last))
            .collect();
        assert_eq!(kinds, [(SegmentKind::LinkList, 6, 12)]);
    }

    #[test]
    fn an_article_without_furniture_has_no_trailer() {
        assert_eq!(analyse(&page(&[PROSE; 8])), None);
        assert_eq!(analyse("One line alone."), None);
        assert_eq!(analyse(""), None);
    }

    #[test]
    fn prose_after_a_strong_closing_credit_is_a_teaser_and_the_credit_stays() {
        let teaser = "Another story: the storm that hit the coast last week left thousands \
                      without power for days.";
        let other = "Elsewhere, the city council voted to close two schools at the end of \
                     the year, citing falling numbers.";
        let mut lines = vec![PROSE; 6];
        lines.extend(["Translated by Jane Roe", teaser, other]);
        let found = analyse(&page(&lines)).expect("a trailer");
        assert_eq!((found.first, found.anchor), (7, Some(6)));
        assert_eq!(found.segments[0].kind, SegmentKind::Prose);
    }

    #[test]
    fn a_list_the_article_introduces_with_a_colon_stays_above_the_furniture() {
        let mut lines = vec![PROSE; 6];
        lines.extend([
            "The tour dates so far are these:",
            "London",
            "Paris",
            "Berlin",
        ]);
        lines.extend([
            "Share",
            "Comments",
            "Related",
            "Storm hits coast",
            "Schools close",
        ]);
        let found = analyse(&page(&lines)).expect("a trailer");
        assert_eq!(found.first, 10);
    }

    #[test]
    fn no_line_scores_above_a_marker_and_the_word_cap_decides_every_comparison() {
        // The bound behind summing from the end: no line scores more than a marker.
        let thresholds = classifier().thresholds();
        let cap = classifier().words_cap();
        let kinds = [
            Kind::Text,
            Kind::Code,
            Kind::Link,
            Kind::Prose,
            Kind::UrlOrDate,
            Kind::Marker,
            Kind::RelatedMarker,
        ];
        for kind in kinds {
            for words in 0..=cap {
                let found = Scored::of(Features { kind, words });
                for (sandwiched, credit) in [(false, false), (false, true), (true, false)] {
                    let score = fixed_score(&found, sandwiched, credit, thresholds)
                        .unwrap_or(found.rest.max(TEXT_SCORE));
                    assert!(score <= MARKER_SCORE, "{kind:?} {words}");
                    // Every score is a multiple of 0.25: the sums are exact.
                    assert_eq!((score * 4.0).fract(), 0.0);
                }
            }
        }
        assert_eq!(prose_score(cap), prose_score(10 * cap));
        assert_eq!(prose_score(cap), -MAX_PROSE_PENALTY);
        assert!(cap > thresholds.blurb_words && thresholds.blurb_words >= thresholds.prose_words);
    }

    fn lines_read(text: &str) -> (usize, usize) {
        let analyser = analyser();
        let table = LineTable::build(text);
        let doc = analyser.doc(text, &table);
        let mut search = Search::new(&doc, &DEFAULTS).expect("a tail");
        search.run();
        let read = doc.features[search.start..]
            .iter()
            .filter(|f| f.get().is_some())
            .count();
        (read, search.tail.len())
    }

    #[test]
    fn closing_prose_settles_a_page_before_its_first_lines() {
        let article: Vec<String> = (0..300)
            .map(|n| {
                format!("Paragraph {n}: the committee said on Monday that the rules would change.")
            })
            .collect();
        let mut lines: Vec<&str> = article.iter().map(String::as_str).collect();
        lines.extend([PROSE; 10]);
        let (read, count) = lines_read(&page(&lines));
        assert!(read >= 10 && read < count / 2, "{read} of {count}");
        // A related-articles marker above sends the page to the full search: every line read.
        lines.insert(0, "Related");
        let (read, count) = lines_read(&page(&lines));
        assert_eq!(read, count);
    }

    /// The repetition test's definition: a long line of the tail whose clause characters are
    /// mostly clauses of earlier lines.
    fn repeated_by_definition(doc: &Doc<'_>, start: usize) -> Vec<bool> {
        let mut seen: HashSet<&str> = HashSet::new();
        let mut found = Vec::new();
        for (position, &index) in doc.lines.iter().enumerate() {
            let parts = clauses(doc.content(index));
            let total = clause_chars(&parts) as f64;
            let long = doc.classifier().capped_word_units(doc.content(index)) >= 12;
            let shared: Vec<&str> = parts.iter().copied().filter(|c| seen.contains(c)).collect();
            found.push(
                position >= start
                    && long
                    && total > 0.0
                    && clause_chars(&shared) as f64 >= REPEATED_SHARE * total,
            );
            seen.extend(parts);
        }
        found
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn repetition_answers_depend_on_neither_order_nor_budget(
            picks in proptest::collection::vec(0usize..6, 2..14),
            start_share in 0.0f64..1.0,
            budget in prop_oneof![Just(0usize), Just(200), Just(usize::MAX / 2)],
            order_seed in any::<u64>(),
        ) {
            let sources = [
                PROSE,
                "The committee said on Monday that the new rules would take effect.",
                "Officials, who spoke on condition of anonymity, said talks had stalled again.",
                "记者从有关部门获悉，这项工程预计将于明年年底前全面完工，届时将大大缓解交通压力。",
                "Storm hits coast",
                "after a long review, officials said, the new rules would take effect early.",
            ];
            let text = page(&picks.iter().map(|&i| sources[i]).collect::<Vec<_>>());
            let analyser = analyser();
            let table = LineTable::build(&text);
            let doc = analyser.doc(&text, &table);
            let start = (start_share * doc.lines.len() as f64) as usize;
            let expected = repeated_by_definition(&doc, start);
            let mut repeated = Repeated::new(&doc, start);
            repeated.search_budget = budget;
            let mut order: Vec<usize> = (0..doc.lines.len()).collect();
            let mut seed = order_seed;
            for i in (1..order.len()).rev() {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (seed >> 33) as usize % (i + 1));
            }
            for position in order {
                prop_assert_eq!(repeated.contains(&doc, position), expected[position]);
            }
        }

        #[test]
        fn any_text_gets_a_trailer_made_of_its_own_lines(
            text in proptest::collection::vec(prop_oneof![
                Just("Related\n".to_owned()), Just("Share\n".to_owned()),
                Just(format!("{PROSE}\n")), Just("Storm hits coast\n".to_owned()),
                Just("Translated by Jane Roe\n".to_owned()), Just("references\n".to_owned()),
                Just("\n".to_owned()), any::<String>(),
            ], 0..30).prop_map(|parts| parts.concat()),
            threshold in prop_oneof![Just(2.0), Just(4.0), Just(6.0)],
            min_list_items in 2usize..6,
        ) {
            let table = LineTable::build(&text);
            let parameters = Parameters { threshold, min_list_items, on_topic_share: 0.4 };
            if let Some(found) = analyser().analyse(&text, &table, &parameters) {
                prop_assert!(found.score >= threshold);
                prop_assert!(!table.is_blank(found.first));
                prop_assert!(found.anchor.is_none_or(|a| a < found.first));
                // The parts cover the trailer's lines in order, down to the last non-blank.
                let last = (0..table.len()).rev().find(|&i| !table.is_blank(i));
                prop_assert_eq!(found.segments[0].first, found.first);
                prop_assert_eq!(found.segments.last().map(|s| s.last), last);
                for pair in found.segments.windows(2) {
                    prop_assert!(pair[0].last < pair[1].first && pair[0].kind != pair[1].kind);
                }
            }
            let _ = ends_sentence_with_notes(&text);
            let kept = without_closing_note(&text);
            prop_assert!(text.starts_with(kept));
        }
    }

    #[test]
    fn a_closing_note_after_a_sentence_is_cut_and_after_a_fragment_kept() {
        assert_eq!(
            without_closing_note("…尽きます」（島田さん）"),
            "…尽きます」"
        );
        assert_eq!(
            without_closing_note("The talks ended. PTI"),
            "The talks ended."
        );
        assert_eq!(
            without_closing_note("It rained. #weather #storm"),
            "It rained."
        );
        assert_eq!(without_closing_note("A fragment (AP)"), "A fragment (AP)");
        assert!(ends_sentence_with_notes("The report is out. [2] [5]"));
        assert!(!ends_sentence_with_notes("officials said the (AP)"));
        let _ = vocabulary();
    }
}
