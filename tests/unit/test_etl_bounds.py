"""etl.bounds: the extent calamine would allocate, measured before it reads (hand-made XML)."""

from __future__ import annotations

import pytest

from etl.bounds import Extent, column_index, column_letters, ods_extents, sheet_extent

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
