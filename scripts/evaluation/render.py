"""Text and Markdown tables of the figures: the same tables, aligned or piped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from evaluation.figures import HEADLINES, TRAILER_FAMILY


def number(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def table(header: Sequence[str], rows: Sequence[Sequence[str]], markdown: bool) -> list[str]:
    if markdown:
        align = ["---", *("---:" for _ in header[1:])]
        # A blank line first: a Markdown table does not interrupt the paragraph above it.
        return ["", _piped(header), _piped(align), *(_piped(row) for row in rows)]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows,
                                                                       strict=True)]
    lines = []
    for row in (header, *rows):
        cells = [row[0].ljust(widths[0]),
                 *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _piped(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def headline_table(columns: Mapping[str, Mapping[str, Any]], markdown: bool,
                   target: bool = True) -> list[str]:
    """One row per issue figure, one column per group (``columns``: name → figures)."""
    header = ["figure", *(f"{name} ({figs['documents']})" for name, figs in columns.items())]
    if target:
        header.append("target")
    rows = []
    for headline in HEADLINES:
        row = [headline.label, *(number(figs.get(headline.key)) for figs in columns.values())]
        if target:
            row.append(headline.target)
        rows.append(row)
    return table(header, rows, markdown)


def removed_table(figs: Mapping[str, Any], markdown: bool) -> list[str]:
    """Article text each rule removed, with the worst documents by id."""
    removed: Mapping[str, Mapping[str, Any]] = figs["article_removed_by_rule"]
    if not removed:
        return ["  no rule removed article text"]
    rows = []
    for rule, entry in removed.items():
        worst = ", ".join(f"{w['id']} ({w['tokens']}, {w['share_of_document']:.0%})"
                          for w in entry["worst"])
        rows.append([rule, str(entry["tokens"]), number(entry["share_of_article"]),
                     str(entry["documents"]), worst])
    return table(["rule", "article tokens removed", "share of all article tokens",
                  "documents", "worst documents (tokens, share of document)"], rows, markdown)


def detection_table(figs: Mapping[str, Any], markdown: bool) -> list[str]:
    rows = []
    for rule, counts in figs["detection"].items():
        name = rule if rule == TRAILER_FAMILY or not markdown else f"`{rule}`"
        rows.append([name, *(str(counts[key]) for key in ("tp", "fp", "fn", "excluded_optional")),
                     *(number(counts[key]) for key in ("precision", "recall", "f1"))])
    return table(["rule", "TP", "FP", "FN", "excluded (optional)", "precision", "recall", "F1"],
                 rows, markdown)
