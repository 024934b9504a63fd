-- One row per country × media type with outlets that exist on $as_of and match the filters: how many (a null country
-- or type is a value of its own). The counts beside the filters, the headline and the world map.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
with filters as (
    -- Whether only countries and media types narrow the outlets (the whole atlas, as the pages open): then the counts
    -- are read from the stored periods rather than counted over a million outlets.
    select len($groups::varchar[]) = 0 and $founded_from is null and $founded_to is null and coalesce($q, '') = ''
        as markets_only
),

final as (
    select counts.country, counts.media_type, counts.outlets
    from outlet_counts_as_of($as_of) as counts
    where (select markets_only from filters)
        and (len($countries::varchar[]) = 0 or list_contains($countries::varchar[], counts.country))
        and (len($media_types::varchar[]) = 0 or list_contains($media_types::varchar[], counts.media_type))
    union all
    select outlets.country, outlets.media_type, count(*) as outlets
    from outlets_matching(
        $as_of, $countries::varchar[], $groups::varchar[], $media_types::varchar[], $founded_from, $founded_to, $q
    ) as outlets
    where outlets.exists_until > first_day($as_of) and not (select markets_only from filters)
    group by outlets.country, outlets.media_type
)

select * from final
order by outlets desc, country, media_type
