"""The figures in their shapes: rows for the page's tables and the PDF, charts, CSV, JSON.

Every shape carries only what ``services`` let through: a suppressed figure is "< 5" (CSV,
page, PDF) or ``null`` with ``"suppressed": true`` (API), never its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eigenkracht.core.csvsafe import csv_document
from eigenkracht.figures import labels
from eigenkracht.figures.chart import HIDDEN_TEXT, Bar, draw_bars, shown_number
from eigenkracht.figures.services import PERCENTILES, THRESHOLD, Figure, Figures, Section

# Sections drawn as a chart (the others mix units: a table only); which figures they draw.
CHARTED = {
    "path": None, "stopped_at": None, "closed_because": None, "times": None,
    "languages": None, "reviews": ("plan_continued", "plan_adjusted", "adjustment_waiting"),
    "network": ("network_grew", "network_same", "network_shrank"),
    "contact_outcomes": None,
    "placements": ("leads", "leads_to_interview", "leads_hired", "placements_started",
                   "held_1", "held_3", "held_6", "held_12"),
    "routines": ("routines_kept", "routines_not_kept"),
    "alerts": ("alerts_by_monitor", "alerts_by_task", "alerts_to_review", "alerts_open"),
    "questionnaires": ("child:scale", "family:scale", "network:scale", "professional:scale"),
}


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    shown: str  # the number as shown, "< 5" or "–"
    unit: str
    figure: Figure
    lang: str | None = None  # a language's own name is in that language


@dataclass(frozen=True)
class Part:
    key: str
    heading: str
    note: str
    rows: list[Row]
    svg: str | None


def section_rows(section: Section) -> list[Row]:
    return [Row(key=f.key, label=labels.figure_label(section.key, f.key),
                shown=shown_number(f), unit=str(labels.UNITS.get(f.unit, f.unit)), figure=f,
                lang=f.key if section.key == "languages" and f.key != "not_recorded" else None)
            for f in section.figures]


def chart(section: Section, rows: list[Row], doc: str) -> str | None:
    if section.key not in CHARTED or not rows:
        return None
    wanted = CHARTED[section.key]
    bars = [Bar(row.label, row.figure, hatched=row.key.endswith(f"_p{PERCENTILES[-1]}"))
            for row in rows if wanted is None or row.key in wanted]
    return draw_bars(doc, str(labels.SECTIONS[section.key]), bars)


def parts(result: Figures, doc_prefix: str = "figures") -> list[Part]:
    out = []
    for section in result.sections:
        rows = section_rows(section)
        out.append(Part(key=section.key, heading=str(labels.SECTIONS[section.key]),
                        note=str(labels.SECTION_NOTES.get(section.key, "")), rows=rows,
                        svg=chart(section, rows, f"{doc_prefix}-{section.key}")))
    return out


def csv_text(result: Figures, headings: tuple[str, str, str, str, str]) -> str:
    """period, section, figure, value ("< 5" when suppressed), unit: one row per figure."""
    rows = []
    for section in result.sections:
        for row in section_rows(section):
            value: Any = row.figure.shown if row.figure.shown is not None else (
                HIDDEN_TEXT if row.figure.suppressed else "")
            rows.append((result.period.key, str(labels.SECTIONS[section.key]), row.label,
                         value, row.unit))
    return csv_document(headings, rows)


def as_json(result: Figures) -> dict[str, Any]:
    """The API's answer: per section, per figure its value (null when suppressed)."""
    return {
        "period": {"key": result.period.key, "from": result.period.first.isoformat(),
                   "until": result.period.end.isoformat()},
        "scope": result.scope.key,
        "threshold": THRESHOLD,
        "sections": {
            section.key: {
                f.key: {"value": f.shown, "unit": f.unit, "suppressed": f.suppressed}
                for f in section.figures}
            for section in result.sections},
    }
