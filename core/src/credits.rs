//! Credit lines: who wrote, edited, translated or reported an article, where it came from, an
//! author's bio. The trailer analysis keeps such a line in the article (`is_credit`), and
//! reads prose after an explicit end-of-article credit as another story's teaser
//! (`is_strong_credit`). `lint_corpus/credits.py` explains the families and asks these two
//! questions here; its looser closing-line patterns stay in Python.
//!
//! The patterns are those of the Python definition (kept as the reference in
//! `tests/equivalence/plain_definitions.py`), rewritten where the `regex` crate differs from
//! the `regex` module:
//!
//! * no look-arounds: the bio pattern's `^(?!(?:The|This|…)\s)` is a second pattern, anchored
//!   at the start like the first, that must not match (`^(?!X)Y` matches exactly when `^Y`
//!   does and `^X` does not);
//! * `$` is written `END`: Python's `$` also matches before a final line end;
//! * case folding: the `regex` module folds the Turkish `İ` to `i` and this crate does not, so
//!   the case-insensitive pattern reads `İ` as `i` (no other part of it tells them apart:
//!   both are word characters, neither is a space, bracket or CJK character);
//! * Unicode classes (`\p{Lu}`, `\w`, `\p{Han}`) are this crate's tables (Unicode 16): they
//!   differ from the `regex` module's only on the code points a later Unicode version
//!   assigned or recategorised.

use crate::chars;
use crate::patterns::Pattern;
use regex::Regex;
use std::sync::OnceLock;

/// Credit lines are short: longer lines are prose and skip the credit patterns entirely.
pub const CREDIT_MAX_CHARS: usize = 400;
/// Every credit pattern is anchored at the start (or end) of the line and short, so matching a
/// bounded prefix (suffix) gives the same answer as matching the whole line.
pub const HEAD_CHARS: usize = 100;
/// A label without a separator ("素材来源 某某日报") names a person or an outlet: forty
/// characters hold a few of each.
const LABEL_WITHOUT_SEPARATOR_MAX_CHARS: usize = 40;
/// An author bio is a sentence or two ("Jane Doe is a reporter for …"); a longer line that
/// opens like one is a paragraph about a person.
const BIO_MAX_WORDS: u32 = 60;
/// A person label's value is a name or two; one this long (in words, a CJK character being
/// half a word) is what the person said, as in an interview transcript.
const INTERVIEW_MIN_WORDS: u32 = 15;

/// Python's `$` without MULTILINE: the end of the text, or just before a line end there.
pub const END: &str = r"\n?\z";

/// Chinese source labels ("本文来源：…", "素材来源 …").
const SOURCE_LABEL: &str = "(?:本文|文章|新聞|新闻|素材|圖片|图片|資料|资料|信息|內容|内容)?\
                            (?:来源|來源|出處|出处)";
/// Chinese staff labels, each allowing a space between its characters ("审 读").
const STAFF_LABELS: &[&str] = &[
    "责任编辑",
    "責任編輯",
    "编辑",
    "編輯",
    "责编",
    "責編",
    "翻译",
    "翻譯",
    "譯者",
    "译者",
    "校对",
    "校對",
    "撰文",
    "撰稿",
    "审读",
    "審讀",
    "审校",
    "審校",
    "排版",
    "摄影",
    "攝影",
    "采写",
    "採寫",
    "监制",
    "監製",
    "统筹",
    "統籌",
    "策划",
    "策劃",
    "主编",
    "主編",
    "通讯员",
    "通訊員",
    "实习生",
    "實習生",
    "校审",
    "终审",
    "終審",
    "初审",
    "初審",
];
/// Chinese person labels ("作者：…", "记者：…"): a credit, except in an interview.
const PERSON_LABEL: &str = "(?:作者|记者|記者|主持人)";
const SEPARATOR: &str = r"\s*[:：︱|｜/]";

fn staff_label() -> String {
    let spaced: Vec<String> = STAFF_LABELS
        .iter()
        .map(|label| {
            label
                .chars()
                .map(|c| regex::escape(&c.to_string()))
                .collect::<Vec<_>>()
                .join(r"\s?")
        })
        .collect();
    format!("(?:{})", spaced.join("|"))
}

fn strong_credit_source() -> String {
    let staff = staff_label();
    let alternatives = [
        format!(r"[\[【(（]?\s*{SOURCE_LABEL}{SEPARATOR}"),
        format!(r"[\[【(（]?\s*{staff}{SEPARATOR}"),
        r"原标题\s*[:：]|原標題\s*[:：]".to_owned(),
        format!(r"{PERSON_LABEL}\s*[:：︱|｜]"),
        r"[(（]\s*完\s*[)）]".to_owned(),
        "(?:本文|此文)(?:转载|轉載|转自|轉自|原载|原載)".to_owned(),
        // Latin bylines: Reuters' "(Reporting by …; Editing by …)", USA Today's
        // "Contributing: …", translators and first publication.
        r"[(\[]?\s*translat(?:ed|ion)\s+by\b".to_owned(),
        r"[(\[]?\s*(?:additional\s+)?reporting\s+by\b".to_owned(),
        r"[(\[]?\s*editing\s+by\b".to_owned(),
        r"edited\s+by\s+\S".to_owned(),
        r"contributing\s*(?:reporters?|writers?|editors?)?\s*:".to_owned(),
        r"this\s+(?:article|story|post|piece)\s+(?:was\s+)?(?:originally|first)\s+(?:appeared|published)"
            .to_owned(),
        r"originally\s+published\s+(?:on|in|at)\b".to_owned(),
        // An editor's or agency's initials in brackets, alone on the line: "(AP)", "(ap/dpa)".
        format!(r"\((?:[a-z]{{2,5}}(?:/[a-z]{{2,5}})*)\){END}"),
        // A reporter note in brackets, alone on its line: "（记者 王明）".
        format!(r"[(（][^()（）]{{0,12}}?(?:记者|記者|通讯员|通訊員|评论员|評論員)[^()（）]{{0,30}}[)）]{END}"),
        // A Japanese news agency's tag, alone on its line: "（共同）", "（時事）".
        format!(r"[(（](?:共同|時事|共同通信|時事通信|ロイター|ブルームバーグ|ＡＦＰ|ＡＰ|ＮＮＡ)[)）]{END}"),
    ];
    format!("^(?:{})", alternatives.join("|"))
}

/// The editor's note at the end of a line: "…（责任编辑：王某）".
fn credit_tail_source() -> String {
    format!(r"[\[【(（]\s*(?:责任编辑|責任編輯|编辑|編輯)\s*[:：][^\]】)）]*[\]】)）]{END}")
}

/// A source, staff or author label followed by a space, not a separator ("素材来源 某某日报"),
/// a reporter byline ("中青网记者 魏某 来源：…"), and a Korean one, the name before the word
/// for reporter ("김철수 기자", "… 특파원").
fn unseparated_label_source() -> String {
    format!(
        r"^(?:[\[【(（]?\s*(?:{SOURCE_LABEL}|{}|作者)\s+\S|\S{{0,12}}?(?:记者|記者|通讯员|通訊員)\s*[\p{{Han}}·]{{2,5}}(?:\s|{END})|\p{{Hangul}}{{2,4}}\s*(?:기자|특파원|통신원)(?:\s|{END}))",
        staff_label()
    )
}

/// An author bio: "Jane Doe is a reporter for …", "Andrés Malamud es politólogo …".
const BIO: &str = r"^(?:\p{Lu}[\p{L}.'’-]+\s+){1,3}\p{Lu}[\p{L}.'’-]+\s+(?:is|was|es|é|ist|est)\s+(?:a|an|the|un|una|um|uma|ein|eine|le|la|former|senior|professor)\b";
/// What a bio must not open with: a sentence about a thing ("The Committee is a body …").
const NOT_A_BIO: &str = r"^(?:The|This|That|These|Those|It|Its|Our|Their|His|Her|A|An|Each|Every|Some|Any|No|One|In|On|At|For|If|When|While|El|La|Los|Las|Le|Les|Der|Die|Das|O|Os|As)\s";

fn emphatic_bio_source() -> String {
    format!(r"^[\p{{Lu}}\s.'’-]{{5,40}}\s(?:IS|ES)\s[\p{{Lu}}\s,.'’-]{{5,}}{END}")
}

/// An interview turn: a person label opening a question or an answer (`said`).
fn interview_turn_source() -> String {
    format!(r"^{PERSON_LABEL}\s*[:：︱|｜]\s*(.+){END}")
}

struct Credits {
    strong: Pattern,
    tail: Regex,
    unseparated_label: Regex,
    bio: Pattern,
    not_a_bio: Regex,
    emphatic_bio: Regex,
    interview_turn: Regex,
    person_label: Regex,
}

fn credits() -> &'static Credits {
    static CREDITS: OnceLock<Credits> = OnceLock::new();
    CREDITS.get_or_init(|| {
        let regex = |source: &str| Regex::new(source).expect("a credit pattern compiles");
        let pattern = |source: &str, ignore_case: bool| {
            Pattern::new(source, ignore_case).expect("a credit pattern compiles")
        };
        Credits {
            strong: pattern(&strong_credit_source(), true),
            tail: regex(&credit_tail_source()),
            unseparated_label: regex(&unseparated_label_source()),
            bio: pattern(BIO, false),
            not_a_bio: regex(NOT_A_BIO),
            emphatic_bio: regex(&emphatic_bio_source()),
            interview_turn: regex(&interview_turn_source()),
            person_label: regex(&format!("^{PERSON_LABEL}")),
        }
    })
}

fn matches(pattern: &Pattern, text: &str) -> bool {
    pattern.is_match(text).expect("a credit pattern compiles")
}

/// The first `count` characters of `text` (Python's `text[:count]`).
pub fn head(text: &str, count: usize) -> &str {
    text.char_indices()
        .nth(count)
        .map_or(text, |(at, _)| &text[..at])
}

/// The last `count` characters of `text` (Python's `text[-count:]`).
pub fn tail(text: &str, count: usize) -> &str {
    if count == 0 {
        return "";
    }
    text.char_indices()
        .nth_back(count - 1)
        .map_or(text, |(at, _)| &text[at..])
}

/// Whether `text` is longer than `count` characters, reading at most `count + 1` of them.
pub fn longer_than(text: &str, count: usize) -> bool {
    text.len() > count && text.chars().nth(count).is_some()
}

/// A credit line: source, byline, editor, translator, reporter note or author bio.
pub fn is_credit(content: &str) -> bool {
    if content.is_empty() || longer_than(content, CREDIT_MAX_CHARS) {
        return false;
    }
    if is_strong_credit(content) {
        return true;
    }
    let patterns = credits();
    if !longer_than(content, LABEL_WITHOUT_SEPARATOR_MAX_CHARS)
        && patterns.unseparated_label.is_match(content)
        && !chars::ends_sentence(content)
    {
        return true;
    }
    chars::word_units(content) <= BIO_MAX_WORDS
        && (is_bio(content) || patterns.emphatic_bio.is_match(content))
}

fn is_bio(content: &str) -> bool {
    let patterns = credits();
    let head = head(content, HEAD_CHARS);
    matches(&patterns.bio, head) && !patterns.not_a_bio.is_match(head)
}

/// An explicit end-of-article credit ("Translated by", "本文来源：", "(Reporting by …)").
pub fn is_strong_credit(content: &str) -> bool {
    if longer_than(content, CREDIT_MAX_CHARS) {
        return false;
    }
    let patterns = credits();
    let head = head(content, HEAD_CHARS);
    let strong = if head.contains('İ') {
        matches(&patterns.strong, &head.replace('İ', "i"))
    } else {
        matches(&patterns.strong, head)
    };
    (strong || patterns.tail.is_match(tail(content, HEAD_CHARS))) && !is_interview_turn(content)
}

/// A strong credit other than a person's label ("作者：…"): it closes the article wherever it
/// is.
pub fn is_closing_label(content: &str) -> bool {
    is_strong_credit(content) && !credits().person_label.is_match(content)
}

/// "记者：…？": a person label opening a question, or an answer as long as one, not a credit.
pub fn is_interview_turn(content: &str) -> bool {
    let Some(found) = credits().interview_turn.captures(content) else {
        return false;
    };
    let said = found
        .get(1)
        .map_or("", |said| said.as_str())
        .trim_end_matches(['"', '\'', '”', '’', '」', '』']);
    said.ends_with(['?', '？']) || chars::word_units(said) >= INTERVIEW_MIN_WORDS
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_the_credit_families() {
        for credit in [
            "来源：新华社",
            "（责任编辑：王小明）",
            "责 任 编 辑：王小明",
            "Translated by Fion Khan",
            "(Reporting by Jane Roe; Editing by John Doe)",
            "(AP)",
            "(ap/dpa)",
            "（记者 王明）",
            "文章（编辑：张三）",
        ] {
            assert!(is_strong_credit(credit), "{credit}");
            assert!(is_credit(credit), "{credit}");
        }
        for credit in [
            "素材来源 某某日报",
            "Jane Doe is a reporter for the Globe.",
            "LEE LI-SHENG IS A GRADUATE STUDENT, TAIPEI.",
        ] {
            assert!(!is_strong_credit(credit), "{credit}");
            assert!(is_credit(credit), "{credit}");
        }
    }

    #[test]
    fn a_sentence_about_a_thing_or_a_question_is_no_credit() {
        assert!(!is_credit("The Committee is a body of experts."));
        assert!(!is_credit("记者：这项政策有何影响？"));
        assert!(!is_credit(
            "The committee said on Monday that the rules would change."
        ));
        assert!(!is_credit(""));
    }

    #[test]
    fn a_person_label_is_no_closing_label() {
        assert!(is_strong_credit("作者：张三") && !is_closing_label("作者：张三"));
        assert!(is_closing_label("来源：新华社"));
        assert!(is_interview_turn("记者：这项政策有何影响？"));
    }

    #[test]
    fn the_turkish_capital_i_folds_as_python_folds_it() {
        assert!(is_strong_credit("Edİted by Sam"));
        assert!(is_strong_credit("(AİP)"));
    }

    #[test]
    fn slices_count_characters() {
        assert_eq!(head("中文abc", 2), "中文");
        assert_eq!(tail("中文abc", 4), "文abc");
        assert_eq!(tail("ab", 5), "ab");
        assert!(longer_than("中文", 1) && !longer_than("中文", 2));
    }

    proptest! {
        #[test]
        fn any_text_gets_an_answer(text in "(?s:.){0,500}") {
            let strong = is_strong_credit(&text);
            // A strong credit is a credit, unless the line is empty.
            prop_assert!(!strong || text.is_empty() || is_credit(&text));
        }

        #[test]
        fn a_line_too_long_is_no_credit(text in "(?s:.){0,150}", middle in "(?s:.){0,300}") {
            // A line too long to be a credit is none, however it starts.
            let long = format!("{text}{}{middle}", "x".repeat(CREDIT_MAX_CHARS + 1));
            prop_assert!(!is_credit(&long) && !is_strong_credit(&long));
        }
    }
}
