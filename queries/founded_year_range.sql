-- One row: the earliest and latest founding year of any outlet, the bounds of the founding period filter.
-- params: (none)
select min(founded_year) as first_year, max(founded_year) as last_year
from outlet_rows
