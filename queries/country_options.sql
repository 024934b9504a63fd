-- One row per country that has outlets on $as_of: its code, name and number of outlets, for the country filter.
-- params: $as_of
select outlets.country, countries.name as country_name, count(*) as outlets
from outlets
join countries on countries.code = outlets.country
where (outlets.founded is null or outlets.founded <= $as_of) and (outlets.closed is null or outlets.closed > $as_of)
group by outlets.country, countries.name
order by countries.name
