-- One row per outlet that exists on $as_of and matches the filters, with its controlling group and source.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
-- An empty list means all; founded_from/founded_to are years (null for open); $q matches names and aliases,
-- ignoring case and accents.
with controlling as (
    select * from controlling_groups_as_of($as_of)
),

-- The outlets' own filters first, so a million outlets are read once and only the matching ones are joined to
-- their group, country and source.
matching as (
    select outlets.*
    from outlets_matching(
        $as_of, $countries::varchar[], $media_types::varchar[], $founded_from, $founded_to, $q
    ) as outlets
    where outlets.closed is null or outlets.closed > $as_of
),

final as (
    select
        matching.outlet_id,
        matching.name,
        matching.local_name,
        matching.media_type,
        matching.periodicity,
        matching.country,
        countries.name as country_name,
        matching.language,
        matching.founded,
        matching.closed,
        matching.website,
        controlling.group_id,
        group_entity.name as group_name,
        matching.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url,
        matching.layer
    from matching
    left join controlling on controlling.outlet_id = matching.outlet_id
    left join entities as group_entity on group_entity.entity_id = controlling.group_id
    left join countries on countries.code = matching.country
    left join sources on sources.source_id = matching.source_id
    where (len($groups::varchar[]) = 0 or list_contains($groups::varchar[], controlling.group_id))
)

select * from final
order by name, outlet_id
