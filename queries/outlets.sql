-- One row per outlet that exists on $as_of and matches the filters, with its controlling group and source.
-- params: $countries, $groups, $media_types, $founded_from, $founded_to, $as_of, $q
-- An empty list means all; founded_from/founded_to are years (null for open); $q matches names and aliases,
-- ignoring case and accents.
-- Listed by type, country, founding date and id: the order the rows are stored in, so a CSV of all of them needs no
-- sort (a view sorted by a column sorts them; see LISTED_AS_STORED in media_atlas/model/__init__.py).
-- The columns of the outlet rows (model/listings.sql: outlet_rows_as_of) but those the filters test.
with final as (
    select outlets.* exclude (exists_from, exists_until, founded_year, search_text)
    from outlets_matching(
        $as_of, $countries::varchar[], $groups::varchar[], $media_types::varchar[], $founded_from, $founded_to, $q
    ) as outlets
    where outlets.exists_until > first_day($as_of)
)

select * from final
order by media_type, country, founded, outlet_id
