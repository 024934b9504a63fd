-- One row per controlling group and media type of the outlets that exist on $as_of and match the filters: how many of
-- them the group controls, with its name, kind and country, how many of them it controls in all and how many groups
-- control any (`group_count`). Largest groups first. Outlets with no known controlling group are left out. The
-- Overview's largest groups read these, and the Ownership page draws and lists them where the links above the
-- matching outlets are too many to draw.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
with filters as (
    -- Whether only groups and media types narrow the outlets (the whole atlas, as the Overview and Ownership pages
    -- open): then the counts are read from the stored periods rather than counted over a million outlets.
    select len($countries::varchar[]) = 0 and $founded_from is null and $founded_to is null and coalesce($q, '') = ''
        as groups_and_types_only
),

controlled_outlets as (
    select outlets.group_id, outlets.media_type
    from outlets_matching(
        $as_of, $countries::varchar[], $groups::varchar[], $media_types::varchar[], $founded_from, $founded_to, $q
    ) as outlets
    where outlets.exists_until > first_day($as_of) and not (select groups_and_types_only from filters)
),

controlled as (
    select counts.group_id, counts.media_type, counts.outlets
    from group_media_type_counts_as_of($as_of) as counts
    where (select groups_and_types_only from filters)
        and listed_or_all($groups::varchar[], counts.group_id) and listed_or_all($media_types::varchar[], counts.media_type)
    union all
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

-- How many groups there are, on every row: the first rows then say it, with no count of their own.
counted_groups as (
    select group_totals.*, count(*) over () as group_count from group_totals
),

final as (
    select
        controlled.group_id,
        holders.name as group_name,
        holders.entity_type as group_type,
        holders.country as group_country,
        controlled.media_type,
        controlled.outlets,
        group_totals.group_outlets,
        group_totals.group_count
    from controlled
    join counted_groups as group_totals on group_totals.group_id = controlled.group_id
    left join interest_holders as holders on holders.entity_id = controlled.group_id
)

select * from final
order by group_outlets desc, group_name, group_id, outlets desc, media_type nulls last
