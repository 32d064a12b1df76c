"""The managers' figures as rows for CSV and XLSX: the same numbers as the page, suppressed cells
written as "under 5"."""

from openpyxl import Workbook

from tovholder.layout import formats

from .selectors import AGE_BANDS, FigureGroup, Figures

HEADER = ["Gruppe", "Område", "Antal borgere (n)", "Gennemsnit første", "Gennemsnit seneste",
          "Ændring", "95 % KI fra", "95 % KI til", "Forbedret (andel)"]
SUPPRESSED = "under 5"


def _r(value):
    return None if value is None else round(value, 2)


def _group_rows(g: FigureGroup, total_label: str) -> list[list]:
    if g.suppressed:
        return [[g.label, "Hele gruppen", SUPPRESSED, None, None, None, None, None, None]]
    rows = []
    changes = [(r.label, r.change) for r in g.rows]
    if g.total is not None:
        changes.insert(0, (total_label or "Samlet score", g.total))
    for label, c in changes:
        if c.suppressed:
            rows.append([g.label, label, SUPPRESSED, None, None, None, None, None, None])
        else:
            rows.append([g.label, label, c.n, _r(c.mean_first), _r(c.mean_latest), _r(c.change.mean),
                         _r(c.change.low), _r(c.change.high), None])
    imp = g.improved
    if imp is not None:
        rows.append([g.label, "Borgere med forbedring", SUPPRESSED if imp.suppressed else imp.n,
                     None, None, None, None, None, None if imp.suppressed else _r(imp.share)])
    return rows


def figure_rows(result: Figures) -> list[list]:
    rows = [HEADER]
    for g in [*result.groups, result.all_citizens]:
        rows.extend(_group_rows(g, result.spec.scoring.total_label))
    return rows


def as_text(rows: list[list]) -> list[list[str]]:
    """Danish number format for CSV: decimal comma (two decimals for figures), nothing for none."""
    return [[formats.csv_cell(round(v, 2) if isinstance(v, float) else v) for v in row] for row in rows]


def workbook(rows: list[list], result: Figures, filters: dict) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Effekttal"
    ws.append([f"{result.instrument.name}: ændring fra første til seneste måling"])
    period = f"{filters.get('date_from') or 'start'} – {filters.get('date_to') or 'i dag'}"
    ws.append([f"Periode: {period}; aldersgruppe: {AGE_BANDS.get(filters.get('age_band') or '')[0]}"])
    ws.append(["Grupper og tal med færre end 5 borgere er udeladt, så ingen enkeltperson kan genkendes."])
    ws.append([])
    for row in rows:
        ws.append(row)
    return wb
