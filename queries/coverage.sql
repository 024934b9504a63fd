-- One row per coverage measure of the atlas on $as_of: what is counted, how many of how many, and the percentage.
-- params: $as_of
-- Outlets are those existing on $as_of; ownership interests those that hold on it (affiliations are not ownership).
-- Each table's measures are counted in one pass, then turned into rows.
with outlets_now as (
    select outlets.outlet_id, outlets.country, outlets.founded, outlets.group_id
    from outlet_rows_as_of($as_of) as outlets
    where outlets.exists_from <= first_day($as_of) and outlets.exists_until > first_day($as_of)
),

outlet_measures as (
    select
        count(*) as total,
        count(outlets_now.country) as "1 outlets with a known country",
        count(outlets_now.founded) as "2 outlets with a founding date",
        count(outlets_now.group_id) as "3 outlets with a controlling group",
        count(*) filter (where outlets_now.outlet_id in (select audience.outlet_id from audience))
            as "4 outlets with an audience share"
    from outlets_now
),

interest_measures as (
    select
        count(*) as total,
        count(interests.share_min) as "5 ownership interests with a known share",
        count(interests.start_date) as "6 ownership interests with a start date",
        count(*) filter (where interests.layer = 'curated') as "7 ownership interests from the curated layer",
        count(*) filter (
            where interests.layer <> 'curated' and interests.interest in ('shareholding', 'control')
                and interests.owned_id in (select curated_claims.owned_id from curated_claims)
        ) as "8 ownership interests set aside because a curated claim wins"
    from interests_as_of($as_of) as interests
),

organisation_measures as (
    select count(*) as total, count(organisations.country) as "9 organisations with a known country"
    from organisations
),

measures as (
    unpivot outlet_measures on columns(* exclude (total)) into name measure value counted
    union all by name
    unpivot interest_measures on columns(* exclude (total)) into name measure value counted
    union all by name
    unpivot organisation_measures on columns(* exclude (total)) into name measure value counted
),

final as (
    select
        substr(measures.measure, 3) as measure,
        measures.counted,
        measures.total,
        round(100.0 * measures.counted / nullif(measures.total, 0), 2) as percent,
        left(measures.measure, 1)::integer as position
    from measures
)

select * from final
order by position
