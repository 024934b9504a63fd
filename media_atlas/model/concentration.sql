-- What makes a market's concentration a verdict rather than an artefact of missing data: measured by outlet count,
-- at least this many outlets; and at least this share (percent) of its outlets, or of the audience the figures list,
-- with a known controlling group: an outlet without one counts as its own group, so a market of unknown owners
-- would look dispersed. By outlet count the market's outlets are the larger of those the atlas lists and its
-- published size (`market_sizes`), so a market of which the atlas lists a sliver does not look fully covered.
create macro concentration_min_outlets() as 5;
create macro concentration_min_coverage() as 50;

-- Audience figures count for a date from a period that started on or before it and at most this many calendar years
-- before it.
create macro audience_years_back() as 1;

-- The Media Ownership Monitor's risk bands for a CR4 (percent): low below the first bound, medium below the second.
create macro cr4_low_below() as 25;
create macro cr4_medium_below() as 50;
create macro risk_band(cr4) as
    case when cr4 < cr4_low_below() then 'low' when cr4 < cr4_medium_below() then 'medium' else 'high' end;

-- One row per country × media type with outlets on `as_of` (only `countries` and `media_types` when those lists
-- are not empty): how concentrated its ownership is. Each outlet counts for its controlling group, or as its own
-- group when it has none. The basis is the audience share where `audience` covers the market (its `market` is the
-- country code) in a period that started on or before `as_of` and not before the previous calendar year (the
-- latest such period is used); otherwise each group's share of the market's outlets. CR4 is the four largest
-- groups' shares added up, HHI the sum of every group's squared share (0–10,000). `coverage` is the percent of the
-- market's outlets (or, by audience, of the listed audience) whose controlling group is known, `audience_listed`
-- the percent of the audience the figures name. By outlet count the market's outlets for coverage are the larger
-- of `outlets` (those the atlas lists) and `published_size`, the latest count in `market_sizes` for a period on or
-- before `as_of` (`published_period`): known-group outlets over that. The risk band is risk_band(CR4), or 'insufficient data' for a
-- market less covered than concentration_min_coverage(), or measured by outlet count and smaller than
-- concentration_min_outlets().
create macro market_concentration(as_of, countries, media_types) as table
    with grouped as (
        select
            outlets.outlet_id,
            outlets.country,
            outlets.media_type,
            coalesce(outlets.group_id, outlets.outlet_id) as group_id,
            outlets.group_id is not null as known_group
        from outlet_rows_as_of(as_of) as outlets
        where outlets.exists_from <= first_day(as_of) and outlets.exists_until > first_day(as_of)
            and outlets.country is not null
            and (len(countries) = 0 or outlets.country = any(countries))
            and (len(media_types) = 0 or outlets.media_type = any(media_types))
    ),

    audience_in_markets as (
        select grouped.country, grouped.media_type, grouped.outlet_id, audience.period, audience.share_pct
        from audience
        join grouped on grouped.outlet_id = audience.outlet_id and grouped.country = audience.market
        where audience.period <= as_of
            and try_cast(left(audience.period, 4) as integer) >= try_cast(left(as_of, 4) as integer) - audience_years_back()
    ),

    audience_periods as (
        select audience_in_markets.country, audience_in_markets.media_type, max(audience_in_markets.period) as period
        from audience_in_markets
        group by audience_in_markets.country, audience_in_markets.media_type
    ),

    group_sizes as (
        select
            grouped.country,
            grouped.media_type,
            grouped.group_id,
            count(*) as outlets,
            count(*) filter (where grouped.known_group) as outlets_in_groups,
            any_value(audience_periods.period) as audience_period,
            coalesce(sum(audience_in_markets.share_pct), 0) as audience_share,
            coalesce(sum(audience_in_markets.share_pct) filter (where grouped.known_group), 0) as audience_in_groups
        from grouped
        left join audience_periods
            on audience_periods.country = grouped.country and audience_periods.media_type = grouped.media_type
        left join audience_in_markets
            on audience_in_markets.outlet_id = grouped.outlet_id and audience_in_markets.period = audience_periods.period
        group by grouped.country, grouped.media_type, grouped.group_id
    ),

    market_totals as (select country, media_type, sum(outlets) as market_outlets from group_sizes group by all),

    -- The latest published count of each market for a period on or before the date (a few rows a country).
    published_sizes as (
        select market_sizes.country, market_sizes.media_type, market_sizes.period, market_sizes.outlets
        from market_sizes
        where market_sizes.period <= as_of
            and (len(countries) = 0 or market_sizes.country = any(countries))
            and (len(media_types) = 0 or market_sizes.media_type = any(media_types))
        qualify row_number() over (
            partition by market_sizes.country, market_sizes.media_type order by market_sizes.period desc
        ) = 1
    ),

    group_shares as (
        select
            group_sizes.*,
            if(
                group_sizes.audience_period is null,
                100.0 * group_sizes.outlets / market_totals.market_outlets,
                group_sizes.audience_share
            ) as share
        from group_sizes
        join market_totals
            on market_totals.country = group_sizes.country and market_totals.media_type = group_sizes.media_type
    ),

    -- The four largest groups of a market are kept while grouping (largest share first, then by id): numbering every
    -- group of every market with a window sorts a quarter of a million rows at a million outlets.
    markets as (
        select
            group_shares.country,
            group_shares.media_type,
            any_value(group_shares.audience_period) as audience_period,
            sum(group_shares.outlets)::bigint as outlets,
            sum(group_shares.outlets_in_groups) as outlets_in_groups,
            round(100.0 * sum(group_shares.audience_in_groups) / nullif(sum(group_shares.audience_share), 0), 1)
                as audience_coverage,
            round(sum(group_shares.audience_share), 1) as audience_listed,
            count(*) as groups,
            round(list_sum(max(group_shares.share, 4)), 2) as cr4,
            round(sum(group_shares.share * group_shares.share), 2) as hhi,
            arg_min(group_shares.group_id, (-group_shares.share, group_shares.group_id), 4) as largest
        from group_shares
        group by group_shares.country, group_shares.media_type
    ),

    -- Names are looked up for the four largest groups of each market only.
    top_groups as (
        with largest as (
            select
                markets.country,
                markets.media_type,
                unnest(markets.largest) as group_id,
                unnest(range(1, len(markets.largest) + 1)) as rank
            from markets
        )

        select
            largest.country,
            largest.media_type,
            string_agg(entities.name || ' ' || round(group_shares.share, 1) || '%', '; ' order by largest.rank) as names
        from largest
        join group_shares
            on group_shares.country = largest.country
            and group_shares.media_type = largest.media_type
            and group_shares.group_id = largest.group_id
        join entities on entities.entity_id = largest.group_id
        group by largest.country, largest.media_type
    ),

    -- By outlet count, coverage is over the larger of the listed outlets and the published size.
    covered as (
        select
            markets.*,
            published_sizes.outlets as published_size,
            published_sizes.period as published_period,
            if(
                markets.audience_period is null,
                round(
                    100.0 * markets.outlets_in_groups / greatest(markets.outlets, coalesce(published_sizes.outlets, 0)),
                    1
                ),
                markets.audience_coverage
            ) as coverage
        from markets
        left join published_sizes
            on published_sizes.country = markets.country and published_sizes.media_type = markets.media_type
    )

    select
        covered.country,
        countries.name as country_name,
        covered.media_type,
        if(covered.audience_period is null, 'outlet count', 'audience share') as basis,
        covered.outlets,
        covered.published_size,
        covered.groups,
        covered.coverage,
        if(covered.audience_period is null, null, covered.audience_listed) as audience_listed,
        covered.cr4,
        covered.hhi,
        case
            when covered.audience_period is null and covered.outlets < concentration_min_outlets()
                then 'insufficient data'
            when coalesce(covered.coverage, 0) < concentration_min_coverage() then 'insufficient data'
            else risk_band(covered.cr4)
        end as risk_band,
        top_groups.names as top_groups,
        covered.audience_period,
        covered.published_period
    from covered
    join top_groups on top_groups.country = covered.country and top_groups.media_type = covered.media_type
    left join countries on countries.code = covered.country;
