"""Every page's callbacks; importing the package registers them with Dash."""

from callbacks import (  # noqa: F401
    admin,
    districts,
    districts_map,
    drilldown,
    navbar,
    overview,
    portal,
    rankings,
    rectification,
    review,
    review_print,
    screen,
    shell,
    submission_status,
    submit,
    supervision,
    tasks,
    unit,
)
