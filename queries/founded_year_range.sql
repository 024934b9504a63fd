-- One row: the earliest and latest founding year of any outlet, the bounds of the founding period filter.
-- params: (none)
select min(year(first_day(founded))) as first_year, max(year(first_day(founded))) as last_year
from outlets
