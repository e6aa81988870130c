"""Read what clerks type into cells: leniently, explicitly, never silently.

Every parser returns a ``Parsed``: the raw cell beside the value read from it.
What can be read with certainty becomes a value; what cannot is a problem (a
stable code, a Chinese message and hint), never a zero. Whenever leniency was
applied (``1.2万`` is 12000, ``80`` in a progress cell is 80 %) ``note`` says so.

``kind`` is what the value is: ``number``, ``date`` or ``text`` when read;
``blank``, ``none-marker`` (无, —, /…) and ``error`` (#DIV/0!…) on their own.
When a cell cannot be read, ``kind`` says what it held: ``number`` or ``date``
for such cells, ``text`` for anything else.

One module per kind of cell: ``number`` (``parse_number``, ``parse_percent``), ``date``
(``parse_date``), ``text`` (``parse_text``); ``parsed`` holds the ``Parsed`` value and what the
parsers share (blank, none-marker and Excel error cells read alike, a value read once). The
parsers are imported from here.
"""

from minsheng.check.parse.date import DATE_WINDOW_YEARS, parse_date
from minsheng.check.parse.number import parse_number, parse_percent
from minsheng.check.parse.parsed import EXCEL_ERRORS, NONE_MARKERS, Parsed
from minsheng.check.parse.text import parse_text

__all__ = ["DATE_WINDOW_YEARS", "EXCEL_ERRORS", "NONE_MARKERS", "Parsed", "parse_date", "parse_number",
           "parse_percent", "parse_text"]
