//! The line table: one pass over a document that finds its lines and what the rules ask of
//! each (the twin of `Line` in `lint_corpus/document.py`).
//!
//! Lines end at `\n`, and at a `\r` not followed by one (old Mac line ends); a `\r\n` line
//! keeps its `\r`. Every line end is one character, so a line's end plus one is where the
//! next line starts. Offsets are in characters (Python's string indices); the byte offsets
//! are kept for the native rules.

use crate::chars;
use memchr::memchr2_iter;

/// `flags` bit: the line's content ends a sentence.
pub const ENDS_SENTENCE: u8 = 1;
/// `flags` bit: the line starts with a bullet marker.
pub const IS_BULLET: u8 = 2;

/// One column per feature, one row per line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineTable {
    /// Character offset of the line's first character.
    pub starts: Vec<u32>,
    /// Character offset just past the line (before its line end).
    pub ends: Vec<u32>,
    /// Character offsets of the content: the line without edge whitespace.
    pub content_starts: Vec<u32>,
    pub content_ends: Vec<u32>,
    /// `text.count_word_units` of the content.
    pub words: Vec<u32>,
    /// CJK characters and Latin letters (`text.count_cjk`, `text.count_latin_letters`).
    pub cjk: Vec<u32>,
    pub latin: Vec<u32>,
    /// `ENDS_SENTENCE` | `IS_BULLET`.
    pub flags: Vec<u8>,
    /// Byte offsets of the line in the UTF-8 text.
    pub byte_starts: Vec<usize>,
    pub byte_ends: Vec<usize>,
}

/// The byte spans of the lines of `text`, without their line ends.
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut start = 0;
    for at in memchr2_iter(b'\n', b'\r', bytes) {
        if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
            continue; // the "\r" of a "\r\n" stays in its line
        }
        spans.push((start, at));
        start = at + 1;
    }
    spans.push((start, bytes.len()));
    spans
}

fn count_chars(text: &str) -> usize {
    if text.is_ascii() {
        text.len()
    } else {
        text.chars().count()
    }
}

fn offset(value: usize) -> u32 {
    u32::try_from(value).expect("a document longer than 4 G characters")
}

impl LineTable {
    pub fn build(text: &str) -> LineTable {
        let spans = split(text);
        let mut table = LineTable::default();
        let rows = spans.len();
        for column in [
            &mut table.starts,
            &mut table.ends,
            &mut table.content_starts,
            &mut table.content_ends,
            &mut table.words,
            &mut table.cjk,
            &mut table.latin,
        ] {
            column.reserve_exact(rows);
        }
        let mut position = 0usize; // character offset of the current line's start
        for (byte_start, byte_end) in spans {
            let raw = &text[byte_start..byte_end];
            let length = count_chars(raw);
            let trimmed_front = raw.trim_start_matches(chars::EDGE_WHITESPACE);
            let content = trimmed_front.trim_end_matches(chars::EDGE_WHITESPACE);
            let lead = count_chars(&raw[..raw.len() - trimmed_front.len()]);
            let (mut cjk, mut latin) = (0u32, 0u32);
            for c in content.chars() {
                if chars::is_cjk(c) {
                    cjk += 1;
                } else if chars::is_latin(c) {
                    latin += 1;
                }
            }
            let mut flags = 0;
            if chars::ends_sentence(content) {
                flags |= ENDS_SENTENCE;
            }
            if chars::is_bullet(raw) {
                flags |= IS_BULLET;
            }
            table.starts.push(offset(position));
            table.ends.push(offset(position + length));
            table.content_starts.push(offset(position + lead));
            table
                .content_ends
                .push(offset(position + lead + count_chars(content)));
            table.words.push(chars::word_units(content));
            table.cjk.push(cjk);
            table.latin.push(latin);
            table.flags.push(flags);
            table.byte_starts.push(byte_start);
            table.byte_ends.push(byte_end);
            position += length + 1;
        }
        table
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Whether line `index` holds nothing but edge whitespace.
    pub fn is_blank(&self, index: usize) -> bool {
        self.content_starts[index] == self.content_ends[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raws(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn lone_cr_ends_a_line_and_crlf_is_one_line_end() {
        assert_eq!(raws("a\rb\rc"), ["a", "b", "c"]);
        assert_eq!(raws("a\r\nb\nc\r"), ["a\r", "b", "c", ""]);
        assert_eq!(raws("a\r\rb"), ["a", "", "b"]);
        assert_eq!(raws(""), [""]);
    }

    #[test]
    fn offsets_are_characters_and_content_skips_edge_whitespace() {
        let table = LineTable::build("中文\n\u{3000} 句子。」 \nx");
        assert_eq!(table.starts, [0, 3, 11]);
        assert_eq!(table.ends, [2, 10, 12]);
        assert_eq!((table.content_starts[1], table.content_ends[1]), (5, 9));
        assert_eq!(table.words, [1, 1, 1]);
        assert_eq!(table.flags[1] & ENDS_SENTENCE, ENDS_SENTENCE);
        assert_eq!(table.flags[0] & ENDS_SENTENCE, 0);
    }

    #[test]
    fn words_join_apostrophes_and_decimal_points_and_count_cjk_as_halves() {
        let table = LineTable::build("It's 3.14, don’t stop\n中文字 ok");
        assert_eq!(table.words, [4, 3]);
    }

    #[test]
    fn bullets_need_a_marker_followed_by_space_or_the_end() {
        let table = LineTable::build("  • item\n1. one\n(12) x\n1234. no\n-dash\na)\n（3）");
        let bullets: Vec<bool> = table.flags.iter().map(|f| f & IS_BULLET != 0).collect();
        assert_eq!(bullets, [true, true, true, false, false, true, true]);
    }
}
