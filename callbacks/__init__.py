"""Every page's callbacks; importing the package registers them with Dash."""

from callbacks import admin, districts, drilldown, overview, rankings, rectification, shell, unit  # noqa: F401
