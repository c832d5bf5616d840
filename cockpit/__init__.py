"""Domain core of the 审计数字驾驶舱: config, reporting store, KPI rules and queries."""
