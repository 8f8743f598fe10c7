"""What the rule catalogue is made of: citations, parameters and the table of declared parameters.

A leaf module: it imports nothing of the project and no model, so an app's `parameters.py`
(citations and parameter declarations only) can import it, and the app's models can import that
`parameters.py` with no cycle. The registry (liangxin.rules.registry) fills `PARAMETERS` when it
loads; the models and the resolver (liangxin.rules.values) read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

SEED_TITLES = {
    "000": "非公有制企业党建工作指导员管理办法",
    "001": "镇非公有制企业党建工作实施方案",
    "002": "市关于区域化网格化管理非公企业党建工作的指导意见",
    "003": "县“两新”组织党建工作推进会讲话",
    "004": "龙岗区结对共建“两新”组织通知",
    "national": "全国性党内法规基线（非种子文件）",
}


@cache
def _converter():
    import opencc  # loading the conversion tables takes a moment: only when a quote is shown

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _converter().convert(text) if text else text


@dataclass(frozen=True)
class Citation:
    """Where a rule or parameter comes from: seed file, clause, and the sentence quoted from it."""

    seed: str
    clause: str
    quote: str = ""

    @property
    def source(self) -> str:
        return SEED_TITLES.get(self.seed, self.seed)

    @property
    def text(self) -> str:
        """The quote as users read it: in simplified characters (some seeds are traditional;
        `quote` stays verbatim so it can be checked against the seed)."""
        return to_simplified(self.quote)

    def __str__(self) -> str:
        return f"{self.seed} {self.clause}"


@dataclass(frozen=True)
class Parameter:
    """A policy number, stored with its default and citation. Administrators override it per
    region (liangxin.rules.models.ParameterOverride); rules never hard-code it."""

    key: str
    title: str
    default: int
    unit: str
    citation: Citation
    minimum: int = 0
    maximum: int | None = None
    note: str = ""


class ParameterSet(dict[str, Parameter]):
    """Parameters by key. Each `parameters.py` declares its own set; `PARAMETERS` below is the
    union of the sets the registry loaded."""

    def declare(self, key: str, title: str, default: int, unit: str, citation: Citation, **kwargs) -> str:
        """Declare a parameter once (several rules may share it); returns its key, which the
        rules and the resolver use."""
        self.add(Parameter(key, title, default, unit, citation, **kwargs))
        return key

    def add(self, parameter: Parameter) -> None:
        known = self.get(parameter.key)
        if known is not None and known != parameter:
            raise ValueError(f"parameter {parameter.key} declared twice differently")
        self[parameter.key] = parameter


PARAMETERS = ParameterSet()
