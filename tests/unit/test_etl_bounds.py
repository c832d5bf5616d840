"""etl.bounds: the extent calamine would allocate, measured before it reads (hand-made XML)."""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

from etl.bounds import Extent, _prefixed, _quoted_d, column_index, column_letters, ods_extents, sheet_extent

ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="K1"><v>1</v></c></row>'


@pytest.mark.parametrize(
    ("xml", "rows", "columns"),
    [
        (b"<sheetData>" + ROW + b"</sheetData>", 99_999, 26),  # the usual shape: bounded by A1:Z99999
        (b'<sheetData><row r="1"><c r="XFD1048576"><v>1</v></c></row></sheetData>', 1_048_576, 16_384),
        (b'<sheetData><row r="3"><c><v>1</v></c><c/><c><v>2</v></c></row></sheetData>', 3, 3),
        (b'<sheetData><row r="9"><c r="B2"/></row><row><c><v>1</v></c></row></sheetData>', 10, 2),
        (b"<x:sheetData><x:row r='5'><x:c r = 'AA7'><x:v>1</x:v></x:c></x:row></x:sheetData>", 7, 27),
        (b'<sheetData><row r="1"><c r="A100000"><v>1</v></c></row></sheetData>', 100_000, 1),
    ],
)
def test_sheet_extent(xml: bytes, rows: int, columns: int) -> None:
    extent = sheet_extent(xml)
    assert (extent.rows, extent.columns) == (rows, columns)


def test_column_letters_round_trip() -> None:
    assert [column_letters(n) for n in (1, 26, 27, 702, 703, 16384)] == ["A", "Z", "AA", "ZZ", "AAA", "XFD"]
    assert [column_index(x) for x in ("A", "Z", "AA", "XFD")] == [0, 25, 26, 16383]


def ods(rows: str) -> bytes:
    return f'<table:table table:name="整改台账">{rows}</table:table>'.encode()


VALUE = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
TRAILING = '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'  # noqa: E501


@pytest.mark.parametrize(
    ("xml", "extent"),
    [
        (ods(f"<table:table-row>{VALUE}{VALUE}</table:table-row>{TRAILING}"), Extent(1, 2, 2)),  # LibreOffice's tail
        (
            ods(
                '<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="4" office:value-type="float"/></table:table-row>'
            ),  # noqa: E501
            Extent(3, 4, 12),
        ),
        (
            ods(f"<table:table-row>{VALUE}</table:table-row>{TRAILING}<table:table-row>{VALUE}</table:table-row>"),
            Extent(1_048_572, 1, 2),
        ),  # noqa: E501
    ],
)
def test_ods_extents(xml: bytes, extent: Extent) -> None:
    assert ods_extents(xml) == {"整改台账": extent}


def test_the_vectorised_scans_find_what_the_byte_patterns_find() -> None:
    """`_prefixed` and `_quoted_d` are numpy forms of a regex and a substring search."""
    rng = random.Random(4)
    alphabet = [b":", b"c", b"row", b"sheetData", b" ", b"\t", b"\x0b", b"/", b">", b"<", b'"', b"'", b"d", b"x", b"a"]
    for _ in range(3000):
        xml = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        data = np.frombuffer(xml, dtype=np.uint8)
        assert _prefixed(data) == (re.search(rb":(?:c|row|sheetData)[\s/>]", xml) is not None), xml
        assert _quoted_d(data) == (b'"d"' in xml or b"'d'" in xml), xml
