"""Read queries behind the pages. Keyword-only, take a Session, return DataFrames or plain data.

Every query that returns rows of units accepts `units`: the unit codes to return (None = all).
The queries do not know who asks; `cockpit.dashboard` is the one place where a caller's scope is
to be applied. Which rows count for a figure is `cockpit.predicates`.
"""
