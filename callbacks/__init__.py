"""Every page's callbacks; importing the package registers them with Dash."""

from callbacks import districts, drilldown, overview, rankings, rectification, shell, tasks, unit  # noqa: F401
