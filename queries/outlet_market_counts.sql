-- One row per country × media type with outlets that exist on $as_of and match the filters: how many (a null country
-- or type is a value of its own). The Overview's headline and world map, and the Ownership page's count.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
with filters as (
    -- Whether only countries and media types narrow the outlets (the whole atlas, as the pages open): then the counts
    -- are read from the stored periods rather than counted over a million outlets.
    select len($groups::varchar[]) = 0 and $founded_from is null and $founded_to is null and coalesce($q, '') = ''
        as markets_only
),

stored as (
    from outlet_counts_as_of($as_of) as counts
    where (select markets_only from filters)
        and listed_or_all($countries::varchar[], counts.country) and listed_or_all($media_types::varchar[], counts.media_type)
),

counted as (
    select outlets.country, outlets.media_type, count(*) as outlets
    from outlets_matching(
        $as_of, $countries::varchar[], $groups::varchar[], $media_types::varchar[], $founded_from, $founded_to, $q
    ) as outlets
    where outlets.exists_until > first_day($as_of) and not (select markets_only from filters)
    group by outlets.country, outlets.media_type
),

final as (
    from stored
    union all
    from counted
)

select * from final
order by outlets desc, country, media_type
