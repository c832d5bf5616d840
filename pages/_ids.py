"""Component ids shared by pages/ and callbacks/ (Dash Pages skips `_` modules)."""

# Shell: present on every page (built by pages/_shell.py).
URL = "shell-url"
REQUESTED_WEEK = "shell-requested-week"  # the ?week= of the URL, as the page got it
WEEK = "shell-week"  # the week every figure on the page shows (resolved; latest when none asked)
WEEK_PICKER = "shell-week-picker"
FRESHNESS = "shell-freshness"
STORE_ALERT = "shell-store-alert"

# Drill-down: one modal on every page; any element with a DRILL id opens it.
# pattern: {"type": DRILL, "what": "ledger"|"findings", "unit": code|"ALL", "key": str}; ledger keys are an
# indicator code ("K4": every item, the denominator) or "K4:done" (the items in the numerator).
DRILL = "drill"
DRILL_MODAL = "drill-modal"
DRILL_TITLE = "drill-title"
DRILL_DEFINITION = "drill-definition"
DRILL_GRID = "drill-grid"
DRILL_COUNT = "drill-count"
DRILL_CSV = "drill-csv"
DRILL_XLSX = "drill-xlsx"
DRILL_DOWNLOAD = "drill-download"
DRILL_QUERY = "drill-query"

# 总览 overview
OVERVIEW_CARDS = "overview-cards"
OVERVIEW_TREND = "overview-trend"
OVERVIEW_TREND_PICKER = "overview-trend-indicator"
OVERVIEW_LIGHTS = "overview-lights"
OVERVIEW_RECT = "overview-rectification"

# 区县 districts matrix and unit page
DISTRICTS_GRID = "districts-grid"
DISTRICTS_LEGEND = "districts-legend"
DISTRICTS_MESSAGE = "districts-message"
UNIT_CODE = "unit-code"
UNIT_HEADER = "unit-header"
UNIT_INDICATORS = "unit-indicators"
UNIT_TREND = "unit-trend"
UNIT_LEDGER = "unit-ledger"
UNIT_RECT = "unit-rectification"
UNIT_SUBMISSIONS = "unit-submissions"
UNIT_RANK = "unit-rank"
UNIT_TREND_PICKER = "unit-trend-indicators"

# 排名 rankings
RANKING_GRID = "ranking-grid"
RANKING_CONTRIB = "ranking-contributions"
RANKING_FORMULA = "ranking-formula"
RANKING_WEIGHTS = "ranking-weights"
RANKING_DETAIL = "ranking-detail"  # the selected district's contributions, each drillable
RANKING_STATUS = "ranking-status"  # plain-Chinese notice when the week has nothing to rank

# 审计整改 rectification
RECT_HEADLINE = "rect-headline"
RECT_BY_UNIT = "rect-by-unit"
RECT_BY_CATEGORY = "rect-by-category"
RECT_BY_MONTH = "rect-by-month"
RECT_SUPERVISION = "rect-supervision"
RECT_OVERDUE_GRID = "rect-overdue-grid"
RECT_UNIT_PICKER = "rect-unit-picker"
RECT_STATUS = "rect-status"  # plain-Chinese notice when the store or the week has no findings


def drill(what: str, unit: str, key: str = "") -> dict:
    """The id of a clickable number that opens the rows behind it."""
    return {"type": DRILL, "what": what, "unit": unit, "key": key}

# 挂图作战 tasks (taskforce). Drill kind "milestones": key = a milestone code, unit = ALL or a unit.
TASKS_GROUP = "tasks-group"
TASKS_RESPONSIBLE = "tasks-responsible"
TASKS_LIGHTS = "tasks-lights"
TASKS_TIMELINE = "tasks-timeline"
TASKS_TABLE = "tasks-table"
TASKS_GRID = "tasks-grid"
TASKS_STATUS = "tasks-status"
TASKS_SUMMARY = "tasks-summary"

# 周报 / 月清单 review (taskforce)
REVIEW_MONTH = "review-month"  # the ?month= of the URL
REVIEW_VERSION = "review-version"  # the ?version= of the URL (a published version)
REVIEW_BODY = "review-body"
REVIEW_STATUS = "review-status"
REVIEW_PUBLISHED = "review-published"
REVIEW_XLSX = "review-xlsx"
REVIEW_PDF = "review-pdf"
REVIEW_DOWNLOAD = "review-download"
REVIEW_PUBLISH = "review-publish"
REVIEW_PUBLISH_RESULT = "review-publish-result"
REVIEW_PRINT_BODY = "review-print-body"
REVIEW_PRINT_QUERY = "review-print-query"
REVIEW_PRINT_READY = "review-print-ready"  # present once the print page has drawn everything
