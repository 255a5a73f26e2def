//! The PyO3 bindings: the private extension module `lint_corpus._core`.
//!
//! Every entry point runs under `guarded`: a panic in the core becomes a `CoreError` (an
//! ordinary exception, named after the entry point) for the document being processed, never
//! a `PanicException` that the engine's per-rule isolation would not catch.

// PyO3 0.22's #[pyfunction] expands to a `PyErr` -> `PyErr` conversion that clippy flags.
#![allow(clippy::useless_conversion)]

use crate::chars;
use crate::credits;
use crate::duplicates;
use crate::features;
use crate::lines;
use crate::patterns;
use crate::text as measures;
use crate::trailer;
use crate::whitespace;
use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString, PyTuple};
use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

create_exception!(
    _core,
    CoreError,
    PyRuntimeError,
    "The native core failed on a document (a panic, caught at the boundary)."
);

fn guarded<T>(entry: &str, work: impl FnOnce() -> T) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let reason = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        CoreError::new_err(format!("native core failed in {entry}: {reason}"))
    })
}

/// The text of a Python string as UTF-8. A lone surrogate (which UTF-8 cannot hold) becomes
/// U+FFFD, one character for one, so character offsets stay those of the Python string;
/// no class the core tests contains either.
fn utf8_text<'a>(text: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    if let Ok(valid) = text.to_str() {
        return Ok(Cow::Borrowed(valid));
    }
    let encoded = text.call_method1("encode", ("utf-8", "surrogatepass"))?;
    let bytes = encoded.downcast::<PyBytes>()?.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    while !rest.is_empty() {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                break;
            }
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                out.push_str(std::str::from_utf8(valid).expect("checked valid"));
                out.push('\u{fffd}');
                // A surrogate encodes as three bytes (ED A0..BF 80..BF).
                rest = &after[after.len().min(3)..];
            }
        }
    }
    Ok(Cow::Owned(out))
}

/// A document's line table; Python reads its columns as arrays.
#[pyclass(module = "lint_corpus._core", frozen)]
struct LineTable {
    text: String,
    table: lines::LineTable,
    /// Whether the Python string held lone surrogates (read here as U+FFFD).
    #[pyo3(get)]
    has_surrogates: bool,
}

fn packed(py: Python<'_>, column: &[u32]) -> Py<PyBytes> {
    let bytes: Vec<u8> = column.iter().flat_map(|v| v.to_ne_bytes()).collect();
    PyBytes::new_bound(py, &bytes).unbind()
}

#[pymethods]
impl LineTable {
    fn __len__(&self) -> usize {
        self.table.len()
    }

    /// The columns, each as bytes of native-endian unsigned 32-bit integers (flags: one byte
    /// per line): starts, ends, content_starts, content_ends, words, cjk, latin, flags.
    fn columns<'py>(&self, py: Python<'py>) -> Bound<'py, PyTuple> {
        let t = &self.table;
        PyTuple::new_bound(
            py,
            [
                packed(py, &t.starts),
                packed(py, &t.ends),
                packed(py, &t.content_starts),
                packed(py, &t.content_ends),
                packed(py, &t.words),
                packed(py, &t.cjk),
                packed(py, &t.latin),
                PyBytes::new_bound(py, &t.flags).unbind(),
            ],
        )
    }
}

/// The line table of `text`: one native pass per document.
#[pyfunction]
fn line_table(py: Python<'_>, text: &Bound<'_, PyString>) -> PyResult<LineTable> {
    let text = utf8_text(text)?;
    // `utf8_text` copies only a text it had to repair: one that held lone surrogates.
    let has_surrogates = matches!(text, Cow::Owned(_));
    let text = text.into_owned();
    py.allow_threads(|| {
        guarded("line_table", || {
            let table = lines::LineTable::build(&text);
            LineTable {
                text,
                table,
                has_surrogates,
            }
        })
    })
}

type EditRow = (u32, u32, &'static str);
type FindingRow = (
    u32,
    u32,
    String,
    String,
    Vec<EditRow>,
    &'static str,
    Option<u32>,
    Option<u32>,
);

/// bad-whitespace's findings on a line table: (start, end, message, fix title, edits
/// [(start, end, replacement)], category, chars, blank_lines).
#[pyfunction]
fn bad_whitespace(
    py: Python<'_>,
    lines: &LineTable,
    max_blank_lines: usize,
    nbsp_inside_lines: bool,
) -> PyResult<Vec<FindingRow>> {
    let options = whitespace::Options {
        max_blank_lines,
        nbsp_inside_lines,
    };
    py.allow_threads(|| {
        guarded("bad_whitespace", || {
            whitespace::check(&lines.text, &lines.table, options)
                .into_iter()
                .map(|f| {
                    let edits = f
                        .edits
                        .iter()
                        .map(|e| (e.start, e.end, e.replacement))
                        .collect();
                    (
                        f.start,
                        f.end,
                        f.message,
                        f.title,
                        edits,
                        f.category,
                        f.chars,
                        f.blank_lines,
                    )
                })
                .collect()
        })
    })
}

/// `text.count_word_units` of `text`.
#[pyfunction]
fn word_units(text: &Bound<'_, PyString>) -> PyResult<u32> {
    let text = utf8_text(text)?;
    guarded("word_units", || chars::word_units(&text))
}

/// `text.script_of` of `text`: "han", "latin" or "other" (interned strings).
#[pyfunction]
fn script_of<'py>(py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyString>> {
    let text = utf8_text(text)?;
    let script = guarded("script_of", || measures::script_of(&text))?;
    Ok(match script {
        "han" => pyo3::intern!(py, "han"),
        "latin" => pyo3::intern!(py, "latin"),
        _ => pyo3::intern!(py, "other"),
    }
    .clone())
}

/// (`text.count_cjk`, `text.count_latin_letters`) of `text`.
#[pyfunction]
fn script_counts(text: &Bound<'_, PyString>) -> PyResult<(usize, usize)> {
    let text = utf8_text(text)?;
    guarded("script_counts", || measures::script_counts(&text))
}

/// `text.display_width` of `text`.
#[pyfunction]
fn display_width(text: &Bound<'_, PyString>) -> PyResult<usize> {
    let text = utf8_text(text)?;
    guarded("display_width", || measures::display_width(&text))
}

type WrapParameterRow = (
    usize,
    usize,
    f64,
    usize,
    f64,
    usize,
    f64,
    f64,
    usize,
    usize,
    f64,
);

fn wrap_parameters(row: WrapParameterRow) -> measures::WrapParameters {
    let (a, b, c, d, e, f, g, h, i, j, k) = row;
    measures::WrapParameters {
        min_columns: a,
        max_columns: b,
        slack: c,
        cjk_slack_columns: d,
        min_full_share: e,
        min_full_lines: f,
        max_finished_share: g,
        min_ended_run_share: h,
        min_full_columns: i,
        min_run_lines: j,
        min_inner_end_share: k,
    }
}

/// `text.wrap_band` of `lines`, with its thresholds in the order of `WrapParameters`.
#[pyfunction]
fn wrap_band(
    lines: Vec<Bound<'_, PyString>>,
    parameters: WrapParameterRow,
) -> PyResult<Option<(i64, i64)>> {
    let texts = lines.iter().map(utf8_text).collect::<PyResult<Vec<_>>>()?;
    let parameters = wrap_parameters(parameters);
    guarded("wrap_band", || {
        let borrowed: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
        measures::wrap_band(&borrowed, &parameters)
    })
}

fn pattern_error(error: regex::Error) -> PyErr {
    PyValueError::new_err(error.to_string())
}

/// A compiled keyword pattern (`patterns.rs`): the rules test it line by line.
#[pyclass(module = "lint_corpus._core", frozen)]
struct Pattern {
    /// Shared with the trailer's line classifier (`TrailerLines`), which tests the same
    /// vocabularies.
    pattern: Arc<patterns::Pattern>,
    #[pyo3(get)]
    source: String,
}

#[pymethods]
impl Pattern {
    #[new]
    #[pyo3(signature = (source, ignore_case = false))]
    fn new(source: &str, ignore_case: bool) -> PyResult<Self> {
        let pattern = guarded("Pattern", || patterns::Pattern::new(source, ignore_case))?
            .map_err(pattern_error)?;
        Ok(Self {
            pattern: Arc::new(pattern),
            source: source.to_owned(),
        })
    }

    /// Whether the pattern matches anywhere in `text`.
    fn is_match(&self, text: &Bound<'_, PyString>) -> PyResult<bool> {
        let text = utf8_text(text)?;
        guarded("Pattern.is_match", || self.pattern.is_match(&text))?.map_err(pattern_error)
    }

    fn __repr__(&self) -> String {
        format!("Pattern({:?})", self.source)
    }
}

/// The trailer analysis' line classifier (`features.rs`), built once from the furniture
/// vocabularies and the two thresholds the Python analysis shares with it.
#[pyclass(module = "lint_corpus._core", frozen)]
struct TrailerLines {
    classifier: features::Classifier,
}

/// The most a capped word count may be: it travels as one byte per line.
const MAX_WORDS_CAP: u32 = u8::MAX as u32;

#[pymethods]
impl TrailerLines {
    #[new]
    fn new(
        buttons: &Pattern,
        related: &Pattern,
        sentences: &Pattern,
        comments: &Pattern,
        prose_words: u32,
        blurb_words: u32,
    ) -> PyResult<Self> {
        if blurb_words >= MAX_WORDS_CAP {
            return Err(PyValueError::new_err(format!(
                "blurb_words must be below {MAX_WORDS_CAP}, not {blurb_words}"
            )));
        }
        let vocabulary = features::Vocabulary {
            buttons: Arc::clone(&buttons.pattern),
            related: Arc::clone(&related.pattern),
            sentences: Arc::clone(&sentences.pattern),
            comments: Arc::clone(&comments.pattern),
        };
        let thresholds = features::Thresholds {
            prose_words,
            blurb_words,
        };
        let classifier =
            features::Classifier::new(vocabulary, thresholds).map_err(PyValueError::new_err)?;
        Ok(Self { classifier })
    }

    /// The features of each line of `contents`, as two byte strings: each line's kind
    /// (`features::Kind`) and its length in words, capped at `words_cap`.
    fn features<'py>(
        &self,
        py: Python<'py>,
        contents: Vec<Bound<'py, PyString>>,
    ) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
        let texts = contents
            .iter()
            .map(utf8_text)
            .collect::<PyResult<Vec<_>>>()?;
        let found = guarded("TrailerLines.features", || self.classifier.features(&texts))?;
        let kinds: Vec<u8> = found.iter().map(|f| f.kind as u8).collect();
        // Below `MAX_WORDS_CAP`, checked when the classifier was built.
        let words: Vec<u8> = found.iter().map(|f| f.words as u8).collect();
        Ok((
            PyBytes::new_bound(py, &kinds),
            PyBytes::new_bound(py, &words),
        ))
    }

    #[getter]
    fn words_cap(&self) -> u32 {
        self.classifier.words_cap()
    }

    fn capped_word_units(&self, content: &Bound<'_, PyString>) -> PyResult<u32> {
        self.answer("TrailerLines.capped_word_units", content, |c, text| {
            c.capped_word_units(text)
        })
    }

    fn is_marker(&self, content: &Bound<'_, PyString>) -> PyResult<bool> {
        self.answer("TrailerLines.is_marker", content, |c, text| {
            c.is_marker(text)
        })
    }

    fn is_related_marker(&self, content: &Bound<'_, PyString>) -> PyResult<bool> {
        self.answer("TrailerLines.is_related_marker", content, |c, text| {
            c.is_related_marker(text)
        })
    }

    fn is_furniture_sentence(&self, content: &Bound<'_, PyString>) -> PyResult<bool> {
        self.answer("TrailerLines.is_furniture_sentence", content, |c, text| {
            c.is_furniture_sentence(text)
        })
    }

    fn is_prose(&self, content: &Bound<'_, PyString>) -> PyResult<bool> {
        self.answer("TrailerLines.is_prose", content, |c, text| c.is_prose(text))
    }

    fn is_ellipsis_cut(&self, content: &Bound<'_, PyString>, words: u32) -> PyResult<bool> {
        self.answer("TrailerLines.is_ellipsis_cut", content, |c, text| {
            c.is_ellipsis_cut(text, words)
        })
    }

    fn is_link_like(&self, content: &Bound<'_, PyString>) -> PyResult<bool> {
        self.answer("TrailerLines.is_link_like", content, |c, text| {
            c.is_link_like(text)
        })
    }

    /// The lines of the table (line indexes) that are related-articles markers
    /// (`is_related_marker`), read in one pass.
    fn related_marker_lines(&self, py: Python<'_>, table: &LineTable) -> PyResult<Vec<usize>> {
        py.allow_threads(|| {
            guarded("TrailerLines.related_marker_lines", || {
                (0..table.table.len())
                    .filter(|&i| {
                        let raw = &table.text[table.table.byte_starts[i]..table.table.byte_ends[i]];
                        let content = raw.trim_matches(chars::EDGE_WHITESPACE);
                        !content.is_empty() && self.classifier.is_related_marker(content)
                    })
                    .collect()
            })
        })
    }
}

impl TrailerLines {
    /// One line's answer to `question`, under the panic guard.
    fn answer<T>(
        &self,
        entry: &str,
        content: &Bound<'_, PyString>,
        question: impl FnOnce(&features::Classifier, &str) -> T,
    ) -> PyResult<T> {
        let text = utf8_text(content)?;
        guarded(entry, || question(&self.classifier, &text))
    }
}

/// The trailer analysis (`trailer.rs`), built once from the line classifier, the
/// reference-heading vocabulary and the thresholds of a hard-wrapped text.
#[pyclass(module = "lint_corpus._core", frozen)]
struct TrailerAnalysis {
    analyser: trailer::Analyser,
}

/// A trailer as Python reads it: (first line, score, parts as (kind, first line, last line,
/// items), the closing credit's line or `None`).
type TrailerRow = (
    usize,
    f64,
    Vec<(&'static str, usize, usize, usize)>,
    Option<usize>,
);

#[pymethods]
impl TrailerAnalysis {
    #[new]
    fn new(lines: &TrailerLines, reference_headings: &Pattern, wrap: WrapParameterRow) -> Self {
        Self {
            analyser: trailer::Analyser::new(
                lines.classifier.clone(),
                Arc::clone(&reference_headings.pattern),
                wrap_parameters(wrap),
            ),
        }
    }

    /// The trailer of the document whose line table is `table`, or `None`.
    fn analyse(
        &self,
        py: Python<'_>,
        table: &LineTable,
        threshold: f64,
        min_list_items: usize,
        on_topic_share: f64,
    ) -> PyResult<Option<TrailerRow>> {
        let parameters = trailer::Parameters {
            threshold,
            min_list_items,
            on_topic_share,
        };
        py.allow_threads(|| {
            guarded("TrailerAnalysis.analyse", || {
                let found = self
                    .analyser
                    .analyse(&table.text, &table.table, &parameters)?;
                let segments = found
                    .segments
                    .iter()
                    .map(|s| (s.kind.name(), s.first, s.last, s.items))
                    .collect();
                Some((found.first, found.score, segments, found.anchor))
            })
        })
    }

    /// The lines of the table that run on into the line directly after them.
    fn wrap_continuations(&self, py: Python<'_>, table: &LineTable) -> PyResult<Vec<usize>> {
        py.allow_threads(|| {
            guarded("TrailerAnalysis.wrap_continuations", || {
                self.analyser.wrap_continuations(&table.text, &table.table)
            })
        })
    }
}

/// Where `credits.without_closing_note` cuts `content`: the length, in characters, of what
/// it keeps (Python slices its own string, lone surrogates and all).
#[pyfunction]
fn closing_note_start(content: &Bound<'_, PyString>) -> PyResult<usize> {
    line_answer("closing_note_start", content, |text| {
        trailer::without_closing_note(text).chars().count()
    })
}

/// `credits.ends_sentence` of `content`.
#[pyfunction]
fn ends_sentence_with_notes(content: &Bound<'_, PyString>) -> PyResult<bool> {
    line_answer(
        "ends_sentence_with_notes",
        content,
        trailer::ends_sentence_with_notes,
    )
}

/// `trailer.rs`'s `has_template` of the lines `contents`.
#[pyfunction]
fn has_template(contents: Vec<Bound<'_, PyString>>) -> PyResult<bool> {
    let texts = contents
        .iter()
        .map(utf8_text)
        .collect::<PyResult<Vec<_>>>()?;
    guarded("has_template", || {
        trailer::has_template(texts.iter().map(|t| t.as_ref()))
    })
}

/// `trailer.rs`'s `has_link_shape` of the lines `contents`.
#[pyfunction]
fn has_link_shape(contents: Vec<Bound<'_, PyString>>) -> PyResult<bool> {
    let texts = contents
        .iter()
        .map(utf8_text)
        .collect::<PyResult<Vec<_>>>()?;
    guarded("has_link_shape", || {
        let borrowed: Vec<&str> = texts.iter().map(|t| t.as_ref()).collect();
        trailer::has_link_shape(&borrowed)
    })
}

/// One line's answer to `question`, under the panic guard.
fn line_answer<T>(
    entry: &str,
    content: &Bound<'_, PyString>,
    question: impl FnOnce(&str) -> T,
) -> PyResult<T> {
    let text = utf8_text(content)?;
    guarded(entry, || question(&text))
}

/// `trailer.looks_like_code` of `content`.
#[pyfunction]
fn looks_like_code(content: &Bound<'_, PyString>) -> PyResult<bool> {
    line_answer("looks_like_code", content, features::looks_like_code)
}

/// `trailer.is_date_only` of `content`.
#[pyfunction]
fn is_date_only(content: &Bound<'_, PyString>) -> PyResult<bool> {
    line_answer("is_date_only", content, features::is_date_only)
}

/// `credits.is_interview_turn` of `content`.
#[pyfunction]
fn is_interview_turn(content: &Bound<'_, PyString>) -> PyResult<bool> {
    line_answer("is_interview_turn", content, credits::is_interview_turn)
}

/// `credits.is_closing_label` of `content`.
#[pyfunction]
fn is_closing_label(content: &Bound<'_, PyString>) -> PyResult<bool> {
    line_answer("is_closing_label", content, credits::is_closing_label)
}

/// `credits.is_credit` of `content`.
#[pyfunction]
fn is_credit(content: &Bound<'_, PyString>) -> PyResult<bool> {
    line_answer("is_credit", content, credits::is_credit)
}

/// `credits.is_strong_credit` of `content`.
#[pyfunction]
fn is_strong_credit(content: &Bound<'_, PyString>) -> PyResult<bool> {
    line_answer("is_strong_credit", content, credits::is_strong_credit)
}

type DuplicateParameterRow = (usize, f64, usize, f64, f64, usize, usize, usize, bool);
type DuplicateMatchRow = (usize, usize, usize, f64, usize, usize);

/// duplicate-section's hard-wrap regions of a line table: (first, last) positions among its
/// non-blank lines of the runs the rule's paragraph search needs to read.
#[pyfunction]
fn wrap_regions(
    py: Python<'_>,
    lines: &LineTable,
    min_width: usize,
    max_width: usize,
    min_lines: usize,
) -> PyResult<Vec<(usize, usize)>> {
    let parameters = duplicates::WrapParameters {
        min_width,
        max_width,
        min_lines,
    };
    py.allow_threads(|| {
        guarded("wrap_regions", || {
            duplicates::wrap_regions(&lines.text, &lines.table, &parameters)
        })
    })
}

/// duplicate-section's lexical matches in one document: (later, first, last, score, weight,
/// added_run) of each unit repeating earlier ones. The units are the table's non-blank
/// lines, the joined paragraphs given as (first line, last line, text, text lowercased);
/// `lowered` is the document's text lowercased; the word minimums of a comparable unit are
/// (ending a sentence or a colon, otherwise); the thresholds in the order of `Parameters`.
#[pyfunction]
fn duplicate_matches(
    py: Python<'_>,
    lines: &LineTable,
    lowered: &Bound<'_, PyString>,
    paragraphs: Vec<(usize, usize, Bound<'_, PyString>, Bound<'_, PyString>)>,
    min_words: (f64, f64),
    parameters: DuplicateParameterRow,
) -> PyResult<Vec<DuplicateMatchRow>> {
    let lowered = utf8_text(lowered)?;
    let texts = paragraphs
        .iter()
        .map(|(_, _, text, lower)| Ok((utf8_text(text)?, utf8_text(lower)?)))
        .collect::<PyResult<Vec<_>>>()?;
    let joined: Vec<duplicates::Paragraph<'_>> = paragraphs
        .iter()
        .zip(&texts)
        .map(
            |((first, last, _, _), (text, lower))| duplicates::Paragraph {
                first: *first,
                last: *last,
                text,
                lowered: lower,
            },
        )
        .collect();
    let (a, b, c, d, e, f, g, h, i) = parameters;
    let parameters = duplicates::Parameters {
        shingle_size: a,
        min_containment: b,
        short_unit_words: c,
        short_unit_min_containment: d,
        min_anchor_share: e,
        max_anchor_lines: f,
        max_postings: g,
        template_min_lines: h,
        shingle_fallback: i,
    };
    py.allow_threads(|| {
        guarded("duplicate_matches", || {
            let units = duplicates::document_units(
                &lines.text,
                &lowered,
                &lines.table,
                &joined,
                min_words.0,
                min_words.1,
            );
            duplicates::lexical_matches(&units, &parameters)
                .into_iter()
                .map(|m| (m.later, m.first, m.last, m.score, m.weight, m.added_run))
                .collect()
        })
    })
}

/// Panics inside the guard: the tests' proof that a panic arrives as a `CoreError`.
#[pyfunction]
fn _panic_for_test(message: &str) -> PyResult<()> {
    guarded("_panic_for_test", || panic!("{message}"))
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // A panic's message travels in the CoreError; printing it (and a backtrace) to stderr
    // as well would interleave with the CLI's output. The hook is this library's own.
    std::panic::set_hook(Box::new(|_| {}));
    m.add("CoreError", m.py().get_type_bound::<CoreError>())?;
    m.add_class::<LineTable>()?;
    m.add_class::<Pattern>()?;
    m.add_class::<TrailerLines>()?;
    m.add_class::<TrailerAnalysis>()?;
    m.add_function(wrap_pyfunction!(line_table, m)?)?;
    m.add_function(wrap_pyfunction!(bad_whitespace, m)?)?;
    m.add_function(wrap_pyfunction!(word_units, m)?)?;
    m.add_function(wrap_pyfunction!(script_of, m)?)?;
    m.add_function(wrap_pyfunction!(script_counts, m)?)?;
    m.add_function(wrap_pyfunction!(display_width, m)?)?;
    m.add_function(wrap_pyfunction!(wrap_band, m)?)?;
    m.add_function(wrap_pyfunction!(wrap_regions, m)?)?;
    m.add_function(wrap_pyfunction!(duplicate_matches, m)?)?;
    m.add_function(wrap_pyfunction!(looks_like_code, m)?)?;
    m.add_function(wrap_pyfunction!(is_date_only, m)?)?;
    m.add_function(wrap_pyfunction!(is_interview_turn, m)?)?;
    m.add_function(wrap_pyfunction!(is_closing_label, m)?)?;
    m.add_function(wrap_pyfunction!(is_credit, m)?)?;
    m.add_function(wrap_pyfunction!(is_strong_credit, m)?)?;
    m.add_function(wrap_pyfunction!(has_template, m)?)?;
    m.add_function(wrap_pyfunction!(closing_note_start, m)?)?;
    m.add_function(wrap_pyfunction!(ends_sentence_with_notes, m)?)?;
    m.add_function(wrap_pyfunction!(has_link_shape, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    Ok(())
}
