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

-- One row per market (country × media type) and controlling group on `as_of`: how many of the market's outlets
-- existing on that date the group controls, with the group's name (`own` false); and one row (`own` true) per outlet
-- existing then without a group of its own that is some outlet's controlling group at some time: where it controls
-- outlets of its market it is one group with them. The rule for one date; market_groups_as_of reads the same from
-- periods (a test holds the two equal).
create macro market_groups_computed(as_of) as table
    with existing as (
        select outlets.*
        from outlet_rows_as_of(as_of) as outlets
        where outlets.exists_from <= first_day(as_of) and outlets.exists_until > first_day(as_of)
            and outlets.country is not null
    )

    select existing.country, existing.media_type, existing.group_id, existing.group_name, false as own, count(*) as outlets
    from existing
    where existing.group_id is not null
    group by existing.country, existing.media_type, existing.group_id, existing.group_name
    union all
    select existing.country, existing.media_type, existing.outlet_id, existing.name, true, 1
    from existing
    semi join control_periods on control_periods.group_id = existing.outlet_id
    where existing.group_id is null;

-- One row per market, group and period in which market_groups_computed gives the same row: it on every date at once.
-- An outlet counts for its group while it exists and the group holds; for itself while it exists before its first
-- group and after each group, until its next.
create view market_group_periods as
    with changes as (
        select
            {
                'country': outlets.country,
                'media_type': outlets.media_type,
                'group_id': outlets.group_id,
                'group_name': outlets.group_name,
                'own': false
            } as key,
            greatest(outlets.group_from, outlets.exists_from) as counted_from,
            least(outlets.group_until, outlets.exists_until) as counted_until
        from outlet_rows as outlets
        where outlets.group_id is not null and outlets.country is not null
            and greatest(outlets.group_from, outlets.exists_from) < least(outlets.group_until, outlets.exists_until)
        union all
        select
            {
                'country': own.country,
                'media_type': own.media_type,
                'group_id': own.outlet_id,
                'group_name': own.name,
                'own': true
            },
            spans.counted_from,
            spans.counted_until
        from outlet_rows as own
        semi join control_periods on control_periods.group_id = own.outlet_id
        cross join lateral (
            values
                (greatest(own.listed_from, own.exists_from), least(own.group_from, own.exists_until)),
                (greatest(own.group_until, own.exists_from), least(own.listed_until, own.exists_until))
        ) as spans(counted_from, counted_until)
        where own.country is not null and spans.counted_from < spans.counted_until
    )

    select
        periods.key.country as country,
        periods.key.media_type as media_type,
        periods.key.group_id as group_id,
        periods.key.group_name as group_name,
        periods.key.own as own,
        periods.counted as outlets,
        periods.valid_from,
        periods.valid_until
    from counted_periods(changes) as periods;

-- One row per market and controlling group on `as_of`, as market_groups_computed.
create macro market_groups_as_of(as_of) as table
    select sizes.* exclude (valid_from, valid_until)
    from market_group_periods as sizes
    where sizes.valid_from <= first_day(as_of) and sizes.valid_until > first_day(as_of);

-- One row per audience figure of an outlet in its own country's market and row of the outlet (outlet_rows: each
-- stands for it over `listed_from` until before `listed_until`), with the outlet's type, name and group periods.
create view audience_outlet_rows as
    select
        audience.outlet_id,
        audience.period,
        audience.share_pct,
        outlets.country,
        outlets.media_type,
        outlets.name,
        outlets.group_id,
        outlets.group_from,
        outlets.group_until,
        outlets.listed_from,
        outlets.listed_until,
        outlets.exists_from,
        outlets.exists_until
    from audience
    join outlet_rows as outlets on outlets.outlet_id = audience.outlet_id and outlets.country = audience.market;

-- One row per date `as_of` in `dates` and country × media type with outlets on it (only `countries` and `media_types`
-- when those lists are not empty): how concentrated its ownership is. Each outlet counts for its controlling group, or as its own
-- group when it has none. The basis is the audience share where `audience` covers the market (its `market` is the
-- country code) in a period that started on or before `as_of` and not before the previous calendar year (the
-- latest such period is used); otherwise each group's share of the market's outlets. CR4 is the four largest
-- groups' shares added up (ties by id), HHI the sum of every group's squared share (0–10,000). `coverage` is the
-- percent of the market's outlets (or, by audience, of the listed audience) whose controlling group is known,
-- `audience_listed` the percent of the audience the figures name. By outlet count the market's outlets for coverage
-- are the larger of `outlets` (those the atlas lists) and `published_size`, the latest count in `market_sizes` for a
-- period on or before `as_of` (`published_period`): known-group outlets over that. The risk band is risk_band(CR4),
-- or 'insufficient data' for a market less covered than concentration_min_coverage(), or measured by outlet count and
-- smaller than concentration_min_outlets().
create macro market_concentration(dates, countries, media_types) as table
    with on_dates as (
        select dates.as_of, first_day(dates.as_of) as day from (select distinct unnest(dates) as as_of) as dates
    ),

    market_outlets as (
        select on_dates.as_of, on_dates.day, counts.country, counts.media_type, counts.outlets
        from outlet_count_periods as counts
        join on_dates on counts.valid_from <= on_dates.day and counts.valid_until > on_dates.day
        where counts.country is not null
            and (len(countries) = 0 or counts.country = any(countries))
            and (len(media_types) = 0 or counts.media_type = any(media_types))
    ),

    market_groups as (
        select on_dates.as_of, sizes.* exclude (valid_from, valid_until)
        from market_group_periods as sizes
        join on_dates on sizes.valid_from <= on_dates.day and sizes.valid_until > on_dates.day
        where (len(countries) = 0 or sizes.country = any(countries))
            and (len(media_types) = 0 or sizes.media_type = any(media_types))
    ),

    -- Each controlling group with the outlets it controls (`controlled`) and, where it is an outlet of the market
    -- without a group of its own, itself.
    known_groups as (
        select
            controlling.as_of,
            controlling.country,
            controlling.media_type,
            controlling.group_id,
            controlling.group_name,
            controlling.outlets as controlled,
            controlling.outlets + coalesce(itself.outlets, 0) as outlets,
            itself.outlets is not null as counts_itself
        from market_groups as controlling
        left join market_groups as itself
            on itself.own
            and itself.as_of = controlling.as_of
            and itself.country = controlling.country
            and itself.media_type = controlling.media_type
            and itself.group_id = controlling.group_id
        where not controlling.own
    ),

    audience_in_markets as (
        select
            on_dates.as_of,
            outlets.country,
            outlets.media_type,
            outlets.outlet_id,
            outlets.name,
            group_on(outlets.group_id, outlets.group_from, outlets.group_until, on_dates.day) as group_id,
            outlets.period,
            outlets.share_pct
        from audience_outlet_rows as outlets
        join on_dates
            on outlets.period <= on_dates.as_of
            and try_cast(left(outlets.period, 4) as integer) >= year(on_dates.day) - audience_years_back()
            and outlets.listed_from <= on_dates.day and outlets.listed_until > on_dates.day
            and outlets.exists_from <= on_dates.day and outlets.exists_until > on_dates.day
        where true
            and (len(countries) = 0 or outlets.country = any(countries))
            and (len(media_types) = 0 or outlets.media_type = any(media_types))
    ),

    audience_periods as (
        select
            audience_in_markets.as_of,
            audience_in_markets.country,
            audience_in_markets.media_type,
            max(audience_in_markets.period) as period
        from audience_in_markets
        group by audience_in_markets.as_of, audience_in_markets.country, audience_in_markets.media_type
    ),

    -- Each group's audience in its market's latest period (`in_group`: of the outlets it controls); an outlet without
    -- a group is a group of its own.
    audience_by_group as (
        select
            audience_in_markets.as_of,
            audience_in_markets.country,
            audience_in_markets.media_type,
            coalesce(audience_in_markets.group_id, audience_in_markets.outlet_id) as group_id,
            any_value(audience_in_markets.name) as name,
            sum(audience_in_markets.share_pct) as audience_share,
            coalesce(sum(audience_in_markets.share_pct) filter (where audience_in_markets.group_id is not null), 0)
                as in_group
        from audience_in_markets
        semi join audience_periods using (as_of, country, media_type, period)
        group by all
    ),

    market_totals as (
        select
            market_outlets.as_of,
            market_outlets.day,
            market_outlets.country,
            market_outlets.media_type,
            any_value(market_outlets.outlets) as outlets,
            coalesce(sum(known_groups.controlled), 0) as outlets_in_groups,
            count(known_groups.group_id) as known_groups,
            count(*) filter (where known_groups.counts_itself) as counting_themselves,
            count(*) filter (where known_groups.outlets > 1) as larger_groups
        from market_outlets
        left join known_groups using (as_of, country, media_type)
        group by market_outlets.as_of, market_outlets.day, market_outlets.country, market_outlets.media_type
    ),

    -- Every other outlet without a group (`on_their_own`) is a group of one, with the share `own_share`: one
    -- outlet's, or none by audience (those with audience figures are listed with them below). `larger_groups` have
    -- more than that.
    markets_basis as (
        select
            market_totals.* exclude (larger_groups, counting_themselves),
            audience_periods.period as audience_period,
            market_totals.outlets - market_totals.outlets_in_groups - market_totals.counting_themselves
                as on_their_own,
            if(audience_periods.period is null, 100.0 / market_totals.outlets, 0) as own_share,
            if(audience_periods.period is null, market_totals.larger_groups, coalesce(audience_larger.groups, 0))
                as larger_groups
        from market_totals
        left join audience_periods
            on audience_periods.as_of = market_totals.as_of
            and audience_periods.country = market_totals.country
            and audience_periods.media_type = market_totals.media_type
        left join (
            select audience_by_group.as_of, audience_by_group.country, audience_by_group.media_type, count(*) as groups
            from audience_by_group
            where audience_by_group.audience_share > 0
            group by audience_by_group.as_of, audience_by_group.country, audience_by_group.media_type
        ) as audience_larger
            on audience_larger.as_of = market_totals.as_of
            and audience_larger.country = market_totals.country
            and audience_larger.media_type = market_totals.media_type
    ),

    -- The groups listed with their shares: every controlling group, and every outlet on its own with audience.
    group_shares as (
        with listed as (
            select
                known_groups.as_of,
                known_groups.country,
                known_groups.media_type,
                known_groups.group_id,
                known_groups.group_name as name,
                known_groups.outlets,
                true as known_group,
                audience_by_group.audience_share,
                audience_by_group.in_group
            from known_groups
            left join audience_by_group using (as_of, country, media_type, group_id)
            union all
            select
                audience_by_group.as_of,
                audience_by_group.country,
                audience_by_group.media_type,
                audience_by_group.group_id,
                audience_by_group.name,
                1,
                false,
                audience_by_group.audience_share,
                0
            from audience_by_group
            anti join known_groups
                on known_groups.as_of = audience_by_group.as_of
                and known_groups.country = audience_by_group.country
                and known_groups.media_type = audience_by_group.media_type
                and known_groups.group_id = audience_by_group.group_id
        )

        select
            listed.*,
            if(
                markets_basis.audience_period is null,
                100.0 * listed.outlets / markets_basis.outlets,
                coalesce(listed.audience_share, 0)
            ) as share
        from listed
        join markets_basis using (as_of, country, media_type)
    ),

    -- Where fewer than four groups have more than `own_share`, outlets on their own can be among the four largest:
    -- the first four of them by id (ties go by id) are listed too, unless listed already.
    own_groups as (
        with firsts as (
            select
                short.as_of,
                outlets.country,
                outlets.media_type,
                arg_min({'group_id': outlets.outlet_id, 'name': outlets.name}, outlets.outlet_id, 4) as outlets
            from markets_basis as short
            join outlet_rows as outlets
                on outlets.country = short.country
                and outlets.media_type = short.media_type
                and outlets.listed_from <= short.day and outlets.listed_until > short.day
                and outlets.exists_from <= short.day and outlets.exists_until > short.day
                and group_on(outlets.group_id, outlets.group_from, outlets.group_until, short.day) is null
            anti join known_groups
                on known_groups.as_of = short.as_of
                and known_groups.country = outlets.country
                and known_groups.media_type = outlets.media_type
                and known_groups.group_id = outlets.outlet_id
            where short.on_their_own > 0 and short.larger_groups < 4
                and (len(countries) = 0 or outlets.country = any(countries))
                and (len(media_types) = 0 or outlets.media_type = any(media_types))
            group by short.as_of, outlets.country, outlets.media_type
        )

        select firsts.as_of, firsts.country, firsts.media_type, unnest(firsts.outlets, recursive := true)
        from firsts
    ),

    candidates as (
        select
            group_shares.as_of,
            group_shares.country,
            group_shares.media_type,
            group_shares.group_id,
            group_shares.name,
            group_shares.share,
            group_shares.known_group,
            group_shares.audience_share,
            group_shares.in_group
        from group_shares
        union all
        select
            own_groups.as_of,
            own_groups.country,
            own_groups.media_type,
            own_groups.group_id,
            own_groups.name,
            markets_basis.own_share,
            false,
            null,
            null
        from own_groups
        join markets_basis
            on markets_basis.as_of = own_groups.as_of
            and markets_basis.country = own_groups.country
            and markets_basis.media_type = own_groups.media_type
        anti join audience_by_group
            on audience_by_group.as_of = own_groups.as_of
            and audience_by_group.group_id = own_groups.group_id
            and audience_by_group.country = own_groups.country
            and audience_by_group.media_type = own_groups.media_type
    ),

    -- The four largest groups of a market are kept while adding up (largest share first, then by id); the outlets
    -- on their own that are not listed add their own share's square each to the HHI.
    markets as (
        with sums as (
            select
                candidates.as_of,
                candidates.country,
                candidates.media_type,
                sum(candidates.in_group) as audience_in_groups,
                sum(candidates.audience_share) as audience_share,
                list_sum(max(candidates.share, 4)) as cr4,
                sum(candidates.share * candidates.share) as squares,
                count(*) filter (where not candidates.known_group) as own_groups_listed,
                arg_min(
                    {'name': candidates.name, 'share': candidates.share},
                    (-candidates.share, candidates.group_id),
                    4
                ) as largest
            from candidates
            group by candidates.as_of, candidates.country, candidates.media_type
        )

        select
            markets_basis.as_of,
            markets_basis.country,
            markets_basis.media_type,
            markets_basis.audience_period,
            markets_basis.outlets::bigint as outlets,
            markets_basis.outlets_in_groups,
            round(100.0 * coalesce(sums.audience_in_groups, 0) / nullif(sums.audience_share, 0), 1)
                as audience_coverage,
            round(coalesce(sums.audience_share, 0), 1) as audience_listed,
            (markets_basis.known_groups + markets_basis.on_their_own)::bigint as groups,
            round(sums.cr4, 2) as cr4,
            round(
                sums.squares + (markets_basis.on_their_own - sums.own_groups_listed) * markets_basis.own_share ** 2, 2
            ) as hhi,
            array_to_string(
                list_transform(sums.largest, lambda listed: listed.name || ' ' || round(listed.share, 1) || '%'), '; '
            ) as top_groups
        from markets_basis
        join sums
            on sums.as_of = markets_basis.as_of
            and sums.country = markets_basis.country
            and sums.media_type = markets_basis.media_type
    ),

    -- The latest published count of each market for a period on or before the date (a few rows a country).
    published_sizes as (
        select on_dates.as_of, market_sizes.country, market_sizes.media_type, market_sizes.period, market_sizes.outlets
        from market_sizes
        join on_dates on market_sizes.period <= on_dates.as_of
        where true
            and (len(countries) = 0 or market_sizes.country = any(countries))
            and (len(media_types) = 0 or market_sizes.media_type = any(media_types))
        qualify row_number() over (
            partition by on_dates.as_of, market_sizes.country, market_sizes.media_type order by market_sizes.period desc
        ) = 1
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
            on published_sizes.as_of = markets.as_of
            and published_sizes.country = markets.country
            and published_sizes.media_type = markets.media_type
    )

    select
        covered.as_of,
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
        covered.top_groups,
        covered.audience_period,
        covered.published_period
    from covered
    left join countries on countries.code = covered.country;
