-- One row per outlet that exists on $as_of and matches the filters, with its controlling group and source.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
-- An empty list means all; founded_from/founded_to are years (null for open); $q matches names and aliases,
-- ignoring case and accents.
with controlling as (
    select * from controlling_groups_as_of($as_of)
),

final as (
    select
        outlets.outlet_id,
        outlets.name,
        outlets.local_name,
        outlets.media_type,
        outlets.periodicity,
        outlets.country,
        countries.name as country_name,
        outlets.language,
        outlets.founded,
        outlets.closed,
        outlets.website,
        controlling.group_id,
        group_entity.name as group_name,
        outlets.source_id,
        sources.publisher as source_publisher,
        sources.url as source_url,
        outlets.layer
    from outlets
    join entities as outlet_entity on outlet_entity.entity_id = outlets.outlet_id
    left join controlling on controlling.outlet_id = outlets.outlet_id
    left join entities as group_entity on group_entity.entity_id = controlling.group_id
    left join countries on countries.code = outlets.country
    left join sources on sources.source_id = outlets.source_id
    where (outlets.founded is null or outlets.founded <= $as_of)
        and (outlets.closed is null or outlets.closed > $as_of)
        and (len($countries::varchar[]) = 0 or list_contains($countries::varchar[], outlets.country))
        and (len($groups::varchar[]) = 0 or list_contains($groups::varchar[], controlling.group_id))
        and (len($media_types::varchar[]) = 0 or list_contains($media_types::varchar[], outlets.media_type))
        and ($founded_from is null or try_cast(left(outlets.founded, 4) as integer) >= $founded_from)
        and ($founded_to is null or try_cast(left(outlets.founded, 4) as integer) <= $founded_to)
        and (coalesce($q, '') = '' or outlet_entity.search_text like '%' || normalise_text($q) || '%')
)

select * from final
order by name, outlet_id
