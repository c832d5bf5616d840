"""Read queries behind the pages. Keyword-only, take a Session, return DataFrames or plain data.

Every query that returns rows of units accepts `units`: the unit codes the caller may see
(None = all), so a district user's view is limited in one place.
"""
