-- One row per country that has outlets on $as_of: its code, name and number of outlets, for the country filter.
-- params: $as_of
-- Counted per code before the names are joined, so a million outlets are grouped once on one narrow column.
with counted as (
    select outlets.country, count(*) as outlets
    from outlet_rows_existing($as_of) as outlets
    group by outlets.country
)

select counted.country, countries.name as country_name, counted.outlets
from counted
join countries on countries.code = counted.country
order by countries.name
