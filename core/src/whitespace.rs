//! `bad-whitespace` (LC203): detection, findings, messages and edits, the twin of
//! `rules/whitespace.py`'s documented behaviour (that module is a thin wrapper over this).
//!
//! Offsets are characters. A line is looked at one character at a time only when a cheap
//! gate over the whole text (one DFA search, the line ends) says it may hold a defect.

use crate::chars::is_joiner_context;
use crate::lines::LineTable;
use regex::Regex;
use std::sync::OnceLock;

/// Zero-width characters that carry nothing in running text.
const ZERO_WIDTH: &[char] = &['\u{200b}', '\u{2060}', '\u{feff}'];
/// ZWNJ and ZWJ: meaningful in emoji sequences and Arabic, Persian and Indic scripts, so
/// junk only where both neighbours are `is_joiner_context` (or an edge).
const JOINERS: &[char] = &['\u{200c}', '\u{200d}'];
/// Horizontal whitespace that may trail a line.
const SPACES: &[char] = &[
    ' ', '\t', '\u{00a0}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}',
    '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200a}', '\u{202f}', '\u{205f}', '\u{3000}',
];
const NBSP: char = '\u{00a0}';

/// What may be stripped from a line's end: the spaces plus the zero-width characters.
fn is_trailing(c: char) -> bool {
    SPACES.contains(&c) || ZERO_WIDTH.contains(&c)
}

/// What a blank line may hold: the trailing characters plus the joiners.
fn is_blank_char(c: char) -> bool {
    is_trailing(c) || JOINERS.contains(&c)
}

/// C0 controls except tab and the line ends, and DEL.
fn is_c0(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}')
}

fn is_c1(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9f}')
}

/// Latin letters and the Windows-1252 repertoire (Latin Extended-A covers its Œ, Š, Ÿ, Ž
/// and ƒ): a C1 control next to one of these is
/// mojibake, which LC201 repairs, not junk.
fn is_latin1_context(c: char) -> bool {
    matches!(c,
        'A'..='Z' | 'a'..='z' | '\u{a0}'..='\u{24f}' | '\u{2c6}' | '\u{2dc}' | '\u{2013}'
        | '\u{2014}' | '\u{2018}'..='\u{201e}' | '\u{2020}'..='\u{2022}' | '\u{2026}'
        | '\u{2030}' | '\u{2039}' | '\u{203a}' | '\u{20ac}' | '\u{2122}')
}

/// Every character that is always worth a look: zero-width, joiners, C0 (but tab and line
/// ends), DEL, C1.
fn char_gate() -> &'static Regex {
    static GATE: OnceLock<Regex> = OnceLock::new();
    GATE.get_or_init(|| {
        Regex::new(
            r"[\x{200b}\x{2060}\x{feff}\x{200c}\x{200d}\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x{9f}]",
        )
        .expect("the gate pattern compiles")
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Blank lines allowed in a row; longer runs are shortened.
    pub max_blank_lines: usize,
    /// Also flag NBSP between words.
    pub nbsp_inside_lines: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: u32,
    pub end: u32,
    pub replacement: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub start: u32,
    pub end: u32,
    pub message: String,
    /// The fix's title.
    pub title: String,
    pub edits: Vec<Edit>,
    pub category: &'static str,
    /// Characters the edits cover (blank-lines: `None`).
    pub chars: Option<u32>,
    /// Blank lines in the run (blank-lines only).
    pub blank_lines: Option<u32>,
}

/// The names a message gives each character, once each, in order of appearance.
fn describe(chars: impl IntoIterator<Item = char>) -> String {
    let mut seen: Vec<char> = Vec::new();
    for c in chars {
        if !seen.contains(&c) {
            seen.push(c);
        }
    }
    let names: Vec<String> = seen
        .into_iter()
        .map(|c| match c {
            '\u{a0}' => "NBSP".to_owned(),
            '\t' => "tab".to_owned(),
            ' ' => "space".to_owned(),
            other => format!("U+{:04X}", other as u32),
        })
        .collect();
    names.join(", ")
}

struct Document<'a> {
    text: &'a str,
    lines: &'a LineTable,
}

impl Document<'_> {
    fn raw(&self, index: usize) -> &str {
        &self.text[self.lines.byte_starts[index]..self.lines.byte_ends[index]]
    }

    /// The line a byte offset falls in.
    fn line_at(&self, byte: usize) -> usize {
        self.lines
            .byte_starts
            .partition_point(|&start| start <= byte)
            .saturating_sub(1)
    }

    fn length(&self) -> u32 {
        self.lines.ends.last().copied().unwrap_or(0)
    }
}

/// Whether each line is blank: only blank characters before an optional final "\r".
fn blank_flag(raw: &str) -> bool {
    matches!(raw.trim_start_matches(is_blank_char), "" | "\r")
}

/// A line ends in horizontal whitespace, before at most one "\r".
fn has_trailing_space(raw: &str) -> bool {
    let mut tail = raw.chars().rev();
    match tail.next() {
        Some('\r') => tail.next().is_some_and(|c| SPACES.contains(&c)),
        Some(c) => SPACES.contains(&c),
        None => false,
    }
}

/// Whether more than `max_blank_lines` blank lines follow each other, each ended by a line
/// end, as far as the gate needs to know: without a "\r", a blank line holding anything is
/// already caught by the other gates, so only empty lines count there.
fn has_blank_run(doc: &Document, allowed: usize) -> bool {
    let with_cr = doc.text.contains('\r');
    let terminated = doc.lines.len() - 1;
    let mut run = 0;
    for index in 0..terminated {
        let raw = doc.raw(index);
        let blank = if with_cr {
            blank_flag(raw)
        } else {
            raw.is_empty()
        };
        run = if blank { run + 1 } else { 0 };
        if run > allowed {
            return true;
        }
    }
    false
}

pub fn check(text: &str, lines: &LineTable, options: Options) -> Vec<Finding> {
    let doc = Document { text, lines };
    let allowed = options.max_blank_lines;
    let gate = char_gate();
    let first_char = gate.find(text);
    let trailing: Vec<usize> = (0..lines.len())
        .filter(|&i| has_trailing_space(doc.raw(i)))
        .collect();
    if first_char.is_none()
        && trailing.is_empty()
        && !has_blank_run(&doc, allowed)
        && !(options.nbsp_inside_lines && text.contains(NBSP))
    {
        return Vec::new(); // the common case: clean text
    }
    // The lines without the empty one after a final newline.
    let real = if lines.len() > 1 && text.ends_with('\n') {
        lines.len() - 1
    } else {
        lines.len()
    };
    let blank: Vec<bool> = (0..real).map(|i| blank_flag(doc.raw(i))).collect();
    let mut findings = blank_runs(&doc, &blank, allowed);
    let mut with_chars: Vec<usize> = Vec::new();
    if first_char.is_some() {
        // One search per line with a hit: after a hit the search resumes on the next line.
        let mut from = 0;
        while let Some(hit) = gate.find_at(text, from) {
            let line = doc.line_at(hit.start());
            with_chars.push(line);
            from = lines.byte_ends[line] + 1;
            if from > text.len() {
                break;
            }
        }
    }
    let candidates: Vec<usize> = if options.nbsp_inside_lines {
        (0..real).collect()
    } else {
        let mut union = [with_chars.as_slice(), trailing.as_slice()].concat();
        union.sort_unstable();
        union.dedup();
        union
    };
    for index in candidates {
        if index >= real || doc.raw(index).is_empty() {
            continue;
        }
        let chars_hit = with_chars.binary_search(&index).is_ok();
        line_defects(&doc, index, &blank, chars_hit, options, &mut findings);
    }
    findings
}

fn blank_runs(doc: &Document, blank: &[bool], allowed: usize) -> Vec<Finding> {
    let lines = doc.lines;
    let mut findings = Vec::new();
    let mut index = 0;
    while index < blank.len() {
        if !blank[index] {
            index += 1;
            continue;
        }
        let run_end = blank[index..]
            .iter()
            .position(|&b| !b)
            .map_or(blank.len(), |n| index + n);
        let count = run_end - index;
        if count > allowed {
            let first = index + allowed;
            let last = run_end - 1;
            let length = doc.length();
            let end = (lines.ends[last] + 1).min(length);
            let mut start = lines.starts[first];
            if end == length && !doc.text.ends_with('\n') {
                start = start.saturating_sub(1); // the last line has no newline: take ours
            }
            findings.push(Finding {
                start: lines.starts[index],
                end: lines.ends[last],
                message: format!(
                    "{count} blank lines in a row (lines {}–{}); at most {allowed} allowed",
                    index + 1,
                    last + 1
                ),
                title: format!("Delete {} of the blank lines", count - allowed),
                edits: vec![Edit {
                    start,
                    end,
                    replacement: "",
                }],
                category: "blank-lines",
                chars: None,
                blank_lines: Some(u32::try_from(count).unwrap_or(u32::MAX)),
            });
        }
        index = run_end;
    }
    findings
}

/// True when the blank-run finding deletes line `index` (so it is not reported twice): at
/// least `allowed` blank lines come right before it.
fn in_long_blank_run(blank: &[bool], index: usize, allowed: usize) -> bool {
    blank[..index]
        .iter()
        .rev()
        .take(allowed)
        .take_while(|&&b| b)
        .count()
        >= allowed
}

/// `[ZW]+ | (?<=^|ctx)[joiners]+(?=ctx|$)` over `chars`, leftmost first.
fn invisible_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let run = |from: usize, set: &[char]| {
        from + chars[from..].iter().take_while(|c| set.contains(c)).count()
    };
    let mut spans = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if ZERO_WIDTH.contains(&chars[at]) {
            let end = run(at, ZERO_WIDTH);
            spans.push((at, end));
            at = end;
            continue;
        }
        if JOINERS.contains(&chars[at]) && (at == 0 || is_joiner_context(chars[at - 1])) {
            // Greedy, then give back joiners until what follows is context or the end.
            let longest = run(at, JOINERS);
            let end = (at + 1..=longest)
                .rev()
                .find(|&end| end == chars.len() || is_joiner_context(chars[end]));
            if let Some(end) = end {
                spans.push((at, end));
                at = end;
                continue;
            }
        }
        at += 1;
    }
    spans
}

/// `[C0]+ | (?<![l1 C1])[C1]+(?![l1 C1])` over `chars`, leftmost first.
fn control_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let near_latin = |c: char| is_latin1_context(c) || is_c1(c);
    let mut spans = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        if is_c0(c) {
            let end = at + chars[at..].iter().take_while(|&&c| is_c0(c)).count();
            spans.push((at, end));
            at = end;
            continue;
        }
        if is_c1(c) && (at == 0 || !near_latin(chars[at - 1])) {
            // A shorter run is followed by a C1 character: only the whole run can match.
            let end = at + chars[at..].iter().take_while(|&&c| is_c1(c)).count();
            if end == chars.len() || !near_latin(chars[end]) {
                spans.push((at, end));
                at = end;
                continue;
            }
        }
        at += 1;
    }
    spans
}

fn span_finding(
    category: &'static str,
    message: String,
    title: &str,
    edits: Vec<Edit>,
    covered: u32,
) -> Finding {
    Finding {
        start: edits[0].start,
        end: edits[edits.len() - 1].end,
        message,
        title: title.to_owned(),
        edits,
        category,
        chars: Some(covered),
        blank_lines: None,
    }
}

fn line_defects(
    doc: &Document,
    index: usize,
    blank: &[bool],
    chars_hit: bool,
    options: Options,
    findings: &mut Vec<Finding>,
) {
    let full = doc.raw(index);
    let raw: Vec<char> = full.strip_suffix('\r').unwrap_or(full).chars().collect();
    let base = doc.lines.starts[index];
    let at = |i: usize| base + u32::try_from(i).expect("a line within 4 G characters");
    let number = index + 1;
    let text_of = |spans: &[(usize, usize)]| {
        spans
            .iter()
            .flat_map(|&(s, e)| raw[s..e].iter().copied())
            .collect::<Vec<char>>()
    };
    if blank[index] {
        if !raw.is_empty() && !in_long_blank_run(blank, index, options.max_blank_lines) {
            let spans = [(0, raw.len())];
            findings.push(span_finding(
                "whitespace-only",
                format!(
                    "Line {number} holds only whitespace ({})",
                    describe(text_of(&spans))
                ),
                "Empty the whitespace-only line",
                vec![Edit {
                    start: at(0),
                    end: at(raw.len()),
                    replacement: "",
                }],
                at(raw.len()) - base,
            ));
        }
        return;
    }
    let body_end = raw.len() - raw.iter().rev().take_while(|&&c| is_trailing(c)).count();
    let body = &raw[..body_end];
    let covered = |spans: &[(usize, usize)]| at(spans.iter().map(|(s, e)| e - s).sum()) - base;
    if chars_hit {
        let invisible: Vec<(usize, usize)> = invisible_spans(body)
            .into_iter()
            .filter(|&(s, e)| !(at(s) == 0 && e - s == 1 && body[s] == '\u{feff}')) // a BOM
            .collect();
        if !invisible.is_empty() {
            let edits = invisible.iter().map(|&(s, e)| Edit {
                start: at(s),
                end: at(e),
                replacement: "",
            });
            findings.push(span_finding(
                "zero-width",
                format!(
                    "Zero-width character {} inside the text",
                    describe(text_of(&invisible))
                ),
                "Delete the zero-width characters",
                edits.collect(),
                covered(&invisible),
            ));
        }
        let controls = control_spans(body);
        if !controls.is_empty() {
            // A vertical tab or form feed inside a line was a line break.
            let replacement = |s: usize, e: usize| {
                let breaks = body[s..e].iter().any(|&c| c == '\u{b}' || c == '\u{c}');
                if breaks && s > 0 && e < body_end {
                    "\n"
                } else {
                    ""
                }
            };
            let edits = controls.iter().map(|&(s, e)| Edit {
                start: at(s),
                end: at(e),
                replacement: replacement(s, e),
            });
            findings.push(span_finding(
                "control",
                format!(
                    "Control character {} in the text",
                    describe(text_of(&controls))
                ),
                "Delete the control characters",
                edits.collect(),
                covered(&controls),
            ));
        }
    }
    if options.nbsp_inside_lines {
        let content_start = raw.iter().take_while(|&&c| is_trailing(c)).count();
        let nbsp: Vec<(usize, usize)> = (content_start..body_end)
            .filter(|&i| raw[i] == NBSP)
            .map(|i| (i, i + 1))
            .collect();
        if !nbsp.is_empty() {
            let edits = nbsp.iter().map(|&(s, e)| Edit {
                start: at(s),
                end: at(e),
                replacement: " ",
            });
            findings.push(span_finding(
                "nbsp",
                "Non-breaking space between words".to_owned(),
                "Replace NBSP by a space",
                edits.collect(),
                covered(&nbsp),
            ));
        }
    }
    if body_end < raw.len() {
        let spans = [(body_end, raw.len())];
        findings.push(span_finding(
            "trailing",
            format!(
                "Trailing whitespace ({}) at the end of line {number}",
                describe(text_of(&spans))
            ),
            "Delete the trailing whitespace",
            vec![Edit {
                start: at(body_end),
                end: at(raw.len()),
                replacement: "",
            }],
            covered(&spans),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str, max_blank_lines: usize) -> Vec<Finding> {
        let options = Options {
            max_blank_lines,
            nbsp_inside_lines: false,
        };
        check(text, &LineTable::build(text), options)
    }

    #[test]
    fn trailing_whitespace_is_named_and_deleted() {
        let found = findings("a \u{a0}\r\nb", 1);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "Trailing whitespace (space, NBSP) at the end of line 1"
        );
        assert_eq!(
            found[0].edits,
            [Edit {
                start: 1,
                end: 3,
                replacement: ""
            }]
        );
    }

    #[test]
    fn a_long_blank_run_is_one_finding_that_keeps_the_allowed_lines() {
        let found = findings("a\n\n\n\nb\n", 1);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].category, "blank-lines");
        assert_eq!(found[0].blank_lines, Some(3));
        assert_eq!(
            found[0].edits,
            [Edit {
                start: 3,
                end: 5,
                replacement: ""
            }]
        );
    }

    #[test]
    fn joiners_stay_between_letters_of_joining_scripts() {
        assert!(findings("\u{628}\u{200c}\u{628}", 1).is_empty());
        let found = findings("a\u{200d}b", 1);
        assert_eq!(
            found[0].message,
            "Zero-width character U+200D inside the text"
        );
    }

    #[test]
    fn c1_controls_next_to_latin_are_left_to_mojibake() {
        assert!(findings("it\u{c2}\u{92}s", 1).is_empty());
        let found = findings("中\u{85}文", 1);
        assert_eq!(found[0].category, "control");
    }

    #[test]
    fn a_form_feed_inside_a_line_becomes_a_line_break() {
        let found = findings("a\u{c}b\u{c}", 1);
        let replacements: Vec<&str> = found[0].edits.iter().map(|e| e.replacement).collect();
        assert_eq!(replacements, ["\n", ""]);
    }
}
