"""What the rule catalogue is made of: citations, parameters and the table of declared parameters.

A leaf module: it imports nothing of the project and no model, so an app's `parameters.py`
(citations and parameter declarations only) can import it, and the app's models can import that
`parameters.py` with no cycle. The registry (liangxin.rules.registry) fills `PARAMETERS` when it
loads; the models and the resolver (liangxin.rules.values) read it from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# What users read for each source document: its title as the document gives it (000, 002 and
# 004 carry theirs; 001, a town's work plan, and 003, a county leader's speech, have none in the
# text, so theirs say what they are in the documents' own words). The seed numbers stay in the
# code and the API; no page shows them.
SEED_TITLES = {
    "000": "《非公有制企业党建工作指导员管理办法》",
    "001": "《关于加强非公有制企业党建工作的实施方案》（镇）",
    "002": "《关于推行非公企业党建区域化网格化管理服务的指导意见》（市）",
    "003": "《在全县“两新”组织党建工作会议上的讲话》（县）",
    "004": "《关于机关事业单位与“两新”组织结对共建创先争优的通知》（深龙委办〔2010〕38号）",
    "national": "全国性党内法规",
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
    def reference(self) -> str:
        """Document and clause as users read them: 《…》第X条. The national baseline's clause
        already names its documents."""
        return self.clause if self.seed == "national" else f"{self.source} {self.clause}"

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
