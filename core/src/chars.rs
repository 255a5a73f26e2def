//! Character classes shared by the line table and the rules, each the twin of a Python
//! definition in `lint_corpus/text.py` or a rule module (named at each item).

use crate::tables;

/// `text.EDGE_WHITESPACE`: stripped from a line's ends before judging its shape.
pub const EDGE_WHITESPACE: &[char] = &[
    ' ', '\t', '\r', '\n', '\u{00a0}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}',
    '\u{3000}',
];

/// `text.SENTENCE_END`.
pub const SENTENCE_END: &[char] = &[
    '.', '!', '?', '…', '。', '！', '？', '｡', '‼', '⁇', '⁈', '⁉', ';', '；',
];

/// `text.CLOSERS`: closing marks that may follow a sentence end.
pub const CLOSERS: &[char] = &[
    '"', '\'', '”', '’', '»', '›', '」', '』', '）', ')', '】', '〕', '〗', '〉', '》', ']', '}',
    '｝',
];

/// `text.BULLET_RE`'s markers that stand alone.
const BULLET_MARKS: &[char] = &[
    '-', '*', '+', '•', '·', '‧', '∙', '◦', '▪', '▫', '■', '□', '●', '○', '◆', '◇', '►', '▸', '‣',
    '⁃', '–', '—',
];

/// `text.BULLET_RE`'s indentation (and what must follow a marker).
const BULLET_SPACE: &[char] = &[' ', '\t', '\u{00a0}', '\u{3000}'];

fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    let point = c as u32;
    table
        .binary_search_by(|&(start, end)| {
            if end < point {
                std::cmp::Ordering::Less
            } else if start > point {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `text._CJK_RE`.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff
        | 0xac00..=0xd7af | 0x20000..=0x2ffff)
}

/// `text._LATIN_RE`.
pub fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c as u32, 0xc0..=0x24f)
}

/// `[^\W\d_]` of Python's `re`.
pub fn is_word_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_ranges(tables::WORD_LETTER, c)
}

/// `\d` of Python's `re`.
pub fn is_decimal(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_ranges(tables::DECIMAL, c)
}

/// bad-whitespace's `_JOINER_CONTEXT`.
pub fn is_joiner_context(c: char) -> bool {
    in_ranges(tables::JOINER_CONTEXT, c)
}

/// `text.strip_edges`.
pub fn strip_edges(text: &str) -> &str {
    text.trim_matches(EDGE_WHITESPACE)
}

/// `text.count_word_units`: words, each CJK character counting as half a word.
pub fn word_units(text: &str) -> u32 {
    if text.is_ascii() {
        return ascii_word_units(text.as_bytes());
    }
    let mut words = 0u32;
    let mut cjk = 0u32;
    let mut rest = text.chars().peekable();
    // `_WORD_RE` over the text with CJK runs blanked out: `L+(?:['’]L+)*|D+(?:[.,]D+)*`.
    // The two alternatives start on disjoint classes, and each repetition is taken only
    // when it completes, so a left-to-right scan finds the same matches as the regex.
    while let Some(c) = rest.next() {
        if is_cjk(c) {
            cjk += 1;
            continue;
        }
        let (letters, joins): (bool, &[char]) = if is_word_letter(c) {
            (true, &['\'', '’'])
        } else if is_decimal(c) {
            (false, &['.', ','])
        } else {
            continue;
        };
        let in_class = |c: char| {
            !is_cjk(c)
                && if letters {
                    is_word_letter(c)
                } else {
                    is_decimal(c)
                }
        };
        words += 1;
        loop {
            while rest.next_if(|&c| in_class(c)).is_some() {}
            // A joiner goes on with the word only when the class follows it.
            let mut ahead = rest.clone();
            if !(ahead.next().is_some_and(|j| joins.contains(&j))
                && ahead.peek().is_some_and(|&c| in_class(c)))
            {
                break;
            }
            rest.next();
        }
    }
    words + cjk.div_ceil(2)
}

/// `word_units` of an ASCII text, read byte by byte: most lines of English text are ASCII,
/// and they need neither decoding nor the Unicode tables (no CJK, and `’` is not ASCII).
fn ascii_word_units(bytes: &[u8]) -> u32 {
    let mut words = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        let (class, joins): (fn(&u8) -> bool, &[u8]) = if bytes[i].is_ascii_alphabetic() {
            (u8::is_ascii_alphabetic, b"'")
        } else if bytes[i].is_ascii_digit() {
            (u8::is_ascii_digit, b".,")
        } else {
            i += 1;
            continue;
        };
        words += 1;
        while i < bytes.len() && class(&bytes[i]) {
            i += 1;
        }
        while i + 1 < bytes.len() && joins.contains(&bytes[i]) && class(&bytes[i + 1]) {
            i += 1;
            while i < bytes.len() && class(&bytes[i]) {
                i += 1;
            }
        }
    }
    words
}

/// `text.ends_sentence` of a line's content (already stripped of edge whitespace).
pub fn ends_sentence(content: &str) -> bool {
    let stripped = strip_edges(content).trim_end_matches(CLOSERS);
    stripped
        .chars()
        .next_back()
        .is_some_and(|c| SENTENCE_END.contains(&c))
}

fn digits_then(chars: &[char], at: usize, closers: &[char]) -> Option<usize> {
    let run = chars[at..].iter().take_while(|&&c| is_decimal(c)).count();
    if (1..=3).contains(&run) && chars.get(at + run).is_some_and(|c| closers.contains(c)) {
        Some(at + run + 1)
    } else {
        None
    }
}

/// `text.is_bullet_line`: `BULLET_RE` matches at the start of `raw`.
pub fn is_bullet(raw: &str) -> bool {
    // The indentation is greedy and no marker starts with an indentation character, so
    // skipping it whole is what the pattern does. Six characters hold the longest marker,
    // "(123)", and the one after it.
    let mut buffer = ['\0'; 6];
    let mut taken = 0;
    for c in raw
        .trim_start_matches(BULLET_SPACE)
        .chars()
        .take(buffer.len())
    {
        buffer[taken] = c;
        taken += 1;
    }
    let chars = &buffer[..taken];
    let Some(&first) = chars.first() else {
        return false;
    };
    // The four alternatives start on disjoint characters.
    let after = if BULLET_MARKS.contains(&first) {
        Some(1)
    } else if is_decimal(first) {
        digits_then(chars, 0, &['.', ')', '、'])
    } else if first.is_ascii_alphabetic() {
        chars.get(1).filter(|c| ['.', ')'].contains(c)).map(|_| 2)
    } else if first == '（' || first == '(' {
        digits_then(chars, 1, &[')', '）'])
    } else {
        None
    };
    after.is_some_and(|end| chars.get(end).is_none_or(|c| BULLET_SPACE.contains(c)))
}
