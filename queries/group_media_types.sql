-- One row per controlling group and media type of the outlets that exist on $as_of and match the filters: how many of
-- them the group controls, with its name, kind and country and how many of them it controls in all. Largest groups
-- first. Outlets with no known controlling group are left out. The Ownership page draws and lists these where the
-- links above the matching outlets are too many to draw.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
with controlled_outlets as (
    select outlets.group_id, outlets.media_type
    from outlets_matching(
        $as_of, $countries::varchar[], $groups::varchar[], $media_types::varchar[], $founded_from, $founded_to, $q
    ) as outlets
    where outlets.exists_until > first_day($as_of)
),

controlled as (
    select controlled_outlets.group_id, controlled_outlets.media_type, count(*) as outlets
    from controlled_outlets
    where controlled_outlets.group_id is not null
    group by controlled_outlets.group_id, controlled_outlets.media_type
),

-- Summed by a grouping joined back: a window over every group's rows costs more.
group_totals as (
    select controlled.group_id, sum(controlled.outlets)::bigint as group_outlets
    from controlled
    group by controlled.group_id
),

final as (
    select
        controlled.group_id,
        holders.name as group_name,
        holders.entity_type as group_type,
        holders.country as group_country,
        controlled.media_type,
        controlled.outlets,
        group_totals.group_outlets
    from controlled
    join group_totals on group_totals.group_id = controlled.group_id
    left join interest_holders as holders on holders.entity_id = controlled.group_id
)

select * from final
order by group_outlets desc, group_name, group_id, outlets desc, media_type nulls last
