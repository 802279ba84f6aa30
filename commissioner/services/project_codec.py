"""Table rows to and from the JSON documents of a project file, driven by column types.

Each table travels as ``tables/<table>.json``::

    {"columns":["id","project_id","title",…],
    "rows":[
    [1,7,"Smith & Jones <Ltd>",…],
    …
    ]}

one row per line, in id order. Values are canonical: ``null`` for no value; whole
numbers as JSON integers; ``true``/``false``; enumerations by their stored value;
dates as ``YYYY-MM-DD`` and date-times as ISO 8601 without a time zone; exact decimals
(``Numeric``) as strings (``"0.25"``); other fractional numbers as JSON numbers; bytes
as base64. Text is UTF-8, not escaped to ASCII. Decoding checks every value against
its column (type, enumeration, length, size) and names the row and column it refuses.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import enum
import json
import math
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
)

from commissioner.errors import CommissionerError
from commissioner.services.project_rows import ProjectImportError, Row, table_of

#: Text without a declared length (notes, descriptions) is bounded all the same.
MAX_TEXT_CHARS = 1_000_000
#: A governance pack's compressed content is a few hundred kilobytes; allow ample room.
MAX_BINARY_BYTES = 32 * 1024 * 1024
_INT_RANGE = range(-(2**63), 2**63)


def _kind(column: Column[Any]) -> str:
    kinds: tuple[tuple[type, str], ...] = (
        (Enum, "enum"),
        (Boolean, "bool"),
        (Integer, "int"),
        (Float, "float"),
        (Numeric, "decimal"),
        (DateTime, "datetime"),
        (Date, "date"),
        (LargeBinary, "bytes"),
        (String, "text"),
    )
    for type_, kind in kinds:
        if isinstance(column.type, type_):
            return kind
    raise TypeError(f"{column.table.name}.{column.name}: no file encoding for {column.type!r}")


def encode_value(column: Column[Any], value: Any) -> Any:
    """A column value as it is written in the file."""
    if value is None:
        return None
    kind = _kind(column)
    if kind == "enum":
        return value.value if isinstance(value, enum.Enum) else str(value)
    if kind in ("datetime", "date"):
        return value.isoformat()
    if kind == "bytes":
        return base64.b64encode(value).decode("ascii")
    if kind == "decimal":
        return _decimal_text(column, value)
    if kind == "float" and not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    return value


def _decimal_text(column: Column[Any], value: Any) -> str:
    # A float read back from SQLite may carry binary noise (0.30000000000000004); the
    # column's declared scale is what the value means.
    number = Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"{value} is not a finite number")
    scale = column.type.scale  # type: ignore[attr-defined]
    if scale is not None and int(number.as_tuple().exponent) < -scale:
        number = number.quantize(Decimal(1).scaleb(-scale))
    return str(number)


def decode_value(column: Column[Any], raw: Any) -> Any:
    """The Python value for ``raw`` read from the file; ValueError says what is wrong."""
    if raw is None:
        if column.nullable and not column.primary_key:
            return None
        raise ValueError("is empty but must have a value")
    return _DECODERS[_kind(column)](column, raw)


def _enum(column: Column[Any], raw: Any) -> Any:
    enum_class = column.type.enum_class  # type: ignore[attr-defined]
    allowed = [member.value for member in enum_class]
    if raw not in allowed:
        raise ValueError(f"{_shown(raw)} is not one of: {', '.join(allowed)}")
    return enum_class(raw)


def _bool(_column: Column[Any], raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise ValueError(f"{_shown(raw)} is not true or false")
    return raw


def _int(_column: Column[Any], raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw not in _INT_RANGE:
        raise ValueError(f"{_shown(raw)} is not a whole number")
    return raw


def _float(_column: Column[Any], raw: Any) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        raise ValueError(f"{_shown(raw)} is not a number")
    return float(raw)


def _decimal(column: Column[Any], raw: Any) -> Any:
    try:
        value = Decimal(raw) if isinstance(raw, str) else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValueError(f"{_shown(raw)} is not a decimal number written as text")
    precision, scale = column.type.precision, column.type.scale  # type: ignore[attr-defined]
    if scale is not None and value != value.quantize(Decimal(1).scaleb(-scale)):
        raise ValueError(f"{raw} has more than {scale} decimal places")
    if precision is not None and scale is not None and abs(value) >= 10 ** (precision - scale):
        raise ValueError(f"{raw} is too large")
    return value if column.type.asdecimal else float(value)  # type: ignore[attr-defined]


def _date(_column: Column[Any], raw: Any) -> dt.date:
    try:
        if isinstance(raw, str) and len(raw) == 10:
            return dt.date.fromisoformat(raw)
    except ValueError:
        pass
    raise ValueError(f"{_shown(raw)} is not a date (YYYY-MM-DD)")


def _datetime(_column: Column[Any], raw: Any) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        value = None
    if value is None or value.tzinfo is not None:
        raise ValueError(f"{_shown(raw)} is not a date and time (YYYY-MM-DDTHH:MM:SS)")
    return value


def _bytes(_column: Column[Any], raw: Any) -> bytes:
    if not isinstance(raw, str) or len(raw) > MAX_BINARY_BYTES * 4 // 3 + 4:
        raise ValueError("is not base64 data of at most 32 MB")
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("is not valid base64 data") from None


def _text(column: Column[Any], raw: Any) -> str:
    if not isinstance(raw, str):
        raise ValueError(f"{_shown(raw)} is not text")
    limit = column.type.length or MAX_TEXT_CHARS  # type: ignore[attr-defined]
    if len(raw) > limit:
        raise ValueError(f"is {len(raw):,} characters long; at most {limit:,} fit")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("is not valid Unicode text") from None
    return raw


_DECODERS: dict[str, Callable[[Column[Any], Any], Any]] = {
    "enum": _enum,
    "bool": _bool,
    "int": _int,
    "float": _float,
    "decimal": _decimal,
    "datetime": _datetime,
    "date": _date,
    "bytes": _bytes,
    "text": _text,
}


def _shown(raw: Any) -> str:
    text = json.dumps(raw, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def encode_table(table_name: str, rows: Sequence[Row]) -> bytes:
    """A table's rows as the JSON document the project file stores."""
    columns = list(table_of(table_name).columns)
    header = _dumps([column.name for column in columns])
    lines = [_dumps(_encoded_row(table_name, columns, row)) for row in rows]
    return ('{"columns":' + header + ',\n"rows":[\n' + ",\n".join(lines) + "\n]}\n").encode()


def _encoded_row(table_name: str, columns: Sequence[Column[Any]], row: Row) -> list[Any]:
    values = []
    for column in columns:
        try:
            values.append(encode_value(column, row[column.name]))
        except ValueError as error:
            raise CommissionerError(
                f"{table_name} record {row['id']}: {column.name} cannot be exported ({error})"
            ) from None
    return values


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("a key appears twice")
    return dict(pairs)


def read_table_document(part: str, data: bytes) -> tuple[list[str], list[list[Any]]]:
    """The column names and raw rows of one table document, or a clear refusal."""
    try:
        document = json.loads(data.decode("utf-8"), object_pairs_hook=_no_repeated_keys)
    except UnicodeDecodeError:
        raise ProjectImportError(f"{part} is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ProjectImportError(f"{part} is not valid JSON (line {error.lineno})") from None
    except (ValueError, RecursionError) as error:
        raise ProjectImportError(f"{part} is not a table document ({error})") from None
    if not isinstance(document, dict) or set(document) != {"columns", "rows"}:
        raise ProjectImportError(f'{part} must hold exactly "columns" and "rows"')
    columns, rows = document["columns"], document["rows"]
    if not isinstance(columns, list) or not all(isinstance(name, str) for name in columns):
        raise ProjectImportError(f'{part}: "columns" must be a list of column names')
    if len(set(columns)) != len(columns):
        raise ProjectImportError(f"{part}: a column is named twice")
    if not isinstance(rows, list):
        raise ProjectImportError(f'{part}: "rows" must be a list')
    for number, row in enumerate(rows, 1):
        if not isinstance(row, list) or len(row) != len(columns):
            raise ProjectImportError(
                f"{part} row {number}: expected a list of {len(columns)} values"
            )
    return columns, rows


def decode_rows(
    part: str, table_name: str, columns: list[str], raw_rows: list[list[Any]]
) -> list[Row]:
    """Rows of Python values, each checked against its column.

    A column the file leaves out (a file from an older minor version) takes its
    default, or no value where the column allows none; an unknown column is refused.
    """
    table = table_of(table_name)
    unknown = [name for name in columns if name not in table.c]
    if unknown:
        raise ProjectImportError(f"{part}: unknown column {unknown[0]!r} in {table_name}")
    filled = {
        column.name: _missing_value(part, column)
        for column in table.c
        if column.name not in columns
    }
    typed = [table.c[name] for name in columns]
    decoded = []
    for number, raw in enumerate(raw_rows, 1):
        row = dict(filled)
        for column, value in zip(typed, raw, strict=True):
            try:
                row[column.name] = decode_value(column, value)
            except ValueError as error:
                raise ProjectImportError(f"{part} row {number}: {column.name} {error}") from None
        decoded.append(row)
    return decoded


def _missing_value(part: str, column: Column[Any]) -> Any:
    default = column.default
    if default is not None and default.is_scalar:
        return default.arg  # type: ignore[attr-defined]
    if column.nullable and not column.primary_key:
        return None
    raise ProjectImportError(f"{part}: the column {column.name} is missing")
