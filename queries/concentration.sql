-- One row per country × media type with outlets on $as_of: CR4, HHI and the CR4 risk band (or 'insufficient data'),
-- by audience share where audience figures cover the market and date, else by outlet count (`basis` says which),
-- with the coverage by known controlling groups (by outlet count, over the larger of the listed outlets and the
-- market's latest published size, `published_size`) and the top groups.
-- params: $countries, $media_types, $as_of
-- An empty list means all. Groups are controlling groups; an outlet without one is its own group.
with final as (
    select * exclude (as_of) from market_concentration([$as_of], $countries::varchar[], $media_types::varchar[])
)

select * from final
order by country_name, media_type
