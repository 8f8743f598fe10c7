"""Columns of the spreadsheets people exchange, and the cleaning of what real files contain.

A `Column` knows its Chinese header (and the other names people give it), what kind of value
it holds and how to turn a raw cell into the string a Django form expects. Cleaning only
*normalizes* (full-width digits, stray spaces, text dates, 是/否); whether a value is valid is
decided by the model's own form, exactly as in the web UI. The one refusal made here is for
18-digit numbers Excel has already damaged, because no form could tell that a damaged
number is wrong when its check digit happens to pass.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

# Characters that make a spreadsheet evaluate a cell (formula injection, OWASP). Exports
# prefix such text with an apostrophe; imports remove that apostrophe again.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

TRUE_WORDS = {"是", "√", "✓", "✔", "有", "y", "yes", "true", "1", "已建", "已建立", "对"}
FALSE_WORDS = {"否", "×", "✗", "✘", "无", "n", "no", "false", "0", "未建", "未建立", "空", "没有"}


class CellError(ValueError):
    """A cell that cannot be read; the message says, in Chinese, how to fix the file."""


class ValueMemo:
    """The results of a function of one value, per distinct value (and type: 1, 1.0 and True
    are equal dict keys). An `error` raised is kept and raised again; an unhashable value is
    not kept. Used where cleaning depends on the value alone (cells by column, form and model
    fields of Django's own classes). Once `limit` values are kept, a function that was mostly
    called with new values (a column of names) is called directly from then on."""

    __slots__ = ("calls", "error", "function", "limit", "results")

    def __init__(self, function, error: type[Exception], limit: int = 20_000):
        self.function = function
        self.error = error
        self.limit = limit
        self.results: dict | None = {}
        self.calls = 0

    def __call__(self, value):
        results = self.results
        if results is None:
            return self.function(value)
        self.calls += 1
        key = (value.__class__, value)
        try:
            result = results[key]
        except KeyError:
            try:
                result = self.function(value)
            except self.error as error:
                result = _Refused(error)
            if len(results) < self.limit:
                results[key] = result
            elif self.calls < 2 * self.limit:
                self.results = None  # mostly new values: not worth keeping
        except TypeError:  # unhashable (a list of ids)
            return self.function(value)
        if result.__class__ is _Refused:
            raise result.error.with_traceback(None)  # raised again, without a traceback growing each time
        return result


class _Refused:
    """A ValueMemo's kept error (a class of its own: no cleaned value is one)."""

    __slots__ = ("error",)

    def __init__(self, error):
        self.error = error


def normalize_header(value) -> str:
    """Headers compare without spaces, line breaks, required-field stars and width differences."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s*＊:：]+", "", text).lower()


def strip_parenthetical(header: str) -> str:
    """所属街道(乡镇/园区) -> 所属街道; 工资总额(万元) -> 工资总额."""
    return re.sub(r"\([^)]*\)", "", header)


def clean_text(value) -> str:
    """Free text keeps its own characters (full-width parentheses in names are part of the
    name); only surrounding and repeated whitespace, including U+3000, is removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_PREFIXES:
        text = text[1:]  # our own export's formula neutralisation
    return re.sub(r"\s+", " ", text.replace("\u3000", " ").replace("\xa0", " ")).strip()


def clean_narrow(value) -> str:
    """Codes, numbers and phones: full-width to half-width, every space removed."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", clean_text(value)))


_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?e[+-]?\d+$", re.IGNORECASE)
DAMAGED_NUMBER_HELP = (
    "该列的18位代码被Excel当成了数字保存，末尾几位已经丢失（如显示为 4.40307E+17 或末尾变成 000），"
    "系统不能猜出原来的号码。请把该列单元格格式设置为“文本”，按营业执照/身份证重新录入完整的18位号码"
    "（或在号码前加英文单引号 '），保存后再导入。"
)


def _check_digit_holds(code: str) -> bool:
    from stdnum.cn import ric, uscc

    return code[17] in (ric.calc_check_digit(code), uscc.calc_check_digit(code[:17]))


def clean_code18(value) -> str:
    """An 18-character identifier (credit code, ID number). A number cell, a value in
    scientific notation, or 16+ digits ending in zeros that Excel rounded, is refused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError("应为18位代码。")
    if isinstance(value, float):
        raise CellError(DAMAGED_NUMBER_HELP)
    if isinstance(value, int) and len(str(abs(value))) > 15:
        # Excel keeps 15 significant digits: an 18-digit number cell has lost the rest.
        raise CellError(DAMAGED_NUMBER_HELP)
    text = clean_narrow(value).upper()
    if _SCIENTIFIC.match(text):
        raise CellError(DAMAGED_NUMBER_HELP)
    if re.fullmatch(r"\d{18}", text) and text.endswith("000") and not _check_digit_holds(text):
        # Excel keeps 15 significant digits and fills the rest with zeros.
        raise CellError(DAMAGED_NUMBER_HELP)
    if re.fullmatch(r"\d+\.0+", text):
        raise CellError(DAMAGED_NUMBER_HELP)
    return text


def clean_int(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError("应为整数，请不要填写小数。")
        return str(int(value))
    text = clean_narrow(value)
    text = re.sub(r"(人|名|个)$", "", text)
    if re.fullmatch(r"-?\d+\.0+", text):
        text = text.split(".")[0]
    return text


def clean_decimal(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format(Decimal(str(value)).normalize(), "f")
    text = clean_narrow(value).replace(",", "")
    try:
        return format(Decimal(text).normalize(), "f") if text else ""
    except InvalidOperation:
        return text  # the form says why it is not a number


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})[./\-年](\d{1,2})[./\-月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


def clean_date(value) -> str:
    """2023.5.1, 2023年5月1日, 2023/05/01, 20230501 and real date cells → 2023-05-01."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise CellError("日期应写成 2023-05-01 这样的格式（或设置为日期格式的单元格）。")
    text = clean_narrow(value)
    if not text:
        return ""
    text = re.sub(r"(\d)[T ]?\d{1,2}:\d{2}(:\d{2})?$", r"\1", text)  # a time of day after the date
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return datetime.date(year, month, day).isoformat()
            except ValueError:
                raise CellError(f"“{text}”不是有效日期，请核对年月日。") from None
    raise CellError(f"无法识别日期“{text}”，请写成 2023-05-01、2023.5.1 或 2023年5月1日。")


def clean_bool(value) -> bool:
    if value is None or value == "":
        return False
    if isinstance(value, bool):
        return value
    text = clean_narrow(value).lower()
    if text == "" or text in FALSE_WORDS:
        return False
    if text in TRUE_WORDS:
        return True
    raise CellError(f"无法识别“{clean_text(value)}”，请填写“是”或“否”（也可用 √ 表示是，留空表示否）。")


def choice_cleaner(choices) -> Callable:
    """Labels (非公企业), codes (enterprise) and "code label" (C 制造业) all map to the code."""
    lookup: dict[str, str] = {}
    for code, label in choices:
        if code == "":
            continue
        lookup[normalize_header(code)] = code
        lookup[normalize_header(label)] = code
        lookup[normalize_header(f"{code}{label}")] = code
    for code, label in choices:  # a few everyday abbreviations
        for part in re.split(r"[/、]", str(label)):
            lookup.setdefault(normalize_header(part), code)

    def clean(value) -> str:
        text = clean_text(value)
        if not text:
            return ""
        code = lookup.get(normalize_header(text))
        if code is None:
            options = "、".join(str(label) for c, label in choices if c != "")
            raise CellError(f"“{text}”不是可选的值，请从下拉列表选择：{options}。")
        return code

    return clean


@dataclass
class Column:
    """One column of a spreadsheet layout. `key` names the form field (or a pseudo-field the
    importer handles itself, such as the region path)."""

    key: str
    header: str
    kind: str = "text"  # text, code18, int, decimal, date, bool, choice, narrow
    synonyms: tuple[str, ...] = ()
    choices: tuple = ()
    required: bool = False
    help: str = ""
    example: object = ""
    width: int = 14
    cleaner: Callable = field(init=False, repr=False)

    def __post_init__(self):
        self.cleaner = {
            "text": clean_text, "code18": clean_code18, "int": clean_int, "decimal": clean_decimal,
            "date": clean_date, "bool": clean_bool, "narrow": clean_narrow,
        }.get(self.kind) or choice_cleaner(self.choices)

    def names(self) -> set[str]:
        names = {normalize_header(self.header), *(normalize_header(s) for s in self.synonyms)}
        return names | {strip_parenthetical(n) for n in names}

    def clean(self, value):
        return self.cleaner(value)

    @property
    def choice_labels(self) -> list[str]:
        if self.kind == "bool":
            return ["是", "否"]
        return [str(label) for code, label in self.choices if code != ""]


@dataclass
class HeaderMatch:
    row_number: int
    positions: dict[str, int]  # column key → 0-based cell index
    unknown: list[str]  # headers the file has that the layout does not know (ignored)


class Layout:
    """An ordered set of columns; the importer reads it, the exporter and template write it."""

    def __init__(self, name: str, title: str, columns: list[Column], min_matches: int = 3):
        self.name = name
        self.title = title
        self.columns = columns
        self.by_key = {c.key: c for c in columns}
        self.min_matches = min_matches
        self._lookup: dict[str, str] = {}
        for column in columns:
            for alias in column.names():
                self._lookup.setdefault(alias, column.key)

    def match_header(self, cells) -> dict[str, int]:
        positions: dict[str, int] = {}
        for index, cell in enumerate(cells):
            name = normalize_header(cell)
            if not name:
                continue
            key = self._lookup.get(name) or self._lookup.get(strip_parenthetical(name))
            if key and key not in positions:
                positions[key] = index
        return positions

    def find_header(self, rows) -> HeaderMatch | None:
        """The header is the first of the leading rows that names enough known columns; the
        merged title rows above it name none."""
        for row_number, cells in rows:
            positions = self.match_header(cells)
            if len(positions) >= self.min_matches:
                known = set(positions.values())
                unknown = [str(c) for i, c in enumerate(cells) if c not in (None, "") and i not in known]
                return HeaderMatch(row_number, positions, unknown)
        return None
