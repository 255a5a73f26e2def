//! Arbitrary UTF-8 through the core: the line table describes the text it was built from,
//! and bad-whitespace's findings stay inside it with edits that can all be applied. The
//! equality with the Python definitions is tested from Python (tests/equivalence/).

use lint_corpus_core::lines::LineTable;
use lint_corpus_core::whitespace::{check, Options};
use proptest::prelude::*;

/// Characters where the definitions have edges, mixed into arbitrary text.
const TRICKY: &[char] = &[
    '\n', '\r', ' ', '\t', '\u{a0}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}',
    '\u{3000}', '\u{0}', '\u{b}', '\u{c}', '\u{7f}', '\u{85}', '\u{92}', 'a', 'é', '中', '。',
    '」', '•', '1', '(', '.',
];

fn text() -> impl Strategy<Value = String> {
    let tricky = proptest::sample::select(TRICKY);
    let any = any::<char>();
    proptest::collection::vec(prop_oneof![3 => tricky, 1 => any], 0..120)
        .prop_map(|chars| chars.into_iter().collect())
}

fn char_len(text: &str) -> u32 {
    u32::try_from(text.chars().count()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn line_table_describes_its_text(text in text()) {
        let table = LineTable::build(&text);
        let chars: Vec<char> = text.chars().collect();
        prop_assert_eq!(table.starts[0], 0);
        prop_assert_eq!(*table.ends.last().unwrap(), char_len(&text));
        for i in 0..table.len() {
            let raw = &text[table.byte_starts[i]..table.byte_ends[i]];
            prop_assert_eq!(char_len(raw), table.ends[i] - table.starts[i]);
            // No line end inside a line; a "\r" only as the first half of a "\r\n".
            prop_assert!(!raw.contains('\n'));
            if let Some(at) = raw.find('\r') {
                prop_assert_eq!(at, raw.len() - 1);
                prop_assert_eq!(text.as_bytes().get(table.byte_ends[i]), Some(&b'\n'));
            }
            if i + 1 < table.len() {
                prop_assert_eq!(table.starts[i + 1], table.ends[i] + 1);
                prop_assert!(matches!(chars[table.ends[i] as usize], '\n' | '\r'));
            }
            let (start, end) = (table.content_starts[i] as usize, table.content_ends[i] as usize);
            prop_assert!(table.starts[i] as usize <= start && start <= end);
            prop_assert!(end <= table.ends[i] as usize);
            let content: String = chars[start..end].iter().collect();
            prop_assert_eq!(content.trim_matches(lint_corpus_core::chars::EDGE_WHITESPACE),
                            content.as_str());
            prop_assert!(table.cjk[i] + table.latin[i] <= char_len(&content));
        }
    }

    #[test]
    fn bad_whitespace_edits_fit_the_text(text in text(), allowed in 0usize..3, nbsp: bool) {
        let table = LineTable::build(&text);
        let options = Options { max_blank_lines: allowed, nbsp_inside_lines: nbsp };
        let length = char_len(&text);
        let mut edits = Vec::new();
        for finding in check(&text, &table, options) {
            prop_assert!(finding.start <= finding.end && finding.end <= length);
            prop_assert!(!finding.message.is_empty() && !finding.edits.is_empty());
            for edit in &finding.edits {
                prop_assert!(edit.start < edit.end && edit.end <= length);
                edits.push((edit.start, edit.end));
            }
        }
        // No two edits overlap, so the fix engine can apply every one of them.
        edits.sort_unstable();
        for pair in edits.windows(2) {
            prop_assert!(pair[0].1 <= pair[1].0, "overlapping edits {:?}", pair);
        }
    }
}

fn wrap_parameters() -> lint_corpus_core::text::WrapParameters {
    lint_corpus_core::text::WrapParameters::default()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn text_measures_are_bounded_by_the_text(text in text()) {
        use lint_corpus_core::text;
        let length = text.chars().count();
        let width = text::display_width(&text);
        prop_assert!(length <= width && width <= 2 * length);
        let (cjk, latin) = text::script_counts(&text);
        prop_assert!(cjk + latin <= length);
        prop_assert!(["han", "latin", "other"].contains(&text::script_of(&text)));
        prop_assert!(lint_corpus_core::chars::word_units(&text) as usize <= length);
    }

    #[test]
    fn a_wrap_band_is_a_range_of_measured_widths(lines in proptest::collection::vec(text(), 0..12)) {
        let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
        let parameters = wrap_parameters();
        if let Some((low, high)) = lint_corpus_core::text::wrap_band(&borrowed, &parameters) {
            prop_assert!(low <= high);
            prop_assert!((30..=200).contains(&high));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// The ASCII fast path of `word_units` counts as the general path does: an ideographic
    /// space after the text (no word, no joiner, not CJK) sends it down the general path.
    #[test]
    fn ascii_word_units_match_the_general_count(
        text in proptest::collection::vec(proptest::sample::select(
            b"ab Z09'.,-_ \t".to_vec()), 0..60)
            .prop_map(|bytes| String::from_utf8(bytes).unwrap()),
    ) {
        prop_assert_eq!(
            lint_corpus_core::chars::word_units(&text),
            lint_corpus_core::chars::word_units(&format!("{text}\u{3000}"))
        );
    }
}
