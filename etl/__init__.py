"""ETL of the weekly workbooks (台账): read, validate, load whole or reject whole, compute facts."""
