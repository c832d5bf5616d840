"""What a submitted file is, judged by its bytes, never its name (DESIGN §12).

Accepted: .xlsx (a zip with [Content_Types].xml naming a workbook), .xls (an OLE2 compound file
with a Workbook stream) and .ods (a zip whose first entry `mimetype` names a spreadsheet).
Refused, each with its own Chinese message: macro-enabled workbooks, password-protected files
(encrypted OOXML is an OLE2 file with EncryptionInfo/EncryptedPackage streams; an encrypted .xls
has a FILEPASS record), other Office or ODF documents, and anything else.
"""

from __future__ import annotations

import io
import struct
import zipfile

import olefile

XLSX, XLS, ODS = "xlsx", "xls", "ods"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_WORKBOOK_TYPES = (b"spreadsheetml.sheet.main+xml", b"spreadsheetml.template.main+xml")
_MAX_PART = 1024 * 1024  # [Content_Types].xml and mimetype are a few KB
_BIFF_FILEPASS, _BIFF_BOUNDSHEET, _BIFF_EOF = 0x002F, 0x0085, 0x000A

ENCRYPTED = "文件设置了打开密码(已加密),系统无法读取;请在 Excel/WPS 中取消密码后另存为 .xlsx 重新报送"
MACROS = "不接受含宏的工作簿(.xlsm);请在 Excel/WPS 中另存为“Excel 工作簿(.xlsx)”后重新报送"
NOT_SPREADSHEET = "不是电子表格文件(只接受 .xlsx、.xls、.ods);请使用下载的报送模板填写"
CORRUPT = "文件已损坏,无法打开;请重新保存后报送"


class Refused(ValueError):
    """The file is not an acceptable spreadsheet; the message says why, in Chinese."""


def sniff(data: bytes) -> str:
    """XLSX, XLS or ODS; Refused with the reason otherwise."""
    if not data:
        raise Refused("文件为空(0 字节)")
    if data.startswith(OLE_MAGIC):
        return _ole(data)
    if data.startswith(b"PK\x03\x04"):
        return _zip(data)
    raise Refused(NOT_SPREADSHEET)


def _ole(data: bytes) -> str:
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error):
        raise Refused(CORRUPT) from None
    with ole:
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            raise Refused(ENCRYPTED)
        stream = "Workbook" if ole.exists("Workbook") else "Book" if ole.exists("Book") else None
        if stream is None:
            raise Refused("这是 Word、PowerPoint 等其他 Office 文件,不是 Excel 工作簿;" + NOT_SPREADSHEET)
        try:
            head = ole.openstream(stream).read(256 * 1024)
        except (OSError, ValueError, struct.error):
            raise Refused(CORRUPT) from None
    if _biff_encrypted(head):
        raise Refused(ENCRYPTED)
    return XLS


def _biff_encrypted(stream: bytes) -> bool:
    """A FILEPASS record among the workbook globals (before the first sheet entry) means a password."""
    offset = 0
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        if kind == _BIFF_FILEPASS:
            return True
        if kind in (_BIFF_BOUNDSHEET, _BIFF_EOF):
            return False
        offset += 4 + length
    return False


def _zip(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(CORRUPT) from None
    if "mimetype" in names:
        if names["mimetype"].file_size <= _MAX_PART and archive.read("mimetype").strip() == ODS_MIMETYPE:
            return ODS
        raise Refused("这是其他 OpenDocument 文件(如文字文档),不是电子表格;" + NOT_SPREADSHEET)
    info = names.get("[Content_Types].xml")
    if info is None or info.file_size > _MAX_PART:
        raise Refused(NOT_SPREADSHEET)
    try:
        types = archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        raise Refused(CORRUPT) from None
    if b"macroEnabled" in types or "xl/vbaProject.bin" in names:
        raise Refused(MACROS)
    if not any(kind in types for kind in _WORKBOOK_TYPES):
        raise Refused("这是 Word、PowerPoint 等其他 Office 文件,不是 Excel 工作簿;" + NOT_SPREADSHEET)
    return XLSX
