"""How each figure is counted (numerator, denominator, which dates count), in the UI's words.

One hover away from every number; the same words as DESIGN §6, so page and rule cannot drift.
"""

from __future__ import annotations

from cockpit.config import Config, TaskMilestone

AS_OF = "统计时点为报告周的周日(as_of);晚于该日的日期一律不计。"

FINDINGS = {
    "found": "发现问题数:发现日期 ≤ 周日的问题。",
    "rectified": "已整改:整改状态为“已整改”且整改日期 ≤ 周日。",
    "open": "整改中:已发现但尚未整改完成(发现数 − 已整改数)。",
    "overdue": "逾期:已发现、未整改完成,且整改期限早于周日。",
    "closed": "已销号:问题来源为“监督整改”且销号日期 ≤ 周日。",
    "supervision": "监督整改问题:问题来源为“监督整改”的已发现问题。",
    "rate": "整改率 = 已整改数 ÷ 发现问题数(发现数为0时不计算)。",
    "amount": "问题金额(万元):已发现问题的金额合计;整改金额为已整改问题的金额合计。",
}


def indicator_definition(config: Config, code: str) -> str:
    indicator = config.indicator(code)
    if indicator.kind == "count":
        windows = ";".join(f"{m}: {a:%Y-%m-%d}至{b:%Y-%m-%d}" for m, (a, b) in indicator.windows.items())
        return (
            f"{indicator.name}:统计在当前节点统计区间内完成(已完成且完成日期在区间内)的事项数,"
            f"全市为各单位之和。统计区间 {windows}。{AS_OF}"
        )
    return (
        f"{indicator.name} = 分子 ÷ 分母。分子:状态为已完成(含已上线/已接入/已覆盖/已推出)且完成日期 ≤ 周日的"
        f"台账事项数;分母:本单位该指标的台账事项总数。全市 = Σ分子 ÷ Σ分母。{AS_OF}"
    )


def finding_definition(kind: str) -> str:
    return FINDINGS.get(kind, FINDINGS["found"]) + AS_OF


def milestone_definition(milestone: TaskMilestone) -> str:
    """The milestone light of DESIGN §6 for one task milestone."""
    co = "、".join(milestone.co_responsible) or "无"
    return (
        f"{milestone.code} {milestone.name}:完成时限 {milestone.due:%Y-%m-%d},牵头 {milestone.lead}(排第一位承担主责),"
        f"配合 {co}。绿灯:已完成且完成日期不晚于时限;红灯:逾期完成或超过时限仍未完成;黄灯:未完成且14天内到期;"
        f"灰色:未完成、尚未到期。明细为各单位在报告周有效报送中填报的任务进度。{AS_OF}"
    )
