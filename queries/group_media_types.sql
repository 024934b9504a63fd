-- One row per controlling group and media type of the outlets that exist on $as_of and match the filters: how many of
-- them the group controls, with its name, kind and country and how many of them it controls in all. Largest groups
-- first. Outlets with no known controlling group are left out. The Ownership page draws and lists these where the
-- links above the matching outlets are too many to draw.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
-- On another date than the stored day (see stored_for) the outlets' groups come from their control periods, which
-- hold each outlet's country and media type: only a founding period or a name search needs the outlets' rows (each
-- gate, a constant once the parameters are bound, drops the other side). Cheaper than outlets_matching, which names
-- every outlet's group on such a date.
with periods_on_date as not materialized (
    select periods.outlet_id, periods.group_id, periods.media_type
    from control_periods as periods
    where not stored_for($as_of) and holds_on(periods.valid_from, periods.valid_until, $as_of)
        and (len($countries::varchar[]) = 0 or list_contains($countries::varchar[], periods.country))
        and (len($media_types::varchar[]) = 0 or list_contains($media_types::varchar[], periods.media_type))
        and (len($groups::varchar[]) = 0 or list_contains($groups::varchar[], periods.group_id))
),

controlled_outlets as (
    select outlets.group_id, outlets.media_type
    from outlets_matching(
        $as_of, $countries::varchar[], $groups::varchar[], $media_types::varchar[], $founded_from, $founded_to, $q
    ) as outlets
    where stored_for($as_of) and outlets.exists_until > first_day($as_of)
    union all
    select periods.group_id, periods.media_type
    from (select 1 as open where $founded_from is null and $founded_to is null and coalesce($q, '') = '') as gate,
        periods_on_date as periods
    union all
    select periods.group_id, periods.media_type
    from (select 1 as open where $founded_from is not null or $founded_to is not null or coalesce($q, '') <> '') as gate,
        periods_on_date as periods
    semi join outlets_matching($as_of, [], [], [], $founded_from, $founded_to, $q, with_groups := false) as outlets
        on outlets.outlet_id = periods.outlet_id and outlets.exists_until > first_day($as_of)
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
