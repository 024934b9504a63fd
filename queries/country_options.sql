-- One row per country that has outlets on $as_of: its code, name and number of outlets, for the country filter.
-- params: $as_of
-- Counted per code before the names are joined, so a million outlets are grouped once on one narrow column.
with counted as (
    select outlets.country, count(*) as outlets
    from outlets
    where (outlets.founded is null or outlets.founded <= $as_of) and (outlets.closed is null or outlets.closed > $as_of)
    group by outlets.country
)

select counted.country, countries.name as country_name, counted.outlets
from counted
join countries on countries.code = counted.country
order by countries.name
