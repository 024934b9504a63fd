-- One row per coverage measure of the atlas on $as_of: what is counted, how many of how many, and the percentage.
-- params: $as_of
-- Outlets are those existing on $as_of; ownership interests those that hold on it (affiliations are not ownership).
with outlets_now as (
    select outlets.outlet_id, outlets.country, outlets.founded, outlets.group_id
    from outlet_rows_as_of($as_of) as outlets
    where outlets.exists_from <= first_day($as_of) and outlets.exists_until > first_day($as_of)
),

interests_now as (
    select * from interests_as_of($as_of)
),

measures as (
    select 1 as position, 'outlets with a known country' as measure, count(outlets_now.country) as counted,
        count(*) as total
    from outlets_now
    union all
    select 2, 'outlets with a founding date', count(outlets_now.founded), count(*) from outlets_now
    union all
    select 3, 'outlets with a controlling group', count(outlets_now.group_id), count(*) from outlets_now
    union all
    select 4, 'outlets with an audience share', count(*) filter (where outlets_now.outlet_id in (
        select audience.outlet_id from audience
    )), count(*)
    from outlets_now
    union all
    select 5, 'ownership interests with a known share', count(interests_now.share_min), count(*) from interests_now
    union all
    select 6, 'ownership interests with a start date', count(interests_now.start_date), count(*) from interests_now
    union all
    select 7, 'ownership interests from the curated layer', count(*) filter (where interests_now.layer = 'curated'),
        count(*)
    from interests_now
    union all
    select 8, 'ownership interests set aside because a curated claim wins', count(*) filter (
        where interests_now.layer <> 'curated' and interests_now.interest in ('shareholding', 'control')
            and interests_now.owned_id in (select curated_claims.owned_id from curated_claims)
    ), count(*)
    from interests_now
    union all
    select 9, 'organisations with a known country', count(organisations.country), count(*) from organisations
),

final as (
    select
        measures.measure,
        measures.counted,
        measures.total,
        round(100.0 * measures.counted / nullif(measures.total, 0), 1) as percent,
        measures.position
    from measures
)

select * from final
order by position
