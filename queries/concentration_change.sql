-- One row per country × media type with outlets on $compare_as_of or $as_of: the concentration on both dates side
-- by side (compare_* on $compare_as_of, the rest on $as_of) and the change from the first to the second.
-- params: $countries, $media_types, $as_of, $compare_as_of
-- Both dates in one run of market_concentration: planned once, each stored table read once.
with both_dates as materialized (
    select * from market_concentration([$compare_as_of, $as_of], $countries::varchar[], $media_types::varchar[])
),

earlier as (select * from both_dates where both_dates.as_of = $compare_as_of),

later as (select * from both_dates where both_dates.as_of = $as_of),

final as (
    select
        coalesce(later.country, earlier.country) as country,
        coalesce(later.country_name, earlier.country_name) as country_name,
        coalesce(later.media_type, earlier.media_type) as media_type,
        earlier.basis as compare_basis,
        earlier.outlets as compare_outlets,
        earlier.groups as compare_groups,
        earlier.coverage as compare_coverage,
        earlier.cr4 as compare_cr4,
        earlier.hhi as compare_hhi,
        earlier.risk_band as compare_risk_band,
        earlier.top_groups as compare_top_groups,
        later.basis,
        later.outlets,
        later.groups,
        later.coverage,
        later.cr4,
        later.hhi,
        later.risk_band,
        later.top_groups,
        round(later.cr4 - earlier.cr4, 2) as cr4_change,
        round(later.hhi - earlier.hhi, 2) as hhi_change,
        earlier.risk_band is distinct from later.risk_band as risk_band_changed
    from earlier
    full outer join later on later.country = earlier.country and later.media_type = earlier.media_type
)

select * from final
order by country_name, media_type
