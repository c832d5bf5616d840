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

# 填报 /submit: template download, upload with receipt or rejection grid, 报送情况
SUBMIT_TEMPLATE_UNIT = "submit-template-unit"
SUBMIT_TEMPLATE_WEEK = "submit-template-week"
SUBMIT_TEMPLATE_BUTTON = "submit-template-button"
SUBMIT_TEMPLATE_DOWNLOAD = "submit-template-download"
SUBMIT_TEMPLATE_MESSAGE = "submit-template-message"
SUBMIT_UPLOAD = "submit-upload"
SUBMIT_RESULT = "submit-result"  # the receipt, or the rejection's headline
SUBMIT_ISSUES = "submit-issues"  # AG Grid: every error and warning of the last upload
SUBMIT_ISSUES_PANEL = "submit-issues-panel"
SUBMIT_ISSUES_CSV = "submit-issues-csv"
SUBMIT_ISSUES_XLSX = "submit-issues-xlsx"
SUBMIT_ISSUES_DOWNLOAD = "submit-issues-download"
SUBMIT_STATUS = "submit-status"  # AG Grid: who submitted the page's week
SUBMIT_STATUS_SUMMARY = "submit-status-summary"
SUBMIT_HISTORY_UNIT = "submit-history-unit"
SUBMIT_HISTORY = "submit-history"  # AG Grid: one unit's submissions

# 督办 /supervision
SUPERVISION_REFRESH = "supervision-refresh"  # bumped after every step, so the grids re-read
SUPERVISION_RED = "supervision-red"  # AG Grid: red items of the week (proposals first)
SUPERVISION_RED_PANEL = "supervision-red-panel"
SUPERVISION_DEADLINE = "supervision-deadline"
SUPERVISION_REQUEST = "supervision-request"
SUPERVISION_ISSUE = "supervision-issue"
SUPERVISION_MESSAGE = "supervision-message"
SUPERVISION_ITEMS = "supervision-items"  # AG Grid: 督办 items the caller may see
SUPERVISION_SHOW_CLOSED = "supervision-show-closed"
SUPERVISION_DETAIL = "supervision-detail"  # the selected item's steps
SUPERVISION_RESPOND_PANEL = "supervision-respond-panel"
SUPERVISION_EXPLANATION = "supervision-explanation"
SUPERVISION_MEASURES = "supervision-measures"
SUPERVISION_PLANNED = "supervision-planned"
SUPERVISION_RESPOND = "supervision-respond"
SUPERVISION_REVIEW_PANEL = "supervision-review-panel"
SUPERVISION_OPINION = "supervision-opinion"
SUPERVISION_CLOSE = "supervision-close"
SUPERVISION_RETURN = "supervision-return"
SUPERVISION_ACT_MESSAGE = "supervision-act-message"

# 单位 page: its open 督办 items (filled by callbacks/unit.py)
UNIT_SUPERVISION = "unit-supervision"
