"""CSV cells that cannot start a formula: the one rule for every CSV we make.

Excel, LibreOffice and Google Sheets read a cell that starts with '=', '+', '-' or '@' as a
formula (tab and carriage return are read past, so they count too): a title
'=HYPERLINK("https://evil.example/","x")' in opslag.csv would become a live link, and worse.
OWASP's advice (https://owasp.org/www-community/attacks/CSV_Injection) is followed: such a
cell gets a single quote in front, which the spreadsheet shows and does not evaluate. Only text
cells are touched; numbers stay numbers.

An .xlsx needs no such rule: its text cells are string cells, which no spreadsheet evaluates,
and an apostrophe there would show (web/js/export-xlsx.js writes every text as a string).
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV/xlsx cell value that a spreadsheet shows as text and never runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(values) -> list:
    return [safe_cell(v) for v in values]
