//! Text measures the trailer analysis asks of line fragments and of whole documents: the
//! twins of `display_width`, `script_of` and `wrap_band` in `lint_corpus/text.py`. The
//! thresholds of the hard-wrap test stay named in Python and arrive as `WrapParameters`.

use crate::chars;

/// `text._WIDE_RUN_RE`: two columns wide in a fixed-width font (East Asian Width W and F).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115f | 0x2e80..=0x303e | 0x3041..=0x33ff | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff | 0xa960..=0xa97f | 0xac00..=0xd7a3 | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f | 0xff00..=0xff60 | 0xffe0..=0xffe6 | 0x20000..=0x3fffd)
}

/// `text.display_width`: columns, a wide character taking two.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// Python's `str.isspace` (what `\s` matches in a `re` pattern): Unicode White_Space plus
/// the information separators U+001C..U+001F.
pub fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The script of `text` by majority: `"han"`, `"latin"` or `"other"` (`text.script_of`).
pub fn script_of(text: &str) -> &'static str {
    let (cjk, latin) = script_counts(text);
    if cjk == 0 && latin == 0 {
        "other"
    } else if cjk >= latin {
        "han"
    } else {
        "latin"
    }
}

/// CJK characters and Latin letters of `text` (`text.count_cjk`, `text.count_latin_letters`).
pub fn script_counts(text: &str) -> (usize, usize) {
    text.chars().fold((0, 0), |(cjk, latin), c| {
        (
            cjk + usize::from(chars::is_cjk(c)),
            latin + usize::from(chars::is_latin(c)),
        )
    })
}

/// `text._INNER_END_RE` finds a match: a CJK sentence end before more text, or a Latin one
/// after a lower-case word and before spaces and a capital:
/// `[。！？｡](?=\S)|[a-z]{2}[.!?]["'”’]?\s+(?=[A-Z])`.
pub fn has_inner_end(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len()).any(|at| cjk_end_at(&chars, at) || latin_end_at(&chars, at))
}

fn cjk_end_at(chars: &[char], at: usize) -> bool {
    ['。', '！', '？', '｡'].contains(&chars[at])
        && chars.get(at + 1).is_some_and(|&c| !is_python_space(c))
}

fn latin_end_at(chars: &[char], at: usize) -> bool {
    if at + 3 > chars.len()
        || !chars[at].is_ascii_lowercase()
        || !chars[at + 1].is_ascii_lowercase()
        || !['.', '!', '?'].contains(&chars[at + 2])
    {
        return false;
    }
    // The optional quote and the greedy spaces: a quote is never a space, so whether the
    // quote is taken or not, the spaces after it are all taken and a capital must follow.
    let spaces_from = |from: usize| {
        let run = chars[from.min(chars.len())..]
            .iter()
            .take_while(|&&c| is_python_space(c))
            .count();
        run > 0 && chars.get(from + run).is_some_and(char::is_ascii_uppercase)
    };
    let after = at + 3;
    (chars
        .get(after)
        .is_some_and(|c| ['"', '\'', '”', '’'].contains(c))
        && spaces_from(after + 1))
        || spaces_from(after)
}

/// The named thresholds of `text.wrap_band` (`WRAP_*` in `lint_corpus/text.py`).
#[derive(Debug, Clone, Copy)]
pub struct WrapParameters {
    pub min_columns: usize,
    pub max_columns: usize,
    pub slack: f64,
    pub cjk_slack_columns: usize,
    pub min_full_share: f64,
    pub min_full_lines: usize,
    pub max_finished_share: f64,
    pub min_ended_run_share: f64,
    pub min_full_columns: usize,
    pub min_run_lines: usize,
    pub min_inner_end_share: f64,
}

impl Default for WrapParameters {
    /// The values of `lint_corpus/text.py`'s `WRAP_*` constants, which Python passes itself:
    /// for the core's own tests.
    fn default() -> Self {
        Self {
            min_columns: 30,
            max_columns: 200,
            slack: 0.2,
            cjk_slack_columns: 2,
            min_full_share: 0.5,
            min_full_lines: 3,
            max_finished_share: 0.5,
            min_ended_run_share: 0.5,
            min_full_columns: 24,
            min_run_lines: 2,
            min_inner_end_share: 0.5,
        }
    }
}

fn wrap_width_of(line: &str, p: &WrapParameters) -> i64 {
    let length = line.chars().count();
    if length > p.max_columns {
        return p.max_columns as i64 + 1;
    }
    if 2 * length >= p.min_full_columns {
        display_width(line) as i64
    } else {
        length as i64
    }
}

/// `text.wrap_band`: the widths (lowest, highest) of the lines that fill the width at which
/// `lines` were hard-wrapped, or `None` when they were not.
pub fn wrap_band(lines: &[&str], p: &WrapParameters) -> Option<(i64, i64)> {
    let widths: Vec<i64> = lines.iter().map(|line| wrap_width_of(line, p)).collect();
    let (min, max) = (p.min_columns as i64, p.max_columns as i64);
    let wide: Vec<(i64, &str)> = widths
        .iter()
        .zip(lines)
        .filter(|(&w, _)| min <= w && w <= max)
        .map(|(&w, &line)| (w, line))
        .collect();
    if wide.len() < p.min_full_lines {
        return None;
    }
    let cjk = wide
        .iter()
        .filter(|(_, line)| script_of(line) == "han")
        .count();
    let mut ordered: Vec<i64> = wide.iter().map(|&(w, _)| w).collect();
    ordered.sort_unstable();
    let lowest = |width: i64| -> i64 {
        if 2 * cjk > wide.len() {
            width - p.cjk_slack_columns as i64
        } else {
            (width as f64 * (1.0 - p.slack)).ceil() as i64
        }
    };
    let filling = |width: i64| -> usize {
        let right = ordered.partition_point(|&w| w <= width);
        let left = ordered.partition_point(|&w| w < lowest(width));
        right - left
    };
    // The candidate that the most lines fill, the widest of equals (Python's max over
    // `(filling, candidate)`).
    let width = ordered
        .iter()
        .copied()
        .max_by_key(|&candidate| (filling(candidate), candidate))?;
    let low = lowest(width);
    let fills = |w: i64| low <= w && w <= width;
    let full: Vec<&str> = wide
        .iter()
        .filter(|&&(w, _)| fills(w))
        .map(|&(_, line)| line)
        .collect();
    if full.len() < p.min_full_lines || (full.len() as f64) < p.min_full_share * wide.len() as f64 {
        return None;
    }
    let finished = full
        .iter()
        .filter(|line| chars::ends_sentence(line))
        .count();
    if finished as f64 > p.max_finished_share * full.len() as f64 {
        return None;
    }
    let mut run_ends: Vec<bool> = Vec::new();
    let mut run = 0;
    for (line, &w) in lines
        .iter()
        .zip(&widths)
        .take(lines.len().saturating_sub(1))
    {
        if fills(w) {
            run += 1;
            continue;
        }
        if run >= p.min_run_lines {
            run_ends.push(w < low && chars::ends_sentence(line));
        }
        run = 0;
    }
    let ended = run_ends.iter().filter(|&&ended| ended).count();
    if !run_ends.is_empty() && ended as f64 > p.min_ended_run_share * run_ends.len() as f64 {
        return Some((low, width));
    }
    let inner = full.iter().filter(|line| has_inner_end(line)).count();
    (run_ends.is_empty() && inner as f64 >= p.min_inner_end_share * full.len() as f64)
        .then_some((low, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("ab"), 2);
        assert_eq!(display_width("中文a"), 5);
        assert_eq!(display_width("ＡＢ"), 4);
    }

    #[test]
    fn script_is_the_majority() {
        assert_eq!(script_of("中文 ab"), "han");
        assert_eq!(script_of("中 abc"), "latin");
        assert_eq!(script_of("123 !"), "other");
    }

    #[test]
    fn inner_sentence_ends() {
        assert!(has_inner_end("它来了。然后"));
        assert!(!has_inner_end("它来了。 然后"));
        assert!(has_inner_end("the end. Then"));
        assert!(has_inner_end("the end.\" Then"));
        assert!(!has_inner_end("S. Carey"));
        assert!(!has_inner_end("the end.Then"));
        assert!(!has_inner_end("the end. then"));
    }
}
