-- One row: the earliest and latest founding year of any outlet, the bounds of the founding period filter.
-- params: (none)
select
    min(try_cast(left(founded, 4) as integer)) as first_year,
    max(try_cast(left(founded, 4) as integer)) as last_year
from outlets
