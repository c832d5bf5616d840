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


# 大屏 wall screen (/screen): one fixed canvas, scenes that rotate, a poll of the data version.
SCREEN_PARAMS = "screen-params"  # the validated URL parameters
SCREEN_POLL = "screen-poll"  # interval: ask the store's data version
SCREEN_TICK = "screen-tick"  # interval: next scene
SCREEN_CLOCK_TICK = "screen-clock-tick"
SCREEN_CLOCK = "screen-clock"
SCREEN_WANTED = "screen-wanted"  # {"version", "n"}: a newer data version the poll saw
SCREEN_SHOWN = "screen-shown"  # {"version", "at"}: the data version on the wall, and when it was drawn
SCREEN_REDS = "screen-reds"  # {"week", "reds"}: the red items at the last refresh ("turned red")
SCREEN_ALERT = "screen-alert"  # the red-alert scene to show next, or None
SCREEN_ROTATION = "screen-rotation"  # client-side rotation state
SCREEN_LINK = "screen-link"  # "数据连接中断 …" while the store cannot be reached
SCREEN_WEEK = "screen-week"
SCREEN_LOADED = "screen-loaded"
SCREEN_MISSING = "screen-missing"
SCREEN_NOTICE = "screen-notice"  # rejected URL parameters, a frozen week
SCREEN_SCENE = "screen-scene"  # pattern: {"type": SCREEN_SCENE, "name": scene}
SCREEN_PAGER = "screen-pager"  # pattern: {"type": SCREEN_PAGER, "name": scene}
SCREEN_KPIS = "screen-kpis"
SCREEN_MAP = "screen-map"
SCREEN_MAP_TITLE = "screen-map-title"
SCREEN_MAP_MISSING = "screen-map-missing"
SCREEN_RANKING = "screen-ranking"
SCREEN_RECT_HEAD = "screen-rect-head"
SCREEN_RECT_UNITS = "screen-rect-units"
SCREEN_RECT_MONTHS = "screen-rect-months"
SCREEN_TASKS = "screen-tasks"
SCREEN_ALERT_BODY = "screen-alert-body"
SCREEN_PROBLEM = "screen-problem"  # what the wall says when it has never had data to show

# The district map (pages/_district_map.py), on /screen and /districts.
DISTRICT_MAP = "district-map"
DISTRICT_MAP_UNSHAPED = "district-map-unshaped"
DISTRICTS_MAP_INDICATOR = "districts-map-indicator"
# Navbar (app.py): folds behind a toggler on phones
NAV_TOGGLER = "nav-toggler"
NAV_COLLAPSE = "nav-collapse"

# 分门户 sub-portal (pages/portal*.py): each panel carries its own week store, so the full page
# and each embed (/portal/tasks?embed=1 …) render a panel with the same callback.
PORTAL_TASKS = "portal-tasks"
PORTAL_TASKS_WEEK = "portal-tasks-week"
PORTAL_BUSINESS = "portal-business"
PORTAL_BUSINESS_WEEK = "portal-business-week"
PORTAL_FEATURED = "portal-featured"
PORTAL_FEATURED_WEEK = "portal-featured-week"
PORTAL_FEATURED_UNIT = "portal-featured-unit"
PORTAL_FEATURED_CATEGORY = "portal-featured-category"
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
SUPERVISION_ONLY_PROPOSED = "supervision-only-proposed"  # show only items red two weeks running
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

# Access: the signed-in caller under the navbar, and /admin (admin only; "admin-" ids are
# admin-only callbacks, see cockpit.access.CALLBACK_ROLES).
CALLER_NAME = "caller-name"
SIGN_OUT = "caller-sign-out"
ADMIN_TABS = "admin-tabs"
ADMIN_MESSAGE = "admin-message"
ADMIN_USERS = "admin-users"
ADMIN_USER_NAME = "admin-user-name"
ADMIN_USER_ROLE = "admin-user-role"
ADMIN_USER_UNIT = "admin-user-unit"
ADMIN_USER_ADD = "admin-user-add"
ADMIN_USER_DISABLE = "admin-user-disable"
ADMIN_USER_ENABLE = "admin-user-enable"
ADMIN_USER_RESET = "admin-user-reset"
ADMIN_RUNS = "admin-runs"
ADMIN_WARNINGS = "admin-warnings"
ADMIN_AUDIT = "admin-audit"
ADMIN_AUDIT_ACTION = "admin-audit-action"
ADMIN_AUDIT_USER = "admin-audit-user"
ADMIN_AUDIT_OUTCOME = "admin-audit-outcome"
ADMIN_AUDIT_DAYS = "admin-audit-days"
ADMIN_TOKENS = "admin-tokens"
ADMIN_TOKEN_NAME = "admin-token-name"
ADMIN_TOKEN_UNIT = "admin-token-unit"
ADMIN_TOKEN_CREATE = "admin-token-create"
ADMIN_TOKEN_REVOKE = "admin-token-revoke"
ADMIN_REFRESH = "admin-refresh"

REVIEW_SUPERVISION = "review-supervision"  # open 督办 items, live, beside the (possibly published) review
