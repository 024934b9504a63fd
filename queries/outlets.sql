-- One row per outlet that exists on $as_of and matches the filters, with its controlling group and source.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
-- An empty list means all; founded_from/founded_to are years (null for open); $q matches names and aliases,
-- ignoring case and accents.
with final as (
    select
        outlets.outlet_id,
        outlets.name,
        outlets.local_name,
        outlets.media_type,
        outlets.periodicity,
        outlets.country,
        outlets.country_name,
        outlets.language,
        outlets.founded,
        outlets.closed,
        outlets.website,
        outlets.group_id,
        outlets.group_name,
        outlets.source_id,
        outlets.source_publisher,
        outlets.source_url,
        outlets.layer
    from outlets_matching(
        $as_of, $countries::varchar[], $groups::varchar[], $media_types::varchar[], $founded_from, $founded_to, $q
    ) as outlets
    where outlets.exists_until > first_day($as_of)
)

select * from final
order by name, outlet_id
