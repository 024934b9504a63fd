-- One row per founding or closing of an outlet matching the filters, on or before $as_of, at the date's own
-- precision; outlets closed by $as_of count too. The group filter uses the outlet's controlling group on $as_of.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
with controlling as (
    select * from controlling_groups_as_of($as_of)
),

matching as (
    select outlets.*, controlling.group_id
    from outlets_matching(
        $as_of, $countries::varchar[], $media_types::varchar[], $founded_from, $founded_to, $q
    ) as outlets
    left join controlling on controlling.outlet_id = outlets.outlet_id
    where len($groups::varchar[]) = 0 or list_contains($groups::varchar[], controlling.group_id)
),

events as (
    select 'founded' as event, founded as event_date, * from matching where founded is not null
    union all
    select 'closed', closed, * from matching where closed is not null and closed <= $as_of
),

final as (
    select
        events.event,
        events.event_date,
        try_cast(left(events.event_date, 4) as integer) as year,
        events.outlet_id,
        events.name,
        events.media_type,
        events.country,
        countries.name as country_name,
        group_entity.name as group_name,
        events.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url
    from events
    left join entities as group_entity on group_entity.entity_id = events.group_id
    left join countries on countries.code = events.country
    left join sources on sources.source_id = events.source_id
)

select * from final
order by event_date desc, event, name, outlet_id
