"""Every page's callbacks; importing the package registers them with Dash."""

from callbacks import (  # noqa: F401, I001 - 填报 and 督办 (submit branch)
    districts,
    drilldown,
    overview,
    rankings,
    rectification,
    shell,
    submit,
    supervision,
    unit,
)
