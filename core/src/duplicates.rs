//! duplicate-section's lexical search (rules/duplicate_section.py): the anchor chunks, the
//! shingles, the candidate search over their postings and the similarity scores, in one
//! call per document. The rule's thresholds stay named in Python and arrive as `Parameters`;
//! the rule turns the matches returned here into findings.
//!
//! Latin-script text is compared by words and CJK text by characters: CJK has no spaces, so
//! every CJK character is its own token and a k-token shingle is a k-character n-gram, while a
//! Latin shingle is a k-word n-gram. Tokens of different scripts never compare equal, so a
//! translation shares no shingles with its source. Tokens and shingles are numbered per
//! document; a line holds its tokens' and shingles' numbers only while the call runs.

use crate::chars;
use crate::lines::{self, LineTable};
use crate::text::is_python_space;
use memchr::memmem::Finder;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The Fx hash (rustc's): the maps here are keyed by small numbers and short strings of one
/// document, where SipHash's resistance to chosen collisions costs a third of the search.
#[derive(Default, Clone, Copy)]
struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        let mut rest = [0u8; 8];
        let tail = chunks.remainder();
        rest[..tail.len()].copy_from_slice(tail);
        self.add(u64::from_le_bytes(rest) ^ tail.len() as u64);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_u128(&mut self, i: u128) {
        self.add(i as u64);
        self.add((i >> 64) as u64);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
type FastSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

/// Where anchor keys are cut besides punctuation: frequent function words (English, plus a
/// few Spanish/Portuguese/French ones), replaced in this order. Cutting there is
/// content-defined chunking: an edit (a dropped word, a moved sentence) changes only the
/// chunk it falls in, so a reworded copy still shares most chunks with its original.
pub const LATIN_BREAKS: [&str; 12] = [
    " the ", " and ", " of ", " to ", " in ", " a ", " that ", " is ", " for ", " de ", " la ",
    " que ",
];
/// Chinese function characters, the CJK chunk breaks.
pub const CJK_BREAKS: [&str; 5] = ["的", "了", "在", "是", "和"];

/// A chunk has at least this many characters: shorter ones ("2015", "said") recur by
/// chance and would point everywhere.
const MIN_CHUNK_CHARS: usize = 8;
/// Clause punctuation (and the NUL a break mark becomes) that ends a chunk.
const CHUNK_STOPS: &[char] = &[
    '\0', '\n', ',', '.', ';', ':', '!', '?', '，', '。', '；', '：', '！', '？', '、', '“', '”',
    '"', '(', ')', '（', '）', '「', '」', '『', '』', '《', '》', '[', ']', '【', '】', '|', '·',
    '…', '—',
];

/// Lines on each side of an anchor line compared with a unit too: a re-split or reordered
/// copy spreads over the original's neighbours.
const ANCHOR_NEIGHBOURS: usize = 3;
/// Lines a window of hits may skip between two hit lines.
const MAX_WINDOW_GAP: usize = 2;
/// A unit's shingles may be found in a window of earlier text this many tokens longer than
/// the unit (or twice as long, whichever is more): a copy made of a few sentences of a
/// longer paragraph is still a copy.
const WINDOW_EXTRA_TOKENS: usize = 30;
/// Units with fewer shingles are never compared.
const MIN_UNIT_SHINGLES: usize = 3;

/// One CJK character of the shingle tokenizer (`[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff
/// \uf900-\ufaff]`): kana and the Han blocks, each character a token.
pub fn is_cjk_token(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff)
}

/// Whether `text` holds a CJK token character.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk_token)
}

/// `text` (lowercased) with every chunk break replaced by NUL: one replace pass per mark, in
/// the order of `LATIN_BREAKS` then `CJK_BREAKS`. Where marks share a space (" and the "),
/// the order decides which are replaced.
pub fn mark_breaks(text: &str) -> String {
    static FINDERS: OnceLock<Vec<Finder<'static>>> = OnceLock::new();
    let finders = FINDERS.get_or_init(|| {
        LATIN_BREAKS
            .iter()
            .chain(CJK_BREAKS.iter())
            .map(|mark| Finder::new(mark.as_bytes()))
            .collect()
    });
    let mut marked = text.as_bytes().to_vec();
    // Every Latin mark holds a space, every CJK one a non-ASCII character.
    let latin = if text.contains(' ') {
        LATIN_BREAKS.len()
    } else {
        0
    };
    let cjk = if text.is_ascii() { 0 } else { CJK_BREAKS.len() };
    let passes = finders[..latin]
        .iter()
        .chain(&finders[LATIN_BREAKS.len()..LATIN_BREAKS.len() + cjk]);
    let mut found = Vec::new();
    for finder in passes {
        found.clear();
        found.extend(finder.find_iter(&marked));
        if found.is_empty() {
            continue;
        }
        // Left to right, non-overlapping, in place: what `str::replace` does.
        let width = finder.needle().len();
        let (mut write, mut read) = (0, 0);
        for &at in &found {
            marked.copy_within(read..at, write);
            write += at - read;
            marked[write] = 0;
            write += 1;
            read = at + width;
        }
        marked.copy_within(read.., write);
        write += marked.len() - read;
        marked.truncate(write);
    }
    // A mark is whole characters, and so is the NUL put in its place.
    String::from_utf8(marked).expect("marks replaced whole")
}

/// The chunks of a text prepared by `mark_breaks`: each maximal run of at least
/// `MIN_CHUNK_CHARS` characters without a break or clause punctuation.
pub fn anchor_keys(marked: &str) -> Vec<&str> {
    let mut keys = Vec::new();
    let mut start = 0;
    let mut length = 0;
    for (at, c) in marked.char_indices() {
        if CHUNK_STOPS.contains(&c) {
            if length >= MIN_CHUNK_CHARS {
                keys.push(&marked[start..at]);
            }
            length = 0;
            start = at + c.len_utf8();
        } else {
            length += 1;
        }
    }
    if length >= MIN_CHUNK_CHARS {
        keys.push(&marked[start..]);
    }
    keys
}

#[derive(Clone, Copy, PartialEq)]
enum TokenClass {
    Letters,
    Digits,
}

fn token_class(c: char) -> Option<TokenClass> {
    if chars::is_decimal(c) {
        Some(TokenClass::Digits)
    } else if chars::is_word_letter(c) {
        Some(TokenClass::Letters)
    } else {
        None
    }
}

/// A token of a text: its byte span and the number of the sentence it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub sentence: u32,
}

/// The tokens of `text` (expected lowercased): each CJK token character alone, each run of
/// other letters (Latin, Cyrillic, Hangul...) and each run of decimal digits, as Python's
/// `re` reads `[CJK]|[^\W\d_CJK]+|\d+`.
///
/// A sentence ends after `.`, `!` or `?` followed by white space, and directly after `。`,
/// `！` or `？`; no token holds one of these, so each token lies in one sentence.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut found = Vec::new();
    let mut sentence = 0u32;
    // A sentence break seen since the last token: the next token opens a new sentence.
    let mut pending_break = false;
    let mut previous: Option<char> = None;
    let mut scan = text.char_indices().peekable();
    while let Some((start, c)) = scan.next() {
        let class = if is_cjk_token(c) {
            None
        } else {
            token_class(c)
        };
        if !is_cjk_token(c) && class.is_none() {
            if matches!(c, '。' | '！' | '？')
                || (matches!(previous, Some('.' | '!' | '?')) && is_python_space(c))
            {
                pending_break = true;
            }
            previous = Some(c);
            continue;
        }
        if pending_break {
            sentence += 1;
            pending_break = false;
        }
        let mut end = start + c.len_utf8();
        if let Some(class) = class {
            while let Some(&(at, next)) = scan.peek() {
                if is_cjk_token(next) || token_class(next) != Some(class) {
                    break;
                }
                end = at + next.len_utf8();
                scan.next();
            }
        }
        found.push(Token {
            start,
            end,
            sentence,
        });
        // A token character is none of the sentence marks.
        previous = None;
    }
    found
}

/// The k-token shingles of each sentence of `text`, none spanning two sentences (a copy with
/// a sentence moved then shares every shingle of each sentence); a sentence of fewer than k
/// tokens is one shingle of itself. As token strings: the definition the tests read.
pub fn sentence_shingles(text: &str, k: usize) -> Vec<Vec<&str>> {
    let spans = tokens(text);
    let words: Vec<&str> = spans.iter().map(|t| &text[t.start..t.end]).collect();
    let mut grams: Vec<Vec<&str>> = sentence_windows(&spans, k)
        .into_iter()
        .map(|(at, length)| words[at..at + length].to_vec())
        .collect();
    grams.sort();
    grams.dedup();
    grams
}

/// (first token, length) of each shingle of each sentence of `spans`, repeats included.
fn sentence_windows(spans: &[Token], k: usize) -> Vec<(usize, usize)> {
    let k = k.max(1);
    let mut windows = Vec::with_capacity(spans.len());
    let mut first = 0;
    for at in 1..=spans.len() {
        if at == spans.len() || spans[at].sentence != spans[first].sentence {
            let length = at - first;
            if length < k {
                windows.push((first, length));
            } else {
                windows.extend((first..=at - k).map(|start| (start, k)));
            }
            first = at;
        }
    }
    windows
}

/// The rule's thresholds (named and explained in rules/duplicate_section.py's options).
#[derive(Debug, Clone, Copy)]
pub struct Parameters {
    pub shingle_size: usize,
    pub min_containment: f64,
    pub short_unit_words: usize,
    pub short_unit_min_containment: f64,
    pub min_anchor_share: f64,
    pub max_anchor_lines: usize,
    pub max_postings: usize,
    pub template_min_lines: usize,
    pub shingle_fallback: bool,
}

/// One unit of the document (a non-blank line or a joined hard-wrapped paragraph).
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    /// The raw text, as the document has it.
    pub raw: &'a str,
    /// The raw text lowercased (by Python's `str.lower`).
    pub lowered_raw: &'a str,
    /// The content (without surrounding white space) lowercased.
    pub lowered_content: &'a str,
    /// Whether the unit is long enough to be compared (the rule's `_is_unit`).
    pub comparable: bool,
}

/// Unit `later` repeats units `first..=last` with similarity `score`; `weight` is its
/// shingle count and `added_run` the longest run of its tokens inside no shingle of those
/// earlier units (text of its own, which a restatement has and a copy does not).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    pub later: usize,
    pub first: usize,
    pub last: usize,
    pub score: f64,
    pub weight: usize,
    pub added_run: usize,
}

/// A unit's token and shingle numbers (shingles sorted, each once).
struct Shingled {
    tokens: Vec<u32>,
    grams: Vec<u32>,
}

/// Shingles (token numbers) numbered: those of up to three tokens, the default size, packed
/// into one key without an allocation each.
#[derive(Default)]
struct GramIds {
    small: FastMap<u128, u32>,
    large: FastMap<Box<[u32]>, u32>,
}

impl GramIds {
    fn packed(gram: &[u32]) -> Option<u128> {
        (gram.len() <= 3).then(|| {
            gram.iter()
                .enumerate()
                .fold((gram.len() as u128) << 96, |key, (at, &token)| {
                    key | u128::from(token) << (32 * at)
                })
        })
    }

    fn len(&self) -> usize {
        self.small.len() + self.large.len()
    }

    fn get(&self, gram: &[u32]) -> Option<u32> {
        match Self::packed(gram) {
            Some(key) => self.small.get(&key).copied(),
            None => self.large.get(gram).copied(),
        }
    }

    fn intern(&mut self, gram: &[u32]) -> u32 {
        let next = self.len() as u32;
        match Self::packed(gram) {
            Some(key) => *self.small.entry(key).or_insert(next),
            None => match self.large.get(gram) {
                Some(&id) => id,
                None => {
                    self.large.insert(gram.into(), next);
                    next
                }
            },
        }
    }
}

/// Tokens and shingles numbered for one document, each unit shingled once, when first asked
/// for (units with equal contents share one entry).
struct Shingler<'a> {
    k: usize,
    units: &'a [Unit<'a>],
    token_ids: FastMap<&'a str, u32>,
    grams: GramIds,
    by_content: FastMap<&'a str, usize>,
    entries: Vec<Shingled>,
    entry_of: Vec<Option<usize>>,
}

impl<'a> Shingler<'a> {
    fn new(units: &'a [Unit<'a>], k: usize) -> Self {
        Shingler {
            k: k.max(1),
            units,
            token_ids: FastMap::default(),
            grams: GramIds::default(),
            by_content: FastMap::default(),
            entries: Vec::new(),
            entry_of: vec![None; units.len()],
        }
    }

    fn load(&mut self, index: usize) -> &Shingled {
        let entry = match self.entry_of[index] {
            Some(entry) => entry,
            None => {
                let content = self.units[index].lowered_content;
                let entry = match self.by_content.get(content) {
                    Some(&entry) => entry,
                    None => {
                        let shingled = self.shingle(content);
                        self.entries.push(shingled);
                        self.by_content.insert(content, self.entries.len() - 1);
                        self.entries.len() - 1
                    }
                };
                self.entry_of[index] = Some(entry);
                entry
            }
        };
        &self.entries[entry]
    }

    /// A unit already loaded.
    fn get(&self, index: usize) -> &Shingled {
        &self.entries[self.entry_of[index].expect("unit shingled before use")]
    }

    fn shingle(&mut self, content: &'a str) -> Shingled {
        let spans = tokens(content);
        let mut numbered = Vec::with_capacity(spans.len());
        for span in &spans {
            let next = self.token_ids.len() as u32;
            numbered.push(
                *self
                    .token_ids
                    .entry(&content[span.start..span.end])
                    .or_insert(next),
            );
        }
        let mut grams: Vec<u32> = sentence_windows(&spans, self.k)
            .into_iter()
            .map(|(at, length)| self.grams.intern(&numbered[at..at + length]))
            .collect();
        grams.sort_unstable();
        grams.dedup();
        Shingled {
            tokens: numbered,
            grams,
        }
    }
}

/// The earlier lines worth comparing a unit with: the `max_anchor_lines` lines with most
/// votes (the earlier line first on a tie), each with its neighbours, below `index`.
fn support_around(mut voters: Vec<usize>, index: usize, max_anchor_lines: usize) -> Vec<usize> {
    voters.sort_unstable();
    let mut votes: Vec<(usize, usize)> = Vec::new();
    for line in voters {
        match votes.last_mut() {
            Some((last, count)) if *last == line => *count += 1,
            _ => votes.push((line, 1)),
        }
    }
    votes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut support: Vec<usize> = votes
        .iter()
        .take(max_anchor_lines)
        .flat_map(|&(anchor, _)| {
            anchor.saturating_sub(ANCHOR_NEIGHBOURS)..index.min(anchor + ANCHOR_NEIGHBOURS + 1)
        })
        .collect();
    support.sort_unstable();
    support.dedup();
    support
}

/// Units sharing anchor chunks with earlier lines, each with the earlier lines to compare
/// it with, in unit order.
fn anchor_candidates(units: &[Unit<'_>], p: &Parameters) -> Vec<(usize, Vec<usize>)> {
    let limit = p.max_postings;
    let marked: Vec<String> = units.iter().map(|u| mark_breaks(u.lowered_raw)).collect();
    let mut key_ids: FastMap<&str, u32> = FastMap::default();
    let keys: Vec<Vec<u32>> = marked
        .iter()
        .map(|text| {
            let mut ids: Vec<u32> = anchor_keys(text)
                .into_iter()
                .map(|key| {
                    let next = key_ids.len() as u32;
                    *key_ids.entry(key).or_insert(next)
                })
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    // Only repeated, non-boilerplate chunks are anchors. Boilerplate is a chunk on many
    // *different* lines: copies of one line (a paragraph pasted ten times) count once, or
    // the more often a paragraph is repeated, the surer it would be to go unreported.
    let mut lines_with = vec![0usize; key_ids.len()];
    let mut texts_with = vec![0usize; key_ids.len()];
    let mut seen_raws: FastSet<&str> = FastSet::default();
    for (unit, ids) in units.iter().zip(&keys) {
        let first_copy = seen_raws.insert(unit.raw);
        for &id in ids {
            lines_with[id as usize] += 1;
            if first_copy {
                texts_with[id as usize] += 1;
            }
        }
    }
    let repeated: Vec<bool> = lines_with
        .iter()
        .zip(&texts_with)
        .map(|(&lines, &texts)| lines > 1 && texts <= limit)
        .collect();
    let shared: Vec<Vec<u32>> = keys
        .iter()
        .map(|ids| {
            ids.iter()
                .copied()
                .filter(|&id| repeated[id as usize])
                .collect()
        })
        .collect();
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); key_ids.len()];
    for (index, ids) in shared.iter().enumerate() {
        for &id in ids {
            postings[id as usize].push(index);
        }
    }
    let mut candidates = Vec::new();
    for (index, ids) in shared.iter().enumerate() {
        // A copy shares most of its chunks with the original, a reworded one at least a
        // good part; a line sharing one common phrase is not worth tokenizing.
        if ids.is_empty() || (ids.len() as f64) < p.min_anchor_share * keys[index].len() as f64 {
            continue;
        }
        // A line whose chunks all occur first on it (an original) has no earlier line.
        let first_seen = ids.iter().map(|&id| postings[id as usize][0]).min();
        if first_seen.is_none_or(|first| first >= index) || !units[index].comparable {
            continue;
        }
        // The earlier lines sharing each chunk, at most max_postings of them: only copies
        // of one line have more, and the first ones are enough to vote for it.
        let voters: Vec<usize> = ids
            .iter()
            .flat_map(|&id| {
                let lines = &postings[id as usize];
                let earlier = lines.partition_point(|&line| line < index);
                lines[..earlier.min(limit)].iter().copied()
            })
            .collect();
        candidates.push((index, support_around(voters, index, p.max_anchor_lines)));
    }
    candidates
}

/// Add to `candidates` the Latin-script units the anchor chunks missed whose shingles
/// mostly occur on earlier lines (a reworded copy in a language without the break words
/// changes every chunk, yet keeps most of its word 3-grams). Each shingle keeps at most
/// max_postings earlier lines, so the work stays linear in the text.
fn shingle_candidates(
    shingler: &mut Shingler<'_>,
    candidates: &mut Vec<(usize, Vec<usize>)>,
    p: &Parameters,
) {
    let units = shingler.units;
    let mut is_candidate = vec![false; units.len()];
    for (index, _) in candidates.iter() {
        is_candidate[*index] = true;
    }
    let mut postings = Postings::default();
    for (index, unit) in units.iter().enumerate() {
        // A CJK shingle is three characters, not three words: common figures of speech
        // share most of them by chance, so CJK units are left to the anchor chunks.
        if !unit.comparable || has_cjk(unit.lowered_content) {
            continue;
        }
        let own = &shingler.load(index).grams;
        if !is_candidate[index] && !own.is_empty() {
            let earlier = own.iter().filter(|&&g| postings.count(g) > 0).count();
            if earlier as f64 >= p.min_containment * own.len() as f64 {
                let voters = own.iter().flat_map(|&g| postings.lines(g)).collect();
                candidates.push((index, support_around(voters, index, p.max_anchor_lines)));
            }
        }
        for &g in own {
            if postings.count(g) < p.max_postings {
                postings.add(g, index);
            }
        }
    }
}

/// The lines each shingle was found on, as linked lists in flat arrays: most shingles occur
/// once, and a list each would cost an allocation each.
#[derive(Default)]
struct Postings {
    /// By shingle number: (lines, first entry + 1; 0 for none).
    heads: Vec<(u32, u32)>,
    /// (line, next entry + 1; 0 for none).
    entries: Vec<(u32, u32)>,
}

impl Postings {
    fn count(&self, gram: u32) -> usize {
        self.heads
            .get(gram as usize)
            .map_or(0, |&(count, _)| count as usize)
    }

    fn add(&mut self, gram: u32, line: usize) {
        let at = gram as usize;
        if at >= self.heads.len() {
            self.heads.resize(at + 1, (0, 0));
        }
        let (count, first) = self.heads[at];
        self.entries.push((line as u32, first));
        self.heads[at] = (count + 1, self.entries.len() as u32);
    }

    fn lines(&self, gram: u32) -> impl Iterator<Item = usize> + '_ {
        let mut next = self.heads.get(gram as usize).map_or(0, |&(_, first)| first);
        std::iter::from_fn(move || {
            let (line, after) = *self.entries.get((next as usize).checked_sub(1)?)?;
            next = after;
            Some(line as usize)
        })
    }
}

/// A set of a unit's own shingles, as bits over their positions in its sorted shingles.
#[derive(Clone)]
struct Bits {
    words: Vec<u64>,
}

impl Bits {
    fn new(size: usize) -> Self {
        Bits {
            words: vec![0; size.div_ceil(64)],
        }
    }

    fn set(&mut self, at: usize) {
        self.words[at / 64] |= 1 << (at % 64);
    }

    fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Unites `other` into `self`; returns how many bits were new.
    fn unite(&mut self, other: &Bits) -> usize {
        let mut added = 0;
        for (mine, theirs) in self.words.iter_mut().zip(&other.words) {
            added += (theirs & !*mine).count_ones() as usize;
            *mine |= theirs;
        }
        added
    }
}

/// The positions in `own` (sorted) of the shingles also in `other` (sorted).
fn common(own: &[u32], other: &[u32]) -> Option<Bits> {
    let mut found: Option<Bits> = None;
    let (mut i, mut j) = (0, 0);
    while i < own.len() && j < other.len() {
        match own[i].cmp(&other[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                found.get_or_insert_with(|| Bits::new(own.len())).set(i);
                i += 1;
                j += 1;
            }
        }
    }
    found
}

/// The run of lines whose union of hit shingles is largest, within a token budget.
///
/// `hits` lists (line, the unit's shingles found on it), by line; `sizes` gives each hit
/// line's token count. A window is a range of lines whose hits are no more than
/// `MAX_WINDOW_GAP` lines apart and whose tokens fit `budget`; a single line always fits,
/// since a unit copied out of one long paragraph is still a copy. Returns (distinct
/// shingles covered, first line, last line).
fn best_line_window(
    hits: &[(usize, Bits)],
    sizes: &[usize],
    budget: usize,
) -> (usize, usize, usize) {
    let mut best = (0, 0, 0);
    for start in 0..hits.len() {
        let mut covered = Bits::new(0);
        covered.words.resize(hits[start].1.words.len(), 0);
        let mut count = 0;
        let mut tokens = 0;
        let first = hits[start].0;
        let mut previous = first;
        for (offset, (line, found)) in hits[start..].iter().enumerate() {
            tokens += sizes[start + offset];
            if *line != first && (tokens > budget || line - previous > MAX_WINDOW_GAP) {
                break;
            }
            count += covered.unite(found);
            previous = *line;
            // Prefer more coverage, then the tightest window (a shared phrase in a title
            // just before the true original must not widen the reported range).
            if count > best.0 || (count == best.0 && line - first < best.2 - best.1) {
                best = (count, first, *line);
            }
        }
    }
    best
}

/// The match of unit `index` with its support lines, before the template test.
fn match_unit(
    shingler: &Shingler<'_>,
    index: usize,
    support: &[usize],
    p: &Parameters,
) -> Option<Match> {
    let unit = shingler.get(index);
    let own = &unit.grams;
    if own.len() < MIN_UNIT_SHINGLES {
        return None;
    }
    let mut hits: Vec<(usize, Bits)> = Vec::new();
    let mut sizes = Vec::new();
    let mut reached = Bits::new(own.len());
    for &line in support {
        let other = shingler.get(line);
        if let Some(found) = common(own, &other.grams) {
            reached.unite(&found);
            hits.push((line, found));
            sizes.push(other.tokens.len());
        }
    }
    // Short sentences recur with small changes in normal prose; below short_unit_words
    // only a (near-)verbatim repeat counts.
    let size = unit.tokens.len();
    let short = size < p.short_unit_words;
    let needed = p.min_containment.max(if short {
        p.short_unit_min_containment
    } else {
        0.0
    });
    // No window covers more than all the hits together: most candidates stop here. A unit
    // sharing nothing with its support is no copy, even when min-containment is 0.
    if hits.is_empty() || (reached.count() as f64 / own.len() as f64) < needed {
        return None;
    }
    let budget = (2 * size).max(size + WINDOW_EXTRA_TOKENS);
    let (covered, first, last) = best_line_window(&hits, &sizes, budget);
    let score = covered as f64 / own.len() as f64;
    if score < needed {
        return None;
    }
    Some(Match {
        later: index,
        first,
        last,
        score,
        weight: own.len(),
        added_run: 0,
    })
}

/// The shingles of `wanted` found on at least template_min_lines of the `needed` lines
/// (lines with equal shingle sets counting once: a template is shared by different lines,
/// and a paragraph repeated four times is a copy, not a template).
fn template(
    shingler: &Shingler<'_>,
    needed: &[usize],
    wanted: &FastSet<u32>,
    p: &Parameters,
) -> FastSet<u32> {
    let distinct: FastSet<&[u32]> = needed
        .iter()
        .map(|&i| shingler.get(i).grams.as_slice())
        .collect();
    let mut spread: FastMap<u32, usize> = FastMap::default();
    for grams in distinct {
        for g in grams.iter().filter(|g| wanted.contains(g)) {
            *spread.entry(*g).or_default() += 1;
        }
    }
    spread
        .into_iter()
        .filter(|&(_, lines)| lines >= p.template_min_lines)
        .map(|(g, _)| g)
        .collect()
}

/// The longest run of the later unit's tokens inside no k-token shingle of the earlier
/// units it matched.
fn added_run(shingler: &mut Shingler<'_>, m: &Match) -> usize {
    let mut earlier: FastSet<u32> = FastSet::default();
    for line in m.first..=m.last {
        earlier.extend(shingler.load(line).grams.iter().copied());
    }
    let tokens = &shingler.get(m.later).tokens;
    let k = shingler.k;
    let mut covered = vec![false; tokens.len()];
    for at in 0..(tokens.len() + 1).saturating_sub(k) {
        let gram = &tokens[at..at + k];
        if shingler
            .grams
            .get(gram)
            .is_some_and(|id| earlier.contains(&id))
        {
            covered[at..at + k].fill(true);
        }
    }
    let (mut run, mut longest) = (0, 0);
    for seen in covered {
        run = if seen { 0 } else { run + 1 };
        longest = longest.max(run);
    }
    longest
}

/// The later units that repeat earlier text, with the earlier lines each repeats, its
/// similarity and the longest run of tokens it adds (the rule decides on restatements).
pub fn lexical_matches(units: &[Unit<'_>], p: &Parameters) -> Vec<Match> {
    let mut candidates = anchor_candidates(units, p);
    let mut shingler = Shingler::new(units, p.shingle_size);
    if p.shingle_fallback {
        shingle_candidates(&mut shingler, &mut candidates, p);
    }
    if candidates.is_empty() {
        return Vec::new();
    }
    let mut needed: Vec<usize> = candidates
        .iter()
        .flat_map(|(index, support)| std::iter::once(*index).chain(support.iter().copied()))
        .collect();
    needed.sort_unstable();
    needed.dedup();
    for &line in &needed {
        shingler.load(line);
    }
    let matches: Vec<Match> = candidates
        .iter()
        .filter_map(|(index, support)| match_unit(&shingler, *index, support, p))
        .collect();
    if matches.is_empty() {
        return matches;
    }
    // A shingle on many lines is a template, not evidence of a copy: a unit that is mostly
    // template has too little of its own to call it a copy. Its template shingles still
    // count in the measure: a real copy contains them too.
    let wanted: FastSet<u32> = matches
        .iter()
        .flat_map(|m| shingler.get(m.later).grams.iter().copied())
        .collect();
    let template = template(&shingler, &needed, &wanted, p);
    let mut kept: Vec<Match> = matches
        .into_iter()
        .filter(|m| {
            let own = &shingler.get(m.later).grams;
            own.iter().filter(|g| template.contains(g)).count() * 2 <= own.len()
        })
        .collect();
    for m in &mut kept {
        m.added_run = added_run(&mut shingler, m);
    }
    kept
}

/// The rule's `WIDE_CHAR_RE`: a character two columns wide (the CJK token characters, CJK
/// punctuation and the fullwidth forms).
pub fn is_wrap_wide(c: char) -> bool {
    is_cjk_token(c) || matches!(c as u32, 0x3000..=0x303f | 0xff01..=0xff60 | 0xffe0..=0xffe6)
}

/// The rule's width of a line in columns, `max_width + 1` for a line of more than
/// `max_width` characters (too wide to be hard-wrapped, however wide).
pub fn wrap_width(content: &str, max_width: usize) -> usize {
    let length = content.chars().count();
    if length > max_width {
        return max_width + 1;
    }
    length + content.chars().filter(|&c| is_wrap_wide(c)).count()
}

/// The thresholds of the rule's hard-wrap test (named and explained there).
#[derive(Debug, Clone, Copy)]
pub struct WrapParameters {
    pub min_width: usize,
    pub max_width: usize,
    pub min_lines: usize,
}

/// The non-blank lines of a line table (their line indices) and their contents.
fn nonblank<'a>(text: &'a str, table: &LineTable) -> Vec<(usize, &'a str)> {
    (0..table.len())
        .filter(|&i| table.content_starts[i] < table.content_ends[i])
        .map(|i| {
            let raw = &text[table.byte_starts[i]..table.byte_ends[i]];
            (i, chars::strip_edges(raw))
        })
        .collect()
}

/// (first, last) positions among the non-blank lines of the runs that may hold a
/// hard-wrapped paragraph: adjacent lines, each but the last no wider than `max_width` and
/// not ending a sentence (a wrapped line breaks mid-sentence), at least `min_lines` of them,
/// one of the first `min_lines - 1` from the end at least `min_width` wide (where a paragraph
/// would start). Every paragraph the rule's search finds lies inside one, and the search run
/// on one alone finds the same there. A run that stops at a blank line takes the line after
/// it too: the search reads how the run's last line would break before it (a wrapped line
/// as wide as the others widens the paragraph), though it joins no line across the gap.
pub fn wrap_regions(text: &str, table: &LineTable, p: &WrapParameters) -> Vec<(usize, usize)> {
    let lines = nonblank(text, table);
    let widths: Vec<usize> = lines
        .iter()
        .map(|(_, c)| wrap_width(c, p.max_width))
        .collect();
    let open =
        |k: usize| widths[k] <= p.max_width && table.flags[lines[k].0] & lines::ENDS_SENTENCE == 0;
    let min_lines = p.min_lines.max(1);
    let mut regions = Vec::new();
    let mut first = 0;
    while first < lines.len() {
        let mut last = first;
        while last + 1 < lines.len() && lines[last + 1].0 == lines[last].0 + 1 && open(last) {
            last += 1;
        }
        if last - first + 1 >= min_lines
            && (first..=last + 1 - min_lines)
                .any(|k| (p.min_width..=p.max_width).contains(&widths[k]))
        {
            let read_on = last + 1 < lines.len() && open(last);
            regions.push((first, if read_on { last + 1 } else { last }));
        }
        first = last + 1;
    }
    regions
}

/// A joined hard-wrapped paragraph: its first and last lines (indices in the line table),
/// its text and its text lowercased (by Python).
#[derive(Debug, Clone, Copy)]
pub struct Paragraph<'a> {
    pub first: usize,
    pub last: usize,
    pub text: &'a str,
    pub lowered: &'a str,
}

/// The units of a document: its non-blank lines, each run `paragraphs` names as one unit.
/// `lowered` is the text lowercased by Python's `str.lower`, which keeps every line end, and
/// lowercases each line as it would alone (no case rule looks past a line end), so its lines
/// are the lines' own lowercased. A unit is comparable when it has at least `min_words`
/// words (`min_words_unpunctuated` if it neither ends a sentence nor ends with a colon).
pub fn document_units<'a>(
    text: &'a str,
    lowered: &'a str,
    table: &LineTable,
    paragraphs: &[Paragraph<'a>],
    min_words: f64,
    min_words_unpunctuated: f64,
) -> Vec<Unit<'a>> {
    let lowered_lines = lines::split(lowered);
    assert_eq!(
        lowered_lines.len(),
        table.len(),
        "lowercasing kept the lines"
    );
    let lines = nonblank(text, table);
    let comparable = |words: u32, last: usize, content: &str| {
        let prose = table.flags[last] & lines::ENDS_SENTENCE != 0 || content.ends_with([':', '：']);
        f64::from(words)
            >= if prose {
                min_words
            } else {
                min_words_unpunctuated
            }
    };
    let mut units = Vec::with_capacity(lines.len());
    let mut joined = paragraphs.iter().peekable();
    let mut at = 0;
    while at < lines.len() {
        if let Some(paragraph) = joined.next_if(|p| p.first == lines[at].0) {
            let mut words = 0;
            while lines[at].0 < paragraph.last {
                words += table.words[lines[at].0];
                at += 1;
            }
            words += table.words[lines[at].0];
            units.push(Unit {
                raw: paragraph.text,
                lowered_raw: paragraph.lowered,
                lowered_content: paragraph.lowered,
                comparable: comparable(words, paragraph.last, paragraph.text),
            });
            at += 1;
            continue;
        }
        let (index, content) = lines[at];
        let (start, end) = lowered_lines[index];
        let lowered_raw = &lowered[start..end];
        units.push(Unit {
            raw: &text[table.byte_starts[index]..table.byte_ends[index]],
            lowered_raw,
            lowered_content: chars::strip_edges(lowered_raw),
            comparable: comparable(table.words[index], index, content),
        });
        at += 1;
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DEFAULTS: Parameters = Parameters {
        shingle_size: 3,
        min_containment: 0.72,
        short_unit_words: 16,
        short_unit_min_containment: 0.95,
        min_anchor_share: 0.3,
        max_anchor_lines: 6,
        max_postings: 16,
        template_min_lines: 4,
        shingle_fallback: true,
    };

    fn texts(t: &str) -> Vec<&str> {
        tokens(t).iter().map(|s| &t[s.start..s.end]).collect()
    }

    /// Units of `lines` (taken as already lowercased), each long enough to compare.
    fn units<'a>(lines: &'a [String]) -> Vec<Unit<'a>> {
        lines
            .iter()
            .map(|line| Unit {
                raw: line,
                lowered_raw: line,
                lowered_content: line.trim(),
                comparable: true,
            })
            .collect()
    }

    /// Distinct sentences of invented words, without a shared template.
    fn prose(count: usize) -> Vec<String> {
        (0..count)
            .map(|n| {
                // The indices spelled in letters: digits would be tokens of their own.
                let words: Vec<String> = (0..14)
                    .map(|w| format!("{}{}", letters(n), letters(w + 100)))
                    .collect();
                words.join(" ") + "."
            })
            .collect()
    }

    fn letters(mut n: usize) -> String {
        let mut out = String::new();
        loop {
            out.push((b'a' + (n % 26) as u8) as char);
            n /= 26;
            if n == 0 {
                return out;
            }
        }
    }

    #[test]
    fn tokens_are_cjk_characters_letter_runs_and_digit_runs() {
        assert_eq!(
            texts("abc中文def 42x"),
            ["abc", "中", "文", "def", "42", "x"]
        );
        assert_eq!(texts("x² ½ a_b ü"), ["x²", "½", "a", "b", "ü"]);
        assert_eq!(texts("・ー"), ["・", "ー"]);
        assert!(texts(" ,.!? ").is_empty());
    }

    #[test]
    fn sentences_end_after_a_stop_and_space_or_a_cjk_stop() {
        let sentences = |t: &str| tokens(t).iter().map(|s| s.sentence).collect::<Vec<_>>();
        assert_eq!(sentences("a b. c d"), [0, 0, 1, 1]);
        assert_eq!(sentences("a b.c d"), [0, 0, 0, 0]);
        assert_eq!(sentences("a b!\u{1c}c"), [0, 0, 1]);
        assert_eq!(sentences("他来了。她走"), [0, 0, 0, 1, 1]);
        assert_eq!(sentences("v1.2 is out"), [0, 0, 0, 0, 0]);
    }

    #[test]
    fn shingles_stay_inside_sentences() {
        assert_eq!(
            sentence_shingles("a b c d. e f", 3),
            [vec!["a", "b", "c"], vec!["b", "c", "d"], vec!["e", "f"]]
        );
        assert_eq!(
            sentence_shingles("一二三四", 3),
            [vec!["一", "二", "三"], vec!["二", "三", "四"]]
        );
        assert!(sentence_shingles("...", 3).is_empty());
        // A repeated shingle is one.
        assert_eq!(
            sentence_shingles("a b a b", 3),
            [vec!["a", "b", "a"], vec!["b", "a", "b"]]
        );
    }

    #[test]
    fn breaks_are_replaced_mark_by_mark_in_order() {
        // " the " is replaced before " of ", which then has lost its space.
        assert_eq!(mark_breaks("x of the y"), "x of\0y");
        assert_eq!(mark_breaks("我的书"), "我\0书");
        assert_eq!(
            anchor_keys("alpha beta gamma, delta\0epsilon zeta"),
            ["alpha beta gamma", "epsilon zeta"]
        );
        assert!(anchor_keys("short, bits").is_empty());
    }

    #[test]
    fn a_copied_paragraph_matches_its_original() {
        let mut lines = prose(5);
        lines.push(lines[1].clone());
        let found = lexical_matches(&units(&lines), &DEFAULTS);
        assert_eq!(found.len(), 1);
        let m = found[0];
        assert_eq!(
            (m.later, m.first, m.last, m.score, m.added_run),
            (5, 1, 1, 1.0, 0)
        );
    }

    #[test]
    fn a_copy_with_a_sentence_moved_still_matches_fully() {
        let sentences = prose(4);
        let lines = vec![
            format!("{} {}", sentences[0], sentences[1]),
            sentences[2].clone(),
            format!("{} {}", sentences[1], sentences[0]),
        ];
        let found = lexical_matches(&units(&lines), &DEFAULTS);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].later, found[0].first, found[0].score),
            (2, 0, 1.0)
        );
    }

    #[test]
    fn words_of_its_own_are_counted_as_an_added_run() {
        let sentences = prose(3);
        let lines = vec![
            format!("{} {}", sentences[0], sentences[1]),
            sentences[2].clone(),
            format!("{} zz yy xx ww vv {}", sentences[0], sentences[1]),
        ];
        let found = lexical_matches(&units(&lines), &DEFAULTS);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].added_run, 5);
    }

    #[test]
    fn unrelated_lines_and_short_units_do_not_match() {
        let lines = prose(30);
        assert!(lexical_matches(&units(&lines), &DEFAULTS).is_empty());
        let mut short = vec!["one two three.".to_owned(), "other words here.".to_owned()];
        short.push(short[0].clone());
        let mut units = units(&short);
        units[2].comparable = false;
        assert!(lexical_matches(&units, &DEFAULTS).is_empty());
    }

    #[test]
    fn a_unit_is_compared_with_the_best_anchored_lines_earliest_first() {
        // Each of ten earlier lines shares one anchor chunk with the last line: all tie,
        // and the earliest six are looked around (with three neighbours each side).
        let voters = vec![40, 20, 0, 60, 100, 80, 120, 140, 160, 180];
        let support = support_around(voters, 200, 6);
        let expected: Vec<usize> = [0, 20, 40, 60, 80, 100]
            .iter()
            .flat_map(|&a: &usize| a.saturating_sub(3)..a + 4)
            .collect();
        assert_eq!(support, expected);
        // More votes win over an earlier line; the support never reaches the unit itself.
        assert_eq!(support_around(vec![9, 9, 2], 10, 1), vec![6, 7, 8, 9]);
    }

    #[test]
    fn the_best_window_prefers_coverage_then_the_tightest_range() {
        let bits = |positions: &[usize]| {
            let mut b = Bits::new(8);
            positions.iter().for_each(|&p| b.set(p));
            b
        };
        let hits = vec![(3, bits(&[0, 1])), (4, bits(&[0, 1])), (5, bits(&[2, 3]))];
        assert_eq!(best_line_window(&hits, &[5, 5, 5], 100), (4, 4, 5));
        // Past the token budget a window stops growing; a lone line always fits.
        assert_eq!(best_line_window(&hits, &[5, 5, 500], 20), (2, 3, 3));
        // Hits more than two lines apart are not one window.
        let apart = vec![(1, bits(&[0])), (4, bits(&[1]))];
        assert_eq!(best_line_window(&apart, &[1, 1], 100), (1, 1, 1));
    }

    #[test]
    fn every_copy_of_a_line_pasted_many_times_is_found() {
        let lines =
            vec!["the committee said the new rules would take effect next year.".to_owned(); 3000];
        let found = lexical_matches(&units(&lines), &DEFAULTS);
        assert_eq!(found.len(), 2999);
        assert!(found.iter().all(|m| m.first < m.later && m.score == 1.0));
    }

    const WRAP: WrapParameters = WrapParameters {
        min_width: 40,
        max_width: 160,
        min_lines: 4,
    };

    #[test]
    fn wrap_widths_count_wide_characters_twice() {
        assert_eq!(wrap_width("中文ab", 160), 6);
        assert_eq!(wrap_width("，ｘ", 160), 4);
        assert_eq!(wrap_width(&"x".repeat(161), 160), 161);
        assert_eq!(wrap_width(&"中".repeat(100), 160), 200);
    }

    #[test]
    fn wrap_regions_are_runs_of_unfinished_lines() {
        let line = "x".repeat(50);
        let text = format!(
            "{line}\n{line}\n{line}\n{line}.\nshort\n\n{line}\n{line}\n{line}\n{line}\n\nafter\n"
        );
        let table = LineTable::build(&text);
        // The first run ends at the line ending a sentence (its last line); the second at a
        // blank line, and takes the line after it (where its last line would break).
        assert_eq!(wrap_regions(&text, &table, &WRAP), [(0, 3), (5, 9)]);
        // A menu of short items is no region; nor are three lines.
        let menu = "Home\nAbout us\nContact\nPrivacy\n";
        assert!(wrap_regions(menu, &LineTable::build(menu), &WRAP).is_empty());
        let three = format!("{line}\n{line}\n{line}\n");
        assert!(wrap_regions(&three, &LineTable::build(&three), &WRAP).is_empty());
    }

    #[test]
    fn document_units_join_paragraphs_and_count_their_words() {
        let text = "  One two three four\nfive six seven eight.\n\nNine ten:\nTitle here\n";
        let lowered = text.to_lowercase();
        let table = LineTable::build(text);
        let joined = [Paragraph {
            first: 0,
            last: 1,
            text: "One two three four five six seven eight.",
            lowered: "one two three four five six seven eight.",
        }];
        let units = document_units(text, &lowered, &table, &joined, 8.0, 3.0);
        let seen: Vec<(&str, &str, bool)> = units
            .iter()
            .map(|u| (u.raw, u.lowered_content, u.comparable))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "One two three four five six seven eight.",
                    "one two three four five six seven eight.",
                    true
                ),
                ("Nine ten:", "nine ten:", false),
                ("Title here", "title here", false),
            ]
        );
        // A colon ends a lead-in sentence: it needs the words of one, not of a headline.
        let units = document_units(text, &lowered, &table, &[], 2.0, 3.0);
        assert_eq!(
            units.iter().map(|u| u.comparable).collect::<Vec<_>>(),
            [true, true, true, false]
        );
        assert_eq!(units[0].raw, "  One two three four");
        assert_eq!(units[0].lowered_content, "one two three four");
    }

    proptest! {
        #[test]
        fn wrap_regions_are_ordered_runs_of_the_non_blank_lines(text in "(\\PC{0,60}\n){0,12}") {
            let table = LineTable::build(&text);
            let count = nonblank(&text, &table).len();
            let mut previous: Option<(usize, usize)> = None;
            for (first, last) in wrap_regions(&text, &table, &WRAP) {
                prop_assert!(first + 3 <= last && last < count);
                // Only a line read after a run is shared with the next run.
                prop_assert!(previous.is_none_or(|(_, end)| end <= first));
                previous = Some((first, last));
            }
        }

        #[test]
        fn every_non_blank_line_is_a_unit(text in "\\PC{0,200}") {
            let table = LineTable::build(&text);
            let lowered = text.to_lowercase();
            let units = document_units(&text, &lowered, &table, &[], 1.0, 1.0);
            prop_assert_eq!(units.len(), nonblank(&text, &table).len());
        }

        #[test]
        fn marks_are_replaced_as_one_replace_pass_each(text in "( the | and | of | a |的|了|x| |é)*") {
            let mut expected = text.clone();
            for mark in LATIN_BREAKS.iter().chain(CJK_BREAKS.iter()) {
                expected = expected.replace(mark, "\0");
            }
            prop_assert_eq!(mark_breaks(&text), expected);
        }

        #[test]
        fn tokens_are_ordered_non_empty_spans_on_character_boundaries(text in "\\PC{0,80}") {
            let mut end = 0;
            let mut sentence = 0;
            for token in tokens(&text) {
                prop_assert!(token.start >= end && token.start < token.end);
                prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
                prop_assert!(token.sentence >= sentence);
                end = token.end;
                sentence = token.sentence;
            }
        }

        #[test]
        fn shingles_have_at_most_k_tokens(text in "\\PC{0,80}", k in 1usize..5) {
            let total = tokens(&text).len();
            let grams = sentence_shingles(&text, k);
            prop_assert!(grams.iter().all(|g| !g.is_empty() && g.len() <= k));
            prop_assert!(grams.len() <= total);
        }

        #[test]
        fn chunks_are_long_runs_without_stops(text in "\\PC{0,80}") {
            let marked = mark_breaks(&text.to_lowercase());
            for key in anchor_keys(&marked) {
                prop_assert!(key.chars().count() >= MIN_CHUNK_CHARS);
                prop_assert!(!key.contains(CHUNK_STOPS));
            }
        }

        #[test]
        fn matches_point_at_earlier_lines_with_scores_in_range(
            lines in proptest::collection::vec("\\PC{0,60}", 0..12),
            copies in proptest::collection::vec(0usize..12, 0..6),
        ) {
            let mut lines = lines;
            let count = lines.len();
            if count > 0 {
                let copied: Vec<String> = copies.iter().map(|&c| lines[c % count].clone()).collect();
                lines.extend(copied);
            }
            let lines: Vec<String> = lines.iter().map(|l| l.replace('\n', " ")).collect();
            let units = units(&lines);
            for m in lexical_matches(&units, &DEFAULTS) {
                prop_assert!(m.first <= m.last && m.last < m.later && m.later < lines.len());
                prop_assert!((0.0..=1.0).contains(&m.score) && m.score >= DEFAULTS.min_containment);
                prop_assert!(m.weight >= MIN_UNIT_SHINGLES);
            }
        }
    }
}
