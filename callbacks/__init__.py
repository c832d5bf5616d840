"""Every page's callbacks; importing the package registers them with Dash."""

from callbacks import (  # noqa: F401
    districts,
    drilldown,
    overview,
    rankings,
    rectification,
    review,
    review_print,
    shell,
    tasks,
    unit,
)
