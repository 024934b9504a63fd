-- One row per founding or closing of an outlet matching the filters, on or before $as_of, at the date's own
-- precision; outlets closed by $as_of count too. The group filter uses the outlet's controlling group on $as_of.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
-- Each matching outlet is read once and paired with both kinds of event: read once per kind, the groups of a date
-- outside the stored window were computed twice, which at a million outlets ran out of memory.
with events as (
    select
        kinds.event,
        if(kinds.event = 'founded', outlets.founded, outlets.closed) as event_date,
        outlets.*
    from outlets_matching(
        $as_of, $countries::varchar[], $groups::varchar[], $media_types::varchar[], $founded_from, $founded_to, $q
    ) as outlets
    cross join (values ('founded'), ('closed')) as kinds(event)
    -- Tested on the stored first days (open ends are -infinity/infinity), not on the dates' text.
    where (kinds.event = 'founded' and outlets.exists_from > '-infinity'::date)
        or (kinds.event = 'closed' and outlets.exists_until <= first_day($as_of))
),

final as (
    select
        events.event,
        events.event_date,
        -- From the stored first days and founding year, cheaper than parsing each date's text.
        if(events.event = 'founded', events.founded_year, year(events.exists_until)) as year,
        events.outlet_id,
        events.name,
        events.media_type,
        events.country,
        events.country_name,
        events.group_name,
        events.source_id,
        events.source_publisher,
        events.source_url
    from events
)

select * from final
order by event_date desc, event, name, outlet_id
