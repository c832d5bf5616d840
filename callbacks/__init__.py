"""Every page's callbacks; importing the package registers them with Dash."""

from callbacks import districts, drilldown, navbar, overview, portal, rankings, rectification, shell, unit  # noqa: F401
