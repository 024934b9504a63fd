-- One row per country that has outlets on $as_of: its code, name and number of outlets, for the country filter.
-- params: $as_of
with counted as (
    select counts.country, sum(counts.outlets)::bigint as outlets
    from outlet_counts_as_of($as_of) as counts
    group by counts.country
)

select counted.country, countries.name as country_name, counted.outlets
from counted
join countries on countries.code = counted.country
order by countries.name
